//! The self-hosted runner policy in headless Chromium against the sandbox: an organization's policy
//! through none, selected (its list replaced through the reviewed diff) and all, each step read back
//! from the API; the enterprise's switch; the version an old server lacks; and what a repository's
//! runners page says about itself as the policy changes.
#![cfg(target_arch = "wasm32")]
mod common;

use common::*;
use runnerdeck::github::models::EnabledRepositories;
use runnerdeck::github::request as ops;
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ORG: &str = "acme-platform";

fn allowed() -> Vec<String> {
    let mut names: Vec<String> = find_all("allowed-member").iter().filter_map(|m| m.get_attribute("data-name")).collect();
    names.sort();
    names
}

/// What the API says the org's policy is now.
async fn policy_at_api(api: &str) -> EnabledRepositories {
    client_for(api, "sandbox-admin").send(ops::get_self_hosted_runners_permissions(ORG)).await.unwrap().enabled_repositories
}

/// The names on the org's list, as the API has them.
async fn list_at_api(api: &str) -> Vec<String> {
    let mut names: Vec<String> = client_for(api, "sandbox-admin").all_self_hosted_repositories(ORG).await.unwrap().items.into_iter().map(|r| r.name).collect();
    names.sort();
    names
}

/// Whether the API says the enterprise disables repository-level runners.
async fn enterprise_at_api(api: &str) -> bool {
    client_for(api, "sandbox-admin").send(ops::get_enterprise_self_hosted_runners("acme")).await.unwrap().disable_self_hosted_runners_for_all_orgs
}

async fn shown_policy(value: &str) {
    wait_until(&format!("the page to show the policy {value}"), || find("policy-current").and_then(|e| e.get_attribute("data-value")).as_deref() == Some(value)).await;
}

async fn standing(allowed: &str) -> String {
    wait_until(&format!("the repository's standing to be {allowed}"), || find("self-hosted-standing").and_then(|e| e.get_attribute("data-allowed")).as_deref() == Some(allowed)).await;
    text("self-hosted-standing-text")
}

#[wasm_bindgen_test]
async fn org_policy_goes_to_none_then_selected_with_two_repositories_then_back_to_all() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/policy", &api, "sandbox-admin").await;
    shown_policy("all").await;
    assert!(find("policy-list-inactive").is_some(), "no list while the policy is all");

    // none: confirmed, saying what it takes away
    click("policy-none").await;
    click("policy-save").await;
    let effect = wait_for_text("policy-effect", |t| !t.is_empty()).await;
    assert!(effect.contains("No repository of acme-platform") && effect.contains("get no more jobs"), "{effect}");
    click("dialog-cancel").await;
    wait_until("the dialog closes", || find("dialog").is_none()).await;
    assert_eq!(policy_at_api(&api).await, EnabledRepositories::All, "cancel sends nothing");
    click("policy-save").await;
    click("dialog-confirm").await;
    shown_policy("none").await;
    assert_eq!(policy_at_api(&api).await, EnabledRepositories::None);

    // selected: confirmed, saying the list is empty; then the list replaced through the diff
    click("policy-selected").await;
    click("policy-save").await;
    assert!(wait_for_text("policy-list-now", |t| !t.is_empty()).await.contains("empty"));
    click("dialog-confirm").await;
    shown_policy("selected").await;
    assert_eq!(policy_at_api(&api).await, EnabledRepositories::Selected);
    wait_for_text("allowed-count", |t| t == "0 repositories").await;
    click("allowed-replace").await;
    pick("replace-picker", "api").await;
    pick("replace-picker", "web").await;
    click("allowed-review").await;
    wait_for("set-diff").await;
    let gains: Vec<String> = find_all("diff-gain").iter().map(|e| e.text_content().unwrap_or_default()).collect();
    assert_eq!(gains, vec!["+ api", "+ web"], "the diff names the repositories before anything is sent");
    assert!(find("diff-lose").is_none());
    assert_eq!(list_at_api(&api).await, Vec::<String>::new(), "nothing is sent before the diff is confirmed");
    click("dialog-confirm").await;
    wait_for_text("allowed-report", |t| t.contains("Replaced")).await;
    wait_until("the two repositories listed", || allowed() == ["api", "web"]).await;
    assert_eq!(list_at_api(&api).await, vec!["api", "web"]);

    // the list shrinks through the diff too, which says what the removal does
    click("allowed-replace").await;
    pick("replace-picker", "web").await;
    click("allowed-review").await;
    assert_eq!(wait_for_text("diff-lose", |t| !t.is_empty()).await.trim(), "− web");
    assert!(text("diff-effect").contains("no more jobs"), "{}", text("diff-effect"));
    click("dialog-cancel").await;
    wait_until("the dialog closes", || find("dialog").is_none()).await;
    assert_eq!(list_at_api(&api).await, vec!["api", "web"], "cancel sends nothing");

    // all: it takes nothing away, so it is sent at once; GitHub keeps the list
    click("policy-all").await;
    click("policy-save").await;
    shown_policy("all").await;
    assert!(find("dialog").is_none(), "allowing every repository needs no confirmation");
    assert_eq!(policy_at_api(&api).await, EnabledRepositories::All);
    assert_eq!(list_at_api(&api).await, vec!["api", "web"]);
    wait_for("policy-list-inactive").await;

    // every write is in the activity log
    go("/activity").await;
    wait_for("activity-table").await;
    let log = text("activity-table");
    for action in [
        "Set the self-hosted runner policy to “No repositories”",
        "Set the self-hosted runner policy to “Selected repositories”",
        "Replace the repositories allowed self-hosted runners (2 repositories)",
        "Set the self-hosted runner policy to “All repositories”",
    ] {
        assert!(log.contains(action), "{action} is logged: {log}");
    }
}

