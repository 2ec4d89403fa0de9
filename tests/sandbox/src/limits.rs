//! GitHub's secondary rate limits, computed the way GitHub documents them
//! (<https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits>):
//!
//! - points per endpoint: GET, HEAD and OPTIONS cost 1 point, other methods 5; at most 900 points a
//!   minute for one token on one endpoint, where an endpoint is the path with every all-digit segment
//!   taken as `*` (`DELETE /orgs/acme/actions/runners/1` and `/2` share one budget). A sliding window:
//!   a log of (instant, points) per (token, endpoint).
//! - content creation: at most 80 `POST`s a minute per token.
//! - concurrency: at most 100 requests of one token in flight at once (the latency sleep included).
//!
//! A request that would cross a limit is answered 403 with `Retry-After` and not performed, and is
//! charged nothing. Requests without a known token share the `anonymous` budget (GitHub keys those by
//! IP, and every sandbox client is 127.0.0.1). CORS preflights are not charged.
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::api::Reply;
use crate::lock;

pub const DOCUMENTATION_URL: &str = "https://docs.github.com/enterprise-server@3.19/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits";
/// The longest window the limits accept: a day.
pub const MAX_WINDOW_MS: u64 = 86_400_000;
/// Past this many (token, endpoint) budgets, empty ones are swept away.
const SWEEP_AT: usize = 4096;

/// A window's log: when each charge was made, and how much.
type Window = VecDeque<(Instant, u64)>;

/// The limits in force; GitHub's values by default. `GET /_sandbox/limits` answers this.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    pub enabled: bool,
    /// Points per token and endpoint per window (GitHub: 900 a minute).
    pub points_per_window: u64,
    /// `POST`s per token per window (GitHub: 80 a minute).
    pub creates_per_window: u64,
    /// Requests of one token in flight at once (GitHub: 100).
    pub max_concurrent: u64,
    /// The window's length (GitHub: a minute).
    pub window_ms: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { enabled: true, points_per_window: 900, creates_per_window: 80, max_concurrent: 100, window_ms: 60_000 }
    }
}

impl Limits {
    pub fn off() -> Limits {
        Limits { enabled: false, ..Limits::default() }
    }

    pub fn sanitized(mut self) -> Limits {
        self.window_ms = self.window_ms.clamp(1, MAX_WINDOW_MS);
        self
    }

    fn window(&self) -> Duration {
        Duration::from_millis(self.window_ms)
    }
}

/// `PUT /_sandbox/limits`: every field optional, absent (or null) leaves it as it is.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsPatch {
    pub enabled: Option<bool>,
    pub points_per_window: Option<u64>,
    pub creates_per_window: Option<u64>,
    pub max_concurrent: Option<u64>,
    pub window_ms: Option<u64>,
}

impl LimitsPatch {
    pub fn apply(&self, to: &Limits) -> Limits {
        Limits {
            enabled: self.enabled.unwrap_or(to.enabled),
            points_per_window: self.points_per_window.unwrap_or(to.points_per_window),
            creates_per_window: self.creates_per_window.unwrap_or(to.creates_per_window),
            max_concurrent: self.max_concurrent.unwrap_or(to.max_concurrent),
            window_ms: self.window_ms.unwrap_or(to.window_ms),
        }
        .sanitized()
    }
}

/// A request's points: GET, HEAD and OPTIONS 1, everything else 5.
pub fn points(method: &str) -> u64 {
    match method {
        "GET" | "HEAD" | "OPTIONS" => 1,
        _ => 5,
    }
}

/// `/orgs/acme/actions/runners/42/labels` → `/orgs/acme/actions/runners/*/labels`.
pub fn endpoint(api_path: &str) -> String {
    api_path.split('/').map(|s| if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) { "*" } else { s }).collect::<Vec<_>>().join("/")
}

/// Time until a window log makes room for `cost` more under `limit`; `None` if it fits now.
fn wait_for(log: &Window, cost: u64, limit: u64, window: Duration, now: Instant) -> Option<Duration> {
    let used: u64 = log.iter().map(|(_, p)| p).sum();
    if used.saturating_add(cost) <= limit {
        return None;
    }
    let mut left = used;
    for (at, p) in log {
        left -= p;
        if left.saturating_add(cost) <= limit {
            return Some(at.checked_add(window).map_or(window, |free| free.saturating_duration_since(now)));
        }
    }
    // More than the whole budget: it never fits; say a window.
    Some(window)
}

