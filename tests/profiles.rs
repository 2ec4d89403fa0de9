//! The console against each server the sandbox can be: GHES 3.19, 3.9 and 3.4, github.com (with a
//! GHEC enterprise), and an org behind SAML single sign-on. What a server lacks is explained and
//! never asked for; what an old server cannot filter is worked out from what it has.
#![cfg(target_arch = "wasm32")]
mod common;

use common::*;
use runnerdeck::github::Scope;
use serde_json::{json, Value};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn org() -> Scope {
    Scope::Org { org: "acme-platform".into() }
}

async fn answer_as(api: &str, profile: &str) {
    reset_sandbox(api).await;
    let server = control(api, "PUT", "/server", Some(json!({ "profile": profile }))).await;
    assert_eq!(server["profile"], profile, "{server}");
    control(api, "DELETE", "/log", None).await;
}

/// Every path the console asked for, with its query.
async fn asked(api: &str) -> Vec<String> {
    let log = control(api, "GET", "/log", None).await;
    log.as_array().map(|a| a.iter().filter_map(|e: &Value| e["path"].as_str().map(str::to_string)).collect()).unwrap_or_default()
}

fn group_rows() -> Vec<String> {
    find_all("group-row").iter().filter_map(|r| r.get_attribute("data-group")).collect()
}

#[wasm_bindgen_test]
async fn ghes_3_19_offers_everything() {
    let api = sandbox_api();
    answer_as(&api, "ghes-3.19").await;
    let _app = app_at(&runnerdeck::routes::add_runner(&org()), &api, "sandbox-admin").await;
    assert_eq!(wait_for_text("server-kind", |t| !t.is_empty()).await, "GHES 3.19.0");
    wait_for("jit-submit").await;
    assert!(find("jit-unavailable").is_none());
    go(&runnerdeck::routes::groups_visible_to(&org(), "web")).await;
    wait_until("filtered by the server", || group_rows().contains(&"build".to_string()) && !group_rows().contains(&"deploy".to_string())).await;
    assert!(!text("visible-to-note").contains("Worked out"), "{}", text("visible-to-note"));
    assert!(asked(&api).await.iter().any(|p| p.contains("visible_to_repository=web")), "the server's filter is used");
    assert!(find("workflows-unavailable").is_none());
}

#[wasm_bindgen_test]
async fn ghes_3_9_explains_that_jit_needs_3_10_and_everything_else_works() {
    let api = sandbox_api();
    answer_as(&api, "ghes-3.9").await;
    let _app = app_at(&runnerdeck::routes::runners(&org()), &api, "sandbox-admin").await;
    assert_eq!(wait_for_text("server-kind", |t| !t.is_empty()).await, "GHES 3.9.0");
    wait_until("runners", || rows().len() == 12).await;
    go(&runnerdeck::routes::add_runner(&org())).await;
    let why = wait_for_text("jit-unavailable", |t| !t.is_empty()).await;
    assert!(why.contains("JIT runner configs need GHES 3.10 or later; this server runs 3.9"), "{why}");
    assert!(find("jit-submit").is_none(), "not offered");
    click("create-registration-token").await;
    wait_for_text("setup-script", |t| t.contains("./config.sh")).await;
    assert!(!asked(&api).await.iter().any(|p| p.contains("generate-jitconfig")), "never asked for");
}

