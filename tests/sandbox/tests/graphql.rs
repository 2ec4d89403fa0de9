//! GraphQL's one query, over real HTTP: the enterprise's organizations 100 a page, GitHub's error
//! shapes (HTTP 200), scopes, the `graphql` rate-limit resource, counters and CORS.
mod common;

use common::*;
use ghes_sandbox::{Faults, Profile, SeedConfig, ServerConfig, ServerState};
use serde_json::{json, Value};

const QUERY: &str = "query($slug: String!, $cursor: String) {
  enterprise(slug: $slug) {
    organizations(first: 100, after: $cursor) {
      nodes { login }
      pageInfo { hasNextPage endCursor }
    }
  }
}";

async fn dotcom_with(orgs: usize) -> Harness {
    let server = ServerConfig { state: ServerState { profile: Profile::Dotcom, ..ServerState::default() }, ..ServerConfig::default() };
    Harness::start_full(SeedConfig { orgs, repos_per_org: 1, ..SeedConfig::default() }, Faults::default(), Default::default(), server).await
}

/// Every login, page by page, as the console would gather them; and the number of pages.
async fn all_logins(h: &Harness, slug: &str) -> (Vec<String>, usize) {
    let mut logins = Vec::new();
    let mut cursor = Value::Null;
    for pages in 1.. {
        let r = h.graphql(Some(ADMIN), json!({ "query": QUERY, "variables": { "slug": slug, "cursor": cursor } })).await;
        assert_eq!(r.status, 200);
        assert!(r.json.get("errors").is_none(), "{}", r.json);
        let orgs = &r.json["data"]["enterprise"]["organizations"];
        let nodes = orgs["nodes"].as_array().unwrap();
        assert!(nodes.len() <= 100);
        logins.extend(nodes.iter().map(|n| n["login"].as_str().unwrap().to_string()));
        if orgs["pageInfo"]["hasNextPage"] == false {
            return (logins, pages);
        }
        cursor = orgs["pageInfo"]["endCursor"].clone();
        assert!(cursor.is_string());
    }
    unreachable!()
}

#[tokio::test]
async fn the_enterprise_s_organizations_come_100_a_page_in_login_order() {
    let h = dotcom_with(247).await;
    let (logins, pages) = all_logins(&h, "acme").await;
    assert_eq!((logins.len(), pages), (250, 3));
    let mut sorted = logins.clone();
    sorted.sort();
    assert_eq!(logins, sorted, "login order");
    assert_eq!((logins[0].as_str(), logins[1].as_str(), logins[249].as_str()), ("acme-data", "acme-mobile", "acme-platform"));

    // The slug as a literal, and a literal cursor, work as well as variables.
    let literal = "{ enterprise(slug: \"ACME\") { organizations(first: 2) { nodes { login } pageInfo { hasNextPage endCursor } } } }";
    let r = h.graphql(Some(ADMIN), json!({ "query": literal })).await;
    assert_eq!(r.json["data"]["enterprise"]["organizations"]["nodes"], json!([{ "login": "acme-data" }, { "login": "acme-mobile" }]));
    let cursor = r.json["data"]["enterprise"]["organizations"]["pageInfo"]["endCursor"].as_str().unwrap().to_string();
    let after = literal.replace("first: 2)", &format!("first: 1, after: \"{cursor}\")"));
    let r = h.graphql(Some(ADMIN), json!({ "query": after })).await;
    assert_eq!(r.json["data"]["enterprise"]["organizations"]["nodes"], json!([{ "login": "acme-org-001" }]));
    assert_eq!(h.admin("GET", "/counters", None).await["graphql"], 5);
}

