//! The console as people with other eyes and smaller screens meet it: walks every page of the
//! release build (dist/) in headless Chromium against a sandbox, runs axe-core on each in the light
//! and the dark colour scheme (confirm dialogs open included), and checks that no page scrolls
//! sideways at 390 px. With `RUNNERDECK_SCREENSHOTS=docs/screenshots` it also rewrites the README's
//! screenshots (docs/screenshots/README.md).
//!
//! Needs a fresh `source scripts/env.sh && trunk build --release --offline`, axe-core from
//! `bash scripts/setup.sh` (in `$RUNNERDECK_TOOLS`), chromedriver (`CHROMEDRIVER`) and Chromium (`CHROMIUM`).
mod common;

use std::time::Duration;

use reqwest::Method;
use serde_json::json;

pub const BUILD_HINT: &str = "run `source scripts/env.sh && trunk build --release --offline` first";
pub const WAIT: Duration = Duration::from_secs(20);
pub const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

// The CSP walk's host and browser; this walk does not listen for CSP violations.
#[allow(dead_code)]
mod csp;

mod a11y;
use a11y::fleet::fleet_stops;
use a11y::report::*;
use a11y::walk::*;
use a11y::*;

/// The two walks share one machine of two cores: one browser at a time.
static ONE_BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// On a phone the bulk actions are one "Actions" disclosure: closed, its buttons are out of sight and
/// out of the tab order; opened, they are there.
async fn phone_bulk_menu(w: &mut Walk) {
    set_window(&w.b, PHONE.0, PHONE.1).await;
    w.b.until("the Actions disclosure on a phone", async |b| visible(b, "[data-testid=bulk-menu]").await.then_some(())).await;
    assert!(!visible(&w.b, "[data-testid=bulk-delete]").await, "on a phone the bulk buttons wait behind Actions");
    w.b.click("[data-testid=bulk-menu]").await;
    w.b.until("the bulk buttons after opening Actions", async |b| visible(b, "[data-testid=bulk-delete]").await.then_some(())).await;
    w.b.click("[data-testid=bulk-menu]").await;
    set_window(&w.b, DESKTOP.0, DESKTOP.1).await;
    w.b.until("every bulk button again on a wide screen", async |b| (visible(b, "[data-testid=bulk-delete]").await && !visible(b, "[data-testid=bulk-menu]").await).then_some(())).await;
    eprintln!("390px: the bulk actions fold into one Actions disclosure, and open from it");
}

/// From the top of a filtered runners list, Tab alone reaches the skip link first and then every
/// kind of action (a filter chip's remove button, Clear filters, a bulk action, a runner link, a
/// label chip that filters), and each shows a focus ring of at least 2 px.
async fn keyboard_path(w: &mut Walk) {
    w.visit("/orgs/acme-platform/runners?os=Linux&label=self-hosted").await;
    w.b.wait_for("[data-testid=runner-row] [data-testid=pick-label]").await;
    let wanted = ["Skip to content", "Remove filter OS: Linux", "Clear filters", "Delete selected…", "platform-runner-01", "Filter by label docker"];
    let mut reached: Vec<String> = Vec::new();
    for _ in 0..120 {
        press_tab(&w.b).await;
        let focused = w
            .b
            .exec("const e = document.activeElement; const s = getComputedStyle(e); return [e.getAttribute('aria-label') || e.textContent.trim() || e.getAttribute('placeholder') || e.tagName, s.outlineStyle, parseFloat(s.outlineWidth)]")
            .await;
        let name = focused[0].as_str().unwrap_or_default().to_string();
        let ring = focused[1].as_str() != Some("none") && focused[2].as_f64().unwrap_or(0.0) >= 2.0;
        assert!(ring, "keyboard focus on “{name}” shows no focus ring: {focused}");
        if reached.is_empty() {
            assert_eq!(name, "Skip to content", "the first Tab reaches the skip link");
        }
        reached.push(name);
        if wanted.iter().all(|w| reached.iter().any(|r| r == w)) {
            break;
        }
    }
    let missing: Vec<&&str> = wanted.iter().filter(|w| !reached.iter().any(|r| r == *w)).collect();
    assert!(missing.is_empty(), "Tab never reached {missing:?}; it went through {reached:?}");
    eprintln!("keyboard: {} Tabs reach every kind of action, each with a visible focus ring", reached.len());
}

