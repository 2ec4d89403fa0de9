//! The console in headless Chromium against the sandbox: connecting, deep links, the runners list,
//! the runner page, bulk actions and adding runners, as a user would drive them.
#![cfg(target_arch = "wasm32")]
mod common;

use common::*;
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

// ---- connect -----------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn connects_with_each_sandbox_token_and_shows_who_it_is() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    for (token, login, scopes) in
        [("sandbox-admin", "octo-admin", "manage_runners:enterprise"), ("sandbox-org", "org-admin", "admin:org"), ("sandbox-repo", "repo-admin", "repo"), ("sandbox-none", "no-scopes", "none")]
    {
        let _app = app_at("/", &api, token).await;
        wait_until("the identity", || text("connected-user").contains(login)).await;
        assert!(text("connected-scopes").contains(scopes), "{token}: {}", text("connected-scopes"));
        assert!(text("connected-server").contains("GitHub Enterprise Server 3.19"), "{}", text("connected-server"));
        assert_eq!(find("no-scopes-warning").is_some(), token == "sandbox-none", "{token}: only a token without scopes is warned about");
        assert!(text("connection-status").contains(login));
        assert!(!document().body().unwrap().inner_html().contains(token), "the token must not be in the DOM");
        click("disconnect").await;
        wait_until("disconnect", || text("connection-status") == "Not connected").await;
    }
}

/// Tries to connect and returns the new error message (not the one from the previous try).
async fn connect_error(api: &str, token: &str) -> String {
    let before = text("connect-error");
    type_into("base-url", api).await;
    type_into("token", token).await;
    click("connect").await;
    wait_for_text("connect-error", |t| !t.is_empty() && t != before).await
}

#[wasm_bindgen_test]
async fn each_connect_failure_gets_its_own_message() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = mount_app(fresh_root());

    let bad_url = connect_error("ftp://ghe.example.com", "sandbox-admin").await;
    assert!(bad_url.contains("https://"), "{bad_url}");

    let bad_token = connect_error(&api, "sandbox-nope").await;
    assert!(bad_token.contains("rejected this token"), "{bad_token}");

    let unreachable = connect_error("http://127.0.0.1:9/api/v3", "sandbox-admin").await;
    assert!(unreachable.contains("Could not reach 127.0.0.1:9"), "{unreachable}");

    set_faults(&api, json!({ "disable_cors": true })).await;
    let cors = connect_error(&api, "sandbox-admin").await;
    assert!(cors.contains("CORS") && cors.contains("blocked"), "{cors}");
    set_faults(&api, json!({})).await;

    // The test runner's own server is up, but it is not a GitHub API.
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    let not_github = connect_error(&format!("{origin}/api/v3"), "sandbox-admin").await;
    assert!(not_github.contains("not like a GitHub API"), "{not_github}");

    assert_eq!(text("connection-status"), "Not connected");
    let html = document().body().unwrap().inner_html();
    assert!(!html.contains("sandbox-admin\"") && !html.contains(">sandbox-admin<"), "the token is only in the password field's value");
}

#[wasm_bindgen_test]
async fn the_api_version_header_is_off_by_default_and_can_be_switched_on() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let app = app_at("/", &api, "sandbox-admin").await;
    assert_eq!(counters(&api).await["with_api_version"], 0, "off by default");
    drop(app);
    let _app = mount_app(fresh_root());
    click("api-version-header").await;
    // Like GitHub, as far as anyone has confirmed, the sandbox's preflight does not allow the header:
    // the browser refuses the request, and the console says it was blocked rather than hanging.
    let blocked = connect_error(&api, "sandbox-admin").await;
    assert!(blocked.contains("CORS") || blocked.contains("blocked"), "{blocked}");
    control(&api, "PUT", "/server", Some(json!({ "allow_api_version_header": true }))).await;
    connect_as(&api, "sandbox-admin").await;
    assert!(counters(&api).await["with_api_version"].as_u64().unwrap() >= 2, "the root and /user carried it");
}

