//! Runner events from the audit log as a user sees them: one runner's history (who registered it,
//! its online and offline transitions, its group changes), how long runners have been offline, and
//! times in words. Pure; the table of events and its export are in [`rows`].
//!
//! GitHub's registration events do not name the runner (only online, offline, updated and "removed
//! from a group" do), so a registration is matched by time: the last one in the runner's scope before
//! the runner first came online. An entry that does carry the runner's id is an exact match.
pub mod rows;

use std::collections::HashMap;

use crate::github::models::{AuditLogEvent, Runner};
use crate::github::request::{RunnerEventKind, Scope};

/// Who registered a runner and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registration {
    pub actor: Option<String>,
    pub at_ms: i64,
    /// Just-in-time (`configure_self_hosted_jit_runner`) rather than with a registration token.
    pub jit: bool,
    /// The entry names this runner; otherwise it was matched by time.
    pub exact: bool,
}

/// What the audit log says about one runner.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    pub registration: Option<Registration>,
    /// When it went offline, if its last status event is an offline one.
    pub offline_since: Option<i64>,
    /// When it last came online.
    pub last_online: Option<i64>,
    /// Its own online, offline and updated events, newest first.
    pub status_events: Vec<AuditLogEvent>,
    /// Events naming it (removed from a group) or its group's members (runners added, replaced).
    pub group_events: Vec<AuditLogEvent>,
}

/// The category a scope's own runners are filed under.
fn category(scope: &Scope) -> &'static str {
    match scope {
        Scope::Enterprise { .. } => "enterprise",
        Scope::Org { .. } => "org",
        Scope::Repo { .. } => "repo",
    }
}

fn kind(e: &AuditLogEvent) -> Option<RunnerEventKind> {
    RunnerEventKind::of(e.operation())
}

/// How far a registration may precede the runner's first online event to be matched when the log
/// was not read to its end: configuring and starting a runner are usually minutes apart.
const MATCH_WITHIN_MS: i64 = 86_400_000;

/// The runner's history from entries of its scope's log, in any order. `complete`: the log was read
/// to its end, so the runner's first status event is among them.
///
/// A registration is matched by time only when the runner's earliest status event is an online one
/// (an earlier offline means its life began before what was read), and it is the last registration
/// before it: within a day of it, or at any time when the log was read whole.
pub fn history(events: &[AuditLogEvent], runner: &Runner, scope: &Scope, complete: bool) -> History {
    let mut sorted: Vec<&AuditLogEvent> = events.iter().filter(|e| e.at_ms().is_some()).collect();
    crate::order::sort_by_key(&mut sorted, |e| std::cmp::Reverse(e.at_ms()));
    let mine = |e: &AuditLogEvent| e.runner_id == Some(runner.id);
    let status_events: Vec<AuditLogEvent> =
        sorted.iter().filter(|e| mine(e) && matches!(kind(e), Some(RunnerEventKind::Online | RunnerEventKind::Offline | RunnerEventKind::Updated))).map(|e| (*e).clone()).collect();
    let latest_status = status_events.iter().find(|e| matches!(kind(e), Some(RunnerEventKind::Online | RunnerEventKind::Offline)));
    let offline_since = latest_status.filter(|e| kind(e) == Some(RunnerEventKind::Offline)).and_then(|e| e.at_ms());
    let last_online = status_events.iter().find(|e| kind(e) == Some(RunnerEventKind::Online)).and_then(|e| e.at_ms());
    let earliest = status_events.iter().rev().find(|e| matches!(kind(e), Some(RunnerEventKind::Online | RunnerEventKind::Offline)));
    let first_online = earliest.filter(|e| kind(e) == Some(RunnerEventKind::Online)).and_then(|e| e.at_ms());

    let here = category(scope);
    let repo = match scope {
        Scope::Repo { owner, repo } => Some(format!("{owner}/{repo}")),
        _ => None,
    };
    let registrations = sorted.iter().filter(|e| kind(e) == Some(RunnerEventKind::Registered) && e.action.split('.').next() == Some(here));
    let registrations: Vec<&AuditLogEvent> = registrations.filter(|e| repo.as_deref().is_none_or(|r| e.repo.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(r)))).copied().collect();
    let as_registration =
        |e: &AuditLogEvent, exact: bool| Registration { actor: e.actor.clone(), at_ms: e.at_ms().unwrap_or_default(), jit: e.operation() == "configure_self_hosted_jit_runner", exact };
    let registration = match registrations.iter().find(|e| mine(e)) {
        Some(e) => Some(as_registration(e, true)),
        None => first_online.and_then(|first| {
            let last = registrations.iter().find(|e| e.at_ms().is_some_and(|t| t <= first))?;
            (complete || first - last.at_ms().unwrap_or_default() <= MATCH_WITHIN_MS).then(|| as_registration(last, false))
        }),
    };

    let group_events = sorted
        .iter()
        .filter(|e| kind(e) == Some(RunnerEventKind::Group))
        .filter(|e| {
            mine(e)
                || (e.runner_id.is_none()
                    && matches!(e.operation(), "runner_group_runners_added" | "runner_group_runners_updated")
                    && e.runner_group_id.is_some()
                    && e.runner_group_id == runner.runner_group_id)
        })
        .map(|e| (*e).clone())
        .collect();
    History { registration, offline_since, last_online, status_events, group_events }
}

