//! The write queue in headless Chromium against the sandbox: GitHub's secondary limits crossed and
//! waited out, cancel, long waits, navigating away mid-job, retried 502s, the Activity page, and
//! leaving pages mid-load.
#![cfg(target_arch = "wasm32")]
mod common;

use common::*;
use serde_json::{json, Value};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The sandbox's request log: (method, path, status, started_ms, finished_ms).
async fn request_log(api: &str) -> Vec<(String, String, Option<u64>, u64, Option<u64>)> {
    let log = control(api, "GET", "/log", None).await;
    log.as_array()
        .map(|a| {
            a.iter()
                .map(|e: &Value| {
                    (
                        e["method"].as_str().unwrap_or_default().to_string(),
                        e["path"].as_str().unwrap_or_default().to_string(),
                        e["status"].as_u64(),
                        e["started_ms"].as_u64().unwrap_or(0),
                        e["finished_ms"].as_u64(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Renames `n` runners of the big fleet to `drain-NN` and takes them offline, as their hosts would.
async fn drainable(api: &str, n: usize) -> Vec<u64> {
    let client = client_for(api, "sandbox-admin");
    let scope = runnerdeck::github::Scope::Org { org: "acme-platform".into() };
    let all = client.all_runners(&scope, None, &|_, _| {}).await.unwrap().items;
    let ids: Vec<u64> = all.iter().filter(|r| r.name.starts_with("fleet-")).take(n).map(|r| r.id).collect();
    for (i, id) in ids.iter().enumerate() {
        control(api, "PATCH", &format!("/runners/{id}"), Some(json!({ "status": "offline", "busy": false, "name": format!("drain-{i:02}") }))).await;
    }
    ids
}

#[wasm_bindgen_test]
async fn sixty_deletes_across_githubs_limit_all_land_and_none_is_reported_failed() {
    let api = big_sandbox_api();
    reset_sandbox(&api).await;
    let ids = drainable(&api, 60).await;
    // GitHub's rule, scaled down: 100 points per 4 s for one endpoint is 20 deletes per window.
    control(&api, "PUT", "/limits", Some(json!({ "enabled": true, "points_per_window": 100, "window_ms": 4000 }))).await;
    let _app = app_at("/orgs/acme-platform/runners?q=drain-", &api, "sandbox-admin").await;
    wait_until("the 60 runners", || text("count-shown") == "60 shown").await;
    select_all_and("bulk-delete").await;
    assert!(text("pace-estimate").contains("60 deletes"), "{}", text("pace-estimate"));
    choose("pace", "8").await;
    control(&api, "DELETE", "/log", None).await;
    click("dialog-confirm").await;
    // The wait is shown while it happens, in the job and in the header.
    wait_for_text("job-wait", |t| t.contains("Resuming in")).await;
    assert!(text("jobs-indicator").contains("waiting"), "{}", text("jobs-indicator"));
    let report = job_report(1).await;
    assert!(report.contains("60 done, 0 failed"), "{report}");
    let log = request_log(&api).await;
    let deletes: Vec<_> = log.iter().filter(|e| e.0 == "DELETE").collect();
    let limited: Vec<_> = deletes.iter().filter(|e| e.2 == Some(403)).collect();
    assert!(limited.len() >= 2, "the limit was crossed at least twice: {} 403s", limited.len());
    // After a 403 ("Retry-After: ≥1 s") the queue sends nothing more. Writes it had already sent
    // still arrive (at most the other 7 in flight: the browser may hold them a moment); then nothing
    // until the wait is over. A queue that did not pause would send about 30 in that time.
    let mut first_hits = vec![];
    for hit in &limited {
        if first_hits.last().is_none_or(|&t: &u64| hit.3 > t + 1000) {
            first_hits.push(hit.3);
        }
    }
    for t in first_hits {
        let soon = deletes.iter().filter(|e| e.3 > t && e.3 < t + 900).count();
        assert!(soon <= 7, "{soon} writes went out within 900 ms of the 403 at {t}");
    }
    let ok = deletes.iter().filter(|e| e.2 == Some(204)).count();
    assert_eq!(ok, 60, "every runner was deleted exactly once");
    let client = client_for(&api, "sandbox-admin");
    for id in ids.iter().take(5) {
        assert!(client.send(runnerdeck::github::request::get_runner(&runnerdeck::github::Scope::Org { org: "acme-platform".into() }, *id)).await.is_err(), "runner {id} is gone");
    }
    wait_until("the counts to show it", || text("count-shown") == "0 shown").await;
    reset_sandbox(&api).await;
}

#[wasm_bindgen_test]
async fn cancel_mid_run_leaves_the_rest_not_attempted_and_sends_nothing_after() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runners", &api, "sandbox-admin").await;
    wait_until("runners", || rows().len() >= 10).await;
    type_into("bulk-label", "cancel-me").await;
    select_all_and("bulk-add-label").await;
    let n = rows().len();
    click("dialog-confirm").await;
    // At GitHub's pace (one a second), cancel after two have landed.
    let settled = || text("progress-text").split(' ').next().and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
    wait_until("two done", || settled() >= 2).await;
    click("job-cancel").await;
    let cancelled_at = js_sys::Date::now() as u64;
    let report = job_report(1).await;
    assert!(report.contains("0 failed") && report.contains("not attempted"), "{report}");
    assert!(text("job-not-attempted").contains("Not attempted"), "{}", text("job-not-attempted"));
    sleep(1500).await; // a second and a half of the pace: the next item would have gone out by now
    let log = request_log(&api).await;
    let late: Vec<_> = log.iter().filter(|e| e.0 == "POST" && e.3 > cancelled_at + 50).collect();
    assert!(late.is_empty(), "requests after the cancel: {late:?}");
    let done = log.iter().filter(|e| e.0 == "POST" && e.1.contains("/labels")).count();
    assert!(done < n, "not every runner was written: {done} of {n}");
}

#[wasm_bindgen_test]
async fn a_ten_minute_retry_after_shows_a_countdown_and_cancel_ends_the_job() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runners?status=offline", &api, "sandbox-admin").await;
    wait_until("offline runners", || rows().len() == 2).await;
    // The one-time limit is aimed at the first delete, not at a read the page may still make.
    set_faults(&api, json!({ "secondary_rate_limit": { "status": 403, "retry_after": 600, "times": 1, "method": "DELETE" } })).await;
    select_all_and("bulk-delete").await;
    click("dialog-confirm").await;
    let first = wait_for_text("job-wait", |t| t.contains("Resuming in")).await;
    assert!(first.contains("59") || first.contains("600") || first.contains("60"), "a ten-minute countdown: {first}");
    click("job-cancel").await;
    let report = job_report(1).await;
    assert!(report.contains("0 done, 0 failed, 2 not attempted"), "nothing delayed is reported as failed: {report}");
    assert_eq!(rows().len(), 2, "both runners are still there");
}

#[wasm_bindgen_test]
async fn a_job_goes_on_when_the_user_navigates_and_its_report_stays_reachable() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-mobile/runners", &api, "sandbox-admin").await;
    wait_until("runners", || rows().len() == 4).await;
    type_into("bulk-label", "nightly").await;
    select_all_and("bulk-add-label").await;
    click("dialog-confirm").await;
    wait_for("job-panel").await;
    click("tab-groups").await;
    wait_until("the groups page", || location().ends_with("/runner-groups")).await;
    assert!(wait_for_text("jobs-indicator", |t| t.contains("running")).await.contains("1 job running"));
    wait_for_text("jobs-indicator", |t| t.contains("all done")).await;
    click("jobs-indicator").await;
    wait_until("the Activity page", || location() == "/activity").await;
    let report = job_report(1).await;
    assert!(report.contains("4 done, 0 failed"), "{report}");
    let rows_ok = find_all("activity-row").iter().filter(|r| r.get_attribute("data-ok").as_deref() == Some("true")).count();
    assert_eq!(rows_ok, 4, "the Activity page lists every write");
    assert!(text("activity-table").contains("Add label nightly"), "{}", text("activity-table"));
}

#[wasm_bindgen_test]
async fn injected_502s_on_deletes_are_retried_until_every_runner_is_gone() {
    let api = big_sandbox_api();
    reset_sandbox(&api).await;
    drainable(&api, 20).await;
    // Two in twenty DELETEs answer 502 once: 10%.
    set_faults(&api, json!({ "force": [{ "method": "DELETE", "path": "/orgs/acme-platform/actions/runners/*", "status": 502, "times": 2 }] })).await;
    let _app = app_at("/orgs/acme-platform/runners?q=drain-", &api, "sandbox-admin").await;
    wait_until("the 20 runners", || text("count-shown") == "20 shown").await;
    select_all_and("bulk-delete").await;
    choose("pace", "4").await;
    click("dialog-confirm").await;
    let report = job_report(1).await;
    assert!(report.contains("20 done, 0 failed"), "{report}");
    assert!(report.contains("2 retries"), "{report}");
    wait_until("none left", || text("count-shown") == "0 shown").await;
    reset_sandbox(&api).await;
}

#[wasm_bindgen_test]
async fn leaving_pages_mid_load_stops_their_requests_and_the_next_page_works() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runner-groups", &api, "sandbox-admin").await;
    wait_for("new-group").await;
    set_faults(&api, json!({ "latency_ms": 500 })).await;
    zero_counters(&api).await;
    control(&api, "DELETE", "/log", None).await;
    // The runners page, a runner page and a group page, each left before its answers arrive.
    go("/orgs/acme-platform/runners").await;
    go("/orgs/acme-platform/runners/1").await;
    go("/orgs/acme-platform/runner-groups/1").await;
    let left_at = js_sys::Date::now() as u64;
    // They did start their reads: each arrived as a preflight, or (preflight cached) as the request.
    let left_pages = |path: &str| path.contains("/runners/1") || path.contains("/runner-groups/1") || path.starts_with("/orgs/acme-platform/actions/runners?");
    let preflights = counters(&api).await["preflight"].as_u64().unwrap_or(0);
    let arrived = request_log(&api).await.iter().filter(|e| left_pages(&e.1)).count() as u64;
    assert!(preflights + arrived >= 3, "the pages sent their reads: {preflights} preflights, {arrived} requests");
    go("/orgs/acme-platform/runner-groups").await;
    set_faults(&api, json!({})).await;
    wait_for("new-group").await;
    sleep(1200).await; // longer than the injected latency: anything still pending has answered or died
    let log = request_log(&api).await;
    // Cut off in their preflight or in flight (Chrome may let an aborted fetch's preflight finish
    // and then send nothing): either way, none was answered.
    let answered: Vec<_> = log.iter().filter(|e| left_pages(&e.1) && e.3 <= left_at && e.2.is_some()).collect();
    assert!(answered.is_empty(), "no request of a page that went was answered: {answered:?}");
    let started_late: Vec<_> = log.iter().filter(|e| e.3 > left_at + 100 && (e.1.contains("/runners/1") || e.1.starts_with("/orgs/acme-platform/actions/runners?"))).collect();
    assert!(started_late.is_empty(), "the pages that went sent more: {started_late:?}");
    // The console is alive: the next page loads and works.
    go("/orgs/acme-platform/runners").await;
    wait_until("runners", || !rows().is_empty()).await;
}

#[wasm_bindgen_test]
async fn the_header_shows_the_rate_limit_and_any_wait_the_client_is_doing() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-mobile/runners", &api, "sandbox-admin").await;
    wait_until("runners", || rows().len() == 4).await;
    let rate = wait_for_text("rate-limit", |t| t.contains("of 5000 left")).await;
    assert!(rate.contains("resets"), "{rate}");
    // A read answered "slow down, 3 s" is waited out, and the wait is shown while it lasts.
    wait_sandbox_idle(&api).await;
    set_faults(&api, json!({ "secondary_rate_limit": { "status": 429, "retry_after": 3, "times": 1 } })).await;
    click("refresh").await;
    let wait = wait_for_text("client-wait", |t| t.contains("Waiting")).await;
    assert!(wait.contains("secondary rate limit"), "{wait}");
    wait_until("the wait to end", || find("client-wait").is_none()).await;
    wait_until("the list to come back", || rows().len() == 4).await;
}

/// Dispatches a cancelable `beforeunload` and says whether the console asked to stay.
fn leaving_is_questioned() -> bool {
    let init = web_sys::EventInit::new();
    init.set_cancelable(true);
    let ev = web_sys::Event::new_with_event_init_dict("beforeunload", &init).unwrap();
    web_sys::window().unwrap().dispatch_event(&ev).unwrap();
    ev.default_prevented()
}

#[wasm_bindgen_test]
async fn leaving_the_tab_mid_job_asks_first_and_not_otherwise() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-mobile/runners", &api, "sandbox-admin").await;
    wait_until("runners", || rows().len() == 4).await;
    assert!(!leaving_is_questioned(), "no job, no question");
    type_into("bulk-label", "unload").await;
    select_all_and("bulk-add-label").await;
    click("dialog-confirm").await;
    wait_for("job-panel").await;
    assert!(leaving_is_questioned(), "a running job makes leaving ask first");
    job_report(1).await;
    assert!(!leaving_is_questioned(), "a finished job does not");
}
