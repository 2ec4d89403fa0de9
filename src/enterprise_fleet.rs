//! The enterprise fleet as a user sees it: every runner with its scope, filtered, sorted, counted
//! by facet and by organization, and exported with its scope columns. Pure.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::export::table_csv;
use crate::fleet::{natural_cmp, Counts, Filter, Status};
use crate::github::models::Runner;
use crate::github::Scope;
use crate::view_query::{self, get};

#[cfg(test)]
mod tests;

/// Where in the enterprise a runner is registered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    Enterprise,
    Org,
    Repo,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Enterprise, Level::Org, Level::Repo];

    pub fn of(scope: &Scope) -> Level {
        match scope {
            Scope::Enterprise { .. } => Level::Enterprise,
            Scope::Org { .. } => Level::Org,
            Scope::Repo { .. } => Level::Repo,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Level::Enterprise => "enterprise",
            Level::Org => "org",
            Level::Repo => "repo",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::Enterprise => "Enterprise",
            Level::Org => "Organization",
            Level::Repo => "Repository",
        }
    }

    pub fn from_key(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.key() == s)
    }
}

/// One runner of the fleet, with the scope it is registered at and its group's name there (runner
/// group ids are per scope, so the name is resolved when the scope is read).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FleetRunner {
    pub scope: Scope,
    pub runner: Runner,
    /// Empty for repository runners, which have no groups.
    pub group: String,
}

impl FleetRunner {
    pub fn level(&self) -> Level {
        Level::of(&self.scope)
    }

    /// The organization: the org itself, or a repository's owner; empty for enterprise runners.
    pub fn org(&self) -> &str {
        match &self.scope {
            Scope::Enterprise { .. } => "",
            Scope::Org { org } => org,
            Scope::Repo { owner, .. } => owner,
        }
    }

    pub fn repo(&self) -> &str {
        match &self.scope {
            Scope::Repo { repo, .. } => repo,
            _ => "",
        }
    }
}

/// The fleet view's filters: the runners list's, plus where a runner lives and its group by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FleetFilter {
    /// Text, status, OS and labels, as on a single scope's list (its group is unused here).
    pub base: Filter,
    pub level: Option<Level>,
    pub org: Option<String>,
    pub group: Option<String>,
}

impl FleetFilter {
    pub fn matches(&self, r: &FleetRunner) -> bool {
        self.base.matches(&r.runner)
            && self.level.is_none_or(|l| l == r.level())
            && self.org.as_ref().is_none_or(|o| o.eq_ignore_ascii_case(r.org()))
            && self.group.as_ref().is_none_or(|g| g.eq_ignore_ascii_case(&r.group))
    }
}

/// What the search box looks through for a runner: see [`crate::fleet::search_text`].
pub fn search_text(r: &FleetRunner) -> String {
    crate::fleet::search_text(&r.runner)
}

impl FleetFilter {
    /// The same answer as `matches`, with the search made against `search_text`s made beforehand.
    pub fn matcher(&self) -> impl Fn(&FleetRunner, &str) -> bool + '_ {
        let base = self.base.matcher();
        let rest = FleetFilter { base: Filter::default(), ..self.clone() };
        move |r, haystack| base(&r.runner, haystack) && rest.matches(r)
    }
}

/// The query keys of the fleet's own filters, beside the runners list's `FILTER_KEYS`.
pub const FLEET_KEYS: [&str; 2] = ["scope", "org"];

