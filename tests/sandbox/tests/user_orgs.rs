//! `GET /user/orgs` over real HTTP: the token user's organizations by scope, paged by page number with
//! a Link header, what SAML SSO hides left out and named, ETags and the rate limit, on every profile.
mod common;

use common::*;
use ghes_sandbox::{Faults, Limits, Profile, SeedConfig, ServerConfig, ServerState};
use serde_json::{json, Value};

const SEEDED: [&str; 3] = ["acme-platform", "acme-mobile", "acme-data"];
const NEEDS_SCOPE: &str = "You need at least read:org scope or user scope to list your organizations.";

fn logins(list: &Value) -> Vec<String> {
    names(&json!({ "orgs": list }), "orgs", "login")
}

/// The sandbox as `profile` with `orgs` fleet orgs after the seeded three, `sso_orgs` enforcing SSO.
async fn start(profile: Profile, orgs: usize, sso_orgs: &[&str]) -> Harness {
    let server = ServerConfig { state: ServerState { profile, ..ServerState::default() }, sso_orgs: sso_orgs.iter().map(|s| s.to_string()).collect() };
    Harness::start_full(SeedConfig { orgs, repos_per_org: 0, ..SeedConfig::default() }, Faults::default(), Limits::default(), server).await
}

/// Every login, following the Link header's `next` from `first`; and the number of pages.
async fn follow(h: &Harness, first: &str) -> (Vec<String>, usize) {
    let mut path = first.to_string();
    let mut all = Vec::new();
    for pages in 1..50 {
        let r = h.get(&path).await;
        assert_eq!(r.status, 200, "{path}: {}", r.json);
        all.extend(logins(&r.json));
        match links(&r.header("link")).into_iter().find(|(rel, _)| rel == "next") {
            Some((_, next)) => path = next.strip_prefix(&h.api).unwrap_or_else(|| panic!("absolute, on the API base: {next}")).to_string(),
            None => return (all, pages),
        }
    }
    panic!("{first}: no end to the pages")
}

#[tokio::test]
async fn tokens_with_read_org_or_more_list_every_org_and_the_others_get_github_s_403() {
    let h = start(Profile::Ghes319, 0, &[]).await;
    let instance = h.get("/organizations").await;
    for token in [ADMIN, "sandbox-org"] {
        let r = h.call(Some(token), "GET", "/user/orgs", None).await;
        assert_eq!(r.status, 200, "{token}: {}", r.json);
        assert_eq!(logins(&r.json), SEEDED, "{token}: every seeded org, in id order");
        assert_eq!(r.json, instance.json, "{token}: the same organization-simple objects as GET /organizations");
        assert_eq!(r.header("link"), "", "one page");
        assert_eq!(r.header("x-accepted-oauth-scopes"), "admin:org, read:org, repo, user, write:org");
    }
    for (token, granted) in [("sandbox-repo", "repo"), ("sandbox-none", "")] {
        let r = h.call(Some(token), "GET", "/user/orgs", None).await;
        assert_eq!(r.status, 403, "{token}: {}", r.json);
        assert_eq!(r.json["message"], NEEDS_SCOPE);
        assert_eq!(r.json["documentation_url"], "https://docs.github.com/enterprise-server@3.19/rest/orgs/orgs#list-organizations-for-the-authenticated-user");
        assert_eq!((r.header("x-oauth-scopes"), r.header("x-github-sso"), r.header("etag")), (granted.to_string(), String::new(), String::new()), "{token}");
    }
    let anonymous = h.call(None, "GET", "/user/orgs", None).await;
    assert_eq!((anonymous.status, anonymous.json["message"].as_str()), (401, Some("Requires authentication")));
    assert_eq!(h.call(Some(ADMIN), "POST", "/user/orgs", Some(json!({}))).await.status, 404, "only GET is an operation");
}

#[tokio::test]
async fn the_list_pages_by_per_page_and_page_with_absolute_links() {
    let h = start(Profile::Ghes319, 32, &[]).await;
    let default = h.get("/user/orgs").await;
    assert_eq!(default.json.as_array().unwrap().len(), 30, "30 a page unless asked");
    let rels = links(&default.header("link"));
    assert_eq!(rels, vec![("next".to_string(), format!("{}/user/orgs?per_page=30&page=2", h.api)), ("last".to_string(), format!("{}/user/orgs?per_page=30&page=2", h.api))]);
    assert_eq!(h.get("/user/orgs?per_page=500").await.json.as_array().unwrap().len(), 35, "at most 100 a page, here all 35");

    let (all, pages) = follow(&h, "/user/orgs?per_page=10").await;
    assert_eq!((all.len(), pages), (35, 4));
    assert_eq!(all[..3], SEEDED);
    assert_eq!((all[3].as_str(), all[34].as_str()), ("acme-org-01", "acme-org-32"), "id order, no page twice");

    let last = h.get("/user/orgs?per_page=10&page=4").await;
    assert_eq!(logins(&last.json).len(), 5);
    let rels: Vec<String> = links(&last.header("link")).into_iter().map(|(rel, _)| rel).collect();
    assert_eq!(rels, ["prev", "first"], "the last page links back only");
    let beyond = h.get("/user/orgs?per_page=10&page=9").await;
    assert_eq!((beyond.status, beyond.json.clone()), (200, json!([])), "past the end is an empty page, as GitHub's");
}

