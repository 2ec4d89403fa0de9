//! What `GET /_sandbox/counters` reports: API requests answered, by class, status and method.
use std::collections::HashMap;

use serde::Serialize;

#[derive(Clone, Debug, Default, Serialize)]
pub struct Counters {
    /// API requests answered (preflights, controls and abandoned requests are not).
    pub total: u64,
    pub ok: u64,
    pub not_modified: u64,
    pub client_errors: u64,
    pub server_errors: u64,
    pub preflight: u64,
    /// Preflights a browser would refuse to follow: a request header or method GitHub does not allow.
    pub preflight_blocked: u64,
    /// Requests that carried `X-GitHub-Api-Version`.
    pub with_api_version: u64,
    /// Answers that were a secondary rate limit: the computed limits and the fixed fault alike.
    pub secondary_limited: u64,
    /// Requests the client abandoned before they were answered (the connection closed mid-request).
    pub aborted: u64,
    /// GraphQL requests answered (also counted in `total` and the rest).
    pub graphql: u64,
    /// Preflights the client abandoned during the injected latency: the request never followed.
    pub preflight_aborted: u64,
    pub by_status: HashMap<u16, u64>,
    pub by_method: HashMap<String, u64>,
}

impl Counters {
    pub fn record(&mut self, method: &str, status: u16, with_api_version: bool, secondary_limited: bool) {
        self.total += 1;
        match status {
            304 => self.not_modified += 1,
            200..=299 => self.ok += 1,
            400..=499 => self.client_errors += 1,
            500..=599 => self.server_errors += 1,
            _ => {}
        }
        *self.by_status.entry(status).or_default() += 1;
        *self.by_method.entry(method.to_string()).or_default() += 1;
        if with_api_version {
            self.with_api_version += 1;
        }
        if secondary_limited {
            self.secondary_limited += 1;
        }
    }
}
