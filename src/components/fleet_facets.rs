//! The fleet's facets (scope, organization, status, label and group, each with its count) and the
//! breakdown per organization; every value is one click from being the filter.
use leptos::prelude::*;

use super::filter_bar::{clear_filters, SetQuery};
use crate::enterprise_fleet::{Facets, FleetFilter, Level};
use crate::fleet::{Counts, Status};
use crate::view_query::with_label;

/// Labels shown as buttons; the rest are in the label picker.
const TOP_LABELS: usize = 12;

/// A facet value that toggles its filter: pressed while it is the filter in force.
fn toggle(key: &'static str, value: String, shown: String, count: usize, pressed: Signal<bool>, set_query: SetQuery) -> impl IntoView {
    view! {
        <button type="button" class="facet" aria-pressed=move || pressed.get().to_string() data-testid=format!("facet-{key}") data-value=value.clone()
            on:click=move |_| set_query.run((key, (!pressed.get_untracked()).then(|| value.clone())))>
            <span>{shown}</span>" "<span class="facet-count">{count}</span><span class="sr-only">{if count == 1 { " runner" } else { " runners" }}</span>
        </button>
    }
}

#[component]
pub fn FleetFacets(#[prop(into)] facets: Signal<Facets>, #[prop(into)] filter: Signal<FleetFilter>, set_query: SetQuery) -> impl IntoView {
    let levels = move || {
        facets
            .with(|f| f.levels.clone())
            .into_iter()
            .map(|(l, n)| toggle("scope", l.key().into(), l.label().into(), n, Signal::derive(move || filter.with(|f| f.level == Some(l))), set_query))
            .collect_view()
    };
    let statuses = move || {
        facets
            .with(|f| f.statuses.clone())
            .into_iter()
            .map(|(s, n)| toggle("status", s.key().into(), s.label().into(), n, Signal::derive(move || filter.with(|f| f.base.status == Some(s))), set_query))
            .collect_view()
    };
    let labels = move || {
        facets
            .with(|f| f.labels.iter().take(TOP_LABELS).cloned().collect::<Vec<_>>())
            .into_iter()
            .map(|(l, n)| {
                let on = {
                    let l = l.clone();
                    Signal::derive(move || filter.with(|f| f.base.labels.iter().any(|x| x.eq_ignore_ascii_case(&l))))
                };
                view! {
                    <button type="button" class="facet" aria-pressed=move || on.get().to_string() data-testid="facet-label" data-value=l.clone()
                        on:click=move |_| {
                            // Read now: another label may have been picked since this list was drawn.
                            let labels = filter.with_untracked(|f| f.base.labels.clone());
                            let next = if on.get_untracked() { crate::view_query::without_label(&labels, &l) } else { with_label(&labels, &l) };
                            set_query.run(("label", Some(next).filter(|v| !v.is_empty())));
                        }>
                        <span>{l.clone()}</span>" "<span class="facet-count">{n}</span><span class="sr-only">{if n == 1 { " runner" } else { " runners" }}</span>
                    </button>
                }
            })
            .collect_view()
    };
    let choose = move |key: &'static str| move |ev: leptos::ev::Event| set_query.run((key, Some(event_target_value(&ev)).filter(|v| !v.is_empty())));
    view! {
        <div class="facets" data-testid="fleet-facets">
            <div class="facet-group" role="group" aria-label="Scope">
                <span class="facet-title" aria-hidden="true">"Scope"</span>{levels}
            </div>
            <div class="facet-group" role="group" aria-label="Status">
                <span class="facet-title" aria-hidden="true">"Status"</span>{statuses}
            </div>
            <div class="facet-group" role="group" aria-label="Most used labels">
                <span class="facet-title" aria-hidden="true">"Labels"</span>{labels}
            </div>
            <div class="facet-group">
                <label>
                    "Organization"
                    <select data-testid="facet-org" on:change=choose("org")>
                        <option value="" prop:selected=move || filter.with(|f| f.org.is_none())>"All organizations"</option>
                        {move || facets.with(|f| f.orgs.clone()).into_iter().map(|(o, n)| {
                            let value = o.clone();
                            view! { <option value=o.clone() prop:selected=move || filter.with(|f| f.org.as_ref().is_some_and(|x| x.eq_ignore_ascii_case(&value)))>{format!("{o} ({n})")}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    "Group"
                    <select data-testid="facet-group" on:change=choose("group")>
                        <option value="" prop:selected=move || filter.with(|f| f.group.is_none())>"Any group"</option>
                        {move || facets.with(|f| f.groups.clone()).into_iter().map(|g| {
                            let value = g.clone();
                            view! { <option value=g.clone() prop:selected=move || filter.with(|f| f.group.as_ref().is_some_and(|x| x.eq_ignore_ascii_case(&value)))>{g.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
        </div>
    }
}

/// The accessible names of a breakdown row's two buttons (its runners, its offline runners), read
/// out of context when a screen reader lists the buttons: each names its organization, or the
/// enterprise for the row of the enterprise's own runners (`org` empty), and keeps the visible text.
fn breakdown_names(org: &str, offline: usize) -> (String, String) {
    let runners = if offline == 1 { "runner" } else { "runners" };
    if org.is_empty() {
        ("Show the enterprise's own runners".into(), format!("Show the enterprise's own {offline} offline {runners}"))
    } else {
        (format!("Show the runners of {org}"), format!("Show the {offline} offline {runners} of {org}"))
    }
}

/// Per organization: total, online, busy and offline, each a link into the table.
#[component]
pub fn OrgBreakdown(#[prop(into)] rows: Signal<Vec<(String, Counts)>>, set_query: SetQuery) -> impl IntoView {
    // Exactly what the row counts: every other filter goes.
    let show = move |scope: Option<Level>, org: Option<String>, status: Option<Status>| {
        clear_filters(set_query);
        set_query.run(("scope", scope.map(|l| l.key().to_string())));
        set_query.run(("org", org));
        set_query.run(("status", status.map(|s| s.key().to_string())));
    };
    view! {
        <table class="breakdown" data-testid="org-breakdown">
            <caption>"Runners per organization (its own and its repositories')"</caption>
            <thead>
                <tr><th scope="col">"Organization"</th><th scope="col">"Total"</th><th scope="col">"Online"</th><th scope="col">"Busy"</th><th scope="col">"Offline"</th></tr>
            </thead>
            <tbody>
                {move || rows.get().into_iter().map(|(org, c)| {
                    let enterprise = org.is_empty();
                    let title = if enterprise { "The enterprise's own runners".to_string() } else { org.clone() };
                    let (all_name, offline_name) = breakdown_names(&org, c.offline);
                    let (scope, org_filter) = if enterprise { (Some(Level::Enterprise), None) } else { (None, Some(org.clone())) };
                    let (o1, o2) = (org_filter.clone(), org_filter);
                    view! {
                        <tr data-testid="breakdown-row" data-org=org.clone()>
                            <th scope="row">
                                <button type="button" class="link" aria-label=all_name on:click=move |_| show(scope, o1.clone(), None)>{title.clone()}</button>
                            </th>
                            <td data-testid="breakdown-total">{c.total}</td>
                            <td>{c.online}</td>
                            <td>{c.busy}</td>
                            <td data-testid="breakdown-offline">
                                <button type="button" class="link" aria-label=offline_name disabled=c.offline == 0
                                    on:click=move |_| show(scope, o2.clone(), Some(Status::Offline))>{c.offline}</button>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