fn prune(log: &mut Window, window: Duration, now: Instant) {
    while log.front().is_some_and(|(at, _)| now.saturating_duration_since(*at) >= window) {
        log.pop_front();
    }
}

/// GitHub's answer to a request over a secondary limit: 403, `Retry-After`, and this body exactly.
pub fn limited_reply(request_id: &str, retry_after: u64) -> Reply {
    let message = format!(
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. \
         If you reach out to GitHub Support for help, please include the request ID {request_id}."
    );
    let mut reply = Reply::json(403, json!({ "message": message, "documentation_url": DOCUMENTATION_URL }));
    reply.headers.push(("retry-after", retry_after.max(1).to_string()));
    reply
}

/// Whole seconds, rounded up, at least 1: what `Retry-After` carries.
fn whole_seconds(d: Duration) -> u64 {
    d.as_millis().div_ceil(1000).max(1) as u64
}

/// The counts of requests in flight per token, shared with the [`InFlight`] guards.
type InFlightCounts = Arc<Mutex<HashMap<String, u64>>>;

pub struct Limiter {
    initial: Limits,
    config: Mutex<Limits>,
    /// (token, endpoint) → (instant, points) in the window.
    points: Mutex<HashMap<(String, String), Window>>,
    /// token → (instant, 1) per POST in the window.
    creates: Mutex<HashMap<String, Window>>,
    in_flight: InFlightCounts,
}

/// One request's place in its token's concurrency count, given back when dropped.
pub struct InFlight {
    counts: InFlightCounts,
    key: String,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut counts = lock(&self.counts);
        if let Some(n) = counts.get_mut(&self.key) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                counts.remove(&self.key);
            }
        }
    }
}

/// What the limits say about a request that has just arrived.
pub struct Admission {
    /// Held until the request is answered (or abandoned); `None` when refused for concurrency.
    pub slot: Option<InFlight>,
    /// `Some(retry_after_seconds)` when the request must be refused.
    pub limited: Option<u64>,
}

impl Limiter {
    pub fn new(limits: Limits) -> Limiter {
        Limiter { initial: limits.clone(), config: Mutex::new(limits), points: Mutex::new(HashMap::new()), creates: Mutex::new(HashMap::new()), in_flight: Arc::new(Mutex::new(HashMap::new())) }
    }

    pub fn config(&self) -> Limits {
        lock(&self.config).clone()
    }

    pub fn update(&self, patch: &LimitsPatch) -> Limits {
        let mut config = lock(&self.config);
        *config = patch.apply(&config);
        config.clone()
    }

    /// Back to the flags' values, every window emptied. Requests in flight stay counted: they are.
    pub fn reset(&self) {
        *lock(&self.config) = self.initial.clone();
        lock(&self.points).clear();
        lock(&self.creates).clear();
    }

    /// Checks a request against the limits and, when it fits, charges it.
    pub fn admit(&self, key: &str, method: &str, api_path: &str) -> Admission {
        self.admit_costing(key, api_path, points(method), method == "POST")
    }

