//! ghes-sandbox: an in-memory, stateful stand-in for GitHub's Actions runner API, as GitHub Enterprise
//! Server 3.19, 3.9 or 3.4, or as github.com (see [`profile`]).
//!
//! The REST surface lives under `/api/v3` on GHES and at the root on github.com; test controls (faults,
//! limits, counters, the request log, the server profile, SAML SSO, reset) under `/_sandbox/`.
//!
//! Layout: [`http`] takes a request apart and puts the answer together (headers, ETags); [`cors`]
//! GitHub's CORS headers; [`api`] holds the REST operations; [`profile`] what each server lacks or adds;
//! [`graphql`] the one GraphQL query the console asks; [`sso`] SAML single sign-on; [`limits`] GitHub's secondary rate limits; [`faults`] fault injection;
//! [`log`] the request log; [`counters`] the counters; [`admin`] the `/_sandbox/` controls; [`world`]
//! the in-memory data and its seed; [`openapi`] the checker for GitHub's descriptions; [`listen`] the
//! accept loop, plain or over TLS ([`tls`]: `--tls`, HTTP/2 and HTTP/1.1).
pub mod admin;
pub mod api;
pub mod cors;
pub mod counters;
pub mod faults;
pub mod graphql;
pub mod http;
pub mod limits;
pub mod listen;
pub mod log;
pub mod openapi;
pub mod profile;
pub mod sso;
pub mod tls;
pub mod world;

use std::collections::HashMap;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use serde::{Deserialize, Serialize};

pub use counters::Counters;
pub use faults::{Faults, ForcedStatus, PrimaryExhausted, SecondaryLimit};
pub use limits::{Limits, LimitsPatch};
pub use log::LogEntry;
pub use profile::Profile;
pub use world::SeedConfig;
use world::{Owner, World};

const RATE_LIMIT: u64 = 5000;
/// The primary limit's resources the sandbox charges: REST calls, and GraphQL queries.
pub(crate) const CORE: &str = "core";
pub(crate) const GRAPHQL: &str = "graphql";

/// The fixed tokens, so tests and docs can rely on them.
pub const TOKENS: [(&str, &str, &[&str]); 4] = [
    ("sandbox-admin", "octo-admin", &["repo", "admin:org", "manage_runners:enterprise", "admin:enterprise", "read:user", "read:audit_log"]),
    ("sandbox-org", "org-admin", &["admin:org"]),
    ("sandbox-repo", "repo-admin", &["repo"]),
    ("sandbox-none", "no-scopes", &[]),
];

/// Locks a mutex, recovering it if a panic elsewhere poisoned it: the sandbox's state stays usable,
/// and one bad request cannot take every later one down with it.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[derive(Clone, Copy)]
pub(crate) struct RateState {
    pub used: u64,
    pub reset: u64,
}

impl Sandbox {
    /// One token's use of one resource this hour; `charge` adds a request to it first.
    pub(crate) fn rate_use(&self, key: &str, resource: &'static str, charge: bool) -> RateState {
        let mut rates = lock(&self.rate);
        let entry = rates.entry((key.to_string(), resource)).or_insert(RateState { used: 0, reset: now() + 3600 });
        if now() >= entry.reset {
            *entry = RateState { used: 0, reset: now() + 3600 };
        }
        if charge {
            entry.used += 1;
        }
        *entry
    }
}

/// The server the sandbox answers as; `GET /_sandbox/server` shows it, `PUT` changes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerState {
    pub profile: Profile,
    /// Allow `X-GitHub-Api-Version` in CORS preflights (whether GitHub does is unconfirmed).
    pub allow_api_version_header: bool,
    /// The primary rate limit. A GHES administrator can switch it off: then answers carry no
    /// `X-RateLimit-*` headers and `GET /rate_limit` is 404 "Rate limiting is not enabled.".
    /// github.com always limits ([`ServerState::check`] refuses it off there).
    pub rate_limiting: bool,
}

