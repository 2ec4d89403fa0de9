//! A runner's state as GitHub names it, with a shape as well as a colour.
use leptos::prelude::*;

use crate::fleet::Status;

#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    let icon = match status {
        Status::Idle => "●",
        Status::Active => "◐",
        Status::Offline => "○",
    };
    view! {
        <span class=format!("status status-{}", status.key()) data-status=status.key()>
            <span aria-hidden="true">{icon}" "</span>
            {status.label()}
        </span>
    }
}
