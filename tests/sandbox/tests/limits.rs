//! GitHub's secondary rate limits, over real HTTP, scaled down: points per endpoint (GET 1, others 5),
//! content creation, concurrency; the answer's shape; nothing performed and nothing charged when
//! refused; the budget freeing after the window; the run-time controls and reset.
mod common;

use std::time::Duration;

use common::*;
use ghes_sandbox::{Faults, Limits, SeedConfig};
use serde_json::{json, Value};

const DOCS: &str = "https://docs.github.com/enterprise-server@3.19/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits";

fn limits(points: u64, creates: u64, concurrent: u64, window_ms: u64) -> Limits {
    Limits { enabled: true, points_per_window: points, creates_per_window: creates, max_concurrent: concurrent, window_ms }
}

async fn start(l: Limits) -> Harness {
    Harness::start_with_limits(SeedConfig::default(), Faults::default(), l).await
}

async fn runner_id(h: &Harness, scope: &str, name: &str) -> u64 {
    let r = h.get(&format!("{scope}/actions/runners?name={name}")).await;
    assert_eq!(r.json["total_count"], 1, "{name}: {}", r.json);
    r.json["runners"][0]["id"].as_u64().unwrap()
}

/// Asserts GitHub's secondary-limit answer exactly; returns its Retry-After.
fn assert_limited(r: &Resp, what: &str) -> u64 {
    assert_eq!(r.status, 403, "{what}: {}", r.json);
    let id = r.header("x-github-request-id");
    assert!(!id.is_empty(), "{what}: a request id");
    let message = format!("You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID {id}.");
    assert_eq!(r.json, json!({ "message": message, "documentation_url": DOCS }), "{what}");
    for name in ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-used", "x-ratelimit-reset", "x-ratelimit-resource"] {
        assert!(!r.header(name).is_empty(), "{what}: {name} missing");
    }
    assert_eq!(r.header("access-control-allow-origin"), "*", "{what}: CORS headers as on every answer");
    let retry: u64 = r.header("retry-after").parse().unwrap_or_else(|_| panic!("{what}: Retry-After is whole seconds: {:?}", r.header("retry-after")));
    assert!(retry >= 1, "{what}: Retry-After is at least 1");
    retry
}

#[tokio::test]
async fn the_defaults_are_github_s_values() {
    let h = Harness::start().await;
    let l = h.admin("GET", "/limits", None).await;
    assert_eq!(l, json!({ "enabled": true, "points_per_window": 900, "creates_per_window": 80, "max_concurrent": 100, "window_ms": 60000 }));
    let c = h.admin("GET", "/counters", None).await;
    assert_eq!((c["secondary_limited"].as_u64(), c["aborted"].as_u64()), (Some(0), Some(0)));
}

#[tokio::test]
async fn crossing_the_points_limit_is_refused_performs_nothing_and_frees_after_the_window() {
    let h = start(limits(10, 80, 100, 2000)).await;
    let scope = "/orgs/acme-platform";
    let id = runner_id(&h, scope, "platform-runner-02").await; // another endpoint: its own budget
    let one = format!("{scope}/actions/runners/{id}");

    // Six GETs: 6 points. A DELETE (5) would make 11.
    for _ in 0..6 {
        assert_eq!(h.get(&one).await.status, 200);
    }
    let used_before: u64 = h.get("/user").await.header("x-ratelimit-used").parse().unwrap();
    let refused = h.send("DELETE", &one, Value::Null).await;
    let retry = assert_limited(&refused, "DELETE over the budget");
    assert!(retry <= 2, "the window is 2 s: Retry-After {retry}");
    assert_eq!(refused.header("x-ratelimit-used").parse::<u64>().unwrap(), used_before, "a refused request is not charged against the primary limit either");
    assert_eq!(runner_id(&h, scope, "platform-runner-02").await, id, "the refused DELETE was not performed");

    // The refused DELETE cost nothing: four more GETs fit, the fifth does not.
    for _ in 0..4 {
        assert_eq!(h.get(&one).await.status, 200);
    }
    assert_limited(&h.get(&one).await, "GET number 11");
    // Runner ids share one budget: another id is the same endpoint.
    let other = runner_id(&h, scope, "platform-runner-05").await;
    assert_limited(&h.get(&format!("{scope}/actions/runners/{other}")).await, "another runner id");
    // Other endpoints and other tokens have their own.
    assert_eq!(h.get(&format!("{scope}/actions/runners/{id}/labels")).await.status, 200);
    assert_eq!(h.call(Some("sandbox-org"), "GET", &one, None).await.status, 200);

    let c = h.admin("GET", "/counters", None).await;
    assert_eq!(c["secondary_limited"], 3);
    assert_eq!(c["by_status"]["403"], 3);

    // After Retry-After seconds the DELETE fits, and is performed.
    let refused = h.send("DELETE", &one, Value::Null).await;
    let retry = assert_limited(&refused, "DELETE before the window has passed");
    tokio::time::sleep(Duration::from_secs(retry)).await;
    assert_eq!(h.send("DELETE", &one, Value::Null).await.status, 204, "after Retry-After the budget has room");
    assert_eq!(h.get(&format!("{scope}/actions/runners?name=platform-runner-02")).await.json["total_count"], 0, "and it was performed");
}