#[tokio::test]
async fn an_unknown_slug_is_github_s_not_found_with_http_200() {
    let h = dotcom_with(0).await;
    let r = h.graphql(Some(ADMIN), json!({ "query": QUERY, "variables": { "slug": "x" } })).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["data"], json!({ "enterprise": null }));
    let e = &r.json["errors"][0];
    assert_eq!((e["type"].as_str(), e["path"].clone(), e["message"].as_str()), (Some("NOT_FOUND"), json!(["enterprise"]), Some("Could not resolve to an Enterprise with the slug of 'x'.")));
    assert_eq!(e["locations"], json!([{ "line": 2, "column": 3 }]));
}

#[tokio::test]
async fn organizations_need_read_or_admin_enterprise() {
    let h = dotcom_with(0).await;
    for token in ["sandbox-org", "sandbox-repo", "sandbox-none"] {
        let r = h.graphql(Some(token), json!({ "query": QUERY, "variables": { "slug": "acme" } })).await;
        assert_eq!(r.status, 200, "{token}");
        assert!(r.json.get("data").is_none(), "{token}: nothing runs: {}", r.json);
        let e = &r.json["errors"][0];
        assert_eq!(e["type"], "INSUFFICIENT_SCOPES", "{token}");
        let message = e["message"].as_str().unwrap();
        assert!(message.starts_with("Your token has not been granted the required scopes to execute this query. The 'organizations' field requires one of the following scopes: ['read:enterprise'], but your token has only been granted the: ["), "{message}");
    }
    let org = h.graphql(Some("sandbox-org"), json!({ "query": QUERY, "variables": { "slug": "acme" } })).await;
    assert!(org.json["errors"][0]["message"].as_str().unwrap().contains("granted the: ['admin:org'] scopes"));
    assert_eq!(org.header("x-oauth-scopes"), "admin:org");
}

#[tokio::test]
async fn what_github_would_refuse_is_refused() {
    let h = dotcom_with(0).await;
    let over = h.graphql(Some(ADMIN), json!({ "query": QUERY.replace("first: 100", "first: 101"), "variables": { "slug": "acme" } })).await;
    assert_eq!((over.status, over.json["errors"][0]["type"].as_str()), (200, Some("EXCESSIVE_PAGINATION")));
    let unbounded = h.graphql(Some(ADMIN), json!({ "query": "{ enterprise(slug: \"acme\") { organizations { totalCount } } }" })).await;
    assert_eq!(unbounded.json["errors"][0]["type"], "MISSING_PAGINATION_BOUNDARIES");
    let bad_cursor = h.graphql(Some(ADMIN), json!({ "query": QUERY, "variables": { "slug": "acme", "cursor": "not-a-cursor" } })).await;
    assert_eq!((bad_cursor.json["data"].clone(), bad_cursor.json["errors"][0]["type"].clone()), (json!({ "enterprise": null }), json!("INVALID_CURSOR_ARGUMENTS")));
    let no_query = h.graphql(Some(ADMIN), json!({ "variables": {} })).await;
    assert_eq!(no_query.json, json!({ "errors": [{ "message": "A query attribute must be specified and must be a string." }] }));
    let not_modelled = h.graphql(Some(ADMIN), json!({ "query": "{ viewer { login } }" })).await;
    assert!(not_modelled.json["errors"][0]["message"].as_str().unwrap().contains("'viewer'"), "{}", not_modelled.json);
    let garbled = h.graphql(Some(ADMIN), json!({ "query": "{ enterprise(slug: " })).await;
    assert!(garbled.json["errors"][0]["locations"].is_array(), "{}", garbled.json);

    let anonymous = h.graphql(None, json!({ "query": QUERY })).await;
    assert_eq!((anonymous.status, anonymous.json["message"].as_str()), (401, Some("This endpoint requires you to be authenticated.")));
    assert_eq!(h.graphql(Some("nope"), json!({ "query": QUERY })).await.status, 401);
    let get = h.raw("GET", &format!("{}/graphql", h.root), &[("authorization", "bearer sandbox-admin")]).await;
    assert_eq!(get.status(), 404, "GraphQL is POST");
}

