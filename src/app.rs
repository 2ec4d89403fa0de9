//! The shell: router, header and routes.
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes, A};
use leptos_router::path;

use crate::components::{ConnectionStatus, JobsIndicator, RateStatus, ToastList};
use crate::data::{Activity, FleetScans, Jobs, ListViews, Toasts};
use crate::pages::{
    ActivityPage, AddRunnerPage, ConnectPage, FleetPage, GroupNewPage, GroupPage, GroupsPage, NotFoundPage, PolicyPage, RunnerEventsPage, RunnerPage, RunnersPage, ScopeLayout, ScopeRedirect,
};
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
                <Routes fallback=|| view! { <NotFoundPage/> }>
                    <Route path=path!("/") view=ConnectPage/>
                    <Route path=path!("/connect") view=ConnectPage/>
                    <Route path=path!("/activity") view=ActivityPage/>
                    <ParentRoute path=path!("/enterprises/:slug") view=ScopeLayout>
                        <Route path=path!("") view=ScopeRedirect/>
                        <Route path=path!("runners") view=RunnersPage/>
                        <Route path=path!("runners/new") view=AddRunnerPage/>
                        <Route path=path!("runners/:id") view=RunnerPage/>
                        <Route path=path!("runner-groups") view=GroupsPage/>
                        <Route path=path!("runner-groups/new") view=GroupNewPage/>
                        <Route path=path!("runner-groups/:id") view=GroupPage/>
                        <Route path=path!("fleet") view=FleetPage/>
                        <Route path=path!("policy") view=PolicyPage/>
                        <Route path=path!("runner-events") view=RunnerEventsPage/>
                    </ParentRoute>
                    <ParentRoute path=path!("/orgs/:org") view=ScopeLayout>
                        <Route path=path!("") view=ScopeRedirect/>
                        <Route path=path!("runners") view=RunnersPage/>
                        <Route path=path!("runners/new") view=AddRunnerPage/>
                        <Route path=path!("runners/:id") view=RunnerPage/>
                        <Route path=path!("runner-groups") view=GroupsPage/>
                        <Route path=path!("runner-groups/new") view=GroupNewPage/>
                        <Route path=path!("runner-groups/:id") view=GroupPage/>
                        <Route path=path!("policy") view=PolicyPage/>
                        <Route path=path!("runner-events") view=RunnerEventsPage/>
                    </ParentRoute>
                    <ParentRoute path=path!("/repos/:owner/:repo") view=ScopeLayout>
                        <Route path=path!("") view=ScopeRedirect/>
                        <Route path=path!("runners") view=RunnersPage/>
                        <Route path=path!("runners/new") view=AddRunnerPage/>
                        <Route path=path!("runners/:id") view=RunnerPage/>
                        <Route path=path!("runner-events") view=RunnerEventsPage/>
                    </ParentRoute>
                </Routes>
            </main>
            <ToastList/>
        </Router>
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
