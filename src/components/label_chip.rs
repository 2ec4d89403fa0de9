//! One runner label; read-only and custom labels look different, and the text is always text.
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::github::models::RunnerLabel;

#[component]
pub fn LabelChip(label: RunnerLabel, #[prop(optional, into)] on_remove: Option<Callback<String>>) -> impl IntoView {
    let read_only = label.is_read_only();
    let name = label.name.clone();
    let data_label = name.clone();
    let title = if read_only { "Read-only label, set by the runner itself" } else { "Custom label" };
    let remove = on_remove.filter(|_| !read_only).map(|cb| {
        let name = name.clone();
        let aria = format!("Remove label {name}");
        view! {
            <button type="button" class="chip-remove" aria-label=aria data-testid="remove-label" on:click=move |_| cb.run(name.clone())>
                "×"
            </button>
        }
    });
    view! {
        <span class=if read_only { "chip chip-ro" } else { "chip chip-custom" } title=title data-label=data_label dir="auto">
            {if read_only { Some(view! { <span class="sr-only">"read-only: "</span> }) } else { None }}
            <bdi>{name}</bdi>
            {remove}
        </span>
    }
}

/// A label in a table row as a button that filters by it. It has no handler of its own: a table
/// has one, [`picked_label`], on all its rows, so a row costs no closure per label (a keystroke can
/// bring a whole window of new rows).
pub fn pick_chip(label: &RunnerLabel) -> impl IntoView + use<> {
    let read_only = label.is_read_only();
    let title = if read_only { "Read-only label, set by the runner itself" } else { "Custom label" };
    let class = if read_only { "chip chip-ro chip-pick" } else { "chip chip-custom chip-pick" };
    let aria = format!("Filter by label {}", label.name);
    view! {
        <button type="button" class=class title=title aria-label=aria data-label=label.name.clone() data-testid="pick-label" dir="auto">
            <bdi>{label.name.clone()}</bdi>
        </button>
    }
}

/// The label whose [`pick_chip`] a click inside a table landed on, if it landed on one.
pub fn picked_label(ev: &leptos::ev::MouseEvent) -> Option<String> {
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    target.closest("button.chip-pick").ok().flatten()?.get_attribute("data-label")
}