/// The filter a query asks for, with a sentence for each value that cannot be applied.
pub fn filter_of(pairs: &[(String, String)]) -> (FleetFilter, Vec<String>) {
    let without_group: Vec<(String, String)> = pairs.iter().filter(|(k, _)| k != "group").cloned().collect();
    let (base, mut unapplied) = view_query::filter_of(&without_group, &[]);
    let level = get(pairs, "scope").filter(|s| !s.is_empty()).and_then(|s| {
        let level = Level::from_key(s);
        if level.is_none() {
            unapplied.push(format!("The scope “{s}” in the address is not one of enterprise, org or repo, so it is not applied."));
        }
        level
    });
    let named = |k: &str| get(pairs, k).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    (FleetFilter { base, level, org: named("org"), group: named("group") }, unapplied)
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FleetSort {
    #[default]
    Name,
    Scope,
    Org,
    Repo,
    Group,
    Labels,
    Status,
    Os,
    Busy,
}

impl FleetSort {
    pub const ALL: [FleetSort; 9] = [FleetSort::Name, FleetSort::Scope, FleetSort::Org, FleetSort::Repo, FleetSort::Group, FleetSort::Labels, FleetSort::Status, FleetSort::Os, FleetSort::Busy];

    pub fn key(self) -> &'static str {
        match self {
            FleetSort::Name => "name",
            FleetSort::Scope => "scope",
            FleetSort::Org => "org",
            FleetSort::Repo => "repo",
            FleetSort::Group => "group",
            FleetSort::Labels => "labels",
            FleetSort::Status => "status",
            FleetSort::Os => "os",
            FleetSort::Busy => "busy",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            FleetSort::Name => "Name",
            FleetSort::Scope => "Scope",
            FleetSort::Org => "Organization",
            FleetSort::Repo => "Repository",
            FleetSort::Group => "Group",
            FleetSort::Labels => "Labels",
            FleetSort::Status => "Status",
            FleetSort::Os => "OS",
            FleetSort::Busy => "Busy",
        }
    }

    pub fn from_key(s: &str) -> Option<FleetSort> {
        FleetSort::ALL.into_iter().find(|k| k.key() == s)
    }
}

/// The sort a query asks for: `sort=KEY`, `desc=1`.
pub fn sort_of(pairs: &[(String, String)]) -> (FleetSort, bool) {
    (get(pairs, "sort").and_then(FleetSort::from_key).unwrap_or_default(), get(pairs, "desc") == Some("1"))
}

/// One column's order, before ties are broken.
fn compare(a: &FleetRunner, b: &FleetRunner, key: FleetSort) -> std::cmp::Ordering {
    match key {
        FleetSort::Name => natural_cmp(&a.runner.name, &b.runner.name),
        FleetSort::Scope => a.level().cmp(&b.level()),
        FleetSort::Org => natural_cmp(a.org(), b.org()),
        FleetSort::Repo => natural_cmp(a.repo(), b.repo()),
        FleetSort::Group => natural_cmp(&a.group, &b.group),
        FleetSort::Labels => label_text(a).cmp(&label_text(b)),
        FleetSort::Status => Status::of(&a.runner).cmp(&Status::of(&b.runner)),
        FleetSort::Os => a.runner.os.to_lowercase().cmp(&b.runner.os.to_lowercase()),
        FleetSort::Busy => a.runner.busy.cmp(&b.runner.busy),
    }
}

/// The positions of `rows` in sorted order, leaving `rows` as they are; ties fall back to the
/// scope and the id, so the order holds across rescans.
pub fn sorted_positions(rows: &[FleetRunner], key: FleetSort, descending: bool) -> Vec<usize> {
    // Labels are compared as one lower-case string each: made once, not per comparison.
    let labels: Vec<String> = if key == FleetSort::Labels { rows.iter().map(label_text).collect() } else { vec![] };
    crate::order::positions(rows.len(), &|a, b| {
        let ord = match key {
            FleetSort::Labels => labels[a].cmp(&labels[b]),
            _ => compare(&rows[a], &rows[b], key),
        };
        let ord = if descending { ord.reverse() } else { ord };
        ord.then_with(|| rows[a].scope.cmp(&rows[b].scope)).then(rows[a].runner.id.cmp(&rows[b].runner.id))
    })
}

fn label_text(r: &FleetRunner) -> String {
    r.runner.custom_labels().map(|l| l.name.to_lowercase()).collect::<Vec<_>>().join(",")
}

/// How many runners of the fleet have each value, for the facets.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facets {
    pub levels: Vec<(Level, usize)>,
    pub orgs: Vec<(String, usize)>,
    pub statuses: Vec<(Status, usize)>,
    /// Most common first.
    pub labels: Vec<(String, usize)>,
    pub groups: Vec<String>,
    pub oses: Vec<String>,
}

