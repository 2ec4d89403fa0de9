//! SAML single sign-on as GitHub Enterprise Cloud enforces it, over real HTTP: a token not authorized
//! for an enforcing org gets GitHub's 403 with `X-GitHub-SSO` on everything under the org, lists
//! spanning orgs leave it out, and authorizing (by the header's URL or the control) is per token.
mod common;

use common::*;
use ghes_sandbox::{Faults, Limits, Profile, Sandbox, SeedConfig, ServerConfig, ServerState};
use serde_json::{json, Value};

const MESSAGE: &str = "Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.";
const DOCS: &str = "https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/";

async fn start(profile: Profile, sso_orgs: &[&str]) -> Harness {
    let server = ServerConfig { state: ServerState { profile, ..ServerState::default() }, sso_orgs: sso_orgs.iter().map(|s| s.to_string()).collect() };
    Harness::start_server(server).await
}

/// The authorization URL of a 403, checked to be GitHub's shape on the sandbox's own host.
fn sso_url(h: &Harness, r: &Resp, org: &str) -> String {
    assert_eq!(r.status, 403, "{}", r.json);
    assert_eq!(r.json, json!({ "message": MESSAGE, "documentation_url": DOCS, "status": "403" }));
    let header = r.header("x-github-sso");
    let url = header.strip_prefix("required; url=").unwrap_or_else(|| panic!("X-GitHub-SSO: {header}"));
    let prefix = format!("{}/orgs/{org}/sso?authorization_request=", h.root);
    assert!(url.starts_with(&prefix) && url.len() > prefix.len() + 8, "{url}");
    url.to_string()
}

#[tokio::test]
async fn an_sso_org_answers_github_s_403_until_the_token_is_authorized_by_following_the_url() {
    for profile in [Profile::Dotcom, Profile::Ghes319] {
        let h = start(profile, &["acme-mobile"]).await;
        let mut urls = Vec::new();
        for path in [
            "/orgs/acme-mobile",
            "/orgs/acme-mobile/actions/runners",
            "/orgs/acme-mobile/actions/runner-groups",
            "/repos/acme-mobile/api",
            "/repos/acme-mobile/api/actions/runners",
            "/orgs/ACME-MOBILE/repos",
        ] {
            let r = h.get(path).await;
            urls.push(sso_url(&h, &r, "acme-mobile"));
            assert!(r.header("access-control-expose-headers").contains("X-GitHub-SSO"), "a browser can read it");
            assert!(!r.header("x-oauth-scopes").is_empty(), "GitHub's usual headers all the same");
        }
        urls.dedup();
        assert_eq!(urls.len(), 1, "one authorization request per token and org: {urls:?}");
        let other = h.call(Some("sandbox-org"), "GET", "/orgs/acme-mobile/actions/runners", None).await;
        assert_ne!(sso_url(&h, &other, "acme-mobile"), urls[0], "each token has its own request");

        // Other orgs and the enterprise are not concerned; lists spanning orgs leave the org out.
        assert_eq!(h.get("/orgs/acme-platform/actions/runners").await.status, 200);
        assert_eq!(h.get("/enterprises/acme/actions/runners").await.status, 200);
        let orgs = h.get("/organizations").await;
        assert_eq!(names(&json!({ "o": orgs.json }), "o", "login"), vec!["acme-platform", "acme-data"]);
        assert_eq!(orgs.header("x-github-sso"), "partial-results; organizations=102");

        // Following the URL stands for signing in and authorizing the token it was issued for.
        let page = h.raw("GET", &urls[0], &[]).await;
        assert_eq!(page.status(), 200);
        assert!(page.text().await.unwrap().contains("sandbox-admin"));
        assert_eq!(h.get("/orgs/acme-mobile/actions/runners").await.status, 200, "{}", profile.name());
        assert_eq!(h.get("/organizations").await.header("x-github-sso"), "", "nothing left out");
        assert_eq!(h.call(Some("sandbox-org"), "GET", "/orgs/acme-mobile/actions/runners", None).await.status, 403, "authorization is per token");
        let unknown = h.raw("GET", &format!("{}/orgs/acme-mobile/sso?authorization_request=nope", h.root), &[]).await;
        assert_eq!(unknown.status(), 404);

        let c = h.admin("GET", "/counters", None).await;
        assert_eq!(c["by_status"]["403"], 8, "SSO refusals are API answers like any other: {c}");
    }
}

