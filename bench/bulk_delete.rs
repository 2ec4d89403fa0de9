//! Benchmark (run by bench/bulk-delete.sh, not by the tests): a bulk delete of N runners through the
//! real write queue against a sandbox with GitHub's real secondary limits, at a given pace; prints
//! how long it took, how many limit answers it met, and what the sandbox counted.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This benchmark runs in the browser: bash bench/bulk-delete.sh");
}

#[cfg(target_arch = "wasm32")]
mod bench {
    use leptos::prelude::*;
    use runnerdeck::data::{Activity, Jobs, Pace, Write, WriteOp};
    use runnerdeck::github::{ApiBase, Client, Scope, Token};
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    const API: Option<&str> = option_env!("RUNNERDECK_SANDBOX_URL");
    const COUNT: Option<&str> = option_env!("BULK_COUNT");
    const PACE: Option<&str> = option_env!("BULK_PACE");

    async fn counters(api: &str) -> serde_json::Value {
        let url = format!("{}/_sandbox/counters", api.trim_end_matches("/api/v3"));
        gloo_net::http::Request::get(&url).send().await.unwrap().json().await.unwrap()
    }

    #[wasm_bindgen_test]
    async fn bulk_delete() {
        let api = API.expect("bench/bulk-delete.sh sets RUNNERDECK_SANDBOX_URL");
        let count: usize = COUNT.and_then(|c| c.parse().ok()).unwrap_or(1000);
        let pace = match PACE.unwrap_or("guided") {
            "guided" => Pace::GUIDED,
            n => Pace::fast(n.parse().unwrap_or(Pace::FASTEST_IN_FLIGHT)),
        };
        let _ = any_spawner::Executor::init_wasm_bindgen();
        let owner = Owner::new();
        owner.set();
        let jobs = Jobs::new(Activity::new());
        let scope = Scope::Org { org: "acme-platform".into() };
        let client = Client::new(ApiBase::parse(api).unwrap(), Token::new("sandbox-admin"));
        let runners = client.all_runners(&scope, None, &|_, _| {}).await.unwrap().items;
        let targets: Vec<(u64, String)> = runners.into_iter().filter(|r| r.name.starts_with("fleet-") && !r.busy).take(count).map(|r| (r.id, r.name)).collect();
        let ops = targets.iter().map(|(id, name)| WriteOp::new(&scope, Write::DeleteRunner { runner: *id }, name.clone())).collect();
        let before = counters(api).await;
        let perf = web_sys::window().unwrap().performance().unwrap();
        let start = perf.now();
        let id = jobs.start(client, format!("Delete {count}"), "bench".into(), ops, targets.clone(), vec![], pace).expect("runners to delete");
        let job = loop {
            gloo_timers::future::sleep(std::time::Duration::from_millis(200)).await;
            let job = jobs.list().with_untracked(|l| l.iter().find(|j| j.id == id).cloned()).unwrap();
            if job.finished {
                break job;
            }
        };
        let wall = (perf.now() - start) / 1000.0;
        let after = counters(api).await;
        let n = |v: &serde_json::Value, k: &str| v[k].as_u64().unwrap_or(0);
        let t = job.tally();
        let deletes = after["by_method"]["DELETE"].as_u64().unwrap_or(0) - before["by_method"]["DELETE"].as_u64().unwrap_or(0);
        let lines = [
            format!("pace                {}", PACE.unwrap_or("guided")),
            format!("runners             {}", targets.len()),
            format!("wall                {wall:.1} s ({:.1} deletes a minute)", targets.len() as f64 / wall * 60.0),
            format!("done / failed / n.a. {} / {} / {}", t.done, t.failed, t.not_attempted),
            format!("limit answers seen  {} (sandbox counted {})", job.limit_hits, n(&after, "secondary_limited") - n(&before, "secondary_limited")),
            format!("retries             {}", job.retries),
            format!("DELETEs sent        {deletes}"),
        ];
        web_sys::console::log_1(&format!("RESULTS\n{}\n", lines.join("\n")).into());
    }
}
