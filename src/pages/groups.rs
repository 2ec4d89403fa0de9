//! The runner groups of an enterprise or org: who may use them, how many runners they hold, and
//! "which groups can this org or repository use?".
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::components::ErrorBox;
use crate::data::{group_rows, PageApi};
use crate::github::{Feature, Scope};
use crate::groups::visibility_label;
use crate::routes;
use crate::session::Session;

#[component]
pub fn GroupsPage() -> impl IntoView {
    let scope = expect_context::<Scope>();
    match scope {
        s if s.has_groups() => view! { <GroupsView scope=s/> }.into_any(),
        _ => view! { <p class="error" role="alert">"Runner groups exist for enterprises and organizations only."</p> }.into_any(),
    }
}

#[component]
fn GroupsView(scope: Scope) -> impl IntoView {
    let api = PageApi::new();
    let query = use_query_map();
    let location = use_location();
    let navigate = use_navigate();
    let enterprise = matches!(scope, Scope::Enterprise { .. });
    let scope_sv = StoredValue::new(scope.clone());
    // Read from the URL, so Back, Forward and links between filters of this page all apply.
    let visible_to = Memo::new(move |_| query.with(|q| q.get("visible_to")).filter(|v| !v.is_empty()));
    let (typed, set_typed) = signal(visible_to.get_untracked().unwrap_or_default());

    let rows = LocalResource::new(move || {
        let client = api.client();
        let scope = scope_sv.get_value();
        let filter = visible_to.get();
        async move { group_rows(&client?, &scope, filter.as_deref()).await }
    });
    let apply_filter = move |value: Option<String>| {
        let url = routes::with_query(location.pathname.get_untracked(), &[("visible_to", value.as_deref().unwrap_or_default())]);
        navigate(&url, NavigateOptions { replace: true, scroll: false, ..Default::default() });
    };
    let apply_filter = StoredValue::new(apply_filter);
    let new_group = routes::new_group(&scope);
    let who = if enterprise { "organization" } else { "repository" };
    let session = expect_context::<Session>();
    let workflows_off = session.lacks(Feature::WorkflowRestrictions);

    view! {
        <section class="panel" data-testid="groups-page">
            <div class="toolbar">
                <h2>"Runner groups"</h2>
                <A href=new_group attr:class="button primary" attr:data-testid="new-group">"New group"</A>
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
            {move || visible_to.get().map(|v| {
                let computed = rows.with(|r| matches!(r, Some(Ok((_, true)))));
                let inherited = rows.with(|r| matches!(r, Some(Ok((rows, _))) if rows.iter().any(|row| row.group.is_inherited())));
                let shared = if inherited { " Groups marked inherited are shared with this organization by its enterprise: the enterprise's settings decide which repositories may use them." } else { "" };
                let how = if computed { " Worked out by Runnerdeck from each group's visibility and access list: this server does not filter groups by who can use them (GHES 3.6 and later do)." } else { "" };
                view! { <p class="hint" data-testid="visible-to-note">{format!("Groups the {who} {v} can use.{shared}{how}")}</p> }
            })}
            {move || rows.get().and_then(Result::err).map(|e| view! { <ErrorBox error=e scope=scope_sv.get_value() retry=Callback::new(move |_| rows.refetch()) /> })}
            {move || rows.get().is_none().then(|| view! { <p class="hint">"Loading groups…"</p> })}
            {workflows_off.clone().map(|why| view! { <p class="hint" data-testid="workflows-unavailable">{why}</p> })}
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
                        <For each=move || rows.get().and_then(Result::ok).map(|(rows, _)| rows).unwrap_or_default() key=|r| format!("{:?}", r) let:row>
                            {
                                let g = row.group.clone();
                                let workflows_off = workflows_off.clone();
                                let (row_name, link_name) = (g.name.clone(), g.name.clone());
                                let href = scope_sv.with_value(|s| routes::group(s, g.id));
                                view! {
                                    <tr class="row" data-testid="group-row" data-group=row_name>
                                        <td class="name">
                                            <A href=href attr:data-testid="group-name">{link_name}</A>
                                            {g.is_inherited().then(|| view! {
                                                <span class="badge" title="Shared by the enterprise: its settings can only be changed in the enterprise" data-testid="inherited">" inherited"</span>
                                            })}
                                        </td>
                                        <td data-testid="group-visibility">
                                            {visibility_label(&g.visibility, enterprise)}
                                            {g.is_inherited().then(|| view! { <span class="hint" data-testid="inherited-reach">" (shared by the enterprise, which decides its reach)"</span> })}
                                        </td>
                                        <td>{if g.default { "Default" } else { "" }}</td>
                                        <td>{if g.allows_public_repositories { "allowed" } else { "no" }}</td>
                                        <td data-testid="group-workflows">{match (&workflows_off, g.restricted_to_workflows) {
                                            (Some(_), _) => "n/a".to_string(),
                                            (None, Some(true)) => format!("{} selected", g.selected_workflows.len()),
                                            (None, _) => "any".into(),
                                        }}</td>
                                        <td data-testid="group-runner-count">{row.runners.map(|n| n.to_string()).unwrap_or_else(|| "?".into())}</td>
                                        <td>{if g.is_inherited() { "set by the enterprise".to_string() } else { row.access.map(|n| n.to_string()).unwrap_or_default() }}</td>
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
