//! The enterprise fleet seed (`--orgs`, `--repos-per-org`, `--repo-runners`, or a reset's body),
//! counted over real HTTP the way the console would count it.
mod common;

use common::*;
use ghes_sandbox::{Faults, SeedConfig};
use serde_json::{json, Value};

/// Every org login, following `/organizations`' Link pages.
async fn org_logins(h: &Harness) -> Vec<String> {
    let mut logins = Vec::new();
    let mut since = 0;
    loop {
        let page = h.get(&format!("/organizations?per_page=100&since={since}")).await;
        let orgs = page.json.as_array().unwrap().clone();
        logins.extend(orgs.iter().map(|o| o["login"].as_str().unwrap().to_string()));
        if page.header("link").is_empty() {
            return logins;
        }
        since = orgs.last().unwrap()["id"].as_u64().unwrap();
    }
}

async fn total(h: &Harness, path: &str) -> u64 {
    let r = h.get(&format!("{path}?per_page=1")).await;
    assert_eq!(r.status, 200, "{path}: {}", r.json);
    r.json["total_count"].as_u64().unwrap()
}

#[tokio::test]
async fn the_default_seed_has_no_fleet() {
    let h = Harness::start().await;
    assert_eq!(h.admin("GET", "/world", None).await, json!({ "runners": 33, "groups": 8, "orgs": 3, "repos": 12 }));
    assert_eq!(org_logins(&h).await, ["acme-platform", "acme-mobile", "acme-data"]);
    assert_eq!(total(&h, "/enterprises/acme/actions/runners").await, 6);
}

#[tokio::test]
async fn the_flags_add_orgs_repos_and_runners_at_every_level() {
    let seed = SeedConfig { orgs: 12, repos_per_org: 5, repo_runners: 3, ..SeedConfig::default() };
    let h = Harness::start_with(seed, Faults::default()).await;
    let logins = org_logins(&h).await;
    assert_eq!(logins.len(), 3 + 12);
    assert_eq!((logins[3].as_str(), logins[14].as_str()), ("acme-org-01", "acme-org-12"));
    assert_eq!(total(&h, "/enterprises/acme/actions/runners").await, 6 + 2 * 12);
    assert_eq!(total(&h, "/orgs/acme-platform/actions/runners").await, 12, "the seeded orgs are as they were");
    assert_eq!(total(&h, "/orgs/acme-org-07/actions/runners").await, 3);
    let repos = h.get("/orgs/acme-org-07/repos?per_page=100").await;
    let names: Vec<&str> = repos.json.as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 5);
    assert!(names.contains(&"svc-07-001") && names.contains(&"svc-07-005"), "{names:?}");
    let runners = h.get("/repos/acme-org-07/svc-07-003/actions/runners").await;
    assert_eq!(runners.json["total_count"], 3);
    assert_eq!(names_of(&runners.json), ["svc-07-003-runner-1", "svc-07-003-runner-2", "svc-07-003-runner-3"]);
    assert_eq!(total(&h, "/repos/acme-platform/api/actions/runners").await, 2);
    let org_runner = &h.get("/orgs/acme-org-12/actions/runners").await.json["runners"][0];
    let default = h.get("/orgs/acme-org-12/actions/runner-groups").await;
    let own: Vec<&Value> = default.json["runner_groups"].as_array().unwrap().iter().filter(|g| g["inherited"] == false).collect();
    assert_eq!((own.len(), own[0]["name"].as_str(), own[0]["default"].as_bool()), (1, Some("Default"), Some(true)));
    assert_eq!(org_runner["runner_group_id"], own[0]["id"]);
    let world = h.admin("GET", "/world", None).await;
    assert_eq!(world["runners"], 33 + 12 * 2 + 12 * 3 + 12 * 5 * 3);
}

fn names_of(list: &Value) -> Vec<String> {
    names(list, "runners", "name")
}

#[tokio::test]
async fn a_reset_with_a_seed_reseeds_once_and_refuses_what_is_too_big() {
    let h = Harness::start().await;
    let answer = h.admin("POST", "/reset", Some(json!({ "orgs": 30, "repos_per_org": 40, "repo_runners": 2 }))).await;
    assert_eq!(answer, json!({ "reset": true, "seed": { "runners": 0, "orgs": 30, "repos_per_org": 40, "repo_runners": 2 }, "orgs": 33, "repos": 1212, "runners": 33 + 30 * 5 + 2400 }));
    assert_eq!(total(&h, "/repos/acme-org-30/svc-30-040/actions/runners").await, 2);
    for (body, status) in [(r#"{"orgs":1001}"#, 422), (r#"{"orgs":1000,"repos_per_org":1000,"repo_runners":1}"#, 422), (r#"{"org":3}"#, 422), (r#"{"orgs":-1}"#, 422), ("[]", 422), ("nope", 400)] {
        assert_eq!(h.admin_raw("POST", "/reset", Some(body)).await.0, status, "{body}");
    }
    assert_eq!(h.admin("GET", "/world", None).await["orgs"], 33, "a refused seed changes nothing");
    h.admin("POST", "/reset", None).await;
    assert_eq!(h.admin("GET", "/world", None).await["orgs"], 3, "a reset without a body is back to the flags' seed");
}

#[tokio::test]
async fn thirty_orgs_of_forty_repos_seed_quickly() {
    let started = std::time::Instant::now();
    let seed = SeedConfig { orgs: 30, repos_per_org: 40, repo_runners: 16, ..SeedConfig::default() };
    let h = Harness::start_with(seed, Faults::default()).await;
    let took = started.elapsed();
    assert_eq!(h.admin("GET", "/world", None).await["runners"], 33 + 30 * 5 + 30 * 40 * 16);
    // A debug build; the release binary takes a tenth of this.
    assert!(took.as_secs_f64() < 3.0, "seeding 19,383 runners took {took:?}");
}
