//! The audit logs: fed by the sandbox's own runner operations, filtered by `phrase`, paged by the
//! cursors of the `Link` header, and refused (403) to a token without the scope each description asks
//! for. Every answer is checked by the harness against the description and GitHub's per-action fields.
mod common;

use std::collections::BTreeSet;

use common::audit_fields;
use common::ops::{group_id, runner_id, urlish};
use common::*;
use ghes_sandbox::Profile;
use serde_json::{json, Value};

fn actions(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_string()).collect()
}

fn query(phrase: &str) -> String {
    format!("phrase={}", urlish(phrase))
}

/// Every entry of a log for `params`, following `rel="next"` from the first page; and the pages read.
async fn read_all(h: &Harness, log: &str, params: &str) -> (Vec<Value>, usize) {
    let mut url = format!("{}{log}?{params}", h.api);
    let (mut all, mut pages) = (Vec::new(), 0);
    loop {
        let path = url.strip_prefix(&h.api).expect("links point at the API").to_string();
        let r = h.get(&path).await;
        assert_eq!(r.status, 200, "{path}: {}", r.json);
        pages += 1;
        all.extend(r.json.as_array().unwrap().iter().cloned());
        let link = r.header("link");
        assert!(!link.contains("rel=\"last\"") && !link.contains("?page=") && !link.contains("&page="), "cursor paging has no last page: {link}");
        match links(&link).into_iter().find(|(rel, _)| rel == "next") {
            Some((_, next)) => url = next,
            None => return (all, pages),
        }
        assert!(pages < 200, "paging does not end");
    }
}

#[tokio::test]
async fn operations_are_logged_with_their_actor_and_the_fields_github_documents() {
    let h = Harness::start().await;
    let org = "/orgs/acme-platform";
    let default = group_id(&h, org, "Default").await;
    let jit = h.send("POST", &format!("{org}/actions/runners/generate-jitconfig"), json!({ "name": "audited-1", "runner_group_id": default, "labels": ["x"] })).await;
    assert_eq!(jit.status, 201);
    let id = jit.json["runner"]["id"].as_u64().unwrap();
    h.admin("PATCH", &format!("/runners/{id}"), Some(json!({ "status": "online" }))).await;
    h.admin("PATCH", &format!("/runners/{id}"), Some(json!({ "busy": true }))).await;
    h.admin("PATCH", &format!("/runners/{id}"), Some(json!({ "status": "offline", "busy": false }))).await;
    let group = h.send("POST", &format!("{org}/actions/runner-groups"), json!({ "name": "audited", "visibility": "all" })).await.json["id"].as_u64().unwrap();
    assert_eq!(h.send("PUT", &format!("{org}/actions/runner-groups/{group}/runners/{id}"), Value::Null).await.status, 204);
    assert_eq!(h.send("DELETE", &format!("{org}/actions/runner-groups/{group}/runners/{id}"), Value::Null).await.status, 204);
    assert_eq!(h.send("DELETE", &format!("{org}/actions/runners/{id}"), Value::Null).await.status, 204);

    let today = ghes_sandbox::api::iso8601(ghes_sandbox_now()).chars().take(10).collect::<String>();
    let recent = h.get(&format!("{org}/audit-log?order=asc&per_page=100&{}", query(&format!("created:>={today}")))).await;
    let mine: Vec<&Value> = recent.json.as_array().unwrap().iter().filter(|e| e["runner_id"] == id || e["runner_group_id"] == group || e["actor"] == "octo-admin").collect();
    let seen: Vec<&str> = mine.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        seen,
        [
            "org.configure_self_hosted_jit_runner",
            "org.self_hosted_runner_online",
            "org.self_hosted_runner_offline",
            "org.runner_group_created",
            "org.runner_group_runners_added",
            "org.runner_group_runner_removed",
            "org.remove_self_hosted_runner"
        ],
        "busy changes are not logged; order=asc is oldest first"
    );
    assert_eq!((mine[0]["actor"].as_str(), mine[0]["actor_id"].as_u64(), mine[0].get("runner_id")), (Some("octo-admin"), Some(1), None), "a JIT config names no runner: {}", mine[0]);
    assert_eq!((mine[1].get("actor"), mine[1]["runner_name"].as_str()), (None, Some("audited-1")), "the runner application acted, no user: {}", mine[1]);
    assert_eq!((mine[3]["runner_group_name"].as_str(), mine[4].get("runner_id"), mine[5]["runner_id"].as_u64()), (Some("audited"), None, Some(id)));
    assert_eq!(
        (mine[0]["org"].as_str(), mine[0]["business"].as_str(), mine[0]["operation_type"].as_str(), mine[6]["operation_type"].as_str()),
        (Some("acme-platform"), Some("acme"), Some("create"), Some("remove"))
    );
    assert!(mine.iter().all(|e| e["@timestamp"] == e["created_at"] && e["_document_id"].as_str().is_some_and(|d| d.len() == 22)));
}

