//! Cordon, uncordon and "remove when idle" for the selected runners, or for one runner: each
//! confirmed with what it will do and to whom, then run as a job of the write queue.
use leptos::prelude::*;

use super::ConfirmDialog;
use crate::cordon;
use crate::data::drain::{self, Lifecycle, Plan};
use crate::data::{Activity, Jobs, PageApi};
use crate::github::models::{Runner, RunnerGroup};
use crate::github::Scope;

/// What the action does, said before it is done.
pub fn explain(action: Lifecycle) -> String {
    let group = cordon::GROUP_NAME;
    match action {
        Lifecycle::Cordon => format!(
            "Cordoned runners stay registered and finish the job they are running, but GitHub routes them no new job: each moves into the runner group “{group}”, \
             which no repository or organization may use, with a label recording the group it came from, so Uncordon restores it from any browser."
        ),
        Lifecycle::Uncordon => "Each runner goes back to the group its cordon label recorded (the Default group if that group is gone), and the label is removed.".into(),
        Lifecycle::Drain => format!(
            "Each runner is cordoned, then deleted the first moment it is idle. Runnerdeck looks every {} s, revalidating with its ETag, so looks cost nothing while nothing changes. \
             A busy runner is never deleted: one that takes a job in between waits again. Cancelling uncordons the runners not deleted yet. \
             The job goes on if you open another page of the console, and stops if you close the tab.",
            drain::RECHECK_SECS
        ),
    }
}

#[derive(Clone)]
struct Pending {
    action: Lifecycle,
    plan: Plan,
}

/// The three buttons and their confirmation. `targets` are the runners acted on, with their scopes.
#[component]
pub fn LifecycleActions(
    #[prop(into)] targets: Signal<Vec<(Scope, Runner)>>,
    #[prop(into)] groups: Signal<Vec<(Scope, RunnerGroup)>>,
    /// Cleared once a job starts; `None` for a single runner's page.
    #[prop(optional)]
    selected: Option<RwSignal<std::collections::BTreeSet<u64>>>,
    #[prop(into)] origin: String,
    api: PageApi,
    /// "selected runners" in the bulk bar, "this runner" on a runner's page.
    #[prop(into)]
    whom: String,
    /// Whether cordon and uncordon are offered (not where every runner is a repository's).
    #[prop(default = true)]
    cordon: bool,
) -> impl IntoView {
    let jobs = expect_context::<Jobs>();
    let activity = expect_context::<Activity>();
    let pending = RwSignal::new(None::<Pending>);
    let (error, set_error) = signal(None::<String>);
    let starting = RwSignal::new(false);
    let origin = StoredValue::new(origin);
    let prepare = move |action: Lifecycle| {
        let chosen = targets.get_untracked();
        if chosen.is_empty() {
            return set_error.set(Some("Select runners first (the checkbox in the header selects all that match the filter).".into()));
        }
        set_error.set(None);
        pending.set(Some(Pending { action, plan: drain::plan(action, &chosen, &groups.get_untracked()) }));
    };
    let run = move |_| {
        let Some(Pending { action, .. }) = pending.get_untracked() else { return };
        pending.set(None);
        let client = match api.write_client() {
            Ok(c) => c,
            Err(e) => return set_error.set(Some(e.to_string())),
        };
        let (chosen, known) = (targets.get_untracked(), groups.get_untracked());
        starting.set(true);
        if let Some(s) = selected {
            s.set(Default::default());
        }
        let pace = jobs.pace.get_untracked();
        leptos::task::spawn_local(async move {
            let start = drain::Start { action, targets: chosen, groups: known, origin: origin.get_value(), pace };
            let started = drain::start(jobs, activity, client, start).await;
            // The page may be gone by now: only `try_` from here on.
            starting.try_set(false);
            if let Err(e) = started {
                set_error.try_set(Some(e));
            }
        });
    };
    let button = move |action: Lifecycle, testid: &'static str| {
        view! {
            <button type="button" data-testid=testid disabled=move || starting.get() on:click=move |_| prepare(action)>{format!("{}…", action.verb())}</button>
        }
    };
    view! {
        <span class="lifecycle-actions" role="group" aria-label=format!("Take the {whom} out of service")>
            {cordon.then(|| view! { {button(Lifecycle::Cordon, "lifecycle-cordon")} {button(Lifecycle::Uncordon, "lifecycle-uncordon")} })}
            {button(Lifecycle::Drain, "lifecycle-drain")}
            {move || starting.get().then(|| view! { <span class="hint" role="status">"Starting: checking each scope’s cordon group…"</span> })}
            {move || error.get().map(|e| view! { <span class="error" role="alert" data-testid="lifecycle-error">{e}</span> })}
        </span>
        {move || pending.get().map(|Pending { action, plan }| {
            let n = plan.runner_count();
            let title = format!("{} {n} runner{}?", action.verb(), if n == 1 { "" } else { "s" });
            let names: Vec<String> = plan.ops.iter().map(|op| op.target.clone()).collect();
            let new_groups: Vec<String> = plan.new_groups.iter().map(ToString::to_string).collect();
            view! {
                <ConfirmDialog title=title confirm_label=format!("{} {n}", action.verb()) danger=action == Lifecycle::Drain
                    ready=Signal::derive(move || n > 0)
                    on_confirm=Callback::new(run) on_cancel=Callback::new(move |_| pending.set(None))>
                    <p data-testid="lifecycle-explain">{explain(action)}</p>
                    {(plan.uncordoned_deletes > 0).then(|| view! {
                        <p class="warning" data-testid="lifecycle-repo-warning">{format!(
                            "{} of them {} repository runners, which cannot be cordoned: they may take new jobs until the moment they are deleted.",
                            plan.uncordoned_deletes, if plan.uncordoned_deletes == 1 { "is a" } else { "are" }
                        )}</p>
                    })}
                    {(!new_groups.is_empty()).then(|| view! {
                        <p class="hint" data-testid="lifecycle-new-group">{format!("The runner group “{}” will be created, closed to everyone, in: {}.", cordon::GROUP_NAME, new_groups.join(", "))}</p>
                    })}
                    <ul class="target-list" data-testid="dialog-targets">{names.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                    {(!plan.skipped.is_empty()).then(|| view! { <p class="hint" data-testid="dialog-skipped">{format!("Left alone: {}", plan.skipped.join(", "))}</p> })}
                </ConfirmDialog>
            }
        })}
    }
}
