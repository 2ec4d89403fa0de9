//! GitHub's cross-cutting behaviour, over real HTTP: auth and scopes, pagination, ETags, caching and
//! rate-limit headers, counters, faults and reset (CORS is in `cors.rs`).
mod common;

use common::*;
use ghes_sandbox::{Faults, SeedConfig};
use serde_json::{json, Value};

#[tokio::test]
async fn authentication_and_scopes_follow_github() {
    let h = Harness::start().await;
    let none = h.call(None, "GET", "/user", None).await;
    assert_eq!(none.status, 401);
    assert_eq!(none.json["message"], "Requires authentication");
    let bad = h.call(Some("ghp-not-a-token"), "GET", "/user", None).await;
    assert_eq!(bad.status, 401);
    assert_eq!(bad.json["message"], "Bad credentials");

    // `token X` works as well as `Bearer X`
    let raw = h.raw("GET", &format!("{}/user", h.api), &[("authorization", "token sandbox-org")]).await;
    assert_eq!(raw.status(), 200);
    assert_eq!(raw.headers()["x-oauth-scopes"], "admin:org");

    for (token, path, needed) in [
        ("sandbox-org", "/enterprises/acme/actions/runners", "manage_runners:enterprise"),
        ("sandbox-repo", "/orgs/acme-platform/actions/runners", "admin:org"),
        ("sandbox-org", "/repos/acme-platform/api/actions/runners", "repo"),
        ("sandbox-none", "/orgs/acme-platform/actions/runner-groups", "admin:org"),
    ] {
        let r = h.call(Some(token), "GET", path, None).await;
        assert_eq!(r.status, 403, "{token} on {path}");
        assert_eq!(r.header("x-accepted-oauth-scopes"), needed, "{token} on {path}");
    }
    for (token, path) in [("sandbox-admin", "/enterprises/acme/actions/runners"), ("sandbox-org", "/orgs/acme-platform/actions/runners"), ("sandbox-repo", "/repos/acme-platform/api/actions/runners")]
    {
        assert_eq!(h.call(Some(token), "GET", path, None).await.status, 200, "{token} on {path}");
    }
    assert_eq!(h.call(Some("sandbox-none"), "GET", "/user", None).await.json["login"], "no-scopes");
    assert_eq!(h.get("/enterprises/other/actions/runners").await.status, 404);
}

