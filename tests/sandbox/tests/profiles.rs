//! Each server profile answers as its own description documents: every operation at every scope,
//! checked against that version's schemas (no property it lacks), and what it lacks is missing.
mod common;

use common::ops::*;
use common::*;
use ghes_sandbox::{Profile, ServerConfig, ServerState};
use serde_json::{json, Value};

/// Operations of github.com's descriptions the sandbox does not model (hosted runners, deprecations).
const NOT_MODELLED: [&str; 4] = [
    "GET /orgs/{org}/actions/runner-groups/{runner_group_id}/hosted-runners",
    "GET /enterprises/{enterprise}/actions/runners/deprecations/{version}",
    "GET /orgs/{org}/actions/runners/deprecations/{version}",
    "GET /repos/{owner}/{repo}/actions/runners/deprecations/{version}",
];

#[tokio::test]
async fn on_ghes_3_9_every_documented_operation_answers_per_its_description_and_jit_is_404() {
    let h = Harness::start_as(Profile::Ghes39).await;
    every_operation(&h).await;
    assert_eq!(never_exercised(&h, "ghes-3.9", &[]), Vec::<String>::new());
    assert_eq!(h.covered.lock().unwrap().len(), 70, "59 runner operations (no generate-jitconfig), 7 look-ups, /meta, /rate_limit and the two audit logs");
    let meta = h.call(None, "GET", "/meta", None).await;
    assert_eq!(meta.json["installed_version"], "3.9.0");
    assert_eq!(meta.header("x-github-enterprise-version"), "3.9.0");
    for scope in ["/enterprises/acme", "/orgs/acme-platform", "/repos/acme-platform/api"] {
        let r = h.raw("POST", &format!("{}{scope}/actions/runners/generate-jitconfig", h.api), &[("authorization", "Bearer sandbox-admin")]).await;
        assert_eq!(r.status(), 404, "{scope}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["documentation_url"], "https://docs.github.com/enterprise-server@3.9/rest");
    }
    h.admin("POST", "/reset", None).await;
    let runners = h.get("/orgs/acme-platform/actions/runners?name=platform-runner-01").await;
    assert_eq!(runners.json["total_count"], 12, "the name filter arrives in 3.11: ignored here");
    assert!(runners.json["runners"].as_array().unwrap().iter().all(|r| r.get("version").is_none() && r.get("ephemeral").is_none() && r.get("runner_group_id").is_some()));
}

#[tokio::test]
async fn on_ghes_3_4_groups_have_no_workflow_restrictions_and_visible_to_is_ignored() {
    let mut h = Harness::start_as(Profile::Ghes34).await;
    every_operation(&h).await;
    assert_eq!(never_exercised(&h, "ghes-3.4", &[]), Vec::<String>::new());
    assert_eq!(h.covered.lock().unwrap().len(), 70);
    h.admin("POST", "/reset", None).await;

    let all = names(&h.get("/orgs/acme-platform/actions/runner-groups").await.json, "runner_groups", "name");
    for repo in ["api", "web", "infra", "nope"] {
        let r = h.get(&format!("/orgs/acme-platform/actions/runner-groups?visible_to_repository={repo}")).await;
        assert_eq!(r.status, 200, "{repo}: the parameter is unknown, not a look-up");
        assert_eq!(names(&r.json, "runner_groups", "name"), all, "{repo}: ignored, every group listed");
    }
    let to_mobile = names(&h.get("/enterprises/acme/actions/runner-groups?visible_to_organization=acme-mobile").await.json, "runner_groups", "name");
    assert!(to_mobile.contains(&"gpu-fleet".to_string()), "ignored: gpu-fleet is listed although acme-mobile cannot use it: {to_mobile:?}");

    let groups = h.get("/orgs/acme-platform/actions/runner-groups").await;
    let deploy = groups.json["runner_groups"].as_array().unwrap().iter().find(|g| g["name"] == "deploy").unwrap().clone();
    for field in ["restricted_to_workflows", "selected_workflows", "workflow_restrictions_read_only"] {
        assert!(groups.json["runner_groups"].as_array().unwrap().iter().all(|g| g.get(field).is_none()), "{field}");
    }
    let id = deploy["id"].as_u64().unwrap();
    let patched = h.send("PATCH", &format!("/orgs/acme-platform/actions/runner-groups/{id}"), json!({ "name": "deploy", "restricted_to_workflows": false, "selected_workflows": [] })).await;
    assert_eq!(patched.status, 200, "unknown fields are ignored, not refused: {}", patched.json);
    let runner = h.get("/orgs/acme-platform/actions/runners").await.json["runners"][0].clone();
    assert!(runner.get("runner_group_id").is_none() && runner.get("version").is_none() && runner.get("ephemeral").is_none(), "{runner}");

    // The same data seen by a 3.19: the ignored fields changed nothing.
    h.switch(Profile::Ghes319).await;
    let seen = h.get(&format!("/orgs/acme-platform/actions/runner-groups/{id}")).await;
    assert_eq!((seen.json["restricted_to_workflows"].as_bool(), seen.json["selected_workflows"].as_array().map(Vec::len)), (Some(true), Some(1)), "{}", seen.json);
}

#[tokio::test]
async fn on_dotcom_the_api_is_at_the_root_without_a_version_and_acme_is_a_ghec_enterprise() {
    let h = Harness::start_as(Profile::Dotcom).await;
    assert_eq!(h.api, h.root);
    every_operation(&h).await;
    assert_eq!(never_exercised(&h, "api.github.com", &NOT_MODELLED), Vec::<String>::new());
    assert_eq!(never_exercised(&h, "ghec", &NOT_MODELLED), Vec::<String>::new(), "the enterprise endpoints, per the GHEC description");

    let prefixed = h.raw("GET", &format!("{}/api/v3/user", h.root), &[("authorization", "Bearer sandbox-admin")]).await;
    assert_eq!(prefixed.status(), 404, "github.com has no /api/v3");
    let user = h.get("/user").await;
    assert_eq!(user.status, 200);
    assert_eq!(user.header("x-github-enterprise-version"), "", "github.com sends no version");
    assert_eq!(user.json["url"], format!("{}/users/octo-admin", h.root));
    let meta = h.call(None, "GET", "/meta", None).await;
    assert!(meta.json.get("installed_version").is_none(), "{}", meta.json);
    assert_eq!(meta.json["verifiable_password_authentication"], true);
    let missing = h.get("/orgs/nope").await;
    assert_eq!(missing.json["documentation_url"], "https://docs.github.com/rest");
    let runners = h.get("/enterprises/acme/actions/runners").await;
    assert!(runners.json["runners"][0]["version"].is_string() || runners.json["runners"][0]["version"].is_null());
    let next = links(&h.get("/orgs/acme-platform/actions/runners?per_page=5").await.header("link")).into_iter().find(|(r, _)| r == "next").unwrap().1;
    assert!(next.starts_with(&format!("{}/orgs/", h.root)), "links have no prefix: {next}");
}

#[tokio::test]
async fn the_profile_switches_at_run_time_and_reset_returns_to_the_flag() {
    let mut h = Harness::start().await;
    assert_eq!(
        h.admin("GET", "/server", None).await,
        json!({ "profile": "ghes-3.19", "installed_version": "3.19.0", "api_prefix": "/api/v3", "allow_api_version_header": false, "rate_limiting": true })
    );
    h.switch(Profile::Dotcom).await;
    assert_eq!(h.admin("GET", "/server", None).await, json!({ "profile": "dotcom", "installed_version": null, "api_prefix": "", "allow_api_version_header": false, "rate_limiting": true }));
    assert_eq!(h.get("/user").await.status, 200);
    assert_eq!(h.raw("GET", &format!("{}/api/v3/user", h.root), &[("authorization", "Bearer sandbox-admin")]).await.status(), 404);
    h.switch(Profile::Ghes39).await;
    assert_eq!(h.call(None, "GET", "/meta", None).await.json["installed_version"], "3.9.0");
    for bad in [r#"{"profile":"ghes-3.7"}"#, r#"{"profile":3}"#, r#"{"version":"3.9"}"#, "[]", "{"] {
        let (status, answer) = h.admin_raw("PUT", "/server", Some(bad)).await;
        assert!(matches!(status, 400 | 422), "{bad}: {status}");
        assert!(answer["message"].is_string(), "{bad}: {answer}");
    }
    assert_eq!(h.admin("GET", "/server", None).await["profile"], "ghes-3.9", "refused bodies change nothing");
    h.admin("POST", "/reset", None).await;
    assert_eq!(h.admin("GET", "/server", None).await["profile"], "ghes-3.19", "reset returns to the profile of the flags");

    let d = Harness::start_server(ServerConfig { state: ServerState { profile: Profile::Dotcom, ..ServerState::default() }, ..ServerConfig::default() }).await;
    d.admin("PUT", "/server", Some(json!({ "profile": "ghes-3.4" }))).await;
    d.admin("POST", "/reset", None).await;
    assert_eq!(d.admin("GET", "/server", None).await["profile"], "dotcom");
}

#[tokio::test]
async fn documentation_links_and_limits_speak_for_the_server_answering() {
    let h = Harness::start_as(Profile::Ghes34).await;
    let r = h.raw("GET", &format!("{}/elsewhere", h.root), &[]).await;
    assert_eq!(r.status(), 404);
    assert_eq!(r.json::<Value>().await.unwrap()["documentation_url"], "https://docs.github.com/enterprise-server@3.4/rest");
    h.admin("PUT", "/faults", Some(json!({ "secondary_rate_limit": { "status": 403, "retry_after": 3, "times": 1 } }))).await;
    let limited = h.get("/user").await;
    assert_eq!(limited.status, 403);
    assert!(limited.json["documentation_url"].as_str().unwrap().starts_with("https://docs.github.com/enterprise-server@3.4/rest/"), "{}", limited.json);
}
