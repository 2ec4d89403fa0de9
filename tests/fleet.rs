//! The enterprise fleet view in headless Chromium against the sandbox: discovery, the scan and its
//! cost, every runner at all three levels, ETag rescans, facets, and bulk deletes across scopes.
#![cfg(target_arch = "wasm32")]
mod common;

use common::*;
use runnerdeck::github::{Client, Scope};
use serde_json::{json, Value};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Three added organizations of four repositories, two runners in each repository.
async fn seed_fleet(api: &str) -> Value {
    let seeded = control(api, "POST", "/reset", Some(json!({ "orgs": 3, "repos_per_org": 4, "repo_runners": 2 }))).await;
    control(api, "DELETE", "/log", None).await;
    seeded
}

/// Every runner of the enterprise, counted through the API itself: enterprise, each org, each repo.
async fn runners_over_the_api(client: &Client) -> (usize, usize, usize) {
    let all = |scope: Scope| {
        let client = client.clone();
        async move { client.all_runners(&scope, None, &|_, _| {}).await.unwrap().items.len() }
    };
    let enterprise = all(Scope::Enterprise { slug: "acme".into() }).await;
    let orgs = client.all_organizations().await.unwrap();
    let (mut org_runners, mut repo_runners) = (0, 0);
    for o in &orgs {
        org_runners += all(Scope::Org { org: o.login.clone() }).await;
        for r in client.all_org_repos(&o.login).await.unwrap().items {
            repo_runners += all(Scope::Repo { owner: o.login.clone(), repo: r.name }).await;
        }
    }
    (enterprise, org_runners, repo_runners)
}

fn number_in(text: &str, after: &str) -> usize {
    let tail = text.split(after).nth(1).unwrap_or_else(|| panic!("no “{after}” in {text}"));
    tail.trim_start().split(|c: char| !c.is_ascii_digit() && c != ',').next().unwrap_or_default().replace(',', "").parse().unwrap_or_else(|_| panic!("no number after “{after}” in {text}"))
}

/// The API requests the sandbox logged for runner and group lists (the scan's own).
async fn scan_requests(api: &str) -> Vec<(String, u64)> {
    let log = control(api, "GET", "/log", None).await;
    log.as_array()
        .unwrap()
        .iter()
        .filter(|e| e["path"].as_str().is_some_and(|p| p.contains("/actions/runners") || p.contains("/actions/runner-groups")))
        .map(|e| (e["path"].as_str().unwrap_or_default().to_string(), e["status"].as_u64().unwrap_or(0)))
        .collect()
}

/// The organization list as typed or found (a textarea's value, not its text).
fn orgs_listed() -> String {
    use wasm_bindgen::JsCast;
    find("fleet-orgs").and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok()).map(|t| t.value()).unwrap_or_default()
}

fn leading_number(text: &str) -> usize {
    text.trim().split(|c: char| !c.is_ascii_digit()).next().unwrap_or_default().parse().unwrap_or_else(|_| panic!("no number at the start of {text}"))
}

fn fleet_rows() -> Vec<web_sys::Element> {
    table_rows("fleet-row")
}

/// Opens the fleet with repositories included, waits for the estimate, and scans.
async fn open_and_scan(api: &str) -> String {
    go("/enterprises/acme/fleet").await;
    wait_until("the organizations found", || orgs_listed().contains("acme-org-03")).await;
    click("fleet-include-repos").await;
    let estimate = wait_for_text("fleet-estimate", |t| t.contains("repositories:")).await;
    control(api, "DELETE", "/log", None).await;
    click("fleet-scan").await;
    wait_for_text("fleet-cost", |t| t.contains("requests")).await;
    estimate
}

#[wasm_bindgen_test]
async fn the_fleet_counts_every_runner_at_all_three_levels_and_costs_what_it_said() {
    let api = sandbox_api();
    seed_fleet(&api).await;
    let _app = app_at("/enterprises/acme/runners", &api, "sandbox-admin").await;
    let estimate = open_and_scan(&api).await;
    let requests = scan_requests(&api).await;
    let (enterprise, orgs, repos) = runners_over_the_api(&client_for(&api, "sandbox-admin")).await;
    let total = enterprise + orgs + repos;
    wait_until("the fleet table", || text("fleet-count-total") == format!("{total} runners")).await;
    // A facet reads "Enterprise 12 runners" to a screen reader and shows "Enterprise 12".
    let facet = |value: &str| find_all("facet-scope").into_iter().find(|b| b.get_attribute("data-value").as_deref() == Some(value)).and_then(|b| b.text_content()).unwrap_or_default();
    assert_eq!(facet("enterprise"), format!("Enterprise {enterprise} runners"));
    assert_eq!(facet("org"), format!("Organization {orgs} runners"));
    assert_eq!(facet("repo"), format!("Repository {repos} runners"));
    // The estimate said so before a request was spent, and the scan then cost about that.
    let said = number_in(&estimate, "about");
    let made = requests.len();
    let diff = said.abs_diff(made) as f64 / made as f64;
    assert!(diff <= 0.05, "estimated {said}, made {made}: {estimate}; {requests:?}");
    assert!(estimate.starts_with("6 organizations, 24 repositories"), "{estimate}");
    let cost = text("fleet-cost");
    assert_eq!(number_in(&cost, "cost"), made, "the page reports what it spent: {cost}");
    // The breakdown per organization adds up to the fleet.
    let sum: usize = find_all("breakdown-total").iter().map(|c| c.text_content().unwrap_or_default().parse::<usize>().unwrap_or(0)).sum();
    assert_eq!(sum, total);
}

