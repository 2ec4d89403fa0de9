//! The header's connection indicator: where, as whom, and the rate limit left.
use leptos::prelude::*;

use crate::session::Session;

#[component]
pub fn ConnectionStatus() -> impl IntoView {
    let session = expect_context::<Session>();
    let label = move || {
        session.connection.with(|c| match c {
            Some(c) => match &c.identity {
                Some(id) => format!("Connected · {} · {}", c.base().host(), id.user.login),
                None => format!("Connected · {} · checking…", c.base().host()),
            },
            None => "Not connected".to_string(),
        })
    };
    let state = move || if session.is_connected() { "online" } else { "offline" };
    view! {
        <span class="connection-status" data-state=state data-testid="connection-status" role="status">
            {label}
        </span>
    }
}
