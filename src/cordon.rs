//! Cordon: taking runners out of rotation without unregistering them, in a way GitHub itself keeps.
//!
//! GitHub routes a job to a runner only through a runner group the repository may use. A cordoned
//! runner is moved into one group per scope, [`GROUP_NAME`], that no repository (org scope) or
//! organization (enterprise scope) may use, so no new job reaches it; a job it is running goes on.
//! Before the move, a custom label [`LABEL_PREFIX`]`<id>` records the group it came from, so
//! uncordoning restores it from any browser, after any reload. Labels cannot stop routing (a job
//! needs a subset of the runner's labels), so the extra label is harmless.
//!
//! Repository runners have no groups: every workflow of the repository can use them, and their
//! default labels (`self-hosted`, the OS, the architecture) cannot be removed, so nothing GitHub
//! keeps can take them out of rotation. Cordon is refused there, and saying so is the feature.
use crate::github::models::{GroupSettings, Runner, RunnerGroup, Visibility};
use crate::github::Scope;

/// The group cordoned runners wait in, one per organization or enterprise.
pub const GROUP_NAME: &str = "Cordoned by Runnerdeck";
/// The label that records the group to go back to: `runnerdeck-cordoned-from-12`.
pub const LABEL_PREFIX: &str = "runnerdeck-cordoned-from-";

/// Why cordon cannot work at this scope, if it cannot.
pub fn unavailable(scope: &Scope) -> Option<&'static str> {
    match scope {
        Scope::Repo { .. } => Some(
            "Repository runners cannot be cordoned: they belong to no runner group, every workflow of the repository may use them, \
             and their default labels (self-hosted, OS, architecture) cannot be removed, so nothing GitHub keeps stops jobs reaching them. \
             “Remove when idle” still works here: it deletes the runner the first moment it is idle, but it may take new jobs until then.",
        ),
        _ => None,
    }
}

/// The label that records `group` as the one to go back to.
pub fn label_for(group: u64) -> String {
    format!("{LABEL_PREFIX}{group}")
}

/// The group a runner's cordon label says it came from, and the label itself.
pub fn recorded(runner: &Runner) -> Option<(u64, String)> {
    runner.custom_labels().find_map(|l| {
        // `get` is `None` out of range or off a character boundary: no byte slicing of server text.
        let head = l.name.get(..LABEL_PREFIX.len())?;
        let group = l.name.get(LABEL_PREFIX.len()..)?.parse().ok().filter(|_| head.eq_ignore_ascii_case(LABEL_PREFIX))?;
        Some((group, l.name.clone()))
    })
}

/// Whether a group of this name is the cordon group (where groups are known by name only).
pub fn is_group(name: &str) -> bool {
    name.eq_ignore_ascii_case(GROUP_NAME)
}

/// The scope's cordon group, if it has one (an org's own, never one inherited from the enterprise).
pub fn group_of(groups: &[RunnerGroup]) -> Option<&RunnerGroup> {
    groups.iter().find(|g| !g.is_inherited() && is_group(&g.name))
}

/// Where a runner stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum State {
    /// In the scope's usual groups.
    InService,
    /// In the cordon group; `back_to` is the group it came from (`None`: not recorded, so Default).
    Cordoned { back_to: Option<u64> },
    /// A cordon label but not in the cordon group: someone moved it, or the move failed. It may
    /// take jobs; uncordoning only removes the label.
    LabelOnly { back_to: u64 },
}

impl State {
    pub fn of(runner: &Runner, groups: &[RunnerGroup]) -> State {
        let in_group = group_of(groups).is_some_and(|g| runner.runner_group_id == Some(g.id));
        match (in_group, recorded(runner)) {
            (true, back) => State::Cordoned { back_to: back.map(|(g, _)| g) },
            (false, Some((g, _))) => State::LabelOnly { back_to: g },
            (false, None) => State::InService,
        }
    }

    pub fn is_cordoned(&self) -> bool {
        matches!(self, State::Cordoned { .. })
    }
}

/// The settings of a new cordon group: visible to selected repositories (or organizations) and
/// none selected, no public repositories, so no job is routed to its runners.
pub fn group_settings() -> GroupSettings {
    GroupSettings { name: GROUP_NAME.into(), visibility: Some(Visibility::Selected), allows_public_repositories: Some(false), ..GroupSettings::default() }
}

/// Whether a group lets nobody use its runners, as a cordon group must: an existing group of that
/// name that someone opened up is not trusted.
pub fn group_is_closed(group: &RunnerGroup, access_count: usize) -> bool {
    group.visibility == Visibility::Selected && access_count == 0 && !group.allows_public_repositories
}

#[cfg(test)]
mod tests;
