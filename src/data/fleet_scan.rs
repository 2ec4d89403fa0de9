//! The enterprise fleet scan: the enterprise's runners, every organization's, and (opt-in) every
//! repository's, with bounded concurrency, progress per phase, and its cost in requests and 304s.
//! A scope that cannot be read is reported beside the rest; only an abort (leaving, Cancel) stops it.
use std::collections::HashMap;
use std::rc::Rc;

use futures::stream::{self, StreamExt};
use serde::{Deserialize, Serialize};

use crate::enterprise_fleet::FleetRunner;
use crate::fleet::group_name;
use crate::github::models::RunnerGroup;
use crate::github::{ApiError, Client, Scope};

/// A list of more than this many items takes more than one request (GitHub's page size).
const PAGE: usize = crate::github::request::PER_PAGE as usize;

/// What a scan reads.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Plan {
    pub enterprise: String,
    pub orgs: Vec<String>,
    /// (owner, repo) of every repository whose runners are read; empty unless the user opted in.
    pub repos: Vec<(String, String)>,
    /// Scopes read at once.
    pub concurrency: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phase {
    Enterprise,
    Orgs,
    Repos,
}

impl Phase {
    pub fn title(self) -> &'static str {
        match self {
            Phase::Enterprise => "Enterprise runners",
            Phase::Orgs => "Organization runners",
            Phase::Repos => "Repository runners",
        }
    }
}

/// Told (phase, scopes done, scopes in the phase) as each scope is read.
pub type Progress = Rc<dyn Fn(Phase, u32, u32)>;

/// A scope the scan could not read, and why, in words for the user.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScopeFailure {
    pub scope: Scope,
    pub message: String,
    /// Where to authorize the token, when SAML SSO is what stopped it.
    pub sso_url: Option<String>,
}

/// A finished scan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scanned {
    pub enterprise: String,
    pub runners: Vec<FleetRunner>,
    /// Every scope's runner groups, for moves (group ids are per scope).
    pub groups: Vec<(Scope, RunnerGroup)>,
    pub failures: Vec<ScopeFailure>,
    pub orgs: usize,
    pub repos: usize,
    /// Requests the scan sent (retries included), and how many of them were free 304s.
    pub requests: u32,
    pub not_modified: u32,
    pub wall_ms: f64,
    /// When it finished, in ms since the Unix epoch.
    pub finished_ms: f64,
}

impl Plan {
    /// Requests a scan needs: per enterprise and organization its runners and its runner groups,
    /// per repository its runners; lists longer than a page cost a request per page, known from the
    /// last scan when there is one.
    pub fn estimate(&self, runners_per_scope: &HashMap<Scope, usize>) -> u32 {
        let pages = |scope: &Scope| runners_per_scope.get(scope).copied().unwrap_or(0).div_ceil(PAGE).max(1) as u32;
        let enterprise = Scope::Enterprise { slug: self.enterprise.clone() };
        let orgs: u32 = self.orgs.iter().map(|o| pages(&Scope::Org { org: o.clone() }) + 1).sum();
        let repos: u32 = self.repos.iter().map(|(owner, repo)| pages(&Scope::Repo { owner: owner.clone(), repo: repo.clone() })).sum();
        pages(&enterprise) + 1 + orgs + repos
    }
}

impl Scanned {
    /// How many runners each scope had, for the next estimate.
    pub fn runners_per_scope(&self) -> HashMap<Scope, usize> {
        let mut counts = HashMap::new();
        for r in &self.runners {
            *counts.entry(r.scope.clone()).or_insert(0) += 1;
        }
        counts
    }
}

fn failure(scope: &Scope, e: &ApiError) -> ScopeFailure {
    let sso_url = match e {
        ApiError::SsoRequired { url } => url.clone(),
        _ => None,
    };
    ScopeFailure { scope: scope.clone(), message: e.to_string(), sso_url }
}

/// One scope's runners with their group names, and its groups (repositories have none).
async fn read_scope(client: &Client, scope: &Scope) -> Result<(Vec<FleetRunner>, Vec<RunnerGroup>), ApiError> {
    let runners = client.all_runners(scope, None, &|_, _| {}).await?.items;
    let groups: Vec<RunnerGroup> = if scope.has_groups() { client.all_runner_groups(scope, None).await?.items } else { vec![] };
    let runners = runners.into_iter().map(|runner| FleetRunner { group: group_name(&groups, runner.runner_group_id), scope: scope.clone(), runner }).collect();
    Ok((runners, groups))
}

/// What the phases gather.
#[derive(Default)]
struct Gathered {
    runners: Vec<FleetRunner>,
    groups: Vec<(Scope, RunnerGroup)>,
    failures: Vec<ScopeFailure>,
}

