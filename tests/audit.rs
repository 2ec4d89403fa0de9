//! Runner history from the audit log, in headless Chromium against the sandbox: who registered a
//! runner and since when it is offline, the "Offline for" column and its sort, the Runner events page
//! (listing, filters, cursor pages), and a token without `read:audit_log`, which gets the reason once
//! while everything else works.
#![cfg(target_arch = "wasm32")]
mod common;

use common::*;
use runnerdeck::github::models::JitConfigRequest;
use runnerdeck::github::request::{self as ops, Scope};
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn platform() -> Scope {
    Scope::Org { org: "acme-platform".into() }
}

/// A runner registered just-in-time by octo-admin (the sandbox's registration path), as the API would.
async fn jit_runner(api: &str, name: &str) -> u64 {
    let c = client_for(api, "sandbox-admin");
    let group = c.all_runner_groups(&platform(), None).await.unwrap().items.into_iter().find(|g| g.default).unwrap().id;
    c.send(ops::generate_jitconfig(&platform(), &JitConfigRequest { name: name.into(), runner_group_id: group, labels: vec!["audited".into()], work_folder: None })).await.unwrap().runner.id
}

/// The runner host starting and stopping it.
async fn set_status(api: &str, id: u64, status: &str) {
    control(api, "PATCH", &format!("/runners/{id}"), Some(json!({ "status": status }))).await;
}

#[wasm_bindgen_test]
async fn the_runner_page_shows_who_registered_a_new_runner_and_since_when_it_is_offline() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let id = jit_runner(&api, "audit-jit-1").await;
    set_status(&api, id, "online").await;
    set_status(&api, id, "offline").await;
    let _app = app_at(&format!("/orgs/acme-platform/runners/{id}"), &api, "sandbox-admin").await;
    wait_for_text("runner-title", |t| t == "audit-jit-1").await;
    let registered = wait_for_text("history-registered", |t| t.contains("octo-admin")).await;
    assert!(registered.contains("configured just-in-time by octo-admin") && registered.contains("Probably"), "{registered}");
    let status = wait_for_text("history-status", |t| t.contains("Offline since")).await;
    assert!(status.contains("offline for under a minute"), "{status}");
    let transitions = text("history-transitions");
    assert!(transitions.contains("Went offline") && transitions.contains("Came online"), "{transitions}");
    assert!(text("history-coverage").contains("(1 request of up to 100 entries)"), "{}", text("history-coverage"));

    // A seeded runner that has been offline for days, registered by org-admin two months ago.
    let _app = app_at("/orgs/acme-platform/runners/10", &api, "sandbox-admin").await;
    wait_for_text("runner-title", |t| t == "platform-runner-04").await;
    let status = wait_for_text("history-status", |t| t.contains("Offline since")).await;
    assert!(status.contains("offline for 8 days"), "{status}");
    let registered = wait_for_text("history-registered", |t| t.contains("registered by")).await;
    assert!(registered.contains("org-admin") && registered.contains("days ago"), "{registered}");
}

#[wasm_bindgen_test]
async fn sorting_by_offline_for_puts_the_longest_offline_first() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let id = jit_runner(&api, "audit-just-now").await;
    set_status(&api, id, "online").await;
    set_status(&api, id, "offline").await;
    let _app = app_at("/orgs/acme-platform/runners?status=offline", &api, "sandbox-admin").await;
    wait_until("three offline runners", || rows().len() == 3).await;
    let cost = wait_for_text("offline-for-cost", |t| !t.is_empty()).await;
    assert!(cost.contains("(1 request)"), "{cost}");
    click("sort-offline_for").await;
    wait_until("the longest offline first", || row_names() == ["platform-runner-04", "platform-runner-09", "audit-just-now"]).await;
    wait_until("the address to follow", || location().contains("sort=offline_for") && location().contains("desc=1")).await;
    let cells: Vec<String> = find_all("offline-for").iter().map(|c| c.text_content().unwrap_or_default()).collect();
    assert_eq!(cells, ["8 days", "24 h", "under a minute"]);
    click("sort-offline_for").await;
    wait_until("the shortest first", || row_names().first().map(String::as_str) == Some("audit-just-now")).await;
}

#[wasm_bindgen_test]
async fn the_runner_events_page_lists_filters_and_pages_by_cursor() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let id = jit_runner(&api, "audit-flapping").await;
    for _ in 0..30 {
        set_status(&api, id, "online").await;
        set_status(&api, id, "offline").await;
    }
    let _app = app_at("/orgs/acme-platform/runners", &api, "sandbox-admin").await;
    click("tab-events").await;
    wait_until("a first page of 50", || find_all("event-row").len() == 50).await;
    let first: Vec<String> = find_all("event-target").iter().map(|c| c.text_content().unwrap_or_default()).collect();
    assert!(first[0].contains("audit-flapping") && text("event-kind") == "Went offline", "newest first: {first:?}");
    let targets = || find_all("event-target").iter().map(|c| c.text_content().unwrap_or_default()).collect::<Vec<_>>();
    click("events-older").await;
    wait_until("the next page", || location().contains("after=") && !find_all("event-row").is_empty() && targets() != first).await;
    assert!(find_all("event-kind").iter().any(|k| k.text_content().as_deref() == Some("Registered")), "the JIT config is on the second page");
    click("events-newer").await;
    wait_until("back to the first page", || targets() == first).await;

    choose("events-kind", "registered").await;
    wait_until("registrations only", || !find_all("event-row").is_empty() && find_all("event-kind").iter().all(|k| k.text_content().as_deref() == Some("Registered"))).await;
    type_into("events-actor", "org-admin").await;
    click("events-apply").await;
    wait_until("org-admin's registrations", || !find_all("event-row").is_empty() && find_all("event-actor").iter().all(|a| a.text_content().as_deref() == Some("org-admin"))).await;
    wait_until("the address to follow", || location().contains("actor=org-admin") && location().contains("kind=registered")).await;
    type_into("events-actor", "not a login").await;
    click("events-apply").await;
    wait_for_text("events-filter-error", |t| t.contains("not a GitHub username")).await;
}

#[wasm_bindgen_test]
async fn a_token_without_read_audit_log_gets_the_reason_once_and_every_page_still_works() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runners", &api, "sandbox-org").await;
    wait_until("the runners", || rows().len() == 12).await;
    let why = wait_for_text("offline-for-unavailable", |t| !t.is_empty()).await;
    assert!(why.contains("read:audit_log") && why.contains("This token has admin:org"), "{why}");
    assert_eq!(find_all("offline-for-unavailable").len(), 1);
    assert!(find("sort-offline_for").is_none() && find_all("offline-for").is_empty(), "no column without the log");
    assert!(find("error").is_none(), "not an error: {}", text("error"));

    click("runner-name").await;
    wait_for("runner-title").await;
    let why = wait_for_text("audit-unavailable", |t| !t.is_empty()).await;
    assert!(why.contains("read:audit_log") && why.contains("an owner of acme-platform"), "{why}");
    assert!(find("runner-facts").is_some(), "the rest of the runner page is there");
    assert!(find("error").is_none());

    click("tab-events").await;
    wait_until("the explanation on the events page", || find_all("audit-unavailable").len() == 1 && find("events-table").is_none()).await;
    assert!(text("audit-unavailable").contains("read:audit_log"));
}
