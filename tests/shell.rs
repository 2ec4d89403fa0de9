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

#[wasm_bindgen_test]
async fn the_connect_form_cannot_leak_the_token_by_a_native_submit() {
    let root = fresh_root();
    let _app = mount_app(root);
    let form: web_sys::HtmlFormElement = wait_for("connect-form").await.unchecked_into();
    assert_eq!(form.method(), "post", "a native submit would put GET fields in the URL");
    let named = form.query_selector_all("[name]").unwrap().length();
    assert_eq!(named, 0, "no field has a name, so a native submit carries nothing");
}

#[wasm_bindgen_test]
async fn a_token_with_characters_a_header_cannot_carry_is_refused_without_hanging() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let root = fresh_root();
    let _app = mount_app(root);
    type_into("base-url", &api).await;
    control(&api, "DELETE", "/log", None).await;
    // (A password field itself strips line breaks from what is pasted; a restored session is checked too.)
    for (token, what) in [("sandbox-admïn", "“ï”"), ("sandbox admin", "a space"), ("sandbox\u{200b}admin", "U+200B"), ("sandbox\tadmin", "a space")] {
        type_into("token", token).await;
        click("connect").await;
        let error = wait_for_text("connect-error", |t| t.contains(what)).await;
        assert!(!error.contains("sandbox"), "the message never repeats the token: {error}");
        wait_for_text("connect", |t| t == "Connect").await;
    }
    let log = control(&api, "GET", "/log", None).await;
    assert_eq!(log.as_array().map(Vec::len), Some(0), "nothing was sent: {log}");
    assert_eq!(text("connection-status"), "Not connected");
}

#[wasm_bindgen_test]
async fn plain_http_to_another_host_needs_consent_each_time() {
    let root = fresh_root();
    let _app = mount_app(root);
    type_into("token", "sandbox-admin").await;
    type_into("base-url", "http://ghe.example.invalid/api/v3").await;
    wait_for("plaintext-warning").await;
    let consent: web_sys::HtmlInputElement = wait_for("plaintext-consent").await.unchecked_into();
    assert!(!consent.checked(), "consent is never given by default");
    click("connect").await;
    let error = wait_for_text("connect-error", |t| !t.is_empty()).await;
    assert!(error.contains("not encrypted"), "{error}");

    consent.click();
    assert!(consent.checked());
    // Another host: the consent given for the first does not carry over.
    type_into("base-url", "http://other.example.invalid").await;
    wait_until("consent is given per host, so another host asks again", || find("plaintext-consent").is_some_and(|c| !c.unchecked_into::<web_sys::HtmlInputElement>().checked())).await;
    click("connect").await;
    wait_for_text("connect-error", |t| t.contains("other.example.invalid is not encrypted")).await;
    // Loopback stays as it is: no warning.
    type_into("base-url", &sandbox_api()).await;
    wait_until("the warning goes for loopback", || find("plaintext-warning").is_none()).await;
}

#[wasm_bindgen_test]
async fn the_api_url_is_remembered_and_offered_but_never_the_token() {
    let api = sandbox_api();
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    {
        let root = fresh_root();
        let _app = mount_app(root);
        connect_as(&api, "sandbox-admin").await;
        click("disconnect").await;
        wait_until("disconnected", || text("connection-status") == "Not connected").await;
    }
    let root = fresh_root();
    let _app = mount_app(root);
    let input: web_sys::HtmlInputElement = wait_for("base-url").await.unchecked_into();
    // The field's value is set by its first render effect, a task after the page is built.
    wait_until("the last API URL is filled in", || input.value() == api).await;
    let offered: Vec<String> = find_all("recent-api-urls")
        .iter()
        .flat_map(|d| {
            let options = d.query_selector_all("option").unwrap();
            (0..options.length()).filter_map(move |i| options.item(i)).filter_map(|o| o.unchecked_into::<web_sys::Element>().get_attribute("value")).collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(offered, vec![api.clone()]);
    let everything: String = (0..storage.length().unwrap()).filter_map(|i| storage.key(i).ok().flatten()).filter_map(|k| storage.get_item(&k).ok().flatten()).collect();
    assert!(!everything.contains("sandbox-admin"), "the token is never in localStorage: {everything}");
    // A stale error goes as soon as the user edits.
    type_into("base-url", "ftp://x").await;
    click("connect").await;
    wait_for_text("connect-error", |t| !t.is_empty()).await;
    type_into("base-url", &api).await;
    wait_until("the old error is gone", || find("connect-error").is_none()).await;
}