#[tokio::test]
async fn gets_cost_one_point_and_deletes_five() {
    let h = start(limits(12, 80, 100, 60_000)).await;
    let scope = "/orgs/acme-platform";
    let a = runner_id(&h, scope, "platform-runner-02").await;
    let b = runner_id(&h, scope, "platform-runner-05").await;
    assert_eq!(h.send("DELETE", &format!("{scope}/actions/runners/{a}"), Value::Null).await.status, 204); // 5
    assert_eq!(h.send("DELETE", &format!("{scope}/actions/runners/{a}"), Value::Null).await.status, 404, "a 404 is charged too"); // 10
    assert_eq!(h.get(&format!("{scope}/actions/runners/{b}")).await.status, 200); // 11
    assert_eq!(h.get(&format!("{scope}/actions/runners/{b}")).await.status, 200); // 12
    assert_limited(&h.get(&format!("{scope}/actions/runners/{b}")).await, "the 13th point");
    assert_limited(&h.send("DELETE", &format!("{scope}/actions/runners/{b}"), Value::Null).await, "a DELETE on a full budget");
    assert_eq!(h.get(&format!("{scope}/actions/runners?name=platform-runner-05")).await.json["total_count"], 1, "not deleted");

    // PATCH and PUT cost 5 as well: 2 PUTs fill a 12-point budget of their own past 10.
    let labels = format!("{scope}/actions/runners/{b}/labels");
    assert_eq!(h.send("PUT", &labels, json!({ "labels": ["x"] })).await.status, 200); // 5
    assert_eq!(h.send("PUT", &labels, json!({ "labels": ["y"] })).await.status, 200); // 10
    assert_limited(&h.send("PUT", &labels, json!({ "labels": ["z"] })).await, "a third PUT (15 > 12)");
    assert_eq!(h.get(&labels).await.status, 200); // 11
    let names: Vec<String> = names(&h.get(&labels).await.json, "labels", "name"); // 12
    assert!(names.contains(&"y".to_string()) && !names.contains(&"z".to_string()), "the refused PUT changed nothing: {names:?}");
}

#[tokio::test]
async fn preflights_are_free_and_options_with_a_token_costs_a_point() {
    let h = start(limits(3, 80, 100, 60_000)).await;
    for _ in 0..10 {
        let pre = h.raw("OPTIONS", &format!("{}/user", h.api), &[("origin", "http://127.0.0.1:9"), ("access-control-request-method", "GET")]).await;
        assert_eq!(pre.status(), 204);
    }
    let with_token = h.raw("OPTIONS", &format!("{}/user", h.api), &[("authorization", "Bearer sandbox-admin")]).await;
    assert_eq!(with_token.status(), 204, "1 point");
    assert_eq!(h.get("/user").await.status, 200); // 2
    assert_eq!(h.get("/user").await.status, 200); // 3
    assert_limited(&h.get("/user").await, "the 4th point");
    let over = h.raw("OPTIONS", &format!("{}/user", h.api), &[("authorization", "Bearer sandbox-admin")]).await;
    assert_eq!(over.status(), 403);
    let c = h.admin("GET", "/counters", None).await;
    assert_eq!(c["preflight"], 10);
    assert_eq!(c["total"], 5, "preflights are not API requests");
}

#[tokio::test]
async fn content_creation_is_limited_per_token() {
    let h = start(limits(10_000, 3, 100, 60_000)).await;
    let org = "/orgs/acme-platform/actions/runners";
    assert_eq!(h.send("POST", &format!("{org}/registration-token"), Value::Null).await.status, 201);
    assert_eq!(h.send("POST", &format!("{org}/registration-token"), Value::Null).await.status, 201);
    assert_eq!(h.send("POST", &format!("{org}/remove-token"), Value::Null).await.status, 201);
    // The fourth POST of the window, on any endpoint, is refused.
    let refused = h.send("POST", "/enterprises/acme/actions/runners/registration-token", Value::Null).await;
    let retry = assert_limited(&refused, "a fourth POST");
    assert!((55..=60).contains(&retry), "until the first POST leaves the minute: {retry}");
    let jit = h.send("POST", &format!("{org}/generate-jitconfig"), json!({ "name": "jit-limited", "runner_group_id": 2, "labels": ["x"] })).await;
    assert_limited(&jit, "a refused JIT config");
    assert_eq!(h.get(&format!("{org}?name=jit-limited")).await.json["total_count"], 0, "no runner was created");
    // GETs and other writes are not content creation; other tokens have their own count.
    assert_eq!(h.get(org).await.status, 200);
    let id = runner_id(&h, "/orgs/acme-platform", "platform-runner-02").await;
    assert_eq!(h.send("DELETE", &format!("{org}/{id}"), Value::Null).await.status, 204);
    assert_eq!(h.call(Some("sandbox-org"), "POST", &format!("{org}/registration-token"), None).await.status, 201);
}

