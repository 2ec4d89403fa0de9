//! "Runners this repository (or organization) can also use": the runners of the scopes above it
//! that its groups let it use, each with the group it comes through and why. Read on demand, as it
//! costs a request per group (and on servers without `visible_to_repository`, per access list).
use leptos::prelude::*;
use leptos_router::components::A;

use super::{ErrorBox, LabelChip, StatusBadge};
use crate::data::{usable_runners, PageApi, UsableRunner};
use crate::fleet::Status;
use crate::github::Scope;
use crate::routes;

#[component]
pub fn UsableRunners(scope: Scope, api: PageApi) -> impl IntoView {
    let (who, org) = match &scope {
        Scope::Repo { owner, .. } => ("repository", owner.clone()),
        Scope::Org { org } => ("organization", org.clone()),
        Scope::Enterprise { .. } => return ().into_any(),
    };
    let org_scope = Scope::Org { org: org.clone() };
    let open = RwSignal::new(false);
    let load_scope = scope.clone();
    let list = LocalResource::new(move || {
        let wanted = open.get();
        let client = api.client();
        let scope = load_scope.clone();
        async move {
            if !wanted {
                return Ok(None);
            }
            usable_runners(&client?, &scope).await.map(Some)
        }
    });
    let org_sv = StoredValue::new(org_scope);
    let summary = format!("Runners this {who} can also use");
    let from = if who == "repository" {
        format!("from {org} and its enterprise, through the runner groups that let this repository in")
    } else {
        "from the enterprise, through the groups it shares with this organization".to_string()
    };
    view! {
        <details class="panel inset usable" data-testid="usable-runners" on:toggle:target=move |ev| open.set(ev.target().open())>
            <summary data-testid="usable-runners-toggle">{summary}</summary>
            <p class="hint">{format!("Runners {from}.")}</p>
            {move || match (open.get(), list.get()) {
                (false, _) => None,
                (true, None | Some(Ok(None))) => Some(view! { <p class="hint" role="status">"Reading the groups and their runners…"</p> }.into_any()),
                (true, Some(Err(e))) => Some(view! { <ErrorBox error=e scope=org_sv.get_value() retry=Callback::new(move |_| list.refetch()) /> }.into_any()),
                (true, Some(Ok(Some((rows, computed))))) => Some(view! {
                    {computed.then(|| view! { <p class="hint" data-testid="usable-computed">"Worked out by Runnerdeck from each group's visibility and access list: this server does not filter groups by repository (GHES 3.6 and later do)."</p> })}
                    {rows.is_empty().then(|| view! { <p class="hint" data-testid="usable-none">"No runner of a group above reaches here."</p> })}
                    <ul class="usable-list" data-testid="usable-list">
                        {rows.into_iter().map(|row| view! { <UsableRow row=row org=org_sv.get_value() /> }).collect_view()}
                    </ul>
                }.into_any()),
            }}
        </details>
    }
    .into_any()
}

#[component]
fn UsableRow(row: UsableRunner, org: Scope) -> impl IntoView {
    let UsableRunner { runner, group, why } = row;
    let status = Status::of(&runner);
    let (shown, data_name) = (runner.name.clone(), runner.name.clone());
    // An org's own runner has a page here; an enterprise runner's page is at the enterprise.
    let name = if group.is_inherited() {
        view! { <bdi>{shown}</bdi><span class="hint">" (enterprise runner)"</span> }.into_any()
    } else {
        view! { <A href=routes::runner(&org, runner.id)>{shown}</A> }.into_any()
    };
    view! {
        <li data-testid="usable-runner" data-name=data_name>
            <span class="name">{name}</span>
            " "<StatusBadge status=status />
            <span class="labels">{runner.labels.into_iter().map(|l| view! { <LabelChip label=l /> }).collect_view()}</span>
            <span class="why" data-testid="usable-why">
                <A href=routes::group(&org, group.id)>{why}</A>
            </span>
        </li>
    }
}
