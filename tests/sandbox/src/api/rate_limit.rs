//! `GET /rate_limit`: the token's primary limits, by resource, as each profile's `rate-limit-overview`
//! schema documents them (a resource its description lacks is left out). Asking costs nothing.
use serde_json::{json, Map, Value};

use super::Reply;
use crate::profile::Profile;

/// One resource's window, as the schema's `rate-limit` object has it.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    pub limit: u64,
    pub used: u64,
    pub reset: u64,
}

impl Window {
    fn json(self) -> Value {
        json!({ "limit": self.limit, "used": self.used, "remaining": self.limit.saturating_sub(self.used), "reset": self.reset })
    }
}

/// The resources a profile reports, with their limits for a token (and without one). Their values
/// are those of GitHub's documentation and examples; the sandbox charges only `core` and `graphql`.
fn resources(profile: Profile) -> Vec<(&'static str, u64, u64, u64)> {
    // (name, limit, anonymous limit, window in seconds)
    let mut r = vec![("core", 0, 0, 0), ("search", 30, 10, 60), ("graphql", 0, 0, 0), ("integration_manifest", 5000, 5000, 3600), ("source_import", 100, 100, 60)];
    let minor = profile.ghes().map(|(_, m)| m);
    if minor.is_some_and(|m| m < 17) {
        r.push(("code_scanning_upload", 500, 500, 3600));
    }
    r.push(("actions_runner_registration", 10_000, 10_000, 3600));
    r.push(("scim", 15_000, 15_000, 3600));
    if profile.since(9) {
        r.push(("code_search", 10, 10, 60));
    }
    if minor.is_none() {
        r.push(("dependency_snapshots", 100, 100, 60));
    }
    if profile.since(17) {
        r.push(("code_scanning_autofix", 10, 10, 60));
    }
    r
}

/// The overview: `core` and `graphql` from what was charged, the rest unused; `rate` repeats `core`.
pub fn overview(profile: Profile, anonymous: bool, core: Window, graphql: Window, now: u64) -> Reply {
    let mut out = Map::new();
    for (name, limit, anonymous_limit, window) in resources(profile) {
        let w = match name {
            "core" => core,
            "graphql" => graphql,
            _ => Window { limit: if anonymous { anonymous_limit } else { limit }, used: 0, reset: now + window },
        };
        out.insert(name.into(), w.json());
    }
    Reply::json(200, json!({ "resources": out, "rate": core.json() }))
}

/// What a GHES with rate limiting switched off answers.
pub fn not_enabled() -> Reply {
    Reply::error(404, "Rate limiting is not enabled.", "/rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user")
}
