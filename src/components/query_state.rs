//! A list page's view state (filters, sort) kept in sync with the address: the page owns it after
//! reading the URL once and writes the URL back, and adopts any other query the router reports.
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::SetQuery;
use crate::data::ListViews;
use crate::view_query::{self, Pairs};

/// The view state and the callback that sets one key of it. `on_outside` is told of a query that
/// came from elsewhere (Back, Forward, a link to this list) once it has replaced the view state.
pub fn query_state(on_outside: impl Fn(&Pairs) + 'static) -> (RwSignal<Pairs>, SetQuery) {
    let query = use_query_map();
    let location = use_location();
    let navigate = use_navigate();
    let list_views = use_context::<ListViews>().unwrap_or_default();
    // Router navigations complete asynchronously, and quick successive edits must not undo each other.
    let view_state = RwSignal::new(query.with_untracked(view_query::pairs_of));
    // The queries this page navigated to itself and the router has not reported back yet.
    let written = StoredValue::new(Vec::<Pairs>::new());
    let set_query = Callback::new(move |(key, value): (&'static str, Option<String>)| {
        view_state.update(|p| view_query::set(p, key, value));
        let path = location.pathname.get_untracked();
        let pairs = view_state.get_untracked();
        let url = view_query::url(path, &pairs);
        written.update_value(|w| w.push(view_query::normalized(&pairs)));
        navigate(&url, NavigateOptions { replace: true, scroll: false, ..Default::default() });
    });
    Effect::new(move |_| {
        let now = view_query::normalized(&query.with(view_query::pairs_of));
        let path = location.pathname.get_untracked();
        list_views.remember(&path, &view_query::url(path.clone(), &now));
        match written.with_value(|w| w.iter().position(|p| *p == now)) {
            Some(i) => written.update_value(|w| drop(w.drain(..=i))),
            None => {
                written.update_value(Vec::clear);
                if view_state.with_untracked(|p| view_query::normalized(p) != now) {
                    on_outside(&now);
                    view_state.set(now);
                }
            }
        }
    });
    (view_state, set_query)
}
