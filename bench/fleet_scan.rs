//! Benchmark (run by bench/fleet-scan.sh, not by the tests): an enterprise fleet of 20,000 runners
//! scanned through `data::fleet_scan` at concurrency 8 and 1, rescanned with ETags, then painted and
//! filtered through the real fleet page in headless Chromium; prints the figures.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This benchmark runs in the browser: bash bench/fleet-scan.sh");
}

// The browser tests' helpers, so the page is mounted and driven exactly as tests/fleet.rs does.
#[cfg(target_arch = "wasm32")]
#[path = "../tests/common/mod.rs"]
mod common;

#[cfg(target_arch = "wasm32")]
mod bench {
    use std::rc::Rc;

    use runnerdeck::data::fleet_scan::{list_repos, scan, Plan, Scanned};
    use runnerdeck::enterprise_fleet::{FleetFilter, FleetRunner};
    use runnerdeck::fleet::Filter;
    use runnerdeck::github::server::GHES_CONCURRENCY;
    use runnerdeck::github::{ApiBase, Client, Token};
    use serde_json::{json, Value};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_test::*;

    use crate::common::*;

    wasm_bindgen_test_configure!(run_in_browser);

    /// What bench/fleet-scan.sh seeds; checked against the sandbox's own count.
    const RUNNERS: usize = 20_000;
    /// The fleet page's CONCURRENCY (src/pages/fleet/scan_panel.rs).
    const PAGE_CONCURRENCY: usize = 8;
    const TOKEN: &str = "sandbox-admin";
    /// One keystroke each, as a user refines, retypes or clears a search; each must change what is
    /// shown, or its keystroke would have nothing to render and nothing to time.
    const SEARCHES: [&str; 10] = ["runner-1", "svc-07", "svc-07-01", "svc-07-012", "pool-2", "gpu", "acme-org-2", "ent-fleet", "no-such-runner", ""];

    /// What the sandbox answered since its counters were last zeroed.
    struct Served {
        total: u64,
        not_modified: u64,
        preflight: u64,
        secondary_limited: u64,
    }

    async fn served(api: &str) -> Served {
        let c = counters(api).await;
        let n = |k: &str| c[k].as_u64().unwrap_or(0);
        Served { total: n("total"), not_modified: n("not_modified"), preflight: n("preflight"), secondary_limited: n("secondary_limited") }
    }

    fn share(part: u64, whole: u64) -> f64 {
        100.0 * part as f64 / whole.max(1) as f64
    }

    /// The page's plan: the organizations its discovery finds and every repository of theirs.
    async fn page_plan(api: &str) -> Plan {
        let client = client_for(api, TOKEN);
        // As after connecting: the server is known, so discovery asks GET /organizations as on GHES.
        client.whoami().await.expect("whoami");
        let orgs = client.enterprise_org_logins("acme").await.expect("the organizations").orgs;
        let (repos, failures) = list_repos(&client, &orgs, PAGE_CONCURRENCY, &|_, _| {}).await.expect("the repositories");
        assert!(failures.is_empty(), "{failures:?}");
        Plan { enterprise: "acme".into(), orgs, repos, concurrency: PAGE_CONCURRENCY }
    }

    /// One scan, with what the sandbox counted for it beside what the client counted.
    async fn measured_scan(api: &str, client: &Client, plan: &Plan) -> (Scanned, Served) {
        zero_counters(api).await;
        let scanned = scan(client, plan, Rc::new(|_, _, _| {})).await.expect("the scan");
        assert!(scanned.failures.is_empty(), "{:?}", scanned.failures);
        assert_eq!(scanned.runners.len(), RUNNERS, "every runner is read");
        (scanned, served(api).await)
    }

    fn scan_line(what: &str, concurrency: usize, s: &Scanned, by: &Served) -> String {
        let free = format!("{} ({:.1}%)", s.not_modified, share(s.not_modified.into(), s.requests.into()));
        format!("{what:<21} {concurrency:>11} {:>10.0} {:>9} {:>9} {:>11} {free:>14}", s.wall_ms, s.requests, by.total, by.preflight)
    }

    /// When the page's scan had its last answer (responseEnd, on performance.now()'s clock): the scan
    /// stores its result as soon as that answer is decoded. Also how many scan requests there were.
    fn last_scan_answer() -> (f64, usize) {
        let number = |e: &JsValue, k: &str| js_sys::Reflect::get(e, &k.into()).ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
        let scan_requests: Vec<JsValue> = perf()
            .get_entries_by_type("resource")
            .iter()
            .filter(|e| js_sys::Reflect::get(e, &"name".into()).ok().and_then(|v| v.as_string()).is_some_and(|u| u.contains("/actions/runners") || u.contains("/actions/runner-groups")))
            .collect();
        (scan_requests.iter().map(|e| number(e, "responseEnd")).fold(0.0, f64::max), scan_requests.len())
    }

