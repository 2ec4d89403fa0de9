//! `GET /rate_limit`: each profile's documented shape (the harness checks every answer against the
//! description, strictly), free of charge, honest when the limit is spent, and a GHES with rate
//! limiting switched off.
mod common;

use common::*;
use ghes_sandbox::{Profile, ServerConfig, ServerState};
use serde_json::{json, Value};

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

#[tokio::test]
async fn every_profile_answers_its_own_schema_and_asking_costs_nothing() {
    for profile in Profile::ALL {
        let h = Harness::start_as(profile).await;
        for _ in 0..3 {
            assert_eq!(h.get("/user").await.status, 200);
        }
        let first = h.get("/rate_limit").await;
        let second = h.get("/rate_limit").await;
        assert_eq!(first.status, 200, "{}: {}", profile.name(), first.json);
        for r in [&first, &second] {
            let core = &r.json["resources"]["core"];
            assert_eq!((core["limit"].as_u64(), core["used"].as_u64(), core["remaining"].as_u64()), (Some(5000), Some(3), Some(4997)), "{}: asking costs nothing: {}", profile.name(), r.json);
            assert_eq!(r.json["rate"], *core, "rate repeats core");
            assert_eq!((r.header("x-ratelimit-used"), r.header("x-ratelimit-resource")), ("3".to_string(), "core".to_string()));
        }
        assert_eq!(h.get("/user").await.header("x-ratelimit-used"), "4", "{}: the next call is the 4th", profile.name());
        let resources = keys(&first.json["resources"]);
        assert!(resources.contains(&"search".to_string()) && resources.contains(&"graphql".to_string()), "{resources:?}");
        let expected: &[&str] = match profile {
            Profile::Ghes34 => &["actions_runner_registration", "code_scanning_upload", "core", "graphql", "integration_manifest", "scim", "search", "source_import"],
            Profile::Ghes39 => &["actions_runner_registration", "code_scanning_upload", "code_search", "core", "graphql", "integration_manifest", "scim", "search", "source_import"],
            Profile::Ghes319 => &["actions_runner_registration", "code_scanning_autofix", "code_search", "core", "graphql", "integration_manifest", "scim", "search", "source_import"],
            Profile::Dotcom => {
                &["actions_runner_registration", "code_scanning_autofix", "code_search", "core", "dependency_snapshots", "graphql", "integration_manifest", "scim", "search", "source_import"]
            }
        };
        assert_eq!(resources, expected, "{}", profile.name());
        let anonymous = h.call(None, "GET", "/rate_limit", None).await;
        assert_eq!((anonymous.status, anonymous.json["resources"]["core"]["limit"].as_u64(), anonymous.json["resources"]["graphql"]["limit"].as_u64()), (200, Some(60), Some(0)), "{}", profile.name());
        assert_eq!(h.call(Some("nope"), "GET", "/rate_limit", None).await.status, 401);
    }
}

#[tokio::test]
async fn a_spent_limit_is_reported_not_refused() {
    let h = Harness::start().await;
    h.admin("PUT", "/faults", Some(json!({ "primary_exhausted": { "reset_in": 120 } }))).await;
    assert_eq!(h.get("/user").await.status, 403);
    let r = h.get("/rate_limit").await;
    assert_eq!(r.status, 200);
    let core = &r.json["resources"]["core"];
    assert_eq!((core["remaining"].as_u64(), core["used"].as_u64()), (Some(0), Some(5000)));
    let reset = core["reset"].as_u64().unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    assert!((now + 115..=now + 121).contains(&reset), "reset in 120 s: {reset} vs {now}");
}

#[tokio::test]
async fn a_ghes_with_rate_limiting_off_has_no_rate_limit() {
    let server = ServerConfig { state: ServerState { rate_limiting: false, ..ServerState::default() }, ..ServerConfig::default() };
    let mut h = Harness::start_server(server).await;
    let r = h.get("/rate_limit").await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json["message"], "Rate limiting is not enabled.");
    assert!(r.json["documentation_url"].as_str().unwrap().starts_with("https://docs.github.com/enterprise-server@3.19/rest/rate-limit"));
    let user = h.get("/user").await;
    for name in ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-used", "x-ratelimit-reset", "x-ratelimit-resource"] {
        assert!(user.headers.get(name).is_none(), "{name} is not sent when rate limiting is off");
    }
    assert_eq!(h.admin("GET", "/server", None).await["rate_limiting"], false);

    // github.com cannot switch it off; on at run time, the headers are back.
    assert_eq!(h.admin_raw("PUT", "/server", Some(r#"{"profile":"dotcom"}"#)).await.0, 422);
    assert_eq!(h.admin("PUT", "/server", Some(json!({ "rate_limiting": true }))).await["rate_limiting"], true);
    assert_eq!(h.get("/user").await.header("x-ratelimit-limit"), "5000");
    h.switch(Profile::Dotcom).await;
    assert_eq!(h.admin_raw("PUT", "/server", Some(r#"{"rate_limiting":false}"#)).await.0, 422);
    h.admin("POST", "/reset", None).await;
    assert_eq!(h.admin("GET", "/server", None).await["rate_limiting"], false, "reset returns to the flags");
}