#[wasm_bindgen_test]
async fn a_repository_runner_shows_with_its_repository_and_its_organization() {
    let api = sandbox_api();
    seed_fleet(&api).await;
    let _app = app_at("/enterprises/acme/runners", &api, "sandbox-admin").await;
    open_and_scan(&api).await;
    type_into("filter-text", "svc-02-003-runner-2").await;
    wait_until("one row", || fleet_rows().len() == 1).await;
    let row = &fleet_rows()[0];
    let cell = |id: &str| row.query_selector(&format!("[data-testid={id}]")).unwrap().and_then(|c| c.text_content()).unwrap_or_default();
    assert_eq!((cell("fleet-scope").as_str(), cell("fleet-org").as_str(), cell("fleet-repo").as_str()), ("Repository", "acme-org-02", "svc-02-003"));
    wait_until("the filter is in the address", || location().contains("q=svc-02-003-runner-2")).await;
    // The scope facet narrows to one level, and says so in the address.
    click("fleet-offline").await;
    wait_until("offline runners", || !fleet_rows().is_empty() && fleet_rows().iter().all(|r| r.get_attribute("data-status").as_deref() == Some("offline"))).await;
    wait_until("the address to follow", || location().contains("status=offline") && !location().contains("q=")).await;
    // The first row kept its elements and now shows another runner: all of it moved with the runner.
    for row in fleet_rows() {
        let inner = |selector: &str| row.query_selector(selector).unwrap();
        let name = inner("[data-testid=fleet-runner-name]").and_then(|n| n.text_content()).unwrap_or_default();
        let select = inner("[data-testid=fleet-select-row]").and_then(|c| c.get_attribute("aria-label")).unwrap_or_default();
        let badge = inner("[data-testid=fleet-status] span.status").and_then(|b| b.text_content()).unwrap_or_default();
        assert!(select.starts_with(&format!("Select {name} (")), "the checkbox of {name} is labelled {select:?}");
        assert!(badge.ends_with("Offline"), "the row of {name} shows the status {badge:?}");
    }
}

#[wasm_bindgen_test]
async fn a_bulk_delete_of_offline_runners_across_scopes_uses_each_scope_s_own_endpoint() {
    let api = sandbox_api();
    seed_fleet(&api).await;
    // One offline runner in a repository, besides the seed's offline enterprise and org runners.
    let client = client_for(&api, "sandbox-admin");
    let repo = Scope::Repo { owner: "acme-org-01".into(), repo: "svc-01-002".into() };
    let repo_runner = client.all_runners(&repo, None, &|_, _| {}).await.unwrap().items[0].id;
    control(&api, "PATCH", &format!("/runners/{repo_runner}"), Some(json!({ "status": "offline" }))).await;
    let _app = app_at("/enterprises/acme/runners", &api, "sandbox-admin").await;
    open_and_scan(&api).await;
    click("fleet-offline").await;
    wait_until("offline runners", || fleet_rows().iter().all(|r| r.get_attribute("data-status").as_deref() == Some("offline")) && !fleet_rows().is_empty()).await;
    let offline: Vec<(String, u64)> =
        fleet_rows().iter().map(|r| (r.get_attribute("data-scope").unwrap_or_default(), r.get_attribute("data-runner-id").and_then(|i| i.parse().ok()).unwrap_or(0))).collect();
    for level in ["enterprise", "org", "repo"] {
        assert!(offline.iter().any(|(l, _)| l == level), "an offline {level} runner: {offline:?}");
    }
    click("fleet-select-all").await;
    click("bulk-delete").await;
    wait_for("dialog").await;
    let scopes: Vec<String> = find_all("dialog-scope").iter().filter_map(|h| h.text_content()).collect();
    assert!(scopes.len() >= 3 && scopes.iter().any(|s| s.starts_with("Repository acme-org-01/svc-01-002")), "the dialog groups by scope: {scopes:?}");
    control(&api, "DELETE", "/log", None).await;
    click("dialog-confirm").await;
    let report = job_report(1).await;
    assert!(report.contains(&format!("{} done, 0 failed", offline.len())), "{report}");
    let log = control(&api, "GET", "/log", None).await;
    let deletes: Vec<String> = log.as_array().unwrap().iter().filter(|e| e["method"] == "DELETE").filter_map(|e| e["path"].as_str().map(str::to_string)).collect();
    assert_eq!(deletes.len(), offline.len(), "{deletes:?}");
    assert!(deletes.contains(&format!("/repos/acme-org-01/svc-01-002/actions/runners/{repo_runner}")), "{deletes:?}");
    for (level, id) in &offline {
        let prefix = match level.as_str() {
            "enterprise" => "/enterprises/acme/".to_string(),
            "org" => "/orgs/".to_string(),
            _ => "/repos/".to_string(),
        };
        assert!(deletes.iter().any(|d| d.starts_with(&prefix) && d.ends_with(&format!("/actions/runners/{id}"))), "runner {id} deleted at its {level}: {deletes:?}");
    }
    wait_until("the deleted rows gone", || fleet_rows().is_empty()).await;
}

