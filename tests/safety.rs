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
