//! What the audit-log views read, each with a bounded number of requests: one runner's history, how
//! long a scope's offline runners have been offline, a page of runner events; and, when the log cannot
//! be read, the sentence that says why and how to get it.
use std::collections::HashMap;

use crate::audit::{history, offline_since, History, OfflineSince};
use crate::github::audit_log::{audit_scope, AuditPage};
use crate::github::models::{AuditLogEvent, Runner};
use crate::github::request::{self as ops, AuditFilter, Cursor, RunnerEventKind};
use crate::github::server::Product;
use crate::github::{ApiError, Client, Scope};

/// Entries a request asks for: GitHub's maximum.
pub const AUDIT_PER_PAGE: u32 = 100;
/// Pages a runner's history reads at most: its newest 500 runner events of the scope.
pub const HISTORY_PAGES: u32 = 5;
/// Pages the "Offline for" column reads at most; it stops once every offline runner is found.
pub const OFFLINE_PAGES: u32 = 5;
/// Without a `created:` qualifier GitHub searches the last three months.
const WINDOW_MS: i64 = 90 * 86_400_000;

/// How much of the log a read covered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    pub requests: u32,
    pub entries: usize,
    /// The oldest entry read, in milliseconds.
    pub oldest: Option<i64>,
    /// Read to the end: there was no next page.
    pub complete: bool,
}

/// Reads newest first until `done` says so, there is no next page, or `max_pages` were read.
async fn read_log(client: &Client, scope: &Scope, phrase: &str, max_pages: u32, done: &dyn Fn(&[AuditLogEvent]) -> bool) -> Result<(Vec<AuditLogEvent>, Coverage), ApiError> {
    let mut events = Vec::new();
    let mut cursor: Option<Cursor> = None;
    let mut coverage = Coverage::default();
    loop {
        let AuditPage { events: page, next, .. } = client.audit_page(ops::get_audit_log(scope, phrase, AUDIT_PER_PAGE, cursor.as_ref())).await?;
        coverage.requests += 1;
        events.extend(page);
        coverage.complete = next.is_none();
        if coverage.complete || coverage.requests >= max_pages || done(&events) {
            break;
        }
        cursor = next;
    }
    coverage.entries = events.len();
    coverage.oldest = events.iter().filter_map(AuditLogEvent::at_ms).min();
    Ok((events, coverage))
}

fn phrase(scope: &Scope, filter: &AuditFilter) -> Result<String, ApiError> {
    ops::runner_phrase(scope, filter).map_err(|reason| ApiError::Unsendable { reason })
}

/// One runner's history: the scope's runner events, at most [`HISTORY_PAGES`] requests; it stops
/// early at an entry that names the runner's registration.
pub async fn runner_history(client: &Client, scope: &Scope, runner: &Runner) -> Result<(History, Coverage), ApiError> {
    let phrase = phrase(scope, &AuditFilter::default())?;
    let id = runner.id;
    let named = move |events: &[AuditLogEvent]| events.iter().any(|e| e.runner_id == Some(id) && RunnerEventKind::of(e.operation()) == Some(RunnerEventKind::Registered));
    let (events, coverage) = read_log(client, scope, &phrase, HISTORY_PAGES, &named).await?;
    Ok((history(&events, runner, scope, coverage.complete), coverage))
}

/// Since when each of `offline` (runner ids) has been offline: the scope's offline events, newest
/// first, until every one is found, at most [`OFFLINE_PAGES`] requests; none when nothing is offline.
/// `now_ms` is the reading's time.
pub async fn offline_for(client: &Client, scope: &Scope, offline: Vec<u64>, now_ms: i64) -> Result<(HashMap<u64, OfflineSince>, Coverage), ApiError> {
    if offline.is_empty() {
        return Ok((HashMap::new(), Coverage { complete: true, ..Coverage::default() }));
    }
    let phrase = phrase(scope, &AuditFilter { kinds: vec![RunnerEventKind::Offline], ..AuditFilter::default() })?;
    let wanted = offline.clone();
    // Once per page read, over every event so far: a set, not a scan of the events per runner.
    let all_found = move |events: &[AuditLogEvent]| {
        let named: std::collections::HashSet<u64> = events.iter().filter_map(|e| e.runner_id).collect();
        wanted.iter().all(|id| named.contains(id))
    };
    let (events, coverage) = read_log(client, scope, &phrase, OFFLINE_PAGES, &all_found).await?;
    let bound = if coverage.complete { now_ms - WINDOW_MS } else { coverage.oldest.unwrap_or(now_ms) };
    Ok((offline_since(&events, &offline, bound), coverage))
}

/// One page of the scope's runner events for the Runner events page.
pub async fn runner_events(client: &Client, scope: &Scope, filter: &AuditFilter, per_page: u32, cursor: Option<&Cursor>) -> Result<AuditPage, ApiError> {
    let phrase = phrase(scope, filter)?;
    client.audit_page(ops::get_audit_log(scope, &phrase, per_page, cursor)).await
}

/// Why the scope's audit log cannot be read and what would make it readable, when that is what an
/// error means; `None` for failures to show as they are (network, rate limits, server errors).
pub fn audit_unavailable(error: &ApiError, scope: &Scope, client: Option<&Client>) -> Option<String> {
    let server = client.and_then(Client::server);
    let needed = audit_scope(server.as_ref(), scope);
    let dotcom = server.as_ref().is_some_and(|s| !matches!(s.product, Product::Ghes { .. }));
    let (who, log) = match scope {
        Scope::Enterprise { slug } => (format!("an owner of the enterprise {slug}"), format!("the enterprise {slug}'s audit log")),
        Scope::Org { org } => (format!("an owner of {org}"), format!("{org}'s audit log")),
        Scope::Repo { owner, .. } => (format!("an owner of {owner}"), format!("{owner}'s audit log (filtered to this repository)")),
    };
    let how = format!("Reading {log} needs a classic token with the {needed} scope, and the token's user must be {who}.");
    let rest = "Everything else here works without it.";
    match error {
        ApiError::MissingScope { granted, .. } => {
            let has = if granted.is_empty() { "no scopes".to_string() } else { granted.join(", ") };
            Some(format!("{how} This token has {has}: create one that adds {needed} and connect with it to see runner history here. {rest}"))
        }
        ApiError::Forbidden { .. } => Some(format!("GitHub refused to show {log} (403). {how} {rest}")),
        ApiError::NotFound { .. } if dotcom => {
            Some(format!("GitHub answered 404 for {log}. On github.com the audit log API belongs to GitHub Enterprise Cloud: the organization must be part of an enterprise account, and {how} {rest}"))
        }
        ApiError::NotFound { .. } => match scope {
            Scope::Repo { owner, .. } => {
                Some(format!("GitHub answered 404 for {log}: runner history comes from an organization's audit log, and {owner} may be a user account, which has none; or {how} {rest}"))
            }
            _ => Some(format!("GitHub answered 404 for {log}. {how} {rest}")),
        },
        ApiError::Unsendable { reason } => Some(reason.clone()),
        _ => None,
    }
}
