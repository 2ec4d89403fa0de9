//! The runner and runner-group operations, exercised at one scope over real HTTP, as the server the
//! harness's sandbox answers as documents them: what that version lacks is checked to be missing.
use serde_json::{json, Value};

use super::{names, spec, Harness};

/// A runner's id by name, from the whole list: the `name` filter does not exist before GHES 3.11.
pub async fn runner_id(h: &Harness, scope: &str, name: &str) -> u64 {
    let mut page = 1;
    loop {
        let r = h.get(&format!("{scope}/actions/runners?per_page=100&page={page}")).await;
        assert_eq!(r.status, 200, "{}", r.json);
        let runners = r.json["runners"].as_array().unwrap();
        let found: Vec<&Value> = runners.iter().filter(|x| x["name"] == name).collect();
        if let [one] = found.as_slice() {
            return one["id"].as_u64().unwrap();
        }
        assert!(found.is_empty(), "more than one runner named {name} under {scope}");
        assert!(!runners.is_empty(), "no runner named {name} under {scope}");
        page += 1;
    }
}

pub fn urlish(s: &str) -> String {
    ghes_sandbox::api::encode(s)
}

pub async fn group_id(h: &Harness, scope: &str, name: &str) -> u64 {
    let r = h.get(&format!("{scope}/actions/runner-groups?per_page=100")).await;
    r.json["runner_groups"].as_array().unwrap().iter().find(|g| g["name"] == name).unwrap_or_else(|| panic!("group {name} under {scope}"))["id"].as_u64().unwrap()
}

fn label_names(v: &Value) -> Vec<String> {
    names(v, "labels", "name")
}

