//! Fault injection for the console's tests: forced statuses, random failures, a fixed secondary rate
//! limit, an exhausted primary limit, latency, no CORS. Set by flags or `PUT /_sandbox/faults`.
//!
//! A fault body is never trusted: statuses outside what HTTP can answer are refused, numbers too big
//! to use are clamped ([`Faults::sanitized`]), and `times: 0` means a rule applies to no request.
use axum::http::Method;
use serde::{Deserialize, Serialize};

use crate::api::Reply;
use crate::{decode, lock, now, Sandbox};

/// The most latency a fault can add: ten minutes.
pub const MAX_LATENCY_MS: u64 = 600_000;
/// The most a fixed `Retry-After` or `reset_in` can be: a day.
pub const MAX_WAIT_SECS: u64 = 86_400;

/// A status forced for requests whose path matches `path` (segments, `*` for one, a final `**` for the rest).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ForcedStatus {
    #[serde(default)]
    pub method: Option<String>,
    pub path: String,
    pub status: u16,
    /// How many requests it applies to; absent means every one, 0 none.
    #[serde(default)]
    pub times: Option<u32>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SecondaryLimit {
    /// 403 or 429, as GitHub may send either.
    #[serde(default = "default_secondary_status")]
    pub status: u16,
    pub retry_after: u64,
    #[serde(default)]
    pub times: Option<u32>,
    /// Only requests of this method meet it (e.g. `DELETE`, to aim it at writes); absent means every one.
    #[serde(default)]
    pub method: Option<String>,
}

impl SecondaryLimit {
    /// Whether a request of `method` meets the limit now.
    fn meets(&self, method: &Method) -> bool {
        applies(self.times) && self.method.as_ref().is_none_or(|m| m.eq_ignore_ascii_case(method.as_str()))
    }
}

fn default_secondary_status() -> u16 {
    429
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PrimaryExhausted {
    /// Seconds until `X-RateLimit-Reset`.
    pub reset_in: u64,
    #[serde(default)]
    pub times: Option<u32>,
}

/// Fault injection for the console's tests; set by flags or `PUT /_sandbox/faults`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Faults {
    #[serde(default)]
    pub latency_ms: u64,
    /// Share of API requests (0.0 to 1.0) answered with 500 or 502.
    #[serde(default)]
    pub failure_rate: f64,
    #[serde(default)]
    pub force: Vec<ForcedStatus>,
    #[serde(default)]
    pub secondary_rate_limit: Option<SecondaryLimit>,
    #[serde(default)]
    pub primary_exhausted: Option<PrimaryExhausted>,
    /// Send no CORS headers on the API, as a GHES that does not allow the console's origin.
    #[serde(default)]
    pub disable_cors: bool,
}

impl Faults {
    /// What cannot be answered at all: statuses HTTP has no final response for.
    pub fn validate(&self) -> Result<(), String> {
        for rule in &self.force {
            if !(200..=599).contains(&rule.status) {
                return Err(format!("force: status {} is not a status between 200 and 599", rule.status));
            }
        }
        if let Some(s) = &self.secondary_rate_limit {
            if !(400..=599).contains(&s.status) {
                return Err(format!("secondary_rate_limit: status {} is not an error status (GitHub sends 403 or 429)", s.status));
            }
        }
        Ok(())
    }

    /// Clamps what is too big to use: latency to ten minutes, waits to a day, the failure rate into
    /// 0..=1 (NaN as 0). Statuses that cannot be sent become 500 (or 429 for the secondary limit).
    pub fn sanitized(mut self) -> Faults {
        self.latency_ms = self.latency_ms.min(MAX_LATENCY_MS);
        self.failure_rate = if self.failure_rate.is_nan() { 0.0 } else { self.failure_rate.clamp(0.0, 1.0) };
        for rule in &mut self.force {
            if !(200..=599).contains(&rule.status) {
                rule.status = 500;
            }
        }
        if let Some(s) = &mut self.secondary_rate_limit {
            s.retry_after = s.retry_after.min(MAX_WAIT_SECS);
            if !(400..=599).contains(&s.status) {
                s.status = 429;
            }
        }
        if let Some(p) = &mut self.primary_exhausted {
            p.reset_in = p.reset_in.min(MAX_WAIT_SECS);
        }
        self
    }
}

/// Counts down a rule's `times`; `Some(0)` stays `Some(0)`. Returns whether the rule is used up.
fn use_once(times: &mut Option<u32>) -> bool {
    match times {
        Some(n) => {
            *n = n.saturating_sub(1);
            *n == 0
        }
        None => false,
    }
}

fn applies(times: Option<u32>) -> bool {
    times != Some(0)
}

/// The fault for this request, if any, and whether it is a secondary rate limit.
/// When the primary limit is exhausted by a fault, the time it resets; nothing is used up.
pub(crate) fn primary_exhausted_reset(sb: &Sandbox) -> Option<u64> {
    let f = lock(&sb.faults);
    f.primary_exhausted.as_ref().filter(|p| applies(p.times)).map(|p| now().saturating_add(p.reset_in.min(MAX_WAIT_SECS)))
}

