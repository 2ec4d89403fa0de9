//! The runner groups of an enterprise or org: who may use them, how many runners they hold, and
//! "which groups can this org or repository use?".
use futures::stream::{self, StreamExt};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::use_scope;
use crate::components::{ErrorBox, PickItem};
use crate::fleet::{group_name, Status};
use crate::github::models::{RunnerGroup, Visibility};
use crate::github::request as ops;
use crate::github::{ApiError, Client, Scope};
use crate::groups::visibility_label;
use crate::session::Session;


/// The scope's runner groups; repositories have none.
pub(crate) async fn scope_groups(client: &Client, scope: &Scope) -> Result<Vec<RunnerGroup>, ApiError> {
    if !scope.has_groups() {
        return Ok(vec![]);
    }
    Ok(client.all_runner_groups(scope, None).await?.items)
}

/// Organizations (enterprise groups) or repositories (org groups) that can be given access, by name.
pub(crate) async fn access_candidates(client: &Client, scope: &Scope) -> Result<Vec<PickItem>, ApiError> {
    match scope {
        Scope::Enterprise { .. } => Ok(client
            .all_organizations()
            .await?
            .into_iter()
            .map(|o| PickItem { id: o.id, name: o.login, detail: o.description.unwrap_or_default() })
            .collect()),
        Scope::Org { org } => Ok(client
            .all_org_repos(org)
            .await?
            .items
            .into_iter()
            .map(|r| PickItem { id: r.id, name: r.name, detail: r.visibility.unwrap_or_else(|| if r.private { "private".into() } else { "public".into() }) })
            .collect()),
        Scope::Repo { .. } => Ok(vec![]),
    }
}

/// The scope's runners, each with the group it is in now (adding moves it).
pub(crate) async fn runner_candidates(client: &Client, scope: &Scope, groups: &[RunnerGroup]) -> Result<Vec<PickItem>, ApiError> {
    let runners = client.all_runners(scope, None, &|_, _| {}).await?.items;
    Ok(runners
        .into_iter()
        .map(|r| PickItem { id: r.id, detail: format!("now in {} · {}", group_name(groups, r.runner_group_id), Status::of(&r).label()), name: r.name })
        .collect())
}

#[derive(Clone, Debug, PartialEq)]
struct GroupRow {
    group: RunnerGroup,
    runners: Option<u64>,
    access: Option<u64>,
}

#[component]
pub fn GroupsPage() -> impl IntoView {
    let scope = use_scope();
    move || match scope.get() {
        Some(s) if s.has_groups() => view! { <GroupsView scope=s/> }.into_any(),
        _ => view! { <p class="error" role="alert">"Runner groups exist for enterprises and organizations only."</p> }.into_any(),
    }
}

