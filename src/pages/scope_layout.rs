//! The frame around every page of a scope: the connection gate, the scope's title and tabs. It
//! provides the `Scope` as context, so the pages below read it instead of parsing the route.
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect};

use super::use_scope;
use crate::components::{RequireConnection, ScopeHeader};
use crate::routes;

#[component]
pub fn ScopeLayout() -> impl IntoView {
    let scope = use_scope();
    view! {
        <RequireConnection>
            {move || match scope.get() {
                Some(s) => {
                    provide_context(s.clone());
                    view! { <ScopeHeader scope=s /> <Outlet/> }.into_any()
                }
                None => view! {
                    <section class="panel"><h1>"Not a scope"</h1><p class="error" role="alert" data-testid="bad-scope">"This address does not name a valid enterprise, organization or repository."</p></section>
                }.into_any(),
            }}
        </RequireConnection>
    }
}

/// `/orgs/acme` on its own opens the runners.
#[component]
pub fn ScopeRedirect() -> impl IntoView {
    let scope = expect_context::<crate::github::Scope>();
    view! { <Redirect path=routes::runners(&scope) /> }
}
