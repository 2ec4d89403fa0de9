//! The shell: router, header and routes.
use leptos::prelude::*;
use leptos_router::components::{Router, A};
use leptos_router::hooks::use_location;
use leptos_router::location::{BrowserUrl, LocationProvider};

use crate::chunks;
use crate::components::{ConnectionStatus, JobsIndicator, RateStatus, RequireConnection, ToastList};
use crate::data::{Activity, FleetScans, Jobs, ListViews, Toasts};
use crate::pages::{ConnectPage, NotFoundPage};
use crate::routes::{self, Place};
use crate::session::Session;

#[component]
pub fn App() -> impl IntoView {
    provide_context(Session::restore());
    let activity = Activity::new();
    let jobs = Jobs::new(activity);
    provide_context(activity);
    provide_context(jobs);
    provide_context(ListViews::new());
    provide_context(FleetScans::default());
    provide_context(Toasts::new());
    // One clock for every countdown.
    if let Ok(tick) = set_interval_with_handle(move || jobs.clock.set(js_sys::Date::now()), std::time::Duration::from_secs(1)) {
        on_cleanup(move || tick.clear());
    }
    // Leaving or reloading the tab while a job runs would stop it half-way: ask first.
    let unload = window_event_listener(leptos::ev::beforeunload, move |ev: web_sys::BeforeUnloadEvent| {
        if jobs.any_running_untracked() {
            ev.prevent_default();
            ev.set_return_value("A bulk job is still running. Leaving stops it half-way.");
        }
    });
    on_cleanup(move || unload.remove());
    view! {
        <Router base=router_base()>
            <a class="skip" href="#main">"Skip to content"</a>
            <header class="shell-header">
                <A href="/" attr:class="brand">"Runnerdeck"</A>
                <div class="header-status">
                    <JobsIndicator/>
                    <RateStatus/>
                    <ConnectionStatus/>
                </div>
            </header>
            <main class="shell-main" id="main">
                <Pages/>
            </main>
            <ToastList/>
        </Router>
    }
}

/// The page the address names, as `routes::place` reads it. Only a change of the kind of page
/// replaces what is shown: moving between the pages of a scope keeps its layout.
#[component]
fn Pages() -> impl IntoView {
    let base = router_base();
    let pathname = use_location().pathname;
    let place = Memo::new(move |_| {
        pathname.with(|path| {
            let below = path.strip_prefix(base.as_str()).filter(|rest| rest.is_empty() || rest.starts_with('/'));
            routes::place(below.unwrap_or(path))
        })
    });
    #[derive(Clone, Copy, PartialEq)]
    enum Kind {
        Connect,
        Activity,
        Scope,
        NotFound,
    }
    let kind = Memo::new(move |_| {
        place.with(|p| match p {
            Place::Connect => Kind::Connect,
            Place::Activity => Kind::Activity,
            Place::Scope { .. } => Kind::Scope,
            Place::NotFound => Kind::NotFound,
        })
    });
    // The router writes a new address to the history only once told that its page is shown, which is
    // what its own route views do; without this, Back would skip the page and the address bar lag.
    let history = use_context::<BrowserUrl>();
    Effect::new(move |_| {
        crate::data::depend_on(&pathname);
        if let Some(history) = &history {
            history.ready_to_complete();
        }
    });
    // A connection kept from before a reload needs the scope pages next: fetch their code now.
    if use_context::<Session>().is_some_and(|s| s.connection.with_untracked(Option::is_some)) {
        chunks::preload(chunks::scope::preload);
    }
    move || match kind.get() {
        Kind::Connect => view! { <ConnectPage/> }.into_any(),
        Kind::Activity => chunks::show(chunks::activity::loaded, chunks::activity::load, |make| make()),
        // The gate is here, not in the scope's chunk: a deep link opened signed out shows the connect
        // form without fetching the pages it cannot show yet.
        Kind::Scope => view! {
            <RequireConnection>{move || chunks::show(chunks::scope::loaded, chunks::scope::load, move |make| make(place))}</RequireConnection>
        }
        .into_any(),
        Kind::NotFound => view! { <NotFoundPage/> }.into_any(),
    }
}

/// The sub-path the console is hosted under, taken from the `<base href>` trunk writes for `--public-url`.
fn router_base() -> String {
    let document = web_sys::window().and_then(|w| w.document());
    // Without a <base> tag, base_uri is the page's own URL, which is not a hosting prefix.
    let declared = document.as_ref().and_then(|d| d.query_selector("base[href]").ok().flatten()).is_some();
    if !declared {
        return String::new();
    }
    document
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|uri| uri.split_once("://").map(|(_, rest)| rest.to_string()))
        .map(|rest| rest.find('/').map(|i| rest[i..].to_string()).unwrap_or_default())
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_string()
}