impl Default for ServerState {
    fn default() -> ServerState {
        ServerState { profile: Profile::default(), allow_api_version_header: false, rate_limiting: true }
    }
}

impl ServerState {
    /// What no server can be.
    pub fn check(&self) -> Result<(), String> {
        if !self.rate_limiting && self.profile.ghes().is_none() {
            return Err("github.com's rate limits cannot be switched off: rate_limiting false needs a GHES profile".into());
        }
        Ok(())
    }
}

/// What the flags say about the server: the profile, the CORS switch, and the orgs enforcing SAML SSO.
#[derive(Clone, Debug, Default)]
pub struct ServerConfig {
    pub state: ServerState,
    /// Org logins that enforce SAML SSO from the start (`--sso-org`).
    pub sso_orgs: Vec<String>,
}

pub struct Sandbox {
    seed: World,
    seed_config: SeedConfig,
    pub(crate) world: Mutex<World>,
    pub(crate) faults: Mutex<Faults>,
    initial_faults: Faults,
    pub(crate) counters: Mutex<Counters>,
    /// The primary rate limit, per token (or `anonymous`) and resource ([`CORE`], [`GRAPHQL`]).
    pub(crate) rate: Mutex<HashMap<(String, &'static str), RateState>>,
    pub(crate) limits: limits::Limiter,
    pub(crate) log: log::RequestLog,
    rng: Mutex<u64>,
    pub(crate) request_seq: AtomicU64,
    server: Mutex<ServerState>,
    initial_server: ServerState,
    pub(crate) sso: Mutex<sso::SsoOrgs>,
    initial_sso: sso::SsoOrgs,
}

impl Sandbox {
    /// A sandbox with GitHub's secondary rate limits switched on at GitHub's values.
    pub fn new(seed: &SeedConfig, faults: Faults) -> Arc<Sandbox> {
        Sandbox::with_limits(seed, faults, Limits::default())
    }

    pub fn with_limits(seed: &SeedConfig, faults: Faults, limits: Limits) -> Arc<Sandbox> {
        Sandbox::build(seed, faults, limits, &ServerConfig::default()).expect("the default server config is valid")
    }

    /// A sandbox answering as `server` says; an `--sso-org` the seed does not have is an error.
    pub fn build(seed: &SeedConfig, faults: Faults, limits: Limits, server: &ServerConfig) -> Result<Arc<Sandbox>, String> {
        seed.validate()?;
        server.state.check()?;
        let world = World::seed(seed);
        let mut sso_orgs = sso::SsoOrgs::new();
        for name in &server.sso_orgs {
            let org = world.org_by_login(name).ok_or_else(|| format!("--sso-org {name}: the seed has no such organization"))?;
            sso_orgs.insert(org.login.to_lowercase(), sso::SsoOrg::new(org.id, &org.login));
        }
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(1);
        let faults = faults.sanitized();
        Ok(Arc::new(Sandbox {
            world: Mutex::new(world.clone()),
            seed: world,
            seed_config: seed.clone(),
            faults: Mutex::new(faults.clone()),
            initial_faults: faults,
            counters: Mutex::new(Counters::default()),
            rate: Mutex::new(HashMap::new()),
            limits: limits::Limiter::new(limits.sanitized()),
            log: log::RequestLog::new(log::LOG_CAPACITY),
            rng: Mutex::new(nanos | 1),
            request_seq: AtomicU64::new(1),
            server: Mutex::new(server.state),
            initial_server: server.state,
            sso: Mutex::new(sso_orgs.clone()),
            initial_sso: sso_orgs,
        }))
    }

    /// The server answering now.
    pub fn server(&self) -> ServerState {
        *lock(&self.server)
    }

    pub(crate) fn set_server(&self, state: ServerState) {
        *lock(&self.server) = state;
    }

