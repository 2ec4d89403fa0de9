//! CORS exactly as GitHub sends it, over real HTTP: the exposed and allowed header lists, a day's
//! preflight cache, preflights that do not allow a header GitHub does not allow, `X-GitHub-Api-Version`
//! only behind its flag, and latency on preflights as on every round trip.
mod common;

use std::time::{Duration, Instant};

use common::*;
use ghes_sandbox::{Faults, Limits, Profile, SeedConfig, ServerConfig, ServerState};
use serde_json::json;

/// What api.github.com exposes to scripts (not `X-GitHub-Enterprise-Version`).
const GITHUB_EXPOSES: &str = "ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset";
/// The request headers GitHub's preflights allow.
const GITHUB_ALLOWS: &str = "Authorization, Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since, X-GitHub-OTP, X-Requested-With";

fn header(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers().get(name).map(|v| v.to_str().unwrap().to_string())
}

async fn preflight(h: &Harness, path: &str, method: &str, headers: &str) -> reqwest::Response {
    h.raw("OPTIONS", &format!("{}{path}", h.api), &[("origin", "http://127.0.0.1:9"), ("access-control-request-method", method), ("access-control-request-headers", headers)]).await
}

fn list(s: &str) -> Vec<String> {
    s.split(',').map(|x| x.trim().to_string()).collect()
}

#[tokio::test]
async fn cors_headers_equal_github_s_lists() {
    for profile in Profile::ALL {
        let h = Harness::start_as(profile).await;
        for (token, path, status) in [(Some(ADMIN), "/orgs/acme-platform/actions/runners", 200), (None, "/user", 401), (Some(ADMIN), "/orgs/nope", 404)] {
            let r = h.call(token, "GET", path, None).await;
            assert_eq!(r.status, status);
            assert_eq!(r.header("access-control-allow-origin"), "*", "{}: {path}", profile.name());
            assert_eq!(list(&r.header("access-control-expose-headers")), list(GITHUB_EXPOSES), "{}: {path}", profile.name());
            assert_eq!(r.header("access-control-allow-headers"), "", "only preflights say what they allow");
        }
        let pre = preflight(&h, "/orgs/acme-platform/actions/runners/7", "DELETE", "authorization,if-none-match").await;
        assert_eq!(pre.status(), 204);
        assert_eq!(header(&pre, "access-control-allow-origin").as_deref(), Some("*"));
        assert_eq!(list(&header(&pre, "access-control-allow-headers").unwrap()), list(GITHUB_ALLOWS), "{}", profile.name());
        assert_eq!(header(&pre, "access-control-allow-methods").as_deref(), Some("GET, POST, PATCH, PUT, DELETE"));
        assert_eq!(header(&pre, "access-control-max-age").as_deref(), Some("86400"));
        let c = h.admin("GET", "/counters", None).await;
        assert_eq!((c["preflight"].as_u64(), c["preflight_blocked"].as_u64(), c["total"].as_u64()), (Some(1), Some(0), Some(3)), "preflights are not API requests: {c}");
    }
}

#[tokio::test]
async fn a_preflight_asking_for_another_header_is_answered_without_allowing_it() {
    let h = Harness::start().await;
    for (asked, blocked) in [
        ("authorization,x-github-api-version", true),
        ("authorization,user-agent", true),
        ("Authorization, Content-Type, If-None-Match", false),
        ("authorization,x-github-otp,x-requested-with,if-match,if-modified-since,if-unmodified-since", false),
    ] {
        let before = h.admin("GET", "/counters", None).await["preflight_blocked"].as_u64().unwrap();
        let pre = preflight(&h, "/user", "GET", asked).await;
        assert_eq!(pre.status(), 204, "answered all the same");
        let allowed = list(&header(&pre, "access-control-allow-headers").unwrap().to_lowercase());
        let refused: Vec<String> = list(&asked.to_lowercase()).into_iter().filter(|a| !allowed.contains(a)).collect();
        assert_eq!(!refused.is_empty(), blocked, "{asked}: the browser refuses {refused:?}");
        let after = h.admin("GET", "/counters", None).await["preflight_blocked"].as_u64().unwrap();
        assert_eq!(after - before, u64::from(blocked), "{asked}: counted as blocked");
    }
    let pre = preflight(&h, "/user", "OPTIONS", "authorization").await;
    assert!(!header(&pre, "access-control-allow-methods").unwrap().contains("OPTIONS"));
    assert_eq!(h.admin("GET", "/counters", None).await["preflight_blocked"], 3, "a method GitHub does not allow is refused too");
}

