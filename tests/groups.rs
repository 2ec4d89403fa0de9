//! Runner groups in headless Chromium against the sandbox: create, edit, access lists, members,
//! replacement through a reviewed diff, delete, inherited groups, visible-to filters and errors.
#![cfg(target_arch = "wasm32")]
mod common;

use common::*;
use runnerdeck::github::models::Visibility;
use runnerdeck::github::request as ops;
use runnerdeck::github::Scope;
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn org() -> Scope {
    Scope::Org { org: "acme-platform".into() }
}

fn ent() -> Scope {
    Scope::Enterprise { slug: "acme".into() }
}

fn group_rows() -> Vec<String> {
    find_all("group-row").iter().filter_map(|r| r.get_attribute("data-group")).collect()
}

fn members(tid: &str) -> Vec<String> {
    find_all(&format!("{tid}-member")).iter().filter_map(|m| m.get_attribute("data-name")).collect()
}

async fn group_named(scope: &Scope, name: &str) -> runnerdeck::github::models::RunnerGroup {
    let client = client_for(&sandbox_api(), "sandbox-admin");
    client.all_runner_groups(scope, None).await.unwrap().items.into_iter().find(|g| g.name == name).unwrap_or_else(|| panic!("no group {name}"))
}

async fn open_group(scope: &Scope, name: &str) {
    let g = group_named(scope, name).await;
    go(&runnerdeck::routes::group(scope, g.id)).await;
    wait_for_text("group-title", |t| t == name).await;
}

async fn create(scope: &Scope, name: &str, visibility: &str, access: &[&str]) {
    go(&runnerdeck::routes::new_group(scope)).await;
    type_into("group-name-input", name).await;
    choose("group-visibility-input", visibility).await;
    for a in access {
        pick("access-picker", a).await;
    }
    click("group-create").await;
    wait_for_text("group-title", |t| t == name).await;
}

#[wasm_bindgen_test]
async fn creates_groups_at_each_scope_with_each_visibility() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/enterprises/acme/runner-groups", &api, "sandbox-admin").await;
    wait_until("groups", || group_rows().contains(&"gpu-fleet".to_string())).await;

    create(&ent(), "ent-all", "all", &[]).await;
    assert_eq!(text("group-visibility"), "All organizations");
    // an organization picked from the list and one typed by login
    go("/enterprises/acme/runner-groups/new").await;
    type_into("group-name-input", "ent-selected").await;
    choose("group-visibility-input", "selected").await;
    pick("access-picker", "acme-data").await;
    type_into("org-login", "acme-mobile").await;
    click("org-login-add").await;
    wait_until("the typed org picked", || document().query_selector("[data-testid=\"access-picker-item\"][data-name=\"acme-mobile\"] input:checked").unwrap().is_some()).await;
    pick("runner-picker", "ent-runner-02").await;
    click("group-create").await;
    wait_for_text("group-title", |t| t == "ent-selected").await;
    assert_eq!(text("group-visibility"), "Selected organizations");
    wait_until("org access", || {
        let mut m = members("access");
        m.sort();
        m == vec!["acme-data", "acme-mobile"]
    })
    .await;
    wait_until("runner moved in", || members("members") == vec!["ent-runner-02"]).await;

    go("/orgs/acme-platform/runner-groups").await;
    for (name, vis, label) in [("org-all", "all", "All repositories"), ("org-private", "private", "Private repositories")] {
        create(&org(), name, vis, &[]).await;
        assert_eq!(text("group-visibility"), label);
    }
    create(&org(), "org-selected", "selected", &["infra"]).await;
    assert_eq!(text("group-visibility"), "Selected repositories");
    wait_until("repo access", || members("access") == vec!["infra"]).await;

    // what the server now holds
    let g = group_named(&org(), "org-private").await;
    assert_eq!(g.visibility, Visibility::Private);
    go("/orgs/acme-platform/runner-groups").await;
    wait_until("listed", || ["org-all", "org-private", "org-selected"].iter().all(|n| group_rows().contains(&n.to_string()))).await;
}

