//! The walk's stops on the enterprise fleet (`/enterprises/acme/fleet`): after a scan with the
//! repositories included, with the Offline facet pressed, the bulk delete dialog across scopes, and
//! at 390 px, where the table becomes cards.
use serde_json::{json, Value};

use super::walk::{Mode, Walk, DESKTOP, PHONE};
use super::*;
use crate::common;
use crate::csp::browser::Browser;

/// The demo's fleet (scripts/demo.sh): six more organizations of ten repositories with a runner
/// each, on top of the default seed, so every level has runners and some of each are offline.
const FLEET_SEED: &str = r#"{"orgs":6,"repos_per_org":10,"repo_runners":1}"#;

/// The window's height for `fleet.png` (the viewport is the window less the browser's frame).
const FLEET_SHOT_HEIGHT: i64 = 1500;

async fn value_of(b: &Browser, css: &str) -> String {
    let v = b.exec(&format!("const e = document.querySelector('{css}'); return e ? (e.value ?? e.textContent) : ''")).await;
    v.as_str().unwrap_or_default().to_string()
}

/// How many fleet rows the table has in the DOM, and how many of them are offline.
async fn rows(b: &Browser) -> (usize, usize) {
    let v = b.exec("const rows = [...document.querySelectorAll('[data-testid=fleet-row]')]; return [rows.length, rows.filter(r => r.dataset.status === 'offline').length];").await;
    let n = |i: usize| v[i].as_u64().unwrap_or(0) as usize;
    (n(0), n(1))
}

/// At 390 px every fleet row is a card (a grid, not a table row) inside the window.
async fn assert_cards(b: &Browser) {
    let v: Value = b
        .exec(
            "const rows = [...document.querySelectorAll('[data-testid=fleet-row]')];\
            return { rows: rows.length, cards: rows.filter(r => getComputedStyle(r).display === 'grid').length,\
              right: Math.max(0, ...rows.map(r => r.getBoundingClientRect().right)), width: document.documentElement.clientWidth };",
        )
        .await;
    let (rows, cards) = (v["rows"].as_u64().unwrap_or(0), v["cards"].as_u64().unwrap_or(0));
    assert!(rows > 0 && cards == rows, "at 390 px every fleet row is a card: {v}");
    assert!(v["right"].as_f64().unwrap_or(f64::MAX) <= v["width"].as_f64().unwrap_or(0.0) + 0.5, "the fleet's cards end inside the window: {v}");
}

/// The README's fleet shot, light: the scan's cost line, the facets, the breakdown and the table's
/// first rows need a taller window than the other shots' 900 px.
async fn fleet_shot(w: &mut Walk) {
    set_window(&w.b, DESKTOP.0, FLEET_SHOT_HEIGHT).await;
    w.b.until("the taller viewport", async |b| (b.exec("return window.innerHeight").await.as_i64().unwrap_or(0) > DESKTOP.1).then_some(())).await;
    w.shot("fleet.png").await;
    set_window(&w.b, DESKTOP.0, DESKTOP.1).await;
    w.b.until("the usual viewport", async |b| (b.exec("return window.innerHeight").await.as_i64().unwrap_or(i64::MAX) < DESKTOP.1).then_some(())).await;
}

/// The fleet's four states, each in both colour schemes (or at 390 px in the narrow walk).
pub async fn fleet_stops(w: &mut Walk, sandbox: &common::Harness) {
    let (status, answer) = sandbox.admin_raw("POST", "/reset", Some(FLEET_SEED)).await;
    assert_eq!(status, 200, "POST /_sandbox/reset {FLEET_SEED}: {answer}");
    // Through the enterprise's Fleet tab, as people arrive: the console knows the server by then.
    w.visit("/enterprises/acme/runners").await;
    w.b.wait_for("[data-testid=runner-row]").await;
    w.b.wait_for("[data-testid=server-kind]").await;
    w.b.click("[data-testid=tab-fleet]").await;
    w.b.until("the organizations found by themselves", async |b| value_of(b, "[data-testid=fleet-orgs]").await.contains("acme-org-06").then_some(())).await;
    w.b.click("[data-testid=fleet-include-repos]").await;
    w.b.until("the estimate with the repositories", async |b| value_of(b, "[data-testid=fleet-estimate]").await.contains("repositories:").then_some(())).await;
    w.b.click("[data-testid=fleet-scan]").await;
    w.b.until("the scan's cost", async |b| value_of(b, "[data-testid=fleet-cost]").await.contains("requests").then_some(())).await;
    w.b.wait_for("[data-testid=fleet-row]").await;
    // The facets count every runner, not only the rows the virtual table has in the DOM.
    let levels = w.b.count("[data-testid=facet-scope]").await;
    assert_eq!(levels, 3, "the scan found runners at the enterprise, its organizations and their repositories");
    w.check("enterprise fleet, after a scan with repositories (/enterprises/acme/fleet)", &[]).await;
    if w.mode == Mode::Axe {
        fleet_shot(w).await;
    }

    // The table becomes cards on a phone; axe checks that layout in both schemes too.
    set_window(&w.b, PHONE.0, PHONE.1).await;
    assert_cards(&w.b).await;
    w.check("enterprise fleet at 390 px, the table as cards", &[]).await;
    set_window(&w.b, DESKTOP.0, DESKTOP.1).await;
    eprintln!("390px: the fleet's rows are cards inside the window");

    w.b.click("[data-testid=fleet-offline]").await;
    w.b.until("only offline runners, the Offline facet pressed", async |b| {
        let (all, offline) = rows(b).await;
        let pressed = b.exec("const f = document.querySelector('[data-testid=facet-status][data-value=offline]'); return !!f && f.getAttribute('aria-pressed') === 'true'").await;
        (all > 0 && offline == all && pressed == json!(true)).then_some(())
    })
    .await;
    w.check("enterprise fleet, offline runners across the enterprise (the Offline facet pressed)", &[]).await;

    w.b.click("[data-testid=fleet-select-all]").await;
    w.b.wait_for("[data-testid=bulk-bar]").await;
    w.open_dialog("[data-testid=bulk-delete]").await;
    let scopes = w.b.count("[data-testid=dialog] [data-testid=dialog-scope]").await;
    assert!(scopes >= 3, "the bulk delete dialog groups its targets by scope, across several: {scopes} headings");
    w.check("enterprise fleet, bulk delete confirm dialog grouped by scope", &[]).await;
    w.close_dialog().await;
}
