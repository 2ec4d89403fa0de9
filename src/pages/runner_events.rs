//! A scope's runner events from its audit log: registrations, removals, online and offline, updates
//! and group changes, with actor, time and target; filtered by GitHub (each filter is a `phrase`
//! qualifier), paged by GitHub's cursors, exported as CSV or JSON. A repository's come from its
//! organization's log, filtered to it with `repo:`. Filters and the page are in the URL.
use leptos::prelude::*;

use crate::audit::rows::{row, to_csv, to_json};
use crate::components::{query_state, ErrorBox};
use crate::data::audit::{audit_unavailable, runner_events};
use crate::data::PageApi;
use crate::export::save_file;
use crate::github::request::{self as ops, AuditFilter, Cursor, RunnerEventKind};
use crate::github::Scope;
use crate::routes;
use crate::view_query::{get, Pairs};

/// Entries a page shows.
const PAGE_SIZE: u32 = 50;

fn filter_of(p: &Pairs) -> AuditFilter {
    let text = |k: &str| get(p, k).map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
    AuditFilter { kinds: get(p, "kind").and_then(RunnerEventKind::from_key).into_iter().collect(), actor: text("actor"), since: text("since") }
}

fn cursor_of(p: &Pairs) -> Option<Cursor> {
    let value = |k: &str| get(p, k).filter(|v| !v.is_empty()).map(str::to_string);
    value("after").map(Cursor::After).or_else(|| value("before").map(Cursor::Before))
}

