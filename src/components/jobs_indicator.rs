//! The header's bulk-job indicator: progress of running jobs from any page, and a link to them.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::data::Jobs;
use crate::routes;

#[component]
pub fn JobsIndicator() -> impl IntoView {
    let jobs = expect_context::<Jobs>();
    let summary = move || {
        let list = jobs.list();
        list.with(|list| {
            let running: Vec<_> = list.iter().filter(|j| !j.finished).collect();
            if running.is_empty() {
                let failed: usize = list.iter().map(|j| j.tally().failed).sum();
                return (!list.is_empty()).then(|| if failed > 0 { format!("Jobs: {failed} failed") } else { "Jobs: all done".to_string() });
            }
            let (done, total) = running.iter().fold((0, 0), |(d, t), j| {
                let tally = j.tally();
                (d + tally.done + tally.failed + tally.not_attempted, t + j.items.len())
            });
            let now = jobs.clock.get();
            let waiting = running.iter().filter_map(|j| j.hold.as_ref()).map(|h| ((h.until_ms as f64 - now) / 1000.0).ceil().max(0.0) as u64).max();
            let paused = running.iter().any(|j| j.paused);
            let state = match (waiting, paused) {
                (_, true) => " · paused".to_string(),
                (Some(s), _) => format!(" · waiting {s} s for GitHub's rate limit"),
                _ => String::new(),
            };
            Some(format!("{} job{} running: {done} of {total}{state}", running.len(), if running.len() == 1 { "" } else { "s" }))
        })
    };
    view! {
        {move || summary().map(|text| view! {
            <A href=routes::activity() attr:class="jobs-indicator" attr:data-testid="jobs-indicator" attr:aria-live="polite">{text}</A>
        })}
    }
}
