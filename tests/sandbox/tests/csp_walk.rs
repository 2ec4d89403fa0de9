//! The console under its shipped Content-Security-Policy: serves the release build (dist/) with the
//! policy as a header, walks every page in headless Chromium as a user would, and fails on any
//! `securitypolicyviolation` event.
//!
//! Needs a fresh `source scripts/env.sh && trunk build --release --offline`, chromedriver
//! (`CHROMEDRIVER`, default /usr/bin/chromedriver) and Chromium (`CHROMIUM`, default /usr/bin/chromium).
mod common;

use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use serde_json::json;

pub const BUILD_HINT: &str = "run `source scripts/env.sh && trunk build --release --offline` first";
pub const WAIT: Duration = Duration::from_secs(20);
pub const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Runs in every document before the page's own scripts, and is not subject to the page's CSP. The
/// tag says which policy fired: the header's is the one with `frame-ancestors`, which a meta ignores.
/// It also names the element the violation fired at, when that is one (a detached element's fire at the document).
pub const LISTENER: &str = "window.__csp=[];document.addEventListener('securitypolicyviolation',e=>window.__csp.push(\
    '['+(e.originalPolicy.includes('frame-ancestors')?'header':'meta')+'] '+e.violatedDirective+' '+e.blockedURI+' '+(e.sourceFile||'')+':'+(e.lineNumber||0)\
    +(e.target&&e.target.tagName?' on <'+e.target.tagName.toLowerCase()+(e.target.className?' class='+e.target.className:'')+'>':'')))";

mod csp;
use csp::browser::*;
use csp::site::*;

// ---------------------------------------------------------------------------------------------
// The walk.

struct Walk {
    b: Browser,
    site: String,
    page: String,
    pages: Vec<String>,
    violations: Vec<(String, String)>,
    console_errors: Vec<(String, String)>,
}

impl Walk {
    /// Files what the current document recorded under the current page.
    async fn collect(&mut self) {
        for v in self.b.take_violations().await {
            self.violations.push((self.page.clone(), v));
        }
        for (level, msg) in self.b.browser_log().await {
            if level == "SEVERE" {
                self.console_errors.push((self.page.clone(), msg));
            }
        }
    }

    /// A new page, reached by clicking `css` on the current one. What happens after the click is
    /// the new page's.
    async fn click_to(&mut self, css: &str, label: &str) {
        self.collect().await;
        self.b.click(css).await;
        self.page = label.to_string();
        self.pages.push(label.to_string());
    }

    /// The previous page, through the browser's back button.
    async fn back_to(&mut self, label: &str) {
        self.collect().await;
        self.b.cmd(Method::POST, "/back", None).await;
        self.page = label.to_string();
        self.pages.push(label.to_string());
    }

    /// A new page, loaded from the address bar.
    async fn visit(&mut self, label: &str, path: &str) {
        if !self.pages.is_empty() {
            self.collect().await;
        }
        self.b.goto(&format!("{}{path}", self.site)).await;
        self.page = format!("{label} ({path})");
        self.pages.push(self.page.clone());
    }

