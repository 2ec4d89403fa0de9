//! The fleet scan's edges in headless Chromium against the sandbox: the rate limit said before a
//! scan (or that it is off), Cancel, and the scan kept in this browser on request, reopened at once,
//! revalidated with its saved ETags, and forgotten.
#![cfg(target_arch = "wasm32")]
mod common;

use common::*;
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const FLEET: &str = "/enterprises/acme/fleet";

fn forget_the_choice() {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.remove_item("runnerdeck.fleet.keep");
    }
}

async fn scan_and_wait() {
    wait_until("the organizations found", || find("fleet-discovery-note").is_some()).await;
    let before = find("fleet-cost").and_then(|c| c.text_content()).unwrap_or_default();
    click("fleet-scan").await;
    wait_until("the scan", || find("fleet-cost").and_then(|c| c.text_content()).is_some_and(|t| t != before) && find("fleet-cancel").is_none()).await;
}

/// The statuses the sandbox answered the scan's lists with since the log was emptied.
async fn list_statuses(api: &str) -> Vec<u64> {
    let log = control(api, "GET", "/log", None).await;
    log.as_array().unwrap().iter().filter(|e| e["path"].as_str().is_some_and(|p| p.contains("/actions/runner"))).map(|e| e["status"].as_u64().unwrap_or(0)).collect()
}

#[wasm_bindgen_test]
async fn the_rate_limit_left_is_said_before_a_scan_and_so_is_a_server_without_one() {
    forget_the_choice();
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at(FLEET, &api, "sandbox-admin").await;
    let rate = wait_for_text("fleet-rate", |t| t.contains("GitHub allows")).await;
    assert!(rate.contains("more requests until"), "{rate}");
    control(&api, "PUT", "/server", Some(json!({ "rate_limiting": false }))).await;
    let _app = app_at(FLEET, &api, "sandbox-admin").await;
    let rate = wait_for_text("fleet-rate", |t| !t.starts_with("Reading")).await;
    assert!(rate.contains("Rate limiting is off on this server"), "{rate}");
}

#[wasm_bindgen_test]
async fn a_scan_shows_a_bar_per_phase_and_cancel_stops_it() {
    forget_the_choice();
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at(FLEET, &api, "sandbox-admin").await;
    wait_until("the organizations found", || find("fleet-discovery-note").is_some()).await;
    set_faults(&api, json!({ "latency_ms": 400 })).await;
    click("fleet-scan").await;
    wait_until("the phases", || find_all("fleet-phase").len() >= 2).await;
    let phases = text("fleet-phases");
    assert!(phases.contains("Enterprise runners") && phases.contains("Organization runners"), "{phases}");
    let cancelled_at = js_sys::Date::now();
    click("fleet-cancel").await;
    let said = wait_for_text("fleet-error", |t| !t.is_empty()).await;
    assert!(said.contains("cancelled"), "{said}");
    assert!(find("fleet-cost").is_none(), "no scan is reported as done");
    assert!(find("fleet-cancel").is_none() && find("fleet-phases").is_none());
    wait_sandbox_idle(&api).await;
    set_faults(&api, json!({})).await;
    let log = control(&api, "GET", "/log", None).await;
    let late: Vec<&serde_json::Value> = log.as_array().unwrap().iter().filter(|e| e["started_ms"].as_f64().unwrap_or(0.0) > cancelled_at + 100.0).collect();
    assert!(late.is_empty(), "nothing is sent after Cancel: {late:?}");
    let orgs_read = log.as_array().unwrap().iter().filter(|e| e["status"] == 200 && e["path"].as_str().is_some_and(|p| p.starts_with("/orgs/") && p.contains("/actions/runners"))).count();
    assert!(orgs_read < 3, "the scan stopped before every organization was read: {log}");
}

#[wasm_bindgen_test]
async fn a_kept_scan_opens_at_once_revalidates_with_its_etags_and_is_forgotten() {
    forget_the_choice();
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let app = app_at(FLEET, &api, "sandbox-admin").await;
    scan_and_wait().await;
    let total = text("fleet-count-total");
    click("fleet-keep").await;
    wait_for_text("fleet-store-note", |t| t.starts_with("Kept")).await;
    drop(app);

    // A new visit: a new connection, so nothing is cached in memory.
    control(&api, "DELETE", "/log", None).await;
    let app = app_at(FLEET, &api, "sandbox-admin").await;
    let note = wait_for_text("fleet-store-note", |t| t.starts_with("Opened the scan saved")).await;
    assert!(note.contains("minutes ago"), "{note}");
    assert_eq!(text("fleet-count-total"), total, "the saved fleet is on show");
    wait_until("the refresh", || find("fleet-cost").is_some_and(|c| c.text_content().is_some_and(|t| !t.contains("saved in this browser"))) && find("fleet-cancel").is_none()).await;
    let statuses = list_statuses(&api).await;
    assert!(!statuses.is_empty() && statuses.iter().all(|s| *s == 304), "revalidated with the saved ETags: {statuses:?}");

    click("fleet-forget").await;
    wait_for_text("fleet-store-note", |t| t.starts_with("Forgotten")).await;
    drop(app);
    let _app = app_at(FLEET, &api, "sandbox-admin").await;
    wait_until("the organizations found", || find("fleet-discovery-note").is_some()).await;
    assert!(find("fleet-count-total").is_none() && find("fleet-store-note").is_none(), "nothing was kept");
    forget_the_choice();
}
