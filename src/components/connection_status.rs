//! The header's connection indicator.
use leptos::prelude::*;

use crate::session::Session;

#[component]
pub fn ConnectionStatus() -> impl IntoView {
    let session = expect_context::<Session>();
    let label = move || {
        session.0.with(|c| match c {
            Some(c) => format!("Connected · {}", c.base.host()),
            None => "Not connected".to_string(),
        })
    };
    let state = move || if session.0.with(Option::is_some) { "online" } else { "offline" };
    view! {
        <span class="connection-status" data-state=state data-testid="connection-status" role="status">
            {label}
        </span>
    }
}