#[wasm_bindgen_test]
async fn remember_is_opt_in_and_disconnect_wipes_it() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let storage = web_sys::window().unwrap().session_storage().unwrap().unwrap();
    let _app = app_at("/", &api, "sandbox-admin").await;
    assert_eq!(storage.length().unwrap(), 0, "memory only by default");
    click("disconnect").await;
    wait_until("disconnect", || text("connection-status") == "Not connected").await;

    type_into("base-url", &api).await;
    type_into("token", "sandbox-admin").await;
    click("remember").await;
    click("connect").await;
    wait_until("the connection", || text("connection-status").starts_with("Connected")).await;
    assert!(storage.get_item("runnerdeck.session").unwrap().is_some(), "kept for this tab when asked");
    click("disconnect").await;
    wait_until("disconnect", || text("connection-status") == "Not connected").await;
    assert!(storage.get_item("runnerdeck.session").unwrap().is_none(), "disconnect wipes it");
}

#[wasm_bindgen_test]
async fn a_deep_link_opened_cold_asks_to_connect_then_lands_on_its_page() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let root = fresh_root();
    web_sys::window().unwrap().history().unwrap().replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/orgs/acme-platform/runners?status=offline")).unwrap();
    let _app = mount_app(root);
    wait_for("connect-first").await;
    connect_as(&api, "sandbox-admin").await;
    wait_until("the offline runners", || !rows().is_empty()).await;
    wait_until("the address to follow", || location() == "/orgs/acme-platform/runners?status=offline").await;
    assert!(rows().iter().all(|r| r.get_attribute("data-status").as_deref() == Some("offline")));
    assert_eq!(text("scope-name"), "acme-platform");

    // Back and forward work across pages.
    let first = row_names()[0].clone();
    click_row_link(&first).await;
    wait_for_text("runner-title", |t| t == first).await;
    web_sys::window().unwrap().history().unwrap().back().unwrap();
    wait_until("the list again", || location() == "/orgs/acme-platform/runners?status=offline" && !rows().is_empty()).await;
}

async fn click_row_link(name: &str) {
    let row = row_by_name(name).unwrap_or_else(|| panic!("no row {name}"));
    let link: web_sys::HtmlElement = row.query_selector("[data-testid=\"runner-name\"]").unwrap().unwrap().unchecked_into();
    link.click();
}

#[wasm_bindgen_test]
async fn the_scope_picker_opens_scopes_and_remembers_them() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/", &api, "sandbox-admin").await;
    choose("scope-kind", "repo").await;
    type_into("scope-name-input", "acme-platform").await;
    click("open-scope").await;
    assert!(wait_for_text("scope-error", |t| !t.is_empty()).await.contains("OWNER/REPO"));
    type_into("scope-name-input", "acme-platform/api").await;
    click("open-scope").await;
    wait_until("the repo runners", || location() == "/repos/acme-platform/api/runners" && rows().len() == 2).await;
    go("/").await;
    wait_for_text("recent-scopes", |t| t.contains("repository acme-platform/api")).await;
}

// ---- the runners list ---------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn lists_filter_and_sort_at_all_three_scopes() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/enterprises/acme/runners", &api, "sandbox-admin").await;
    wait_until("enterprise runners", || rows().len() == 6).await;
    assert_eq!(text("count-total"), "6 runners");
    assert!(find("runner-group").is_some(), "the group column shows at enterprise scope");

    go("/repos/acme-platform/api/runners").await;
    wait_until("repo runners", || rows().len() == 2).await;
    assert!(find("runner-group").is_none(), "repository runners have no group");
    assert_eq!(row_names(), vec!["api-repo-runner-1", "api-repo-runner-2"]);

    go("/orgs/acme-platform/runners").await;
    wait_until("org runners", || rows().len() == 12).await;
    let counts = text("counts");
    assert!(counts.contains("12 runners") && counts.contains("offline"), "{counts}");

    // status, then text, then labels (AND), all reflected in the URL
    choose("filter-status", "offline").await;
    wait_until("offline only", || rows().len() == 2).await;
    wait_until("the address to follow", || location().contains("status=offline")).await;
    choose("filter-status", "").await;
    type_into("filter-text", "runner-1").await;
    wait_until("text filter", || row_names().iter().all(|n| n.contains("runner-1")) && rows().len() == 3).await;
    wait_until("the address to follow", || location().contains("q=runner-1")).await;
    type_into("filter-text", "").await;
    type_into("filter-label-input", "docker").await;
    press_enter("filter-label-input").await;
    type_into("filter-label-input", "large").await;
    press_enter("filter-label-input").await;
    wait_until("label filter", || rows().len() == 4).await;
    wait_until("the address to follow", || location().contains("label=docker%2Clarge") || location().contains("label=docker,large")).await;
    click("clear-filters").await;
    wait_until("all again", || rows().len() == 12).await;

    choose("filter-group", &group_id_of_build().await.to_string()).await;
    wait_until("group filter", || rows().len() == 3).await;
    click("clear-filters").await;
    wait_until("all again", || rows().len() == 12).await;

    // sort by name, descending on the second click
    click("sort-name").await;
    wait_until("descending", || row_names().first().map(String::as_str) == Some("platform-runner-12")).await;
    wait_until("the address to follow", || location().contains("sort=name") && location().contains("desc=1")).await;
    click("sort-status").await;
    wait_until("status sort", || rows().first().and_then(|r| r.get_attribute("data-status")).as_deref() == Some("idle")).await;
    assert_eq!(rows().last().and_then(|r| r.get_attribute("data-status")).as_deref(), Some("offline"));
}

