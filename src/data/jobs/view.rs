//! A job as the views see it: its items, their states, and its report.
use serde::Serialize;

use super::super::queue::{Hold, ItemState, Pace, Tally};
use crate::github::Scope;

/// One item of a job, as shown.
#[derive(Clone, Debug, PartialEq)]
pub struct JobItem {
    /// The runner, organization or repository id the write is about.
    pub id: u64,
    pub name: String,
    pub state: ItemState,
    /// What its write is doing while in flight ("cordoning").
    pub doing: &'static str,
}

impl JobItem {
    /// Its state as the item list says it.
    pub fn status(&self) -> String {
        match &self.state {
            ItemState::Pending => "queued".into(),
            ItemState::InFlight => self.doing.into(),
            ItemState::Waiting => "waiting for its job to end".into(),
            ItemState::Done => "done".into(),
            ItemState::Failed { reason, .. } => format!("failed: {reason}"),
            ItemState::NotAttempted => "not attempted".into(),
        }
    }
}

/// A job as the views see it.
#[derive(Clone, Debug, PartialEq)]
pub struct JobView {
    pub id: u32,
    /// "Delete (force-remove) 60 runners".
    pub title: String,
    pub scope: Scope,
    /// The console path of the page that started it, so that page can show it inline.
    pub origin: String,
    pub started: String,
    pub items: Vec<JobItem>,
    /// Left alone because there was nothing to change.
    pub skipped: Vec<String>,
    pub pace: Pace,
    pub hold: Option<Hold>,
    pub paused: bool,
    pub cancelled: bool,
    pub finished: bool,
    pub limit_hits: u32,
    pub retries: u32,
    pub dismissed: bool,
    /// Show each item's state as it goes (a drain: waiting for job, deleting, done).
    pub per_item: bool,
}

impl JobView {
    pub fn tally(&self) -> Tally {
        Tally::of(self.items.iter().map(|i| &i.state))
    }

    /// The failures grouped by reason, largest group first: (reason, GitHub's message, names).
    pub fn failures(&self) -> Vec<(String, String, Vec<String>)> {
        let mut groups: Vec<(String, String, Vec<String>)> = vec![];
        for item in &self.items {
            if let ItemState::Failed { reason, message } = &item.state {
                match groups.iter_mut().find(|g| &g.0 == reason) {
                    Some(g) => g.2.push(item.name.clone()),
                    None => groups.push((reason.clone(), message.clone(), vec![item.name.clone()])),
                }
            }
        }
        crate::order::sort_by_key(&mut groups, |g| std::cmp::Reverse(g.2.len()));
        groups
    }

    pub fn failed_ids(&self) -> Vec<u64> {
        self.items.iter().filter(|i| matches!(i.state, ItemState::Failed { .. })).map(|i| i.id).collect()
    }

    /// The report as rows: name, id, outcome, message.
    pub fn report_rows(&self) -> Vec<ReportRow> {
        let mut rows: Vec<ReportRow> = self
            .items
            .iter()
            .map(|i| {
                let (outcome, message) = match &i.state {
                    ItemState::Done => ("done", String::new()),
                    ItemState::Failed { message, .. } => ("failed", message.clone()),
                    ItemState::NotAttempted => ("not attempted", String::new()),
                    ItemState::Pending | ItemState::InFlight => ("in progress", String::new()),
                    ItemState::Waiting => ("waiting for its job to end", String::new()),
                };
                ReportRow { id: Some(i.id), name: i.name.clone(), outcome: outcome.into(), message }
            })
            .collect();
        rows.extend(self.skipped.iter().map(|n| ReportRow { id: None, name: n.clone(), outcome: "skipped".into(), message: "nothing to change".into() }));
        rows
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportRow {
    pub id: Option<u64>,
    pub name: String,
    pub outcome: String,
    pub message: String,
}