/// How long an offline runner has been offline, as far as the log that was read tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfflineSince {
    /// Its last offline event.
    At(i64),
    /// None was found among entries back to this time: it went offline before.
    Before(i64),
}

impl OfflineSince {
    /// The instant to sort by: earlier means longer offline.
    pub fn instant(self) -> i64 {
        match self {
            OfflineSince::At(t) => t,
            OfflineSince::Before(t) => t.saturating_sub(1),
        }
    }

    /// "8 days", "over 90 days".
    pub fn text(self, now_ms: i64) -> String {
        match self {
            OfflineSince::At(t) => duration_text(now_ms - t),
            OfflineSince::Before(t) => format!("over {}", duration_text(now_ms - t)),
        }
    }
}

/// The "Offline for" column: each offline runner's [`OfflineSince`], and when that was read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OfflineView {
    pub since: HashMap<u64, OfflineSince>,
    pub now_ms: i64,
}

impl OfflineView {
    /// What the cell says, and its longer title.
    pub fn cell(&self, id: u64) -> Option<(String, String)> {
        let since = self.since.get(&id)?;
        let title = match since {
            OfflineSince::At(t) => format!("Offline since {}, by the audit log", utc_text(*t)),
            OfflineSince::Before(t) => format!("No offline event since {}: it went offline before, or has never been online", utc_text(*t)),
        };
        Some((since.text(self.now_ms), title))
    }
}

/// For each of `offline` (runner ids), its last offline event among `events`; the others went offline
/// before `bound` (the oldest entry read, or the start of the searched window when all was read).
pub fn offline_since(events: &[AuditLogEvent], offline: &[u64], bound: i64) -> HashMap<u64, OfflineSince> {
    let mut latest: HashMap<u64, i64> = HashMap::new();
    for e in events.iter().filter(|e| kind(e) == Some(RunnerEventKind::Offline)) {
        if let (Some(id), Some(t)) = (e.runner_id, e.at_ms()) {
            let slot = latest.entry(id).or_insert(t);
            *slot = (*slot).max(t);
        }
    }
    offline.iter().map(|id| (*id, latest.get(id).map_or(OfflineSince::Before(bound), |t| OfflineSince::At(*t)))).collect()
}

/// A length of time in the largest unit that fits: "under a minute", "5 min", "3 h", "12 days".
pub fn duration_text(ms: i64) -> String {
    let minutes = ms.max(0) / 60_000;
    match minutes {
        0 => "under a minute".into(),
        1..=59 => format!("{minutes} min"),
        60..=2879 => format!("{} h", minutes / 60),
        _ => format!("{} days", minutes / 1440),
    }
}

/// `2024-05-01 10:00 UTC`.
pub fn utc_text(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil from days (Howard Hinnant).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02} UTC", rem / 3600, rem / 60 % 60)
}

#[cfg(test)]
mod tests;
