//! The enterprise fleet's table: one row per runner with its scope, organization and repository,
//! sortable by any column, with selection, and only the visible rows in the DOM.
use std::collections::BTreeSet;

use leptos::prelude::*;

use super::label_chip::{pick_chips, picked_label};
use super::selection::{select_all, toggle_row};
use super::{cordon_badge, row_status_badge, VirtualRows};
use crate::enterprise_fleet::{FleetRunner, FleetSort};
use crate::fleet::Status;
use crate::github::Scope;
use crate::routes;

#[component]
pub fn FleetTable(
    /// The whole fleet.
    all: Memo<Option<Vec<FleetRunner>>>,
    /// The rows to show, in order, as positions in `all`.
    #[prop(into)]
    rows: Signal<Vec<usize>>,
    /// Selected runner ids (GitHub's runner ids are unique across scopes).
    selected: RwSignal<BTreeSet<u64>>,
    #[prop(into)] changed: Signal<BTreeSet<u64>>,
    #[prop(into)] sort: Signal<(FleetSort, bool)>,
    on_sort: Callback<FleetSort>,
    /// A click on a label chip: filter by that label.
    on_label: Callback<String>,
) -> impl IntoView {
    let virt = VirtualRows::new(rows);
    let all_selected = move || {
        let sel = selected.get();
        all.with(|a| rows.with(|r| !r.is_empty() && r.iter().filter_map(|&i| a.as_ref()?.get(i)).all(|x| sel.contains(&x.runner.id))))
    };
    let toggle_all = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        select_all(selected, all.with_untracked(|a| rows.with_untracked(|r| r.iter().filter_map(|&i| a.as_ref()?.get(i)).map(|x| x.runner.id).collect())), on);
    };
    let header = move |key: FleetSort| {
        let state = move || match sort.get() {
            (k, desc) if k == key => Some(desc),
            _ => None,
        };
        view! {
            <th scope="col" class=format!("col-{}", key.key()) aria-sort=move || match state() { Some(false) => "ascending", Some(true) => "descending", None => "none" }>
                <button type="button" class="sort" data-testid=format!("fleet-sort-{}", key.key()) on:click=move |_| on_sort.run(key)>
                    {key.title()}
                    <span aria-hidden="true">{move || match state() { Some(false) => " ▲", Some(true) => " ▼", None => "" }}</span>
                </button>
            </th>
        }
    };

    // A row is keyed by its position and updates its cells in place (see `VirtualRows::slot`).
    let row = move |p: usize| {
        let slot = virt.slot(all, p);
        let item = slot.item;
        let id = move || item.with(|r| r.as_ref().map(|r| r.runner.id));
        let text = move |f: fn(&FleetRunner) -> String| move || item.with(|r| r.as_ref().map(f).unwrap_or_default());
        let status = Memo::new(move |_| item.with(|r| r.as_ref().map(|r| Status::of(&r.runner))));
        let cordoned = Memo::new(move |_| item.with(|r| r.as_ref().is_some_and(|r| crate::cordon::is_group(&r.group))));
        let labels = Memo::new(move |_| item.with(|r| r.as_ref().map(|r| r.runner.labels.clone()).unwrap_or_default()));
        // An organization's and a repository's links, or nothing at a level without one.
        let org = Memo::new(move |_| item.with(|r| r.as_ref().map(|r| r.org().to_string()).unwrap_or_default()));
        let repo = Memo::new(move |_| item.with(|r| r.as_ref().filter(|r| !r.repo().is_empty()).map(|r| (r.scope.clone(), r.org().to_string(), r.repo().to_string()))));
        let row_class = move || slot.class(id().is_some_and(|id| changed.with(|c| c.contains(&id))));
        let checked = move || id().is_some_and(|id| selected.with(|s| s.contains(&id)));
        let toggle = toggle_row(selected, id);
        view! {
            <tr
                class=row_class
                aria-hidden=move || slot.hidden()
                data-testid="fleet-row"
                data-runner-id=move || id().map(|id| id.to_string()).unwrap_or_default()
                data-status=move || status.get().map(Status::key).unwrap_or_default()
                data-scope=move || item.with(|r| r.as_ref().map(|r| r.level().key()).unwrap_or_default())
            >
                <td class="select">
                    <input type="checkbox" aria-label=text(|r| format!("Select {} ({})", r.runner.name, r.scope)) prop:checked=checked on:change=toggle data-testid="fleet-select-row" />
                </td>
                <td class="name"><a href=text(|r| routes::runner(&r.scope, r.runner.id)) data-testid="fleet-runner-name">{text(|r| r.runner.name.clone())}</a></td>
                <td data-testid="fleet-scope">{move || item.with(|r| r.as_ref().map(|r| r.level().label()).unwrap_or_default())}</td>
                <td data-testid="fleet-org">{move || org.with(|org| (!org.is_empty()).then(|| view! { <a href=routes::runners(&Scope::Org { org: org.clone() })>{org.clone()}</a> }))}</td>
                // The repository's link is named with its owner: "api" alone is a repository of several organizations.
                <td data-testid="fleet-repo">{move || repo.get().map(|(scope, org, repo)| {
                    let name = format!("{org}/{repo}");
                    view! { <a href=routes::runners(&scope) aria-label=name>{repo}</a> }
                })}</td>
                <td data-testid="fleet-group">{text(|r| r.group.clone())}</td>
                <td class="labels">{pick_chips(labels)}</td>
                <td data-testid="fleet-status">{row_status_badge(status)}{move || cordon_badge(cordoned.get())}</td>
                <td data-testid="fleet-os">{text(|r| r.runner.os.clone())}</td>
                <td data-testid="fleet-busy">{move || item.with(|r| if r.as_ref().is_some_and(|r| r.runner.busy) { "busy" } else { "" })}</td>
            </tr>
        }
    };

    view! {
        <div class="table-scroll" node_ref=virt.scroller on:scroll=move |_| virt.on_scroll() data-testid="fleet-table">
            <table class="runners fleet virtual" aria-label="Runners of the fleet" on:click=move |ev| if let Some(label) = picked_label(&ev) { on_label.run(label) }>
                <thead>
                    <tr>
                        <th scope="col" class="select">
                            <input type="checkbox" aria-label="Select all runners matching the filter" data-testid="fleet-select-all" prop:checked=all_selected on:change=toggle_all />
                        </th>
                        {FleetSort::ALL.into_iter().map(header).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    <tr class="pad" aria-hidden="true" style:height=move || virt.top_pad()></tr>
                    <For each=move || virt.positions() key=|p| *p let:p>
                        {row(p)}
                    </For>
                    <tr class="pad" aria-hidden="true" style:height=move || virt.bottom_pad()></tr>
                </tbody>
            </table>
        </div>
    }
}
