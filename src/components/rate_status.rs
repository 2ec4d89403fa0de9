//! The header's rate-limit readout, and any wait the client is doing, with a live countdown.
use leptos::prelude::*;

use crate::data::Jobs;
use crate::github::error::clock;
use crate::session::Session;

#[component]
pub fn RateStatus() -> impl IntoView {
    let session = expect_context::<Session>();
    let jobs = expect_context::<Jobs>();
    let rate = move || {
        session.rate.get().map(|r| {
            let text = format!("API {} of {} left · resets {} UTC", r.remaining, r.limit, clock(r.reset));
            view! { <span class="rate" data-testid="rate-limit" title="GitHub's primary rate limit for this token">{text}</span> }
        })
    };
    let wait = move || {
        let w = session.wait.get()?;
        let secs = ((w.until_ms - jobs.clock.get()) / 1000.0).ceil().max(0.0) as u64;
        Some(view! { <span class="wait" role="status" data-testid="client-wait">{format!("Waiting {secs} s: {}", w.reason)}</span> })
    };
    view! { {rate} {wait} }
}
