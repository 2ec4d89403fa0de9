//! An organization's policy: all, selected or no repositories may use repository-level self-hosted
//! runners; with "selected", the list, managed as the group access lists are (one by one, or
//! replaced through a reviewed diff).
use leptos::prelude::*;

use crate::components::{ConfirmDialog, ErrorBox, MemberSection};
use crate::data::policy::{enabled_label, PolicyWrite};
use crate::data::{write_action, MemberList, PageApi, Write, WriteOp};
use crate::github::models::EnabledRepositories;
use crate::github::request as ops;
use crate::github::Scope;

const CHOICES: [(EnabledRepositories, &str, &str); 3] = [
    (EnabledRepositories::All, "policy-all", "Every repository may register and use its own runners."),
    (EnabledRepositories::Selected, "policy-selected", "Only the repositories on the list below."),
    (EnabledRepositories::None, "policy-none", "No repository: only organization and enterprise runners serve this organization."),
];

#[component]
pub fn OrgPolicy(org: String) -> impl IntoView {
    let api = PageApi::new();
    let scope = StoredValue::new(Scope::Org { org: org.clone() });
    let org = StoredValue::new(org);
    let write = write_action(api);
    let read = LocalResource::new(move || {
        write.version().track();
        let client = api.client();
        let call = ops::get_self_hosted_runners_permissions(&org.get_value());
        async move { client?.send(call).await }
    });
    let current = Memo::new(move |prev: Option<&Option<EnabledRepositories>>| match read.get() {
        Some(Ok(p)) => Some(p.enabled_repositories),
        _ => prev.cloned().flatten(),
    });
    let wanted = RwSignal::new(None::<EnabledRepositories>);
    let chosen = Memo::new(move |_| wanted.get().or_else(|| current.get()));
    // What the list holds now, for the dialog of a change to "selected".
    let list_now = Action::new_local(move |_: &()| {
        let client = api.client_untracked();
        let org = org.get_value();
        async move { Ok::<_, crate::github::ApiError>(client?.all_self_hosted_repositories(&org).await?.items.into_iter().map(|r| r.name).collect::<Vec<_>>()) }
    });
    let asking = RwSignal::new(None::<EnabledRepositories>);
    let send = move |to: EnabledRepositories| {
        let done = format!("Saved: {}.", enabled_label(&to));
        wanted.set(None);
        write.dispatch((WriteOp::new(&scope.get_value(), Write::Policy(PolicyWrite::SetEnabled(to)), org.get_value()), done));
    };
    let save = move |_| match chosen.get_untracked() {
        // Allowing every repository takes nothing away; the other two do, and are confirmed first.
        Some(EnabledRepositories::All) => send(EnabledRepositories::All),
        Some(to) => {
            list_now.dispatch(());
            asking.set(Some(to));
        }
        None => {}
    };
    let confirm = Callback::new(move |_: ()| {
        if let Some(to) = asking.get_untracked() {
            asking.set(None);
            send(to);
        }
    });
    let is_selected = move || current.get() == Some(EnabledRepositories::Selected);

    view! {
        <p class="hint">
            {format!("Which repositories of {} may use repository-level self-hosted runners: those registered to the repository itself. The organization's and the enterprise's runners are shared through runner groups instead.", org.get_value())}
        </p>
        {move || read.get().and_then(Result::err).map(|e| view! { <ErrorBox error=e scope=scope.get_value() retry=Callback::new(move |_| read.refetch()) /> })}
        <p data-testid="policy-current" data-value=move || current.get().map(|c| c.as_str().to_string())>
            {move || match current.get() {
                Some(EnabledRepositories::Other(v)) => format!("Now: “{v}”, a value Runnerdeck does not know."),
                Some(c) => format!("Now: {}.", enabled_label(&c)),
                None => "Reading the organization's policy…".to_string(),
            }}
        </p>
        <Show when=move || current.get().is_some()>
            <fieldset class="picker">
                <legend>"Allow repository-level self-hosted runners in"</legend>
                {CHOICES.into_iter().map(|(value, testid, what)| {
                    let checked = value.clone();
                    let set = value.clone();
                    view! {
                        <label class="checkbox">
                            <input type="radio" name="enabled_repositories" value=value.as_str().to_string() data-testid=testid
                                prop:checked=move || chosen.get().as_ref() == Some(&checked)
                                on:change=move |_| wanted.set(Some(set.clone())) />
                            {enabled_label(&value)}
                            <span class="hint">{what}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <button type="button" class="primary" data-testid="policy-save" on:click=save
                disabled=move || write.pending().get() || chosen.get() == current.get()>"Save policy"</button>
        </Show>
        {move || write.value().get().map(|r| match r {
            Ok((message, _)) => view! { <p class="ok" role="status" data-testid="policy-message">{message}</p> }.into_any(),
            Err(e) => view! { <ErrorBox error=e scope=scope.get_value() /> }.into_any(),
        })}
        <section data-testid="policy-repositories">
            <h3>"Selected repositories"</h3>
            <Show
                when=is_selected
                fallback=|| view! { <p class="hint" data-testid="policy-list-inactive">"The list applies only while the policy is “Selected repositories”; GitHub keeps it meanwhile."</p> }
            >
                <MemberSection list=MemberList::SelfHostedRepositories { org: org.get_value() } read_only=false api=api />
            </Show>
        </section>
        {move || asking.get().map(|to| {
            let (title, effect) = match &to {
                EnabledRepositories::None => ("Allow no repository self-hosted runners?", format!("No repository of {} may use repository-level self-hosted runners any more: the runners registered to its repositories stay registered but get no more jobs.", org.get_value())),
                _ => ("Allow only selected repositories?", format!("Only the repositories on {}'s list may use repository-level self-hosted runners; the runners of every other repository stay registered but get no more jobs.", org.get_value())),
            };
            let selected = to == EnabledRepositories::Selected;
            view! {
                <ConfirmDialog title=title confirm_label="Change the policy" danger=true
                    ready=Signal::derive(move || !selected || !list_now.pending().get())
                    on_confirm=confirm on_cancel=Callback::new(move |_| asking.set(None))>
                    <p data-testid="policy-effect">{effect}</p>
                    {selected.then(|| view! {
                        {move || match (list_now.pending().get(), list_now.value().get()) {
                            (true, _) | (_, None) => view! { <p class="hint" role="status">"Reading the list as it is now…"</p> }.into_any(),
                            (false, Some(Ok(names))) if names.is_empty() => view! { <p class="warning" data-testid="policy-list-now">"The list is empty now: until repositories are added to it, none may use them."</p> }.into_any(),
                            (false, Some(Ok(names))) => view! {
                                <p data-testid="policy-list-now">{format!("The list holds {} now:", names.len())}</p>
                                <ul class="diff">{names.into_iter().map(|n| view! { <li><bdi>{n}</bdi></li> }).collect_view()}</ul>
                            }.into_any(),
                            (false, Some(Err(e))) => view! { <p class="warning" data-testid="policy-list-now">{format!("The list could not be read: {e}")}</p> }.into_any(),
                        }}
                    })}
                    <p class="hint">"Organization and enterprise runners are not affected: their runner groups decide."</p>
                </ConfirmDialog>
            }
        })}
    }
}
