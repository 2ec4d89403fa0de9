//! `/enterprises/SLUG/fleet`: every runner of the enterprise, its organizations and (opt-in) their
//! repositories in one table, with facets, a breakdown per organization, bulk actions across scopes
//! and export. The scan itself is the `ScanPanel`'s.
mod persist;
mod report;
mod scan_panel;

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::components::{clear_filters, query_state, ActiveFilters, BulkBar, FilterBar, FleetFacets, FleetTable, JobPanel, OrgBreakdown, SetQuery};
use crate::data::fleet_memory::with_effects;
use crate::data::{Activity, FleetScans, Jobs, PageApi};
use crate::enterprise_fleet::{self as ef, FleetRunner, FLEET_KEYS};
use crate::export::save_file;
use crate::fleet::{changed_ids, counts, Filter, Status};
use crate::github::models::Runner;
use crate::github::Scope;
use crate::{routes, view_query};
use scan_panel::ScanPanel;

/// Where the fleet of `slug` is kept: per server, so two connections never mix their fleets.
fn memory_key(api: &PageApi, slug: &str) -> String {
    let root = api.client().map(|c| c.base().api_root.clone()).unwrap_or_default();
    format!("{root}|{slug}")
}

/// Every filter off, then the offline runners of every scope.
fn offline_everywhere(set_query: SetQuery) {
    clear_filters(set_query);
    for k in FLEET_KEYS {
        set_query.run((k, None));
    }
    set_query.run(("status", Some(Status::Offline.key().to_string())));
}

