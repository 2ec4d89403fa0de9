//! The shell: router, header and routes.
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

use crate::components::ConnectionStatus;
use crate::pages::{ConnectPage, NotFoundPage};
use crate::session::Session;

#[component]
pub fn App() -> impl IntoView {
    provide_context(Session::restore());
    view! {
        <Router base=router_base()>
            <header class="shell-header">
                <A href="/" attr:class="brand">"Runnerdeck"</A>
                <ConnectionStatus/>
            </header>
            <main class="shell-main">
                <Routes fallback=|| view! { <NotFoundPage/> }>
                    <Route path=path!("/") view=ConnectPage/>
                    <Route path=path!("/connect") view=ConnectPage/>
                </Routes>
            </main>
        </Router>
    }
}

/// The sub-path the console is hosted under, taken from the `<base href>` trunk writes for `--public-url`.
fn router_base() -> String {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|uri| uri.split_once("://").map(|(_, rest)| rest.to_string()))
        .map(|rest| rest.find('/').map(|i| rest[i..].to_string()).unwrap_or_default())
        .unwrap_or_default();
    // Without a <base> tag, base_uri is the page's own URL, which is not a hosting prefix.
    let declared = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("base[href]").ok().flatten())
        .is_some();
    if declared {
        base.trim_end_matches('/').to_string()
    } else {
        String::new()
    }
}
