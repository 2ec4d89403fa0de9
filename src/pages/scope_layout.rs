//! The frame around every page of a scope: the scope's title and tabs, and the page the path names
//! below them (the shell puts the connection gate around it). It provides the `Scope` as context, so
//! the pages below read it instead of parsing the route.
use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::chunks::{self, show};
use crate::components::ScopeHeader;
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
    move || {
        match scope.get() {
        Some(s) => {
            provide_context(s.clone());
            view! { <ScopeHeader scope=s /> {move || scope_page(page.get())} }.into_any()
        }
        None => view! {
            <section class="panel"><h1>"Not a scope"</h1><p class="error" role="alert" data-testid="bad-scope">"This address does not name a valid enterprise, organization or repository."</p></section>
        }
        .into_any(),
    }
    }
}

/// Each page is its own chunk (`crate::chunks`): the first visit to one fetches its code.
fn scope_page(page: ScopePage) -> AnyView {
    match page {
        ScopePage::Home => view! { <ScopeRedirect/> }.into_any(),
        ScopePage::Runners => show(chunks::runners::loaded, chunks::runners::load, |make| make()),
        ScopePage::AddRunner => show(chunks::add_runner::loaded, chunks::add_runner::load, |make| make()),
        ScopePage::Runner(id) => show(chunks::runner::loaded, chunks::runner::load, move |make| make(id)),
        ScopePage::Groups => show(chunks::groups::loaded, chunks::groups::load, |make| make()),
        ScopePage::NewGroup => show(chunks::new_group::loaded, chunks::new_group::load, |make| make()),
        ScopePage::Group(id) => show(chunks::group::loaded, chunks::group::load, move |make| make(id)),
        ScopePage::Fleet => show(chunks::fleet::loaded, chunks::fleet::load, |make| make()),
        ScopePage::Policy => show(chunks::policy::loaded, chunks::policy::load, |make| make()),
        ScopePage::RunnerEvents => show(chunks::runner_events::loaded, chunks::runner_events::load, |make| make()),
    }
}

/// `/orgs/acme` on its own opens the runners.
#[component]
fn ScopeRedirect() -> impl IntoView {
    let scope = expect_context::<Scope>();
    view! { <Redirect path=routes::runners(&scope) /> }
}
