//! Destructive actions against hostile names, in headless Chromium against the sandbox: nothing is
//! deleted by a confirmation that asks for nothing.
#![cfg(target_arch = "wasm32")]
mod common;

use common::*;
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_runner_whose_name_cannot_be_typed_is_deleted_by_typing_its_id() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runners", &api, "sandbox-admin").await;
    wait_until("runners", || rows().len() == 12).await;
    for (i, hostile) in ["", "   ", "ops\u{202E}gpj.exe"].into_iter().enumerate() {
        let victim = row_by_name(&format!("platform-runner-0{}", i + 3)).expect("the seed has platform-runner-03 to -05");
        let id = victim.get_attribute("data-runner-id").expect("rows carry their id");
        control(&api, "PATCH", &format!("/runners/{id}"), Some(json!({ "name": hostile, "busy": false }))).await;
        go(&format!("/orgs/acme-platform/runners/{id}")).await;
        click("delete-runner").await;
        let confirm: web_sys::HtmlButtonElement = wait_for("dialog-confirm").await.unchecked_into();
        let dialog = text("dialog");
        assert!(dialog.contains(&format!("Type its id, {id}, to confirm")), "{hostile:?}: {dialog}");
        assert!(confirm.disabled(), "{hostile:?}: an untouched box is no confirmation");
        type_into("confirm-name", hostile).await;
        assert!(confirm.disabled(), "{hostile:?}: typing the name itself does not confirm");
        type_into("confirm-name", &id).await;
        wait_until("enabled by the id", || !confirm.disabled()).await;
        confirm.click();
        wait_until("back on the list", || location() == "/orgs/acme-platform/runners" && rows().len() == 11 - i).await;
        assert!(rows().iter().all(|r| r.get_attribute("data-runner-id").as_deref() != Some(id.as_str())), "runner {id} is gone");
    }
}

#[wasm_bindgen_test]
async fn a_confirm_dialog_is_modal_takes_focus_and_gives_it_back() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runners", &api, "sandbox-admin").await;
    open_first_runner().await;
    let opener: web_sys::HtmlElement = wait_for("delete-runner").await.unchecked_into();
    opener.focus().unwrap();
    opener.click();
    let dialog = wait_for("dialog").await;
    wait_until("the dialog is modal", || dialog.matches(":modal").unwrap_or(false)).await;
    let focused = || document().active_element().and_then(|e| e.get_attribute("data-testid")).unwrap_or_default();
    wait_until("focus is on the safe choice", || focused() == "dialog-cancel").await;
    // The destructive button is a red button, not red text on blue.
    let confirm = find("dialog-confirm").unwrap();
    let style = web_sys::window().unwrap().get_computed_style(&confirm).unwrap().unwrap();
    assert_ne!(style.get_property_value("background-color").unwrap(), style.get_property_value("color").unwrap());
    // Escape is the browser's `cancel`: the dialog closes and focus returns to what opened it.
    let init = web_sys::EventInit::new();
    init.set_cancelable(true);
    dialog.dispatch_event(&web_sys::Event::new_with_event_init_dict("cancel", &init).unwrap()).unwrap();
    wait_until("closed", || find("dialog").is_none()).await;
    wait_until("focus is back on the opener", || focused() == "delete-runner").await;
}

#[wasm_bindgen_test]
async fn the_remove_token_line_follows_the_runner_s_known_os() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runners", &api, "sandbox-admin").await;
    open_first_runner().await;
    click("show-remove-token").await;
    let said = wait_for_text("remove-os", |t| !t.is_empty()).await;
    assert!(said.contains("Linux or macOS"), "{said}");
    assert!(find("remove-token-panel").unwrap().query_selector("input[type=checkbox]").unwrap().is_none(), "nothing is asked that GitHub already says");
    click("create-remove-token").await;
    wait_for_text("remove-command", |t| t.contains("./config.sh remove --token")).await;
}

/// Opens the runner page of the list's first Linux runner, as a click on its name does.
async fn open_first_runner() {
    wait_until("runners", || !rows().is_empty()).await;
    let row = rows().into_iter().find(|r| r.text_content().unwrap_or_default().contains("Linux")).expect("a Linux runner in the seed");
    let link: web_sys::HtmlElement = row.query_selector("[data-testid=\"runner-name\"]").unwrap().unwrap().unchecked_into();
    link.click();
    wait_for("delete-runner").await;
}