async fn group_id_of_build() -> u64 {
    let client = client_for(&sandbox_api(), "sandbox-admin");
    let groups = client.all_runner_groups(&runnerdeck::github::Scope::Org { org: "acme-platform".into() }, None).await.unwrap();
    groups.items.iter().find(|g| g.name == "build").unwrap().id
}

#[wasm_bindgen_test]
async fn a_refresh_updates_changed_rows_and_costs_304s_when_nothing_changed() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runners", &api, "sandbox-admin").await;
    wait_until("runners", || rows().len() == 12).await;
    // The page reads the audit log for "Offline for" once the list is in: let that finish first, or
    // its answer (a 200) would be counted against the refresh.
    wait_until("the Offline for read", || find("offline-for-cost").is_some() || find("offline-for-unavailable").is_some()).await;
    wait_sandbox_idle(&api).await;

    zero_counters(&api).await;
    click("refresh").await;
    // Done when both lists (runners and groups) were answered and the button is back.
    let mut c = counters(&api).await;
    for _ in 0..200 {
        if c["by_method"]["GET"].as_u64().unwrap_or(0) >= 2 && text("refresh") == "Refresh" {
            break;
        }
        sleep(25).await;
        c = counters(&api).await;
    }
    wait_until("refresh done", || text("refresh") == "Refresh").await;
    assert_eq!(c["ok"], 0, "an unchanged fleet costs only 304s: {c}");
    assert!(c["not_modified"].as_u64().unwrap() >= 1, "{c}");

    let row = row_by_name("platform-runner-01").unwrap();
    assert_eq!(row.get_attribute("data-status").as_deref(), Some("idle"));
    let id = row.get_attribute("data-runner-id").unwrap();
    control(&api, "PATCH", &format!("/runners/{id}"), Some(json!({ "status": "offline" }))).await;
    click("refresh").await;
    wait_until("the row to change", || row_by_name("platform-runner-01").and_then(|r| r.get_attribute("data-status")).as_deref() == Some("offline")).await;
    let row = row_by_name("platform-runner-01").unwrap();
    assert!(row.class_name().contains("changed"), "changed rows are highlighted");
    assert!(!row_by_name("platform-runner-02").unwrap().class_name().contains("changed"));
}