#[component]
pub fn RunnerEventsPage() -> impl IntoView {
    let scope = expect_context::<Scope>();
    let api = PageApi::new();
    let (actor_input, set_actor_input) = signal(String::new());
    let (since_input, set_since_input) = signal(String::new());
    let (view_state, set_query) = query_state(move |now| {
        set_actor_input.set(get(now, "actor").unwrap_or_default().to_string());
        set_since_input.set(get(now, "since").unwrap_or_default().to_string());
    });
    set_actor_input.set(view_state.with_untracked(|p| get(p, "actor").unwrap_or_default().to_string()));
    set_since_input.set(view_state.with_untracked(|p| get(p, "since").unwrap_or_default().to_string()));
    let filter = Memo::new(move |_| view_state.with(filter_of));
    let cursor = Memo::new(move |_| view_state.with(cursor_of));
    let phrase_scope = scope.clone();
    let phrase = Memo::new(move |_| filter.with(|f| ops::runner_phrase(&phrase_scope, f)));

    let load_scope = scope.clone();
    let page = LocalResource::new(move || {
        let (filter, cursor, valid) = (filter.get(), cursor.get(), phrase.with(Result::is_ok));
        let client = api.client();
        let scope = load_scope.clone();
        async move {
            if !valid {
                return Ok(None);
            }
            let client = client?;
            match runner_events(&client, &scope, &filter, PAGE_SIZE, cursor.as_ref()).await {
                Ok(p) => Ok(Some(Ok(p))),
                Err(e) => audit_unavailable(&e, &scope, Some(&client)).map(|why| Some(Err(why))).ok_or(e),
            }
        }
    });
    let loaded = move || page.get().and_then(Result::ok).flatten().and_then(Result::ok);
    let go = move |c: Option<Cursor>| {
        let (after, before) = match c {
            Some(Cursor::After(a)) => (Some(a), None),
            Some(Cursor::Before(b)) => (None, Some(b)),
            None => (None, None),
        };
        set_query.run(("after", after));
        set_query.run(("before", before));
    };
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        set_query.run(("actor", Some(actor_input.get_untracked().trim().to_string())));
        set_query.run(("since", Some(since_input.get_untracked())));
        go(None);
    };
    let file_name = format!("runner-events-{}", routes::scope_root(&scope).trim_start_matches('/').replace('/', "-"));
    let file_name = StoredValue::new(file_name);
    let download = move |csv: bool| {
        let events = loaded().map(|p| p.events).unwrap_or_default();
        let (text, mime, ext) = if csv { (to_csv(&events), "text/csv", "csv") } else { (to_json(&events), "application/json", "json") };
        save_file(&format!("{}.{ext}", file_name.get_value()), &text, mime);
    };
    let kinds: Vec<RunnerEventKind> = RunnerEventKind::ALL.into_iter().filter(|k| scope.has_groups() || *k != RunnerEventKind::Group).collect();
    let from = match &scope {
        Scope::Repo { owner, repo } => format!("From {owner}'s audit log, filtered to {owner}/{repo}."),
        Scope::Org { org } => format!("From {org}'s audit log: its runners and its repositories' runners."),
        Scope::Enterprise { slug } => format!("From the enterprise {slug}'s audit log: its own runners and groups."),
    };
    let error_scope = StoredValue::new(scope.clone());

    view! {
        <section class="panel runner-events" data-testid="runner-events">
            <h2>"Runner events"</h2>
            <p class="hint">{from}" Newest first; without a date GitHub searches the last three months."</p>
            <form class="filters inline-form" data-testid="events-filters" on:submit=apply>
                <label>
                    "Event"
                    <select data-testid="events-kind" on:change:target=move |ev| { set_query.run(("kind", Some(ev.target().value()))); go(None); }>
                        <option value="" prop:selected=move || filter.with(|f| f.kinds.is_empty())>"All runner events"</option>
                        {kinds.into_iter().map(|k| view! { <option value=k.key() prop:selected=move || filter.with(|f| f.kinds == [k])>{k.label()}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    "Actor (GitHub username)"
                    <input type="text" data-testid="events-actor" prop:value=actor_input on:input:target=move |ev| set_actor_input.set(ev.target().value()) />
                </label>
                <label>
                    "Since"
                    <input type="date" data-testid="events-since" prop:value=since_input on:input:target=move |ev| set_since_input.set(ev.target().value()) />
                </label>
                <button type="submit" data-testid="events-apply">"Apply"</button>
            </form>
            {move || phrase.get().err().map(|e| view! { <p class="error" role="alert" data-testid="events-filter-error">{e}</p> })}
            {move || match page.get() {
                None => Some(view! { <p class="hint" role="status">"Reading the audit log…"</p> }.into_any()),
                Some(Ok(None)) => None,
                Some(Err(e)) => Some(view! { <ErrorBox error=e scope=error_scope.get_value() retry=Callback::new(move |_| page.refetch()) /> }.into_any()),
                Some(Ok(Some(Err(why)))) => Some(view! { <p class="hint" role="note" data-testid="audit-unavailable">{why}</p> }.into_any()),
                Some(Ok(Some(Ok(p)))) => {
                    let (next, prev) = (p.next.clone(), p.prev.clone());
                    let (has_next, has_prev) = (next.is_some(), prev.is_some());
                    let rows: Vec<_> = p.events.iter().map(row).collect();
                    let empty = rows.is_empty();
                    Some(view! {
                        <div class="toolbar">
                            <div class="actions">
                                <button type="button" data-testid="events-newest" disabled=move || !has_prev on:click=move |_| go(None)>"Newest"</button>
                                <button type="button" data-testid="events-newer" disabled=move || !has_prev on:click=move |_| go(prev.clone())>"← Newer"</button>
                                <button type="button" data-testid="events-older" disabled=move || !has_next on:click=move |_| go(next.clone())>"Older →"</button>
                                <button type="button" data-testid="events-export-csv" on:click=move |_| download(true)>"Export this page (CSV)"</button>
                                <button type="button" data-testid="events-export-json" on:click=move |_| download(false)>"Export this page (JSON)"</button>
                            </div>
                        </div>
                        {empty.then(|| view! { <p class="hint" data-testid="events-empty">"No runner events match."</p> })}
                        <div class="table-wrap">
                            <table class="events" data-testid="events-table">
                                <thead><tr><th scope="col">"Time (UTC)"</th><th scope="col">"Event"</th><th scope="col">"Actor"</th><th scope="col">"Target"</th><th scope="col">"Where"</th><th scope="col">"Action"</th></tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|r| view! {
                                        <tr data-testid="event-row" data-key=r.key>
                                            <td>{r.time}</td>
                                            <td data-testid="event-kind">{r.event}</td>
                                            <td data-testid="event-actor"><bdi>{r.actor}</bdi></td>
                                            <td data-testid="event-target"><bdi>{r.target}</bdi></td>
                                            <td>{r.place}</td>
                                            <td><code>{r.action}</code></td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any())
                }
            }}
        </section>
    }
}
