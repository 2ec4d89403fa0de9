//! Timing what a person sees, for the benchmarks: animation frames, and the frame a change shows in.
use leptos::prelude::request_animation_frame;
use wasm_bindgen::JsCast;

pub fn perf() -> web_sys::Performance {
    web_sys::window().unwrap().performance().unwrap()
}

/// Resolves in the next animation frame's callbacks, before that frame's style, layout and paint.
pub async fn next_frame() {
    let (tx, rx) = futures::channel::oneshot::channel::<()>();
    request_animation_frame(move || {
        let _ = tx.send(());
    });
    let _ = rx.await;
}

/// Waits one animation frame at a time until `done`, and answers performance.now() in the first
/// frame where it is, once that frame's layout is forced (what changed is laid out, not only in the
/// DOM), and how long after the frame before it came: how long the main thread was held up.
pub async fn frame_when(what: &str, limit_ms: f64, done: impl Fn() -> bool) -> (f64, f64) {
    let deadline = perf().now() + limit_ms;
    let mut before = perf().now();
    loop {
        next_frame().await;
        let now = perf().now();
        if done() {
            if let Some(body) = super::document().body() {
                let _ = body.unchecked_into::<web_sys::HtmlElement>().offset_height();
            }
            return (perf().now(), now - before);
        }
        before = now;
        assert!(now < deadline, "{what} did not show within {} s", limit_ms / 1000.0);
    }
}

/// The median of sorted figures.
pub fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

/// Types each search into the filter box and times it to the first frame that shows it. `expected`
/// says how many runners a search should show, `shows(expected, search)` whether the page shows
/// them; `shown` is what shows before the first search, and after the last when done. Each search
/// must change the count, or its keystroke would have nothing to render and nothing to time.
pub async fn keystroke_times(searches: &[&str], shown: &mut usize, expected: impl Fn(&str) -> usize, shows: impl Fn(usize, &str) -> bool) -> Vec<f64> {
    let mut times = Vec::new();
    for &search in searches {
        let want = expected(search);
        assert_ne!(want, *shown, "“{search}” shows as many runners as the search before it");
        let start = perf().now();
        super::type_into("filter-text", search).await;
        let (done, _) = frame_when(&format!("the rows for “{search}”"), 10_000.0, || shows(want, search)).await;
        times.push(done - start);
        *shown = want;
    }
    times
}