/// Runner operations, identical at the three scopes.
pub async fn runner_operations(h: &Harness, scope: &str, idle: &str, busy: Option<&str>, group: u64) {
    let p = h.profile;
    // list, with the name filter where the server has one (before 3.11 it is ignored)
    let all = h.get(&format!("{scope}/actions/runners")).await;
    assert_eq!(all.status, 200);
    let total = all.json["total_count"].as_u64().unwrap();
    assert!(total >= 1);
    let id = runner_id(h, scope, idle).await;
    let named = h.get(&format!("{scope}/actions/runners?name={}", urlish(idle))).await;
    if p.has_runner_name_filter() {
        assert_eq!((named.json["total_count"].as_u64(), named.json["runners"][0]["id"].as_u64()), (Some(1), Some(id)), "{}", named.json);
    } else {
        assert_eq!(named.json["total_count"].as_u64(), Some(total), "{}: the name filter is ignored", p.name());
    }
    let one = &all.json["runners"][0];
    assert_eq!(one.get("version").is_some(), p.has_runner_version(), "{}: version {one}", p.name());
    assert_eq!(one.get("ephemeral").is_some(), p.has_runner_ephemeral(), "{}: ephemeral {one}", p.name());
    assert_eq!(one.get("runner_group_id").is_some(), p.has_runner_group_id() && !scope.starts_with("/repos"), "{}: runner_group_id {one}", p.name());

    // downloads
    let d = h.get(&format!("{scope}/actions/runners/downloads")).await;
    let apps = d.json.as_array().unwrap();
    assert!(apps.iter().any(|a| a["os"] == "linux" && a["architecture"] == "x64" && a["sha256_checksum"].as_str().unwrap().len() == 64));
    assert!(apps.iter().any(|a| a["os"] == "win" && a["filename"].as_str().unwrap().ends_with(".zip")));

    // registration and remove tokens: fresh each time, an hour to live
    let t1 = h.send("POST", &format!("{scope}/actions/runners/registration-token"), Value::Null).await;
    let t2 = h.send("POST", &format!("{scope}/actions/runners/registration-token"), Value::Null).await;
    assert_eq!((t1.status, t2.status), (201, 201));
    assert_ne!(t1.json["token"], t2.json["token"], "registration tokens are fresh");
    assert_eq!(t1.json["token"].as_str().unwrap().len(), 29);
    let rm = h.send("POST", &format!("{scope}/actions/runners/remove-token"), Value::Null).await;
    assert_eq!(rm.status, 201);
    assert_ne!(rm.json["token"], t1.json["token"]);

    // get one
    let one = h.get(&format!("{scope}/actions/runners/{id}")).await;
    assert_eq!(one.json["name"], idle);
    assert_eq!(h.get(&format!("{scope}/actions/runners/999999")).await.status, 404);

    // labels: list, add, set, remove one, remove all
    let labels = h.get(&format!("{scope}/actions/runners/{id}/labels")).await;
    assert!(label_names(&labels.json).contains(&"self-hosted".to_string()));
    let added = h.send("POST", &format!("{scope}/actions/runners/{id}/labels"), json!({ "labels": ["gpu", "🚀-fast"] })).await;
    assert_eq!(added.status, 200);
    let n = label_names(&added.json);
    assert!(n.contains(&"gpu".to_string()) && n.contains(&"🚀-fast".to_string()), "{n:?}");
    let set = h.send("PUT", &format!("{scope}/actions/runners/{id}/labels"), json!({ "labels": ["only-this"] })).await;
    let customs: Vec<&Value> = set.json["labels"].as_array().unwrap().iter().filter(|l| l["type"] == "custom").collect();
    assert_eq!(customs.len(), 1, "set replaces every custom label: {}", set.json);
    assert_eq!(customs[0]["name"], "only-this");
    let removed = h.send("DELETE", &format!("{scope}/actions/runners/{id}/labels/only-this"), Value::Null).await;
    assert_eq!(removed.status, 200);
    assert!(!label_names(&removed.json).contains(&"only-this".to_string()));
    assert_eq!(h.send("DELETE", &format!("{scope}/actions/runners/{id}/labels/only-this"), Value::Null).await.status, 404, "absent label");
    let ro = h.send("DELETE", &format!("{scope}/actions/runners/{id}/labels/self-hosted"), Value::Null).await;
    assert_eq!(ro.status, 422, "read-only labels cannot be removed");
    h.send("POST", &format!("{scope}/actions/runners/{id}/labels"), json!({ "labels": ["a", "b"] })).await;
    let cleared = h.send("DELETE", &format!("{scope}/actions/runners/{id}/labels"), Value::Null).await;
    assert_eq!(cleared.status, 200);
    assert!(cleared.json["labels"].as_array().unwrap().iter().all(|l| l["type"] == "read-only"), "{}", cleared.json);
    assert_eq!(cleared.json["total_count"], 3);
    let emptied = h.send("PUT", &format!("{scope}/actions/runners/{id}/labels"), json!({ "labels": [] })).await;
    assert_eq!(emptied.status, 200, "an empty set clears the custom labels");
    for bad in [json!({ "labels": ["dup", "DUP"] }), json!({ "labels": ["a,b"] }), json!({ "labels": [""] }), json!({ "labels": "gpu" }), json!({})] {
        let r = h.send("POST", &format!("{scope}/actions/runners/{id}/labels"), bad.clone()).await;
        assert_eq!(r.status, 422, "{bad} must be refused");
    }
    let os = one.json["os"].as_str().unwrap().to_string();
    let r = h.send("POST", &format!("{scope}/actions/runners/{id}/labels"), json!({ "labels": [os] })).await;
    assert_eq!(r.status, 422, "a read-only label cannot become custom");

    // JIT config: an offline runner in the given group with the given labels; duplicates are 409.
    // Before GHES 3.10 the endpoint does not exist.
    let jit_path = format!("{scope}/actions/runners/generate-jitconfig");
    if !p.has_jit_config() {
        let r = h.send("POST", &jit_path, json!({ "name": "jit-1", "runner_group_id": group, "labels": ["jit"] })).await;
        assert_eq!(r.status, 404, "{}: no JIT configs: {}", p.name(), r.json);
        assert_eq!(r.json["message"], "Not Found");
    } else {
        jit_operations(h, scope, group).await;
    }

    // delete: busy runners refuse, idle ones go
    if let Some(busy) = busy {
        let b = runner_id(h, scope, busy).await;
        assert_eq!(h.send("DELETE", &format!("{scope}/actions/runners/{b}"), Value::Null).await.status, 422);
    }
    assert_eq!(h.send("DELETE", &format!("{scope}/actions/runners/{id}"), Value::Null).await.status, 204);
    assert_eq!(h.get(&format!("{scope}/actions/runners/{id}")).await.status, 404);
    assert_eq!(h.get(&format!("{scope}/actions/runners/{id}/labels")).await.status, 404);
}