fn ghes_sandbox_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}

#[tokio::test]
async fn phrase_qualifiers_filter_by_action_actor_repository_and_time() {
    let h = Harness::start().await;
    let org = "/orgs/acme-platform/audit-log";
    let offline = h.get(&format!("{org}?per_page=100&{}", query("action:org.self_hosted_runner_offline"))).await;
    assert!(!offline.json.as_array().unwrap().is_empty() && actions(&offline.json).iter().all(|a| a == "org.self_hosted_runner_offline"), "{}", offline.json);
    let either = actions(&h.get(&format!("{org}?per_page=100&{}", query("action:org.self_hosted_runner_offline action:org.runner_group_created"))).await.json);
    assert!(either.contains(&"org.runner_group_created".to_string()) && either.contains(&"org.self_hosted_runner_offline".to_string()), "the same key twice is either");
    let (by_org_admin, _) = read_all(&h, org, &format!("per_page=100&{}", query("actor:org-admin"))).await;
    assert!(!by_org_admin.is_empty() && by_org_admin.iter().all(|e| e["actor"] == "org-admin"));
    let none = h.get(&format!("{org}?{}", query("action:org.register_self_hosted_runner actor:nobody"))).await;
    assert_eq!(none.json, json!([]), "different keys must all hold");
    let repo = h.get(&format!("{org}?per_page=100&{}", query("repo:acme-platform/api"))).await;
    assert!(!repo.json.as_array().unwrap().is_empty() && repo.json.as_array().unwrap().iter().all(|e| e["repo"] == "acme-platform/api" && e["action"].as_str().unwrap().starts_with("repo.")));
    assert_eq!(h.get(&format!("{org}?{}", query("octo-admin"))).await.json, json!([]), "text finds nothing");
    let (everything, _) = read_all(&h, org, "per_page=100").await;
    let (not_online, _) = read_all(&h, org, &format!("per_page=100&{}", query("-action:org.self_hosted_runner_online -action:repo.self_hosted_runner_online"))).await;
    assert_eq!(not_online.len(), everything.len() - everything.iter().filter(|e| e["action"].as_str().unwrap().ends_with(".self_hosted_runner_online")).count());
    assert!(everything.iter().all(|e| !e["action"].as_str().unwrap().starts_with("enterprise.")), "the org's log has no enterprise events");
    let old = h.get(&format!("{org}?{}", query("created:<2000-01-01"))).await;
    assert_eq!(old.json, json!([]));

    let (enterprise, _) = read_all(&h, "/enterprises/acme/audit-log", "per_page=100").await;
    let categories: BTreeSet<&str> = enterprise.iter().map(|e| e["action"].as_str().unwrap().split('.').next().unwrap()).collect();
    assert_eq!(categories.into_iter().collect::<Vec<_>>(), ["enterprise", "org", "repo"], "the enterprise's log holds its orgs' events too");
    let ent_runner = runner_id(&h, "/enterprises/acme", "ent-runner-05").await;
    assert!(enterprise.iter().any(|e| e["action"] == "enterprise.self_hosted_runner_offline" && e["runner_id"] == ent_runner && e.get("org").is_none()), "ent-runner-05 is seeded offline");
}