    /// As [`Limiter::admit`], for a request of `cost` points that `creates` content or not.
    pub fn admit_costing(&self, key: &str, api_path: &str, cost: u64, creates: bool) -> Admission {
        let config = self.config();
        let now = Instant::now();
        let slot = {
            let mut counts = lock(&self.in_flight);
            let n = counts.entry(key.to_string()).or_default();
            if config.enabled && *n >= config.max_concurrent {
                // Refused at once, and not counted in flight.
                if *n == 0 {
                    counts.remove(key);
                }
                return Admission { slot: None, limited: Some(1) };
            }
            *n += 1;
            InFlight { counts: self.in_flight.clone(), key: key.to_string() }
        };
        let slot = Some(slot);
        if !config.enabled {
            return Admission { slot, limited: None };
        }
        let window = config.window();
        let bucket = (key.to_string(), endpoint(api_path));

        let mut all_points = lock(&self.points);
        if all_points.len() > SWEEP_AT {
            all_points.retain(|_, log| {
                prune(log, window, now);
                !log.is_empty()
            });
        }
        let log = all_points.entry(bucket).or_default();
        prune(log, window, now);
        let mut wait = wait_for(log, cost, config.points_per_window, window, now);

        let mut all_creates = lock(&self.creates);
        let create_log = all_creates.entry(key.to_string()).or_default();
        prune(create_log, window, now);
        if creates {
            if let Some(w) = wait_for(create_log, 1, config.creates_per_window, window, now) {
                wait = Some(wait.map_or(w, |p| p.max(w)));
            }
        }
        match wait {
            Some(w) => Admission { slot, limited: Some(whole_seconds(w)) },
            None => {
                log.push_back((now, cost));
                if creates {
                    create_log.push_back((now, 1));
                }
                Admission { slot, limited: None }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_take_ids_as_stars() {
        assert_eq!(endpoint("/orgs/acme/actions/runners/1"), "/orgs/acme/actions/runners/*");
        assert_eq!(endpoint("/orgs/acme/actions/runners/2"), "/orgs/acme/actions/runners/*");
        assert_eq!(endpoint("/repos/a/b2/actions/runners/12/labels/gpu"), "/repos/a/b2/actions/runners/*/labels/gpu");
        assert_eq!(endpoint("/orgs/123"), "/orgs/*");
        assert_eq!(endpoint("/"), "/");
        assert_eq!((points("GET"), points("HEAD"), points("OPTIONS"), points("POST"), points("DELETE"), points("PATCH")), (1, 1, 1, 5, 5, 5));
    }

    #[test]
    fn waits_are_until_enough_points_leave_the_window() {
        let now = Instant::now();
        let window = Duration::from_secs(10);
        let log: Window = [(now - Duration::from_secs(8), 5), (now - Duration::from_secs(3), 5)].into_iter().collect();
        assert_eq!(wait_for(&log, 1, 11, window, now), None);
        assert_eq!(wait_for(&log, 1, 10, window, now), Some(Duration::from_secs(2)));
        assert_eq!(wait_for(&log, 5, 5, window, now), Some(Duration::from_secs(7)));
        assert_eq!(wait_for(&log, 6, 5, window, now), Some(window), "more than the budget never fits");
        assert_eq!(whole_seconds(Duration::from_millis(1)), 1);
        assert_eq!(whole_seconds(Duration::from_millis(1001)), 2);
        assert_eq!(whole_seconds(Duration::ZERO), 1);
    }

    #[test]
    fn the_limiter_charges_only_what_it_admits() {
        let l = Limiter::new(Limits { points_per_window: 6, creates_per_window: 1, ..Limits::default() });
        assert_eq!(l.admit("t", "DELETE", "/orgs/a/actions/runners/1").limited, None);
        assert!(l.admit("t", "DELETE", "/orgs/a/actions/runners/2").limited.is_some(), "10 > 6");
        assert_eq!(l.admit("t", "GET", "/orgs/a/actions/runners/3").limited, None, "the refused DELETE cost nothing");
        assert!(l.admit("t", "GET", "/orgs/a/actions/runners/3").limited.is_some());
        assert_eq!(l.admit("u", "GET", "/orgs/a/actions/runners/3").limited, None, "another token has its own budget");
        assert_eq!(l.admit("t", "POST", "/orgs/a/actions/runners/registration-token").limited, None);
        assert!(l.admit("t", "POST", "/orgs/a/actions/runners/remove-token").limited.is_some(), "one create a window");
        l.reset();
        assert!(l.admit("t", "DELETE", "/orgs/a/actions/runners/2").limited.is_none(), "reset empties the windows");
    }

    #[test]
    fn concurrency_counts_what_is_in_flight() {
        let l = Limiter::new(Limits { max_concurrent: 2, ..Limits::default() });
        let a = l.admit("t", "GET", "/user");
        let b = l.admit("t", "GET", "/user");
        assert_eq!((a.limited, b.limited), (None, None));
        let c = l.admit("t", "GET", "/user");
        assert_eq!(c.limited, Some(1));
        drop(c);
        assert_eq!(l.admit("t", "GET", "/user").limited, Some(1), "a refused request gave back nothing it had not taken");
        drop(a);
        assert_eq!(l.admit("t", "GET", "/user").limited, None);
        drop(b);
        assert!(lock(&l.in_flight).is_empty());
    }
}
