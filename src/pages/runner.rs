//! One runner: every field, its group, the label editor, moving it between groups, and removing it.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::{cordon_badge, ErrorBox, GroupMover, JobPanel, LabelEditor, RunnerHistory, RunnerLifecycle, RunnerRemoval, StatusBadge};
use crate::data::{scope_groups, write_action, Activity, Jobs, ListViews, PageApi};
use crate::fleet::Status;
use crate::github::models::Runner;
use crate::github::request as ops;
use crate::github::Scope;
use crate::routes;

/// `id` is what the path names, `None` when it is not a number.
#[component]
pub fn RunnerPage(id: Option<u64>) -> impl IntoView {
    match id {
        Some(id) => view! { <RunnerView id=id/> }.into_any(),
        None => view! { <p class="error" role="alert">"This address names no valid runner."</p> }.into_any(),
    }
}

#[component]
fn RunnerView(id: u64) -> impl IntoView {
    let scope = expect_context::<Scope>();
    let list_views = use_context::<ListViews>().unwrap_or_default();
    let api = PageApi::new();
    let write = write_action(api);
    let jobs = expect_context::<Jobs>();
    let origin = StoredValue::new(routes::runner(&scope, id));
    let finished = Memo::new(move |_| origin.with_value(|o| jobs.finished_at(o)));
    // Each write a job makes (a drain's cordon) is seen too: a look revalidates, free while unchanged.
    let activity = expect_context::<Activity>();
    let writes = Memo::new(move |_| activity.entries().with(Vec::len));
    let load_scope = scope.clone();
    // Every write on this page, and every job it started that ends, is followed by a fresh read.
    let runner_res = LocalResource::new(move || {
        write.version().track();
        crate::data::depend_on(&finished);
        crate::data::depend_on(&writes);
        let client = api.client();
        let call = ops::get_runner(&load_scope, id);
        async move { client?.send(call).await }
    });
    let groups_scope = scope.clone();
    let groups_res = LocalResource::new(move || {
        write.version().track();
        crate::data::depend_on(&finished);
        crate::data::depend_on(&writes);
        let client = api.client();
        let scope = groups_scope.clone();
        async move { scope_groups(&client?, &scope).await }
    });
    // The last good read, so a failed refresh never blanks the page.
    let runner = Memo::new(move |prev: Option<&Option<Runner>>| match runner_res.get() {
        Some(Ok(fresh)) => Some(fresh),
        _ => prev.cloned().flatten(),
    });
    let load_error = move || runner_res.get().and_then(Result::err);
    let groups = Signal::derive(move || groups_res.get().and_then(Result::ok).unwrap_or_default());
    let show_groups = scope.has_groups();
    let scope_sv = StoredValue::new(scope.clone());

    view! {
        <section class="panel runner-page" data-testid="runner-page">
            <p><A href=list_views.url_for(routes::runners(&scope))>"← All runners"</A></p>
            {move || load_error().map(|e| view! { <ErrorBox error=e scope=scope_sv.get_value() /> })}
            {move || (runner.with(Option::is_none) && load_error().is_none()).then(|| view! { <p class="hint">"Loading…"</p> })}
            {move || runner.get().map(|r| {
                let group = r.runner_group_id.and_then(|g| groups.get().into_iter().find(|x| x.id == g));
                let status = Status::of(&r);
                view! {
                    <h1 data-testid="runner-title" dir="auto">{r.name.clone()}</h1>
                    <dl class="facts" data-testid="runner-facts">
                        <dt>"ID"</dt><dd>{r.id}</dd>
                        <dt>"Status"</dt><dd data-testid="runner-status"><StatusBadge status=status />{cordon_badge(crate::cordon::State::of(&r, &groups.get()).is_cordoned())}</dd>
                        <dt>"OS"</dt><dd>{r.os.clone()}</dd>
                        <dt>"Ephemeral"</dt><dd>{match r.ephemeral { Some(true) => "yes", Some(false) => "no", None => "not reported" }}</dd>
                        <dt>"Runner version"</dt><dd>{r.version.clone().unwrap_or_else(|| "not reported (never connected)".into())}</dd>
                        {show_groups.then(|| view! {
                            <dt>"Runner group"</dt>
                            <dd data-testid="runner-group">
                                {match group.clone() {
                                    Some(g) => view! { <A href=scope_sv.with_value(|s| routes::group(s, g.id))>{g.name.clone()}</A> }.into_any(),
                                    None => view! { <span>{r.runner_group_id.map(|g| format!("group {g}")).unwrap_or_else(|| "none".into())}</span> }.into_any(),
                                }}
                            </dd>
                        })}
                    </dl>
                }
            })}
            // The last write's outcome, until the next one starts.
            {move || (!write.pending().get()).then(|| write.value().get()).flatten().map(|result| match result {
                Ok((message, _)) => view! { <p class="ok" role="status" data-testid="op-message">{message}</p> }.into_any(),
                Err(e) => view! { <ErrorBox error=e scope=scope_sv.get_value() /> }.into_any(),
            })}
        </section>

        <Show when=move || runner.with(Option::is_some)>
            <LabelEditor scope=scope_sv.get_value() runner=runner write=write api=api />
            {show_groups.then(|| view! { <GroupMover scope=scope_sv.get_value() runner=runner groups=groups write=write /> })}
            <RunnerLifecycle scope=scope_sv.get_value() runner=runner groups=groups origin=origin.get_value() api=api />
            <For each=move || origin.with_value(|o| jobs.shown_at(o)) key=|id| *id let:id>
                <JobPanel id=id />
            </For>
            <RunnerRemoval scope=scope_sv.get_value() runner=runner api=api />
            <RunnerHistory scope=scope_sv.get_value() runner=runner api=api />
        </Show>
    }
}
