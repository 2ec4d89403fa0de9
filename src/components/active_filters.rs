//! The filters in force, as removable chips above the runners table, and every value from the address
//! that could not be applied, said in words.
use leptos::prelude::*;

use super::filter_bar::{clear_filters, SetQuery};
use crate::fleet::{group_name, Filter};
use crate::github::models::RunnerGroup;
use crate::view_query::without_label;

/// One chip: what it says, the query key it clears and the value that key keeps (labels keep the others).
fn chips(filter: &Filter, groups: &[RunnerGroup]) -> Vec<(String, &'static str, Option<String>)> {
    let mut chips = Vec::new();
    if !filter.text.trim().is_empty() {
        chips.push((format!("Search: “{}”", filter.text.trim()), "q", None));
    }
    if let Some(s) = filter.status {
        chips.push((format!("Status: {}", s.label()), "status", None));
    }
    if let Some(os) = &filter.os {
        chips.push((format!("OS: {os}"), "os", None));
    }
    if filter.group.is_some() {
        chips.push((format!("Group: {}", group_name(groups, filter.group)), "group", None));
    }
    for l in &filter.labels {
        chips.push((format!("Label: {l}"), "label", Some(without_label(&filter.labels, l))));
    }
    chips.extend(filter.version.chips().into_iter().map(|(text, key)| (text, key, None)));
    chips
}

#[component]
pub fn ActiveFilters(
    #[prop(into)] filter: Signal<Filter>,
    #[prop(into)] groups: Signal<Vec<RunnerGroup>>,
    /// Sentences for values in the address that are not applied.
    #[prop(into)]
    unapplied: Signal<Vec<String>>,
    set_query: SetQuery,
    /// A page's own filters beyond these (the fleet's scope, organization and group), as chips:
    /// (what it says, the query key it clears). "Clear filters" clears them too.
    #[prop(optional, into)]
    extra: Option<Signal<Vec<(String, &'static str)>>>,
) -> impl IntoView {
    let extra = extra.unwrap_or_else(|| Signal::derive(Vec::new));
    let list = move || {
        let mut all = groups.with(|g| filter.with(|f| chips(f, g)));
        all.extend(extra.get().into_iter().map(|(text, key)| (text, key, None)));
        all
    };
    let any_filter = move || !filter.with(Filter::is_empty) || extra.with(|e| !e.is_empty());
    let anything = move || any_filter() || unapplied.with(|u| !u.is_empty());
    view! {
        // Always there, so a screen reader announces what is added to it.
        <div role="status" class="unapplied">
            {move || unapplied.get().into_iter().map(|u| view! { <p class="warning" data-testid="unapplied">{u}</p> }).collect_view()}
        </div>
        <Show when=anything>
            <div class="active-filters" role="group" aria-label="Filters in force" data-testid="active-filters">
                {move || any_filter().then(|| view! { <span class="hint">"Showing only:"</span> })}
                {move || list().into_iter().map(|(text, key, keep)| {
                    let aria = format!("Remove filter {text}");
                    view! {
                        <span class="chip chip-filter" data-testid="filter-chip">
                            <bdi>{text}</bdi>
                            <button type="button" class="chip-remove" aria-label=aria data-testid="remove-filter"
                                on:click=move |_| set_query.run((key, keep.clone()))>"×"</button>
                        </span>
                    }
                }).collect_view()}
                <button type="button" data-testid="clear-filters" on:click=move |_| {
                    clear_filters(set_query);
                    for (_, key) in extra.get_untracked() {
                        set_query.run((key, None));
                    }
                }>"Clear filters"</button>
            </div>
        </Show>
    }
}