#[wasm_bindgen_test]
async fn the_list_is_edited_one_by_one_through_the_write_queue() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let client = client_for(&api, "sandbox-admin");
    client.send(ops::set_self_hosted_runners_permissions(ORG, &EnabledRepositories::Selected)).await.unwrap();
    let _app = app_at("/orgs/acme-platform/policy", &api, "sandbox-admin").await;
    shown_policy("selected").await;
    click("allowed-add").await;
    pick("add-picker", "infra").await;
    click("allowed-add-confirm").await;
    assert!(job_report(1).await.contains("1 done, 0 failed"));
    wait_until("infra listed", || allowed() == ["infra"]).await;
    assert_eq!(list_at_api(&api).await, vec!["infra"]);
    let row = find_all("allowed-member").into_iter().find(|m| m.get_attribute("data-name").as_deref() == Some("infra")).unwrap();
    row.query_selector("input").unwrap().unwrap().unchecked_into::<web_sys::HtmlElement>().click();
    click("allowed-remove").await;
    assert_eq!(wait_for_text("removal-list", |t| !t.is_empty()).await.trim(), "− infra");
    assert!(text("dialog").contains("Take self-hosted runners away from 1 repository?"), "{}", text("dialog"));
    click("dialog-confirm").await;
    job_report(2).await;
    wait_until("infra taken off", || allowed().is_empty()).await;
    assert_eq!(list_at_api(&api).await, Vec::<String>::new());
}

#[wasm_bindgen_test]
async fn a_replacement_is_checked_against_the_list_again_just_before_it_is_sent() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let client = client_for(&api, "sandbox-admin");
    client.send(ops::set_self_hosted_runners_permissions(ORG, &EnabledRepositories::Selected)).await.unwrap();
    let _app = app_at("/orgs/acme-platform/policy", &api, "sandbox-admin").await;
    wait_for_text("allowed-count", |t| t == "0 repositories").await;
    click("allowed-replace").await;
    pick("replace-picker", "docs").await;
    click("allowed-review").await;
    assert_eq!(wait_for_text("diff-gain", |t| !t.is_empty()).await.trim(), "+ docs");
    // Someone else adds a repository after the review: the PUT is not sent, the new diff is shown.
    let infra = client.send(ops::get_repository(ORG, "infra")).await.unwrap().id;
    client.send(ops::enable_self_hosted_runners_repository(ORG, infra)).await.unwrap();
    click("dialog-confirm").await;
    wait_for("review-stale").await;
    assert_eq!(text("diff-lose").trim(), "− infra", "the concurrent addition would be taken off");
    assert_eq!(list_at_api(&api).await, vec!["infra"], "nothing was replaced");
    click("dialog-confirm").await;
    wait_for_text("allowed-report", |t| t.contains("Replaced")).await;
    assert_eq!(list_at_api(&api).await, vec!["docs"]);
}

