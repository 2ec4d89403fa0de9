//! Bad fault bodies and odd requests never panic or poison the sandbox: `times: 0` applies to no
//! request, numbers too big to use are clamped, impossible statuses are refused, garbage is 400/422,
//! and the sandbox keeps answering afterwards.
mod common;

use std::time::{SystemTime, UNIX_EPOCH};

use common::*;
use ghes_sandbox::{Faults, SeedConfig};
use serde_json::{json, Value};

/// The sandbox still answers, API and controls alike.
async fn still_answers(h: &Harness) {
    assert_eq!(h.get("/user").await.status, 200);
    assert_eq!(h.get("/orgs/acme-platform/actions/runners").await.status, 200);
    let (status, _) = h.admin_raw("GET", "/counters", None).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn times_zero_applies_to_no_request() {
    let h = Harness::start().await;
    let faults = json!({
        "force": [{ "path": "/user", "status": 500, "times": 0 }, { "method": "GET", "path": "/**", "status": 502, "times": 0 }],
        "secondary_rate_limit": { "status": 429, "retry_after": 5, "times": 0 },
        "primary_exhausted": { "reset_in": 30, "times": 0 },
    });
    h.admin("PUT", "/faults", Some(faults)).await;
    for _ in 0..3 {
        still_answers(&h).await;
    }
    let kept = h.admin("GET", "/faults", None).await;
    assert_eq!(kept["force"][0]["times"], 0, "the rules are kept as sent: {kept}");
    assert_eq!(kept["secondary_rate_limit"]["times"], 0);

    // times: 1 next to a times: 0 rule: the 0 one is skipped, the 1 one used once.
    h.admin("PUT", "/faults", Some(json!({ "force": [{ "path": "/user", "status": 500, "times": 0 }, { "path": "/user", "status": 503, "times": 1 }] }))).await;
    assert_eq!(h.get("/user").await.status, 503);
    assert_eq!(h.get("/user").await.status, 200);
}

#[tokio::test]
async fn huge_numbers_are_clamped() {
    let h = Harness::start().await;
    let max = u64::MAX;
    let set = h.admin("PUT", "/faults", Some(json!({ "latency_ms": max }))).await;
    assert_eq!(set["latency_ms"], 600_000, "latency is at most ten minutes");
    assert_eq!(h.admin("GET", "/faults", None).await["latency_ms"], 600_000);
    h.admin("DELETE", "/faults", None).await;

    h.admin("PUT", "/faults", Some(json!({ "secondary_rate_limit": { "status": 403, "retry_after": max, "times": 1 } }))).await;
    let r = h.get("/user").await;
    assert_eq!((r.status, r.header("retry-after")), (403, "86400".to_string()));

    h.admin("PUT", "/faults", Some(json!({ "primary_exhausted": { "reset_in": max, "times": 1 } }))).await;
    let r = h.get("/user").await;
    assert_eq!(r.status, 403);
    let reset: u64 = r.header("x-ratelimit-reset").parse().unwrap();
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    assert!(reset > now + 86_000 && reset <= now + 86_401, "reset {reset}, now {now}");

    for (rate, want) in [(-5.0, 0.0), (7.5, 1.0), (1e300, 1.0)] {
        let set = h.admin("PUT", "/faults", Some(json!({ "failure_rate": rate }))).await;
        assert_eq!(set["failure_rate"], want, "{rate}");
        let status = h.get("/user").await.status;
        if want == 0.0 {
            assert_eq!(status, 200);
        } else {
            assert!(status == 500 || status == 502, "{status}");
        }
    }
    h.admin("PUT", "/faults", Some(json!({ "force": [{ "path": "/user", "status": 500, "times": u32::MAX }] }))).await;
    assert_eq!(h.get("/user").await.status, 500);
    h.admin("DELETE", "/faults", None).await;
    still_answers(&h).await;
}

#[tokio::test]
async fn a_nan_failure_rate_from_the_flags_counts_as_zero() {
    let h = Harness::start_with(SeedConfig::default(), Faults { failure_rate: f64::NAN, ..Faults::default() }).await;
    assert_eq!(h.admin("GET", "/faults", None).await["failure_rate"], 0.0);
    still_answers(&h).await;
}

#[tokio::test]
async fn impossible_statuses_and_bad_bodies_are_refused_and_change_nothing() {
    let h = Harness::start().await;
    h.admin("PUT", "/faults", Some(json!({ "force": [{ "path": "/orgs/**", "status": 503 }] }))).await;
    let nested = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let huge = format!(r#"{{"force":[{{"path":"{}","status":500}}]}}"#, "x/".repeat(100_000));
    let cases: Vec<(&str, String, u16)> = vec![
        ("force status 42", r#"{"force":[{"path":"/user","status":42}]}"#.into(), 422),
        ("force status 101", r#"{"force":[{"path":"/user","status":101}]}"#.into(), 422),
        ("force status 700", r#"{"force":[{"path":"/user","status":700}]}"#.into(), 422),
        ("force status 70000", r#"{"force":[{"path":"/user","status":70000}]}"#.into(), 422),
        ("secondary status 200", r#"{"secondary_rate_limit":{"status":200,"retry_after":1}}"#.into(), 422),
        ("negative latency", r#"{"latency_ms":-1}"#.into(), 422),
        ("fractional latency", r#"{"latency_ms":1.5}"#.into(), 422),
        ("times past u32", r#"{"force":[{"path":"/user","status":500,"times":4294967296}]}"#.into(), 422),
        ("negative times", r#"{"force":[{"path":"/user","status":500,"times":-1}]}"#.into(), 422),
        ("force not a list", r#"{"force":"x"}"#.into(), 422),
        ("rule without a path", r#"{"force":[{}]}"#.into(), 422),
        ("a string", r#""x""#.into(), 422),
        ("a list", "[]".into(), 422),
        ("null", "null".into(), 422),
        ("a number too big for a float", r#"{"failure_rate":1e999}"#.into(), 400),
        ("not JSON", "{".into(), 400),
        ("empty", "".into(), 400),
        ("deeply nested", nested, 400),
    ];
    for (what, body, want) in &cases {
        let (status, answer) = h.admin_raw("PUT", "/faults", Some(body)).await;
        assert_eq!(status, *want, "{what}: {answer}");
        assert!(answer["message"].is_string(), "{what}: a message says why: {answer}");
    }
    assert_eq!(h.admin("GET", "/faults", None).await["force"][0]["status"], 503, "refused bodies changed nothing");
    // A long pattern is only a pattern.
    assert_eq!(h.admin_raw("PUT", "/faults", Some(&huge)).await.0, 200);
    h.admin("DELETE", "/faults", None).await;

    for body in ["[]", "null", r#"{"status":5,"busy":"yes","name":7}"#, "{"] {
        let (status, _) = h.admin_raw("PATCH", "/runners/1", Some(body)).await;
        assert!(matches!(status, 200 | 400 | 422), "PATCH /runners/1 {body}: {status}");
    }
    assert_eq!(h.admin_raw("PATCH", "/runners/99999999999999999999999", Some("{}")).await.0, 404);
    assert_eq!(h.admin_raw("GET", "/log?since=-1", None).await.0, 200);
    assert_eq!(h.admin_raw("GET", "/nope", None).await.0, 404);
    still_answers(&h).await;
}

#[tokio::test]
async fn odd_requests_are_answered_not_panicked_on() {
    let h = Harness::start().await;
    let api = &h.api;
    let odd: Vec<(String, Vec<(&str, &str)>)> = vec![
        (format!("{api}/orgs/acme-platform/actions/runners?page=18446744073709551615&per_page=-1"), vec![]),
        (format!("{api}/orgs/acme-platform/actions/runners?page=0&per_page=99999999999999999999999"), vec![]),
        (format!("{api}/organizations?since=abc&per_page=0"), vec![]),
        (format!("{api}/orgs/%zz%/actions/runners/%ff"), vec![]),
        (format!("{api}/orgs/acme-platform/actions/runners/0"), vec![]),
        (format!("{api}/orgs/acme-platform/actions/runners/18446744073709551616"), vec![]),
        (format!("{api}/user"), vec![("authorization", "Bearer")]),
        (format!("{api}/user"), vec![("authorization", "Basic abc")]),
        (format!("{api}/user"), vec![("if-none-match", "W/,,,\"")]),
        (api.to_string(), vec![]),
        (format!("{}/elsewhere", h.root), vec![]),
    ];
    for (url, headers) in &odd {
        let mut all = vec![("authorization", "Bearer sandbox-admin")];
        if headers.iter().any(|(k, _)| *k == "authorization") {
            all.clear();
        }
        all.extend(headers.iter().copied());
        let r = h.raw("GET", url, &all).await;
        assert!(r.status().as_u16() < 500, "{url}: {}", r.status());
    }
    for method in ["FOO", "PATCH", "HEAD", "DELETE"] {
        let r = h.raw(method, &format!("{api}/user"), &[("authorization", "Bearer sandbox-admin")]).await;
        assert_eq!(r.status(), 404, "{method} /user");
    }
    // Bodies that are not JSON objects where an object is wanted.
    for body in ["[]", "7", "\"x\"", "null", "{\"labels\":[1,2]}", "{\"name\":{\"x\":1}}"] {
        let r = reqwest::Client::new().post(format!("{api}/orgs/acme-platform/actions/runner-groups")).header("authorization", "Bearer sandbox-admin").body(body).send().await.unwrap();
        assert!(matches!(r.status().as_u16(), 400 | 422), "{body}: {}", r.status());
    }
    still_answers(&h).await;
    let c: Value = h.admin("GET", "/counters", None).await;
    assert_eq!(c["server_errors"], 0, "no 5xx: {c}");
}
