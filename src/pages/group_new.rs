//! Creating a runner group: settings, the initial access list and the initial runners, picked by name.
use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::groups::{access_candidates, runner_candidates, scope_groups};
use super::use_scope;
use crate::components::{ErrorBox, GroupFieldState, GroupFields, PickItem, Picker};
use crate::github::models::{GroupSettings, Visibility};
use crate::github::request as ops;
use crate::github::{ApiError, Scope};
use crate::groups::restriction;
use crate::session::Session;

#[component]
pub fn GroupNewPage() -> impl IntoView {
    let scope = use_scope();
    move || match scope.get() {
        Some(s) if s.has_groups() => view! { <GroupNewView scope=s/> }.into_any(),
        _ => view! { <p class="error" role="alert">"Runner groups exist for enterprises and organizations only."</p> }.into_any(),
    }
}

#[component]
fn GroupNewView(scope: Scope) -> impl IntoView {
    let session = expect_context::<Session>();
    let navigate = use_navigate();
    let enterprise = matches!(scope, Scope::Enterprise { .. });
    let scope_sv = StoredValue::new(scope.clone());

    let fields = GroupFieldState::new();
    let access = RwSignal::new(BTreeSet::<u64>::new());
    let runners = RwSignal::new(BTreeSet::<u64>::new());
    let (error, set_error) = signal(None::<String>);
    let (api_error, set_api_error) = signal(None::<ApiError>);
    let (saving, set_saving) = signal(false);

    let access_items = LocalResource::new(move || {
        let client = session.client_or_err();
        async move { access_candidates(&client?, &scope_sv.get_value()).await }
    });
    let runner_items = LocalResource::new(move || {
        let client = session.client_or_err();
        async move {
            let client = client?;
            let scope = scope_sv.get_value();
            let groups = scope_groups(&client, &scope).await?;
            runner_candidates(&client, &scope, &groups).await
        }
    });
    // Organizations typed by login and resolved through GET /orgs/{org}.
    let extra = RwSignal::new(Vec::<PickItem>::new());
    let (login, set_login) = signal(String::new());
    let resolve = move |_| {
        let Some(client) = session.client() else { return };
        let typed = login.get_untracked().trim().to_string();
        if typed.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            match client.send(ops::get_organization(&typed)).await {
                Ok(org) => {
                    extra.update(|e| {
                        if !e.iter().any(|x| x.id == org.id) {
                            e.push(PickItem { id: org.id, name: org.login.clone(), detail: org.description.clone().unwrap_or_default() });
                        }
                    });
                    access.update(|a| {
                        a.insert(org.id);
                    });
                    set_login.set(String::new());
                    set_error.set(None);
                }
                Err(e) => set_error.set(Some(format!("Could not find the organization “{typed}”: {e}"))),
            }
        });
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
        set_api_error.set(None);
        let Some(client) = session.client() else { return };
        let navigate = navigate.clone();
        set_saving.set(true);
        leptos::task::spawn_local(async move {
            let scope = scope_sv.get_value();
            match client.send(ops::create_runner_group(&scope, &settings)).await {
                Ok(g) => navigate(&format!("{}/runner-groups/{}", scope.route(), g.id), Default::default()),
                Err(e) => {
                    set_api_error.set(Some(e));
                    set_saving.set(false);
                }
            }
        });
    };

    view! {
        <section class="panel" data-testid="group-new">
            <h2>"New runner group"</h2>
            <form on:submit=submit>
                <GroupFields state=fields enterprise=enterprise name_locked=Signal::derive(|| false) />
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
                {move || api_error.get().map(|e| view! { <ErrorBox error=e scope=scope_sv.get_value() /> })}
                <button type="submit" class="primary" data-testid="group-create" disabled=saving>"Create group"</button>
            </form>
        </section>
    }
}
