//! Benchmark (run by bench/load-runners.sh, not by the tests): load every runner of a 10,000-runner
//! org through the real client in headless Chromium, at concurrency 1, 4 and 8, and print the figures.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This benchmark runs in the browser: bash bench/load-runners.sh");
}

#[cfg(target_arch = "wasm32")]
mod bench {
    use runnerdeck::github::request::Scope;
    use runnerdeck::github::{ApiBase, Client, Token};
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    const API: Option<&str> = option_env!("RUNNERDECK_SANDBOX_URL");

    async fn served(api: &str) -> u64 {
        let url = format!("{}/_sandbox/counters", api.trim_end_matches("/api/v3"));
        let v: serde_json::Value = gloo_net::http::Request::get(&url).send().await.unwrap().json().await.unwrap();
        v["total"].as_u64().unwrap()
    }

    #[wasm_bindgen_test]
    async fn load_ten_thousand_runners() {
        let api = API.expect("bench/load-runners.sh sets RUNNERDECK_SANDBOX_URL");
        let scope = Scope::Org { org: "acme-platform".into() };
        let perf = web_sys::window().unwrap().performance().unwrap();
        let mut lines = vec![format!("{:<12} {:>10} {:>9} {:>9}", "concurrency", "wall (ms)", "requests", "runners")];
        for concurrency in [1usize, 4, 8] {
            let client = Client::with_options(ApiBase::parse(api).unwrap(), Token::new("sandbox-admin"), false, Some(concurrency));
            let before = served(api).await;
            let start = perf.now();
            let loaded = client.all_runners(&scope, None, &|_, _| {}).await.unwrap();
            let wall = perf.now() - start;
            let requests = served(api).await - before;
            assert!(loaded.items.len() >= 10_000);
            lines.push(format!("{concurrency:<12} {wall:>10.0} {requests:>9} {:>9}", loaded.items.len()));
        }
        web_sys::console::log_1(&format!("RESULTS\n{}", lines.join("\n")).into());
    }
}
