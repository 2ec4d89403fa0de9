//! The runners list's filters: text, status, OS, group and labels. Every control shows the filter
//! that is in force, including one restored from the URL.
use leptos::prelude::*;

use crate::fleet::Filter;
use crate::github::models::RunnerGroup;
use crate::view_query::FILTER_KEYS;

/// Sets one query key; `None` removes it.
pub type SetQuery = Callback<(&'static str, Option<String>)>;

#[component]
pub fn FilterBar(
    #[prop(into)] filter: Signal<Filter>,
    /// (labels, operating systems) present in the fleet.
    #[prop(into)]
    facets: Signal<(Vec<String>, Vec<String>)>,
    #[prop(into)] groups: Signal<Vec<RunnerGroup>>,
    show_group: bool,
    set_query: SetQuery,
) -> impl IntoView {
    let set = move |k: &'static str, v: String| set_query.run((k, Some(v)));
    view! {
        <fieldset class="filters" data-testid="filters">
            <legend class="sr-only">"Filter runners"</legend>
            <label>
                "Search"
                <input type="search" data-testid="filter-text" placeholder="name or label" prop:value=move || filter.with(|f| f.text.clone())
                    on:input:target=move |ev| set("q", ev.target().value()) />
            </label>
            <label>
                "Status"
                <select data-testid="filter-status" on:change:target=move |ev| set("status", ev.target().value())>
                    <option value="" selected=move || filter.with(|f| f.status.is_none())>"Any"</option>
                    {[("idle", "Idle"), ("active", "Active"), ("offline", "Offline")].into_iter().map(|(key, label)| view! {
                        <option value=key selected=move || filter.with(|f| f.status.map(|s| s.key()) == Some(key))>{label}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>
                "OS"
                <select data-testid="filter-os" on:change:target=move |ev| set("os", ev.target().value())>
                    <option value="" selected=move || filter.with(|f| f.os.is_none())>"Any"</option>
                    {move || facets.get().1.into_iter().map(|os| {
                        let on = filter.with(|f| f.os.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(&os)));
                        view! { <option value=os.clone() selected=on>{os.clone()}</option> }
                    }).collect_view()}
                </select>
            </label>
            {show_group.then(|| view! {
                <label>
                    "Group"
                    <select data-testid="filter-group" on:change:target=move |ev| set("group", ev.target().value())>
                        <option value="" selected=move || filter.with(|f| f.group.is_none())>"Any"</option>
                        {move || groups.get().into_iter().map(|g| {
                            let on = filter.with(|f| f.group == Some(g.id));
                            view! { <option value=g.id.to_string() selected=on>{g.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
            })}
            <label>
                "Labels (all of)"
                <select multiple size="3" data-testid="filter-labels" on:change:target=move |ev| {
                    let options = ev.target().selected_options();
                    let picked: Vec<String> = (0..options.length()).filter_map(|i| options.item(i)).filter_map(|o| o.get_attribute("value")).collect();
                    set("label", picked.join(","));
                }>
                    {move || facets.get().0.into_iter().map(|l| {
                        let want = l.clone();
                        view! { <option value=l.clone() prop:selected=move || filter.with(|f| f.labels.iter().any(|x| x.eq_ignore_ascii_case(&want)))>{l.clone()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <Show when=move || !filter.with(Filter::is_empty)>
                <button type="button" data-testid="clear-filters" on:click=move |_| {
                    for k in FILTER_KEYS {
                        set_query.run((k, None));
                    }
                }>"Clear filters"</button>
            </Show>
        </fieldset>
    }
}
