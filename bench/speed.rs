//! Benchmark (run by bench/speed.sh, not by the tests): issue 15's figures in one run, in headless
//! Chromium against sandboxes with injected latency. Loading every runner of a 10,000-runner org
//! sequentially and at the default concurrency, over HTTP/1.1 and HTTP/2, each beside the network's
//! floor; the CPU a page of 100 runners costs; connect-to-painted-table through the UI; and filter
//! keystrokes over the 10,000 rows. Every load runs against its own sandbox (its own origin), so no
//! CORS preflight is answered from the browser's cache and each costs a round trip, as a first load
//! against GitHub does.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This benchmark runs in the browser: bash bench/speed.sh");
}

// The browser tests' helpers, so the page is mounted and driven exactly as the tests do.
#[cfg(target_arch = "wasm32")]
#[path = "../tests/common/mod.rs"]
mod common;

#[cfg(target_arch = "wasm32")]
mod bench {
    use runnerdeck::fleet::Filter;
    use runnerdeck::github::models::{Runner, RunnerList};
    use runnerdeck::github::request::Scope;
    use runnerdeck::github::server::GHES_CONCURRENCY;
    use runnerdeck::github::{ApiBase, Client, Token};
    use wasm_bindgen_test::*;

    use crate::common::*;

    wasm_bindgen_test_configure!(run_in_browser);

    /// Sandboxes, comma-separated: the sequential load's, the UI's, then one for each default load
    /// (bench/speed.sh).
    const H1: Option<&str> = option_env!("SPEED_H1");
    const H2: Option<&str> = option_env!("SPEED_H2");
    const LATENCY: Option<&str> = option_env!("SPEED_LATENCY_MS");
    /// `ui`: only Connect through the UI and the keystrokes; `h2`: only the HTTP/2 loads
    /// (bench/speed.sh's `SPEED_ONLY`).
    const ONLY: Option<&str> = option_env!("SPEED_ONLY");
    const TOKEN: &str = "sandbox-admin";
    const ORG: &str = "acme-platform";
    /// Chrome's connections per host over HTTP/1.1; HTTP/2 multiplexes one.
    const H1_CONNECTIONS: usize = 6;
    /// The requests of connecting, one after another: the API root, `/user`, `/meta`.
    const CONNECT_REQUESTS: usize = 3;
    const ROUNDS: usize = 3;
    /// One keystroke each; each changes what is shown (checked), or it would have nothing to time.
    const SEARCHES: [&str; 8] = ["fleet-0", "fleet-05", "fleet-055", "fleet-0555", "platform", "runner-1", "no-such-runner", ""];

    fn latency_ms() -> f64 {
        LATENCY.and_then(|l| l.parse().ok()).unwrap_or(50.0)
    }

    /// A first load's floor: page 1, then the rest `concurrency` at a time (the waves after
    /// `before` sequential requests), each request a CORS preflight and the request: two round trips.
    fn floor_ms(before: usize, pages: u32, concurrency: usize) -> f64 {
        let waves = before + 1 + (pages.saturating_sub(1) as usize).div_ceil(concurrency.max(1));
        waves as f64 * 2.0 * latency_ms()
    }

    struct Load {
        wall: f64,
        pages: u32,
        requests: u64,
        preflights: u64,
        runners: Vec<Runner>,
        timing: Timing,
    }

    /// Where a load's time went, from the browser's resource timing of its requests (each entry a
    /// request from the moment `fetch` was called to its last byte, its preflight included; GitHub
    /// sends no `Timing-Allow-Origin`, nor does the sandbox, so finer phases are not exposed).
    #[derive(Default)]
    struct Timing {
        /// The median request's time in the browser's and the server's hands, which two round trips
        /// of injected latency bound from below.
        request_median: f64,
        /// The slowest request's.
        request_max: f64,
        /// The median time from one request's end to the start of a request that replaced it in
        /// the window (issue cost in the page: waking the task, decoding, starting the next fetch).
        refill_median: f64,
    }

    fn timing(api: &str) -> Timing {
        let entries = perf().get_entries_by_type("resource");
        let num = |e: &wasm_bindgen::JsValue, k: &str| js_sys::Reflect::get(e, &k.into()).ok().and_then(|v| v.as_f64()).unwrap_or(f64::NAN);
        let mut spans: Vec<(f64, f64)> = entries
            .iter()
            .filter(|e| js_sys::Reflect::get(e, &"name".into()).ok().and_then(|v| v.as_string()).is_some_and(|n| n.starts_with(api) && n.contains("/actions/runners")))
            .map(|e| (num(&e, "startTime"), num(&e, "startTime") + num(&e, "duration")))
            .collect();
        perf().clear_resource_timings();
        if spans.is_empty() {
            return Timing::default();
        }
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut durations: Vec<f64> = spans.iter().map(|(s, e)| e - s).collect();
        // Each request after the first window starts when one in flight ends: the gap to the
        // nearest earlier end.
        let mut refills: Vec<f64> = spans.iter().skip(1).filter_map(|(start, _)| spans.iter().map(|(_, end)| start - end).filter(|g| *g >= 0.0).reduce(f64::min)).collect();
        durations.sort_by(f64::total_cmp);
        refills.sort_by(f64::total_cmp);
        Timing { request_max: durations.last().copied().unwrap_or(f64::NAN), request_median: median(&durations), refill_median: median(&refills) }
    }

