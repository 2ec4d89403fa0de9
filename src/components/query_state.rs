//! A list page's view state (filters, sort) kept in sync with the address: the page owns it after
//! reading the URL once and writes the URL back, and adopts any other query the router reports.
//! The view changes at once; the address follows a moment later, once typing pauses, so the router
//! does not run per keystroke.
use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::SetQuery;
use crate::data::ListViews;
use crate::view_query::{self, Pairs};

/// How long the address waits for typing to pause before it is rewritten.
pub const URL_DELAY_MS: u64 = 250;

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
    // The pending address rewrite; cleared when the page goes, so it never navigates away from a later page.
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let cancel = move || {
        if let Some(h) = pending.try_get_value().flatten() {
            h.clear();
        }
        pending.try_set_value(None);
    };
    on_cleanup(cancel);
    let set_query = Callback::new(move |(key, value): (&'static str, Option<String>)| {
        view_state.update(|p| view_query::set(p, key, value));
        let path = location.pathname.get_untracked();
        // "← All runners" returns to this view even when the page is left before the address follows.
        list_views.remember(&path, &view_query::url(path.clone(), &view_state.get_untracked()));
        cancel();
        let navigate = navigate.clone();
        let handle = set_timeout_with_handle(
            move || {
                pending.try_set_value(None);
                let Some(pairs) = view_state.try_get_untracked() else { return };
                let url = view_query::url(path, &pairs);
                written.try_update_value(|w| w.push(view_query::normalized(&pairs)));
                navigate(&url, NavigateOptions { replace: true, scroll: false, ..Default::default() });
            },
            Duration::from_millis(URL_DELAY_MS),
        )
        .ok();
        pending.try_set_value(handle);
    });
    Effect::new(move |_| {
        let now = view_query::normalized(&query.with(view_query::pairs_of));
        let path = location.pathname.get_untracked();
        list_views.remember(&path, &view_query::url(path.clone(), &now));
        match written.with_value(|w| w.iter().position(|p| *p == now)) {
            Some(i) => written.update_value(|w| drop(w.drain(..=i))),
            None => {
                // Back, Forward or a link is newer than what was typed and not yet written.
                cancel();
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