#[component]
pub fn FleetPage() -> impl IntoView {
    let scope = expect_context::<Scope>();
    let Scope::Enterprise { slug } = scope.clone() else {
        return view! { <p class="error" role="alert">"The fleet view belongs to an enterprise."</p> }.into_any();
    };
    let api = PageApi::new();
    let scans = expect_context::<FleetScans>();
    let activity = expect_context::<Activity>();
    let jobs = expect_context::<Jobs>();
    let key = {
        let slug = slug.clone();
        Memo::new(move |_| memory_key(&api, &slug))
    };
    let memory = Memo::new(move |_| scans.get(&key.get()));
    let scanned = Memo::new(move |_| memory.with(|m| m.scanned.clone()));
    let all = Memo::new(move |_| {
        memory.with(|m| {
            m.scanned.as_ref().map(|s| {
                let effects = activity.effects_since_any(m.seq);
                with_effects(s, &effects)
            })
        })
    });
    // The runners that differ from the scan before, marked in the table after a rescan.
    let changed = Memo::new(move |prev: Option<&(Option<Vec<Runner>>, BTreeSet<u64>)>| {
        let now: Option<Vec<Runner>> = scanned.with(|s| s.as_ref().map(|s| s.runners.iter().map(|r| r.runner.clone()).collect()));
        match (prev.and_then(|p| p.0.as_ref()), now.as_ref()) {
            (Some(before), Some(after)) if before != after => (now.clone(), changed_ids(before, after)),
            (Some(_), Some(_)) => (now, prev.map(|p| p.1.clone()).unwrap_or_default()),
            _ => (now, BTreeSet::new()),
        }
    });

    let (view_state, set_query) = query_state(|_| {});
    let resolved = Memo::new(move |_| view_state.with(|p| ef::filter_of(p)));
    let filter = Memo::new(move |_| resolved.with(|r| r.0.clone()));
    let base_filter = Signal::derive(move || filter.with(|f| Filter { group: None, ..f.base.clone() }));
    let unapplied = Signal::derive(move || resolved.with(|r| r.1.clone()));
    let sort = Memo::new(move |_| view_state.with(|p| ef::sort_of(p)));
    // The fleet in the chosen order, as positions in `all`: sorted once per scan or sort, so a
    // keystroke in the filter only filters.
    let sorted = Memo::new(move |_| {
        let (key, desc) = sort.get();
        all.with(|list| list.as_deref().map(|l| ef::sorted_positions(l, key, desc)).unwrap_or_default())
    });
    let rows = Memo::new(move |_| {
        all.with(|list| sorted.with(|order| filter.with(|f| list.as_deref().map(|l| order.iter().copied().filter(|&i| f.matches(&l[i])).collect::<Vec<usize>>()).unwrap_or_default())))
    });
    let rows_of = move |positions: &[usize]| all.with_untracked(|a| a.as_deref().map(|a| positions.iter().filter_map(|&i| a.get(i).cloned()).collect::<Vec<FleetRunner>>()).unwrap_or_default());
    let facets = Memo::new(move |_| all.with(|a| a.as_deref().map(ef::facets).unwrap_or_default()));
    let picker_facets = Signal::derive(move || facets.with(|f| (f.labels.iter().map(|(l, _)| l.clone()).collect(), f.oses.clone())));
    let breakdown = Signal::derive(move || all.with(|a| a.as_deref().map(ef::breakdown).unwrap_or_default()));
    let total_counts = move || all.with(|a| a.as_ref().map(|a| counts(&a.iter().map(|r| r.runner.clone()).collect::<Vec<_>>())));
    let selected = RwSignal::new(BTreeSet::<u64>::new());
    let targets = Signal::derive(move || {
        let sel = selected.get();
        all.with(|a| rows.with(|r| r.iter().filter_map(|&i| a.as_ref()?.get(i)).filter(|x| sel.contains(&x.runner.id)).map(|x| (x.scope.clone(), x.runner.clone())).collect::<Vec<_>>()))
    });
    let groups = Signal::derive(move || scanned.with(|s| s.as_ref().map(|s| s.groups.clone()).unwrap_or_default()));
    let origin = routes::fleet(&slug);
    let jobs_here = {
        let origin = origin.clone();
        move || jobs.shown_at(&origin)
    };
    let download = {
        let slug = slug.clone();
        move |csv: bool| {
            let rows = rows.with_untracked(|r| rows_of(r));
            let (text, mime, ext) = if csv { (ef::to_csv(&rows), "text/csv", "csv") } else { (ef::to_json(&rows), "application/json", "json") };
            save_file(&format!("fleet-{slug}.{ext}"), &text, mime);
        }
    };
    let download = StoredValue::new(download);

    view! {
        <section class="panel fleet-page">
            <ScanPanel slug=slug.clone() key=key api=api />
            <Show when=move || all.with(Option::is_some)>
                <div class="toolbar">
                    <div class="counts" data-testid="fleet-counts" aria-live="polite">
                        {move || total_counts().map(|c| view! {
                            <span data-testid="fleet-count-total"><strong>{c.total}</strong>" runners"</span>
                            <span data-testid="fleet-count-online"><strong>{c.online}</strong>" online"</span>
                            <span data-testid="fleet-count-busy"><strong>{c.busy}</strong>" active"</span>
                            <span data-testid="fleet-count-offline"><strong>{c.offline}</strong>" offline"</span>
                            <span data-testid="fleet-count-shown">{move || format!("{} shown", rows.with(Vec::len))}</span>
                        })}
                    </div>
                    <div class="actions">
                        <button type="button" data-testid="fleet-offline" on:click=move |_| offline_everywhere(set_query)>"Offline runners across the enterprise"</button>
                        <button type="button" data-testid="fleet-export-csv" on:click=move |_| download.with_value(|d| d(true))>"Export CSV"</button>
                        <button type="button" data-testid="fleet-export-json" on:click=move |_| download.with_value(|d| d(false))>"Export JSON"</button>
                    </div>
                </div>
                <FleetFacets facets=facets filter=filter set_query=set_query />
                <details class="breakdown-box" open>
                    <summary>"Per organization"</summary>
                    <OrgBreakdown rows=breakdown set_query=set_query />
                </details>
                <FilterBar filter=base_filter facets=picker_facets groups=Signal::derive(Vec::new) show_group=false set_query=set_query />
                <ActiveFilters filter=base_filter groups=Signal::derive(Vec::new) unapplied=unapplied set_query=set_query />
                <BulkBar targets=targets groups=groups show_group=true selected=selected origin=origin.clone() api=api />
                <For each=jobs_here.clone() key=|id| *id let:id>
                    <JobPanel id=id on_select_failed=Callback::new(move |ids: Vec<u64>| selected.set(ids.into_iter().collect())) />
                </For>
                <FleetTable
                    all=all
                    rows=rows
                    selected=selected
                    changed=Signal::derive(move || changed.with(|c| c.1.clone()))
                    sort=sort
                    on_sort=Callback::new(move |key: ef::FleetSort| {
                        let (now, desc) = sort.get_untracked();
                        let desc = now == key && !desc;
                        set_query.run(("sort", Some(key.key().to_string()).filter(|k| k != "name")));
                        set_query.run(("desc", desc.then(|| "1".to_string())));
                    })
                    on_label=Callback::new(move |label: String| {
                        let labels = filter.with_untracked(|f| f.base.labels.clone());
                        set_query.run(("label", Some(view_query::with_label(&labels, &label))));
                    })
                />
                <Show when=move || all.with(|a| a.as_ref().is_some_and(|a| !a.is_empty())) && rows.with(Vec::is_empty)>
                    <p class="hint" data-testid="fleet-no-match">
                        "No runner matches these filters. "
                        <button type="button" on:click=move |_| {
                            clear_filters(set_query);
                            for k in FLEET_KEYS {
                                set_query.run((k, None));
                            }
                        }>"Clear filters"</button>
                    </p>
                </Show>
            </Show>
        </section>
    }
    .into_any()
}
