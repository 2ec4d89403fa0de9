//! What the fleet page keeps while the console is open, per server and enterprise: the organizations
//! to scan, the repositories found, and the last scan with the writes made since shown on it.
use std::collections::HashMap;

use leptos::prelude::*;

use super::fleet_scan::{Scanned, ScopeFailure};
use super::writes::Effect;
use crate::enterprise_fleet::FleetRunner;
use crate::github::Scope;

#[derive(Clone, Debug, PartialEq, Default)]
pub struct FleetMemory {
    /// The organizations to scan, one per line, as the user left them.
    pub orgs_text: String,
    /// How the list was found, said beside it.
    pub discovery_note: Option<String>,
    pub include_repos: bool,
    /// The repositories of the listed organizations, once listed.
    pub repos: Option<Vec<(String, String)>>,
    /// Organizations whose repositories could not be listed.
    pub repo_failures: Vec<ScopeFailure>,
    pub scanned: Option<Scanned>,
    /// The activity log's sequence number when the scan started: later writes are shown on it.
    pub seq: u64,
    /// Set when the scan on show came from this browser's storage rather than from GitHub just now.
    pub restored: bool,
}

impl FleetMemory {
    /// The organizations to scan: one per line (or comma), trimmed, without repeats.
    pub fn orgs(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for o in self.orgs_text.split(['\n', ',']).map(str::trim).filter(|s| !s.is_empty()) {
            if !out.iter().any(|x| x.eq_ignore_ascii_case(o)) {
                out.push(o.to_string());
            }
        }
        out
    }
}

/// Above the router, so a scan outlives a visit to one of its runners.
#[derive(Clone, Copy)]
pub struct FleetScans(RwSignal<HashMap<String, FleetMemory>>);

impl Default for FleetScans {
    fn default() -> Self {
        FleetScans(RwSignal::new(HashMap::new()))
    }
}

impl FleetScans {
    pub fn get(&self, key: &str) -> FleetMemory {
        self.0.with(|m| m.get(key).cloned()).unwrap_or_default()
    }

    pub fn get_untracked(&self, key: &str) -> FleetMemory {
        self.0.try_with_untracked(|m| m.get(key).cloned()).flatten().unwrap_or_default()
    }

    /// Safe after an `.await`: a store that is gone is left alone.
    pub fn update(&self, key: &str, f: impl FnOnce(&mut FleetMemory)) {
        self.0.try_update(|m| f(m.entry(key.to_string()).or_default()));
    }
}

/// The scan's runners with what later writes did to them. Runner ids are unique across scopes; a
/// moved runner takes its new group's name from its own scope's groups.
pub fn with_effects(scanned: &Scanned, effects: &[(Scope, Effect)]) -> Vec<FleetRunner> {
    let mut rows = scanned.runners.clone();
    let group_name = |scope: &Scope, id: Option<u64>| {
        let here = scanned.groups.iter().filter(|(s, _)| s == scope).map(|(_, g)| g);
        match id {
            Some(id) => here.clone().find(|g| g.id == id).map(|g| (Some(g.id), g.name.clone())),
            None => here.clone().find(|g| g.default).map(|g| (Some(g.id), g.name.clone())),
        }
    };
    // Indexed, so a bulk job of thousands of writes over 20,000 rows stays linear.
    let at: HashMap<u64, usize> = rows.iter().enumerate().map(|(i, r)| (r.runner.id, i)).collect();
    let mut deleted = std::collections::HashSet::new();
    for (scope, e) in effects {
        match e {
            Effect::Deleted { runner } => {
                deleted.insert(*runner);
            }
            Effect::Labels { runner, labels } => {
                if let Some(&i) = at.get(runner) {
                    rows[i].runner.labels = labels.clone();
                }
            }
            Effect::Moved { runner, group } => {
                if let (Some(&i), Some((id, name))) = (at.get(runner), group_name(scope, *group)) {
                    rows[i].runner.runner_group_id = id;
                    rows[i].group = name;
                }
            }
        }
    }
    if !deleted.is_empty() {
        rows.retain(|r| !deleted.contains(&r.runner.id));
    }
    rows
}
