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

/// A row checkbox's `on:change`: selects or unselects the runner the row shows now, `id()` (read
/// untracked), as the box says.
pub fn toggle_row(selected: RwSignal<BTreeSet<u64>>, id: impl Fn() -> Option<u64> + Copy) -> impl Fn(leptos::ev::Event) + Copy {
    move |ev| {
        if let Some(id) = untrack(id) {
            select_all(selected, vec![id], event_target_checked(&ev));
        }
    }
}