#[wasm_bindgen_test]
async fn ten_thousand_runners_load_with_progress_and_the_count_shown() {
    let api = big_sandbox_api();
    reset_sandbox(&api).await;
    // Slow enough that the rest takes a while after the first page.
    set_faults(&api, json!({ "latency_ms": 150 })).await;
    let _app = app_at("/orgs/acme-platform/runners", &api, "sandbox-admin").await;
    wait_until("the first page, while the rest loads", || rows().len() > 10 && text("loading") == "Showing the first 100 runners while the rest load…").await;
    assert!(find("count-total").is_none(), "no total is claimed from one page: {}", text("counts"));
    wait_until("the whole fleet", || text("count-total") == "10012 runners").await;
    assert!(find("loading").is_none(), "the loading note goes with the load");
    set_faults(&api, json!({})).await;
    // The whole list in, the audit log is read once for how long the offline runners have been so.
    wait_until("the offline runners' audit read", || find("offline-for-cost").is_some()).await;
    zero_counters(&api).await;
    assert!(rows().len() < 200, "only the visible window is in the DOM, not {} rows", rows().len());
    type_into("filter-text", "fleet-0999").await;
    wait_until("filtered", || row_names().len() == 10).await;
    wait_until("the address to follow the search", || location().ends_with("?q=fleet-0999")).await;
    // Filtering is local: neither the keystroke nor the address that follows it loads the list again.
    let sent = counters(&api).await;
    let log = control(&api, "GET", "/log", None).await;
    let last: Vec<&str> = log.as_array().into_iter().flatten().rev().take(3).filter_map(|e| e["path"].as_str()).collect();
    assert_eq!(sent["by_method"]["GET"].as_u64().unwrap_or(0), 0, "the search sent requests: {sent}, the last of them {last:?}");
    // Back to a long list: the rows beyond the view are built once the rows in view are painted,
    // then a search that keeps the list long updates them, hidden until they catch up.
    type_into("filter-text", "").await;
    wait_until("the window beyond the view", || find_all("runner-row").len() > 30 && rows().len() == find_all("runner-row").len()).await;
    type_into("filter-text", "fleet-00").await;
    wait_until("every rendered row caught up with the search", || {
        let all = find_all("runner-row");
        let names: Vec<String> = all.iter().filter_map(|r| r.query_selector("[data-testid=\"runner-name\"]").ok().flatten()?.text_content()).collect();
        all.len() > 30 && rows().len() == all.len() && names.len() == all.len() && names.iter().all(|n| n.contains("fleet-00"))
    })
    .await;
    // The rows keep their elements as they come to show other runners: each shows all of its own
    // runner (status, labels, names), none of the runner it showed before.
    let client = client_for(&api, "sandbox-admin");
    let scope = runnerdeck::github::Scope::Org { org: "acme-platform".into() };
    let loaded = client.all_runners(&scope, None, &|_, _| {}).await.expect("the runners, read directly");
    let by_id: std::collections::HashMap<String, runnerdeck::github::models::Runner> = loaded.items.into_iter().map(|r| (r.id.to_string(), r)).collect();
    assert_eq!(mismatched_rows(&by_id), Vec::<String>::new());
    type_into("filter-text", "fleet-01").await;
    wait_until("the rows to show the new search", || find_all("runner-row").len() > 30 && rows().len() == find_all("runner-row").len() && row_names().iter().all(|n| n.contains("fleet-01"))).await;
    assert_eq!(mismatched_rows(&by_id), Vec::<String>::new());
    assert!(find("server-name-form").is_some(), "large fleets offer the server-side name filter");
}

/// Each rendered row that does not show exactly its runner (by `data-runner-id`): its name, status,
/// label chips and the name its checkbox is labelled with, and what differs.
fn mismatched_rows(by_id: &std::collections::HashMap<String, runnerdeck::github::models::Runner>) -> Vec<String> {
    let inner = |row: &web_sys::Element, selector: &str| -> Vec<web_sys::Element> {
        let list = row.query_selector_all(selector).unwrap();
        (0..list.length()).filter_map(|i| list.item(i)?.dyn_into().ok()).collect()
    };
    find_all("runner-row")
        .iter()
        .filter_map(|row| {
            let id = row.get_attribute("data-runner-id").unwrap_or_default();
            let Some(runner) = by_id.get(&id) else { return Some(format!("row for an unknown runner {id:?}")) };
            let shown = (
                inner(row, "[data-testid=\"runner-name\"]").first().and_then(|n| n.text_content()),
                row.get_attribute("data-status"),
                inner(row, "span.status").first().and_then(|b| b.get_attribute("data-status")),
                inner(row, "[data-testid=\"pick-label\"]").iter().filter_map(|c| c.get_attribute("data-label")).collect::<Vec<_>>(),
                inner(row, "[data-testid=\"pick-label\"]").iter().filter_map(|c| c.text_content()).collect::<Vec<_>>(),
                inner(row, "[data-testid=\"select-row\"]").first().and_then(|c| c.get_attribute("aria-label")),
            );
            let status = runnerdeck::fleet::Status::of(runner).key().to_string();
            let labels: Vec<String> = runner.labels.iter().map(|l| l.name.clone()).collect();
            let want = (Some(runner.name.clone()), Some(status.clone()), Some(status), labels.clone(), labels, Some(format!("Select {}", runner.name)));
            (shown != want).then(|| format!("row {id} shows {shown:?}, not {want:?}"))
        })
        .collect()
}

#[wasm_bindgen_test]
async fn hostile_names_render_as_text() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-data/runners", &api, "sandbox-admin").await;
    wait_until("runners", || rows().len() == 5).await;
    let table = wait_for("runner-table").await;
    assert!(table.query_selector("img").unwrap().is_none(), "the name must not become an element");
    assert!(row_names().contains(&"<img src=x onerror=alert(1)>".to_string()));
    let text = table.text_content().unwrap();
    assert!(text.contains("🚀-fast") && text.contains("עברית"), "{text}");
}