pub fn facets(rows: &[FleetRunner]) -> Facets {
    let mut levels = BTreeMap::new();
    let mut orgs = BTreeMap::new();
    let mut statuses = BTreeMap::new();
    let mut labels: BTreeMap<String, usize> = BTreeMap::new();
    let mut groups = std::collections::BTreeSet::new();
    let mut oses = std::collections::BTreeSet::new();
    for r in rows {
        *levels.entry(r.level()).or_insert(0) += 1;
        if !r.org().is_empty() {
            *orgs.entry(r.org().to_string()).or_insert(0) += 1;
        }
        *statuses.entry(Status::of(&r.runner)).or_insert(0) += 1;
        for l in &r.runner.labels {
            *labels.entry(l.name.clone()).or_insert(0) += 1;
        }
        if !r.group.is_empty() {
            groups.insert(r.group.clone());
        }
        oses.insert(r.runner.os.clone());
    }
    let mut labels: Vec<(String, usize)> = labels.into_iter().collect();
    crate::order::sort_by(&mut labels, |a, b| b.1.cmp(&a.1).then_with(|| natural_cmp(&a.0, &b.0)));
    let mut orgs: Vec<(String, usize)> = orgs.into_iter().collect();
    crate::order::sort_by(&mut orgs, |a, b| natural_cmp(&a.0, &b.0));
    Facets { levels: levels.into_iter().collect(), orgs, statuses: statuses.into_iter().collect(), labels, groups: groups.into_iter().collect(), oses: oses.into_iter().collect() }
}

/// Total, online, busy and offline over the fleet.
pub fn counts(rows: &[FleetRunner]) -> Counts {
    tally(rows.iter())
}

fn tally<'a>(rows: impl Iterator<Item = &'a FleetRunner>) -> Counts {
    let mut c = Counts::default();
    for r in rows {
        c.total += 1;
        match Status::of(&r.runner) {
            Status::Offline => c.offline += 1,
            Status::Active => {
                c.online += 1;
                c.busy += 1;
            }
            Status::Idle => c.online += 1,
        }
    }
    c
}

/// Per organization (its own runners and its repositories'), then the enterprise's own runners
/// under the name `""`: total, online, busy, offline.
pub fn breakdown(rows: &[FleetRunner]) -> Vec<(String, Counts)> {
    let mut by_org: BTreeMap<&str, Vec<&FleetRunner>> = BTreeMap::new();
    for r in rows {
        by_org.entry(r.org()).or_default().push(r);
    }
    let mut by_org: BTreeMap<String, Counts> = by_org.into_iter().map(|(o, rs)| (o.to_string(), tally(rs.into_iter()))).collect();
    let enterprise = by_org.remove("");
    let mut out: Vec<(String, Counts)> = by_org.into_iter().collect();
    crate::order::sort_by(&mut out, |a, b| natural_cmp(&a.0, &b.0));
    out.extend(enterprise.map(|c| (String::new(), c)));
    out
}

pub const CSV_HEADER: [&str; 13] = ["scope", "organization", "repository", "id", "name", "status", "busy", "os", "labels", "custom_labels", "runner_group", "ephemeral", "version"];

pub fn to_csv(rows: &[FleetRunner]) -> String {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|f| {
            let r = &f.runner;
            vec![
                f.level().key().to_string(),
                f.org().to_string(),
                f.repo().to_string(),
                r.id.to_string(),
                r.name.clone(),
                Status::of(r).label().to_string(),
                r.busy.to_string(),
                r.os.clone(),
                r.labels.iter().map(|l| l.name.as_str()).collect::<Vec<_>>().join(";"),
                r.custom_labels().map(|l| l.name.as_str()).collect::<Vec<_>>().join(";"),
                f.group.clone(),
                r.ephemeral.map(|e| e.to_string()).unwrap_or_default(),
                r.version.clone().unwrap_or_default(),
            ]
        })
        .collect();
    table_csv(&CSV_HEADER, &cells)
}

pub fn to_json(rows: &[FleetRunner]) -> String {
    let rows: Vec<serde_json::Value> = rows
        .iter()
        .map(|f| {
            let r = &f.runner;
            json!({
                "scope": f.level().key(),
                "organization": (!f.org().is_empty()).then(|| f.org()),
                "repository": (!f.repo().is_empty()).then(|| f.repo()),
                "id": r.id,
                "name": r.name,
                "status": Status::of(r).label(),
                "busy": r.busy,
                "os": r.os,
                "labels": r.labels,
                "runner_group_id": r.runner_group_id,
                "runner_group": (!f.group.is_empty()).then_some(&f.group),
                "ephemeral": r.ephemeral,
                "version": r.version,
            })
        })
        .collect();
    serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into())
}
