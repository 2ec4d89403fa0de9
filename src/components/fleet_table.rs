//! The enterprise fleet's table: one row per runner with its scope, organization and repository,
//! sortable by any column, with selection, and only the visible rows in the DOM.
use std::collections::BTreeSet;

use leptos::prelude::*;

use super::label_chip::{pick_chip, picked_label};
use super::selection::{select_all, toggle_row};
use super::{cordon_badge, StatusBadge, VirtualRows};
use crate::enterprise_fleet::{FleetRunner, FleetSort};
use crate::fleet::Status;
use crate::github::Scope;
use crate::routes;

/// What a row shows; a row re-renders exactly when this changes.
fn fingerprint(r: &FleetRunner) -> String {
    let labels: Vec<&str> = r.runner.labels.iter().map(|l| l.name.as_str()).collect();
    format!("{}|{:?}|{}|{:?}|{}|{}|{}|{}", r.runner.id, r.scope, r.runner.name, Status::of(&r.runner), r.runner.busy, r.runner.os, labels.join(","), r.group)
}

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
    let virt = VirtualRows::new(Signal::derive(move || rows.with(Vec::len)));
    let visible = move || {
        let (first, last) = virt.window.get();
        all.with(|a| rows.with(|r| r.get(first..last).map(|window| window.iter().filter_map(|&i| a.as_ref()?.get(i).cloned()).collect::<Vec<_>>()).unwrap_or_default()))
    };
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
            <th scope="col" aria-sort=move || match state() { Some(false) => "ascending", Some(true) => "descending", None => "none" }>
                <button type="button" class="sort" data-testid=format!("fleet-sort-{}", key.key()) on:click=move |_| on_sort.run(key)>
                    {key.title()}
                    <span aria-hidden="true">{move || match state() { Some(false) => " ▲", Some(true) => " ▼", None => "" }}</span>
                </button>
            </th>
        }
    };

    view! {
        <div class="table-scroll" node_ref=virt.scroller on:scroll=move |_| virt.on_scroll() data-testid="fleet-table">
            <table class="runners fleet" aria-label="Runners of the fleet" on:click=move |ev| if let Some(label) = picked_label(&ev) { on_label.run(label) }>
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
                    <For each=visible key=fingerprint let:row>
                        {
                            let id = row.runner.id;
                            let name = row.runner.name.clone();
                            let status = Status::of(&row.runner);
                            let org = row.org().to_string();
                            let repo = row.repo().to_string();
                            // The repository's link is named with its owner: "api" alone is a repository of several organizations.
                            let repo_name = format!("{org}/{repo}");
                            let org_cell = (!org.is_empty()).then(|| view! { <a href=routes::runners(&Scope::Org { org: org.clone() })>{org.clone()}</a> });
                            let repo_cell = (!repo.is_empty()).then(|| view! { <a href=routes::runners(&row.scope) aria-label=repo_name>{repo.clone()}</a> });
                            let row_class = move || if changed.with(|c| c.contains(&id)) { "row changed" } else { "row" };
                            let checked = move || selected.with(|s| s.contains(&id));
                            let toggle = toggle_row(selected, id);
                            view! {
                                <tr class=row_class data-testid="fleet-row" data-runner-id=id.to_string() data-status=status.key() data-scope=row.level().key()>
                                    <td class="select">
                                        <input type="checkbox" aria-label=format!("Select {name} ({})", row.scope) prop:checked=checked on:change=toggle data-testid="fleet-select-row" />
                                    </td>
                                    <td class="name"><a href=routes::runner(&row.scope, id) data-testid="fleet-runner-name">{name.clone()}</a></td>
                                    <td data-testid="fleet-scope">{row.level().label()}</td>
                                    <td data-testid="fleet-org">{org_cell}</td>
                                    <td data-testid="fleet-repo">{repo_cell}</td>
                                    <td data-testid="fleet-group">{row.group.clone()}</td>
                                    <td class="labels">
                                        {row.runner.labels.iter().map(pick_chip).collect_view()}
                                    </td>
                                    <td data-testid="fleet-status"><StatusBadge status=status />{cordon_badge(crate::cordon::is_group(&row.group))}</td>
                                    <td data-testid="fleet-os">{row.runner.os.clone()}</td>
                                    <td data-testid="fleet-busy">{if row.runner.busy { "busy" } else { "" }}</td>
                                </tr>
                            }
                        }
                    </For>
                    <tr class="pad" aria-hidden="true" style:height=move || virt.bottom_pad()></tr>
                </tbody>
            </table>
        </div>
    }
}