#[wasm_bindgen_test]
async fn edits_send_only_changes_and_validate_workflows() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runner-groups", &api, "sandbox-admin").await;
    open_group(&org(), "build").await;
    click("group-edit").await;
    type_into("group-name-input", "build-fast").await;
    choose("group-visibility-input", "all").await;
    click("group-restricted-input").await;
    type_into("group-workflows-input", "acme-platform/api/.github/workflows/ci.yml").await;
    click("group-save").await;
    assert!(wait_for_text("group-form-error", |t| !t.is_empty()).await.contains("ref"), "a workflow without a ref is caught before sending");
    type_into("group-workflows-input", "acme-platform/api/.github/workflows/ci.yml@refs/heads/main").await;
    click("group-save").await;
    wait_for_text("group-title", |t| t == "build-fast").await;
    assert_eq!(text("group-visibility"), "All repositories");
    assert!(text("group-workflows").contains("ci.yml@refs/heads/main"));
    assert!(find("access-not-applicable").is_some(), "an access list does not apply to visibility all");

    // switching back to selected from the access section
    click("switch-to-selected").await;
    wait_for_text("group-visibility", |t| t == "Selected repositories").await;

    // an injected 422 is shown, and the page still shows what the server has
    set_faults(&api, json!({ "force": [{ "method": "PATCH", "path": "/orgs/*/actions/runner-groups/*", "status": 422, "times": 1 }] })).await;
    click("group-edit").await;
    type_into("group-name-input", "never").await;
    click("group-save").await;
    let e = wait_for_text("error", |t| t.contains("422")).await;
    assert!(e.contains("did not accept"), "{e}");
    assert_eq!(text("group-title"), "build-fast");

    // the server's own validation: a duplicate name
    type_into("group-name-input", "deploy").await;
    click("group-save").await;
    wait_for_text("error", |t| t.contains("already exists")).await;
}

#[wasm_bindgen_test]
async fn access_is_added_removed_and_replaced_through_a_rechecked_diff() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runner-groups", &api, "sandbox-admin").await;
    open_group(&org(), "build").await;
    wait_until("access", || {
        let mut m = members("access");
        m.sort();
        m == vec!["api", "web"]
    })
    .await;

    // add one
    click("access-add").await;
    pick("add-picker", "docs").await;
    click("access-add-confirm").await;
    assert!(job_report(1).await.contains("1 done, 0 failed"));
    wait_until("docs added", || members("access").contains(&"docs".to_string())).await;

    // remove one
    let api_row = find_all("access-member").into_iter().find(|m| m.get_attribute("data-name").as_deref() == Some("api")).unwrap();
    api_row.query_selector("input").unwrap().unwrap().unchecked_into::<web_sys::HtmlElement>().click();
    click("access-remove").await;
    // Confirmed first, naming what loses access; cancelling changes nothing.
    assert_eq!(wait_for_text("removal-list", |t| !t.is_empty()).await.trim(), "− api");
    assert!(text("dialog").contains("Take away access from 1 repository?"), "{}", text("dialog"));
    click("dialog-cancel").await;
    wait_until("the dialog closes", || find("dialog").is_none()).await;
    assert!(members("access").contains(&"api".to_string()), "cancel removes nothing");
    click("access-remove").await;
    click("dialog-confirm").await;
    wait_until("api removed", || !members("access").contains(&"api".to_string()) && members("access").len() == 2).await;

    // replace: review, then someone else edits, then confirm: the stale review is caught
    click("access-replace").await;
    pick("replace-picker", "web").await; // untick web
    pick("replace-picker", "infra").await;
    click("access-review").await;
    wait_for("set-diff").await;
    assert_eq!(text("diff-gain").trim(), "+ infra");
    assert_eq!(text("diff-lose").trim(), "− web");
    let client = client_for(&api, "sandbox-admin");
    let group = group_named(&org(), "build").await;
    let repos = client.all_org_repos("acme-platform").await.unwrap().items;
    let api_repo = repos.iter().find(|r| r.name == "api").unwrap().id;
    client.send(ops::add_group_access(&org(), group.id, api_repo)).await.unwrap();
    click("dialog-confirm").await;
    wait_for("review-stale").await;
    let lose = find_all("diff-lose").iter().map(|e| e.text_content().unwrap()).collect::<Vec<_>>().join(" ");
    assert!(lose.contains("api") && lose.contains("web"), "the new diff shows the concurrent addition too: {lose}");
    click("dialog-confirm").await;
    wait_for_text("access-report", |t| t.contains("Replaced")).await;
    wait_until("replaced", || {
        let mut m = members("access");
        m.sort();
        m == vec!["docs", "infra"]
    })
    .await;

    // enterprise groups list organizations
    open_group(&ent(), "gpu-fleet").await;
    wait_until("orgs", || {
        let mut m = members("access");
        m.sort();
        m == vec!["acme-data", "acme-platform"]
    })
    .await;
    click("access-add").await;
    pick("add-picker", "acme-mobile").await;
    click("access-add-confirm").await;
    wait_until("acme-mobile added", || members("access").len() == 3).await;
}

