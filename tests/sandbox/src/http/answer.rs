//! GitHub's answer around an operation's reply: rate-limit headers, request id, the server's version
//! (GHES only), ETags and 304s, caching, and documentation links for the server's own docs.
use std::borrow::Cow;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use serde_json::Value;

use super::respond;
use crate::api::{Body as ReplyBody, Reply};
use crate::profile::Profile;
use crate::{RateState, Sandbox, GRAPHQL};

/// Documentation links are written for GHES 3.19 and rewritten for the server answering.
const DOCS_AS_WRITTEN: &str = "https://docs.github.com/enterprise-server@3.19/";

pub(super) struct Answer<'a> {
    pub method: &'a Method,
    pub reply: Reply,
    pub scopes: Option<&'a [&'a str]>,
    pub accepted: &'a str,
    pub request_id: &'a str,
    pub rate_key: &'a str,
    pub limit: u64,
    pub headers: &'a HeaderMap,
    /// False for answers GitHub does not count against the primary limit (a refused request).
    pub charge: bool,
    pub profile: Profile,
    /// The primary limit's resource: [`CORE`] for REST, [`GRAPHQL`] for GraphQL.
    pub resource: &'static str,
    /// False when a GHES has rate limiting off: no `X-RateLimit-*` headers.
    pub rate_limiting: bool,
}

pub(super) fn build_response(sb: &Sandbox, a: &Answer) -> Response {
    let (method, reply) = (a.method, &a.reply);
    let body_bytes = reply.body.as_ref().map(|b| match b {
        ReplyBody::Value(v) => serde_json::to_vec(&for_profile(v, a.profile)).unwrap_or_default(),
        ReplyBody::Written(bytes) => bytes.clone(),
    });
    let link = reply.headers.iter().find(|(k, _)| *k == "link").map(|(_, v)| v.clone()).unwrap_or_default();
    let etag = (*method == Method::GET && reply.status == 200).then(|| {
        let mut h: u64 = 0xcbf29ce484222325;
        for b in body_bytes.iter().flatten().chain(link.as_bytes()) {
            h = (h ^ *b as u64).wrapping_mul(0x100000001b3);
        }
        format!("\"{h:016x}\"")
    });
    let not_modified = etag.as_ref().is_some_and(|tag| a.headers.get("if-none-match").and_then(|v| v.to_str().ok()).is_some_and(|v| v.split(',').any(|t| t.trim().trim_start_matches("W/") == tag)));
    let status = if not_modified { 304 } else { reply.status };
    // As GitHub does: JSON goes out gzip-compressed to a client that accepts it (a browser always
    // does), and the ETag of a compressed answer is weak.
    let gzip = accepts_gzip(a.headers);

    // GitHub does not charge a 304 against the rate limit.
    let RateState { used, reset } = sb.rate_use(a.rate_key, a.resource, a.rate_limiting && a.charge && status != 304);

    let mut b = Response::builder().status(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)).header("x-github-request-id", a.request_id);
    if let Some(version) = a.profile.installed_version() {
        b = b.header("x-github-enterprise-version", version);
    }
    let media_type = if a.resource == GRAPHQL { "github.v4; format=json" } else { "github.v3; format=json" };
    b = b.header("x-github-media-type", media_type);
    let overrides: Vec<&str> = reply.headers.iter().map(|(k, _)| *k).collect();
    if a.rate_limiting {
        b = b.header("x-ratelimit-limit", a.limit.to_string()).header("x-ratelimit-resource", a.resource);
        if !overrides.contains(&"x-ratelimit-remaining") {
            b = b.header("x-ratelimit-remaining", a.limit.saturating_sub(used).to_string());
        }
        if !overrides.contains(&"x-ratelimit-reset") {
            b = b.header("x-ratelimit-reset", reset.to_string());
        }
        b = b.header("x-ratelimit-used", used.to_string());
    }
    if let Some(scopes) = a.scopes {
        b = b.header("x-oauth-scopes", scopes.join(", "));
    }
    if !overrides.contains(&"x-accepted-oauth-scopes") {
        b = b.header("x-accepted-oauth-scopes", a.accepted);
    }
    for (k, v) in &reply.headers {
        if let Ok(v) = HeaderValue::from_str(v) {
            b = b.header(*k, v);
        }
    }
    if *method == Method::GET {
        b = b.header("cache-control", "private, max-age=60, s-maxage=60").header("vary", "Accept, Authorization, Accept-Encoding");
    } else {
        b = b.header("cache-control", "no-cache");
    }
    if let Some(tag) = &etag {
        b = b.header("etag", if gzip { format!("W/{tag}") } else { tag.clone() });
    }
    match (not_modified, body_bytes) {
        (false, Some(bytes)) => {
            let b = b.header("content-type", "application/json; charset=utf-8");
            match gzip.then(|| gzipped(&bytes)).flatten() {
                Some(z) => respond(b.header("content-encoding", "gzip"), Body::from(z)),
                None => respond(b, Body::from(bytes)),
            }
        }
        _ => respond(b, Body::empty()),
    }
}

/// Whether `Accept-Encoding` takes gzip (and does not refuse it with `q=0`).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    let Some(accepted) = headers.get("accept-encoding").and_then(|v| v.to_str().ok()) else {
        return false;
    };
    accepted.split(',').any(|coding| {
        let mut parts = coding.split(';').map(str::trim);
        let name = parts.next().unwrap_or("");
        let refused = parts.any(|p| p.strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()) == Some(0.0));
        (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
    })
}

/// `bytes` gzip-compressed at the fastest level: the sandbox shares the test machine's cores with
/// the browser, where GitHub's compression costs the client nothing.
fn gzipped(bytes: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 4), flate2::Compression::fast());
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok()
}

/// An error body's `documentation_url`, pointed at the answering server's docs.
fn for_profile(body: &Value, profile: Profile) -> Cow<'_, Value> {
    // Copied only when there is something to change: a list's body is thousands of values.
    match body.get("documentation_url").and_then(Value::as_str).and_then(|url| url.strip_prefix(DOCS_AS_WRITTEN)) {
        Some(rest) => {
            let mut body = body.clone();
            body["documentation_url"] = Value::String(format!("{}{rest}", profile.docs_base()));
            Cow::Owned(body)
        }
        None => Cow::Borrowed(body),
    }
}
