//! Shared helpers for the browser tests: mount, act like a user, and wait for the DOM.
#![allow(dead_code)]
use std::time::Duration;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

mod frames;
// For the benchmarks, which share these helpers.
#[allow(unused_imports)]
pub use frames::*;

/// The sandbox the test command started, given at compile time because a wasm test cannot read env vars.
pub const SANDBOX_URL: Option<&str> = option_env!("RUNNERDECK_SANDBOX_URL");

pub fn sandbox_api() -> String {
    SANDBOX_URL.expect("RUNNERDECK_SANDBOX_URL is set by the test command (make test)").to_string()
}

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh element to mount into, and a clean URL, so tests sharing the page do not see each other.
pub fn fresh_root() -> HtmlElement {
    let _ = web_sys::window().unwrap().history().unwrap().replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/"));
    let _ = web_sys::window().unwrap().session_storage().unwrap().unwrap().clear();
    // Only our own roots go: the runner's output elements live in the same body.
    let old = document().query_selector_all("[data-test-root]").unwrap();
    for i in 0..old.length() {
        if let Some(node) = old.item(i) {
            node.unchecked_into::<Element>().remove();
        }
    }
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    root.set_attribute("data-test-root", "").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

pub fn find(testid: &str) -> Option<Element> {
    document().query_selector(&format!("[data-testid=\"{testid}\"]")).unwrap()
}

/// Waits up to five seconds for an element to appear.
pub async fn wait_for(testid: &str) -> Element {
    for _ in 0..100 {
        if let Some(el) = find(testid) {
            return el;
        }
        sleep(50).await;
    }
    panic!("no element with data-testid={testid} appeared; page text: {}", document().body().unwrap().inner_text());
}

/// Waits up to five seconds for an element's text to satisfy `pred`, and returns that text.
pub async fn wait_for_text(testid: &str, pred: impl Fn(&str) -> bool) -> String {
    let mut last = String::new();
    for _ in 0..100 {
        if let Some(el) = find(testid) {
            last = el.text_content().unwrap_or_default();
            if pred(&last) {
                return last;
            }
        }
        sleep(50).await;
    }
    panic!("data-testid={testid} never showed the expected text at {}; last seen: {last:?}; {}", location(), dom_census());
}

/// How many app roots and routers' worth of content the page holds, for failure messages.
pub fn dom_census() -> String {
    let count = |sel: &str| document().query_selector_all(sel).map(|l| l.length()).unwrap_or(0);
    format!(
        "{} test roots, {} headers, {} runner pages, {} runner tables, body children {}",
        count("[data-test-root]"),
        count("header.shell-header"),
        count("[data-testid=\"runner-page\"]"),
        count("[data-testid=\"runner-table\"]"),
        document().body().unwrap().child_element_count()
    )
}

pub async fn sleep(ms: u64) {
    gloo_timers::future::sleep(Duration::from_millis(ms)).await;
}

/// Types into an input as a user would: sets the value and fires a bubbling `input` event.
pub async fn type_into(testid: &str, text: &str) {
    let input: HtmlInputElement = wait_for(testid).await.unchecked_into();
    input.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
}

/// Presses Enter in a control, as a keyboard user would.
pub async fn press_enter(testid: &str) {
    let el = wait_for(testid).await;
    let init = web_sys::KeyboardEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_key("Enter");
    el.dispatch_event(&web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()).unwrap();
}

/// Clicks as a user would: once the control is there and enabled.
pub async fn click(testid: &str) {
    let el: HtmlElement = wait_for(testid).await.unchecked_into();
    for _ in 0..100 {
        if !el.has_attribute("disabled") {
            break;
        }
        sleep(50).await;
    }
    assert!(!el.has_attribute("disabled"), "data-testid={testid} stayed disabled");
    el.click();
}

/// The second sandbox the test command starts, seeded with 10,000 extra runners in acme-platform.
pub const BIG_SANDBOX_URL: Option<&str> = option_env!("RUNNERDECK_BIG_SANDBOX_URL");

pub fn big_sandbox_api() -> String {
    BIG_SANDBOX_URL.expect("RUNNERDECK_BIG_SANDBOX_URL is set by the test command (make test)").to_string()
}

fn control_url(api: &str, path: &str) -> String {
    format!("{}/_sandbox{path}", api.trim_end_matches("/api/v3"))
}

/// Calls a sandbox control (`/_sandbox/...`) and returns its JSON.
pub async fn control(api: &str, method: &str, path: &str, body: Option<serde_json::Value>) -> serde_json::Value {
    let url = control_url(api, path);
    let builder = gloo_net::http::RequestBuilder::new(&url).method(method.parse().unwrap());
    let response = match body {
        Some(b) => builder.header("Content-Type", "application/json").body(b.to_string()).unwrap().send().await,
        None => builder.send().await,
    }
    .unwrap_or_else(|e| panic!("sandbox control {method} {path}: {e}"));
    assert!(response.ok(), "sandbox control {method} {path}: {}", response.status());
    response.json().await.unwrap()
}

/// Back to the seed, no faults, counters at zero.
pub async fn reset_sandbox(api: &str) {
    control(api, "POST", "/reset", None).await;
}

/// Waits until the sandbox has answered every request it received, so a fault set next meets the
/// request the test means, not the tail of a page load.
pub async fn wait_sandbox_idle(api: &str) {
    for _ in 0..200 {
        let log = control(api, "GET", "/log", None).await;
        if log.as_array().is_some_and(|entries| entries.iter().all(|e| !e["status"].is_null() || e["aborted"] == true)) {
            return;
        }
        sleep(25).await;
    }
    panic!("the sandbox still had requests in flight after 5 s");
}

pub async fn counters(api: &str) -> serde_json::Value {
    control(api, "GET", "/counters", None).await
}

pub async fn zero_counters(api: &str) {
    control(api, "DELETE", "/counters", None).await;
}

pub async fn set_faults(api: &str, faults: serde_json::Value) {
    control(api, "PUT", "/faults", Some(faults)).await;
}

pub fn client_for(api: &str, token: &str) -> runnerdeck::github::Client {
    runnerdeck::github::Client::new(runnerdeck::github::ApiBase::parse(api).unwrap(), runnerdeck::github::Token::new(token))
}

pub fn find_all(testid: &str) -> Vec<Element> {
    let list = document().query_selector_all(&format!("[data-testid=\"{testid}\"]")).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)).map(|n| n.unchecked_into::<Element>()).collect()
}

