//! The frame around every page of a scope: the connection gate, the scope's title and tabs, and the
//! page the path names below them. It provides the `Scope` as context, so the pages below read it
//! instead of parsing the route.
use leptos::prelude::*;
use leptos_router::components::Redirect;

use super::{AddRunnerPage, FleetPage, GroupNewPage, GroupPage, GroupsPage, PolicyPage, RunnerEventsPage, RunnerPage, RunnersPage};
use crate::components::{RequireConnection, ScopeHeader};
use crate::github::Scope;
use crate::routes::{self, Place, ScopePage};

/// `place` is the shell's reading of the address. While the shell swaps this layout out for another
/// kind of page, the scope and page it last named are kept, so nothing renders for a place that is
/// already gone.
#[component]
pub fn ScopeLayout(place: Memo<Place>) -> impl IntoView {
    let scope = Memo::new(move |last: Option<&Option<Scope>>| {
        place.with(|p| match p {
            Place::Scope { scope, .. } => scope.clone(),
            _ => last.cloned().flatten(),
        })
    });
    let page = Memo::new(move |last: Option<&ScopePage>| {
        place.with(|p| match p {
            Place::Scope { page, .. } => *page,
            _ => last.copied().unwrap_or(ScopePage::Home),
        })
    });
    view! {
        <RequireConnection>
            {move || match scope.get() {
                Some(s) => {
                    provide_context(s.clone());
                    view! { <ScopeHeader scope=s /> {move || scope_page(page.get())} }.into_any()
                }
                None => view! {
                    <section class="panel"><h1>"Not a scope"</h1><p class="error" role="alert" data-testid="bad-scope">"This address does not name a valid enterprise, organization or repository."</p></section>
                }.into_any(),
            }}
        </RequireConnection>
    }
}

fn scope_page(page: ScopePage) -> AnyView {
    match page {
        ScopePage::Home => view! { <ScopeRedirect/> }.into_any(),
        ScopePage::Runners => view! { <RunnersPage/> }.into_any(),
        ScopePage::AddRunner => view! { <AddRunnerPage/> }.into_any(),
        ScopePage::Runner(id) => view! { <RunnerPage id=id/> }.into_any(),
        ScopePage::Groups => view! { <GroupsPage/> }.into_any(),
        ScopePage::NewGroup => view! { <GroupNewPage/> }.into_any(),
        ScopePage::Group(id) => view! { <GroupPage id=id/> }.into_any(),
        ScopePage::Fleet => view! { <FleetPage/> }.into_any(),
        ScopePage::Policy => view! { <PolicyPage/> }.into_any(),
        ScopePage::RunnerEvents => view! { <RunnerEventsPage/> }.into_any(),
    }
}

/// `/orgs/acme` on its own opens the runners.
#[component]
fn ScopeRedirect() -> impl IntoView {
    let scope = expect_context::<Scope>();
    view! { <Redirect path=routes::runners(&scope) /> }
}
