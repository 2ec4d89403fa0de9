//! CORS exactly as GitHub sends it. Answers expose GitHub's list of headers (not
//! `X-GitHub-Enterprise-Version`: a browser cannot read it from a real server); preflights allow
//! GitHub's list of request headers and are cached for a day. A preflight naming any other header is
//! answered all the same, without allowing it, so the browser refuses the request as it would for real.
use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;

use crate::http::respond;

pub const EXPOSED_HEADERS: &str = "ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, \
                                   X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset";
pub const ALLOWED_HEADERS: &str = "Authorization, Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since, X-GitHub-OTP, X-Requested-With";
/// Allowed only behind `--allow-api-version-header`: whether GitHub allows it is unconfirmed.
pub const API_VERSION_HEADER: &str = "X-GitHub-Api-Version";
pub const ALLOWED_METHODS: &str = "GET, POST, PATCH, PUT, DELETE";
pub const MAX_AGE: &str = "86400";

/// Request headers a browser never names in a preflight (CORS-safelisted names; their values are
/// safelisted too for everything the console sends).
const SAFELISTED: [&str; 4] = ["accept", "accept-language", "content-language", "range"];
/// Methods a browser never asks a preflight about.
const SIMPLE_METHODS: [&str; 3] = ["GET", "HEAD", "POST"];

pub fn allowed_headers(api_version: bool) -> String {
    if api_version {
        format!("{ALLOWED_HEADERS}, {API_VERSION_HEADER}")
    } else {
        ALLOWED_HEADERS.to_string()
    }
}

/// What every answer carries.
pub fn answer(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    h.insert("access-control-expose-headers", HeaderValue::from_static(EXPOSED_HEADERS));
    response
}

/// The answer to a preflight; `cors` false for a server that does not allow the console at all.
pub fn preflight(cors: bool, api_version: bool) -> Response {
    let mut b = Response::builder().status(204);
    if cors {
        b = b.header("access-control-allow-headers", allowed_headers(api_version)).header("access-control-allow-methods", ALLOWED_METHODS).header("access-control-max-age", MAX_AGE);
    }
    let response = respond(b, Body::empty());
    if cors {
        answer(response)
    } else {
        response
    }
}

/// Whether a browser would go on to send the request this preflight asks about.
pub fn preflight_allows(headers: &HeaderMap, api_version: bool) -> bool {
    let allowed = allowed_headers(api_version).to_lowercase();
    let allowed: Vec<&str> = allowed.split(',').map(str::trim).collect();
    let method = headers.get("access-control-request-method").and_then(|v| v.to_str().ok()).unwrap_or("GET").trim().to_uppercase();
    let method_ok = SIMPLE_METHODS.contains(&method.as_str()) || ALLOWED_METHODS.split(", ").any(|m| m == method);
    let requested = headers
        .get_all("access-control-request-headers")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|h| h.trim().to_lowercase())
        .filter(|h| !h.is_empty())
        .collect::<Vec<_>>();
    method_ok && requested.iter().all(|h| allowed.contains(&h.as_str()) || SAFELISTED.contains(&h.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(method: &str, names: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("access-control-request-method", method.parse().unwrap());
        h.insert("access-control-request-headers", names.parse().unwrap());
        h
    }

    #[test]
    fn only_github_s_headers_pass_a_preflight() {
        assert!(preflight_allows(&ask("DELETE", "authorization,if-none-match,content-type"), false));
        assert!(preflight_allows(&ask("GET", "Authorization, X-GitHub-OTP, accept"), false));
        assert!(!preflight_allows(&ask("GET", "authorization,x-github-api-version"), false));
        assert!(preflight_allows(&ask("GET", "authorization,x-github-api-version"), true));
        assert!(!preflight_allows(&ask("GET", "authorization,user-agent"), false));
        assert!(!preflight_allows(&ask("OPTIONS", "authorization"), false));
        assert!(preflight_allows(&HeaderMap::new(), false));
    }
}