#[wasm_bindgen_test]
async fn ghes_3_4_has_no_workflow_restrictions_and_works_out_which_groups_a_repository_can_use() {
    let api = sandbox_api();
    // What GHES 3.19's own filter answers for `web`, to compare the worked-out answer with.
    answer_as(&api, "ghes-3.19").await;
    let client = client_for(&api, "sandbox-admin");
    let by_server: Vec<String> = client.all_runner_groups(&org(), Some("web")).await.unwrap().items.into_iter().map(|g| g.name).collect();
    assert!(!by_server.is_empty());

    answer_as(&api, "ghes-3.4").await;
    let _app = app_at(&runnerdeck::routes::groups(&org()), &api, "sandbox-admin").await;
    assert_eq!(wait_for_text("server-kind", |t| !t.is_empty()).await, "GHES 3.4.0");
    assert!(wait_for_text("workflows-unavailable", |t| !t.is_empty()).await.contains("need GHES 3.5 or later; this server runs 3.4"));
    wait_until("groups", || !group_rows().is_empty()).await;
    assert!(find_all("group-workflows").iter().all(|c| c.text_content().unwrap_or_default() == "n/a"), "no column of made-up “any”");

    go(&runnerdeck::routes::groups_visible_to(&org(), "web")).await;
    wait_until("worked out", || text("visible-to-note").contains("Worked out")).await;
    let mut shown = group_rows();
    let mut expected = by_server.clone();
    shown.sort();
    expected.sort();
    assert_eq!(shown, expected, "the worked-out answer equals GHES 3.19's filter");
    assert!(!asked(&api).await.iter().any(|p| p.contains("visible_to")), "the parameter 3.4 ignores is never sent");

    // The group form does not offer what the server lacks.
    let build = find_all("group-row").into_iter().find(|r| r.get_attribute("data-group").as_deref() == Some("build")).expect("build is listed");
    let link: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(build.query_selector("a").unwrap().unwrap());
    link.click();
    click("group-edit").await;
    wait_for("group-edit-form").await;
    assert!(find("group-restricted-input").is_none() && find("workflows-unavailable").is_some());
}

#[wasm_bindgen_test]
async fn dotcom_connects_at_the_host_root_and_its_ghec_enterprise_works() {
    let api = sandbox_api();
    answer_as(&api, "dotcom").await;
    let root = api.trim_end_matches("/api/v3").to_string();
    let _app = app_at("/", &root, "sandbox-admin").await;
    assert_eq!(wait_for_text("server-kind", |t| !t.is_empty()).await, "github.com");
    assert_eq!(text("connected-host"), root, "the API lives at the host's root");
    go("/enterprises/acme/runners").await;
    wait_until("the enterprise's runners", || !rows().is_empty()).await;
    go(&runnerdeck::routes::add_runner(&org())).await;
    wait_for("jit-submit").await;
}

#[wasm_bindgen_test]
async fn an_org_behind_saml_sso_says_so_links_to_authorization_and_loads_after_it() {
    let api = sandbox_api();
    answer_as(&api, "ghes-3.19").await;
    control(&api, "PUT", "/sso/acme-mobile", None).await;
    let _app = app_at("/orgs/acme-mobile/runners", &api, "sandbox-admin").await;
    let error = wait_for_text("error", |t| !t.is_empty()).await;
    assert!(error.contains("not authorized for acme-mobile's SAML single sign-on"), "{error}");
    assert!(find("scope-hint").is_none(), "not taken for a missing scope: {error}");
    assert_eq!(text("count-unknown"), "Runners could not be loaded", "no made-up zero counts");
    assert!(find("bulk-delete").is_none(), "no bulk toolbar over an unknown fleet");
    let link = wait_for("sso-authorize").await;
    let href = link.get_attribute("href").unwrap_or_default();
    assert!(href.contains("/orgs/acme-mobile/sso?authorization_request="), "{href}");
    assert_eq!(link.get_attribute("rel").as_deref(), Some("noopener noreferrer"));
    // The admin follows the link (in another tab) and authorizes the token; then tries again.
    let page = gloo_net::http::Request::get(&href).send().await.unwrap();
    assert!(page.ok(), "{}", page.status());
    click("error-retry").await;
    wait_until("the fleet loads", || rows().len() == 4).await;
    assert!(find("error").is_none());
}

#[wasm_bindgen_test]
async fn a_server_that_does_not_say_its_version_is_told_and_treated_as_the_oldest() {
    let api = sandbox_api();
    answer_as(&api, "ghes-3.19").await;
    set_faults(&api, json!({ "force": [{ "method": "GET", "path": "/meta", "status": 404 }] })).await;
    let _app = app_at("/", &api, "sandbox-admin").await;
    let server = wait_for_text("connected-server", |t| t.contains("version")).await;
    assert!(server.contains("did not say its version") && server.contains("features that need a newer GHES than 3.4 are off"), "{server}");
    assert_eq!(text("server-kind"), "GHES (version unknown)");
    go(&runnerdeck::routes::add_runner(&org())).await;
    let why = wait_for_text("jit-unavailable", |t| !t.is_empty()).await;
    assert!(why.contains("this server did not say which version it runs"), "{why}");
}