#[tokio::test]
async fn graphql_has_its_own_rate_limit_and_github_s_cors() {
    let h = dotcom_with(0).await;
    let body = json!({ "query": QUERY, "variables": { "slug": "acme" } });
    let a = h.graphql(Some(ADMIN), body.clone()).await;
    let b = h.graphql(Some(ADMIN), body.clone()).await;
    assert_eq!((a.header("x-ratelimit-resource"), a.header("x-ratelimit-used"), b.header("x-ratelimit-used")), ("graphql".into(), "1".into(), "2".into()));
    assert_eq!(a.header("x-ratelimit-limit"), "5000");
    assert_eq!(a.header("x-github-media-type"), "github.v4; format=json");
    assert_eq!(h.get("/user").await.header("x-ratelimit-used"), "1", "REST's core is apart");
    let rate = h.get("/rate_limit").await;
    assert_eq!((rate.json["resources"]["graphql"]["used"].as_u64(), rate.json["resources"]["core"]["used"].as_u64()), (Some(2), Some(1)));

    assert_eq!(a.header("access-control-allow-origin"), "*");
    assert!(a.header("access-control-expose-headers").contains("X-RateLimit-Resource"));
    let pre = h
        .raw(
            "OPTIONS",
            &format!("{}/graphql", h.root),
            &[("origin", "http://127.0.0.1:9"), ("access-control-request-method", "POST"), ("access-control-request-headers", "authorization,content-type")],
        )
        .await;
    assert_eq!(pre.status(), 204);
    assert_eq!(pre.headers()["access-control-allow-origin"], "*");
    assert!(pre.headers()["access-control-allow-headers"].to_str().unwrap().contains("Authorization"));
    let c = h.admin("GET", "/counters", None).await;
    assert_eq!((c["graphql"].as_u64(), c["preflight"].as_u64(), c["preflight_blocked"].as_u64()), (Some(2), Some(1), Some(0)));
    assert!(h.log().await.iter().any(|e| e["method"] == "POST" && e["path"] == "/graphql" && e["status"] == 200));
}

#[tokio::test]
async fn on_ghes_it_lives_at_api_graphql() {
    let h = Harness::start().await;
    let r = h.graphql(Some(ADMIN), json!({ "query": QUERY, "variables": { "slug": "acme" } })).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["data"]["enterprise"]["organizations"]["nodes"].as_array().unwrap().len(), 3);
    let root = h.raw("POST", &format!("{}/graphql", h.root), &[("authorization", "bearer sandbox-admin")]).await;
    assert_eq!(root.status(), 404, "GHES has no /graphql");
    let v3 = h.raw("POST", &format!("{}/api/v3/graphql", h.root), &[("authorization", "bearer sandbox-admin")]).await;
    assert_eq!(v3.status(), 404);

    // Rate limiting off: no X-RateLimit headers on GraphQL either.
    h.admin("PUT", "/server", Some(json!({ "rate_limiting": false }))).await;
    let off = h.graphql(Some(ADMIN), json!({ "query": QUERY, "variables": { "slug": "acme" } })).await;
    assert!(off.headers.get("x-ratelimit-limit").is_none());
}

#[tokio::test]
async fn a_spent_limit_is_graphql_s_rate_limited_error() {
    let h = dotcom_with(0).await;
    h.admin("PUT", "/faults", Some(json!({ "primary_exhausted": { "reset_in": 60, "times": 1 } }))).await;
    let r = h.graphql(Some(ADMIN), json!({ "query": QUERY, "variables": { "slug": "acme" } })).await;
    assert_eq!((r.status, r.json["errors"][0]["type"].as_str(), r.header("x-ratelimit-remaining")), (200, Some("RATE_LIMITED"), "0".to_string()));
    let again = h.graphql(Some(ADMIN), json!({ "query": QUERY, "variables": { "slug": "acme" } })).await;
    assert!(again.json["data"]["enterprise"].is_object());
}