    async fn load(api: &str, concurrency: usize) -> Load {
        let client = Client::with_options(ApiBase::parse(api).unwrap(), Token::new(TOKEN), false, Some(concurrency));
        zero_counters(api).await;
        perf().set_resource_timing_buffer_size(2000);
        perf().clear_resource_timings();
        let start = perf().now();
        let loaded = client.all_runners(&Scope::Org { org: ORG.into() }, None, &|_, _| {}).await.expect("the runners");
        let wall = perf().now() - start;
        let c = counters(api).await;
        let n = |k: &str| c[k].as_u64().unwrap_or(0);
        Load { wall, pages: loaded.pages, requests: n("total"), preflights: n("preflight"), runners: loaded.items, timing: timing(api) }
    }

    fn line(transport: &str, concurrency: usize, l: &Load, floor: f64) -> String {
        format!("{transport:<9} {concurrency:>11} {:>9.0} {floor:>10.0} {:>7.2} {:>9} {:>11} {:>8}", l.wall, l.wall / floor, l.requests, l.preflights, l.runners.len())
    }

    /// Sequential and default loads on one transport; the rows of the table and the speed-up. The
    /// default load runs once on each of `sandboxes[2..]`, and the median one is the figure.
    async fn transport(name: &str, sandboxes: &[&str], connections: usize, out: &mut Vec<String>) -> Option<Vec<Runner>> {
        let sequential = sandboxes.first()?;
        let defaults = sandboxes.get(2..).filter(|d| !d.is_empty())?;
        let one = load(sequential, 1).await;
        let mut many = Vec::new();
        for api in defaults {
            many.push(load(api, GHES_CONCURRENCY).await);
        }
        many.sort_by(|a, b| a.wall.total_cmp(&b.wall));
        let walls: Vec<String> = many.iter().map(|l| format!("{:.0}", l.wall)).collect();
        let median = many.swap_remove(many.len() / 2);
        let floor = floor_ms(0, median.pages, GHES_CONCURRENCY.min(connections));
        out.push(line(name, 1, &one, floor_ms(0, one.pages, 1)));
        out.push(line(name, GHES_CONCURRENCY, &median, floor));
        out.push(format!("{name}: the default concurrency is {:.1}x faster than sequential; its {} loads took {} ms", one.wall / median.wall, walls.len(), walls.join(", ")));
        for (c, l) in [(1, &one), (GHES_CONCURRENCY, &median)] {
            let t = &l.timing;
            out.push(format!(
                "{name} at {c}: a request takes {:.1} ms in the median (max {:.1}; its two round trips are {:.0}), and the next starts {:.1} ms after one ends",
                t.request_median,
                t.request_max,
                2.0 * latency_ms(),
                t.refill_median
            ));
        }
        Some(median.runners)
    }

    /// Decoding and merging one page of 100 runners, as `fetch_all` does, timed over many pages.
    async fn cpu_per_page(api: &str) -> String {
        let url = format!("{api}/orgs/{ORG}/actions/runners?per_page=100&page=2");
        let body = gloo_net::http::Request::get(&url).header("Authorization", &format!("Bearer {TOKEN}")).send().await.unwrap().text().await.unwrap();
        const PAGES: usize = 200;
        let start = perf().now();
        let mut seen = std::collections::HashSet::new();
        let mut merged = Vec::new();
        for _ in 0..PAGES {
            let page: RunnerList = serde_json::from_str(&body).expect("a page of runners");
            for r in page.runners {
                if seen.insert(r.id) {
                    merged.push(r);
                }
            }
            seen.clear();
            merged.clear();
        }
        let each = (perf().now() - start) / PAGES as f64;
        format!("CPU per page of 100 runners ({} bytes of JSON), decoded and merged: {each:.2} ms, {:.1}% of one {:.0} ms round trip", body.len(), 100.0 * each / latency_ms(), latency_ms())
    }

    /// What a keystroke costs before any view work: the filter over every runner, with the search
    /// texts made once per load as the page makes them.
    fn filter_cpu(runners: &[Runner]) -> String {
        let hay: Vec<String> = runners.iter().map(runnerdeck::fleet::search_text).collect();
        const ROUNDS: usize = 20;
        let start = perf().now();
        let mut kept = 0;
        for i in 0..ROUNDS {
            let filter = Filter { text: SEARCHES[i % SEARCHES.len()].into(), ..Filter::default() };
            let matches = filter.matcher();
            kept += (0..runners.len()).filter(|&j| matches(&runners[j], &hay[j])).count();
        }
        let each = (perf().now() - start) / ROUNDS as f64;
        format!("CPU of one filter over {} runners (prepared search texts): {each:.2} ms ({kept} kept in {ROUNDS} filters)", runners.len())
    }