pub fn text(testid: &str) -> String {
    find(testid).and_then(|e| e.text_content()).unwrap_or_default()
}

/// Waits up to ten seconds for `cond`, then fails saying what was awaited.
pub async fn wait_until(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..200 {
        if cond() {
            return;
        }
        sleep(50).await;
    }
    panic!("timed out waiting for {what} at {}; rows: {:?}; page text: {}", location(), row_names(), document().body().unwrap().inner_text().chars().take(3000).collect::<String>());
}

/// Chooses an option as a user would: once it is offered, sets the value and fires a bubbling `change`.
pub async fn choose(testid: &str, value: &str) {
    let select: web_sys::HtmlSelectElement = wait_for(testid).await.unchecked_into();
    let offered = || (0..select.length()).filter_map(|i| select.item(i)).any(|o| o.unchecked_into::<web_sys::HtmlOptionElement>().value() == value);
    for _ in 0..100 {
        if offered() {
            break;
        }
        sleep(50).await;
    }
    assert!(offered(), "data-testid={testid} never offered the option {value:?}");
    select.set_value(value);
    fire(&select, "change");
}

pub fn fire(target: &web_sys::EventTarget, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    target.dispatch_event(&web_sys::Event::new_with_event_init_dict(kind, &init).unwrap()).unwrap();
}

/// Client-side navigation, as a link click or Back would do.
pub async fn go(path: &str) {
    let window = web_sys::window().unwrap();
    window.history().unwrap().push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path)).unwrap();
    fire(&window, "popstate");
    sleep(50).await;
}

pub fn location() -> String {
    let l = web_sys::window().unwrap().location();
    format!("{}{}", l.pathname().unwrap(), l.search().unwrap())
}

/// Fills and submits the connect form (wherever it is shown) and waits until connected.
pub async fn connect_as(api: &str, token: &str) {
    type_into("base-url", api).await;
    type_into("token", token).await;
    click("connect").await;
    wait_until("the connection", || text("connection-status").starts_with("Connected") && find("connect-form").is_none()).await;
}

