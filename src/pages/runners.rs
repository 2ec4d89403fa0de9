//! The runners list of a scope: everything loaded concurrently, filtered and sorted in the browser
//! (state in the URL), refreshed with ETags, and acted on in bulk through the session's write queue.
use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::audit::OfflineView;
use crate::components::{clear_filters, query_state, ActiveFilters, AutoRefresh, BulkBar, ErrorBox, FilterBar, JobPanel, ProgressBar, RunnerTable, SelfHostedStanding, UsableRunners, VersionsPanel};
use crate::data::activity::clock_now;
use crate::data::audit::{audit_unavailable, offline_for};
use crate::data::writes::apply_effects;
use crate::data::{scope_groups, Activity, Jobs, PageApi};
use crate::export::save_file;
use crate::fleet::{self, changed_ids, counts, facets};
use crate::github::models::{Runner, RunnerGroup};
use crate::github::paginate::Completeness;
use crate::github::Scope;
use crate::session::Session;
use crate::{export, routes, versions, view_query};

mod rows;

/// Above this many runners, offer the server-side exact-name filter.
const LARGE_FLEET: usize = 1000;

#[derive(Clone, Debug, PartialEq)]
struct Fleet {
    runners: Vec<Runner>,
    groups: Vec<RunnerGroup>,
    completeness: Completeness,
    loaded_at: String,
    /// The activity log's sequence number when the load started: later writes are shown on top.
    seq: u64,
}

