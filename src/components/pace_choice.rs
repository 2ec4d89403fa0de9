//! The pace a bulk job writes at, chosen in its confirm dialog, with how long the job will take.
use leptos::prelude::*;

use crate::data::{Jobs, Pace};

/// A round trip, for estimates, when nothing better is known.
const ESTIMATE_RTT_MS: u64 = 300;

#[component]
pub fn PaceChoice(
    /// How many writes the job makes.
    count: usize,
    /// "deletes", "label changes".
    #[prop(into)]
    noun: String,
) -> impl IntoView {
    let jobs = expect_context::<Jobs>();
    let value = move || {
        let p = jobs.pace.get();
        if p == Pace::GUIDED {
            "guided".to_string()
        } else {
            p.in_flight.to_string()
        }
    };
    let estimate = move || format!("{count} {noun}, {}.", jobs.pace.get().describe_estimate(count, ESTIMATE_RTT_MS));
    view! {
        <div class="pace">
            <label>
                "Pace"
                <select data-testid="pace" on:change:target=move |ev| {
                    let v = ev.target().value();
                    jobs.pace.set(v.parse::<usize>().map(Pace::fast).unwrap_or(Pace::GUIDED));
                }>
                    <option value="guided" selected=move || value() == "guided">"One at a time, a second apart (GitHub's guidance for github.com and GHEC)"</option>
                    <option value="4" selected=move || value() == "4">"4 at a time (GHES with rate limits off)"</option>
                    <option value={Pace::FASTEST_IN_FLIGHT.to_string()} selected=move || value() == Pace::FASTEST_IN_FLIGHT.to_string()>
                        {format!("{} at a time, the fastest (GHES with rate limits off)", Pace::FASTEST_IN_FLIGHT)}
                    </option>
                </select>
            </label>
            <p class="hint" data-testid="pace-estimate">{estimate}</p>
            <p class="hint">"If GitHub asks the console to slow down, the whole job pauses for as long as GitHub says and then goes on with the same item: nothing is reported as failed for being delayed."</p>
        </div>
    }
}
