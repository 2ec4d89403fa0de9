//! What the client does about an answer it cannot use yet: the rate-limit state GitHub reports in
//! its headers, and whether (and how long) to wait before trying a read again. Pure.
use super::error::{error_from, ApiError, RateLimitKind, RawResponse};

/// The last `X-RateLimit-*` values seen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RateLimit {
    pub limit: u64,
    pub remaining: u64,
    pub used: u64,
    pub reset: u64,
    pub resource: String,
}

impl RateLimit {
    pub fn from_headers(r: &RawResponse) -> Option<RateLimit> {
        let num = |name: &str| r.header(name).and_then(|v| v.trim().parse::<u64>().ok());
        Some(RateLimit {
            limit: num("x-ratelimit-limit")?,
            remaining: num("x-ratelimit-remaining")?,
            used: num("x-ratelimit-used").unwrap_or(0),
            reset: num("x-ratelimit-reset").unwrap_or(0),
            resource: r.header("x-ratelimit-resource").unwrap_or("core").to_string(),
        })
    }
}

/// What to do after an attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Retry {
    Give,
    /// Try again after this many milliseconds; the reason is shown to the user.
    After {
        ms: u64,
        reason: String,
    },
}

/// Idempotent reads are retried twice on network errors and 502/503/504, with backoff. Rate limits
/// are waited out when the wait is at most a minute. Writes are never retried.
pub fn retry_policy(is_read: bool, attempt: u32, outcome: &Result<RawResponse, ApiError>, now: u64) -> Retry {
    const MAX_WAIT: u64 = 60;
    if !is_read {
        return Retry::Give;
    }
    let backoff = || 400 * 2u64.pow(attempt);
    match outcome {
        Err(ApiError::Network { .. }) if attempt < 2 => Retry::After { ms: backoff(), reason: "the network failed".into() },
        Ok(r) if matches!(r.status, 502..=504) && attempt < 2 => Retry::After { ms: backoff(), reason: format!("GitHub answered {}", r.status) },
        Ok(r) if matches!(r.status, 403 | 429) && attempt < 3 => match error_from("", r, now) {
            ApiError::RateLimited(RateLimitKind::Secondary { retry_after }) if retry_after <= MAX_WAIT => {
                Retry::After { ms: retry_after.max(1) * 1000, reason: format!("secondary rate limit: waiting {retry_after} s as GitHub asked") }
            }
            ApiError::RateLimited(RateLimitKind::SecondaryUnstated) => {
                Retry::After { ms: MAX_WAIT * 1000, reason: format!("secondary rate limit: waiting {MAX_WAIT} s, as GitHub asks when it names no time") }
            }
            ApiError::RateLimited(RateLimitKind::Primary { reset_at }) if reset_at.saturating_sub(now) <= MAX_WAIT => {
                let secs = reset_at.saturating_sub(now) + 1;
                Retry::After { ms: secs * 1000, reason: format!("rate limit used up: waiting {secs} s for the reset") }
            }
            _ => Retry::Give,
        },
        _ => Retry::Give,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, headers: &[(&str, &str)], body: &str) -> RawResponse {
        RawResponse { status, headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(), body: body.into() }
    }

    #[test]
    fn retries_reads_only_and_waits_out_short_rate_limits() {
        let net = Err(ApiError::Network { host: "h".into(), detail: "d".into() });
        assert!(matches!(retry_policy(true, 0, &net, 0), Retry::After { ms: 400, .. }));
        assert!(matches!(retry_policy(true, 1, &net, 0), Retry::After { ms: 800, .. }));
        assert_eq!(retry_policy(true, 2, &net, 0), Retry::Give, "twice, then give up");
        assert_eq!(retry_policy(false, 0, &net, 0), Retry::Give, "writes are never retried");
        for s in [502, 503, 504] {
            assert!(matches!(retry_policy(true, 0, &Ok(resp(s, &[], "")), 0), Retry::After { .. }));
            assert_eq!(retry_policy(false, 0, &Ok(resp(s, &[], "")), 0), Retry::Give);
        }
        assert_eq!(retry_policy(true, 0, &Ok(resp(500, &[], "")), 0), Retry::Give);
        assert_eq!(retry_policy(true, 0, &Ok(resp(404, &[], "")), 0), Retry::Give);
        let short = Ok(resp(429, &[("retry-after", "3")], ""));
        assert!(matches!(retry_policy(true, 0, &short, 0), Retry::After { ms: 3000, .. }));
        let long = Ok(resp(403, &[("retry-after", "600")], ""));
        assert_eq!(retry_policy(true, 0, &long, 0), Retry::Give);
        let primary_soon = Ok(resp(403, &[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "1030")], ""));
        assert!(matches!(retry_policy(true, 0, &primary_soon, 1000), Retry::After { ms: 31000, .. }));
        let primary_late = Ok(resp(403, &[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "5000")], ""));
        assert_eq!(retry_policy(true, 0, &primary_late, 1000), Retry::Give);
    }

    #[test]
    fn rate_limit_state_comes_from_headers() {
        let r = resp(200, &[("X-RateLimit-Limit", "5000"), ("x-ratelimit-remaining", "4990"), ("x-ratelimit-used", "10"), ("x-ratelimit-reset", "99"), ("x-ratelimit-resource", "core")], "");
        assert_eq!(RateLimit::from_headers(&r), Some(RateLimit { limit: 5000, remaining: 4990, used: 10, reset: 99, resource: "core".into() }));
        assert_eq!(RateLimit::from_headers(&resp(200, &[], "")), None);
    }
}