#[tokio::test]
async fn pagination_defaults_clamps_and_links() {
    let h = Harness::start_with(SeedConfig { runners: 250, ..SeedConfig::default() }, Faults::default()).await;
    let first = h.get("/orgs/acme-platform/actions/runners").await;
    let total = first.json["total_count"].as_u64().unwrap();
    assert_eq!(total, 262, "12 seeded plus 250");
    assert_eq!(first.json["runners"].as_array().unwrap().len(), 30, "per_page defaults to 30");
    let rels = links(&first.header("link"));
    let rel = |name: &str| rels.iter().find(|(r, _)| r == name).map(|(_, u)| u.clone());
    assert!(rel("next").unwrap().starts_with(&h.api), "absolute URLs: {rels:?}");
    assert!(rel("last").unwrap().ends_with("page=9"), "{rels:?}");
    assert!(rel("prev").is_none() && rel("first").is_none());

    let clamped = h.get("/orgs/acme-platform/actions/runners?per_page=500&page=3").await;
    assert_eq!(clamped.json["runners"].as_array().unwrap().len(), 62, "per_page is clamped to 100; page 3 holds the rest");
    let rels = links(&clamped.header("link"));
    assert!(rels.iter().any(|(r, u)| r == "prev" && u.contains("page=2") && u.contains("per_page=100")));
    assert!(rels.iter().any(|(r, u)| r == "first" && u.contains("page=1")));
    assert!(!rels.iter().any(|(r, _)| r == "next"), "the last page has no next");

    // following every next link visits each runner once
    let mut url = format!("{}/orgs/acme-platform/actions/runners?per_page=100", h.api);
    let mut seen = Vec::new();
    loop {
        let path = url.trim_start_matches(&h.api).to_string();
        let page = h.get(&path).await;
        seen.extend(page.json["runners"].as_array().unwrap().iter().map(|r| r["id"].as_u64().unwrap()));
        match links(&page.header("link")).into_iter().find(|(r, _)| r == "next") {
            Some((_, next)) => url = next,
            None => break,
        }
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((seen.len(), unique.len()), (262, 262));

    let beyond = h.get("/orgs/acme-platform/actions/runners?per_page=100&page=7").await;
    assert_eq!(beyond.json["runners"].as_array().unwrap().len(), 0);
    assert_eq!(beyond.json["total_count"], 262);

    let named = h.get("/orgs/acme-platform/actions/runners?name=fleet-00042").await;
    assert_eq!(named.json["total_count"], 1);
    assert_eq!(named.json["runners"][0]["name"], "fleet-00042");

    // /organizations pages by `since`, with only a next link
    let orgs = h.get("/organizations?per_page=2").await;
    assert_eq!(orgs.json.as_array().unwrap().len(), 2);
    let next = links(&orgs.header("link")).into_iter().find(|(r, _)| r == "next").unwrap().1;
    assert!(next.contains("since=102"), "{next}");
    let rest = h.get(next.trim_start_matches(&h.api)).await;
    assert_eq!(names(&json!({ "x": rest.json }), "x", "login"), vec!["acme-data"]);
}

#[tokio::test]
async fn etags_revalidate_to_304_and_writes_change_them() {
    let h = Harness::start().await;
    let path = "/orgs/acme-platform/actions/runners";
    let first = h.get(path).await;
    let etag = first.header("etag");
    assert!(etag.starts_with('"') && etag.len() > 4, "{etag}");
    assert_eq!(first.header("cache-control"), "private, max-age=60, s-maxage=60");
    assert_eq!(first.header("vary"), "Accept, Authorization, Accept-Encoding");
    assert_eq!(first.header("content-encoding"), "", "not compressed for a client that did not ask");

    let again = h.call_with(Some(ADMIN), "GET", path, None, &[("if-none-match", &etag)]).await;
    assert_eq!(again.status, 304);
    assert!(again.json.is_null());
    assert_eq!(again.header("etag"), etag);

    // As GitHub answers a browser: gzip, and the same tag made weak, which revalidates too.
    let zipped = h.call_with(Some(ADMIN), "GET", path, None, &[("accept-encoding", "gzip, deflate, br, zstd")]).await;
    assert_eq!((zipped.status, zipped.header("content-encoding")), (200, "gzip".to_string()));
    assert_eq!(zipped.header("etag"), format!("W/{etag}"));
    let refused = h.call_with(Some(ADMIN), "GET", path, None, &[("accept-encoding", "gzip;q=0, identity")]).await;
    assert_eq!(refused.header("content-encoding"), "", "gzip;q=0 refuses it");
    let weak = h.call_with(Some(ADMIN), "GET", path, None, &[("if-none-match", &zipped.header("etag")), ("accept-encoding", "gzip")]).await;
    assert_eq!((weak.status, weak.header("etag")), (304, format!("W/{etag}")));

    // a write elsewhere in the org's fleet changes this list's ETag
    let id = first.json["runners"][0]["id"].as_u64().unwrap();
    h.send("POST", &format!("/orgs/acme-platform/actions/runners/{id}/labels"), json!({ "labels": ["changed"] })).await;
    let after = h.call_with(Some(ADMIN), "GET", path, None, &[("if-none-match", &etag)]).await;
    assert_eq!(after.status, 200);
    assert_ne!(after.header("etag"), etag);

    let counters = h.admin("GET", "/counters", None).await;
    assert_eq!(counters["not_modified"], 2);
    assert_eq!(counters["total"], 7);
    assert_eq!(counters["by_status"]["304"], 2);
    assert_eq!(counters["by_status"]["200"], 5);

    // a 304 is not charged against the rate limit
    let before: u64 = h.get("/user").await.header("x-ratelimit-used").parse().unwrap();
    let user_etag = h.get("/user").await.header("etag");
    let r304 = h.call_with(Some(ADMIN), "GET", "/user", None, &[("if-none-match", &user_etag)]).await;
    assert_eq!(r304.status, 304);
    assert_eq!(r304.header("x-ratelimit-used").parse::<u64>().unwrap(), before + 1);
}

#[tokio::test]
async fn headers_follow_github() {
    let h = Harness::start().await;
    let r = h.get("/orgs/acme-platform/actions/runners").await;
    for name in ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-used", "x-ratelimit-reset", "x-ratelimit-resource", "x-github-request-id"] {
        assert!(!r.header(name).is_empty(), "{name} missing");
    }
    assert_eq!(r.header("x-github-enterprise-version"), "3.19.0");
    assert_eq!(r.header("x-ratelimit-limit"), "5000");
    assert_eq!(r.header("access-control-allow-origin"), "*");
    let counters = h.admin("GET", "/counters", None).await;
    assert_eq!(counters["total"], 1);
}