/// A fresh App at `path`, connected to `api` with `token`.
pub async fn app_at(path: &str, api: &str, token: &str) -> Mounted {
    let root = fresh_root();
    web_sys::window().unwrap().history().unwrap().replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path)).unwrap();
    let handle = mount_app(root);
    connect_as(api, token).await;
    handle
}

/// A long table's rows that a person can perceive: a row beyond the view is `stale` and
/// `aria-hidden` from a change of the rows until it catches up, in the task after the change is
/// painted, or at once if it is scrolled into view.
pub fn table_rows(testid: &str) -> Vec<Element> {
    find_all(testid).into_iter().filter(|r| !r.class_list().contains("stale")).collect()
}

pub fn rows() -> Vec<Element> {
    table_rows("runner-row")
}

pub fn row_names() -> Vec<String> {
    rows().iter().filter_map(|r| r.query_selector("[data-testid=\"runner-name\"]").ok().flatten()).map(|e| e.text_content().unwrap_or_default()).collect()
}

pub fn row_by_name(name: &str) -> Option<Element> {
    rows().into_iter().find(|r| r.query_selector("[data-testid=\"runner-name\"]").ok().flatten().and_then(|n| n.text_content()).as_deref() == Some(name))
}

// A mounted App. Dropping it unmounts the view and disposes of everything the App owned, including
// the router's window listeners, which in-flight tasks could otherwise keep alive into the next test.
thread_local! {
    static LIVE: std::cell::RefCell<Vec<leptos::prelude::Owner>> = const { std::cell::RefCell::new(Vec::new()) };
}

pub struct Mounted {
    owner: leptos::prelude::Owner,
    handle: Option<Box<dyn std::any::Any>>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.handle.take();
        self.owner.cleanup();
    }
}

pub fn mount_app(root: HtmlElement) -> Mounted {
    // A test that panics never drops its App (wasm does not unwind), and its router would go on
    // catching link clicks meant for the next test's. So whatever was mounted before goes first.
    LIVE.with_borrow_mut(|live| {
        for owner in live.drain(..) {
            owner.cleanup();
        }
    });
    let owner = leptos::prelude::Owner::new();
    let handle = owner.with(|| leptos::mount::mount_to(root, runnerdeck::app::App));
    LIVE.with_borrow_mut(|live| live.push(owner.clone()));
    Mounted { owner, handle: Some(Box::new(handle)) }
}

/// Waits (up to two minutes: jobs write at GitHub's pace) until `n` bulk jobs on the page have
/// finished, and returns the newest one's text.
pub async fn job_report(n: usize) -> String {
    let finished = || find_all("job-panel").into_iter().filter(|p| p.get_attribute("data-finished").as_deref() == Some("true")).collect::<Vec<_>>();
    for _ in 0..2400 {
        if finished().len() >= n {
            break;
        }
        sleep(50).await;
    }
    let done = finished();
    assert!(done.len() >= n, "only {} of {n} jobs finished; page text: {}", done.len(), document().body().unwrap().inner_text().chars().take(3000).collect::<String>());
    let panel = find_all("job-panel").into_iter().max_by_key(|p| p.get_attribute("data-job").and_then(|j| j.parse::<u32>().ok()).unwrap_or(0));
    panel.and_then(|p| p.text_content()).unwrap_or_default()
}

/// Ticks "select all" in the runners table, asks for a bulk action, and waits for its dialog.
pub async fn select_all_and(action: &str) {
    click("select-all").await;
    click(action).await;
    wait_for("dialog").await;
}

/// Ticks the item `name` of a `Picker` (data-testid `PICKER-item`), once it is offered.
pub async fn pick(picker: &str, name: &str) {
    let selector = format!("[data-testid=\"{picker}-item\"][data-name=\"{name}\"] input");
    for _ in 0..100 {
        if let Some(input) = document().query_selector(&selector).unwrap() {
            input.unchecked_into::<web_sys::HtmlElement>().click();
            return;
        }
        sleep(50).await;
    }
    panic!("no {name} in {picker}");
}
