//! Opt-in auto-refresh of a list: a checkbox and an interval, cleared when the page goes.
use std::time::Duration;

use leptos::prelude::*;

#[component]
pub fn AutoRefresh(on_tick: Callback<()>) -> impl IntoView {
    let (secs, set_secs) = signal(30u32);
    let (on, set_on) = signal(false);
    let interval = StoredValue::new_local(None::<IntervalHandle>);
    let stop = move || {
        if let Some(h) = interval.try_get_value().flatten() {
            h.clear();
        }
        interval.try_set_value(None);
    };
    let restart = move |enabled: bool, every: u32| {
        stop();
        if enabled {
            let handle = set_interval_with_handle(
                move || {
                    on_tick.try_run(());
                },
                Duration::from_secs(every.max(5) as u64),
            )
            .ok();
            interval.set_value(handle);
        }
    };
    on_cleanup(stop);
    view! {
        <label class="checkbox">
            <input type="checkbox" data-testid="auto-refresh" prop:checked=on on:change:target=move |ev| {
                let enabled = ev.target().checked();
                set_on.set(enabled);
                restart(enabled, secs.get_untracked());
            } />
            "Auto-refresh every"
        </label>
        <input type="number" class="short" min="5" aria-label="Auto-refresh interval in seconds" prop:value=move || secs.get().to_string()
            on:change:target=move |ev| {
                let every = ev.target().value().parse().unwrap_or(30).max(5);
                set_secs.set(every);
                restart(on.get_untracked(), every);
            } />
        "s"
    }
}