#[tokio::test]
async fn pages_follow_the_link_cursors_both_ways_without_gaps_or_repeats() {
    let h = Harness::start().await;
    let log = "/enterprises/acme/audit-log";
    let (by_100, _) = read_all(&h, log, "per_page=100").await;
    let (by_7, pages) = read_all(&h, log, "per_page=7").await;
    let ids = |v: &[Value]| v.iter().map(|e| e["_document_id"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    assert_eq!(ids(&by_7), ids(&by_100), "the same entries in the same order");
    assert_eq!(pages, by_100.len().div_ceil(7));
    assert_eq!(ids(&by_7).into_iter().collect::<BTreeSet<_>>().len(), by_7.len(), "no entry twice");
    let times: Vec<u64> = by_7.iter().map(|e| e["@timestamp"].as_u64().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first by default");

    let first = h.get(&format!("{log}?per_page=7")).await;
    let first_links = links(&first.header("link"));
    assert_eq!(first_links.iter().map(|(r, _)| r.as_str()).collect::<Vec<_>>(), ["next"], "the first page has only next");
    let next = first_links[0].1.strip_prefix(&h.api).unwrap().to_string();
    assert!(next.contains("after=") && next.contains("&before=") && next.contains("per_page=7"), "{next}");
    let second = h.get(&next).await;
    let rels = links(&second.header("link"));
    let prev = rels.iter().find(|(r, _)| r == "prev").unwrap().1.strip_prefix(&h.api).unwrap().to_string();
    assert!(rels.iter().any(|(r, u)| r == "first" && u.ends_with("after=&before=")), "{rels:?}");
    assert_eq!(h.get(&prev).await.json, first.json, "prev leads back to the first page");

    let asc = h.get(&format!("{log}?per_page=100&order=asc")).await;
    assert_eq!(asc.json[0]["_document_id"], by_100.last().unwrap()["_document_id"], "order=asc: oldest first");
    assert_eq!(h.get(&format!("{log}?after=not-a-cursor")).await.status, 400);
    assert_eq!(h.get(&format!("{log}?per_page=7&page=2")).await.json, second.json, "GHES also documents page");
}

#[tokio::test]
async fn a_token_without_the_scope_is_refused_with_the_scope_named_per_server() {
    let mut h = Harness::start().await;
    let refused = h.call(Some("sandbox-org"), "GET", "/orgs/acme-platform/audit-log", None).await;
    assert_eq!((refused.status, refused.header("x-accepted-oauth-scopes")), (403, "read:audit_log".to_string()), "{}", refused.json);
    assert_eq!(refused.json["message"], "Resource not accessible by personal access token");
    assert_eq!(refused.header("x-oauth-scopes"), "admin:org");
    let runners = h.call(Some("sandbox-org"), "GET", "/orgs/acme-platform/actions/runners", None).await;
    assert_eq!(runners.status, 200, "the runners stay readable");
    let ent = h.call(Some("sandbox-org"), "GET", "/enterprises/acme/audit-log", None).await;
    assert_eq!((ent.status, ent.header("x-accepted-oauth-scopes")), (403, "admin:enterprise".to_string()));
    assert_eq!(h.get("/orgs/acme-platform/audit-log").await.header("x-accepted-oauth-scopes"), "read:audit_log");
    assert_eq!(h.get("/orgs/nope/audit-log").await.status, 404);
    assert_eq!(h.get("/enterprises/other/audit-log").await.status, 404);

    h.switch(Profile::Ghes34).await;
    let old = h.call(Some("sandbox-org"), "GET", "/orgs/acme-platform/audit-log", None).await;
    assert_eq!(old.status, 200, "GHES 3.4 asks for admin:org: {}", old.json);

    h.switch(Profile::Dotcom).await;
    let ghec = h.call(Some("sandbox-org"), "GET", "/enterprises/acme/audit-log", None).await;
    assert_eq!((ghec.status, ghec.header("x-accepted-oauth-scopes")), (403, "read:audit_log".to_string()), "GHEC's enterprise log asks for read:audit_log");
    let page1 = h.get("/orgs/acme-platform/audit-log?per_page=5").await;
    assert_eq!(h.get("/orgs/acme-platform/audit-log?per_page=5&page=2").await.json, page1.json, "GHEC's org log has no page: cursors only");
}

#[test]
fn the_harness_refuses_fields_and_actions_github_does_not_document() {
    let entry = |extra: Value| {
        let mut e = json!({ "@timestamp": 1_700_000_000_000u64, "created_at": 1_700_000_000_000u64, "action": "org.register_self_hosted_runner", "actor": "a" });
        e.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        audit_fields::problems(&e)
    };
    assert_eq!(entry(json!({})), Vec::<String>::new());
    assert_eq!(entry(json!({ "runner_id": 5 })).len(), 1, "registrations do not name the runner");
    assert_eq!(entry(json!({ "action": "org.self_hosted_runner_online", "runner_id": 5, "runner_name": "x" })), Vec::<String>::new());
    assert_eq!(entry(json!({ "action": "org.add_member" })).len(), 1);
    assert_eq!(entry(json!({ "created_at": 1_700_000_000 })).len(), 1, "seconds are not milliseconds");
}
