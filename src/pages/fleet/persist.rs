//! The fleet page's opt-in memory in this browser: the last scan (runner data and the ETags that let
//! it be revalidated, never the token) in IndexedDB, and whether the user asked for it.
use serde::{Deserialize, Serialize};

use crate::data::fleet_memory::FleetMemory;
use crate::data::fleet_scan::{Scanned, ScopeFailure};
use crate::data::fleet_store;
use crate::github::{Client, SavedEtag};

/// The one flag kept in localStorage: the user's choice, not data.
const KEEP_FLAG: &str = "runnerdeck.fleet.keep";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedFleet {
    pub orgs_text: String,
    pub include_repos: bool,
    pub repos: Option<Vec<(String, String)>>,
    pub repo_failures: Vec<ScopeFailure>,
    pub scanned: Scanned,
    pub etags: Vec<SavedEtag>,
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn keep() -> bool {
    local_storage().and_then(|s| s.get_item(KEEP_FLAG).ok().flatten()).is_some_and(|v| v == "1")
}

pub fn set_keep(on: bool) {
    if let Some(s) = local_storage() {
        let _ = if on { s.set_item(KEEP_FLAG, "1") } else { s.remove_item(KEEP_FLAG) };
    }
}

/// The ETags of the lists a scan reads (runners, runner groups, an org's repositories), each with
/// only the headers a revalidation needs: nothing else the connection read is kept.
fn scan_etags(client: &Client) -> Vec<SavedEtag> {
    let root = format!("{}/", client.base().api_root);
    let read_by_a_scan = |url: &str| {
        let path = url.get(root.len()..).unwrap_or_default();
        let path = path.split('?').next().unwrap_or_default();
        path.ends_with("/actions/runners") || path.ends_with("/actions/runner-groups") || (path.starts_with("orgs/") && path.ends_with("/repos"))
    };
    client
        .etags_under(&root)
        .into_iter()
        .filter(|e| read_by_a_scan(&e.url))
        .map(|mut e| {
            e.headers.retain(|(k, _)| k == "etag" || k == "link");
            e
        })
        .collect()
}

/// Saves the scan on show with the ETags of everything the client read below its API root.
pub async fn save(key: &str, memory: &FleetMemory, client: &Client) -> Result<(), String> {
    let Some(scanned) = memory.scanned.clone() else { return Ok(()) };
    let saved = SavedFleet {
        orgs_text: memory.orgs_text.clone(),
        include_repos: memory.include_repos,
        repos: memory.repos.clone(),
        repo_failures: memory.repo_failures.clone(),
        scanned: Scanned::clone(&scanned),
        etags: scan_etags(client),
    };
    let json = serde_json::to_string(&saved).map_err(|e| format!("The scan could not be written down: {e}"))?;
    fleet_store::save(key, &json).await
}

/// The scan saved under `key`, and when it was saved (ms since the epoch). A saved scan this version
/// cannot read is treated as none.
pub async fn load(key: &str) -> Result<Option<(SavedFleet, f64)>, String> {
    let Some(saved) = fleet_store::load(key).await? else { return Ok(None) };
    Ok(serde_json::from_str::<SavedFleet>(&saved.json).ok().map(|f| (f, saved.saved_at_ms)))
}