    fn orgs_listed() -> String {
        find("fleet-orgs").and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok()).map(|t| t.value()).unwrap_or_default()
    }

    /// The count says `expected` and every row a person can see has the search in it.
    fn reflects(expected: usize, search: &str) -> bool {
        let rows = table_rows("fleet-row");
        let search = search.to_lowercase();
        text("fleet-count-shown") == format!("{expected} shown") && (expected == 0) == rows.is_empty() && rows.iter().all(|r| r.text_content().unwrap_or_default().to_lowercase().contains(&search))
    }

    /// The fleet page: mounted, connected, repositories included, scanned; the table's first paint,
    /// then one keystroke at a time in the search box.
    async fn page(api: &str, runners: &[FleetRunner]) -> Vec<String> {
        // The same fleet (the seed is deterministic), with fresh rate-limit windows for the page.
        control(api, "POST", "/reset", None).await;
        perf().set_resource_timing_buffer_size(20_000);
        console_styles();
        let _app = app_at("/enterprises/acme/fleet", api, TOKEN).await;
        wait_until("the organizations found", || orgs_listed().contains("acme-org-30")).await;
        click("fleet-include-repos").await;
        wait_for_text("fleet-estimate", |t| t.contains("repositories:")).await;
        perf().clear_resource_timings();
        click("fleet-scan").await;
        let (painted, held) = frame_when("the fleet table", 600_000.0, || !find_all("fleet-row").is_empty()).await;
        let (stored, requests) = last_scan_answer();
        assert!(stored > 0.0 && stored < painted, "the scan's last answer at {stored} ms, the table at {painted} ms");
        assert_eq!(text("fleet-count-total"), format!("{RUNNERS} runners"));
        let in_dom = find_all("fleet-row").len();
        let mut lines = vec![
            format!("page scan (concurrency {PAGE_CONCURRENCY}): {requests} requests; {}", text("fleet-cost")),
            format!(
                "paint, {RUNNERS} rows ({in_dom} in the DOM, virtualized): {:.1} ms from the scan's last answer to the first frame with the rows ({held:.1} ms after the frame before it)",
                painted - stored
            ),
        ];

        let expected = |search: &str| {
            let filter = FleetFilter { base: Filter { text: search.into(), ..Filter::default() }, ..FleetFilter::default() };
            runners.iter().filter(|r| filter.matches(r)).count()
        };
        let mut shown = RUNNERS;
        let times = keystroke_times(&SEARCHES, &mut shown, expected, reflects).await;
        lines.push(format!("filter keystroke over {RUNNERS} rows, {} searches, {} (goal: to its paint, median <= 16, max <= 50)", times.len(), keystroke_summary(&times)));
        lines
    }

    #[wasm_bindgen_test]
    async fn scan_and_filter_a_fleet_of_twenty_thousand_runners() {
        let api = sandbox_api();
        // With a body, the reset answers the counts of the world it built: the figures are the sandbox's own.
        let seeded = control(&api, "POST", "/reset", Some(json!({}))).await;
        let faults = control(&api, "GET", "/faults", None).await;
        let limits = control(&api, "GET", "/limits", None).await;
        let server = control(&api, "GET", "/server", None).await;
        let on = |v: &Value| if *v == Value::Bool(true) { "on" } else { "off" };
        assert_eq!(seeded["runners"].as_u64(), Some(RUNNERS as u64), "{seeded}");
        let mut lines = vec![
            format!(
                "sandbox: {} organizations, {} repositories, {} runners (POST /_sandbox/reset); {} ms latency per round trip",
                seeded["orgs"], seeded["repos"], seeded["runners"], faults["latency_ms"]
            ),
            format!("limits (GET /_sandbox/server, /limits): primary {} (5,000 an hour; 304s free), secondary {}", on(&server["rate_limiting"]), on(&limits["enabled"])),
        ];

        let plan = page_plan(&api).await;
        lines.push(format!("plan: the enterprise, {} organizations, {} repositories", plan.orgs.len(), plan.repos.len()));
        lines.push(format!("{:<21} {:>11} {:>10} {:>9} {:>9} {:>11} {:>14}", "scan", "concurrency", "wall (ms)", "requests", "answered", "preflights", "304s"));
        // The page's client on a GHES: pages of one list GHES_CONCURRENCY at a time, scopes 8 at a time.
        let client = Client::with_options(ApiBase::parse(&api).unwrap(), Token::new(TOKEN), false, Some(GHES_CONCURRENCY));
        let (first, by) = measured_scan(&api, &client, &plan).await;
        lines.push(scan_line("full, fresh client", PAGE_CONCURRENCY, &first, &by));
        let mut secondary = by.secondary_limited;
        let (again, by) = measured_scan(&api, &client, &plan).await;
        lines.push(scan_line("rescan, same client", PAGE_CONCURRENCY, &again, &by));
        let rescan_check = format!("rescan, sandbox's counters: total {}, not_modified {} ({:.1}%)", by.total, by.not_modified, share(by.not_modified, by.total));
        secondary += by.secondary_limited;
        // One request at a time in all: one scope, and one page of it.
        let serial = Client::with_options(ApiBase::parse(&api).unwrap(), Token::new(TOKEN), false, Some(1));
        let (one, by) = measured_scan(&api, &serial, &Plan { concurrency: 1, ..plan.clone() }).await;
        lines.push(scan_line("full, fresh client", 1, &one, &by));
        secondary += by.secondary_limited;
        lines.push("requests: the client's count (Scanned); answered, preflights: the sandbox's (GET /_sandbox/counters)".into());
        lines.push(rescan_check);
        lines.push(format!("secondary-limit answers during the scans: {secondary}"));

        lines.extend(page(&api, &again.runners).await);
        web_sys::console::log_1(&format!("RESULTS\n{}", lines.join("\n")).into());
    }
}