#[wasm_bindgen_test]
async fn runners_are_added_removed_replaced_and_bulk_moved() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runner-groups", &api, "sandbox-admin").await;
    open_group(&org(), "build").await;
    wait_until("members", || members("members").len() == 3).await;

    click("members-add").await;
    wait_until("the picker says where runners are now", || {
        document().query_selector("[data-testid=\"add-picker-item\"][data-name=\"platform-runner-01\"]").unwrap().and_then(|e| e.text_content()).is_some_and(|t| t.contains("now in Default"))
    })
    .await;
    pick("add-picker", "platform-runner-01").await;
    click("members-add-confirm").await;
    wait_until("added", || members("members").contains(&"platform-runner-01".to_string())).await;

    let row = find_all("members-member").into_iter().find(|m| m.get_attribute("data-name").as_deref() == Some("platform-runner-01")).unwrap();
    row.query_selector("input").unwrap().unwrap().unchecked_into::<web_sys::HtmlElement>().click();
    click("members-remove").await;
    assert_eq!(wait_for_text("removal-list", |t| !t.is_empty()).await.trim(), "− platform-runner-01");
    assert!(text("dialog").contains("Remove 1 runner from this group?"), "{}", text("dialog"));
    click("dialog-confirm").await;
    let report = job_report(2).await;
    assert!(report.contains("back in the Default group") && report.contains("1 done"), "{report}");
    wait_until("removed", || !members("members").contains(&"platform-runner-01".to_string())).await;

    click("members-replace").await;
    pick("replace-picker", "platform-runner-02").await;
    click("members-review").await;
    wait_for("set-diff").await;
    assert_eq!(text("diff-gain").trim(), "+ platform-runner-02");
    click("dialog-confirm").await;
    wait_until("replaced", || members("members").contains(&"platform-runner-02".to_string()) && members("members").len() == 4).await;

    // bulk-move from the runners list
    go("/orgs/acme-platform/runners?status=offline").await;
    wait_until("offline runners", || rows().len() == 2).await;
    let build = group_named(&org(), "build").await;
    click("select-all").await;
    choose("bulk-group", &build.name).await;
    click("bulk-move").await;
    wait_for("dialog").await;
    assert!(text("dialog").contains("Move to group “build”"));
    click("dialog-confirm").await;
    job_report(1).await;
    wait_until("the group column", || find_all("runner-group").iter().all(|c| c.text_content().unwrap() == "build")).await;
}

#[wasm_bindgen_test]
async fn deleting_a_group_sends_its_runners_back_to_default() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runner-groups", &api, "sandbox-admin").await;
    open_group(&org(), "deploy").await;
    click("group-delete").await;
    let effect = wait_for_text("delete-group-effect", |t| !t.is_empty()).await;
    assert!(effect.contains("3 runners will move back to the Default group"), "{effect}");
    click("dialog-confirm").await;
    wait_until("back on the list", || location() == "/orgs/acme-platform/runner-groups" && !group_rows().is_empty()).await;
    assert!(!group_rows().contains(&"deploy".to_string()));
    assert!(text("toasts").contains("Deleted runner group “deploy”."), "the deletion is confirmed after its page went: {}", text("toasts"));
    go("/orgs/acme-platform/runners").await;
    wait_until("runners", || rows().len() == 12).await;
    let groups: Vec<String> = find_all("runner-group").iter().map(|c| c.text_content().unwrap()).collect();
    assert_eq!(groups.iter().filter(|g| *g == "Default").count(), 9, "{groups:?}");
    assert!(!groups.contains(&"deploy".to_string()));
}

