//! The HTTP layer: takes a request apart, runs it past the limits, the faults and the operations, and
//! puts GitHub's answer together (rate-limit headers, request ids, ETags and 304s, caching, CORS).
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, response, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use crate::api::{self, Reply};
use crate::faults::{injected_fault, MAX_LATENCY_MS};
use crate::log::LogGuard;
use crate::world::User;
use crate::{admin, limits, lock, now, parse_query, RateState, Sandbox, GHES_VERSION, RATE_LIMIT, TOKENS};

/// The largest request body read: 8 MiB.
const MAX_BODY: usize = 8 * 1024 * 1024;

pub(crate) async fn handle(State(sb): State<Arc<Sandbox>>, req: Request) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let query_string = req.uri().query().unwrap_or("").to_string();
    let headers = req.headers().clone();

    let api_cors = !lock(&sb.faults).disable_cors || !path.starts_with("/api/v3");
    let cors = move |r: Response| if api_cors { cors(r) } else { r };
    // A CORS preflight carries no credentials: it is answered here and charged nothing.
    if method == Method::OPTIONS && !headers.contains_key(header::AUTHORIZATION) {
        lock(&sb.counters).preflight += 1;
        return cors(respond(Response::builder().status(204).header("access-control-max-age", "86400"), Body::empty()));
    }
    let body = match to_bytes(req.into_body(), MAX_BODY).await {
        Ok(b) => b,
        Err(_) => return cors(plain(413, json!({ "message": "Request body too large" }))),
    };
    if let Some(rest) = path.strip_prefix("/_sandbox") {
        return cors(admin::control(&sb, &method, rest, &query_string, &body));
    }
    let Some(api_path) = path.strip_prefix("/api/v3") else {
        return cors(plain(404, json!({ "message": "Not Found", "documentation_url": "https://docs.github.com/enterprise-server@3.19/rest" })));
    };
    let api_path = if api_path.is_empty() { "/" } else { api_path }.to_string();

    // Limits are met on arrival; the slot in the concurrency count is held until the answer (or
    // until the client gives up: dropping the future drops the slot and marks the log entry).
    let token = bearer(&headers);
    let limit_key = token.as_deref().filter(|t| TOKENS.iter().any(|(name, ..)| name == t)).unwrap_or("anonymous");
    let admission = sb.limits.admit(limit_key, method.as_str(), &api_path);
    let logged_path = if query_string.is_empty() { api_path.clone() } else { format!("{api_path}?{query_string}") };
    let entry = LogGuard::start(&sb, method.as_str(), &logged_path);

    let latency = lock(&sb.faults).latency_ms.min(MAX_LATENCY_MS);
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let request = ApiRequest { method: &method, api_path: &api_path, query_string: &query_string, headers: &headers, body: &body, token: token.as_deref() };
    let (response, secondary_limited) = serve_api(&sb, &request, admission.limited);
    let status = response.status().as_u16();
    lock(&sb.counters).record(method.as_str(), status, headers.contains_key("x-github-api-version"), secondary_limited);
    entry.finish(status);
    drop(admission);
    cors(response)
}

/// The token of `Authorization: Bearer X` or `Authorization: token X`.
fn bearer(headers: &HeaderMap) -> Option<String> {
    headers.get(header::AUTHORIZATION).and_then(|h| h.to_str().ok()).and_then(|h| {
        let (scheme, value) = h.trim().split_once(' ')?;
        (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("token")).then(|| value.trim().to_string())
    })
}

struct ApiRequest<'a> {
    method: &'a Method,
    api_path: &'a str,
    query_string: &'a str,
    headers: &'a HeaderMap,
    body: &'a Bytes,
    token: Option<&'a str>,
}

