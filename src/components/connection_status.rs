//! The header's connection indicator: where, as whom, and the rate limit left.
use leptos::prelude::*;

use crate::github::server::{Product, Server};
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
    let server = move || session.connection.with(|c| c.as_ref()?.identity.as_ref().map(|id| short_server(&id.server)));
    view! {
        <span class="connection-status" data-state=state data-testid="connection-status" role="status">
            {label}
        </span>
        {move || server().map(|s| view! { <span class="server-kind" data-testid="server-kind">{s}</span> })}
    }
}

/// "GHES 3.9.2", "github.com", "GHEC (data residency)": what the header has room for.
fn short_server(server: &Server) -> String {
    match (&server.product, &server.installed_version) {
        (Product::Dotcom, _) => "github.com".into(),
        (Product::DataResidency, _) => "GHEC (data residency)".into(),
        (Product::Ghes { .. }, Some(v)) => format!("GHES {v}"),
        (Product::Ghes { .. }, None) => "GHES (version unknown)".into(),
    }
}