#[component]
pub fn RunnersPage() -> impl IntoView {
    let scope = expect_context::<Scope>();
    let session = expect_context::<Session>();
    let activity = expect_context::<Activity>();
    let jobs = expect_context::<Jobs>();
    let api = PageApi::new();
    let query = use_query_map();
    session.visited(&scope);

    let origin = routes::runners(&scope);
    let progress = RwSignal::new((0u32, 0u32));
    let loading = RwSignal::new(false);
    // A long list's first page, shown while the rest loads when nothing loaded before.
    let first_page = RwSignal::new(None::<Vec<Runner>>);
    let (name_input, set_name_input) = signal(query.with_untracked(|q| view_query::server_name_of(&view_query::pairs_of(q))).unwrap_or_default());
    let (view_state, set_query) = query_state(move |now| set_name_input.set(view_query::server_name_of(now).unwrap_or_default()));
    let server_name = Memo::new(move |_| view_state.with(|p| view_query::server_name_of(p)));
    // A job of this page that finishes makes the list load again (the rows already show its effects).
    let finished_here = {
        let origin = origin.clone();
        Memo::new(move |_| jobs.finished_at(&origin))
    };

    let load_scope = scope.clone();
    let known_groups = StoredValue::new(Vec::<RunnerGroup>::new());
    let fleet = LocalResource::new(move || {
        crate::data::depend_on(&finished_here);
        let name = server_name.get();
        let client = api.client();
        let scope = load_scope.clone();
        let seq = activity.seq_untracked();
        loading.try_set(true);
        progress.try_set((0, 0));
        async move {
            let result = async {
                let client = client?;
                // The group names are read beside the runners, not after them: one round trip less.
                let on_progress = move |d, t| {
                    progress.try_set((d, t));
                };
                let on_first = move |items: &[Runner]| {
                    if progress.try_get_untracked().is_some_and(|(_, pages)| pages > 1) {
                        first_page.try_set(Some(items.to_vec()));
                    }
                };
                let (loaded, groups) = futures::join!(client.all_runners_showing_first(&scope, name.as_deref(), &on_progress, &on_first), scope_groups(&client, &scope));
                let loaded = loaded?;
                // Group names are a nicety here; the runners stand without them. A failed read keeps
                // the names read before, so a filter by group name holds through a bad refresh.
                let groups = match groups {
                    Ok(groups) => {
                        known_groups.try_set_value(groups.clone());
                        groups
                    }
                    Err(_) => known_groups.try_get_value().unwrap_or_default(),
                };
                Ok(Fleet { runners: loaded.items, groups, completeness: loaded.completeness, loaded_at: clock_now(), seq })
            }
            .await;
            loading.try_set(false);
            first_page.try_set(None);
            result
        }
    });
    // The last list that loaded, kept while a refresh fails, and which rows changed since the one before.
    let last_good = Memo::new(move |prev: Option<&Option<(Fleet, BTreeSet<u64>)>>| match fleet.get() {
        Some(Ok(f)) => {
            let changed = prev.and_then(|p| p.as_ref()).map(|(p, _)| changed_ids(&p.runners, &f.runners)).unwrap_or_default();
            Some((f, changed))
        }
        _ => prev.cloned().flatten(),
    });
    // The loaded runners with every later write of this console shown on them; before the first
    // load ends, a long list's first page.
    let effects_scope = scope.clone();
    let runners = Memo::new(move |_| {
        last_good.with(|f| match f.as_ref() {
            Some((f, _)) => {
                let effects = activity.effects_since(&effects_scope, f.seq);
                let mut list = f.runners.clone();
                apply_effects(&mut list, &effects, f.groups.iter().find(|g| g.default).map(|g| g.id));
                Some(list)
            }
            None => first_page.get(),
        })
    });
    // The whole list, for what counts or sums it: nothing while only the first page is in.
    let whole = move || last_good.with(Option::is_some);

    // "Offline for": the audit log read again only when the set of offline runners changes.
    let offline_ids =
        Memo::new(move |_| runners.with(|r| r.as_ref().filter(|_| whole()).map(|r| r.iter().filter(|x| fleet::Status::of(x) == fleet::Status::Offline).map(|x| x.id).collect::<Vec<u64>>())));
    let offline_scope = scope.clone();
    let offline_read = LocalResource::new(move || {
        let ids = offline_ids.get();
        let client = api.client();
        let scope = offline_scope.clone();
        async move {
            let ids = ids.filter(|ids| !ids.is_empty())?;
            let client = client.ok()?;
            let now_ms = js_sys::Date::now() as i64;
            Some(match offline_for(&client, &scope, ids, now_ms).await {
                Ok((since, coverage)) => Ok((OfflineView { since, now_ms }, coverage.requests)),
                Err(e) => Err(audit_unavailable(&e, &scope, Some(&client)).unwrap_or_else(|| e.to_string())),
            })
        }
    });
    // Memos, not derived signals: every row of the table reads these, and a derived signal would
    // clone its value (every offline runner's instant, every group) once per read.
    let offline_view = Memo::new(move |_| offline_read.get().flatten().and_then(Result::ok).map(|(view, _)| view));
    let groups = Memo::new(move |_| last_good.with(|f| f.as_ref().map(|(f, _)| f.groups.clone()).unwrap_or_default()));
    let resolved = Memo::new(move |_| groups.with(|g| view_state.with(|p| view_query::filter_of(p, g))));
    let filter = Memo::new(move |_| resolved.with(|r| r.0.clone()));
    // Said once the fleet (and with it the group list) has loaded.
    // Memos, not derived signals: what reads them runs again only when they change, not on every
    // keystroke in the search box.
    let unapplied = Memo::new(move |_| if last_good.with(Option::is_none) { vec![] } else { resolved.with(|r| r.1.clone()) });
    let version_filter = Memo::new(move |_| filter.with(|f| f.version.clone()));
    let sort = Memo::new(move |_| view_state.with(|p| view_query::sort_of(p)));
    let rows = rows::filtered_in_order(runners, filter, sort, groups, offline_view);
    let rows_of = move |positions: &[usize]| runners.with_untracked(|a| a.as_deref().map(|a| positions.iter().filter_map(|&i| a.get(i).cloned()).collect::<Vec<Runner>>()).unwrap_or_default());
    let all_counts = move || runners.with(|r| r.as_ref().filter(|_| whole()).map(|r| counts(r)));
    let version_counts = Memo::new(move |_| runners.with(|r| r.as_ref().filter(|_| whole()).map(|r| versions::breakdown(r.iter().map(|x| x.version.as_deref())))));
    let facet_lists = Memo::new(move |_| runners.with(|r| r.as_ref().filter(|_| whole()).map(|r| facets(r)).unwrap_or_default()));
    let changed = Memo::new(move |_| last_good.with(|f| f.as_ref().map(|(_, c)| c.clone()).unwrap_or_default()));
    let selected = RwSignal::new(BTreeSet::<u64>::new());
    let target_scope = scope.clone();
    let targets = Signal::derive(move || {
        let sel = selected.get();
        if sel.is_empty() {
            return vec![];
        }
        runners.with(|a| rows.with(|r| r.iter().filter_map(|&i| a.as_ref()?.get(i)).filter(|x| sel.contains(&x.id)).map(|x| (target_scope.clone(), x.clone())).collect::<Vec<_>>()))
    });
    let group_scope = scope.clone();
    let scoped_groups = Signal::derive(move || groups.with(|g| g.iter().map(|g| (group_scope.clone(), g.clone())).collect::<Vec<_>>()));
    let load_error = move || fleet.get().and_then(|r| r.err());
    let failed_to_load = move || load_error().is_some() && last_good.with(Option::is_none);

    let download = {
        let scope = scope.clone();
        move |csv: bool| {
            let rows = rows.with_untracked(|r| rows_of(r));
            let groups = groups.get_untracked();
            let name = |id| fleet::group_name(&groups, id);
            let (text, mime, ext) = if csv { (export::to_csv(&rows, &name), "text/csv", "csv") } else { (export::to_json(&rows, &name), "application/json", "json") };
            save_file(&format!("runners-{}.{ext}", routes::scope_root(&scope).trim_start_matches('/').replace('/', "-")), &text, mime);
        }
    };
    let download = StoredValue::new(download);

    let large = move || runners.with(|r| r.as_ref().is_some_and(|r| r.len() > LARGE_FLEET)) || server_name.get().is_some();
    let jobs_here = {
        let origin = origin.clone();
        move || jobs.shown_at(&origin)
    };
    let error_scope = scope.clone();
    let show_group = scope.has_groups();

    view! {
        <section class="panel runners-page">
            <div class="toolbar">
                <div class="counts" data-testid="counts" aria-live="polite">
                    {move || match all_counts() {
                        Some(c) => view! {
                            <span data-testid="count-total"><strong>{c.total}</strong>" runners"</span>
                            <span data-testid="count-online"><strong>{c.online}</strong>" online"</span>
                            <span data-testid="count-busy"><strong>{c.busy}</strong>" active"</span>
                            <span data-testid="count-offline"><strong>{c.offline}</strong>" offline"</span>
                            <span data-testid="count-shown">{move || format!("{} shown", rows.with(Vec::len))}</span>
                        }.into_any(),
                        None => view! { <span data-testid="count-unknown">{move || if failed_to_load() { "Runners could not be loaded" } else { "Loading…" }}</span> }.into_any(),
                    }}
                </div>
                <div class="actions">
                    <button type="button" data-testid="refresh" on:click=move |_| fleet.refetch() disabled=move || loading.get()>
                        {move || if loading.get() { "Refreshing…" } else { "Refresh" }}
                    </button>
                    <AutoRefresh on_tick=Callback::new(move |_| fleet.refetch()) />
                    <button type="button" data-testid="export-csv" on:click=move |_| download.with_value(|d| d(true))>"Export CSV"</button>
                    <button type="button" data-testid="export-json" on:click=move |_| download.with_value(|d| d(false))>"Export JSON"</button>
                </div>
            </div>

            <SelfHostedStanding scope=scope.clone() api=api />
            <Show when=move || { loading.get() && progress.get().1 > 1 }>
                <ProgressBar done=Signal::derive(move || progress.get().0) total=Signal::derive(move || progress.get().1) unit="pages" />
            </Show>
            <Show when=move || loading.get() && last_good.with(Option::is_none)>
                <p class="hint" role="status" data-testid="loading">
                    {move || match first_page.with(|p| p.as_ref().map(Vec::len)) {
                        Some(n) => format!("Showing the first {n} runners while the rest load…"),
                        None => "Loading runners…".to_string(),
                    }}
                </p>
            </Show>
            {move || load_error().map(|e| {
                let stale = last_good.with(|f| f.as_ref().map(|(f, _)| f.loaded_at.clone()));
                view! {
                    <ErrorBox error=e scope=error_scope.clone() retry=Callback::new(move |_| fleet.refetch()) />
                    {stale.map(|t| view! { <p class="hint" data-testid="stale-note">{format!("Still showing the runners loaded at {t}.")}</p> })}
                }
            })}
            {move || last_good.with(|f| match f.as_ref().map(|(f, _)| f.completeness.clone()) {
                Some(Completeness::Changed { expected, loaded }) => Some(view! {
                    <p class="warning" role="status" data-testid="incomplete">
                        {format!("The fleet changed while loading: GitHub now counts {expected} runners and {loaded} were loaded. Refresh to load it again.")}
                    </p>
                }),
                _ => None,
            })}

            <VersionsPanel breakdown=version_counts filter=version_filter scope=scope.clone() api=api set_query=set_query />
            <FilterBar filter=filter facets=facet_lists groups=groups show_group=show_group set_query=set_query />
            <Show when=large>
                <form class="inline-form" data-testid="server-name-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    set_query.run(("name", Some(name_input.get_untracked().trim().to_string())));
                }>
                    <label>
                        "Exact runner name (asks GitHub, for very large fleets)"
                        <input type="text" data-testid="server-name" prop:value=name_input on:input:target=move |ev| set_name_input.set(ev.target().value()) />
                    </label>
                    <button type="submit">"Find on server"</button>
                    <Show when=move || server_name.get().is_some()>
                        <button type="button" on:click=move |_| { set_name_input.set(String::new()); set_query.run(("name", None)) }>"Show all"</button>
                    </Show>
                </form>
            </Show>

            <ActiveFilters filter=filter groups=groups unapplied=unapplied set_query=set_query />
            {move || offline_read.get().flatten().map(|read| match read {
                Ok((_, requests)) => view! { <p class="hint" data-testid="offline-for-cost">{format!("“Offline for” is read from the audit log's offline events ({requests} {}).", if requests == 1 { "request" } else { "requests" })}</p> }.into_any(),
                Err(why) => view! { <p class="hint" role="note" data-testid="offline-for-unavailable">{format!("The “Offline for” column needs the audit log. {why}")}</p> }.into_any(),
            })}
            <Show when=move || !failed_to_load()>
                <BulkBar targets=targets groups=scoped_groups show_group=show_group selected=selected origin=origin.clone() api=api />
            </Show>
            <For each=jobs_here.clone() key=|id| *id let:id>
                <JobPanel id=id on_select_failed=Callback::new(move |ids: Vec<u64>| selected.set(ids.into_iter().collect())) />
            </For>

            <RunnerTable
                all=runners
                rows=rows
                groups=groups
                scope=scope.clone()
                selected=selected
                changed=changed
                sort=sort
                on_sort=Callback::new(move |key| {
                    let mut pairs = view_state.get_untracked();
                    view_query::toggle_sort(&mut pairs, key);
                    set_query.run(("sort", view_query::get(&pairs, "sort").map(str::to_string)));
                    set_query.run(("desc", view_query::get(&pairs, "desc").map(str::to_string)));
                })
                on_label=Callback::new(move |label: String| {
                    let labels = filter.with_untracked(|f| f.labels.clone());
                    set_query.run(("label", Some(view_query::with_label(&labels, &label))));
                })
                offline_for=offline_view
            />
            <Show when=move || whole() && runners.with(|r| r.as_ref().is_some_and(Vec::is_empty))>
                <p class="hint" data-testid="empty">"No runners here yet. Use “Add runner” to register one."</p>
            </Show>
            <Show when=move || runners.with(|r| r.as_ref().is_some_and(|r| !r.is_empty())) && rows.with(Vec::is_empty)>
                <p class="hint" data-testid="no-match">
                    "No runner matches these filters. "
                    <button type="button" data-testid="no-match-clear" on:click=move |_| clear_filters(set_query)>"Clear filters"</button>
                </p>
            </Show>
            <UsableRunners scope=scope.clone() api=api />
        </section>
    }
}
