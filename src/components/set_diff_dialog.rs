//! The confirm dialog of a wholesale replacement: who gains and who loses, named, against the list as
//! it was just read (or, when it changed after the review, as it is now).
use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;

use super::ConfirmDialog;
use crate::groups::set_diff;

#[component]
pub fn SetDiffDialog(
    base: BTreeSet<u64>,
    desired: BTreeSet<u64>,
    /// The list changed after the review: this diff is against the list as it is now.
    stale: bool,
    names: BTreeMap<u64, String>,
    /// Said when the replacement takes members off.
    effect: &'static str,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let name = move |id: &u64| names.get(id).cloned().unwrap_or_else(|| format!("id {id}"));
    let (gain, lose) = set_diff(&base, &desired);
    let nothing = gain.is_empty() && lose.is_empty();
    view! {
        <ConfirmDialog title="Replace the whole list?" confirm_label="Replace list" ready=Signal::derive(move || !nothing) on_confirm=on_confirm on_cancel=on_cancel>
            {stale.then(|| view! { <p class="warning" data-testid="review-stale">"The list changed since you reviewed it. This is the difference from the list as it is now; review it again."</p> })}
            <ul class="diff" data-testid="set-diff">
                {gain.iter().map(|id| view! { <li class="diff-add" data-testid="diff-gain">"+ "{name(id)}</li> }).collect_view()}
                {lose.iter().map(|id| view! { <li class="diff-remove" data-testid="diff-lose">"− "{name(id)}</li> }).collect_view()}
            </ul>
            {nothing.then(|| view! { <p class="hint">"Nothing would change."</p> })}
            {(!lose.is_empty()).then(|| view! { <p class="hint" data-testid="diff-effect">{effect}</p> })}
        </ConfirmDialog>
    }
}