/// Answers one API request; `limited` is the secondary limits' verdict. Returns the response and
/// whether it is a secondary rate limit.
fn serve_api(sb: &Sandbox, req: &ApiRequest, limited: Option<u64>) -> (Response, bool) {
    let method = req.method;
    let request_id = format!("{:04X}:{:06X}:{:08X}", 0x5b0u32, std::process::id() & 0xFFFFFF, sb.request_seq.fetch_add(1, Ordering::Relaxed));
    let host = req.headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1").to_string();
    let web = format!("http://{host}");
    let api = format!("{web}/api/v3");
    let segments: Vec<String> = req.api_path.split('/').filter(|s| !s.is_empty()).map(crate::decode).collect();
    let segs: Vec<&str> = segments.iter().map(String::as_str).collect();
    let accepted = accepted_scope(&segs);

    // Authentication: the root answers anonymously, as GitHub's does.
    let token = req.token;
    let identity = token.and_then(|t| TOKENS.iter().find(|(name, ..)| *name == t));
    let finish = |reply: Reply, scopes: Option<&[&str]>, charge: bool| -> Response {
        let rate_key = token.unwrap_or("anonymous");
        let limit = if token.is_some() { RATE_LIMIT } else { 60 };
        build_response(sb, method, reply, scopes, accepted, &request_id, rate_key, limit, req.headers, charge)
    };

    // A secondary limit: refused before anything is looked at, and charged nothing.
    if let Some(retry_after) = limited {
        return (finish(limits::limited_reply(&request_id, retry_after), identity.map(|(_, _, s)| *s), false), true);
    }
    let anonymous_root = token.is_none() && segs.is_empty() && method == Method::GET;
    let (login, scopes): (&str, &[&str]) = match identity {
        Some((_, login, scopes)) => (login, scopes),
        None if anonymous_root => ("", &[]),
        None => {
            let message = if token.is_none() { "Requires authentication" } else { "Bad credentials" };
            return (finish(Reply::error(401, message, ""), None, true), false);
        }
    };
    // OPTIONS with credentials is an API request (one point), answered as GitHub answers it.
    if method == Method::OPTIONS {
        return (finish(Reply::no_content(), Some(scopes), true), false);
    }

    // Faults, in the order GitHub would meet them: rate limits first, then failures.
    if let Some((reply, secondary)) = injected_fault(sb, method, req.api_path) {
        return (finish(reply, Some(scopes), true), secondary);
    }
    let query = parse_query(req.query_string);
    let body_json = if req.body.is_empty() {
        None
    } else {
        match serde_json::from_slice::<Value>(req.body) {
            Ok(v) => Some(v),
            Err(_) => return (finish(Reply::error(400, "Problems parsing JSON", ""), Some(scopes), true), false),
        }
    };
    let user = User { id: TOKENS.iter().position(|(_, l, _)| *l == login).unwrap_or(0) as u64 + 1, login: login.to_string(), name: login.replace('-', " ") };
    let owned_scopes: Vec<String> = scopes.iter().map(|s| s.to_string()).collect();
    let reply = {
        let mut world = lock(&sb.world);
        let mut random = || sb.random();
        let mut ctx = api::Ctx { api: &api, web: &web, path: req.api_path, query: &query, body: body_json.as_ref(), scopes: &owned_scopes, user: &user, now: now(), random: &mut random };
        api::dispatch(&mut world, method.as_str(), &segs, &mut ctx)
    };
    (finish(reply, Some(scopes), true), false)
}

/// The scope GitHub names in `X-Accepted-OAuth-Scopes` for a path.
fn accepted_scope(segs: &[&str]) -> &'static str {
    match segs {
        ["enterprises", _, "actions", ..] => "manage_runners:enterprise",
        ["orgs", _, "actions", ..] => "admin:org",
        ["repos", _, _, "actions", ..] => "repo",
        _ => "",
    }
}

