//! The runner tables' selection: ticking one row, or every row the filter shows.
use std::collections::BTreeSet;

use leptos::prelude::*;

/// Adds `ids` to the selection, or takes them out of it.
pub fn select_all(selected: RwSignal<BTreeSet<u64>>, ids: Vec<u64>, on: bool) {
    selected.update(|s| {
        if on {
            s.extend(ids);
        } else {
            for id in ids {
                s.remove(&id);
            }
        }
    });
}

/// A row checkbox's `on:change`: selects or unselects runner `id` as the box says.
pub fn toggle_row(selected: RwSignal<BTreeSet<u64>>, id: u64) -> impl Fn(leptos::ev::Event) + Copy {
    move |ev| select_all(selected, vec![id], event_target_checked(&ev))
}