async fn jit_operations(h: &Harness, scope: &str, group: u64) {
    let jit = h.send("POST", &format!("{scope}/actions/runners/generate-jitconfig"), json!({ "name": "jit-1", "runner_group_id": group, "labels": ["jit", "x"], "work_folder": "_w" })).await;
    assert_eq!(jit.status, 201, "{}", jit.json);
    assert!(jit.json["encoded_jit_config"].as_str().unwrap().len() > 20);
    assert_eq!(jit.json["runner"]["status"], "offline");
    assert!(label_names(&jit.json["runner"]).contains(&"jit".to_string()));
    if !scope.starts_with("/repos") {
        assert_eq!(jit.json["runner"]["runner_group_id"], group);
    }
    let dup = h.send("POST", &format!("{scope}/actions/runners/generate-jitconfig"), json!({ "name": "JIT-1", "runner_group_id": group, "labels": ["x"] })).await;
    assert_eq!(dup.status, 409, "{}", dup.json);
    let no_labels = h.send("POST", &format!("{scope}/actions/runners/generate-jitconfig"), json!({ "name": "jit-2", "runner_group_id": group, "labels": [] })).await;
    assert_eq!(no_labels.status, 422);
    if !scope.starts_with("/repos") {
        let bad_group = h.send("POST", &format!("{scope}/actions/runners/generate-jitconfig"), json!({ "name": "jit-3", "runner_group_id": 4242, "labels": ["x"] })).await;
        assert_eq!(bad_group.status, 404);
    }
}