    /// Runs `script` on the current page and expects exactly one violation of a directive starting
    /// with `directive` from each policy in force (the served header and the shipped meta).
    async fn negative_control(&mut self, what: &str, script: &str, directive: &str) {
        self.collect().await;
        self.b.exec(script).await;
        let mut seen = Vec::new();
        self.b
            .until(&format!("a securitypolicyviolation from the negative control ({what})"), async |b| {
                seen.extend(b.take_violations().await);
                (!seen.is_empty()).then_some(())
            })
            .await;
        self.b.settle().await;
        seen.extend(self.b.take_violations().await);
        let mut tags: Vec<&str> = seen.iter().map(|v| v.split(' ').next().unwrap_or("")).collect();
        tags.sort();
        let right = seen.iter().all(|v| v.split(' ').nth(1).is_some_and(|d| d.starts_with(directive)));
        assert!(right && tags == ["[header]", "[meta]"], "negative control ({what}): expected exactly one {directive} violation from the header policy and one from the meta policy, got {seen:#?}");
        // Its console messages are expected: drop them.
        self.b.browser_log().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_runs_under_the_shipped_csp_without_a_violation() {
    let site = Arc::new(load_site());
    let csp = site.csp.clone();
    // A few hundred runners, so scrolling the table really moves its window (and its padding rows).
    let sandbox = common::Harness::start_with(ghes_sandbox::SeedConfig { runners: 400, ..Default::default() }, ghes_sandbox::Faults::default()).await;
    let origin = start_site(site.clone()).await;

    // The server answers as documented before a browser is involved.
    let http = reqwest::Client::new();
    for (path, kind) in [("/", "text/html"), ("/orgs/acme-platform/runners", "text/html")] {
        let res = http.get(format!("{origin}{path}")).send().await.unwrap();
        assert_eq!(res.headers()["content-type"].to_str().unwrap().split(';').next(), Some(kind), "{path}");
        assert_eq!(res.headers()["content-security-policy"].to_str().unwrap(), csp, "{path}");
        assert_eq!(res.headers()["referrer-policy"], "no-referrer", "{path}");
        assert_eq!(res.headers()["x-content-type-options"], "nosniff", "{path}");
    }
    // The main module and every chunk (scripts/wasm.sh puts them in one folder).
    let mut wasm: Vec<&String> = site.files.keys().filter(|n| n.ends_with(".wasm")).collect();
    wasm.sort();
    assert!(wasm.iter().any(|n| n.ends_with("/runnerdeck_bg.wasm")) && wasm.len() > 1, "dist/ should hold the main wasm and its chunks, has {wasm:?}: {BUILD_HINT}");
    for path in wasm {
        let res = http.get(format!("{origin}{path}")).send().await.unwrap();
        assert_eq!(res.headers()["content-type"], "application/wasm", "{path}");
    }

    let b = Browser::start().await;
    b.on_new_document(LISTENER).await;
    let mut w = Walk { b, site: origin, page: String::new(), pages: Vec::new(), violations: Vec::new(), console_errors: Vec::new() };

    // Signed out: the console boots (a blocked boot script would look clean), and the listener works.
    w.visit("connect page, signed out", "/").await;
    w.b.until("the connect form: the console did not boot (is its boot script blocked by the CSP?)", async |b| (b.count("[data-testid=connect-form] [data-testid=base-url]").await > 0).then_some(()))
        .await;
    w.negative_control("an inline style attribute", "document.body.insertAdjacentHTML('beforeend', '<div id=\"csp-probe\" style=\"color: red\">x</div>')", "style-src").await;
    w.b.exec("document.getElementById('csp-probe').remove()").await;
    w.negative_control("an inline script", "const s = document.createElement('script'); s.textContent = 'window.__cspProbe = 1'; document.body.appendChild(s);", "script-src").await;
    assert_eq!(w.b.exec("return window.__cspProbe === undefined").await, json!(true), "the inline script ran although script-src has no 'unsafe-inline'");

    w.visit("deep link, signed out", "/orgs/acme-platform/runners").await;
    w.b.wait_for("[data-testid=connect-first] [data-testid=connect-form]").await;

    // Connect, remembered for the session, so address-bar visits stay signed in.
    w.visit("connect page", "/").await;
    w.b.type_into("[data-testid=base-url]", &sandbox.api).await;
    w.b.type_into("[data-testid=token]", common::ADMIN).await;
    w.b.click("[data-testid=remember]").await;
    assert_eq!(w.b.exec("return document.querySelector('[data-testid=remember]').checked").await, json!(true), "the remember box did not tick");
    w.b.click("[data-testid=connect]").await;
    w.b.until("the connected panel", async |b| {
        if let Some(el) = b.find_all("[data-testid=connect-error]").await.first() {
            let text = b.cmd(Method::GET, &format!("/element/{el}/text"), None).await;
            panic!("connecting to {} failed: {text}", sandbox.api);
        }
        (b.count("[data-testid=connected]").await > 0).then_some(())
    })
    .await;
    w.b.wait_for("[data-testid=connected-server]").await;

    // The scope picker opens the org's runners.
    w.b.type_into("[data-testid=scope-name-input]", "acme-platform").await;
    w.click_to("[data-testid=open-scope]", "org runners, from the scope picker").await;
    w.b.wait_for("[data-testid=runner-row]").await;

    w.visit("org runners", "/orgs/acme-platform/runners").await;
    w.b.wait_for("[data-testid=runner-row]").await;
    // How many runners the list shows (the table has only a window of them in the DOM).
    let shown = async |b: &Browser| b.exec("const e = document.querySelector('[data-testid=count-shown]'); return e ? parseInt(e.textContent, 10) : null").await.as_u64();
    let all = w.b.until("the count of runners shown", async |b| shown(b).await).await;
    // Filter, then clear.
    w.b.type_into("[data-testid=filter-text]", "docker").await;
    w.b.until("the filter to narrow the list", async |b| shown(b).await.filter(|n| *n > 0 && *n < all)).await;
    w.b.wait_for("[data-testid=runner-row]").await;
    w.b.click("[data-testid=clear-filters]").await;
    w.b.until("the whole list again", async |b| (shown(b).await == Some(all)).then_some(())).await;
    // Scroll the virtualized table and the page, down and back.
    for to in ["el.scrollHeight", "0"] {
        w.b.exec(&format!(
            "const el = document.querySelector('[data-testid=runner-table]'); el.scrollTop = {to}; el.dispatchEvent(new Event('scroll')); window.scrollTo(0, {to} ? document.body.scrollHeight : 0);"
        ))
        .await;
        w.b.settle().await;
    }
    // Sort by a column.
    w.b.click("[data-testid=sort-status]").await;
    w.b.settle().await;
    // A bulk confirmation, cancelled.
    w.b.click("[data-testid=select-row]").await;
    w.b.until("one runner selected", async |b| (b.exec("return document.querySelector('[data-testid=selected-count]').textContent").await == json!("1 selected")).then_some(())).await;
    w.b.click("[data-testid=bulk-delete]").await;
    w.b.wait_for("[data-testid=dialog] [data-testid=dialog-targets] li").await;
    w.b.click("[data-testid=dialog-cancel]").await;
    w.b.wait_gone("[data-testid=dialog]").await;
    // A runner's page.
    w.click_to("[data-testid=runner-row] [data-testid=runner-name]", "runner page, from the list").await;
    w.b.wait_for("[data-testid=runner-page] [data-testid=runner-facts]").await;
    w.b.wait_for("[data-testid=label-editor]").await;

    w.visit("org runner groups", "/orgs/acme-platform/runner-groups").await;
    w.b.wait_for("[data-testid=group-row]").await;
    w.click_to("[data-testid=group-row][data-group=build] [data-testid=group-name]", "group page (an org group), from the list").await;
    w.b.wait_for("[data-testid=group-page] [data-testid=group-facts]").await;
    w.b.click("[data-testid=group-edit]").await;
    w.b.wait_for("[data-testid=group-edit-form]").await;
    w.back_to("org runner groups, back").await;
    w.click_to("[data-testid=group-row][data-group=shared-linux] [data-testid=group-name]", "group page (inherited from the enterprise), from the list").await;
    w.b.wait_for("[data-testid=inherited-note]").await;

    w.visit("new group", "/orgs/acme-platform/runner-groups/new").await;
    w.b.wait_for("[data-testid=group-new] [data-testid=group-name-input]").await;

    w.visit("add runner", "/orgs/acme-platform/runners/new").await;
    w.b.wait_for("[data-testid=add-runner]").await;
    w.b.click("[data-testid=create-registration-token]").await;
    w.b.wait_for("[data-testid=setup-script] [data-testid=command]").await;
    w.b.wait_for("[data-testid=setup-script] [data-testid=countdown]").await;

    w.visit("activity", "/activity").await;
    w.b.wait_for("[data-testid=activity-page]").await;

    w.visit("enterprise runners", "/enterprises/acme/runners").await;
    w.b.wait_for("[data-testid=runner-row]").await;
    w.visit("enterprise runner groups", "/enterprises/acme/runner-groups").await;
    w.b.wait_for("[data-testid=group-row]").await;
    w.click_to("[data-testid=group-row][data-group=gpu-fleet] [data-testid=group-name]", "group page (an enterprise group), from the list").await;
    w.b.wait_for("[data-testid=group-page] [data-testid=group-facts]").await;

    w.visit("repo runners", "/repos/acme-platform/api/runners").await;
    w.b.wait_for("[data-testid=runner-row]").await;
    w.visit("repo add runner", "/repos/acme-platform/api/runners/new").await;
    w.b.wait_for("[data-testid=add-runner]").await;

    w.visit("scope root, redirected", "/orgs/acme-platform").await;
    w.b.wait_for("[data-testid=runner-row]").await;
    w.visit("bad scope", "/orgs/bad~name/runners").await;
    w.b.wait_for("[data-testid=bad-scope]").await;
    w.visit("not found", "/no/such/page").await;
    w.b.wait_for("[data-testid=not-found]").await;

    // Signing out.
    w.visit("connect page, connected", "/").await;
    w.click_to("[data-testid=disconnect]", "connect page, signed out again").await;
    w.b.wait_for("[data-testid=connect-form]").await;
    w.collect().await;

    let Walk { b, pages, violations, console_errors, .. } = w;
    drop(b);
    for (page, v, n) in tally(&violations) {
        eprintln!("CSP violation on {page}: {v} (×{n})");
    }
    if !violations.is_empty() {
        for (page, msg, n) in tally(&console_errors) {
            eprintln!("console error on {page}: {msg} (×{n})");
        }
    }
    eprintln!("csp_walk: {} pages visited, {} CSP violations, {} console errors; policy: {csp}", pages.len(), violations.len(), console_errors.len());
    assert!(violations.is_empty(), "{} securitypolicyviolation events under the shipped policy (listed above)", violations.len());
}

/// (page, text) pairs in order, with repeats on the same page counted instead of listed.
fn tally(items: &[(String, String)]) -> Vec<(&str, &str, usize)> {
    let mut out: Vec<(&str, &str, usize)> = Vec::new();
    for (page, text) in items {
        match out.iter_mut().find(|(p, t, _)| p == page && t == text) {
            Some(seen) => seen.2 += 1,
            None => out.push((page, text, 1)),
        }
    }
    out
}

#[test]
fn the_csp_meta_is_read_from_the_html() {
    let html = r#"<head><!-- <meta http-equiv="Content-Security-Policy" content="old"> -->
        <meta charset="utf-8"><meta content="default-src 'none'; img-src &#39;self&#39; data:" HTTP-EQUIV='content-security-policy' /></head>"#;
    assert_eq!(meta_csp(html).as_deref(), Some("default-src 'none'; img-src 'self' data:"));
    assert_eq!(meta_csp("<meta name=referrer content=no-referrer>"), None);
}

/// The pages behind a connection are wasm chunks (src/chunks.rs): opening the console fetches none of
/// them, and when the host fails to serve one the page says so with a "Try again" that loads it once
/// the host answers again, rather than the console dying or waiting for ever.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_whose_code_fails_to_load_says_so_and_try_again_loads_it() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let site = Arc::new(load_site());
    let sandbox = common::Harness::start_with(ghes_sandbox::SeedConfig { runners: 20, ..Default::default() }, ghes_sandbox::Faults::default()).await;
    // The host answers 503 for the scope pages' chunk while `failing` is set.
    let failing = Arc::new(AtomicBool::new(true));
    let refused = Arc::new(AtomicUsize::new(0));
    let app = {
        let (failing, refused) = (failing.clone(), refused.clone());
        axum::Router::new().fallback(move |uri: axum::http::Uri| {
            let (site, failing, refused) = (site.clone(), failing.clone(), refused.clone());
            async move {
                if failing.load(Ordering::SeqCst) && uri.path().ends_with("/split_scope.wasm") {
                    refused.fetch_add(1, Ordering::SeqCst);
                    return axum::response::IntoResponse::into_response((axum::http::StatusCode::SERVICE_UNAVAILABLE, "unavailable"));
                }
                serve(axum::extract::State(site), uri).await
            }
        })
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let b = Browser::start().await;
    let wasm_fetched = "return performance.getEntriesByType('resource').map(e => e.name.split('/').pop()).filter(n => n.endsWith('.wasm'))";
    b.goto(&format!("{origin}/")).await;
    b.wait_for("[data-testid=connect-form] [data-testid=base-url]").await;
    assert_eq!(b.exec(wasm_fetched).await, json!(["runnerdeck_bg.wasm"]), "opening the console should fetch the main module alone");
    // A deep link opened signed out asks to connect first, without fetching the page it cannot show.
    b.goto(&format!("{origin}/orgs/acme-platform/runners")).await;
    b.wait_for("[data-testid=connect-first] [data-testid=connect-form] [data-testid=base-url]").await;
    assert_eq!(b.exec(wasm_fetched).await, json!(["runnerdeck_bg.wasm"]), "a deep link opened signed out should fetch the main module alone");

    // Connecting there opens the runners, whose chunk the host now fails to serve.
    b.type_into("[data-testid=base-url]", &sandbox.api).await;
    b.type_into("[data-testid=token]", common::ADMIN).await;
    b.click("[data-testid=connect]").await;
    let alert = "return [...document.querySelectorAll('[role=alert]')].map(e => e.textContent).find(t => t.includes(\"This page's code could not be loaded\")) || null";
    let said = b.until("the message that the page's code could not be loaded", async |b| b.exec(alert).await.as_str().map(str::to_string)).await;
    assert!(said.contains("Try again"), "the message should offer to try again: {said}");
    assert!(refused.load(Ordering::SeqCst) >= 1, "the chunk was never asked for");
    assert_eq!(b.count("[data-testid=runner-row]").await, 0);

    failing.store(false, Ordering::SeqCst);
    let retry = "const b = [...document.querySelectorAll('[role=alert] button')].find(b => b.textContent.trim() === 'Try again'); if (b) b.click(); return !!b";
    assert_eq!(b.exec(retry).await, json!(true), "no button named Try again");
    b.wait_for("[data-testid=runner-row]").await;
    let now = b.exec(wasm_fetched).await;
    assert!(now.as_array().is_some_and(|names| names.iter().any(|n| n == "split_scope.wasm")), "the runners page showed without its chunk? fetched {now}");
}
