//! `/enterprises/SLUG/fleet`: every runner of the enterprise, its organizations and (opt-in) their
//! repositories in one table, with facets, a breakdown per organization, bulk actions across scopes
//! and export. The scan itself is the `ScanPanel`'s.
mod persist;
mod report;
mod scan_panel;

use std::collections::{BTreeSet, HashMap};

use leptos::prelude::*;

use crate::components::{clear_filters, query_state, ActiveFilters, BulkBar, FilterBar, FleetFacets, FleetTable, JobPanel, OrgBreakdown, SetQuery, VersionsPanel};
use crate::data::fleet_memory::{with_effects, SharedScan};
use crate::data::{Activity, FleetScans, Jobs, PageApi};
use crate::enterprise_fleet::{self as ef, FleetRunner, FLEET_KEYS};
use crate::export::save_file;
use crate::fleet::{Filter, Status};
use crate::github::Scope;
use crate::session::Session;
use crate::{routes, versions, view_query};
use scan_panel::ScanPanel;

/// Where the fleet of `slug` is kept: per server and per user, so two connections never mix their
/// fleets, and one person's kept scan is never shown to another signed in to the same server.
fn memory_key(session: &Session, slug: &str) -> String {
    session.connection.with(|c| match c {
        Some(c) => format!("{}|{}|{slug}", c.base().api_root, c.identity.as_ref().map(|i| i.user.login.as_str()).unwrap_or("")),
        None => format!("||{slug}"),
    })
}

/// Which runners differ from the scan before (new ones, or any field shown), by scope and id.
fn changed_rows(before: &[FleetRunner], after: &[FleetRunner]) -> BTreeSet<u64> {
    let old: HashMap<(&Scope, u64), &FleetRunner> = before.iter().map(|r| ((&r.scope, r.runner.id), r)).collect();
    after.iter().filter(|r| old.get(&(&r.scope, r.runner.id)).is_none_or(|o| *o != *r)).map(|r| r.runner.id).collect()
}

/// Every filter off: the runners list's and the fleet's own.
fn clear_fleet_filters(set_query: SetQuery) {
    clear_filters(set_query);
    for k in FLEET_KEYS {
        set_query.run((k, None));
    }
}

