//! One runner label; read-only and custom labels look different, and the text is always text.
use leptos::prelude::*;

use crate::github::models::RunnerLabel;

#[component]
pub fn LabelChip(
    label: RunnerLabel,
    #[prop(optional, into)] on_remove: Option<Callback<String>>,
    /// Makes the chip a button that filters by its label.
    #[prop(optional, into)]
    on_pick: Option<Callback<String>>,
) -> impl IntoView {
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
    let class = if read_only { "chip chip-ro" } else { "chip chip-custom" };
    if let Some(pick) = on_pick {
        let aria = format!("Filter by label {name}");
        let shown = name.clone();
        return view! {
            <button type="button" class=format!("{class} chip-pick") title=title aria-label=aria data-label=data_label data-testid="pick-label" dir="auto"
                on:click=move |_| pick.run(name.clone())>
                <bdi>{shown}</bdi>
            </button>
        }
        .into_any();
    }
    view! {
        <span class=if read_only { "chip chip-ro" } else { "chip chip-custom" } title=title data-label=data_label dir="auto">
            {if read_only { Some(view! { <span class="sr-only">"read-only: "</span> }) } else { None }}
            <bdi>{name}</bdi>
            {remove}
        </span>
    }
    .into_any()
}
