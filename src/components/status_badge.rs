//! A runner's state as GitHub names it, with a shape as well as a colour.
use leptos::prelude::*;

use crate::fleet::Status;

#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    view! {
        <span class=format!("status status-{}", status.key()) data-status=status.key()>
            <span aria-hidden="true">{icon(status)}" "</span>
            {status.label()}
        </span>
    }
}

/// The badge of a table row, which shows one runner and then another as a filter changes: the
/// badge changes its class and text in place rather than being built anew. Empty while the row
/// shows no runner.
pub fn row_status_badge(status: Memo<Option<Status>>) -> impl IntoView {
    view! {
        <span class=move || status.get().map(|s| format!("status status-{}", s.key())) data-status=move || status.get().map(Status::key)>
            <span aria-hidden="true">{move || status.get().map(icon)}" "</span>
            {move || status.get().map(Status::label)}
        </span>
    }
}

fn icon(status: Status) -> &'static str {
    match status {
        Status::Idle => "●",
        Status::Active => "◐",
        Status::Offline => "○",
    }
}