/// Group operations; `access` is `organizations` or `repositories`, `targets` two ids of that kind.
pub async fn group_operations(h: &Harness, scope: &str, access: &str, targets: [u64; 2], runners: [u64; 2]) {
    let ids_key = if access == "organizations" { "selected_organization_ids" } else { "selected_repository_ids" };
    let default = group_id(h, scope, "Default").await;

    // create with a selected access list and a runner
    let created = h
        .send(
            "POST",
            &format!("{scope}/actions/runner-groups"),
            json!({ "name": "team-a", "visibility": "selected", ids_key: [targets[0]], "runners": [runners[0]],
                    "restricted_to_workflows": true, "selected_workflows": ["acme-platform/api/.github/workflows/ci.yml@main"] }),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.json);
    let gid = created.json["id"].as_u64().unwrap();
    assert_eq!(created.json["visibility"], "selected");
    let p = h.profile;
    let members = names(&h.get(&format!("{scope}/actions/runner-groups/{gid}/runners")).await.json, "runners", "name");
    assert_eq!(members.len(), 1, "{members:?}");
    if p.has_runner_group_id() {
        assert_eq!(h.get(&format!("{scope}/actions/runners/{}", runners[0])).await.json["runner_group_id"], gid);
    }
    let dup = h.send("POST", &format!("{scope}/actions/runner-groups"), json!({ "name": "TEAM-A" })).await;
    assert_eq!(dup.status, 422, "duplicate group names are refused: {}", dup.json);
    let bad_wf = h.send("POST", &format!("{scope}/actions/runner-groups"), json!({ "name": "wf", "selected_workflows": ["o/r/.github/workflows/ci.yml"] })).await;
    if p.has_workflow_restrictions() {
        assert_eq!(created.json["restricted_to_workflows"], true);
        assert_eq!(bad_wf.status, 422, "a workflow without a ref is refused");
    } else {
        // Before GHES 3.5 the workflow fields are unknown: not in the group, ignored in the body.
        for field in ["restricted_to_workflows", "selected_workflows", "workflow_restrictions_read_only"] {
            assert!(created.json.get(field).is_none(), "{}: {field} in {}", p.name(), created.json);
        }
        assert_eq!(bad_wf.status, 201, "{}: the unknown field is ignored: {}", p.name(), bad_wf.json);
        let wf = bad_wf.json["id"].as_u64().unwrap();
        assert_eq!(h.send("DELETE", &format!("{scope}/actions/runner-groups/{wf}"), Value::Null).await.status, 204);
    }

    // get, patch
    assert_eq!(h.get(&format!("{scope}/actions/runner-groups/{gid}")).await.json["name"], "team-a");
    let patched = h.send("PATCH", &format!("{scope}/actions/runner-groups/{gid}"), json!({ "name": "team-b", "allows_public_repositories": true })).await;
    assert_eq!(patched.status, 200);
    assert_eq!(patched.json["name"], "team-b");
    assert_eq!(patched.json["allows_public_repositories"], true);
    assert_eq!(patched.json["visibility"], "selected", "PATCH leaves unsent fields alone");
    let rename_default = h.send("PATCH", &format!("{scope}/actions/runner-groups/{default}"), json!({ "name": "Other" })).await;
    assert_eq!(rename_default.status, 422);

    // access list: list, add, remove, set
    let list = h.get(&format!("{scope}/actions/runner-groups/{gid}/{access}")).await;
    assert_eq!(list.json["total_count"], 1);
    assert_eq!(list.json[access][0]["id"], targets[0]);
    assert_eq!(h.send("PUT", &format!("{scope}/actions/runner-groups/{gid}/{access}/{}", targets[1]), Value::Null).await.status, 204);
    assert_eq!(h.get(&format!("{scope}/actions/runner-groups/{gid}/{access}")).await.json["total_count"], 2);
    assert_eq!(h.send("DELETE", &format!("{scope}/actions/runner-groups/{gid}/{access}/{}", targets[0]), Value::Null).await.status, 204);
    let after = h.get(&format!("{scope}/actions/runner-groups/{gid}/{access}")).await;
    assert_eq!(after.json[access].as_array().unwrap().iter().map(|x| x["id"].as_u64().unwrap()).collect::<Vec<_>>(), vec![targets[1]]);
    assert_eq!(h.send("PUT", &format!("{scope}/actions/runner-groups/{gid}/{access}"), json!({ ids_key: [targets[0], targets[1]] })).await.status, 204);
    assert_eq!(h.get(&format!("{scope}/actions/runner-groups/{gid}/{access}")).await.json["total_count"], 2);
    assert_eq!(h.send("PUT", &format!("{scope}/actions/runner-groups/{gid}/{access}/99999"), Value::Null).await.status, 404);
    assert_eq!(h.send("PUT", &format!("{scope}/actions/runner-groups/{gid}/{access}"), json!({ ids_key: [99999] })).await.status, 422);

    // runners: list, add, remove (back to Default), set
    let members = h.get(&format!("{scope}/actions/runner-groups/{gid}/runners")).await;
    assert_eq!(members.json["total_count"], 1);
    assert_eq!(h.send("PUT", &format!("{scope}/actions/runner-groups/{gid}/runners/{}", runners[1]), Value::Null).await.status, 204);
    assert_eq!(h.get(&format!("{scope}/actions/runner-groups/{gid}/runners")).await.json["total_count"], 2);
    assert_eq!(h.send("DELETE", &format!("{scope}/actions/runner-groups/{gid}/runners/{}", runners[0]), Value::Null).await.status, 204);
    assert!(in_group(h, scope, default, runners[0]).await, "removed runners go back to Default");
    assert_eq!(h.send("PUT", &format!("{scope}/actions/runner-groups/{gid}/runners"), json!({ "runners": [runners[0]] })).await.status, 204);
    let now = h.get(&format!("{scope}/actions/runner-groups/{gid}/runners")).await;
    assert_eq!(now.json["runners"].as_array().unwrap().iter().map(|r| r["id"].as_u64().unwrap()).collect::<Vec<_>>(), vec![runners[0]]);
    assert!(in_group(h, scope, default, runners[1]).await, "set moves the left-out runners to Default");

    // visibility all: the access list no longer applies
    let all = h.send("PATCH", &format!("{scope}/actions/runner-groups/{gid}"), json!({ "visibility": "all" })).await;
    assert_eq!(all.status, 200);
    assert!(all.json.get("selected_repositories_url").is_none() && all.json.get("selected_organizations_url").is_none());
    assert_eq!(h.get(&format!("{scope}/actions/runner-groups/{gid}/{access}")).await.status, 422);
    assert_eq!(h.send("PUT", &format!("{scope}/actions/runner-groups/{gid}/{access}/{}", targets[0]), Value::Null).await.status, 422);

    // delete: runners go back to Default; Default itself stays
    assert_eq!(h.send("DELETE", &format!("{scope}/actions/runner-groups/{gid}"), Value::Null).await.status, 204);
    assert!(in_group(h, scope, default, runners[0]).await, "a deleted group's runners go back to Default");
    assert_eq!(h.get(&format!("{scope}/actions/runner-groups/{gid}")).await.status, 404);
    assert_eq!(h.send("DELETE", &format!("{scope}/actions/runner-groups/{default}"), Value::Null).await.status, 422);
}