    /// A summary of the seed, printed at start.
    pub fn describe(&self) -> String {
        let w = lock(&self.world);
        // One pass over the repos and runners: a fleet seed has hundreds of thousands.
        let mut repos: HashMap<u64, usize> = HashMap::new();
        let mut runners: HashMap<Owner, usize> = HashMap::new();
        for r in w.repos.values() {
            *repos.entry(r.org_id).or_default() += 1;
        }
        for r in w.runners.values() {
            *runners.entry(r.owner).or_default() += 1;
        }
        let mut orgs: Vec<String> =
            w.orgs.iter().take(3).map(|o| format!("{} ({} repos, {} runners)", o.login, repos.get(&o.id).copied().unwrap_or(0), runners.get(&Owner::Org(o.id)).copied().unwrap_or(0))).collect();
        if let (Some(first), Some(last)) = (w.orgs.get(3), w.orgs.last()) {
            let added = &w.orgs[3..];
            let (r, n): (usize, usize) = added.iter().fold((0, 0), |(r, n), o| (r + repos.get(&o.id).copied().unwrap_or(0), n + runners.get(&Owner::Org(o.id)).copied().unwrap_or(0)));
            orgs.push(format!("and {} more, {} .. {} ({r} repos, {n} org runners)", added.len(), first.login, last.login));
        }
        format!(
            "enterprise {} ({} runners, {} groups); orgs: {}; {} repo runners; {} runners in all",
            w.enterprise_slug,
            runners.get(&Owner::Enterprise).copied().unwrap_or(0),
            w.groups.values().filter(|g| g.owner == Owner::Enterprise).count(),
            orgs.join(", "),
            w.runners.values().filter(|r| matches!(r.owner, Owner::Repo(_))).count(),
            w.runners.len()
        )
    }

    /// The secondary limits now in force.
    pub fn limits(&self) -> Limits {
        self.limits.config()
    }

    pub(crate) fn random(&self) -> u64 {
        let mut s = lock(&self.rng);
        // xorshift64*
        *s ^= *s >> 12;
        *s ^= *s << 25;
        *s ^= *s >> 27;
        s.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Back to the seed; faults, limits, the server profile and SAML SSO back to the flags (no token
    /// authorized); counters, windows and the log cleared.
    pub(crate) fn reset(&self) {
        self.reset_to(self.seed.clone());
    }

    /// The flags' seed, for `POST /_sandbox/reset` to start from.
    pub(crate) fn seed_config(&self) -> &SeedConfig {
        &self.seed_config
    }

    /// As [`Sandbox::reset`], with `world` in place of the seed.
    pub(crate) fn reset_to(&self, world: World) {
        *lock(&self.server) = self.initial_server;
        *lock(&self.sso) = self.initial_sso.clone();
        *lock(&self.world) = world;
        *lock(&self.faults) = self.initial_faults.clone();
        *lock(&self.counters) = Counters::default();
        lock(&self.rate).clear();
        self.limits.reset();
        self.log.clear();
    }
}

/// The whole HTTP surface, ready to serve.
pub fn app(sandbox: Arc<Sandbox>) -> Router {
    Router::new().fallback(http::handle).with_state(sandbox)
}

/// Seconds since the Unix epoch.
pub(crate) fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// Milliseconds since the Unix epoch.
pub(crate) fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

pub fn parse_query(q: &str) -> HashMap<String, String> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Percent-decoding (and `+` as space in queries is not GitHub's: a literal `+` stays `+`).
pub fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_poisoned_mutex_is_recovered() {
        let m = Arc::new(Mutex::new(1));
        let m2 = m.clone();
        let _ = std::thread::spawn(move || {
            let _g = m2.lock().unwrap();
            panic!("poison it");
        })
        .join();
        assert!(m.is_poisoned());
        *lock(&m) += 1;
        assert_eq!(*lock(&m), 2);
    }

    #[test]
    fn decoding_keeps_what_is_not_an_escape() {
        assert_eq!(decode("a%20b"), "a b");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%4"), "%zz%4");
        assert_eq!(decode("a+b"), "a+b");
        assert_eq!(decode("%ff"), "\u{fffd}");
    }
}