#[tokio::test]
async fn the_controls_enforce_and_authorize_per_token_or_for_all_and_reset_restores_the_flags() {
    let h = start(Profile::Dotcom, &["acme-mobile"]).await;
    let runners = "/orgs/acme-mobile/actions/runners";
    let status = |token: &'static str| {
        let h = h.clone();
        async move { h.call(Some(token), "GET", runners, None).await.status }
    };
    let entry = h.admin("POST", "/sso/acme-mobile/authorize", Some(json!({ "token": "sandbox-org" }))).await;
    assert_eq!(entry, json!({ "org": "acme-mobile", "id": 102, "all_tokens": false, "authorized_tokens": ["sandbox-org"] }));
    assert_eq!((status("sandbox-org").await, status(ADMIN).await), (200, 403));

    // The token in an Authorization header, as a browser test would send it.
    let by_header = h.raw("POST", &format!("{}/_sandbox/sso/acme-mobile/authorize", h.root), &[("authorization", "Bearer sandbox-admin")]).await;
    assert_eq!(by_header.status(), 200);
    assert_eq!(status(ADMIN).await, 200);
    assert_eq!(h.admin("DELETE", "/sso/acme-mobile/authorize", Some(json!({ "token": "sandbox-admin" }))).await["authorized_tokens"], json!(["sandbox-org"]));
    assert_eq!(status(ADMIN).await, 403, "revoked");

    // Neither: every token.
    assert_eq!(h.admin("POST", "/sso/acme-mobile/authorize", None).await["all_tokens"], true);
    assert_eq!((status(ADMIN).await, status("sandbox-repo").await), (200, 403), "authorized for SSO, still without the scope");
    h.admin("DELETE", "/sso/acme-mobile/authorize", None).await;
    assert_eq!(status("sandbox-org").await, 403, "every authorization revoked");

    // Enforcing at run time, and stopping.
    assert_eq!(h.admin("PUT", "/sso/acme-data", None).await, json!({ "org": "acme-data", "id": 103, "all_tokens": false, "authorized_tokens": [] }));
    assert_eq!(h.get("/repos/acme-data/api/actions/runners").await.status, 403);
    assert_eq!(h.get("/organizations").await.header("x-github-sso"), "partial-results; organizations=102,103");
    assert_eq!(h.admin("GET", "/sso", None).await["orgs"].as_array().unwrap().len(), 2);
    h.admin("DELETE", "/sso/acme-data", None).await;
    assert_eq!(h.get("/repos/acme-data/api/actions/runners").await.status, 200);

    for (method, path, body, want) in [
        ("PUT", "/sso/nope", None, 404),
        ("POST", "/sso/acme-data/authorize", None, 404),
        ("POST", "/sso/acme-mobile/authorize", Some(r#"{"token":"ghp_unknown"}"#), 422),
        ("POST", "/sso/acme-mobile/authorize", Some(r#"{"tokens":["sandbox-admin"]}"#), 422),
        ("POST", "/sso/acme-mobile/authorize", Some("{"), 422),
    ] {
        let (status, answer) = h.admin_raw(method, path, body).await;
        assert_eq!(status, want, "{method} {path} {body:?}: {answer}");
        assert!(answer["message"].is_string());
    }

    h.admin("POST", "/sso/acme-mobile/authorize", None).await;
    h.admin("PUT", "/sso/acme-platform", None).await;
    h.admin("POST", "/reset", None).await;
    let after: Value = h.admin("GET", "/sso", None).await;
    assert_eq!(after, json!({ "orgs": [{ "org": "acme-mobile", "id": 102, "all_tokens": false, "authorized_tokens": [] }] }), "back to the flags, nobody authorized");
    assert_eq!(status(ADMIN).await, 403);
    assert_eq!(h.get("/orgs/acme-platform/actions/runners").await.status, 200);
}

#[test]
fn an_sso_org_the_seed_does_not_have_is_refused_at_start() {
    let server = ServerConfig { sso_orgs: vec!["nope".into()], ..ServerConfig::default() };
    let err = Sandbox::build(&SeedConfig::default(), Faults::default(), Limits::default(), &server).err().expect("refused");
    assert!(err.contains("nope"), "{err}");
}