#[wasm_bindgen_test]
async fn inherited_groups_are_read_only_at_org_scope() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runner-groups", &api, "sandbox-admin").await;
    wait_until("groups", || group_rows().contains(&"gpu-fleet".to_string())).await;
    let gpu = find_all("group-row").into_iter().find(|r| r.get_attribute("data-group").as_deref() == Some("gpu-fleet")).unwrap();
    assert!(gpu.query_selector("[data-testid=\"inherited\"]").unwrap().is_some());
    let row_text = gpu.text_content().unwrap_or_default();
    assert!(row_text.contains("shared by the enterprise, which decides its reach") && row_text.contains("set by the enterprise"), "an inherited group explains its reach: {row_text}");
    open_group(&org(), "gpu-fleet").await;
    assert!(text("inherited-note").contains("enterprise"));
    wait_until("members", || !members("members").is_empty()).await;
    assert!(find("group-edit").is_none() && find("group-delete").is_none());
    assert!(find("members-remove").is_none() && find("members-add").is_none() && find("access-add").is_none());
}

#[wasm_bindgen_test]
async fn visible_to_filters_narrow_the_list() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/enterprises/acme/runner-groups", &api, "sandbox-admin").await;
    wait_until("groups", || group_rows().len() == 3).await;
    type_into("visible-to", "acme-mobile").await;
    wait_for("visible-to-form").await.unchecked_into::<web_sys::HtmlFormElement>().request_submit().unwrap();
    wait_until("filtered", || !group_rows().contains(&"gpu-fleet".to_string()) && group_rows().contains(&"shared-linux".to_string())).await;
    wait_until("the address to follow", || location().contains("visible_to=acme-mobile")).await;

    go("/orgs/acme-platform/runner-groups?visible_to=web").await;
    wait_until("repo filter", || group_rows().contains(&"build".to_string()) && !group_rows().contains(&"deploy".to_string())).await;
    assert!(text("visible-to-note").contains("web"));
}

#[wasm_bindgen_test]
async fn an_injected_5xx_during_member_changes_is_reported() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runner-groups", &api, "sandbox-admin").await;
    open_group(&org(), "build").await;
    wait_until("members", || members("members").len() == 3).await;
    set_faults(&api, json!({ "force": [{ "method": "PUT", "path": "/orgs/*/actions/runner-groups/*/runners/*", "status": 502 }] })).await;
    click("members-add").await;
    pick("add-picker", "platform-runner-01").await;
    pick("add-picker", "platform-runner-02").await;
    click("members-add-confirm").await;
    let report = job_report(1).await;
    assert!(report.contains("0 done, 2 failed"), "{report}");
    let failures = text("job-failures");
    assert!(failures.contains("platform-runner-01") && failures.contains("server error (502)"), "{failures}");
    assert_eq!(members("members").len(), 3, "the list shows the server's truth: nothing was added");
}

#[wasm_bindgen_test]
async fn a_group_of_thousands_shows_a_searchable_window() {
    let api = big_sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runner-groups", &api, "sandbox-admin").await;
    let client = client_for(&api, "sandbox-admin");
    let build = client.all_runner_groups(&org(), None).await.unwrap().items.into_iter().find(|g| g.name == "build").unwrap();
    go(&format!("/orgs/acme-platform/runner-groups/{}", build.id)).await;
    wait_until("the member count", || text("members-count") == "5003 runners").await;
    assert_eq!(members("members").len(), 300, "only a window of the members is in the DOM");
    type_into("members-search", "fleet-00002").await;
    wait_until("narrowed", || members("members") == vec!["fleet-00002"]).await;
}

