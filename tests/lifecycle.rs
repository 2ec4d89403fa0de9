//! Cordon and drain in headless Chromium against the sandbox: the cordon is kept by GitHub (it
//! survives a remount, as another browser would see it) and uncordon restores the group; a drain
//! never deletes a busy runner, deletes it within the polling interval once idle, waits again when
//! GitHub refuses because it took a job, and a cancel uncordons what is left.
#![cfg(target_arch = "wasm32")]
mod common;

use common::*;
use runnerdeck::cordon;
use runnerdeck::github::models::{Runner, RunnerGroup};
use runnerdeck::github::request as ops;
use runnerdeck::github::{ApiError, Scope};
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn platform() -> Scope {
    Scope::Org { org: "acme-platform".into() }
}

async fn runner_named(api: &str, name: &str) -> Runner {
    let all = client_for(api, "sandbox-admin").all_runners(&platform(), None, &|_, _| {}).await.unwrap().items;
    all.into_iter().find(|r| r.name == name).unwrap_or_else(|| panic!("no runner {name}"))
}

async fn runner_now(api: &str, id: u64) -> Result<Runner, ApiError> {
    client_for(api, "sandbox-admin").send(ops::get_runner(&platform(), id)).await
}

async fn groups(api: &str) -> Vec<RunnerGroup> {
    client_for(api, "sandbox-admin").all_runner_groups(&platform(), None).await.unwrap().items
}

async fn group_id(api: &str, name: &str) -> u64 {
    groups(api).await.into_iter().find(|g| g.name == name).map(|g| g.id).unwrap_or_else(|| panic!("no group {name}"))
}

fn has_label(r: &Runner, name: &str) -> bool {
    r.labels.iter().any(|l| l.name == name)
}

/// The sandbox's log entries for `method` on runner `id`: (status, started_ms).
async fn calls_on(api: &str, method: &str, id: u64) -> Vec<(Option<u64>, u64)> {
    let log = control(api, "GET", "/log", None).await;
    let suffix = format!("/actions/runners/{id}");
    log.as_array()
        .map(|a| {
            a.iter().filter(|e| e["method"] == method && e["path"].as_str().is_some_and(|p| p.ends_with(&suffix))).map(|e| (e["status"].as_u64(), e["started_ms"].as_u64().unwrap_or(0))).collect()
        })
        .unwrap_or_default()
}

/// Waits (up to a minute: a drain looks every few seconds) for `cond`.
async fn eventually(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..1200 {
        if cond() {
            return;
        }
        sleep(50).await;
    }
    panic!("timed out waiting for {what}; page text: {}", document().body().unwrap().inner_text().chars().take(3000).collect::<String>());
}

fn item_states() -> Vec<String> {
    find_all("job-item").iter().filter_map(|i| i.get_attribute("data-state")).collect()
}

#[wasm_bindgen_test]
async fn a_cordon_survives_a_reload_and_uncordon_restores_the_group() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let r = runner_named(&api, "platform-runner-03").await;
    let build = group_id(&api, "build").await;
    assert_eq!(r.runner_group_id, Some(build));
    let path = format!("/orgs/acme-platform/runners/{}", r.id);
    let app = app_at(&path, &api, "sandbox-admin").await;
    wait_for_text("cordon-state", |t| t.starts_with("In service")).await;
    click("lifecycle-cordon").await;
    wait_for("dialog").await;
    assert!(text("lifecycle-new-group").contains(cordon::GROUP_NAME), "the dialog says the group will be made");
    click("dialog-confirm").await;
    let report = job_report(1).await;
    assert!(report.contains("1 done, 0 failed"), "{report}");
    wait_for_text("cordon-state", |t| t.starts_with("Cordoned")).await;

    // At the API: in a group nobody may use, with the way back recorded on the runner.
    let cordon_group = group_id(&api, cordon::GROUP_NAME).await;
    let now = runner_now(&api, r.id).await.unwrap();
    assert_eq!(now.runner_group_id, Some(cordon_group));
    assert!(has_label(&now, &cordon::label_for(build)), "{:?}", now.labels);
    let client = client_for(&api, "sandbox-admin");
    let repos = client.all_repo_access(&platform(), cordon_group).await.unwrap().items;
    assert!(repos.is_empty(), "no repository may use the cordon group");
    let usable = client.send(ops::list_runner_groups(&platform(), Some("api"), 1)).await.unwrap();
    assert!(usable.runner_groups.iter().all(|g| g.id != cordon_group), "the repository cannot reach the cordon group");

    // Another browser (a fresh mount, no memory of this one) sees it cordoned, in the list too.
    drop(app);
    let app = app_at(&path, &api, "sandbox-admin").await;
    let state = wait_for_text("cordon-state", |t| t.starts_with("Cordoned")).await;
    assert!(state.contains("back in build"), "{state}");
    assert!(find("cordoned").is_some(), "the runner's status says Cordoned");
    go("/orgs/acme-platform/runners?q=platform-runner-03").await;
    wait_until("the row", || row_by_name("platform-runner-03").is_some()).await;
    let row = row_by_name("platform-runner-03").unwrap();
    wait_until("the Cordoned badge", || row_by_name("platform-runner-03").and_then(|r| r.query_selector("[data-testid=\"cordoned\"]").ok().flatten()).is_some()).await;
    assert!(row.text_content().unwrap_or_default().contains("Cordoned"));
    drop(app);

    let _app = app_at(&path, &api, "sandbox-admin").await;
    wait_for_text("cordon-state", |t| t.starts_with("Cordoned")).await;
    click("lifecycle-uncordon").await;
    wait_for("dialog").await;
    click("dialog-confirm").await;
    let report = job_report(1).await;
    assert!(report.contains("1 done, 0 failed"), "{report}");
    wait_for_text("cordon-state", |t| t.starts_with("In service")).await;
    let back = runner_now(&api, r.id).await.unwrap();
    assert_eq!(back.runner_group_id, Some(build), "back in its group");
    assert!(!back.labels.iter().any(|l| l.name.starts_with(cordon::LABEL_PREFIX)), "{:?}", back.labels);
}