pub(crate) fn injected_fault(sb: &Sandbox, method: &Method, api_path: &str) -> Option<(Reply, bool)> {
    let mut f = lock(&sb.faults);
    if let Some(p) = f.primary_exhausted.as_mut().filter(|p| applies(p.times)) {
        let reset = now().saturating_add(p.reset_in.min(MAX_WAIT_SECS));
        if use_once(&mut p.times) {
            f.primary_exhausted = None;
        }
        let mut reply =
            Reply::error(403, "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID.", "/rest/overview/rate-limits-for-the-rest-api");
        reply.headers.push(("x-ratelimit-remaining", "0".into()));
        reply.headers.push(("x-ratelimit-reset", reset.to_string()));
        return Some((reply, false));
    }
    if let Some(s) = f.secondary_rate_limit.as_mut().filter(|s| s.meets(method)) {
        let (status, retry_after) = (s.status, s.retry_after.min(MAX_WAIT_SECS));
        if use_once(&mut s.times) {
            f.secondary_rate_limit = None;
        }
        let mut reply = Reply::error(
            status,
            "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
            "/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
        );
        reply.headers.push(("retry-after", retry_after.to_string()));
        return Some((reply, true));
    }
    if let Some(i) = f.force.iter().position(|rule| applies(rule.times) && rule_matches(rule, method, api_path)) {
        let status = f.force[i].status;
        if use_once(&mut f.force[i].times) {
            f.force.remove(i);
        }
        return Some((forced_reply(status), false));
    }
    let rate = f.failure_rate;
    drop(f);
    if rate > 0.0 {
        let roll = (sb.random() % 10_000) as f64 / 10_000.0;
        if roll < rate {
            return Some((forced_reply(if sb.random().is_multiple_of(2) { 500 } else { 502 }), false));
        }
    }
    None
}

fn forced_reply(status: u16) -> Reply {
    match status {
        304 => Reply { status, body: None, headers: vec![] },
        204 => Reply::no_content(),
        _ => {
            let message = match status {
                500 => "Server Error",
                502 => "Bad Gateway",
                503 => "Service Unavailable",
                504 => "Gateway Timeout",
                404 => "Not Found",
                409 => "Conflict",
                422 => "Validation Failed",
                _ => "Injected fault",
            };
            Reply::error(status, message, "")
        }
    }
}

pub fn rule_matches(rule: &ForcedStatus, method: &Method, path: &str) -> bool {
    if rule.method.as_ref().is_some_and(|m| !m.eq_ignore_ascii_case(method.as_str())) {
        return false;
    }
    let want: Vec<&str> = rule.path.trim_start_matches("/api/v3").split('/').filter(|s| !s.is_empty()).collect();
    let have: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut i = 0;
    for (n, w) in want.iter().enumerate() {
        if *w == "**" && n + 1 == want.len() {
            return true;
        }
        match have.get(i) {
            Some(h) if *w == "*" || decode(h) == decode(w) => i += 1,
            _ => return false,
        }
    }
    i == have.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitizing_clamps_what_cannot_be_used() {
        let f = Faults {
            latency_ms: u64::MAX,
            failure_rate: f64::NAN,
            force: vec![ForcedStatus { method: None, path: "/**".into(), status: 42, times: Some(0) }],
            secondary_rate_limit: Some(SecondaryLimit { status: 200, retry_after: u64::MAX, times: None, method: None }),
            primary_exhausted: Some(PrimaryExhausted { reset_in: u64::MAX, times: None }),
            disable_cors: false,
        }
        .sanitized();
        assert_eq!(f.latency_ms, MAX_LATENCY_MS);
        assert_eq!(f.failure_rate, 0.0);
        assert_eq!(f.force[0].status, 500);
        assert_eq!(f.secondary_rate_limit.as_ref().map(|s| (s.status, s.retry_after)), Some((429, MAX_WAIT_SECS)));
        assert_eq!(f.primary_exhausted.as_ref().map(|p| p.reset_in), Some(MAX_WAIT_SECS));
        for (rate, want) in [(-3.0, 0.0), (7.5, 1.0), (f64::INFINITY, 1.0), (f64::NEG_INFINITY, 0.0), (0.25, 0.25)] {
            assert_eq!(Faults { failure_rate: rate, ..Faults::default() }.sanitized().failure_rate, want, "{rate}");
        }
    }

    #[test]
    fn times_zero_is_never_used_and_never_underflows() {
        let mut t = Some(0);
        assert!(!applies(t));
        assert!(use_once(&mut t));
        assert_eq!(t, Some(0));
        let mut one = Some(1);
        assert!(applies(one) && use_once(&mut one));
        let mut every = None;
        assert!(applies(every) && !use_once(&mut every));
    }

    #[test]
    fn a_secondary_limit_aimed_at_a_method_spares_the_others() {
        let limit = |method: Option<&str>, times| SecondaryLimit { status: 403, retry_after: 600, times, method: method.map(Into::into) };
        assert!(limit(Some("delete"), Some(1)).meets(&Method::DELETE));
        assert!(!limit(Some("DELETE"), Some(1)).meets(&Method::GET), "a read passes a limit aimed at deletes");
        assert!(limit(None, None).meets(&Method::GET) && limit(None, None).meets(&Method::PUT));
        assert!(!limit(Some("DELETE"), Some(0)).meets(&Method::DELETE), "times 0 meets nothing");
    }

    #[test]
    fn patterns_match_segments() {
        let rule = |path: &str| ForcedStatus { method: Some("delete".into()), path: path.into(), status: 500, times: None };
        assert!(rule_matches(&rule("/orgs/*/actions/runners/*"), &Method::DELETE, "/orgs/acme/actions/runners/7"));
        assert!(!rule_matches(&rule("/orgs/*/actions/runners/*"), &Method::GET, "/orgs/acme/actions/runners/7"));
        assert!(rule_matches(&rule("/api/v3/orgs/**"), &Method::DELETE, "/orgs/acme/actions/runners/7"));
        assert!(!rule_matches(&rule("/orgs/*"), &Method::DELETE, "/orgs/acme/actions"));
        assert!(rule_matches(&rule(""), &Method::DELETE, "/"));
    }
}
