//! The self-hosted runner policy operations, exercised over real HTTP as the harness's server
//! documents them: every one of them where the server has them (GHES 3.19, github.com with GHEC's
//! enterprise), GitHub's 404 for an unknown route where it does not.
use serde_json::{json, Value};

use super::Harness;

const ORG: &str = "/orgs/acme-platform/actions/permissions/self-hosted-runners";
const ENTERPRISE: &str = "/enterprises/acme/actions/permissions/self-hosted-runners";

/// The ids of the list, in its order.
pub async fn selected_ids(h: &Harness) -> Vec<u64> {
    let r = h.get(&format!("{ORG}/repositories?per_page=100")).await;
    assert_eq!(r.status, 200, "{}", r.json);
    r.json["repositories"].as_array().unwrap().iter().map(|x| x["id"].as_u64().unwrap()).collect()
}

pub async fn policy_operations(h: &Harness) {
    if !h.profile.has_self_hosted_runner_policy() {
        // The harness checks each is GitHub's "Not Found" for a route this version does not have.
        for (method, path) in [("GET", ORG.to_string()), ("PUT", ORG.to_string()), ("GET", format!("{ORG}/repositories")), ("DELETE", format!("{ORG}/repositories/1")), ("GET", ENTERPRISE.to_string())]
        {
            let r = h.call(Some(super::ADMIN), method, &path, None).await;
            assert_eq!(r.status, 404, "{}: {method} {path}", h.profile.name());
        }
        return;
    }
    let repos: Vec<u64> = h.get("/orgs/acme-platform/repos").await.json.as_array().unwrap().iter().map(|r| r["id"].as_u64().unwrap()).collect();
    let other_org_repo = h.get("/repos/acme-mobile/api").await.json["id"].as_u64().unwrap();

    // an org's policy: all by default, then none, then selected with its list's URL
    let start = h.get(ORG).await;
    assert_eq!(start.json, json!({ "enabled_repositories": "all" }));
    assert_eq!(h.send("PUT", ORG, json!({ "enabled_repositories": "none" })).await.status, 204);
    assert_eq!(h.get(ORG).await.json["enabled_repositories"], "none");
    assert_eq!(h.send("PUT", ORG, json!({ "enabled_repositories": "selected" })).await.status, 204);
    let selected = h.get(ORG).await;
    assert_eq!(selected.json["enabled_repositories"], "selected");
    assert!(selected.json["selected_repositories_url"].as_str().unwrap().ends_with("/orgs/acme-platform/actions/permissions/self-hosted-runners/repositories"), "{}", selected.json);
    for bad in [json!({ "enabled_repositories": "some" }), json!({ "enabled_repositories": 1 }), json!({})] {
        let r = h.send("PUT", ORG, bad.clone()).await;
        assert_eq!(r.status, 422, "{bad} is refused: {}", r.json);
    }
    assert_eq!(h.get(ORG).await.json["enabled_repositories"], "selected", "refused bodies change nothing");

    // the list: set, add, remove; unknown ids are 404 in the path and 422 in a body
    assert_eq!(h.get(&format!("{ORG}/repositories")).await.json, json!({ "total_count": 0, "repositories": [] }));
    assert_eq!(h.send("PUT", &format!("{ORG}/repositories"), json!({ "selected_repository_ids": [repos[0], repos[1], repos[0]] })).await.status, 204);
    assert_eq!(selected_ids(h).await, vec![repos[0], repos[1]], "duplicates are kept once");
    assert_eq!(h.send("PUT", &format!("{ORG}/repositories/{}", repos[2]), Value::Null).await.status, 204);
    assert_eq!(h.send("PUT", &format!("{ORG}/repositories/{}", repos[2]), Value::Null).await.status, 204, "adding twice is harmless");
    assert_eq!(h.send("DELETE", &format!("{ORG}/repositories/{}", repos[0]), Value::Null).await.status, 204);
    assert_eq!(selected_ids(h).await, vec![repos[1], repos[2]]);
    let list = h.get(&format!("{ORG}/repositories")).await;
    assert_eq!((list.json["total_count"].as_u64(), list.json["repositories"][0]["full_name"].as_str()), (Some(2), Some("acme-platform/web")), "{}", list.json);
    for path in [format!("{ORG}/repositories/999999"), format!("{ORG}/repositories/{other_org_repo}"), format!("{ORG}/repositories/0")] {
        assert_eq!(h.send("PUT", &path, Value::Null).await.status, 404, "{path}");
        assert_eq!(h.send("DELETE", &path, Value::Null).await.status, 404, "{path}");
    }
    for bad in [
        json!({ "selected_repository_ids": [999999] }),
        json!({ "selected_repository_ids": [other_org_repo] }),
        json!({ "selected_repository_ids": ["api"] }),
        json!({ "selected_repository_ids": 5 }),
        json!({}),
    ] {
        let r = h.send("PUT", &format!("{ORG}/repositories"), bad.clone()).await;
        assert_eq!(r.status, 422, "{bad} is refused: {}", r.json);
    }
    assert_eq!(selected_ids(h).await, vec![repos[1], repos[2]], "refused bodies change nothing");

    // the list is kept while the policy is not `selected`, and cannot be edited one by one then
    assert_eq!(h.send("PUT", ORG, json!({ "enabled_repositories": "all" })).await.status, 204);
    assert_eq!(h.get(ORG).await.json, json!({ "enabled_repositories": "all" }));
    assert_eq!(h.send("PUT", &format!("{ORG}/repositories/{}", repos[0]), Value::Null).await.status, 409);
    assert_eq!(h.send("DELETE", &format!("{ORG}/repositories/{}", repos[1]), Value::Null).await.status, 409);
    assert_eq!(selected_ids(h).await, vec![repos[1], repos[2]]);

    // who may: an org admin; not a repository token, not an unknown org
    assert_eq!(h.call(Some("sandbox-repo"), "GET", ORG, None).await.status, 403);
    assert_eq!(h.call(Some("sandbox-repo"), "PUT", ORG, Some(json!({ "enabled_repositories": "none" }))).await.status, 403);
    assert_eq!(h.call(Some("sandbox-org"), "GET", ORG, None).await.status, 200);
    assert_eq!(h.get("/orgs/nope/actions/permissions/self-hosted-runners").await.status, 404);
    assert_eq!(h.get(&ORG.replace("/orgs/acme-platform", "/repos/acme-platform/api")).await.status, 404, "no policy at repository scope");

    // the enterprise's switch, and what it does to its organizations' writes
    assert_eq!(h.get(ENTERPRISE).await.json, json!({ "disable_self_hosted_runners_for_all_orgs": false }));
    assert_eq!(h.send("PUT", ENTERPRISE, json!({ "disable_self_hosted_runners_for_all_orgs": true })).await.status, 204);
    assert_eq!(h.get(ENTERPRISE).await.json["disable_self_hosted_runners_for_all_orgs"], true);
    assert_eq!(h.send("PUT", ORG, json!({ "enabled_repositories": "selected" })).await.status, 409, "the enterprise's policy wins");
    assert_eq!(h.send("PUT", ORG, json!({ "enabled_repositories": "none" })).await.status, 204, "turning them off is always allowed");
    for bad in [json!({ "disable_self_hosted_runners_for_all_orgs": "yes" }), json!({})] {
        assert_eq!(h.send("PUT", ENTERPRISE, bad.clone()).await.status, 422, "{bad}");
    }
    assert_eq!(h.send("PUT", ENTERPRISE, json!({ "disable_self_hosted_runners_for_all_orgs": false })).await.status, 204);
    assert_eq!(h.call(Some("sandbox-org"), "GET", ENTERPRISE, None).await.status, 403);
    assert_eq!(h.get("/enterprises/nope/actions/permissions/self-hosted-runners").await.status, 404);
    assert_eq!(h.send("PUT", ORG, json!({ "enabled_repositories": "all" })).await.status, 204);
}