#[wasm_bindgen_test]
async fn a_rescan_of_an_unchanged_fleet_costs_only_304s_and_shows_a_runner_going_offline() {
    let api = sandbox_api();
    seed_fleet(&api).await;
    let _app = app_at("/enterprises/acme/runners", &api, "sandbox-admin").await;
    open_and_scan(&api).await;
    let offline_before = leading_number(&text("fleet-count-offline"));
    control(&api, "DELETE", "/log", None).await;
    let first_cost = text("fleet-cost");
    click("fleet-scan").await;
    wait_until("the rescan", || text("fleet-cost") != first_cost && find("fleet-cancel").is_none()).await;
    let asked = scan_requests(&api).await;
    assert!(!asked.is_empty() && asked.iter().all(|(_, status)| *status == 304), "only 304s: {asked:?}");
    let cost = text("fleet-cost");
    assert_eq!(number_in(&cost, "cost"), number_in(&cost, "requests,"), "every request free: {cost}");
    // One org runner goes offline; the rescan shows it, and reads only what changed in full.
    let client = client_for(&api, "sandbox-admin");
    let online = client.all_runners(&Scope::Org { org: "acme-org-02".into() }, None, &|_, _| {}).await.unwrap().items.into_iter().find(|r| r.status.as_str() == "online").unwrap();
    control(&api, "PATCH", &format!("/runners/{}", online.id), Some(json!({ "status": "offline" }))).await;
    control(&api, "DELETE", "/log", None).await;
    let second_cost = text("fleet-cost");
    click("fleet-scan").await;
    wait_until("the second rescan", || text("fleet-cost") != second_cost && find("fleet-cancel").is_none()).await;
    wait_until("one more offline", || text("fleet-count-offline") == format!("{} offline", offline_before + 1)).await;
    let asked = scan_requests(&api).await;
    assert_eq!(asked.iter().filter(|(_, s)| *s == 200).count(), 1, "only the changed list is read again: {asked:?}");
    let row = fleet_rows().into_iter().find(|r| r.get_attribute("data-runner-id") == Some(online.id.to_string()));
    if let Some(row) = row {
        assert!(row.class_name().contains("changed"), "the changed row is marked");
    }
}

#[wasm_bindgen_test]
async fn discovery_uses_graphql_on_github_com_and_the_user_s_orgs_without_read_enterprise() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    control(&api, "PUT", "/server", Some(json!({ "profile": "dotcom" }))).await;
    let root = api.trim_end_matches("/api/v3").to_string();
    let _app = app_at("/enterprises/acme/fleet", &root, "sandbox-admin").await;
    let note = wait_for_text("fleet-discovery-note", |t| !t.is_empty()).await;
    assert!(note.contains("(GraphQL)"), "{note}");
    assert!(orgs_listed().contains("acme-platform"), "{}", orgs_listed());
    let counted = counters(&api).await;
    assert!(counted["graphql"].as_u64().unwrap_or(0) >= 1, "{counted}");
}

#[wasm_bindgen_test]
async fn without_read_enterprise_the_orgs_come_from_the_user_s_memberships_and_hidden_ones_are_counted() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    control(&api, "PUT", "/server", Some(json!({ "profile": "dotcom" }))).await;
    control(&api, "PUT", "/sso/acme-mobile", None).await;
    let root = api.trim_end_matches("/api/v3").to_string();
    let _app = app_at("/enterprises/acme/fleet", &root, "sandbox-org").await;
    let note = wait_for_text("fleet-discovery-note", |t| !t.is_empty()).await;
    assert!(note.contains("read:enterprise") && note.contains("GET /user/orgs"), "GraphQL's refusal is said, and the fallback named: {note}");
    assert!(note.contains("left out 1 organizations that enforce SAML"), "{note}");
    let orgs = orgs_listed();
    assert!(orgs.contains("acme-platform") && !orgs.contains("acme-mobile"), "{orgs}");
    // A scan without enterprise access still reads the orgs, and says what it could not read.
    click("fleet-scan").await;
    let failures = wait_for_text("fleet-failures", |t| !t.is_empty()).await;
    assert!(failures.contains("enterprise acme"), "{failures}");
    assert!(leading_number(&text("fleet-count-total")) > 0);
}
