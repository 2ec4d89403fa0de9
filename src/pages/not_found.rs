//! The page for a path the console does not know.
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="panel" data-testid="not-found">
            <h1>"Page not found"</h1>
            <p>"Runnerdeck has no page at this address. " <A href="/">"Go to the connect page"</A>"."</p>
        </section>
    }
}
