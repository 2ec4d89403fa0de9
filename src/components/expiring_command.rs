//! A ready-to-paste command holding a short-lived secret, with a live countdown and a copy button.
use std::time::Duration;

use leptos::prelude::*;

use super::CopyButton;
use crate::script::{countdown, parse_timestamp};

fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

#[component]
pub fn ExpiringCommand(#[prop(into)] command: Signal<String>, #[prop(into)] expires_at: Option<String>, #[prop(into)] testid: String) -> impl IntoView {
    let (now, set_now) = signal(now_secs());
    let expiry = expires_at.as_deref().and_then(parse_timestamp);
    if expiry.is_some() {
        if let Ok(handle) = set_interval_with_handle(move || set_now.set(now_secs()), Duration::from_secs(1)) {
            on_cleanup(move || handle.clear());
        }
    }
    let left = move || expiry.map(|e| countdown(e, now.get()));
    let expired = move || expiry.is_some_and(|e| e <= now.get());
    view! {
        <div class="expiring" data-testid=testid>
            <pre class="command" class:expired=expired data-testid="command"><code>{command}</code></pre>
            <div class="command-actions">
                <CopyButton text=command label="Copy" />
                {move || left().map(|l| view! { <span class="countdown" data-testid="countdown" role="timer">{l}</span> })}
            </div>
        </div>
    }
}