#[tokio::test]
async fn the_api_version_header_is_allowed_only_behind_its_flag() {
    let on = ServerConfig { state: ServerState { allow_api_version_header: true, ..ServerState::default() }, ..ServerConfig::default() };
    let h = Harness::start_server(on).await;
    let allowed = |r: &reqwest::Response| list(&header(r, "access-control-allow-headers").unwrap());
    let pre = preflight(&h, "/user", "GET", "authorization,x-github-api-version").await;
    assert_eq!(allowed(&pre), list(&format!("{GITHUB_ALLOWS}, X-GitHub-Api-Version")));
    assert_eq!(h.admin("GET", "/counters", None).await["preflight_blocked"], 0);

    let off = h.admin("PUT", "/server", Some(json!({ "allow_api_version_header": false }))).await;
    assert_eq!(off["allow_api_version_header"], false);
    assert_eq!(allowed(&preflight(&h, "/user", "GET", "authorization,x-github-api-version").await), list(GITHUB_ALLOWS));
    h.admin("POST", "/reset", None).await;
    assert_eq!(h.admin("GET", "/server", None).await["allow_api_version_header"], true, "reset returns to the flag");
    let plain = Harness::start().await;
    assert_eq!(allowed(&preflight(&plain, "/user", "GET", "authorization").await), list(GITHUB_ALLOWS), "off by default");
}

#[tokio::test]
async fn latency_delays_every_round_trip_preflights_included() {
    let faults = Faults { latency_ms: 300, ..Faults::default() };
    for profile in [Profile::Ghes319, Profile::Dotcom] {
        let server = ServerConfig { state: ServerState { profile, ..ServerState::default() }, ..ServerConfig::default() };
        let h = Harness::start_full(SeedConfig::default(), faults.clone(), Limits::default(), server).await;
        let started = Instant::now();
        assert_eq!(preflight(&h, "/orgs/acme-platform/actions/runners", "GET", "authorization").await.status(), 204);
        assert!(started.elapsed() >= Duration::from_millis(300), "{}: a preflight costs a round trip: {:?}", profile.name(), started.elapsed());
        let started = Instant::now();
        assert_eq!(h.get("/orgs/acme-platform/actions/runners").await.status, 200);
        assert!(started.elapsed() >= Duration::from_millis(300), "and so does the request");
        // The test controls are not delayed, preflights to them neither.
        let started = Instant::now();
        let control =
            h.raw("OPTIONS", &format!("{}/_sandbox/faults", h.root), &[("origin", "http://x"), ("access-control-request-method", "PUT"), ("access-control-request-headers", "content-type")]).await;
        assert_eq!(control.status(), 204);
        h.admin("GET", "/counters", None).await;
        assert!(started.elapsed() < Duration::from_millis(300), "{:?}", started.elapsed());
    }
}

#[tokio::test]
async fn cors_can_be_switched_off_for_the_console_s_tests() {
    let h = Harness::start().await;
    h.admin("PUT", "/faults", Some(json!({ "disable_cors": true }))).await;
    let r = h.get("/user").await;
    assert_eq!(r.status, 200);
    assert!(r.header("access-control-allow-origin").is_empty(), "no CORS headers while switched off");
    let pre = h.raw("OPTIONS", &format!("{}/user", h.api), &[("origin", "http://x"), ("access-control-request-method", "GET")]).await;
    assert!(pre.headers().get("access-control-allow-origin").is_none());
    // the controls themselves stay reachable from the browser
    let c = h.raw("GET", &format!("{}/_sandbox/counters", h.root), &[]).await;
    assert_eq!(c.headers()["access-control-allow-origin"], "*");
}