/// Whether the group lists the runner among its members (runners carry `runner_group_id` only since 3.8).
async fn in_group(h: &Harness, scope: &str, group: u64, runner: u64) -> bool {
    let r = h.get(&format!("{scope}/actions/runner-groups/{group}/runners?per_page=100")).await;
    r.json["runners"].as_array().unwrap().iter().any(|x| x["id"] == runner)
}

/// Every runner and runner-group operation at the three scopes, the self-hosted runner policy, then
/// the look-ups and `/meta`.
pub async fn every_operation(h: &Harness) {
    runner_operations(h, "/enterprises/acme", "ent-runner-02", Some("ent-runner-01"), 1).await;
    let platform_default = group_id(h, "/orgs/acme-platform", "Default").await;
    runner_operations(h, "/orgs/acme-platform", "platform-runner-01", Some("platform-runner-03"), platform_default).await;
    runner_operations(h, "/repos/acme-platform/api", "api-repo-runner-1", None, 1).await;
    for log in ["/orgs/acme-platform/audit-log", "/enterprises/acme/audit-log"] {
        let r = h.get(&format!("{log}?per_page=100")).await;
        assert_eq!(r.status, 200, "{log}: {}", r.json);
        assert!(!r.json.as_array().unwrap().is_empty(), "{log}: the seed has history");
    }

    let e1 = runner_id(h, "/enterprises/acme", "ent-runner-03").await;
    let e2 = runner_id(h, "/enterprises/acme", "ent-runner-04").await;
    group_operations(h, "/enterprises/acme", "organizations", [101, 102], [e1, e2]).await;
    let o1 = runner_id(h, "/orgs/acme-platform", "platform-runner-05").await;
    let o2 = runner_id(h, "/orgs/acme-platform", "platform-runner-06").await;
    let repos = h.get("/orgs/acme-platform/repos").await;
    let repo_ids: Vec<u64> = repos.json.as_array().unwrap().iter().map(|r| r["id"].as_u64().unwrap()).collect();
    group_operations(h, "/orgs/acme-platform", "repositories", [repo_ids[0], repo_ids[1]], [o1, o2]).await;
    super::policy_ops::policy_operations(h).await;

    // look-ups
    assert_eq!(h.call(None, "GET", "/", None).await.json["current_user_url"], format!("{}/user", h.api));
    let meta = h.call(None, "GET", "/meta", None).await;
    assert_eq!(meta.status, 200, "/meta answers without a token");
    assert_eq!(meta.json["installed_version"].as_str().map(str::to_string), h.profile.installed_version(), "{}", meta.json);
    assert_eq!(meta.header("x-github-enterprise-version"), h.profile.installed_version().unwrap_or_default());
    assert_eq!(h.get("/user").await.json["login"], "octo-admin");
    assert_eq!(h.get("/user/orgs").await.json.as_array().unwrap().len(), 3);
    assert_eq!(h.get("/organizations").await.json.as_array().unwrap().len(), 3);
    assert_eq!(h.get("/orgs/acme-data").await.json["login"], "acme-data");
    assert_eq!(h.get("/orgs/nope").await.status, 404);
    assert_eq!(h.get("/repos/acme-platform/api").await.json["full_name"], "acme-platform/api");
    let rate = h.get("/rate_limit").await;
    assert_eq!((rate.status, rate.header("x-ratelimit-resource")), (200, "core".to_string()), "{}", rate.json);
    assert_eq!(h.get("/repos/acme-platform/nope").await.status, 404);
}

/// The operations of a description no call of this harness reached, less `except` (`METHOD template`).
pub fn never_exercised(h: &Harness, description: &str, except: &[&str]) -> Vec<String> {
    let covered = h.covered.lock().unwrap();
    let mut missing = Vec::new();
    for (template, item) in spec(description).doc["paths"].as_object().unwrap() {
        for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
            let name = format!("{method} {template}");
            if item.get(method.to_lowercase()).is_some() && !covered.contains(&(method.to_string(), template.clone())) && !except.contains(&name.as_str()) {
                missing.push(name);
            }
        }
    }
    missing
}
