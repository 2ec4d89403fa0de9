//! Creating a runner group: settings, the initial access list and the initial runners, picked by name.
use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::components::{ErrorBox, GroupFieldState, GroupFields, PickItem, Picker};
use crate::data::{access_candidates, runner_candidates, scope_groups, write_action_toasting, Answer, PageApi, Write, WriteOp};
use crate::github::models::{GroupSettings, Visibility};
use crate::github::request as ops;
use crate::github::Feature;
use crate::github::Scope;
use crate::groups::restriction;
use crate::routes;
use crate::session::Session;

#[component]
pub fn GroupNewPage() -> impl IntoView {
    let scope = expect_context::<Scope>();
    if scope.has_groups() {
        view! { <GroupNewView scope=scope/> }.into_any()
    } else {
        view! { <p class="error" role="alert">"Runner groups exist for enterprises and organizations only."</p> }.into_any()
    }
}

#[component]
fn GroupNewView(scope: Scope) -> impl IntoView {
    let api = PageApi::new();
    let create = write_action_toasting(api);
    let enterprise = matches!(scope, Scope::Enterprise { .. });
    let workflows_off = expect_context::<Session>().lacks(Feature::WorkflowRestrictions);
    let scope_sv = StoredValue::new(scope.clone());

    let fields = GroupFieldState::new();
    let access = RwSignal::new(BTreeSet::<u64>::new());
    let runners = RwSignal::new(BTreeSet::<u64>::new());
    let (error, set_error) = signal(None::<String>);

    let access_items = LocalResource::new(move || {
        let client = api.client();
        let scope = scope_sv.get_value();
        async move { access_candidates(&client?, &scope).await }
    });
    let runner_items = LocalResource::new(move || {
        let client = api.client();
        let scope = scope_sv.get_value();
        async move {
            let client = client?;
            let groups = scope_groups(&client, &scope).await?;
            runner_candidates(&client, &scope, &groups).await
        }
    });
    // Organizations typed by login and resolved through GET /orgs/{org}.
    let extra = RwSignal::new(Vec::<PickItem>::new());
    let (login, set_login) = signal(String::new());
    // The lookup's answer is written with `try_` methods: the page may be gone when it arrives.
    let find = Action::new_local(move |typed: &String| {
        let client = api.client_untracked();
        let typed = typed.clone();
        async move {
            let found = match client {
                Ok(c) => c.send(ops::get_organization(&typed)).await,
                Err(e) => Err(e),
            };
            match found {
                Ok(org) => {
                    extra.try_update(|e| {
                        if !e.iter().any(|x| x.id == org.id) {
                            e.push(PickItem { id: org.id, name: org.login.clone(), detail: org.description.clone().unwrap_or_default() });
                        }
                    });
                    access.try_update(|a| {
                        a.insert(org.id);
                    });
                    set_login.try_set(String::new());
                    set_error.try_set(None);
                }
                Err(e) => {
                    set_error.try_set(Some(format!("Could not find the organization “{typed}”: {e}")));
                }
            }
        }
    });
    let resolve = move |_| {
        let typed = login.get_untracked().trim().to_string();
        if !typed.is_empty() {
            find.dispatch(typed);
        }
    };
    let access_list = Signal::derive(move || {
        let mut items = access_items.get().and_then(Result::ok).unwrap_or_default();
        for x in extra.get() {
            if !items.iter().any(|i| i.id == x.id) {
                items.push(x);
            }
        }
        items
    });
    let runner_list = Signal::derive(move || runner_items.get().and_then(Result::ok).unwrap_or_default());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let group_name = fields.name.get_untracked().trim().to_string();
        if group_name.is_empty() {
            return set_error.set(Some("Give the group a name.".into()));
        }
        let selected_workflows = match restriction(fields.restricted.get_untracked(), &fields.workflows.get_untracked()) {
            Ok(w) => w,
            Err(e) => return set_error.set(Some(e)),
        };
        let vis = Visibility::from(fields.visibility.get_untracked());
        let settings = GroupSettings {
            name: group_name,
            selected_ids: if vis == Visibility::Selected { access.get_untracked().into_iter().collect() } else { vec![] },
            visibility: Some(vis),
            runners: runners.get_untracked().into_iter().collect(),
            allows_public_repositories: Some(fields.public.get_untracked()),
            restricted_to_workflows: Some(fields.restricted.get_untracked()),
            selected_workflows: fields.restricted.get_untracked().then_some(selected_workflows),
        };
        set_error.set(None);
        let name = settings.name.clone();
        let done = format!("Created runner group “{name}”.");
        create.dispatch((WriteOp::new(&scope_sv.get_value(), Write::CreateGroup(settings), name), done));
    };
    let created = move || match create.value().get() {
        Some(Ok((_, Answer::Group(g)))) => Some(scope_sv.with_value(|s| routes::group(s, g.id))),
        _ => None,
    };

    view! {
        <section class="panel" data-testid="group-new">
            <h2>"New runner group"</h2>
            <form on:submit=submit>
                <GroupFields state=fields enterprise=enterprise workflows_off=workflows_off.clone() name_locked=Signal::derive(|| false) />
                <Show when=move || fields.visibility.get() == "selected">
                    <Picker items=access_list selected=access label=if enterprise { "Organizations with access" } else { "Repositories with access" } testid="access-picker" />
                    {enterprise.then(|| view! {
                        <div class="inline-form">
                            <label>"Add an organization by login"<input type="text" data-testid="org-login" prop:value=login on:input:target=move |ev| set_login.set(ev.target().value()) /></label>
                            <button type="button" data-testid="org-login-add" on:click=resolve>"Find"</button>
                        </div>
                    })}
                </Show>
                <Picker items=runner_list selected=runners label="Runners to move into the group" testid="runner-picker" />
                {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="group-form-error">{e}</p> })}
                {move || create.value().get().and_then(Result::err).map(|e| view! { <ErrorBox error=e scope=scope_sv.get_value() /> })}
                <button type="submit" class="primary" data-testid="group-create" disabled=create.pending()>"Create group"</button>
                {move || created().map(|path| view! { <Redirect path=path /> })}
            </form>
        </section>
    }
}
