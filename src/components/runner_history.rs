//! A runner's history from the audit log: who registered it and when, its last online and offline
//! transitions ("offline for 12 days"), and its group changes. When the log cannot be read, it says
//! why once and the rest of the page carries on.
use leptos::prelude::*;

use super::ErrorBox;
use crate::audit::{duration_text, rows::row, utc_text, History};
use crate::data::audit::{audit_unavailable, runner_history, Coverage, AUDIT_PER_PAGE};
use crate::data::PageApi;
use crate::github::models::Runner;
use crate::github::request::RunnerEventKind;
use crate::github::Scope;

fn when(at: i64, now: i64) -> String {
    format!("{} ({} ago)", utc_text(at), duration_text(now - at))
}

#[component]
pub fn RunnerHistory(scope: Scope, #[prop(into)] runner: Signal<Option<Runner>>, api: PageApi) -> impl IntoView {
    // Read again only when what the history depends on changes, not after every label edit.
    let key = Memo::new(move |_| runner.with(|r| r.as_ref().map(|r| (r.id, r.runner_group_id))));
    let load_scope = scope.clone();
    let read = LocalResource::new(move || {
        let wanted = key.get();
        let runner = runner.get_untracked();
        let client = api.client();
        let scope = load_scope.clone();
        async move {
            let (Some(_), Some(runner)) = (wanted, runner) else { return Ok(None) };
            let client = client?;
            let now = js_sys::Date::now() as i64;
            match runner_history(&client, &scope, &runner).await {
                Ok((history, coverage)) => Ok(Some(Ok((history, coverage, now)))),
                Err(e) => match audit_unavailable(&e, &scope, Some(&client)) {
                    Some(why) => Ok(Some(Err(why))),
                    None => Err(e),
                },
            }
        }
    });
    let scope_sv = StoredValue::new(scope);
    view! {
        <section class="panel" data-testid="runner-history" aria-labelledby="runner-history-title">
            <h2 id="runner-history-title">"History"</h2>
            {move || match read.get() {
                None | Some(Ok(None)) => view! { <p class="hint" role="status">"Reading the audit log…"</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e scope=scope_sv.get_value() retry=Callback::new(move |_| read.refetch()) /> }.into_any(),
                Some(Ok(Some(Err(why)))) => view! { <p class="hint" role="note" data-testid="audit-unavailable">{why}</p> }.into_any(),
                Some(Ok(Some(Ok((history, coverage, now))))) => view! { <HistoryFacts history=history coverage=coverage now=now scope=scope_sv.get_value() /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn HistoryFacts(history: History, coverage: Coverage, now: i64, scope: Scope) -> impl IntoView {
    let registered = match &history.registration {
        Some(r) => {
            let by = r.actor.clone().unwrap_or_else(|| "someone GitHub does not name".into());
            let how = if r.jit { "configured just-in-time" } else { "registered" };
            let certainty =
                if r.exact { String::new() } else { ". Probably: GitHub's registration entries do not name the runner, so this is the last registration here before it first came online".into() };
            format!("{how} by {by}, {}{certainty}", when(r.at_ms, now))
        }
        None => "not found in what was read of the audit log (registrations name no runner; one is matched to the runner's first online event)".into(),
    };
    let status = match (history.offline_since, history.last_online) {
        (Some(since), _) => format!("Offline since {} — offline for {}", utc_text(since), duration_text(now - since)),
        (None, Some(online)) => format!("Online since {}", when(online, now)),
        (None, None) => "No online or offline event for this runner in what was read".into(),
    };
    let transitions: Vec<_> = history
        .status_events
        .iter()
        .take(10)
        .map(|e| {
            let label = RunnerEventKind::of(e.operation()).map_or("Other", |k| k.label());
            view! { <li><time>{e.at_ms().map(utc_text).unwrap_or_default()}</time>" — "{label}</li> }
        })
        .collect();
    let groups: Vec<_> = history
        .group_events
        .iter()
        .take(10)
        .map(|e| {
            let r = row(e);
            let what = match e.operation() {
                "runner_group_runner_removed" => "removed from".to_string(),
                "runner_group_runners_added" => "runners added to (GitHub's entry names no runner)".to_string(),
                "runner_group_runners_updated" => "runners replaced in (GitHub's entry names no runner)".to_string(),
                other => other.replace('_', " "),
            };
            let group = e.runner_group_name.clone().or_else(|| e.runner_group_id.map(|g| format!("group #{g}"))).unwrap_or_default();
            view! { <li><time>{r.time}</time>" — "{format!("{what} {group}")}{e.actor.clone().map(|a| format!(" by {a}"))}</li> }
        })
        .collect();
    let oldest = coverage.oldest.map(|t| format!(", back to {}", utc_text(t))).unwrap_or_default();
    let extent = if coverage.complete { "all" } else { "the newest" };
    let requests = if coverage.requests == 1 { "1 request".to_string() } else { format!("{} requests", coverage.requests) };
    let read = format!("From {extent} {} runner events of the {scope}'s audit log{oldest} ({requests} of up to {AUDIT_PER_PAGE} entries).", coverage.entries);
    view! {
        <dl class="facts">
            <dt>"Registered"</dt><dd data-testid="history-registered">{registered}</dd>
            <dt>"Status"</dt><dd data-testid="history-status">{status}</dd>
        </dl>
        <h3>"Online and offline"</h3>
        {if transitions.is_empty() { view! { <p class="hint">"None in what was read."</p> }.into_any() } else { view! { <ul data-testid="history-transitions">{transitions}</ul> }.into_any() }}
        <h3>"Group changes"</h3>
        {if groups.is_empty() { view! { <p class="hint">"None in what was read."</p> }.into_any() } else { view! { <ul data-testid="history-groups">{groups}</ul> }.into_any() }}
        <p class="hint" data-testid="history-coverage">{read}</p>
    }
}
