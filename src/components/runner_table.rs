//! The runners table: sortable columns, selection, and only the visible rows in the DOM, so ten
//! thousand runners scroll as smoothly as ten.
use std::collections::BTreeSet;

use leptos::html;
use leptos::prelude::*;
use leptos_router::components::A;
use wasm_bindgen::JsCast;

use super::{LabelChip, StatusBadge};
use crate::fleet::{group_name, SortKey, Status};
use crate::github::models::{Runner, RunnerGroup};
use crate::github::Scope;

/// A row's height at desktop widths; narrow screens show taller cards, measured as they render.
const ROW_HEIGHT: f64 = 40.0;
const OVERSCAN: usize = 30;

/// What a row shows; a row re-renders exactly when this changes.
fn fingerprint(r: &Runner) -> String {
    let labels: Vec<&str> = r.labels.iter().map(|l| l.name.as_str()).collect();
    format!("{}|{}|{:?}|{}|{}|{:?}|{:?}", r.id, r.name, Status::of(r), r.os, labels.join(","), r.runner_group_id, r.version)
}

#[component]
pub fn RunnerTable(
    #[prop(into)] rows: Signal<Vec<Runner>>,
    #[prop(into)] groups: Signal<Vec<RunnerGroup>>,
    scope: Scope,
    selected: RwSignal<BTreeSet<u64>>,
    #[prop(into)] changed: Signal<BTreeSet<u64>>,
    #[prop(into)] sort: Signal<(SortKey, bool)>,
    on_sort: Callback<SortKey>,
    /// A click on a label chip: filter by that label.
    on_label: Callback<String>,
) -> impl IntoView {
    let scroller = NodeRef::<html::Div>::new();
    let (scroll_top, set_scroll_top) = signal(0.0f64);
    let (viewport, set_viewport) = signal(640.0f64);
    let row_height = RwSignal::new(ROW_HEIGHT);
    // The rendered rows' mean height, for the pads that stand for the rows not in the DOM.
    let measure = move || {
        let Some(el) = scroller.try_get_untracked().flatten() else { return };
        let list = el.get_elements_by_class_name("row");
        let heights: Vec<f64> =
            (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok()).map(|r| r.offset_height() as f64).filter(|h| *h > 0.0).collect();
        if !heights.is_empty() {
            let mean = heights.iter().sum::<f64>() / heights.len() as f64;
            // Only a real change of layout (rows to cards, or back): small differences between windows
            // of rows must not make the window move again.
            // A frame later the table may be gone: nothing to measure for.
            let Some(now) = row_height.try_get_untracked() else { return };
            if (mean - now).abs() > now * 0.25 {
                row_height.try_set(mean);
            }
        }
    };
    let on_scroll = move |_| {
        if let Some(el) = scroller.get() {
            set_scroll_top.set(el.scroll_top() as f64);
            set_viewport.set((el.client_height() as f64).max(200.0));
        }
    };
    let window = Memo::new(move |_| {
        let len = rows.with(Vec::len);
        let h = row_height.get();
        let first = ((scroll_top.get() / h) as usize).saturating_sub(OVERSCAN).min(len);
        let count = (viewport.get() / h) as usize + 2 * OVERSCAN;
        (first, (first + count).min(len))
    });
    // Measured when rows first appear and when the screen is resized, never on scroll: the height
    // decides which rows render, so measuring those again could swing back and forth.
    let has_rows = Memo::new(move |_| rows.with(|r| !r.is_empty()));
    Effect::new(move |_| {
        if has_rows.get() {
            request_animation_frame(measure);
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    let visible = move || {
        let (first, last) = window.get();
        rows.with(|r| r[first..last].to_vec())
    };
    // Set through the style property, not a `style` attribute, which the CSP's `style-src 'self'` blocks.
    let top_pad = move || format!("{}px", window.get().0 as f64 * row_height.get());
    let bottom_pad = move || format!("{}px", (rows.with(Vec::len) - window.get().1) as f64 * row_height.get());

    let show_group = scope.has_groups();
    let scope = StoredValue::new(scope);
    let all_selected = move || {
        let sel = selected.get();
        rows.with(|r| !r.is_empty() && r.iter().all(|x| sel.contains(&x.id)))
    };
    let toggle_all = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        let ids: Vec<u64> = rows.with_untracked(|r| r.iter().map(|x| x.id).collect());
        selected.update(|s| {
            if on {
                s.extend(ids);
            } else {
                for id in ids {
                    s.remove(&id);
                }
            }
        });
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
        <div class="table-scroll" node_ref=scroller on:scroll=on_scroll data-testid="runner-table">
            <table class="runners">
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
                    </tr>
                </thead>
                <tbody>
                    <tr class="pad" aria-hidden="true" style:height=top_pad></tr>
                    <For each=visible key=fingerprint let:runner>
                        {
                            let id = runner.id;
                            let name = runner.name.clone();
                            let href = scope.with_value(|s| crate::routes::runner(s, id));
                            let group = group_name(&groups.get_untracked(), runner.runner_group_id);
                            let row_class = move || if changed.with(|c| c.contains(&id)) { "row changed" } else { "row" };
                            let checked = move || selected.with(|s| s.contains(&id));
                            let toggle = move |ev: leptos::ev::Event| {
                                let on = event_target_checked(&ev);
                                selected.update(|s| {
                                    if on {
                                        s.insert(id);
                                    } else {
                                        s.remove(&id);
                                    }
                                });
                            };
                            view! {
                                <tr class=row_class data-testid="runner-row" data-runner-id=id.to_string() data-status=Status::of(&runner).key()>
                                    <td class="select">
                                        <input type="checkbox" aria-label=format!("Select {name}") prop:checked=checked on:change=toggle data-testid="select-row" />
                                    </td>
                                    <td class="name">
                                        <A href=href attr:data-testid="runner-name">{name.clone()}</A>
                                    </td>
                                    <td><StatusBadge status=Status::of(&runner) /></td>
                                    <td>{runner.os.clone()}</td>
                                    <td class="labels">
                                        {runner.labels.iter().cloned().map(|l| view! { <LabelChip label=l on_pick=on_label /> }).collect_view()}
                                    </td>
                                    {show_group.then(|| view! { <td data-testid="runner-group">{group}</td> })}
                                    <td>{if runner.ephemeral == Some(true) { "yes" } else { "" }}</td>
                                    <td>{runner.version.clone().unwrap_or_default()}</td>
                                </tr>
                            }
                        }
                    </For>
                    <tr class="pad" aria-hidden="true" style:height=bottom_pad></tr>
                </tbody>
            </table>
        </div>
    }
}
