//! Timing what a person sees, for the benchmarks: animation frames, and the frame a change shows in.
use leptos::prelude::request_animation_frame;
use wasm_bindgen::JsCast;

/// The console's stylesheet, as `index.html` links it: what a keystroke costs to lay out and paint
/// depends on it (row heights, column widths, borders). Added once to the test page.
pub fn console_styles() {
    const CSS: &str = include_str!("../../style/main.css");
    let doc = super::document();
    if doc.query_selector("style[data-console-styles]").ok().flatten().is_some() {
        return;
    }
    let style = doc.create_element("style").unwrap();
    style.set_attribute("data-console-styles", "").unwrap();
    style.set_text_content(Some(CSS));
    doc.head().unwrap().append_child(&style).unwrap();
}

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

/// Resolves in a task of its own: called in a frame's callbacks, once that frame's style, layout
/// and paint are done; called elsewhere, once the tasks already queued have run.
pub async fn next_task() {
    super::sleep(0).await;
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

/// What one keystroke cost, in ms from its `input` event.
#[derive(Clone, Copy, Debug)]
pub struct Keystroke {
    /// To the end of the first frame that shows the search's rows: its style, layout and paint.
    pub painted: f64,
    /// To the start of the frame after that one: the paint, and whatever the page did after it
    /// before the next frame could start (the rows beyond the view, say).
    pub next_frame: f64,
}

/// Types each search into the filter box as a frame begins, and times it to the end of the first
/// frame that shows it: one frame, if the page's work and the browser's style, layout and paint of
/// it all fit in one. Before each keystroke the page is idle: the frame before is painted and what
/// it queued has run. `expected` says how many runners a search should show, `shows(expected,
/// search)` whether the page shows them; `shown` is what shows before the first search, and after
/// the last when done. Each search must change the count, or its keystroke would have nothing to
/// render and nothing to time.
pub async fn keystroke_times(searches: &[&str], shown: &mut usize, expected: impl Fn(&str) -> usize, shows: impl Fn(usize, &str) -> bool) -> Vec<Keystroke> {
    let mut times = Vec::new();
    for &search in searches {
        let want = expected(search);
        assert_ne!(want, *shown, "“{search}” shows as many runners as the search before it");
        next_frame().await;
        next_task().await;
        next_task().await;
        next_frame().await;
        let start = perf().now();
        super::type_into("filter-text", search).await;
        // Queued now, in the frame's callbacks: it runs once this frame is painted.
        next_task().await;
        while !shows(want, search) {
            assert!(perf().now() < start + 10_000.0, "the rows for “{search}” did not show within 10 s");
            next_frame().await;
            next_task().await;
        }
        let painted = perf().now() - start;
        next_frame().await;
        times.push(Keystroke { painted, next_frame: perf().now() - start });
        *shown = want;
    }
    times
}

/// The median and max of each measure, and every keystroke's time to its paint.
pub fn keystroke_summary(times: &[Keystroke]) -> String {
    let stats = |f: fn(&Keystroke) -> f64| {
        let mut v: Vec<f64> = times.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        (median(&v), v.last().copied().unwrap_or(f64::NAN))
    };
    let (paint_median, paint_max) = stats(|k| k.painted);
    let (next_median, next_max) = stats(|k| k.next_frame);
    let each = times.iter().map(|k| format!("{:.1}", k.painted)).collect::<Vec<_>>().join(", ");
    format!("to its paint: median {paint_median:.1} ms, max {paint_max:.1} ms; to the next frame: median {next_median:.1} ms, max {next_max:.1} ms; each to its paint: {each}")
}