    /// The count says `expected` and every row a person can see has the search in its name.
    fn reflects(expected: usize, search: &str) -> bool {
        let names = row_names();
        text("count-shown") == format!("{expected} shown") && (expected == 0) == names.is_empty() && names.iter().all(|n| n.to_lowercase().contains(search))
    }

    /// The runners page through the UI: connect, first rows, whole table, then keystrokes.
    async fn ui(api: &str, connections: usize, runners: &[Runner], out: &mut Vec<String>) {
        console_styles();
        let root = fresh_root();
        web_sys::window().unwrap().history().unwrap().replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("/orgs/{ORG}/runners"))).unwrap();
        let _app = mount_app(root);
        type_into("base-url", api).await;
        type_into("token", TOKEN).await;
        let start = perf().now();
        click("connect").await;
        let (first, _) = frame_when("the first rows", 120_000.0, || !rows().is_empty()).await;
        let total = format!("{} runners", runners.len());
        let (whole, held) = frame_when("the whole table", 120_000.0, || text("count-total") == total && !rows().is_empty()).await;
        let pages = runners.len().div_ceil(100) as u32;
        let floor = floor_ms(CONNECT_REQUESTS, pages, GHES_CONCURRENCY.min(connections));
        out.push(format!(
            "UI ({}), {} runners: Connect to the first rows {:.0} ms (floor {:.0}); to the whole table {:.0} ms (floor {floor:.0}, {:.2}x); the frame before the table was held {held:.0} ms",
            if connections == H1_CONNECTIONS { "HTTP/1.1" } else { "HTTP/2" },
            runners.len(),
            first - start,
            floor_ms(CONNECT_REQUESTS, 1, 1),
            whole - start,
            (whole - start) / floor
        ));

        // Three rounds: the first also pays for the browser compiling the row code's wasm hot.
        let mut shown = runners.len();
        let mut all = Vec::new();
        for round in 1..=ROUNDS {
            let expected = |search: &str| {
                let filter = Filter { text: search.into(), ..Filter::default() };
                runners.iter().filter(|r| filter.matches(r)).count()
            };
            let times = keystroke_times(&SEARCHES, &mut shown, expected, reflects).await;
            out.push(format!("  round {round}: {}", keystroke_summary(&times)));
            all.extend_from_slice(&times);
        }
        out.push(format!("filter keystroke over {} rows, {} keystrokes, {} (goal: to its paint, median <= 16, max <= 50)", runners.len(), all.len(), keystroke_summary(&all)));
    }

    #[wasm_bindgen_test]
    async fn loads_against_the_floor_the_ui_and_keystrokes() {
        let h1: Vec<&str> = H1.expect("bench/speed.sh sets SPEED_H1").split(',').collect();
        let h2: Vec<&str> = H2.unwrap_or_default().split(',').filter(|s| !s.is_empty()).collect();
        let mut out = vec![
            format!("{:.0} ms of latency per round trip; a request is a CORS preflight and the request; floor = (before + 1 + ceil((pages - 1) / concurrency)) x 2 round trips, with at most {H1_CONNECTIONS} connections on HTTP/1.1", latency_ms()),
            format!("{:<9} {:>11} {:>9} {:>10} {:>7} {:>9} {:>11} {:>8}", "transport", "concurrency", "wall ms", "floor ms", "xfloor", "requests", "preflights", "runners"),
        ];
        if ONLY == Some("h2") {
            out.push("SPEED_ONLY=h2: the HTTP/2 loads alone".into());
            transport("HTTP/2", &h2, usize::MAX, &mut out).await.expect("HTTP/2 sandboxes");
            web_sys::console::log_1(&format!("RESULTS\n{}\n", out.join("\n")).into());
            return;
        }
        if ONLY == Some("ui") {
            // The UI and the keystrokes alone; one load, untimed, says what each search should show.
            out.truncate(1);
            out.push("SPEED_ONLY=ui: the timed loads are skipped".into());
            let runners = load(h1[2], GHES_CONCURRENCY).await.runners;
            let (ui_api, connections) = if h2.len() > 1 { (h2[1], usize::MAX) } else { (h1[1], H1_CONNECTIONS) };
            ui(ui_api, connections, &runners, &mut out).await;
            web_sys::console::log_1(&format!("RESULTS\n{}\n", out.join("\n")).into());
            return;
        }
        let runners = transport("HTTP/1.1", &h1, H1_CONNECTIONS, &mut out).await.expect("three HTTP/1.1 sandboxes");
        let (ui_api, connections) = match transport("HTTP/2", &h2, usize::MAX, &mut out).await {
            Some(_) => (h2.get(1).copied(), usize::MAX),
            None => {
                out.push("HTTP/2: no sandbox given (SPEED_H2)".into());
                (h1.get(1).copied(), H1_CONNECTIONS)
            }
        };
        out.push(cpu_per_page(h1[0]).await);
        out.push(filter_cpu(&runners));
        ui(ui_api.expect("a third sandbox for the UI"), connections, &runners, &mut out).await;
        web_sys::console::log_1(&format!("RESULTS\n{}\n", out.join("\n")).into());
    }
}
