//! The runners list of a scope: everything loaded concurrently, filtered and sorted in the browser
//! (state in the URL), refreshed with ETags, and acted on in bulk with a confirmation and a report.
use std::collections::BTreeSet;
use std::time::Duration;

use futures::stream::{self, StreamExt};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::groups::scope_groups;
use super::use_scope;
use crate::components::{ConfirmDialog, ErrorBox, ProgressBar, RunnerTable};
use crate::export;
use crate::fleet::{self, changed_ids, counts, facets, Filter, SortKey, Status};
use crate::github::models::{Runner, RunnerGroup};
use crate::github::paginate::Completeness;
use crate::github::request as ops;
use crate::github::Scope;
use crate::session::Session;

/// Requests in flight during bulk actions.
const BULK_CONCURRENCY: usize = 4;
/// Above this many runners, offer the server-side exact-name filter.
const LARGE_FLEET: usize = 1000;

#[derive(Clone, Debug, PartialEq)]
struct Fleet {
    scope: Scope,
    runners: Vec<Runner>,
    groups: Vec<RunnerGroup>,
    completeness: Completeness,
    changed: BTreeSet<u64>,
    loaded_at: String,
}

#[derive(Clone, Debug, PartialEq)]
enum BulkAction {
    Delete,
    AddLabel(String),
    RemoveLabel(String),
    MoveTo { group: u64, name: String },
}