#[wasm_bindgen_test]
async fn leaving_selected_warns_that_the_list_goes_and_members_link_to_their_runners() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runner-groups", &api, "sandbox-admin").await;
    open_group(&org(), "build").await;
    wait_until("members", || members("members").len() == 3).await;
    let first = find_all("members-member").into_iter().next().expect("a member");
    let link = first.query_selector("a").unwrap().expect("a runner's name is a link");
    assert!(link.get_attribute("href").unwrap_or_default().contains("/orgs/acme-platform/runners/"), "{:?}", link.get_attribute("href"));

    click("group-edit").await;
    assert!(find("drops-access").is_none(), "nothing to warn about yet");
    choose("group-visibility-input", "all").await;
    let warning = wait_for_text("drops-access", |t| !t.is_empty()).await;
    assert!(warning.contains("drops this group's list of selected repositories"), "{warning}");
    choose("group-visibility-input", "selected").await;
    wait_until("the warning goes when Selected is kept", || find("drops-access").is_none()).await;
}

// ---- runners a repository can use from above -----------------------------------------------------

/// Opens "Runners this repository can also use" on `path` and reads (runner, why) once it has loaded.
async fn usable_at(path: &str) -> Vec<(String, String)> {
    go(path).await;
    wait_until("the page's own list", || location() == path && (!rows().is_empty() || find("empty").is_some())).await;
    click("usable-runners-toggle").await;
    wait_until("the usable runners", || find("usable-list").is_some() || find("usable-none").is_some()).await;
    find_all("usable-runner")
        .iter()
        .map(|li| {
            let why = li.query_selector("[data-testid=\"usable-why\"]").unwrap().and_then(|w| w.text_content()).unwrap_or_default();
            (li.get_attribute("data-name").unwrap_or_default(), why)
        })
        .collect()
}

fn why_of<'a>(list: &'a [(String, String)], runner: &str) -> Option<&'a str> {
    list.iter().find(|(n, _)| n == runner).map(|(_, w)| w.as_str())
}

#[wasm_bindgen_test]
async fn a_repository_sees_the_org_and_enterprise_runners_its_groups_let_it_use() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let app = app_at("/repos/acme-platform/api/runners", &api, "sandbox-admin").await;
    // api is private and on build's selected list.
    let api_list = usable_at("/repos/acme-platform/api/runners").await;
    assert_eq!(why_of(&api_list, "platform-runner-03"), Some("org group build: selected repositories include this one"), "{api_list:?}");
    assert_eq!(why_of(&api_list, "platform-runner-04"), Some("org group deploy: open to private repositories, this one included"));
    assert_eq!(why_of(&api_list, "platform-runner-01"), Some("org group Default: open to all repositories"));
    assert_eq!(why_of(&api_list, "ent-runner-02"), Some("enterprise group shared-linux: shared with acme-platform"), "an inherited enterprise group reaches the repository");
    assert_eq!(api_list.len(), 12 + 4, "every org runner and the four enterprise runners in groups shared with the org: {api_list:?}");

    // infra is private and not on build's list; web is public, so the private-only deploy is shut.
    let infra = usable_at("/repos/acme-platform/infra/runners").await;
    assert!(why_of(&infra, "platform-runner-03").is_none(), "build's runners stay out of a repository not on its list: {infra:?}");
    assert!(why_of(&infra, "platform-runner-04").is_some());
    let web = usable_at("/repos/acme-platform/web/runners").await;
    assert!(why_of(&web, "platform-runner-04").is_none(), "a private-visibility group does not reach a public repository: {web:?}");
    assert!(why_of(&web, "platform-runner-03").is_some());

    // GHES 3.4 has no visible_to_repository: the console works out the same answer itself.
    drop(app);
    control(&api, "PUT", "/server", Some(json!({ "profile": "ghes-3.4" }))).await;
    let _old = app_at("/repos/acme-platform/infra/runners", &api, "sandbox-admin").await;
    let computed = usable_at("/repos/acme-platform/infra/runners").await;
    assert!(find("usable-computed").is_some(), "the page says the answer was worked out here");
    assert_eq!(computed, infra, "the same runners, for the same reasons, as the server's own filter gives");
    reset_sandbox(&api).await;
}