#[tokio::test]
async fn concurrent_requests_over_the_limit_are_refused() {
    let h = start(limits(10_000, 80, 2, 60_000)).await;
    h.admin("PUT", "/faults", Some(json!({ "latency_ms": 2000 }))).await;
    let slow: Vec<_> = (0..2)
        .map(|_| {
            let h = h.clone();
            tokio::spawn(async move { h.get("/user").await.status })
        })
        .collect();
    eventually("two requests in flight", Duration::from_secs(5), || async {
        let log = h.log().await;
        (log.iter().filter(|e| e["status"].is_null()).count() == 2).then_some(())
    })
    .await;
    // Both in their latency sleep: a third of the same token is refused, another token's is not.
    let (third, other) = tokio::join!(h.get("/user"), h.call(Some("sandbox-org"), "GET", "/user", None));
    assert_eq!(assert_limited(&third, "a third concurrent request"), 1);
    assert_eq!(other.status, 200, "another token's requests are counted apart");
    for s in slow {
        assert_eq!(s.await.unwrap(), 200);
    }
    // Once answered, they are no longer in flight.
    assert_eq!(h.get("/user").await.status, 200);
    assert_eq!(h.admin("GET", "/counters", None).await["secondary_limited"], 1);
}

#[tokio::test]
async fn limits_change_at_run_time_and_reset_restores_the_flags() {
    let flags = limits(4, 80, 100, 60_000);
    let h = start(flags.clone()).await;
    let as_json = serde_json::to_value(&flags).unwrap();
    assert_eq!(h.admin("GET", "/limits", None).await, as_json);
    for _ in 0..4 {
        assert_eq!(h.get("/user").await.status, 200);
    }
    assert_limited(&h.get("/user").await, "the 5th point of 4");

    // A larger budget takes effect at once; the window keeps what it has.
    let now = h.admin("PUT", "/limits", Some(json!({ "points_per_window": 6 }))).await;
    assert_eq!(now, json!({ "enabled": true, "points_per_window": 6, "creates_per_window": 80, "max_concurrent": 100, "window_ms": 60000 }));
    assert_eq!(h.get("/user").await.status, 200);
    assert_eq!(h.get("/user").await.status, 200);
    assert_limited(&h.get("/user").await, "the 7th point of 6");

    // Switched off, nothing is refused; null leaves a field as it is; the window is at least 1 ms.
    let off = h.admin("PUT", "/limits", Some(json!({ "enabled": false, "points_per_window": null, "window_ms": 0 }))).await;
    assert_eq!(off, json!({ "enabled": false, "points_per_window": 6, "creates_per_window": 80, "max_concurrent": 100, "window_ms": 1 }));
    for _ in 0..5 {
        assert_eq!(h.get("/user").await.status, 200);
    }
    assert_eq!(h.admin("GET", "/limits", None).await["enabled"], false);

    // Bad bodies change nothing.
    for (body, status) in [(r#"{"points_per_window":"many"}"#, 422), (r#"{"points":5}"#, 422), (r#"{"max_concurrent":-1}"#, 422), ("[]", 422), ("not json", 400)] {
        assert_eq!(h.admin_raw("PUT", "/limits", Some(body)).await.0, status, "{body}");
    }
    assert_eq!(h.admin("GET", "/limits", None).await["points_per_window"], 6);

    // Reset: the flags' values, and empty windows.
    h.admin("POST", "/reset", None).await;
    assert_eq!(h.admin("GET", "/limits", None).await, as_json);
    for _ in 0..4 {
        assert_eq!(h.get("/user").await.status, 200, "the windows were emptied");
    }
    assert_limited(&h.get("/user").await, "the flags' budget again");
}

#[tokio::test]
async fn switched_off_by_the_flags() {
    let h = start(Limits { points_per_window: 1, max_concurrent: 0, ..Limits::off() }).await;
    for _ in 0..5 {
        assert_eq!(h.get("/user").await.status, 200);
    }
    // Switched on at run time, the flags' tiny values apply: no request may be in flight at all.
    h.admin("PUT", "/limits", Some(json!({ "enabled": true }))).await;
    assert_eq!(assert_limited(&h.get("/user").await, "max_concurrent 0"), 1);
}

#[tokio::test]
async fn the_fixed_fault_still_answers_and_is_counted() {
    let h = Harness::start().await;
    h.admin("PUT", "/faults", Some(json!({ "secondary_rate_limit": { "status": 429, "retry_after": 7, "times": 2 } }))).await;
    assert_eq!(h.get("/user").await.status, 429);
    assert_eq!(h.get("/user").await.header("retry-after"), "7");
    assert_eq!(h.get("/user").await.status, 200);
    assert_eq!(h.admin("GET", "/counters", None).await["secondary_limited"], 2);
}
