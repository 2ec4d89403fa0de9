//! The request log: what it records, what it leaves out, clearing it, and requests the client
//! abandoned (the connection closed during the latency sleep) recorded as aborted.
mod common;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::*;
use ghes_sandbox::{Faults, Limits, SeedConfig};
use serde_json::{json, Value};

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as u64
}

#[tokio::test]
async fn the_log_records_api_requests_in_order() {
    let h = Harness::start().await;
    let before = now_ms();
    assert_eq!(h.get("/user?x=1").await.status, 200);
    assert_eq!(h.send("POST", "/orgs/acme-platform/actions/runners/registration-token", Value::Null).await.status, 201);
    assert_eq!(h.get("/orgs/nope").await.status, 404);
    assert_eq!(h.call(None, "GET", "/user", None).await.status, 401);
    // Neither preflights nor the controls are logged.
    h.raw("OPTIONS", &format!("{}/user", h.api), &[("origin", "http://x"), ("access-control-request-method", "GET")]).await;
    h.admin("GET", "/counters", None).await;
    let after = now_ms();

    let log = h.log().await;
    let summary: Vec<(String, String, Value)> = log.iter().map(|e| (e["method"].as_str().unwrap().into(), e["path"].as_str().unwrap().into(), e["status"].clone())).collect();
    assert_eq!(
        summary,
        vec![
            ("GET".into(), "/user?x=1".into(), json!(200)),
            ("POST".into(), "/orgs/acme-platform/actions/runners/registration-token".into(), json!(201)),
            ("GET".into(), "/orgs/nope".into(), json!(404)),
            ("GET".into(), "/user".into(), json!(401)),
        ]
    );
    let seqs: Vec<u64> = log.iter().map(|e| e["seq"].as_u64().unwrap()).collect();
    assert_eq!(seqs, vec![1, 2, 3, 4]);
    for e in &log {
        let keys: Vec<&String> = e.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 7, "{e}");
        let (started, finished) = (e["started_ms"].as_u64().unwrap(), e["finished_ms"].as_u64().unwrap());
        assert!(before <= started && started <= finished && finished <= after, "{e}");
        assert_eq!(e["aborted"], false);
    }

    // ?since= gives what came after a seq.
    let since: Vec<Value> = h.admin("GET", "/log?since=2", None).await.as_array().unwrap().clone();
    assert_eq!(since.iter().map(|e| e["seq"].as_u64().unwrap()).collect::<Vec<_>>(), vec![3, 4]);

    // Clearing empties it; seqs go on counting. Reset empties it too.
    h.admin("DELETE", "/log", None).await;
    assert!(h.log().await.is_empty());
    h.get("/user").await;
    assert_eq!(h.log().await[0]["seq"], 5);
    h.admin("POST", "/reset", None).await;
    assert!(h.log().await.is_empty());
}

#[tokio::test]
async fn refused_requests_are_logged_with_their_403() {
    let limits = Limits { points_per_window: 1, ..Limits::default() };
    let h = Harness::start_with_limits(SeedConfig::default(), Faults::default(), limits).await;
    h.get("/user").await;
    h.get("/user").await;
    let statuses: Vec<Value> = h.log().await.iter().map(|e| e["status"].clone()).collect();
    assert_eq!(statuses, vec![json!(200), json!(403)]);
}

fn find<'a>(log: &'a [Value], path: &str) -> Option<&'a Value> {
    log.iter().find(|e| e["path"] == path)
}

#[tokio::test]
async fn a_request_the_client_abandons_is_logged_as_aborted() {
    // One request in flight at most: an abandoned request must give its place back.
    let limits = Limits { max_concurrent: 1, ..Limits::default() };
    let h = Harness::start_with_limits(SeedConfig::default(), Faults { latency_ms: 2000, ..Faults::default() }, limits).await;
    let addr = h.root.trim_start_matches("http://").to_string();

    // A raw connection: send the request, wait until the sandbox has it, hang up mid-latency.
    let stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let request = format!("GET /api/v3/user?raw=1 HTTP/1.1\r\nhost: {addr}\r\nauthorization: Bearer sandbox-admin\r\n\r\n");
    let mut sent = 0;
    while sent < request.len() {
        stream.writable().await.unwrap();
        match stream.try_write(&request.as_bytes()[sent..]) {
            Ok(n) => sent += n,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
            Err(e) => panic!("write: {e}"),
        }
    }
    let entry = eventually("the raw request in the log", Duration::from_secs(5), || async { find(&h.log().await, "/user?raw=1").cloned() }).await;
    assert!(entry["status"].is_null() && entry["finished_ms"].is_null() && entry["aborted"] == false, "in flight: {entry}");
    drop(stream);
    let entry = eventually("the raw request marked aborted", Duration::from_secs(5), || async { find(&h.log().await, "/user?raw=1").filter(|e| e["aborted"] == true).cloned() }).await;
    assert!(entry["status"].is_null() && entry["finished_ms"].is_null(), "never answered: {entry}");

    // A client that times out abandons its request the same way.
    let impatient = reqwest::Client::builder().timeout(Duration::from_millis(300)).build().unwrap();
    let err = impatient.get(format!("{}/user?timeout=1", h.api)).header("authorization", "Bearer sandbox-admin").send().await;
    assert!(err.is_err(), "the client gave up");
    eventually("the timed-out request marked aborted", Duration::from_secs(5), || async { find(&h.log().await, "/user?timeout=1").filter(|e| e["aborted"] == true).map(|_| ()) }).await;

    let c = h.admin("GET", "/counters", None).await;
    assert_eq!((c["aborted"].as_u64(), c["total"].as_u64()), (Some(2), Some(0)), "abandoned requests are not answered ones: {c}");
    // Both gave their place in the concurrency count back: this one is let in.
    assert_eq!(h.get("/user").await.status, 200);
}
