//! Every operation of the runner API, at every scope, over real HTTP, each response checked against
//! GitHub's GHES 3.19 description by the harness.
mod common;

use common::ops::*;
use common::*;
use serde_json::json;

#[tokio::test]
async fn every_operation_at_every_scope_conforms_to_the_description() {
    let h = Harness::start().await;
    every_operation(&h).await;
    assert_eq!(never_exercised(&h, "ghes-3.19", &[]), Vec::<String>::new());
    assert_eq!(h.covered.lock().unwrap().len(), 81, "62 runner operations, 8 of the self-hosted runner policy, 7 look-ups, /meta, /rate_limit and the two audit logs");
}

#[tokio::test]
async fn org_groups_include_inherited_enterprise_groups_read_only() {
    let h = Harness::start().await;
    let list = h.get("/orgs/acme-platform/actions/runner-groups").await;
    let groups = list.json["runner_groups"].as_array().unwrap();
    let gpu = groups.iter().find(|g| g["name"] == "gpu-fleet").expect("gpu-fleet is shared with acme-platform");
    assert_eq!(gpu["inherited"], true);
    assert_eq!(gpu["workflow_restrictions_read_only"], true);
    assert!(groups.iter().any(|g| g["name"] == "shared-linux" && g["inherited"] == true));
    assert!(groups.iter().any(|g| g["name"] == "build" && g["inherited"] == false));
    let id = gpu["id"].as_u64().unwrap();
    assert_eq!(h.get(&format!("/orgs/acme-platform/actions/runner-groups/{id}")).await.json["inherited"], true);
    let patch = h.send("PATCH", &format!("/orgs/acme-platform/actions/runner-groups/{id}"), json!({ "name": "mine" })).await;
    assert_eq!(patch.status, 403, "inherited groups are read-only from the org");
    assert!(patch.json["message"].as_str().unwrap().contains("enterprise"));

    // acme-mobile is not in gpu-fleet's selected orgs.
    let mobile = h.get("/orgs/acme-mobile/actions/runner-groups").await;
    assert!(!names(&mobile.json, "runner_groups", "name").contains(&"gpu-fleet".to_string()));
    assert_eq!(h.get(&format!("/orgs/acme-mobile/actions/runner-groups/{id}")).await.status, 404);
}

#[tokio::test]
async fn visible_to_filters_follow_visibility() {
    let h = Harness::start().await;
    let to_mobile = h.get("/enterprises/acme/actions/runner-groups?visible_to_organization=acme-mobile").await;
    let n = names(&to_mobile.json, "runner_groups", "name");
    assert!(n.contains(&"shared-linux".to_string()) && !n.contains(&"gpu-fleet".to_string()), "{n:?}");
    let to_data = names(&h.get("/enterprises/acme/actions/runner-groups?visible_to_organization=acme-data").await.json, "runner_groups", "name");
    assert!(to_data.contains(&"gpu-fleet".to_string()));

    // build: selected (api, web); deploy: private repos only; web is the public one (j = 1).
    let api = names(&h.get("/orgs/acme-platform/actions/runner-groups?visible_to_repository=api").await.json, "runner_groups", "name");
    assert!(api.contains(&"build".to_string()) && api.contains(&"deploy".to_string()), "{api:?}");
    let web = names(&h.get("/orgs/acme-platform/actions/runner-groups?visible_to_repository=web").await.json, "runner_groups", "name");
    assert!(web.contains(&"build".to_string()) && !web.contains(&"deploy".to_string()), "{web:?}");
    let infra = names(&h.get("/orgs/acme-platform/actions/runner-groups?visible_to_repository=infra").await.json, "runner_groups", "name");
    assert!(!infra.contains(&"build".to_string()), "{infra:?}");
    assert_eq!(h.get("/orgs/acme-platform/actions/runner-groups?visible_to_repository=nope").await.status, 404);
}

#[tokio::test]
async fn visibility_private_exists_only_for_org_groups() {
    let h = Harness::start().await;
    let e = h.send("POST", "/enterprises/acme/actions/runner-groups", json!({ "name": "p", "visibility": "private" })).await;
    assert_eq!(e.status, 422);
    let o = h.send("POST", "/orgs/acme-mobile/actions/runner-groups", json!({ "name": "p", "visibility": "private" })).await;
    assert_eq!(o.status, 201);
    assert_eq!(o.json["visibility"], "private");
    assert_eq!(o.json["inherited"], false);
}