#[wasm_bindgen_test]
async fn a_drain_waits_for_the_job_deletes_once_idle_and_waits_again_when_github_refuses() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let r = runner_named(&api, "platform-runner-01").await;
    control(&api, "PATCH", &format!("/runners/{}", r.id), Some(json!({ "status": "online", "busy": true }))).await;
    let _app = app_at(&format!("/orgs/acme-platform/runners/{}", r.id), &api, "sandbox-admin").await;
    wait_for_text("cordon-state", |t| t.starts_with("In service")).await;
    control(&api, "DELETE", "/log", None).await;
    click("lifecycle-drain").await;
    wait_for("dialog").await;
    click("dialog-confirm").await;
    eventually("the runner waiting for its job", || item_states() == ["done", "waiting"]).await;
    // Looked at again one polling interval later, and again: free (304) while nothing changes.
    let waiting_since = js_sys::Date::now() as u64;
    let interval = runnerdeck::data::lifecycle::RECHECK_MS;
    for _ in 0..600 {
        if calls_on(&api, "GET", r.id).await.iter().filter(|(_, at)| *at > waiting_since).count() >= 2 {
            break;
        }
        sleep(50).await;
    }
    let looks: Vec<_> = calls_on(&api, "GET", r.id).await.into_iter().filter(|(_, at)| *at > waiting_since).collect();
    assert!(looks.len() >= 2, "{looks:?}");
    assert!(looks.iter().all(|(status, _)| *status == Some(304)), "a busy runner's looks are revalidated: {looks:?}");
    assert!(looks[1].1 - looks[0].1 >= interval - 500, "looks come one interval apart: {looks:?}");
    assert!(calls_on(&api, "DELETE", r.id).await.is_empty(), "no delete while busy");
    let now = runner_now(&api, r.id).await.unwrap();
    assert_eq!(now.runner_group_id, Some(group_id(&api, cordon::GROUP_NAME).await), "it is cordoned while it waits");

    // It finishes its job; GitHub refuses the first delete as if it had just taken another (422).
    set_faults(&api, json!({ "force": [{ "method": "DELETE", "path": format!("/orgs/acme-platform/actions/runners/{}", r.id), "status": 422, "times": 1 }] })).await;
    control(&api, "PATCH", &format!("/runners/{}", r.id), Some(json!({ "busy": false }))).await;
    let idle_at = js_sys::Date::now() as u64;
    let report = job_report(1).await;
    assert!(report.contains("2 done, 0 failed"), "nothing delayed is failed: {report}");
    let deletes = calls_on(&api, "DELETE", r.id).await;
    assert_eq!(deletes.iter().map(|d| d.0).collect::<Vec<_>>(), [Some(422), Some(204)], "refused once, so it waited again: {deletes:?}");
    // The first delete came within one polling interval (and the write pace) of going idle.
    assert!(deletes[0].1 <= idle_at + interval + 1_500, "first delete {} ms after idle", deletes[0].1.saturating_sub(idle_at));
    assert!(matches!(runner_now(&api, r.id).await, Err(ApiError::NotFound { .. })), "deleted at the API");
}

#[wasm_bindgen_test]
async fn cancelling_a_drain_uncordons_the_runners_left() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let build = group_id(&api, "build").await;
    let (a, b) = (runner_named(&api, "platform-runner-03").await, runner_named(&api, "platform-runner-05").await);
    for r in [&a, &b] {
        control(&api, "PATCH", &format!("/runners/{}", r.id), Some(json!({ "status": "online", "busy": true }))).await;
    }
    let _app = app_at("/orgs/acme-platform/runners?q=platform-runner-0", &api, "sandbox-admin").await;
    wait_until("the rows", || row_by_name("platform-runner-03").is_some() && row_by_name("platform-runner-05").is_some()).await;
    for name in ["platform-runner-03", "platform-runner-05"] {
        let boxed = row_by_name(name).and_then(|row| row.query_selector("[data-testid=\"select-row\"]").ok().flatten()).unwrap();
        boxed.unchecked_ref::<web_sys::HtmlElement>().click();
    }
    wait_for_text("selected-count", |t| t == "2 selected").await;
    click("lifecycle-drain").await;
    wait_for("dialog").await;
    let listed = text("dialog-targets");
    assert!(listed.contains("Cordon platform-runner-03") && listed.contains("Remove platform-runner-05 when idle"), "{listed}");
    click("dialog-confirm").await;
    eventually("both runners waiting", || item_states() == ["done", "done", "waiting", "waiting"]).await;
    click("job-cancel").await;
    // The drain ends with both not attempted, and a second job puts them back.
    let report = job_report(2).await;
    assert!(report.contains("Undo the cancelled") && report.contains("2 done, 0 failed"), "{report}");
    let default = groups(&api).await.into_iter().find(|g| g.default).map(|g| g.id);
    for (r, group) in [(&a, Some(build)), (&b, default)] {
        let now = runner_now(&api, r.id).await.unwrap();
        assert_eq!(now.runner_group_id, group, "{} is back in its group", r.name);
        assert!(!now.labels.iter().any(|l| l.name.starts_with(cordon::LABEL_PREFIX)), "{:?}", now.labels);
    }
    assert!(calls_on(&api, "DELETE", a.id).await.is_empty() && calls_on(&api, "DELETE", b.id).await.is_empty(), "nothing deleted");
}

use wasm_bindgen::JsCast;