#[wasm_bindgen_test]
async fn a_missing_scope_names_what_the_token_needs_here() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/enterprises/acme/runners", &api, "sandbox-org").await;
    let error = wait_for_text("error", |t| !t.is_empty()).await;
    assert!(error.contains("manage_runners:enterprise"), "{error}");
    assert!(text("scope-hint").contains("enterprise acme"), "{}", text("scope-hint"));
}

// ---- bulk actions ------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn bulk_delete_of_offline_runners_confirms_then_reports() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runners?status=offline", &api, "sandbox-admin").await;
    wait_until("offline runners", || rows().len() == 2).await;
    let offline = row_names();
    select_all_and("bulk-delete").await;
    let listed = text("dialog-targets");
    assert!(offline.iter().all(|n| listed.contains(n.as_str())), "the dialog lists exactly what will go: {listed}");
    assert!(text("dialog").contains("2 runners"));
    click("dialog-confirm").await;
    let report = job_report(1).await;
    assert!(report.contains("2 done, 0 failed"), "{report}");
    wait_until("the list to refresh", || text("count-total") == "10 runners").await;
    assert!(rows().is_empty(), "no offline runners remain");
}

#[wasm_bindgen_test]
async fn bulk_label_add_applies_to_every_selected_runner() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-mobile/runners", &api, "sandbox-admin").await;
    wait_until("runners", || rows().len() == 4).await;
    type_into("bulk-label", "nightly").await;
    select_all_and("bulk-add-label").await;
    assert!(text("dialog").contains("Add label “nightly” to 4 runners"), "{}", text("dialog"));
    click("dialog-confirm").await;
    assert!(job_report(1).await.contains("4 done, 0 failed"));
    wait_until("labels to show", || rows().iter().all(|r| r.query_selector("[data-label=\"nightly\"]").unwrap().is_some())).await;

    // and removing it again
    type_into("bulk-label", "nightly").await;
    select_all_and("bulk-remove-label").await;
    click("dialog-confirm").await;
    assert!(job_report(2).await.contains("4 done, 0 failed"));
    wait_until("labels gone", || rows().iter().all(|r| r.query_selector("[data-label=\"nightly\"]").unwrap().is_none())).await;

    // a read-only label is refused before anything is sent
    type_into("bulk-label", "Linux").await;
    select_all_and_expect_error("bulk-add-label").await;
}

async fn select_all_and_expect_error(action: &str) {
    click("select-all").await;
    click(action).await;
    let e = wait_for_text("bulk-error", |t| !t.is_empty()).await;
    assert!(e.contains("read-only"), "{e}");
    assert!(find("dialog").is_none());
}

#[wasm_bindgen_test]
async fn a_5xx_in_the_middle_of_a_bulk_delete_is_reported_and_nothing_is_lost() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-mobile/runners", &api, "sandbox-admin").await;
    wait_until("runners", || rows().len() == 4).await;
    let victim = row_by_name("mobile-runner-03").unwrap().get_attribute("data-runner-id").unwrap();
    set_faults(&api, json!({ "force": [{ "method": "DELETE", "path": format!("/orgs/acme-mobile/actions/runners/{victim}"), "status": 500 }] })).await;
    // mobile-runner-02 is busy (seed index 3): GitHub refuses that one with 422.
    select_all_and("bulk-delete").await;
    click("dialog-confirm").await;
    let report = job_report(1).await;
    assert!(report.contains("2 done, 2 failed"), "{report}");
    let failures = text("job-failures");
    assert!(failures.contains("mobile-runner-03") && failures.contains("server error (500)"), "{failures}");
    assert!(failures.contains("mobile-runner-02") && failures.contains("422"), "{failures}");
    wait_until("the list to show the truth", || text("count-total") == "2 runners").await;
    assert!(row_by_name("mobile-runner-03").is_some(), "the runner whose delete failed is still there");
    assert!(row_by_name("mobile-runner-02").is_some());
}

// ---- the runner page ---------------------------------------------------------------------------