/// Every filter off, then the offline runners of every scope.
fn offline_everywhere(set_query: SetQuery) {
    clear_fleet_filters(set_query);
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
    let session = expect_context::<Session>();
    let activity = expect_context::<Activity>();
    let jobs = expect_context::<Jobs>();
    let key = {
        let slug = slug.clone();
        Memo::new(move |_| memory_key(&session, &slug))
    };
    let memory = Memo::new(move |_| scans.get(&key.get()));
    let identity_known = Memo::new(move |_| session.connection.with(|c| c.as_ref().is_some_and(|c| c.identity.is_some())));
    let scanned = Memo::new(move |_| memory.with(|m| m.scanned.clone()));
    let seq = Memo::new(move |_| memory.with(|m| m.seq));
    let connection = Memo::new(move |_| session.connection.with(|c| c.as_ref().map(|c| c.client.id()).unwrap_or(0)));
    // Only writes with an effect change the table: a failed write or a token leaves it alone.
    let effects = Memo::new(move |_| activity.effects_since_any(connection.get(), seq.get()));
    let all = Memo::new(move |_| scanned.with(|s| s.as_ref().map(|s| effects.with(|e| if e.is_empty() { s.runners.clone() } else { with_effects(s, e) }))));
    // The runners that differ from the scan before, marked in the table after a rescan.
    let changed = Memo::new(move |prev: Option<&(Option<SharedScan>, BTreeSet<u64>)>| {
        let now = scanned.get();
        match (prev.and_then(|p| p.0.as_ref()), now.as_ref()) {
            (Some(before), Some(after)) if before != after => (now.clone(), changed_rows(&before.runners, &after.runners)),
            (Some(_), Some(_)) => (now, prev.map(|p| p.1.clone()).unwrap_or_default()),
            _ => (now, BTreeSet::new()),
        }
    });
    let changed = Memo::new(move |_| changed.with(|c| c.1.clone()));

    let facets = Memo::new(move |_| all.with(|a| a.as_deref().map(ef::facets).unwrap_or_default()));
    let (view_state, set_query) = query_state(|_| {});
    let resolved = Memo::new(move |_| view_state.with(|p| ef::filter_of(p)));
    let filter = Memo::new(move |_| resolved.with(|r| r.0.clone()));
    let base_filter = Signal::derive(move || filter.with(|f| Filter { group: None, ..f.base.clone() }));
    let fleet_chips = Signal::derive(move || {
        filter.with(|f| {
            let mut chips = Vec::new();
            if let Some(l) = f.level {
                chips.push((format!("Scope: {}", l.label()), "scope"));
            }
            if let Some(o) = &f.org {
                chips.push((format!("Organization: {o}"), "org"));
            }
            if let Some(g) = &f.group {
                chips.push((format!("Group: {g}"), "group"));
            }
            chips
        })
    });
    // An organization or group the fleet does not have is said, not silently matched by nothing.
    let unapplied = Signal::derive(move || {
        let mut said = resolved.with(|r| r.1.clone());
        if all.with(Option::is_some) {
            filter.with(|f| {
                facets.with(|fa| {
                    if let Some(o) = f.org.as_ref().filter(|o| !fa.orgs.iter().any(|(x, _)| x.eq_ignore_ascii_case(o))) {
                        said.push(format!("No runner of the organization “{o}” is in this scan, so none is shown."));
                    }
                    if let Some(g) = f.group.as_ref().filter(|g| !fa.groups.iter().any(|x| x.eq_ignore_ascii_case(g))) {
                        said.push(format!("No runner group “{g}” is in this scan, so no runner is shown."));
                    }
                })
            });
        }
        said
    });
    let sort = Memo::new(move |_| view_state.with(|p| ef::sort_of(p)));
    // The fleet in the chosen order, as positions in `all`: sorted once per scan or sort, so a
    // keystroke in the filter only filters.
    let sorted = Memo::new(move |_| {
        let (key, desc) = sort.get();
        all.with(|list| list.as_deref().map(|l| ef::sorted_positions(l, key, desc)).unwrap_or_default())
    });
    let haystacks = Memo::new(move |_| all.with(|a| a.as_deref().map(|a| a.iter().map(ef::search_text).collect::<Vec<_>>()).unwrap_or_default()));
    let rows = Memo::new(move |_| {
        all.with(|list| {
            let Some(list) = list.as_deref() else { return vec![] };
            haystacks.with(|hay| sorted.with(|order| filter.with(|f| crate::fleet::matching_positions(list, order, hay, f.matcher()))))
        })
    });
    let rows_of = move |positions: &[usize]| all.with_untracked(|a| a.as_deref().map(|a| positions.iter().filter_map(|&i| a.get(i).cloned()).collect::<Vec<FleetRunner>>()).unwrap_or_default());
    let picker_facets = Signal::derive(move || facets.with(|f| (f.labels.iter().map(|(l, _)| l.clone()).collect(), f.oses.clone())));
    let breakdown = Memo::new(move |_| all.with(|a| a.as_deref().map(ef::breakdown).unwrap_or_default()));
    let version_counts = Memo::new(move |_| all.with(|a| a.as_deref().map(|a| versions::breakdown(a.iter().map(|r| r.runner.version.as_deref())))));
    let total_counts = Memo::new(move |_| all.with(|a| a.as_deref().map(ef::counts)));
    let selected = RwSignal::new(BTreeSet::<u64>::new());
    let targets = Signal::derive(move || {
        let sel = selected.get();
        if sel.is_empty() {
            return vec![];
        }
        all.with(|a| rows.with(|r| r.iter().filter_map(|&i| a.as_ref()?.get(i)).filter(|x| sel.contains(&x.runner.id)).map(|x| (x.scope.clone(), x.runner.clone())).collect::<Vec<_>>()))
    });
    let groups = Memo::new(move |_| scanned.with(|s| s.as_ref().map(|s| s.groups.clone()).unwrap_or_default()));
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
            // A fleet is kept per user: the panel waits until the connection knows who this is (a
            // session restored on reload is checked first), so it reads and keeps under one key.
            <Show when=move || identity_known.get() fallback=|| view! { <p class="hint" role="status" data-testid="fleet-checking">"Checking the connection…"</p> }>
                <ScanPanel slug=slug.clone() key=key memory=memory api=api />
            </Show>
            <Show when=move || all.with(Option::is_some)>
                <div class="toolbar">
                    <div class="counts" data-testid="fleet-counts" aria-live="polite">
                        {move || total_counts.get().map(|c| view! {
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
                <VersionsPanel breakdown=version_counts filter=Signal::derive(move || filter.with(|f| f.base.version.clone())) scope=scope.clone() api=api set_query=set_query />
                <FilterBar filter=base_filter facets=picker_facets groups=Signal::derive(Vec::new) show_group=false set_query=set_query />
                <ActiveFilters filter=base_filter groups=Signal::derive(Vec::new) unapplied=unapplied set_query=set_query extra=fleet_chips />
                <BulkBar targets=targets groups=groups show_group=true selected=selected origin=origin.clone() api=api />
                <For each=jobs_here.clone() key=|id| *id let:id>
                    <JobPanel id=id on_select_failed=Callback::new(move |ids: Vec<u64>| selected.set(ids.into_iter().collect())) />
                </For>
                <FleetTable
                    all=all
                    rows=rows
                    selected=selected
                    changed=changed
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
                        <button type="button" on:click=move |_| clear_fleet_filters(set_query)>"Clear filters"</button>
                    </p>
                </Show>
            </Show>
        </section>
    }
    .into_any()
}
