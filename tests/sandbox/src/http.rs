//! The HTTP layer: sorts a request into a CORS preflight, a test control, the SAML SSO page or an API
//! request (REST or GraphQL), and answers it. [`serve`] runs an API request past the limits, the faults, SAML SSO and
//! the operations; [`answer`] puts GitHub's answer together (rate-limit headers, request ids, ETags and
//! 304s, caching); [`crate::cors`] adds GitHub's CORS headers.
mod answer;
mod serve;

use std::sync::Arc;
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, response, HeaderMap, Method, StatusCode, Version};
use axum::response::Response;
use serde_json::{json, Value};

use crate::faults::MAX_LATENCY_MS;
use crate::listen::Https;
use crate::log::LogGuard;
use crate::{admin, cors, lock, sso, Sandbox, TOKENS};

/// The largest request body read: 8 MiB.
const MAX_BODY: usize = 8 * 1024 * 1024;

/// Where a request is going.
enum Target {
    Control(String),
    SsoPage(String),
    /// The path below the API prefix (`/api/v3` on GHES, nothing on github.com).
    Api(String),
    /// GraphQL: `/graphql` on github.com, `/api/graphql` on GHES.
    Graphql,
    Elsewhere,
}

fn target(path: &str, api_prefix: &str) -> Target {
    let graphql = if api_prefix.is_empty() { "/graphql" } else { "/api/graphql" };
    if path == graphql {
        return Target::Graphql;
    }
    if let Some(rest) = path.strip_prefix("/_sandbox").filter(|r| r.is_empty() || r.starts_with('/')) {
        return Target::Control(rest.to_string());
    }
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if let ["orgs", org, "sso"] = segs.as_slice() {
        return Target::SsoPage(crate::decode(org));
    }
    match path.strip_prefix(api_prefix) {
        Some("") => Target::Api("/".into()),
        Some(rest) if rest.starts_with('/') => Target::Api(rest.to_string()),
        _ => Target::Elsewhere,
    }
}

pub(crate) async fn handle(State(sb): State<Arc<Sandbox>>, req: Request) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let query_string = req.uri().query().unwrap_or("").to_string();
    let headers = req.headers().clone();
    let web = origin(&req);
    let server = sb.server();
    let target = target(&path, server.profile.api_prefix());

    let is_api = matches!(target, Target::Api(_) | Target::Graphql);
    let (disable_cors, latency) = {
        let f = lock(&sb.faults);
        (f.disable_cors, f.latency_ms.min(MAX_LATENCY_MS))
    };
    let with_cors = !disable_cors || !is_api;
    let cors = move |r: Response| if with_cors { cors::answer(r) } else { r };
    // A CORS preflight carries no credentials: charged nothing, but a round trip like any other.
    if method == Method::OPTIONS && !headers.contains_key(header::AUTHORIZATION) {
        {
            let mut c = lock(&sb.counters);
            c.preflight += 1;
            if !cors::preflight_allows(&headers, server.allow_api_version_header) {
                c.preflight_blocked += 1;
            }
        }
        if is_api && latency > 0 {
            // Dropped mid-sleep when the browser gives up on the preflight: counted on drop.
            let mut abandoned = AbandonedPreflight { sb: &sb, answered: false };
            tokio::time::sleep(Duration::from_millis(latency)).await;
            abandoned.answered = true;
        }
        return cors::preflight(with_cors, server.allow_api_version_header);
    }
    let body = match to_bytes(req.into_body(), MAX_BODY).await {
        Ok(b) => b,
        Err(_) => return cors(plain(413, json!({ "message": "Request body too large" }))),
    };
    let (api_path, graphql) = match target {
        Target::Control(rest) => return cors(admin::control(&sb, &method, &rest, &query_string, &headers, &body)),
        Target::SsoPage(org) if method == Method::GET => return cors(sso::page(&sb, &org, &query_string)),
        Target::Api(api_path) => (api_path, false),
        Target::Graphql => ("/graphql".to_string(), true),
        Target::SsoPage(_) | Target::Elsewhere => {
            let docs = format!("{}rest", server.profile.docs_base());
            return cors(plain(404, json!({ "message": "Not Found", "documentation_url": docs, "status": "404" })));
        }
    };

    // Limits are met on arrival; the slot in the concurrency count is held until the answer (or
    // until the client gives up: dropping the future drops the slot and marks the log entry).
    let token = bearer(&headers);
    let limit_key = token.as_deref().filter(|t| TOKENS.iter().any(|(name, ..)| name == t)).unwrap_or("anonymous");
    // A GraphQL query costs a point and creates nothing (GitHub: "GraphQL requests without mutations").
    let admission = if graphql { sb.limits.admit_costing(limit_key, &api_path, 1, false) } else { sb.limits.admit(limit_key, method.as_str(), &api_path) };
    let logged_path = if query_string.is_empty() { api_path.clone() } else { format!("{api_path}?{query_string}") };
    let entry = LogGuard::start(&sb, method.as_str(), &logged_path);

    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let request = serve::ApiRequest {
        method: &method,
        api_path: &api_path,
        query_string: &query_string,
        headers: &headers,
        body: &body,
        web: &web,
        token: token.as_deref(),
        profile: server.profile,
        rate_limiting: server.rate_limiting,
    };
    let (response, secondary_limited) = if graphql { serve::serve_graphql(&sb, &request, admission.limited) } else { serve::serve_api(&sb, &request, admission.limited) };
    let status = response.status().as_u16();
    {
        let mut c = lock(&sb.counters);
        c.record(method.as_str(), status, headers.contains_key("x-github-api-version"), secondary_limited);
        if graphql {
            c.graphql += 1;
        }
    }
    entry.finish(status);
    drop(admission);
    cors(response)
}