fn chips() -> Vec<(String, bool)> {
    let labels = find("labels").unwrap();
    let list = labels.query_selector_all(".chip").unwrap();
    (0..list.length()).filter_map(|i| list.item(i)).map(|n| n.unchecked_into::<web_sys::Element>()).map(|e| (e.get_attribute("data-label").unwrap(), e.class_name().contains("chip-ro"))).collect()
}

#[wasm_bindgen_test]
async fn every_label_operation_on_the_runner_page() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runners", &api, "sandbox-admin").await;
    wait_until("runners", || rows().len() == 12).await;
    click_row_link("platform-runner-01").await;
    wait_for_text("runner-title", |t| t == "platform-runner-01").await;
    wait_until("labels", || chips().len() == 4).await;
    assert_eq!(chips(), vec![("self-hosted".into(), true), ("Linux".into(), true), ("X64".into(), true), ("docker".into(), false)]);
    assert!(text("read-only-note").contains("Read-only labels"));
    let remove_buttons = find("labels").unwrap().query_selector_all("[data-testid=\"remove-label\"]").unwrap().length();
    assert_eq!(remove_buttons, 1, "only custom labels can be removed");

    // add two, with a validation error first
    type_into("add-labels", "linux").await;
    click("add-labels-submit").await;
    assert!(wait_for_text("label-error", |t| !t.is_empty()).await.contains("read-only"));
    type_into("add-labels", "gpu, 🚀 fast").await;
    click("add-labels-submit").await;
    wait_until("added", || chips().iter().any(|(n, _)| n == "🚀 fast") && chips().iter().any(|(n, _)| n == "gpu")).await;

    // remove one with its ×, which asks first
    let gpu = find("labels").unwrap().query_selector("[data-label=\"gpu\"] [data-testid=\"remove-label\"]").unwrap().unwrap();
    gpu.unchecked_into::<web_sys::HtmlElement>().click();
    assert!(wait_for("dialog").await.text_content().unwrap_or_default().contains("gpu"));
    assert!(chips().iter().any(|(n, _)| n == "gpu"), "nothing is removed before the confirmation");
    click("dialog-confirm").await;
    wait_until("gpu removed", || !chips().iter().any(|(n, _)| n == "gpu")).await;

    // replace all, through the diff
    type_into("replace-labels", "docker, arm-pool").await;
    click("replace-labels-preview").await;
    wait_for("label-diff").await;
    assert_eq!(text("diff-added").trim(), "+ arm-pool");
    assert_eq!(text("diff-removed").trim(), "− 🚀 fast");
    assert!(text("diff-kept").contains("docker"));
    click("dialog-confirm").await;
    wait_until("replaced", || chips().iter().filter(|(_, ro)| !ro).map(|(n, _)| n.clone()).collect::<Vec<_>>() == vec!["docker", "arm-pool"]).await;

    // remove all custom labels
    click("remove-all-labels").await;
    wait_for("dialog").await;
    click("dialog-confirm").await;
    wait_until("only read-only left", || chips().iter().all(|(_, ro)| *ro) && chips().len() == 3).await;
    assert!(text("op-message").contains("Removed every custom label"));
}

#[wasm_bindgen_test]
async fn deleting_a_runner_needs_its_name_typed_and_moving_groups_works() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runners", &api, "sandbox-admin").await;
    wait_until("runners", || rows().len() == 12).await;
    click_row_link("platform-runner-02").await;
    wait_for_text("runner-group", |t| t.contains("Default")).await;

    // move to build, then out of it: back to Default
    let build = group_id_of_build().await;
    choose("move-group", &build.to_string()).await;
    click("move-group-submit").await;
    wait_for_text("runner-group", |t| t.contains("build")).await;
    click("leave-group").await;
    wait_for_text("runner-group", |t| t.contains("Default")).await;
    assert!(text("op-message").contains("back in the Default group"));

    // the gentler route is offered
    click("show-remove-token").await;
    click("create-remove-token").await;
    let cmd = wait_for_text("remove-command", |t| t.contains("./config.sh remove --token")).await;
    assert!(cmd.contains("expires in"), "{cmd}");

    click("delete-runner").await;
    let confirm: web_sys::HtmlButtonElement = wait_for("dialog-confirm").await.unchecked_into();
    assert!(confirm.disabled(), "disabled until the name is typed");
    type_into("confirm-name", "platform-runner-0").await;
    assert!(confirm.disabled());
    type_into("confirm-name", "platform-runner-02").await;
    wait_until("enabled", || !confirm.disabled()).await;
    confirm.click();
    wait_until("back on the list", || location() == "/orgs/acme-platform/runners" && rows().len() == 11).await;
    assert!(row_by_name("platform-runner-02").is_none());
}