#[wasm_bindgen_test]
async fn the_enterprise_switch_round_trips() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/enterprises/acme/runners", &api, "sandbox-admin").await;
    click("tab-policy").await;
    wait_for_text("enterprise-policy-current", |t| t.contains("each organization decides")).await;
    click("enterprise-disable").await;
    click("enterprise-save").await;
    let effect = wait_for_text("policy-effect", |t| !t.is_empty()).await;
    assert!(effect.contains("Every repository of every organization in acme"), "{effect}");
    click("dialog-confirm").await;
    wait_for_text("enterprise-policy-current", |t| t.contains("disabled in every organization")).await;
    assert!(enterprise_at_api(&api).await);
    // The org's own policy can no longer allow them: GitHub's refusal is shown.
    go("/orgs/acme-platform/policy").await;
    shown_policy("all").await;
    click("policy-selected").await;
    click("policy-save").await;
    click("dialog-confirm").await;
    wait_for_text("error", |t| t.contains("409")).await;
    assert_eq!(policy_at_api(&api).await, EnabledRepositories::All);

    go("/enterprises/acme/policy").await;
    wait_for_text("enterprise-policy-current", |t| t.contains("disabled")).await;
    click("enterprise-disable").await;
    click("enterprise-save").await;
    wait_for_text("enterprise-policy-current", |t| t.contains("each organization decides")).await;
    assert!(find("dialog").is_none(), "switching them back on takes nothing away: no confirmation");
    assert!(!enterprise_at_api(&api).await);
}

#[wasm_bindgen_test]
async fn on_ghes_3_9_the_policy_says_which_version_it_needs_and_is_never_asked_for() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    control(&api, "PUT", "/server", Some(json!({ "profile": "ghes-3.9" }))).await;
    control(&api, "DELETE", "/log", None).await;
    let _app = app_at("/orgs/acme-platform/policy", &api, "sandbox-admin").await;
    let why = wait_for_text("policy-unavailable", |t| !t.is_empty()).await;
    assert!(why.contains("The self-hosted runner policy needs GHES 3.19 or later; this server runs 3.9"), "{why}");
    go("/enterprises/acme/policy").await;
    wait_for_text("policy-unavailable", |t| t.contains("needs GHES 3.19")).await;
    go("/repos/acme-platform/api/runners").await;
    wait_until("the repository's runners", || rows().len() == 2).await;
    let said = standing("unknown").await;
    assert!(said.contains("needs GHES 3.19 or later"), "{said}");
    assert!(find("self-hosted-recheck").is_none(), "nothing to check again on this server");
    let log = control(&api, "GET", "/log", None).await;
    let asked: Vec<&str> = log.as_array().unwrap().iter().filter_map(|e| e["path"].as_str()).filter(|p| p.contains("permissions/self-hosted-runners")).collect();
    assert!(asked.is_empty(), "never asked for: {asked:?}");
    reset_sandbox(&api).await;
}

#[wasm_bindgen_test]
async fn a_repository_s_runners_page_says_whether_it_may_use_self_hosted_runners_and_follows_the_policy() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let client = client_for(&api, "sandbox-admin");
    let _app = app_at("/repos/acme-platform/api/runners", &api, "sandbox-admin").await;
    wait_until("the repository's runners", || rows().len() == 2).await;
    assert!(standing("yes").await.contains("lets all its repositories"));

    // changed elsewhere: "Check again" reads it anew
    client.send(ops::set_self_hosted_runners_permissions(ORG, &EnabledRepositories::Selected)).await.unwrap();
    let web = client.send(ops::get_repository(ORG, "web")).await.unwrap().id;
    client.send(ops::set_self_hosted_runners_repositories(ORG, &[web])).await.unwrap();
    click("self-hosted-recheck").await;
    assert!(standing("no").await.contains("api is not one of them"));
    let api_repo = client.send(ops::get_repository(ORG, "api")).await.unwrap().id;
    client.send(ops::enable_self_hosted_runners_repository(ORG, api_repo)).await.unwrap();
    click("self-hosted-recheck").await;
    assert!(standing("yes").await.contains("api is on acme-platform's list"));

    // changed here, on the org's Policy tab: the runners page shows it when it opens again
    go("/orgs/acme-platform/policy").await;
    shown_policy("selected").await;
    click("policy-none").await;
    click("policy-save").await;
    click("dialog-confirm").await;
    shown_policy("none").await;
    go("/repos/acme-platform/api/runners").await;
    assert!(standing("no").await.contains("lets none of its repositories"));
    assert_eq!(rows().len(), 2, "the runners are listed all along");
}

#[wasm_bindgen_test]
async fn a_token_that_cannot_read_the_policy_is_told_why_and_the_runners_page_still_works() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/repos/acme-platform/api/runners", &api, "sandbox-repo").await;
    wait_until("the repository's runners", || rows().len() == 2).await;
    let said = standing("unknown").await;
    assert!(said.contains("could not be read") && said.contains("admin:org"), "{said}");
    assert!(find("error").is_none(), "the runners page shows no error of its own: {}", text("error"));
}