/// Reads every scope of one phase, `concurrency` at a time.
async fn phase(client: &Client, scopes: Vec<Scope>, concurrency: usize, phase: Phase, progress: &Progress, out: &mut Gathered) -> Result<(), ApiError> {
    let total = scopes.len() as u32;
    progress(phase, 0, total);
    let mut done = 0;
    let mut results = stream::iter(scopes).map(|scope| async move { (read_scope(client, &scope).await, scope) }).buffer_unordered(concurrency.max(1));
    while let Some((result, scope)) = results.next().await {
        match result {
            Ok((runners, groups)) => {
                out.runners.extend(runners);
                out.groups.extend(groups.into_iter().map(|g| (scope.clone(), g)));
            }
            Err(ApiError::Aborted) => return Err(ApiError::Aborted),
            Err(e) => out.failures.push(failure(&scope, &e)),
        }
        done += 1;
        progress(phase, done, total);
    }
    Ok(())
}

/// Runs the scan. The client's ETag cache makes a rescan of an unchanged fleet cost only 304s.
pub async fn scan(client: &Client, plan: &Plan, progress: Progress) -> Result<Scanned, ApiError> {
    let (client, tally) = client.tallied();
    let client = &client;
    let started = js_sys::Date::now();
    let mut out = Gathered::default();
    let enterprise = vec![Scope::Enterprise { slug: plan.enterprise.clone() }];
    phase(client, enterprise, 1, Phase::Enterprise, &progress, &mut out).await?;
    let orgs = plan.orgs.iter().map(|org| Scope::Org { org: org.clone() }).collect();
    phase(client, orgs, plan.concurrency, Phase::Orgs, &progress, &mut out).await?;
    if !plan.repos.is_empty() {
        let repos = plan.repos.iter().map(|(owner, repo)| Scope::Repo { owner: owner.clone(), repo: repo.clone() }).collect();
        phase(client, repos, plan.concurrency, Phase::Repos, &progress, &mut out).await?;
    }
    let cost = tally.get();
    let finished = js_sys::Date::now();
    let Gathered { runners, groups, mut failures } = out;
    crate::order::sort_by(&mut failures, |a, b| a.scope.cmp(&b.scope));
    Ok(Scanned {
        enterprise: plan.enterprise.clone(),
        runners,
        groups,
        failures,
        orgs: plan.orgs.len(),
        repos: plan.repos.len(),
        requests: cost.requests,
        not_modified: cost.not_modified,
        wall_ms: finished - started,
        finished_ms: finished,
    })
}

/// The repositories of `orgs`, `concurrency` organizations at a time, for a scan that includes
/// repository runners. An organization whose list cannot be read is reported and left out.
pub async fn list_repos(client: &Client, orgs: &[String], concurrency: usize, progress: &dyn Fn(u32, u32)) -> Result<(Vec<(String, String)>, Vec<ScopeFailure>), ApiError> {
    let total = orgs.len() as u32;
    let mut done = 0;
    let mut repos = Vec::new();
    let mut failures = Vec::new();
    let mut results = stream::iter(orgs.iter().cloned()).map(|org| async move { (client.all_org_repos(&org).await, org) }).buffer_unordered(concurrency.max(1));
    progress(0, total);
    while let Some((result, org)) = results.next().await {
        match result {
            Ok(list) => repos.extend(list.items.into_iter().map(|r| (org.clone(), r.name))),
            Err(ApiError::Aborted) => return Err(ApiError::Aborted),
            Err(e) => failures.push(failure(&Scope::Org { org }, &e)),
        }
        done += 1;
        progress(done, total);
    }
    crate::order::sort(&mut repos);
    Ok((repos, failures))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::github::models::{Runner, RunnerStatus};

    fn fleet_runner(scope: Scope, id: u64) -> FleetRunner {
        let runner = Runner { id, runner_group_id: None, name: format!("r{id}"), os: "Linux".into(), status: RunnerStatus::Online, busy: false, labels: vec![], ephemeral: None, version: None };
        FleetRunner { scope, runner, group: String::new() }
    }

    #[test]
    fn the_estimate_counts_runners_and_groups_per_org_and_runners_per_repository() {
        let plan = Plan { enterprise: "acme".into(), orgs: vec!["a".into(), "b".into(), "c".into()], repos: (0..1240).map(|i| ("a".to_string(), format!("r{i}"))).collect(), concurrency: 4 };
        assert_eq!(plan.estimate(&HashMap::new()), 2 + 3 * 2 + 1240);
        // A scope that had 250 runners last time takes three pages.
        let previous = Scanned {
            enterprise: "acme".into(),
            runners: (0..250).map(|i| fleet_runner(Scope::Org { org: "b".into() }, i)).collect(),
            groups: vec![],
            failures: vec![],
            orgs: 3,
            repos: 0,
            requests: 0,
            not_modified: 0,
            wall_ms: 0.0,
            finished_ms: 0.0,
        };
        assert_eq!(plan.estimate(&previous.runners_per_scope()), 2 + 3 * 2 + 2 + 1240);
        assert_eq!(Plan { enterprise: "acme".into(), ..Plan::default() }.estimate(&HashMap::new()), 2);
    }
}
