//! The runners table: sortable columns, selection, and only the visible rows in the DOM, so ten
//! thousand runners scroll as smoothly as ten.
use std::collections::BTreeSet;

use leptos::prelude::*;

use super::label_chip::{pick_chips, picked_label};
use super::selection::{select_all, toggle_row};
use super::{cordon_badge, row_status_badge, VirtualRows};
use crate::audit::OfflineView;
use crate::fleet::{group_name, SortKey, Status};
use crate::github::models::{Runner, RunnerGroup};
use crate::github::Scope;

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
    let virt = VirtualRows::new(rows);
    let has_offline_for = Memo::new(move |_| offline_for.with(Option::is_some));

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
            <th scope="col" class=format!("col-{}", key.key()) aria-sort=aria_sort>
                <button type="button" class="sort" data-testid=format!("sort-{}", key.key()) on:click=move |_| on_sort.run(key)>
                    {title}
                    <span aria-hidden="true">{arrow}</span>
                </button>
            </th>
        }
    };

    // A row is keyed by its position and updates its cells in place (see `VirtualRows::slot`).
    let row = move |p: usize| {
        let slot = virt.slot(all, p);
        let runner = slot.item;
        let id = move || runner.with(|r| r.as_ref().map(|r| r.id));
        let text = move |f: fn(&Runner) -> String| move || runner.with(|r| r.as_ref().map(f).unwrap_or_default());
        let status = Memo::new(move |_| runner.with(|r| r.as_ref().map(Status::of)));
        let cordoned = Memo::new(move |_| runner.with(|r| r.as_ref().is_some_and(|r| groups.with(|g| crate::cordon::State::of(r, g).is_cordoned()))));
        let labels = Memo::new(move |_| runner.with(|r| r.as_ref().map(|r| r.labels.clone()).unwrap_or_default()));
        let row_class = move || slot.class(id().is_some_and(|id| changed.with(|c| c.contains(&id))));
        let checked = move || id().is_some_and(|id| selected.with(|s| s.contains(&id)));
        let toggle = toggle_row(selected, id);
        let href = move || id().map(|id| scope.with_value(|s| crate::routes::runner(s, id))).unwrap_or_default();
        let offline = move || offline_for.with(|o| id().and_then(|id| o.as_ref()?.cell(id)).unwrap_or_default());
        view! {
            <tr class=row_class aria-hidden=move || slot.hidden() data-testid="runner-row" data-runner-id=move || id().map(|id| id.to_string()).unwrap_or_default() data-status=move || status.get().map(Status::key).unwrap_or_default()>
                <td class="select">
                    <input type="checkbox" aria-label=text(|r| format!("Select {}", r.name)) prop:checked=checked on:change=toggle data-testid="select-row" />
                </td>
                // A plain link, whose clicks the router takes: its <A> costs memos of its own per
                // row.
                <td class="name">
                    <a href=href data-testid="runner-name">{text(|r| r.name.clone())}</a>
                </td>
                <td>{row_status_badge(status)}{move || cordon_badge(cordoned.get())}</td>
                <td>{text(|r| r.os.clone())}</td>
                <td class="labels">{pick_chips(labels)}</td>
                {show_group.then(|| view! { <td data-testid="runner-group">{move || runner.with(|r| r.as_ref().map(|r| groups.with(|g| group_name(g, r.runner_group_id))).unwrap_or_default())}</td> })}
                <td>{move || runner.with(|r| if r.as_ref().and_then(|r| r.ephemeral) == Some(true) { "yes" } else { "" })}</td>
                <td>{text(|r| r.version.clone().unwrap_or_default())}</td>
                {move || has_offline_for.get().then(|| view! { <td data-testid="offline-for" title=move || offline().1>{move || offline().0}</td> })}
            </tr>
        }
    };

    view! {
        <div class="table-scroll" node_ref=virt.scroller on:scroll=move |_| virt.on_scroll() data-testid="runner-table">
            <table class="runners virtual" on:click=move |ev| if let Some(label) = picked_label(&ev) { on_label.run(label) }>
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
                        {move || has_offline_for.get().then(|| header(SortKey::OfflineFor, "Offline for"))}
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
