//! One runner label; read-only and custom labels look different, and the text is always text.
use leptos::prelude::*;

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