#[component]
fn GroupsView(scope: Scope) -> impl IntoView {
    let session = expect_context::<Session>();
    let query = use_query_map();
    let location = use_location();
    let navigate = use_navigate();
    let enterprise = matches!(scope, Scope::Enterprise { .. });
    let scope_sv = StoredValue::new(scope.clone());
    let visible_to = RwSignal::new(query.with_untracked(|q| q.get("visible_to")).filter(|v| !v.is_empty()));
    let (typed, set_typed) = signal(visible_to.get_untracked().unwrap_or_default());

    let rows = LocalResource::new(move || {
        let client = session.client_or_err();
        let scope = scope_sv.get_value();
        let filter = visible_to.get();
        async move {
            let client = client?;
            let groups = client.all_runner_groups(&scope, filter.as_deref()).await?.items;
            // Counts come from each list's total_count: one small request per list, four at a time.
            let rows: Vec<GroupRow> = stream::iter(groups)
                .map(|g| {
                    let (client, scope) = (client.clone(), scope.clone());
                    async move {
                        let runners = client.send(ops::list_group_runners(&scope, g.id, 1)).await.ok().map(|l| l.total_count);
                        let access = if g.visibility == Visibility::Selected && !g.is_inherited() {
                            match &scope {
                                Scope::Enterprise { .. } => client.send(ops::list_org_access(&scope, g.id, 1)).await.ok().map(|l| l.total_count),
                                _ => client.send(ops::list_repo_access(&scope, g.id, 1)).await.ok().map(|l| l.total_count),
                            }
                        } else {
                            None
                        };
                        GroupRow { group: g, runners, access }
                    }
                })
                .buffered(4)
                .collect()
                .await;
            Ok::<_, ApiError>(rows)
        }
    });
    let apply_filter = move |value: Option<String>| {
        visible_to.set(value.clone().filter(|v| !v.is_empty()));
        let path = location.pathname.get_untracked();
        let url = match value.filter(|v| !v.is_empty()) {
            Some(v) => format!("{path}?visible_to={}", ops::encode(&v)),
            None => path,
        };
        navigate(&url, NavigateOptions { replace: true, scroll: false, ..Default::default() });
    };
    let apply_filter = StoredValue::new(apply_filter);
    let base = scope.route();
    let who = if enterprise { "organization" } else { "repository" };

    view! {
        <section class="panel" data-testid="groups-page">
            <div class="toolbar">
                <h2>"Runner groups"</h2>
                <A href=format!("{base}/runner-groups/new") attr:class="button primary" attr:data-testid="new-group">"New group"</A>
            </div>
            <form class="inline-form" data-testid="visible-to-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                apply_filter.with_value(|f| f(Some(typed.get_untracked().trim().to_string())));
            }>
                <label>
                    {format!("Which groups can this {who} use?")}
                    <input type="text" data-testid="visible-to" placeholder=if enterprise { "organization login" } else { "repository name" }
                        prop:value=typed on:input:target=move |ev| set_typed.set(ev.target().value()) />
                </label>
                <button type="submit">"Show"</button>
                <Show when=move || visible_to.get().is_some()>
                    <button type="button" data-testid="visible-to-clear" on:click=move |_| { set_typed.set(String::new()); apply_filter.with_value(|f| f(None)) }>"Show all groups"</button>
                </Show>
            </form>
            {move || visible_to.get().map(|v| view! { <p class="hint" data-testid="visible-to-note">{format!("Groups the {who} {v} can use.")}</p> })}
            {move || rows.get().and_then(Result::err).map(|e| view! { <ErrorBox error=e scope=scope_sv.get_value() /> })}
            {move || rows.get().is_none().then(|| view! { <p class="hint">"Loading groups…"</p> })}
            <div class="table-scroll">
                <table class="runners groups">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Visibility"</th>
                            <th scope="col">"Default"</th>
                            <th scope="col">"Public repositories"</th>
                            <th scope="col">"Workflows"</th>
                            <th scope="col">"Runners"</th>
                            <th scope="col">{if enterprise { "Organizations" } else { "Repositories" }}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get().and_then(Result::ok).unwrap_or_default() key=|r| format!("{:?}", r) let:row>
                            {
                                let g = row.group.clone();
                                let (row_name, link_name) = (g.name.clone(), g.name.clone());
                                let href = format!("{}/runner-groups/{}", scope_sv.with_value(Scope::route), g.id);
                                view! {
                                    <tr class="row" data-testid="group-row" data-group=row_name>
                                        <td class="name">
                                            <A href=href attr:data-testid="group-name">{link_name}</A>
                                            {g.is_inherited().then(|| view! {
                                                <span class="badge" title="Shared by the enterprise: its settings can only be changed in the enterprise" data-testid="inherited">" inherited"</span>
                                            })}
                                        </td>
                                        <td data-testid="group-visibility">{visibility_label(&g.visibility, enterprise)}</td>
                                        <td>{if g.default { "Default" } else { "" }}</td>
                                        <td>{if g.allows_public_repositories { "allowed" } else { "no" }}</td>
                                        <td>{if g.restricted_to_workflows == Some(true) { format!("{} selected", g.selected_workflows.len()) } else { "any".into() }}</td>
                                        <td data-testid="group-runner-count">{row.runners.map(|n| n.to_string()).unwrap_or_else(|| "?".into())}</td>
                                        <td>{row.access.map(|n| n.to_string()).unwrap_or_default()}</td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </div>
        </section>
    }
}