/// Every page of the console, in the states worth checking; `check` at each stop.
async fn walk(w: &mut Walk, sandbox: &common::Harness) {
    let api = sandbox.api.as_str();
    w.visit("/").await;
    w.b.wait_for("[data-testid=connect-form] [data-testid=base-url]").await;
    if w.mode == Mode::Axe {
        w.negative_control().await;
    }
    w.check("connect page, signed out (/)", &[Shot::Light("connect.png")]).await;
    w.visit("/orgs/acme-platform/runners").await;
    w.b.wait_for("[data-testid=connect-first] [data-testid=connect-form]").await;
    w.check("deep link, signed out (/orgs/acme-platform/runners)", &[]).await;

    // Connect, remembered for the session, so address-bar visits stay signed in.
    w.visit("/").await;
    w.b.type_into("[data-testid=base-url]", api).await;
    w.b.type_into("[data-testid=token]", common::ADMIN).await;
    w.b.click("[data-testid=remember]").await;
    w.b.click("[data-testid=connect]").await;
    w.b.until("the connected panel", async |b| {
        if let Some(el) = b.find_all("[data-testid=connect-error]").await.first() {
            let text = b.cmd(Method::GET, &format!("/element/{el}/text"), None).await;
            panic!("connecting to {api} failed: {text}");
        }
        (b.count("[data-testid=connected-server]").await > 0).then_some(())
    })
    .await;
    w.check("connect page, connected (/)", &[]).await;

    w.visit("/orgs/acme-platform/runners?os=Linux&label=self-hosted").await;
    w.b.wait_for("[data-testid=runner-row]").await;
    w.check("org runners, filtered by a deep link (/orgs/acme-platform/runners?os=Linux&label=self-hosted)", &[Shot::Light("runners-filtered.png")]).await;
    if w.mode == Mode::Axe {
        keyboard_path(w).await;
    }

    w.visit("/orgs/acme-platform/runners").await;
    w.b.wait_for("[data-testid=runner-row]").await;
    w.check("org runners (/orgs/acme-platform/runners)", &[Shot::Light("runners-org.png"), Shot::Dark("dark.png"), Shot::Narrow("runners-390.png")]).await;
    w.b.click("[data-testid=versions-toggle]").await;
    w.b.wait_for("[data-testid=versions-table] [data-testid=version-older]").await;
    w.check("org runners, the versions panel open", &[]).await;
    w.b.click("[data-testid=versions-toggle]").await;
    for n in 1..=2 {
        w.b.click(&format!("[data-testid=runner-row]:nth-child({n} of [data-testid=runner-row]) [data-testid=select-row]")).await;
        w.b.until(&format!("{n} runners selected"), async |b| {
            (b.exec("return document.querySelector('[data-testid=selected-count]').textContent").await == json!(format!("{n} selected"))).then_some(())
        })
        .await;
    }
    w.b.wait_for("[data-testid=bulk-bar]").await;
    w.check("org runners, two selected (bulk bar)", &[]).await;
    if w.mode == Mode::Narrow {
        phone_bulk_menu(w).await;
    }
    w.check_dialog("[data-testid=bulk-delete]", "org runners, bulk delete confirm dialog", &[Shot::Light("bulk-confirm.png")]).await;

    w.b.click("[data-testid=runner-row] [data-testid=runner-name]").await;
    w.b.wait_for("[data-testid=runner-page] [data-testid=runner-facts]").await;
    w.b.wait_for("[data-testid=label-editor]").await;
    w.b.wait_for("[data-testid=runner-history] [data-testid=history-status]").await;
    let runner = w.b.exec("return location.pathname").await.as_str().unwrap_or_default().to_string();
    w.check(&format!("runner page ({runner})"), &[Shot::Light("runner.png")]).await;
    w.check_dialog("[data-testid=delete-runner]", &format!("runner page, delete confirm dialog ({runner})"), &[]).await;

    w.visit("/orgs/acme-platform/runner-events").await;
    w.b.wait_for("[data-testid=event-row]").await;
    w.check("runner events (/orgs/acme-platform/runner-events)", &[]).await;

    w.visit("/orgs/acme-platform/runner-groups").await;
    w.b.wait_for("[data-testid=group-row]").await;
    w.check("org runner groups (/orgs/acme-platform/runner-groups)", &[Shot::Light("groups-org.png")]).await;
    w.b.click("[data-testid=group-row][data-group=build] [data-testid=group-name]").await;
    w.b.wait_for("[data-testid=group-page] [data-testid=group-facts]").await;
    let group = w.b.exec("return location.pathname").await.as_str().unwrap_or_default().to_string();
    w.check(&format!("group page, an org group ({group})"), &[Shot::Light("group-org.png")]).await;
    w.b.click("[data-testid=group-edit]").await;
    w.b.wait_for("[data-testid=group-edit-form]").await;
    w.check(&format!("group page, editing ({group})"), &[]).await;
    w.visit("/orgs/acme-platform/runner-groups").await;
    w.b.click("[data-testid=group-row][data-group=shared-linux] [data-testid=group-name]").await;
    w.b.wait_for("[data-testid=inherited-note]").await;
    let group = w.b.exec("return location.pathname").await.as_str().unwrap_or_default().to_string();
    w.check(&format!("group page, inherited from the enterprise ({group})"), &[]).await;

    w.visit("/orgs/acme-platform/runner-groups/new").await;
    w.b.wait_for("[data-testid=group-new] [data-testid=group-name-input]").await;
    w.check("new group form (/orgs/acme-platform/runner-groups/new)", &[]).await;

    w.visit("/orgs/acme-platform/runners/new").await;
    w.b.wait_for("[data-testid=add-runner]").await;
    w.check("add runner (/orgs/acme-platform/runners/new)", &[]).await;
    w.b.click("[data-testid=create-registration-token]").await;
    w.b.wait_for("[data-testid=setup-script] [data-testid=command]").await;
    w.b.wait_for("[data-testid=setup-script] [data-testid=countdown]").await;
    w.check("add runner, with its setup script (/orgs/acme-platform/runners/new)", &[Shot::Light("add-runner.png")]).await;

    // The org's policy with its list of selected repositories, and the confirm dialog of a change to none.
    let policy = "/orgs/acme-platform/actions/permissions/self-hosted-runners";
    assert_eq!(sandbox.send("PUT", policy, json!({ "enabled_repositories": "selected" })).await.status, 204);
    let api_repo = sandbox.get("/repos/acme-platform/api").await.json["id"].clone();
    assert_eq!(sandbox.send("PUT", &format!("{policy}/repositories"), json!({ "selected_repository_ids": [api_repo] })).await.status, 204);
    w.visit("/orgs/acme-platform/policy").await;
    w.b.wait_for("[data-testid=policy-page] [data-testid=allowed-member]").await;
    w.check("org self-hosted runner policy, selected repositories (/orgs/acme-platform/policy)", &[]).await;
    w.b.click("[data-testid=policy-none]").await;
    w.check_dialog("[data-testid=policy-save]", "org self-hosted runner policy, confirm dialog of a change to none", &[]).await;
    w.visit("/enterprises/acme/policy").await;
    w.b.wait_for("[data-testid=policy-page] [data-testid=enterprise-disable]").await;
    w.check("enterprise self-hosted runner policy (/enterprises/acme/policy)", &[]).await;

    // A bulk delete that really runs, so the job report and the activity page have something to show.
    w.visit("/orgs/acme-platform/runners").await;
    w.b.wait_for("[data-testid=runner-row]").await;
    w.b.click("[data-testid=runner-row]:nth-child(1 of [data-testid=runner-row]) [data-testid=select-row]").await;
    w.b.click("[data-testid=bulk-delete]").await;
    w.b.wait_for("[data-testid=dialog] [data-testid=dialog-targets] li").await;
    w.b.click("[data-testid=dialog-confirm]").await;
    w.b.until("the bulk delete's report", async |b| {
        (b.count("[data-testid=job-panel] [data-testid=job-successes] li").await + b.count("[data-testid=job-panel] [data-testid=job-failures]").await > 0).then_some(())
    })
    .await;
    w.check("org runners, after a bulk delete (job report)", &[]).await;

    w.visit("/activity").await;
    w.b.wait_for("[data-testid=activity-page]").await;
    w.check("activity (/activity)", &[]).await;

    w.visit("/enterprises/acme/runners").await;
    w.b.wait_for("[data-testid=runner-row]").await;
    w.check("enterprise runners (/enterprises/acme/runners)", &[]).await;
    w.visit("/enterprises/acme/runner-groups").await;
    w.b.wait_for("[data-testid=group-row]").await;
    w.check("enterprise runner groups (/enterprises/acme/runner-groups)", &[]).await;
    w.b.click("[data-testid=group-row][data-group=gpu-fleet] [data-testid=group-name]").await;
    w.b.wait_for("[data-testid=group-page] [data-testid=group-facts]").await;
    let group = w.b.exec("return location.pathname").await.as_str().unwrap_or_default().to_string();
    w.check(&format!("group page, an enterprise group ({group})"), &[]).await;

    w.visit("/repos/acme-platform/api/runners").await;
    w.b.wait_for("[data-testid=runner-row]").await;
    w.check("repo runners (/repos/acme-platform/api/runners)", &[]).await;
    w.visit("/repos/acme-platform/api/runners/new").await;
    w.b.wait_for("[data-testid=add-runner]").await;
    w.check("repo add runner (/repos/acme-platform/api/runners/new)", &[]).await;

    w.visit("/orgs/bad~name/runners").await;
    w.b.wait_for("[data-testid=bad-scope]").await;
    w.check("bad scope (/orgs/bad~name/runners)", &[]).await;
    w.visit("/no/such/page").await;
    w.b.wait_for("[data-testid=not-found]").await;
    w.check("not found (/no/such/page)", &[]).await;

    // Last, as it reseeds the sandbox with a bigger fleet.
    fleet_stops(w, sandbox).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_nothing_serious_on_any_page_in_either_colour_scheme() {
    let _one = ONE_BROWSER.lock().await;
    let (mut w, sandbox) = Walk::start(Mode::Axe).await;
    walk(&mut w, &sandbox).await;
    let Walk { b, axe_views, .. } = w;
    drop(b);

    // The dark scheme really is another look: every page's background changed with it.
    for pair in axe_views.chunks(2) {
        let [light, dark] = pair else { unreachable!("views come in light/dark pairs") };
        assert_ne!(light.background, dark.background, "{}: the background did not change with prefers-color-scheme", light.page);
    }

    let serious = report_axe(&axe_views);
    // Issue 12's assertion: any serious or critical violation fails, listed above with its nodes.
    assert_eq!(serious, 0, "axe-core found {serious} serious or critical violations (listed above, per page and theme)");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_page_scrolls_sideways_at_390_px() {
    let _one = ONE_BROWSER.lock().await;
    let (mut w, sandbox) = Walk::start(Mode::Narrow).await;
    walk(&mut w, &sandbox).await;
    let Walk { b, widths, .. } = w;
    drop(b);

    let wide = report_widths(&widths);
    assert_eq!(wide, 0, "{wide} of {} pages are wider than a 390 px window (listed above)", widths.len());
}

#[test]
fn base64_decodes_what_webdriver_sends() {
    assert_eq!(base64_decode("iVBORw0KGgo=").as_deref(), Some(&b"\x89PNG\r\n\x1a\n"[..]));
    assert_eq!(base64_decode("YWI").as_deref(), Some(&b"ab"[..]));
    assert_eq!(base64_decode("a?"), None);
}
