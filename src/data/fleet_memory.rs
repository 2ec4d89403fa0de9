//! What the fleet page keeps while the console is open, per server and enterprise: the organizations
//! to scan, the repositories found, and the last scan with the writes made since shown on it.
use std::collections::HashMap;
use std::sync::Arc;

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
    pub scanned: Option<SharedScan>,
    /// The activity log's sequence number when the scan started: later writes are shown on it.
    pub seq: u64,
    /// Set when the scan on show came from this browser's storage rather than from GitHub just now.
    pub restored: bool,
    /// When the scan on show was saved in this browser, if it came from there.
    pub saved_ms: Option<f64>,
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

/// A finished scan, shared: memories and memos hold the same one, and compare by identity, so a
/// keystroke in the organization list never copies or compares 20,000 runners.
#[derive(Clone, Debug)]
pub struct SharedScan(pub Arc<Scanned>);

impl PartialEq for SharedScan {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for SharedScan {
    type Target = Scanned;
    fn deref(&self) -> &Scanned {
        &self.0
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

/// The scan's runners with what later writes did to them: an effect applies to the runner of its id
/// in its own scope. A moved runner takes its new group's name from its scope's groups.
pub fn with_effects(scanned: &Scanned, effects: &[(Scope, Effect)]) -> Vec<FleetRunner> {
    let mut rows = scanned.runners.clone();
    let group_name = |scope: &Scope, id: Option<u64>| {
        let here = scanned.groups.iter().filter(|(s, _)| s == scope).map(|(_, g)| g);
        match id {
            Some(id) => here.clone().find(|g| g.id == id).map(|g| (Some(g.id), g.name.clone())),
            None => here.clone().find(|g| g.default).map(|g| (Some(g.id), g.name.clone())),
        }
        // A group the scan did not see (made since): named as the runners list names it.
        .or_else(|| id.map(|id| (Some(id), format!("group {id}"))))
    };
    // Indexed, so a bulk job of thousands of writes over 20,000 rows stays linear.
    let at: HashMap<(&Scope, u64), usize> = scanned.runners.iter().enumerate().map(|(i, r)| ((&r.scope, r.runner.id), i)).collect();
    let mut deleted = std::collections::HashSet::new();
    for (scope, e) in effects {
        match e {
            Effect::Deleted { runner } => {
                if let Some(&i) = at.get(&(scope, *runner)) {
                    deleted.insert(i);
                }
            }
            Effect::Labels { runner, labels } => {
                if let Some(&i) = at.get(&(scope, *runner)) {
                    rows[i].runner.labels = labels.clone();
                }
            }
            Effect::Moved { runner, group } => {
                if let (Some(&i), Some((id, name))) = (at.get(&(scope, *runner)), group_name(scope, *group)) {
                    rows[i].runner.runner_group_id = id;
                    rows[i].group = name;
                }
            }
        }
    }
    if !deleted.is_empty() {
        let mut i = 0;
        rows.retain(|_| {
            i += 1;
            !deleted.contains(&(i - 1))
        });
    }
    rows
}
