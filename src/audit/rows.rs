//! The Runner events table: a row per audit-log entry, and its CSV and JSON export (CSV cells defused
//! as the runners export's are). Pure.
use serde_json::json;

use super::utc_text;
use crate::export::table_csv;
use crate::github::models::AuditLogEvent;
use crate::github::request::RunnerEventKind;

/// An entry as the table shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRow {
    /// Stable per entry: GitHub's `_document_id`, else its time and action.
    pub key: String,
    pub time: String,
    pub event: String,
    pub action: String,
    pub actor: String,
    /// The runner or group it is about; "not named" when GitHub's entry names neither.
    pub target: String,
    /// The repository, organization or enterprise it happened in.
    pub place: String,
}

fn named(what: &str, name: Option<&str>, id: Option<u64>) -> Option<String> {
    match (name.filter(|n| !n.is_empty()), id) {
        (Some(n), Some(id)) => Some(format!("{what} {n} (#{id})")),
        (Some(n), None) => Some(format!("{what} {n}")),
        (None, Some(id)) => Some(format!("{what} #{id}")),
        (None, None) => None,
    }
}

pub fn row(e: &AuditLogEvent) -> EventRow {
    let kind = RunnerEventKind::of(e.operation());
    let runner = named("runner", e.runner_name.as_deref(), e.runner_id);
    let group = named("group", e.runner_group_name.as_deref(), e.runner_group_id);
    let target = match (runner, group) {
        (Some(r), Some(g)) => format!("{r} · {g}"),
        (Some(r), None) => r,
        (None, Some(g)) => g,
        (None, None) => "not named in the entry".into(),
    };
    let place = e.repo.clone().or_else(|| e.org.clone()).or_else(|| e.business.clone().map(|b| format!("enterprise {b}"))).unwrap_or_default();
    let time = e.at_ms().map(utc_text).unwrap_or_default();
    EventRow {
        key: e.document_id.clone().unwrap_or_else(|| format!("{}|{}", e.at_ms().unwrap_or_default(), e.action)),
        time,
        event: kind.map_or("Other", |k| k.label()).to_string(),
        action: e.action.clone(),
        actor: e.actor.clone().unwrap_or_else(|| "—".into()),
        target,
        place,
    }
}

pub const CSV_HEADER: [&str; 8] = ["time_utc", "event", "action", "actor", "runner_id", "runner_name", "runner_group", "where"];

pub fn to_csv(events: &[AuditLogEvent]) -> String {
    let rows: Vec<Vec<String>> = events
        .iter()
        .map(|e| {
            let r = row(e);
            let group = named("", e.runner_group_name.as_deref(), e.runner_group_id).map(|g| g.trim().to_string()).unwrap_or_default();
            vec![r.time, r.event, r.action, e.actor.clone().unwrap_or_default(), e.runner_id.map(|i| i.to_string()).unwrap_or_default(), e.runner_name.clone().unwrap_or_default(), group, r.place]
        })
        .collect();
    table_csv(&CSV_HEADER, &rows)
}

/// The entries' fields as read, with the time also in words.
pub fn to_json(events: &[AuditLogEvent]) -> String {
    let rows: Vec<serde_json::Value> = events.iter().map(|e| json!({ "time_utc": e.at_ms().map(utc_text), "event": row(e).event, "entry": e })).collect();
    serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into())
}
