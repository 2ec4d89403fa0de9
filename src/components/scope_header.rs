//! The scope's title and its tabs: runners, runner groups (enterprise and org), the enterprise's whole
//! fleet, the self-hosted runner policy (enterprise and org), runner events (from the audit log), add a runner.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::github::Scope;
use crate::routes;

#[component]
pub fn ScopeHeader(scope: Scope) -> impl IntoView {
    let groups = scope.has_groups().then(|| view! { <A href=routes::groups(&scope) attr:data-testid="tab-groups">"Runner groups"</A> });
    let fleet = match &scope {
        Scope::Enterprise { slug } => Some(view! { <A href=routes::fleet(slug) attr:data-testid="tab-fleet">"Fleet"</A> }),
        _ => None,
    };
    let policy = scope.has_groups().then(|| view! { <A href=routes::policy(&scope) attr:data-testid="tab-policy">"Policy"</A> });
    let kind = match &scope {
        Scope::Enterprise { .. } => "Enterprise",
        Scope::Org { .. } => "Organization",
        Scope::Repo { .. } => "Repository",
    };
    let name = match &scope {
        Scope::Enterprise { slug } => slug.clone(),
        Scope::Org { org } => org.clone(),
        Scope::Repo { owner, repo } => format!("{owner}/{repo}"),
    };
    view! {
        <div class="scope-header">
            <div class="scope-title">
                <span class="scope-kind">{kind}</span>
                <h1 data-testid="scope-name">{name}</h1>
            </div>
            <nav class="tabs" aria-label="Scope sections">
                <A href=routes::runners(&scope) exact=true attr:data-testid="tab-runners">"Runners"</A>
                {groups}
                {fleet}
                {policy}
                <A href=routes::runner_events(&scope) attr:data-testid="tab-events">"Runner events"</A>
                <A href=routes::add_runner(&scope) attr:data-testid="tab-add">"Add runner"</A>
            </nav>
        </div>
    }
}