#[tokio::test]
async fn faults_inject_failures_latency_and_rate_limits() {
    let h = Harness::start().await;

    h.admin("PUT", "/faults", Some(json!({ "force": [{ "method": "DELETE", "path": "/orgs/*/actions/runners/*", "status": 502, "times": 1 }] }))).await;
    let id = h.get("/orgs/acme-platform/actions/runners?name=platform-runner-02").await.json["runners"][0]["id"].as_u64().unwrap();
    let failed = h.send("DELETE", &format!("/orgs/acme-platform/actions/runners/{id}"), Value::Null).await;
    assert_eq!(failed.status, 502);
    assert_eq!(h.get(&format!("/orgs/acme-platform/actions/runners/{id}")).await.status, 200, "a forced failure changes nothing");
    assert_eq!(h.send("DELETE", &format!("/orgs/acme-platform/actions/runners/{id}"), Value::Null).await.status, 204, "times: 1 is used up");

    h.admin("PUT", "/faults", Some(json!({ "failure_rate": 1.0 }))).await;
    let r = h.get("/user").await;
    assert!(r.status == 500 || r.status == 502, "{}", r.status);

    h.admin("PUT", "/faults", Some(json!({ "secondary_rate_limit": { "status": 429, "retry_after": 7, "times": 1 } }))).await;
    let r = h.get("/user").await;
    assert_eq!(r.status, 429);
    assert_eq!(r.header("retry-after"), "7");
    assert!(r.json["message"].as_str().unwrap().contains("secondary rate limit"));
    assert_eq!(h.get("/user").await.status, 200, "times: 1 is used up");

    h.admin("PUT", "/faults", Some(json!({ "primary_exhausted": { "reset_in": 30 } }))).await;
    let r = h.get("/orgs/acme-platform/actions/runners").await;
    assert_eq!(r.status, 403);
    assert_eq!(r.header("x-ratelimit-remaining"), "0");
    let reset: u64 = r.header("x-ratelimit-reset").parse().unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    assert!(reset >= now + 25 && reset <= now + 31, "reset {reset} vs now {now}");

    h.admin("PUT", "/faults", Some(json!({ "latency_ms": 150 }))).await;
    let started = std::time::Instant::now();
    assert_eq!(h.get("/user").await.status, 200);
    assert!(started.elapsed().as_millis() >= 150, "latency is added");

    // reset returns the seed, clears faults and counters
    h.admin("POST", "/reset", None).await;
    assert_eq!(h.get(&format!("/orgs/acme-platform/actions/runners/{id}")).await.status, 200, "the deleted runner is back");
    let counters = h.admin("GET", "/counters", None).await;
    assert_eq!(counters["total"], 1);
}

#[tokio::test]
async fn runner_state_controls_change_what_the_api_reports() {
    let h = Harness::start().await;
    let r = h.get("/orgs/acme-platform/actions/runners?name=platform-runner-01").await;
    let id = r.json["runners"][0]["id"].as_u64().unwrap();
    h.admin("PATCH", &format!("/runners/{id}"), Some(json!({ "status": "offline", "busy": false }))).await;
    assert_eq!(h.get(&format!("/orgs/acme-platform/actions/runners/{id}")).await.json["status"], "offline");
}

#[tokio::test]
async fn malformed_bodies_get_400() {
    let h = Harness::start().await;
    let res = h.raw("POST", &format!("{}/orgs/acme-platform/actions/runner-groups", h.api), &[("authorization", "Bearer sandbox-admin"), ("content-type", "application/json")]).await;
    // An empty body is not JSON for a create: GitHub asks for the name.
    assert_eq!(res.status(), 422);
    let client = reqwest::Client::new();
    let res = client.post(format!("{}/orgs/acme-platform/actions/runner-groups", h.api)).header("authorization", "Bearer sandbox-admin").body("{not json").send().await.unwrap();
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["message"], "Problems parsing JSON");
}

#[tokio::test]
async fn hostile_names_come_back_verbatim() {
    let h = Harness::start().await;
    let r = h.get("/orgs/acme-data/actions/runners").await;
    let hostile = r.json["runners"].as_array().unwrap().iter().find(|r| r["name"] == "<img src=x onerror=alert(1)>").expect("the seed has a hostile name");
    let labels: Vec<&str> = hostile["labels"].as_array().unwrap().iter().map(|l| l["name"].as_str().unwrap()).collect();
    assert!(labels.contains(&"🚀-fast") && labels.contains(&"עברית"), "{labels:?}");
}