#[tokio::test]
async fn orgs_sso_hides_are_left_out_and_named_until_the_token_is_authorized() {
    let h = start(Profile::Dotcom, 0, &["acme-mobile", "acme-data"]).await;
    let r = h.get("/user/orgs").await;
    assert_eq!(logins(&r.json), ["acme-platform"]);
    assert_eq!(r.header("x-github-sso"), "partial-results; organizations=102,103");
    assert_eq!(r.header("x-github-sso"), h.get("/organizations").await.header("x-github-sso"), "as GET /organizations says it");

    h.admin("POST", "/sso/acme-data/authorize", Some(json!({ "token": ADMIN }))).await;
    let paged = h.get("/user/orgs?per_page=1").await;
    assert_eq!((logins(&paged.json), paged.header("x-github-sso")), (vec!["acme-platform".to_string()], "partial-results; organizations=102".to_string()));
    let (all, pages) = follow(&h, "/user/orgs?per_page=1").await;
    assert_eq!((all, pages), (vec!["acme-platform".to_string(), "acme-data".to_string()], 2), "a hidden org takes no place on a page");

    let other = h.call(Some("sandbox-org"), "GET", "/user/orgs", None).await;
    assert_eq!(other.header("x-github-sso"), "partial-results; organizations=102,103", "authorization is per token");
    h.admin("POST", "/sso/acme-mobile/authorize", None).await;
    let whole = h.get("/user/orgs").await;
    assert_eq!((logins(&whole.json), whole.header("x-github-sso")), (SEEDED.map(str::to_string).to_vec(), String::new()));
}

#[tokio::test]
async fn each_page_has_its_etag_a_304_is_free_and_a_200_costs_one_core_request() {
    let h = start(Profile::Ghes319, 2, &[]).await;
    let first = h.get("/user/orgs?per_page=2").await;
    let etag = first.header("etag");
    assert!(etag.starts_with('"') && etag.len() > 4, "{etag}");
    assert_eq!(first.header("x-ratelimit-resource"), "core");
    let used = |r: &Resp| r.header("x-ratelimit-used").parse::<u64>().unwrap();

    let again = h.call_with(Some(ADMIN), "GET", "/user/orgs?per_page=2", None, &[("if-none-match", &etag)]).await;
    assert_eq!((again.status, again.json.clone(), again.header("etag")), (304, Value::Null, etag.clone()));
    assert_eq!(used(&again), used(&first), "a 304 is not charged");
    let weak = h.call_with(Some(ADMIN), "GET", "/user/orgs?per_page=2", None, &[("if-none-match", &format!("W/{etag}"))]).await;
    assert_eq!(weak.status, 304);

    let second = h.get("/user/orgs?per_page=2&page=2").await;
    assert_ne!(second.header("etag"), etag, "another page, another ETag");
    assert_eq!(used(&second), used(&first) + 1, "a 200 is one request");
    let refused = h.call(Some("sandbox-none"), "GET", "/user/orgs", None).await;
    assert_eq!((refused.status, used(&refused)), (403, 1), "the 403 is charged to its own token too");

    // An SSO org hidden, then authorized, changes the list and so its ETag.
    h.admin("PUT", "/sso/acme-mobile", None).await;
    let hidden = h.call_with(Some(ADMIN), "GET", "/user/orgs?per_page=2", None, &[("if-none-match", &etag)]).await;
    assert_eq!(hidden.status, 200, "the first page is not what it was");
    assert_ne!(hidden.header("etag"), etag);
}

#[tokio::test]
async fn every_profile_documents_the_operation_and_its_answers_conform() {
    for profile in Profile::ALL {
        let h = start(profile, 4, &["acme-mobile"]).await;
        let r = h.get("/user/orgs?per_page=3&page=2").await;
        assert_eq!(r.status, 200, "{}: {}", profile.name(), r.json);
        assert_eq!(logins(&r.json), ["acme-org-02", "acme-org-03", "acme-org-04"], "{}", profile.name());
        assert!(r.header("link").contains(&format!("<{}/user/orgs?per_page=3&page=1>; rel=\"prev\"", h.api)), "{}: {}", profile.name(), r.header("link"));
        let not_modified = h.call_with(Some(ADMIN), "GET", "/user/orgs?per_page=3&page=2", None, &[("if-none-match", &r.header("etag"))]).await;
        assert_eq!(not_modified.status, 304);
        let refused = h.call(Some("sandbox-repo"), "GET", "/user/orgs", None).await;
        assert_eq!(refused.status, 403);
        assert!(refused.json["documentation_url"].as_str().unwrap().starts_with(&profile.docs_base()), "{}: {}", profile.name(), refused.json);
        // The harness checked each answer against the profile's own description, strictly; it
        // counts an operation only when that description has it.
        assert!(h.covered.lock().unwrap().contains(&("GET".to_string(), "/user/orgs".to_string())), "{}", profile.name());
    }
}
