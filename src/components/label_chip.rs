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

/// A table row's labels as buttons that filter by them. They have no handler of their own: a
/// table has one, [`picked_label`], on all its rows, so a row costs no closure per label. The
/// chips are kept as the row comes to show another runner: the chip in each place changes only the
/// text and attributes that differ, so a keystroke that brings other runners into the rows in view
/// builds no chip, where it would build each row's chips anew.
pub fn pick_chips(labels: Memo<Vec<RunnerLabel>>) -> impl IntoView {
    view! {
        <For each=move || 0..labels.with(Vec::len) key=|i| *i let:i>
            {pick_chip(labels, i)}
        </For>
    }
}

/// The chip in place `i` of `labels`.
fn pick_chip(labels: Memo<Vec<RunnerLabel>>, i: usize) -> impl IntoView {
    let label = Memo::new(move |_| labels.with(|l| l.get(i).map(|l| (l.name.clone(), l.is_read_only())).unwrap_or_default()));
    let name = move || label.with(|l| l.0.clone());
    let read_only = move || label.with(|l| l.1);
    view! {
        <button
            type="button"
            class=move || if read_only() { "chip chip-ro chip-pick" } else { "chip chip-custom chip-pick" }
            title=move || if read_only() { "Read-only label, set by the runner itself" } else { "Custom label" }
            aria-label=move || label.with(|l| format!("Filter by label {}", l.0))
            data-label=name
            data-testid="pick-label"
            dir="auto"
        >
            <bdi>{name}</bdi>
        </button>
    }
}

/// The label whose chip of [`pick_chips`] a click inside a table landed on, if it landed on one.
pub fn picked_label(ev: &leptos::ev::MouseEvent) -> Option<String> {
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    target.closest("button.chip-pick").ok().flatten()?.get_attribute("data-label")
}
