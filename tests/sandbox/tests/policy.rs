//! The self-hosted runner policy endpoints: paging of the selected repositories, GitHub's error
//! shapes, what a reset does, and the 404 of servers that lack them. Every answer is checked against
//! the description of the server answering by the harness.
mod common;

use common::policy_ops::selected_ids;
use common::*;
use ghes_sandbox::{Faults, Profile, SeedConfig};
use serde_json::{json, Value};

const ORG: &str = "/orgs/acme-platform/actions/permissions/self-hosted-runners";

#[tokio::test]
async fn the_selected_repositories_page_as_github_pages_them() {
    let h = Harness::start_with(SeedConfig { orgs: 1, repos_per_org: 7, ..SeedConfig::default() }, Faults::default()).await;
    let org = "/orgs/acme-org-01/actions/permissions/self-hosted-runners";
    let repos: Vec<u64> = h.get("/orgs/acme-org-01/repos").await.json.as_array().unwrap().iter().map(|r| r["id"].as_u64().unwrap()).collect();
    assert_eq!(repos.len(), 7);
    assert_eq!(h.send("PUT", org, json!({ "enabled_repositories": "selected" })).await.status, 204);
    assert_eq!(h.send("PUT", &format!("{org}/repositories"), json!({ "selected_repository_ids": repos })).await.status, 204);

    let mut seen = Vec::new();
    let mut url = Some(format!("{org}/repositories?per_page=3"));
    let mut pages = 0;
    while let Some(path) = url {
        let r = h.get(&path).await;
        assert_eq!(r.status, 200, "{}", r.json);
        assert_eq!(r.json["total_count"], 7, "every page counts the whole list");
        let page = r.json["repositories"].as_array().unwrap();
        assert!(page.len() <= 3);
        seen.extend(page.iter().map(|x| x["id"].as_u64().unwrap()));
        pages += 1;
        let link = links(&r.header("link"));
        if pages == 1 {
            assert!(link.iter().any(|(rel, u)| rel == "last" && u.ends_with("per_page=3&page=3")), "{link:?}");
        }
        url = link.into_iter().find(|(rel, _)| rel == "next").map(|(_, u)| u.trim_start_matches(&h.api).to_string());
    }
    assert_eq!((pages, seen), (3, repos.clone()), "three pages, the list in its order");
    let default = h.get(&format!("{org}/repositories")).await;
    assert_eq!(default.json["repositories"].as_array().unwrap().len(), 7, "30 a page by default");
    let beyond = h.get(&format!("{org}/repositories?per_page=3&page=9")).await;
    assert_eq!((beyond.json["total_count"].as_u64(), beyond.json["repositories"].as_array().map(Vec::len)), (Some(7), Some(0)));
}

#[tokio::test]
async fn refusals_carry_github_s_error_shapes() {
    let h = Harness::start().await;
    let bad = h.send("PUT", ORG, json!({ "enabled_repositories": "everyone" })).await;
    assert_eq!(bad.status, 422);
    assert!(bad.json["message"].as_str().unwrap().contains("enabled_repositories"), "{}", bad.json);
    assert!(bad.json["documentation_url"].is_string());
    let unknown = h.send("PUT", &format!("{ORG}/repositories"), json!({ "selected_repository_ids": [424242] })).await;
    assert_eq!(unknown.status, 422);
    assert_eq!(unknown.json["errors"][0]["field"], "selected_repository_ids", "{}", unknown.json);
    let missing = h.send("PUT", &format!("{ORG}/repositories/424242"), Value::Null).await;
    assert_eq!((missing.status, missing.json["message"].as_str()), (404, Some("Not Found")));
    let conflict = h.send("PUT", &format!("{ORG}/repositories/{}", h.get("/repos/acme-platform/api").await.json["id"]), Value::Null).await;
    assert_eq!(conflict.status, 409, "the policy is `all`: there is no list to add to");
    assert!(conflict.json["message"].as_str().unwrap().contains("\"all\""), "{}", conflict.json);
    let forbidden = h.call(Some("sandbox-repo"), "GET", ORG, None).await;
    assert_eq!(forbidden.status, 403);
    assert_eq!(forbidden.header("x-accepted-oauth-scopes"), "admin:org");
    let enterprise = h.call(Some("sandbox-none"), "GET", "/enterprises/acme/actions/permissions/self-hosted-runners", None).await;
    assert_eq!(enterprise.status, 403);
    let anonymous = h.call(None, "GET", ORG, None).await;
    assert_eq!(anonymous.status, 401);
}

#[tokio::test]
async fn a_reset_returns_every_policy_to_the_seed() {
    let h = Harness::start().await;
    let api = h.get("/repos/acme-platform/api").await.json["id"].as_u64().unwrap();
    h.send("PUT", ORG, json!({ "enabled_repositories": "selected" })).await;
    h.send("PUT", &format!("{ORG}/repositories"), json!({ "selected_repository_ids": [api] })).await;
    h.send("PUT", "/enterprises/acme/actions/permissions/self-hosted-runners", json!({ "disable_self_hosted_runners_for_all_orgs": true })).await;
    assert_eq!(selected_ids(&h).await, vec![api]);
    h.admin("POST", "/reset", None).await;
    assert_eq!(h.get(ORG).await.json, json!({ "enabled_repositories": "all" }));
    assert_eq!(selected_ids(&h).await, Vec::<u64>::new());
    assert_eq!(h.get("/enterprises/acme/actions/permissions/self-hosted-runners").await.json["disable_self_hosted_runners_for_all_orgs"], false);
}

#[tokio::test]
async fn servers_without_the_policy_answer_404_as_for_any_unknown_route() {
    for profile in [Profile::Ghes39, Profile::Ghes34] {
        let h = Harness::start_as(profile).await;
        let unknown = h.raw("GET", &format!("{}/orgs/acme-platform/actions/no-such-thing", h.api), &[("authorization", "Bearer sandbox-admin")]).await;
        assert_eq!(unknown.status(), 404);
        let unknown: Value = unknown.json().await.unwrap();
        for (method, path) in [
            ("GET", ORG.to_string()),
            ("PUT", ORG.to_string()),
            ("GET", format!("{ORG}/repositories")),
            ("PUT", format!("{ORG}/repositories")),
            ("PUT", format!("{ORG}/repositories/11100")),
            ("DELETE", format!("{ORG}/repositories/11100")),
            ("GET", "/enterprises/acme/actions/permissions/self-hosted-runners".to_string()),
            ("PUT", "/enterprises/acme/actions/permissions/self-hosted-runners".to_string()),
        ] {
            let r = h.raw(method, &format!("{}{path}", h.api), &[("authorization", "Bearer sandbox-admin")]).await;
            assert_eq!(r.status(), 404, "{}: {method} {path}", profile.name());
            assert_eq!(r.json::<Value>().await.unwrap(), unknown, "{}: {method} {path} answers as an unknown route", profile.name());
        }
    }
    // github.com has them, the enterprise ones as GHEC documents them.
    let d = Harness::start_as(Profile::Dotcom).await;
    assert_eq!(d.get(ORG).await.status, 200);
    assert_eq!(d.get("/enterprises/acme/actions/permissions/self-hosted-runners").await.status, 200);
}
