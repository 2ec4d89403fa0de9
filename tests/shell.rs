//! Browser tests of the shell: the app mounts, routes, and the connect form behaves.
#![cfg(target_arch = "wasm32")]
mod common;

use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn connect_form_rejects_a_bad_url_then_connects() {
    let root = fresh_root();
    let _app = mount_app(root);

    assert_eq!(wait_for("connection-status").await.text_content().unwrap(), "Not connected");
    let token: web_sys::HtmlInputElement = wait_for("token").await.unchecked_into();
    assert_eq!(token.type_(), "password", "the token field must be a password field");

    type_into("base-url", "ftp://ghe.example.com").await;
    type_into("token", "sandbox-admin").await;
    click("connect").await;
    let error = wait_for_text("connect-error", |t| !t.is_empty()).await;
    assert!(error.contains("https://"), "the error says what a valid URL looks like: {error}");
    assert_eq!(find("connection-status").unwrap().text_content().unwrap(), "Not connected");

    type_into("base-url", &sandbox_api()).await;
    click("connect").await;
    let host = sandbox_api().trim_start_matches("http://").trim_end_matches("/api/v3").to_string();
    wait_for_text("connection-status", |t| t == format!("Connected · {host} · octo-admin")).await;
    assert!(find("connect-error").is_none(), "the old error is gone once connected");
    assert!(!document().body().unwrap().inner_html().contains("sandbox-admin"), "the token must not appear in the DOM once connected");

    click("disconnect").await;
    wait_for_text("connection-status", |t| t == "Not connected").await;
}

#[wasm_bindgen_test]
async fn unknown_paths_show_the_not_found_page() {
    let root = fresh_root();
    web_sys::window().unwrap().history().unwrap().replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/no/such/page")).unwrap();
    let _app = mount_app(root);
    let text = wait_for("not-found").await.text_content().unwrap();
    assert!(text.contains("Page not found"), "{text}");
}