/// The sandbox's own origin as this request reached it, for every URL it writes: `https` when the
/// request came over TLS, and the host the client named (HTTP/2 sends `:authority`, not Host).
fn origin(req: &Request) -> String {
    let scheme = if req.extensions().get::<Https>().is_some() { "https" } else { "http" };
    let authority = (req.version() == Version::HTTP_2).then(|| req.uri().authority()).flatten().map(|a| a.as_str());
    let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).or(authority).unwrap_or("127.0.0.1");
    format!("{scheme}://{host}")
}

/// The token of `Authorization: Bearer X` or `Authorization: token X`.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<String> {
    headers.get(header::AUTHORIZATION).and_then(|h| h.to_str().ok()).and_then(|h| {
        let (scheme, value) = h.trim().split_once(' ')?;
        (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("token")).then(|| value.trim().to_string())
    })
}

/// Finishes a response; a builder that went wrong (a header it could not take) is a bare 500, not a panic.
pub(crate) fn respond(builder: response::Builder, body: Body) -> Response {
    builder.body(body).unwrap_or_else(|_| {
        let mut r = Response::new(Body::from(r#"{"message":"Server Error"}"#));
        *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        r
    })
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

/// Counts a preflight whose answer nobody waited for.
struct AbandonedPreflight<'a> {
    sb: &'a Sandbox,
    answered: bool,
}

impl Drop for AbandonedPreflight<'_> {
    fn drop(&mut self) {
        if !self.answered {
            lock(&self.sb.counters).preflight_aborted += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_sorted_by_path_and_profile() {
        let api = |t: Target| match t {
            Target::Api(p) => Some(p),
            _ => None,
        };
        assert_eq!(api(target("/api/v3/user", "/api/v3")).as_deref(), Some("/user"));
        assert_eq!(api(target("/api/v3", "/api/v3")).as_deref(), Some("/"));
        assert!(matches!(target("/api/v3x/user", "/api/v3"), Target::Elsewhere));
        assert!(matches!(target("/user", "/api/v3"), Target::Elsewhere));
        assert_eq!(api(target("/user", "")).as_deref(), Some("/user"));
        assert_eq!(api(target("/api/v3/user", "")).as_deref(), Some("/api/v3/user"), "github.com has no /api/v3: it is just a path there");
        assert!(matches!(target("/_sandbox/reset", ""), Target::Control(r) if r == "/reset"));
        assert!(matches!(target("/_sandboxes", ""), Target::Api(_)));
        assert!(matches!(target("/orgs/acme-mobile/sso", ""), Target::SsoPage(o) if o == "acme-mobile"));
        assert!(matches!(target("/orgs/acme-mobile/sso", "/api/v3"), Target::SsoPage(_)));
        assert!(matches!(target("/api/v3/orgs/acme-mobile/sso", "/api/v3"), Target::Api(_)), "the page is on the web host, not the API");
        assert!(matches!(target("/graphql", ""), Target::Graphql));
        assert!(matches!(target("/api/graphql", "/api/v3"), Target::Graphql));
        assert!(matches!(target("/graphql", "/api/v3"), Target::Elsewhere), "GHES's GraphQL is /api/graphql");
        assert!(matches!(target("/api/graphql", ""), Target::Api(_)), "github.com's is /graphql");
    }
}
