//! The runners table: sortable columns, selection, and only the visible rows in the DOM, so ten
//! thousand runners scroll as smoothly as ten.
use std::collections::BTreeSet;

use leptos::prelude::*;

use super::label_chip::{pick_chip, picked_label};
use super::selection::{select_all, toggle_row};
use super::{cordon_badge, StatusBadge, VirtualRows};
use crate::audit::OfflineView;
use crate::fleet::{group_name, SortKey, Status};
use crate::github::models::{Runner, RunnerGroup};
use crate::github::Scope;

/// What a row shows; a row re-renders exactly when this changes.
fn fingerprint(r: &Runner) -> String {
    let labels: Vec<&str> = r.labels.iter().map(|l| l.name.as_str()).collect();
    format!("{}|{}|{:?}|{}|{}|{:?}|{:?}", r.id, r.name, Status::of(r), r.os, labels.join(","), r.runner_group_id, r.version)
}

#[component]
pub fn RunnerTable(
    /// The whole list.
    all: Memo<Option<Vec<Runner>>>,
    /// The rows to show, in order, as positions in `all`.
    #[prop(into)]
    rows: Signal<Vec<usize>>,
    #[prop(into)] groups: Signal<Vec<RunnerGroup>>,
    scope: Scope,
    selected: RwSignal<BTreeSet<u64>>,
    #[prop(into)] changed: Signal<BTreeSet<u64>>,
    #[prop(into)] sort: Signal<(SortKey, bool)>,
    on_sort: Callback<SortKey>,
    /// A click on a label chip: filter by that label.
    on_label: Callback<String>,
    /// The "Offline for" column, shown when the audit log could be read.
    #[prop(optional, into)]
    offline_for: Signal<Option<OfflineView>>,
) -> impl IntoView {
    let virt = VirtualRows::new(Signal::derive(move || rows.with(Vec::len)));
    let visible = move || {
        let (first, last) = virt.window.get();
        all.with(|a| rows.with(|r| r.get(first..last).map(|window| window.iter().filter_map(|&i| a.as_ref()?.get(i).cloned()).collect::<Vec<_>>()).unwrap_or_default()))
    };

    let show_group = scope.has_groups();
    let scope = StoredValue::new(scope);
    let all_selected = move || {
        let sel = selected.get();
        all.with(|a| rows.with(|r| !r.is_empty() && r.iter().filter_map(|&i| a.as_ref()?.get(i)).all(|x| sel.contains(&x.id))))
    };
    let toggle_all = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        select_all(selected, all.with_untracked(|a| rows.with_untracked(|r| r.iter().filter_map(|&i| a.as_ref()?.get(i)).map(|x| x.id).collect())), on);
    };
    let header = move |key: SortKey, title: &'static str| {
        let arrow = move || match sort.get() {
            (k, false) if k == key => " ▲",
            (k, true) if k == key => " ▼",
            _ => "",
        };
        let aria_sort = move || match sort.get() {
            (k, false) if k == key => "ascending",
            (k, true) if k == key => "descending",
            _ => "none",
        };
        view! {
            <th scope="col" aria-sort=aria_sort>
                <button type="button" class="sort" data-testid=format!("sort-{}", key.key()) on:click=move |_| on_sort.run(key)>
                    {title}
                    <span aria-hidden="true">{arrow}</span>
                </button>
            </th>
        }
    };

    view! {
        <div class="table-scroll" node_ref=virt.scroller on:scroll=move |_| virt.on_scroll() data-testid="runner-table">
            <table class="runners" on:click=move |ev| if let Some(label) = picked_label(&ev) { on_label.run(label) }>
                <thead>
                    <tr>
                        <th scope="col" class="select">
                            <input
                                type="checkbox"
                                aria-label="Select all runners matching the filter"
                                data-testid="select-all"
                                prop:checked=all_selected
                                on:change=toggle_all
                            />
                        </th>
                        {header(SortKey::Name, "Name")}
                        {header(SortKey::Status, "Status")}
                        {header(SortKey::Os, "OS")}
                        {header(SortKey::Labels, "Labels")}
                        {show_group.then(|| header(SortKey::Group, "Group"))}
                        {header(SortKey::Ephemeral, "Ephemeral")}
                        {header(SortKey::Version, "Version")}
                        {move || offline_for.with(Option::is_some).then(|| header(SortKey::OfflineFor, "Offline for"))}
                    </tr>
                </thead>
                <tbody>
                    <tr class="pad" aria-hidden="true" style:height=move || virt.top_pad()></tr>
                    <For each=visible key=fingerprint let:runner>
                        {
                            let id = runner.id;
                            let name = runner.name.clone();
                            let href = scope.with_value(|s| crate::routes::runner(s, id));
                            let (group, cordoned) = groups.with_untracked(|g| (group_name(g, runner.runner_group_id), crate::cordon::State::of(&runner, g).is_cordoned()));
                            let row_class = move || if changed.with(|c| c.contains(&id)) { "row changed" } else { "row" };
                            let checked = move || selected.with(|s| s.contains(&id));
                            let toggle = toggle_row(selected, id);
                            view! {
                                <tr class=row_class data-testid="runner-row" data-runner-id=id.to_string() data-status=Status::of(&runner).key()>
                                    <td class="select">
                                        <input type="checkbox" aria-label=format!("Select {name}") prop:checked=checked on:change=toggle data-testid="select-row" />
                                    </td>
                                    // A plain link, whose clicks the router takes: its <A> costs memos of
                                    // its own per row, and one keystroke can bring a whole window of rows.
                                    <td class="name">
                                        <a href=href data-testid="runner-name">{name.clone()}</a>
                                    </td>
                                    <td><StatusBadge status=Status::of(&runner) />{cordon_badge(cordoned)}</td>
                                    <td>{runner.os.clone()}</td>
                                    <td class="labels">
                                        {runner.labels.iter().map(pick_chip).collect_view()}
                                    </td>
                                    {show_group.then(|| view! { <td data-testid="runner-group">{group}</td> })}
                                    <td>{if runner.ephemeral == Some(true) { "yes" } else { "" }}</td>
                                    <td>{runner.version.clone().unwrap_or_default()}</td>
                                    {move || offline_for.with(|o| o.as_ref().map(|o| {
                                        let (text, title) = o.cell(id).unwrap_or_default();
                                        view! { <td data-testid="offline-for" title=title>{text}</td> }
                                    }))}
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