// ---- adding runners ----------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn registration_token_script_and_remove_token() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runners/new", &api, "sandbox-admin").await;
    wait_until("downloads", || text("download-file").contains("linux-x64")).await;
    type_into("opt-name", "gpu-box-1").await;
    type_into("opt-labels", "gpu, cuda").await;
    choose("opt-group", "build").await;
    click("opt-ephemeral").await;
    click("create-registration-token").await;
    let script = wait_for_text("setup-script", |t| t.contains("config.sh")).await;
    for part in [
        "(\nset -euo pipefail\nmkdir -p actions-runner\ncd actions-runner\n",
        "curl --fail -L -o 'actions-runner-linux-x64-2.329.0.tar.gz' --url 'http://127.0.0.1:",
        "| shasum -a 256 -c",
        "tar xzf 'actions-runner-linux-x64-2.329.0.tar.gz'",
        "--name 'gpu-box-1' --labels 'gpu,cuda' --runnergroup 'build' --ephemeral --unattended",
        "./run.sh\n)",
    ] {
        assert!(script.contains(part), "missing {part:?} in {script}");
    }
    let host = api.trim_end_matches("/api/v3");
    assert!(script.contains(&format!("--url '{host}/acme-platform'")), "{script}");
    let countdown = text("countdown");
    assert!(countdown.starts_with("expires in 59:") || countdown == "expires in 1:00:00", "{countdown}");
    assert!(find("copy").is_some_and(|b| b.get_attribute("aria-label").as_deref() == Some("Copy the setup script")));

    // An org runner cannot join the enterprise's groups, so they are not offered.
    let offered: Vec<String> =
        document().query_selector_all("[data-testid=\"opt-group\"] option").map(|l| (0..l.length()).filter_map(|i| l.item(i)).filter_map(|n| n.text_content()).collect()).unwrap();
    assert!(offered.contains(&"build".to_string()) && !offered.iter().any(|g| g == "shared-linux" || g == "gpu-fleet"), "{offered:?}");

    // Ephemeral with a service is warned about; the service needs sudo on Linux.
    assert!(find("ephemeral-service-warning").is_none());
    click("opt-service").await;
    assert!(wait_for_text("ephemeral-service-warning", |t| !t.is_empty()).await.contains("ephemeral"));
    assert!(text("setup-script").contains("sudo ./svc.sh install && sudo ./svc.sh start"), "{}", text("setup-script"));
    click("opt-service").await;
    wait_until("the warning gone", || find("ephemeral-service-warning").is_none()).await;

    choose("pick-os", "win").await;
    wait_until("the Windows script", || text("setup-script").contains("Expand-Archive")).await;
    let windows = text("setup-script");
    assert!(windows.contains("$ErrorActionPreference = 'Stop'") && windows.contains("./config.cmd"), "{windows}");

    // What cmd.exe would run is refused, naming the field, and no script is shown.
    type_into("opt-name", "gpu&calc").await;
    let refused = wait_for_text("script-refused", |t| !t.is_empty()).await;
    assert!(refused.contains("The runner name contains `&`, which cmd.exe would run as a command"), "{refused}");
    assert!(find("command").is_none() && find("copy").is_none(), "no script and no copy button beside a refusal");
    type_into("opt-name", "gpu-box-1").await;
    wait_until("the script back", || text("setup-script").contains("--name 'gpu-box-1'")).await;

    click("create-remove-token").await;
    wait_for_text("remove-command", |t| t.contains("remove --token")).await;

    // Tokens leave the page with the user.
    let shown = text("setup-script");
    let token = shown.split("--token '").nth(1).and_then(|t| t.split('\'').next()).unwrap().to_string();
    go("/orgs/acme-platform/runners").await;
    wait_until("the list", || rows().len() == 12).await;
    go("/orgs/acme-platform/runners/new").await;
    wait_for("create-registration-token").await;
    assert!(find("setup-script").is_none());
    assert!(!document().body().unwrap().inner_html().contains(&token), "an old registration token is still on the page");

    // A secret leaves the page when it expires: the command and its copy button go, a note stays.
    {
        use leptos::prelude::*;
        use runnerdeck::components::ExpiringCommand;
        use runnerdeck::script::Expiry;
        let root = fresh_root();
        let owner = Owner::new();
        let command = Signal::derive(|| Ok("./config.sh remove --token 'SHORT-LIVED-SECRET'".to_string()));
        let mounted = owner
            .with(|| leptos::mount::mount_to(root, move || view! { <ExpiringCommand command=command expires_at=Expiry::After(2) testid="short-lived" name="remove command" secret="remove token" /> }));
        assert!(wait_for_text("command", |t| !t.is_empty()).await.contains("SHORT-LIVED-SECRET"));
        assert!(find("copy").is_some() && find("countdown").is_some());
        let note = wait_for_text("expired", |t| !t.is_empty()).await;
        assert!(note.starts_with("This remove token expired at ") && note.ends_with("; create a new one."), "{note}");
        assert!(find("command").is_none() && find("copy").is_none() && find("countdown").is_none());
        assert!(!document().body().unwrap().inner_html().contains("SHORT-LIVED-SECRET"), "an expired secret is still on the page");
        drop(mounted);
        owner.cleanup();
    }
}