/// `charge` is false for answers GitHub does not count against the primary limit (a refused request).
#[allow(clippy::too_many_arguments)]
fn build_response(sb: &Sandbox, method: &Method, reply: Reply, scopes: Option<&[&str]>, accepted: &str, request_id: &str, rate_key: &str, limit: u64, headers: &HeaderMap, charge: bool) -> Response {
    let body_bytes = reply.body.as_ref().map(|b| serde_json::to_vec(b).unwrap_or_default());
    let link = reply.headers.iter().find(|(k, _)| *k == "link").map(|(_, v)| v.clone()).unwrap_or_default();
    let etag = (method == Method::GET && reply.status == 200).then(|| {
        let mut h: u64 = 0xcbf29ce484222325;
        for b in body_bytes.iter().flatten().chain(link.as_bytes()) {
            h = (h ^ *b as u64).wrapping_mul(0x100000001b3);
        }
        format!("\"{h:016x}\"")
    });
    let not_modified = etag.as_ref().is_some_and(|tag| headers.get("if-none-match").and_then(|v| v.to_str().ok()).is_some_and(|v| v.split(',').any(|t| t.trim().trim_start_matches("W/") == tag)));
    let status = if not_modified { 304 } else { reply.status };

    let (used, reset) = {
        let mut rates = lock(&sb.rate);
        let entry = rates.entry(rate_key.to_string()).or_insert(RateState { used: 0, reset: now() + 3600 });
        if now() >= entry.reset {
            *entry = RateState { used: 0, reset: now() + 3600 };
        }
        // GitHub does not charge a 304 against the rate limit.
        if charge && status != 304 {
            entry.used += 1;
        }
        (entry.used, entry.reset)
    };

    let mut b = Response::builder()
        .status(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header("x-github-request-id", request_id)
        .header("x-github-enterprise-version", GHES_VERSION)
        .header("x-github-media-type", "github.v3; format=json")
        .header("x-ratelimit-limit", limit.to_string())
        .header("x-ratelimit-resource", "core");
    let overrides: Vec<&str> = reply.headers.iter().map(|(k, _)| *k).collect();
    if !overrides.contains(&"x-ratelimit-remaining") {
        b = b.header("x-ratelimit-remaining", limit.saturating_sub(used).to_string());
    }
    if !overrides.contains(&"x-ratelimit-reset") {
        b = b.header("x-ratelimit-reset", reset.to_string());
    }
    b = b.header("x-ratelimit-used", used.to_string());
    if let Some(scopes) = scopes {
        b = b.header("x-oauth-scopes", scopes.join(", "));
    }
    if !overrides.contains(&"x-accepted-oauth-scopes") {
        b = b.header("x-accepted-oauth-scopes", accepted);
    }
    for (k, v) in &reply.headers {
        if let Ok(v) = HeaderValue::from_str(v) {
            b = b.header(*k, v);
        }
    }
    if method == Method::GET {
        b = b.header("cache-control", "private, max-age=60, s-maxage=60").header("vary", "Accept, Authorization");
    } else {
        b = b.header("cache-control", "no-cache");
    }
    if let Some(tag) = &etag {
        b = b.header("etag", tag);
    }
    match (not_modified, body_bytes) {
        (false, Some(bytes)) => respond(b.header("content-type", "application/json; charset=utf-8"), Body::from(bytes)),
        _ => respond(b, Body::empty()),
    }
}

/// Finishes a response; a builder that went wrong (a header it could not take) is a bare 500, not a panic.
pub(crate) fn respond(builder: response::Builder, body: Body) -> Response {
    builder.body(body).unwrap_or_else(|_| {
        let mut r = Response::new(Body::from(r#"{"message":"Server Error"}"#));
        *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        r
    })
}

fn cors(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    h.insert("access-control-allow-methods", HeaderValue::from_static("GET, POST, PATCH, PUT, DELETE"));
    h.insert("access-control-allow-headers", HeaderValue::from_static("Authorization, Content-Type, If-None-Match, X-GitHub-Api-Version, Accept"));
    h.insert(
        "access-control-expose-headers",
        HeaderValue::from_static(
            "ETag, Link, Location, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Reset, \
             X-RateLimit-Resource, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-GitHub-Request-Id, X-GitHub-Enterprise-Version",
        ),
    );
    response
}

/// A JSON answer for the controls and for what is not the API.
pub(crate) fn plain(status: u16, body: Value) -> Response {
    respond(
        Response::builder()
            .status(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
            .header("content-type", "application/json; charset=utf-8")
            .header("cache-control", "no-store"),
        Body::from(body.to_string()),
    )
}