impl BulkAction {
    fn verb(&self) -> String {
        match self {
            BulkAction::Delete => "Delete (force-remove)".into(),
            BulkAction::AddLabel(l) => format!("Add label “{l}” to"),
            BulkAction::RemoveLabel(l) => format!("Remove label “{l}” from"),
            BulkAction::MoveTo { name, .. } => format!("Move to group “{name}”"),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Bulk {
    Idle,
    Confirm { action: BulkAction, targets: Vec<(u64, String)>, skipped: Vec<String> },
    Running { action: BulkAction, done: u32, total: u32 },
    Report { action: BulkAction, succeeded: Vec<String>, failed: Vec<(String, String)>, skipped: Vec<String> },
}

fn clock_now() -> String {
    let d = js_sys::Date::new_0();
    format!("{:02}:{:02}:{:02}", d.get_hours(), d.get_minutes(), d.get_seconds())
}

#[component]
pub fn RunnersPage() -> impl IntoView {
    let scope = use_scope();
    move || match scope.get() {
        Some(s) => view! { <RunnersView scope=s/> }.into_any(),
        None => view! { <p class="error" role="alert">"This address names no valid scope."</p> }.into_any(),
    }
}

#[component]
fn RunnersView(scope: Scope) -> impl IntoView {
    let session = expect_context::<Session>();
    let query = use_query_map();
    let location = use_location();
    let navigate = use_navigate();

    let (progress, set_progress) = signal((0u32, 0u32));
    let (loading, set_loading) = signal(false);
    let last_good = RwSignal::new(None::<Fleet>);
    let view_state = RwSignal::new(query.with_untracked(|q| q.clone().into_iter().map(|(k, v)| (k.to_string(), v)).collect::<Vec<(String, String)>>()));
    let server_name = Memo::new(move |_| view_state.with(|pairs| pairs.iter().find(|(k, _)| k == "name").map(|(_, v)| v.clone()).filter(|n| !n.is_empty())));
    let scope_sv = StoredValue::new(scope.clone());

    let fleet = LocalResource::new(move || {
        let name = server_name.get();
        let scope = scope_sv.get_value();
        let client = session.client_or_err();
        async move {
            let client = client?;
            set_loading.set(true);
            set_progress.set((0, 0));
            let result = client.all_runners(&scope, name.as_deref(), &move |d, t| set_progress.set((d, t))).await;
            let outcome = match result {
                Ok(loaded) => {
                    // Group names are a nicety here; the runners stand without them.
                    let groups = scope_groups(&client, &scope).await.unwrap_or_default();
                    let changed = last_good.with_untracked(|prev| match prev {
                        Some(p) if p.scope == scope => changed_ids(&p.runners, &loaded.items),
                        _ => BTreeSet::new(),
                    });
                    last_good.set(Some(Fleet { scope: scope.clone(), runners: loaded.items, groups, completeness: loaded.completeness, changed, loaded_at: clock_now() }));
                    session.visited(&scope);
                    Ok(())
                }
                Err(e) => Err(e),
            };
            set_loading.set(false);
            outcome
        }
    });

    // ---- the view's state, mirrored into the URL so a filtered view can be shared ----
    // The URL is read once; afterwards this page owns the state and writes the URL, because router
    // navigations complete asynchronously and quick successive edits must not undo each other.
    let param = move |key: &str| view_state.with(|pairs| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()));
    let filter = Memo::new(move |_| Filter {
        text: param("q").unwrap_or_default(),
        status: param("status").and_then(|s| Status::from_key(&s)),
        labels: param("label").map(|l| l.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect()).unwrap_or_default(),
        os: param("os").filter(|s| !s.is_empty()),
        group: param("group").and_then(|g| g.parse().ok()),
    });
    let sort = Memo::new(move |_| (param("sort").and_then(|s| SortKey::from_key(&s)).unwrap_or_default(), param("desc").as_deref() == Some("1")));
    let set_query = {
        let navigate = navigate.clone();
        move |key: &str, value: Option<String>| {
            view_state.update(|pairs| {
                pairs.retain(|(k, _)| k != key);
                if let Some(v) = value.filter(|v| !v.is_empty()) {
                    pairs.push((key.to_string(), v));
                }
            });
            let qs: Vec<String> = view_state.with_untracked(|pairs| pairs.iter().map(|(k, v)| format!("{}={}", ops::encode(k), ops::encode(v))).collect());
            let path = location.pathname.get_untracked();
            let url = if qs.is_empty() { path } else { format!("{path}?{}", qs.join("&")) };
            navigate(&url, NavigateOptions { replace: true, scroll: false, ..Default::default() });
        }
    };
    let set_query = StoredValue::new(set_query);
    let set_q = move |k: &'static str, v: Option<String>| set_query.with_value(|f| f(k, v));

    let groups = Signal::derive(move || last_good.with(|f| f.as_ref().map(|f| f.groups.clone()).unwrap_or_default()));
    let rows = Memo::new(move |_| {
        last_good.with(|f| {
            let Some(f) = f else { return vec![] };
            let mut rows: Vec<Runner> = filter.with(|fl| f.runners.iter().filter(|r| fl.matches(r)).cloned().collect());
            let (key, desc) = sort.get();
            fleet::sort(&mut rows, key, desc, &|id| fleet::group_name(&f.groups, id));
            rows
        })
    });
    let all_counts = move || last_good.with(|f| f.as_ref().map(|f| counts(&f.runners)).unwrap_or_default());
    let facet_lists = Memo::new(move |_| last_good.with(|f| f.as_ref().map(|f| facets(&f.runners)).unwrap_or_default()));
    let changed = Signal::derive(move || last_good.with(|f| f.as_ref().map(|f| f.changed.clone()).unwrap_or_default()));
    let selected = RwSignal::new(BTreeSet::<u64>::new());
    let targets = move || {
        let sel = selected.get();
        rows.with(|r| r.iter().filter(|x| sel.contains(&x.id)).cloned().collect::<Vec<_>>())
    };

    // ---- auto-refresh, opt-in ----
    let (auto_secs, set_auto_secs) = signal(30u32);
    let (auto_on, set_auto_on) = signal(false);
    let interval = StoredValue::new_local(None::<IntervalHandle>);
    let restart_interval = move |on: bool, secs: u32| {
        if let Some(h) = interval.get_value() {
            h.clear();
        }
        interval.set_value(None);
        if on {
            let handle = set_interval_with_handle(move || fleet.refetch(), Duration::from_secs(secs.max(5) as u64)).ok();
            interval.set_value(handle);
        }
    };
    on_cleanup(move || {
        if let Some(h) = interval.get_value() {
            h.clear();
        }
    });

    // ---- bulk actions ----
    let bulk = RwSignal::new(Bulk::Idle);
    let (bulk_label, set_bulk_label) = signal(String::new());
    let (bulk_group, set_bulk_group) = signal(String::new());
    let (bulk_error, set_bulk_error) = signal(None::<String>);
    let prepare = move |action: BulkAction| {
        let chosen = targets();
        if chosen.is_empty() {
            return set_bulk_error.set(Some("Select runners first (the checkbox in the header selects all that match the filter).".into()));
        }
        let mut skipped = Vec::new();
        let list: Vec<(u64, String)> = match &action {
            BulkAction::AddLabel(l) | BulkAction::RemoveLabel(l) => {
                let read_only: Vec<String> = chosen.iter().flat_map(|r| r.labels.iter().filter(|x| x.is_read_only()).map(|x| x.name.clone())).collect();
                if let BulkAction::AddLabel(_) = action {
                    if let Err(e) = fleet::validate_labels(std::slice::from_ref(l), &read_only) {
                        return set_bulk_error.set(Some(e));
                    }
                }
                chosen
                    .iter()
                    .filter_map(|r| {
                        let has = r.custom_labels().any(|x| x.name.eq_ignore_ascii_case(l));
                        let relevant = if matches!(action, BulkAction::AddLabel(_)) { !has } else { has };
                        if relevant {
                            Some((r.id, r.name.clone()))
                        } else {
                            skipped.push(r.name.clone());
                            None
                        }
                    })
                    .collect()
            }
            BulkAction::Delete => chosen.iter().map(|r| (r.id, r.name.clone())).collect(),
            BulkAction::MoveTo { group, .. } => chosen
                .iter()
                .filter_map(|r| {
                    if r.runner_group_id == Some(*group) {
                        skipped.push(r.name.clone());
                        None
                    } else {
                        Some((r.id, r.name.clone()))
                    }
                })
                .collect(),
        };
        set_bulk_error.set(None);
        bulk.set(Bulk::Confirm { action, targets: list, skipped });
    };
    let run_bulk = move |_| {
        let Bulk::Confirm { action, targets, skipped } = bulk.get_untracked() else { return };
        let Some(client) = session.client() else { return };
        let scope = scope_sv.get_value();
        let total = targets.len() as u32;
        bulk.set(Bulk::Running { action: action.clone(), done: 0, total });
        leptos::task::spawn_local(async move {
            let mut succeeded = Vec::new();
            let mut failed = Vec::new();
            let mut results = stream::iter(targets)
                .map(|(id, name)| {
                    let (client, scope, action) = (client.clone(), scope.clone(), action.clone());
                    async move {
                        let outcome = match &action {
                            BulkAction::Delete => client.send(ops::delete_runner(&scope, id)).await,
                            BulkAction::AddLabel(l) => client.send(ops::add_custom_labels(&scope, id, std::slice::from_ref(l))).await.map(|_| ()),
                            BulkAction::RemoveLabel(l) => client.send(ops::remove_custom_label(&scope, id, l)).await.map(|_| ()),
                            BulkAction::MoveTo { group, .. } => client.send(ops::add_group_runner(&scope, *group, id)).await,
                        };
                        (name, outcome)
                    }
                })
                .buffer_unordered(BULK_CONCURRENCY);
            let mut done = 0;
            while let Some((name, outcome)) = results.next().await {
                done += 1;
                match outcome {
                    Ok(()) => succeeded.push(name),
                    Err(e) => failed.push((name, e.to_string())),
                }
                bulk.set(Bulk::Running { action: action.clone(), done, total });
            }
            drop(results);
            bulk.set(Bulk::Report { action, succeeded, failed, skipped });
            selected.set(BTreeSet::new());
            fleet.refetch();
        });
    };

    // ---- export ----
    let download = move |csv: bool| {
        let f = last_good.get_untracked();
        let groups = f.map(|f| f.groups).unwrap_or_default();
        let rows = rows.get_untracked();
        let name = |id| fleet::group_name(&groups, id);
        let (text, mime, ext) = if csv { (export::to_csv(&rows, &name), "text/csv", "csv") } else { (export::to_json(&rows, &name), "application/json", "json") };
        let file = format!("runners-{}.{ext}", scope_sv.with_value(|s| s.route().trim_start_matches('/').replace('/', "-")));
        save_file(&file, &text, mime);
    };

    let show_group = scope.has_groups();
    let large = move || last_good.with(|f| f.as_ref().is_some_and(|f| f.runners.len() > LARGE_FLEET)) || server_name.get().is_some();
    let (name_input, set_name_input) = signal(server_name.get_untracked().unwrap_or_default());

    view! {
        <section class="panel runners-page">
            <div class="toolbar">
                <div class="counts" data-testid="counts" aria-live="polite">
                    {move || {
                        let c = all_counts();
                        view! {
                            <span data-testid="count-total"><strong>{c.total}</strong>" runners"</span>
                            <span data-testid="count-online"><strong>{c.online}</strong>" online"</span>
                            <span data-testid="count-busy"><strong>{c.busy}</strong>" busy"</span>
                            <span data-testid="count-offline"><strong>{c.offline}</strong>" offline"</span>
                            <span data-testid="count-shown">{move || format!("{} shown", rows.with(Vec::len))}</span>
                        }
                    }}
                </div>
                <div class="actions">
                    <button type="button" data-testid="refresh" on:click=move |_| fleet.refetch() disabled=loading>
                        {move || if loading.get() { "Refreshing…" } else { "Refresh" }}
                    </button>
                    <label class="checkbox">
                        <input type="checkbox" data-testid="auto-refresh" prop:checked=auto_on on:change:target=move |ev| {
                            let on = ev.target().checked();
                            set_auto_on.set(on);
                            restart_interval(on, auto_secs.get_untracked());
                        } />
                        "Auto-refresh every"
                    </label>
                    <input type="number" class="short" min="5" aria-label="Auto-refresh interval in seconds" prop:value=move || auto_secs.get().to_string()
                        on:change:target=move |ev| {
                            let secs = ev.target().value().parse().unwrap_or(30).max(5);
                            set_auto_secs.set(secs);
                            restart_interval(auto_on.get_untracked(), secs);
                        } />
                    "s"
                    <button type="button" data-testid="export-csv" on:click=move |_| download(true)>"Export CSV"</button>
                    <button type="button" data-testid="export-json" on:click=move |_| download(false)>"Export JSON"</button>
                </div>
            </div>

            <Show when=move || { loading.get() && progress.get().1 > 1 }>
                <ProgressBar done=Signal::derive(move || progress.get().0) total=Signal::derive(move || progress.get().1) unit="pages" />
            </Show>
            <Show when=move || loading.get() && last_good.with(Option::is_none)>
                <p class="hint" data-testid="loading">"Loading runners…"</p>
            </Show>
            {move || fleet.get().and_then(|r| r.err()).map(|e| {
                let stale = last_good.with(|f| f.as_ref().map(|f| f.loaded_at.clone()));
                view! {
                    <ErrorBox error=e scope=scope_sv.get_value() />
                    {stale.map(|t| view! { <p class="hint" data-testid="stale-note">{format!("Still showing the runners loaded at {t}.")}</p> })}
                }
            })}
            {move || last_good.with(|f| match f.as_ref().map(|f| f.completeness.clone()) {
                Some(Completeness::Changed { expected, loaded }) => Some(view! {
                    <p class="warning" role="status" data-testid="incomplete">
                        {format!("The fleet changed while loading: GitHub now counts {expected} runners and {loaded} were loaded. Refresh to load it again.")}
                    </p>
                }),
                _ => None,
            })}

            <fieldset class="filters" data-testid="filters">
                <legend class="sr-only">"Filter runners"</legend>
                <label>
                    "Search"
                    <input type="search" data-testid="filter-text" placeholder="name or label" prop:value=move || filter.with(|f| f.text.clone())
                        on:input:target=move |ev| set_q("q", Some(ev.target().value())) />
                </label>
                <label>
                    "Status"
                    <select data-testid="filter-status" prop:value=move || filter.with(|f| f.status.map(|s| s.key().to_string()).unwrap_or_default())
                        on:change:target=move |ev| set_q("status", Some(ev.target().value()))>
                        <option value="">"Any"</option>
                        <option value="idle">"Idle"</option>
                        <option value="active">"Active"</option>
                        <option value="offline">"Offline"</option>
                    </select>
                </label>
                <label>
                    "OS"
                    <select data-testid="filter-os" prop:value=move || filter.with(|f| f.os.clone().unwrap_or_default())
                        on:change:target=move |ev| set_q("os", Some(ev.target().value()))>
                        <option value="">"Any"</option>
                        {move || facet_lists.get().1.into_iter().map(|os| view! { <option value=os.clone()>{os.clone()}</option> }).collect_view()}
                    </select>
                </label>
                {show_group.then(|| view! {
                    <label>
                        "Group"
                        <select data-testid="filter-group" prop:value=move || filter.with(|f| f.group.map(|g| g.to_string()).unwrap_or_default())
                            on:change:target=move |ev| set_q("group", Some(ev.target().value()))>
                            <option value="">"Any"</option>
                            {move || groups.get().into_iter().map(|g| view! { <option value=g.id.to_string()>{g.name.clone()}</option> }).collect_view()}
                        </select>
                    </label>
                })}
                <label>
                    "Labels (all of)"
                    <select multiple size="3" data-testid="filter-labels" on:change:target=move |ev| {
                        let options = ev.target().selected_options();
                        let picked: Vec<String> = (0..options.length()).filter_map(|i| options.item(i)).filter_map(|o| o.get_attribute("value")).collect();
                        set_q("label", Some(picked.join(",")));
                    }>
                        {move || facet_lists.get().0.into_iter().map(|l| {
                            let on = filter.with(|f| f.labels.iter().any(|x| x == &l));
                            view! { <option value=l.clone() selected=on>{l.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <Show when=move || !filter.with(Filter::is_empty)>
                    <button type="button" data-testid="clear-filters" on:click=move |_| {
                        for k in ["q", "status", "os", "group", "label"] {
                            set_q(k, None);
                        }
                    }>"Clear filters"</button>
                </Show>
            </fieldset>
            <Show when=large>
                <form class="inline-form" data-testid="server-name-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    set_q("name", Some(name_input.get_untracked().trim().to_string()));
                }>
                    <label>
                        "Exact runner name (asks GitHub, for very large fleets)"
                        <input type="text" data-testid="server-name" prop:value=name_input on:input:target=move |ev| set_name_input.set(ev.target().value()) />
                    </label>
                    <button type="submit">"Find on server"</button>
                    <Show when=move || server_name.get().is_some()>
                        <button type="button" on:click=move |_| { set_name_input.set(String::new()); set_q("name", None) }>"Show all"</button>
                    </Show>
                </form>
            </Show>

            <div class="bulk" data-testid="bulk-bar">
                <span data-testid="selected-count">{move || format!("{} selected", targets().len())}</span>
                <button type="button" class="danger" data-testid="bulk-delete" on:click=move |_| prepare(BulkAction::Delete)>"Delete selected…"</button>
                <input type="text" class="short-text" aria-label="Label for the selected runners" placeholder="label" data-testid="bulk-label"
                    prop:value=bulk_label on:input:target=move |ev| set_bulk_label.set(ev.target().value()) />
                <button type="button" data-testid="bulk-add-label" on:click=move |_| {
                    let l = bulk_label.get_untracked().trim().to_string();
                    if l.is_empty() { set_bulk_error.set(Some("Type the label to add.".into())) } else { prepare(BulkAction::AddLabel(l)) }
                }>"Add label…"</button>
                <button type="button" data-testid="bulk-remove-label" on:click=move |_| {
                    let l = bulk_label.get_untracked().trim().to_string();
                    if l.is_empty() { set_bulk_error.set(Some("Type the label to remove.".into())) } else { prepare(BulkAction::RemoveLabel(l)) }
                }>"Remove label…"</button>
                {show_group.then(|| view! {
                    <select aria-label="Group to move the selected runners to" data-testid="bulk-group" prop:value=bulk_group on:change:target=move |ev| set_bulk_group.set(ev.target().value())>
                        <option value="">"Move to group…"</option>
                        {move || groups.get().into_iter().filter(|g| !g.is_inherited()).map(|g| view! { <option value=g.id.to_string()>{g.name.clone()}</option> }).collect_view()}
                    </select>
                    <button type="button" data-testid="bulk-move" on:click=move |_| {
                        let picked = bulk_group.get_untracked().parse::<u64>().ok();
                        match picked.and_then(|id| groups.get_untracked().into_iter().find(|g| g.id == id)) {
                            Some(g) => prepare(BulkAction::MoveTo { group: g.id, name: g.name }),
                            None => set_bulk_error.set(Some("Choose the group to move the selected runners to.".into())),
                        }
                    }>"Move…"</button>
                })}
                {move || bulk_error.get().map(|e| view! { <span class="error" role="alert" data-testid="bulk-error">{e}</span> })}
            </div>
            {move || match bulk.get() {
                Bulk::Idle => None,
                Bulk::Confirm { action, targets, skipped } => {
                    let title = format!("{} {} runner{}?", action.verb(), targets.len(), if targets.len() == 1 { "" } else { "s" });
                    let danger = action == BulkAction::Delete;
                    let n = targets.len();
                    Some(view! {
                        <ConfirmDialog title=title confirm_label=format!("{} {n}", if danger { "Delete" } else { "Apply to" }) danger=danger
                            ready=Signal::derive(move || n > 0)
                            on_confirm=Callback::new(run_bulk) on_cancel=Callback::new(move |_| bulk.set(Bulk::Idle))>
                            {danger.then(|| view! { <p class="warning">"Deleting force-removes the runners from GitHub. A runner that is running a job cannot be deleted and will be reported."</p> })}
                            <ul class="target-list" data-testid="dialog-targets">
                                {targets.into_iter().map(|(_, name)| view! { <li>{name}</li> }).collect_view()}
                            </ul>
                            {(!skipped.is_empty()).then(|| view! { <p class="hint" data-testid="dialog-skipped">{format!("Left alone, nothing to change: {}", skipped.join(", "))}</p> })}
                        </ConfirmDialog>
                    }.into_any())
                }
                Bulk::Running { action, done, total } => Some(view! {
                    <div class="panel inset" data-testid="bulk-running">
                        <p>{format!("{} runners…", action.verb())}</p>
                        <ProgressBar done=Signal::derive(move || done) total=Signal::derive(move || total) unit="runners" />
                    </div>
                }.into_any()),
                Bulk::Report { action, succeeded, failed, skipped } => Some(view! {
                    <div class="panel inset report" data-testid="bulk-report" role="status">
                        <h3>{format!("{}: {} succeeded, {} failed", action.verb(), succeeded.len(), failed.len())}</h3>
                        {(!failed.is_empty()).then(|| view! {
                            <p>"These were not changed:"</p>
                            <ul data-testid="bulk-failures">
                                {failed.into_iter().map(|(name, why)| view! { <li><strong>{name}</strong>": "{why}</li> }).collect_view()}
                            </ul>
                        })}
                        {(!succeeded.is_empty()).then(|| view! {
                            <details><summary>"Done"</summary><ul data-testid="bulk-successes">{succeeded.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul></details>
                        })}
                        {(!skipped.is_empty()).then(|| view! { <p class="hint">{format!("Skipped, nothing to change: {}", skipped.join(", "))}</p> })}
                        <button type="button" data-testid="bulk-dismiss" on:click=move |_| bulk.set(Bulk::Idle)>"Dismiss"</button>
                    </div>
                }.into_any()),
            }}

            <RunnerTable
                rows=rows
                groups=groups
                scope=scope.clone()
                selected=selected
                changed=changed
                sort=sort
                on_sort=Callback::new(move |key: SortKey| {
                    let (current, desc) = sort.get_untracked();
                    let desc = current == key && !desc;
                    set_q("sort", Some(key.key().to_string()));
                    set_q("desc", desc.then(|| "1".to_string()));
                })
            />
            <Show when=move || last_good.with(|f| f.as_ref().is_some_and(|f| f.runners.is_empty()))>
                <p class="hint" data-testid="empty">"No runners here yet. Use “Add runner” to register one."</p>
            </Show>
        </section>
    }
}

/// Offers a text as a file download.
fn save_file(name: &str, text: &str, mime: &str) {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        if let Ok(a) = doc.create_element("a") {
            let a: web_sys::HtmlAnchorElement = a.unchecked_into();
            a.set_href(&url);
            a.set_download(name);
            a.set_attribute("data-testid", "download-link").ok();
            a.set_attribute("hidden", "").ok();
            if let Some(body) = doc.body() {
                let _ = body.append_child(&a);
                a.click();
                a.remove();
            }
        }
    }
    // Revoke later: the browser reads the blob after the click returns.
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}