#[wasm_bindgen_test]
async fn auto_refresh_is_opt_in_and_reloads_on_its_own() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-mobile/runners", &api, "sandbox-admin").await;
    wait_until("runners", || rows().len() == 4).await;
    // The page's own load must be over before the quiet is measured.
    wait_sandbox_idle(&api).await;
    zero_counters(&api).await;
    let since = control(&api, "GET", "/log", None).await.as_array().map_or(0, Vec::len);
    sleep(1500).await;
    let log = control(&api, "GET", "/log", None).await;
    let later: Vec<String> = log.as_array().map(|l| l.iter().skip(since).map(|e| format!("{} {}", e["method"], e["path"])).collect()).unwrap_or_default();
    assert_eq!(counters(&api).await["total"], 0, "nothing refreshes unless asked; requests made: {later:?}");
    let secs: web_sys::HtmlInputElement = document().query_selector("input[aria-label=\"Auto-refresh interval in seconds\"]").unwrap().unwrap().unchecked_into();
    secs.set_value("5");
    fire(&secs, "change");
    click("auto-refresh").await;
    let id = row_by_name("mobile-runner-01").unwrap().get_attribute("data-runner-id").unwrap();
    control(&api, "PATCH", &format!("/runners/{id}"), Some(json!({ "status": "offline" }))).await;
    for _ in 0..140 {
        if row_by_name("mobile-runner-01").and_then(|r| r.get_attribute("data-status")).as_deref() == Some("offline") {
            break;
        }
        sleep(50).await;
    }
    assert_eq!(row_by_name("mobile-runner-01").and_then(|r| r.get_attribute("data-status")).as_deref(), Some("offline"), "auto-refresh picked up the change");
    click("auto-refresh").await;
}

#[wasm_bindgen_test]
async fn jit_configs_and_duplicate_names() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/repos/acme-platform/api/runners/new", &api, "sandbox-repo").await;
    wait_for("jit").await;
    type_into("jit-name", "jit-one").await;
    click("jit-submit").await;
    assert!(wait_for_text("jit-error", |t| !t.is_empty()).await.contains("at least one label"));
    type_into("jit-labels", "ephemeral-pool").await;
    click("jit-submit").await;
    wait_for_text("jit-created", |t| t.contains("jit-one")).await;
    assert!(text("jit-command").contains("./run.sh --jitconfig '"), "{}", text("jit-command"));
    click("jit-submit").await;
    let conflict = wait_for_text("jit-conflict", |t| !t.is_empty()).await;
    assert!(conflict.contains("already exists"), "{conflict}");

    go("/repos/acme-platform/api/runners").await;
    wait_until("the new runner listed", || row_by_name("jit-one").is_some()).await;
    assert_eq!(row_by_name("jit-one").unwrap().get_attribute("data-status").as_deref(), Some("offline"));
}

#[wasm_bindgen_test]
async fn a_filter_that_matches_nothing_says_so_and_clears_in_one_click() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runners?q=no-such-runner-anywhere", &api, "sandbox-admin").await;
    let said = wait_for_text("no-match", |t| !t.is_empty()).await;
    assert!(said.contains("No runner matches these filters"), "{said}");
    assert!(rows().is_empty());
    click("no-match-clear").await;
    wait_until("every runner is back", || rows().len() == 12).await;
    wait_until("the address to follow", || location() == "/orgs/acme-platform/runners").await;
}
