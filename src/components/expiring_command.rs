//! A ready-to-paste command holding a short-lived secret, with a live countdown and a copy button.
//! When the secret expires, the command and the button leave the page and a note says so; a
//! command that was refused shows why instead.
use std::time::Duration;

use leptos::prelude::*;

use super::CopyButton;
use crate::script::{countdown, Expiry, ScriptRefusal};

fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// "14:05" in the viewer's time zone.
fn local_clock(unix_secs: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(unix_secs as f64 * 1000.0));
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}

/// `name` says what the command is ("setup script"), `secret` what it holds ("registration token").
#[component]
pub fn ExpiringCommand(
    #[prop(into)] command: Signal<Result<String, ScriptRefusal>>,
    expires_at: Expiry,
    #[prop(into)] testid: String,
    #[prop(into)] name: String,
    #[prop(into)] secret: String,
) -> impl IntoView {
    let mounted = now_secs();
    let expiry = expires_at.resolve(mounted);
    let (now, set_now) = signal(mounted);
    if let Ok(handle) = set_interval_with_handle(move || set_now.set(now_secs()), Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }
    let expired = Memo::new(move |_| expiry <= now.get());
    let text = Signal::derive(move || command.get().unwrap_or_default());
    let ok = Memo::new(move |_| command.with(Result::is_ok));
    let refusal = move || command.get().err().map(|r| r.to_string());
    let copy_label = StoredValue::new(format!("Copy the {name}"));
    let expired_note = format!("This {secret} expired at {}; create a new one.", local_clock(expiry));
    view! {
        <div class="expiring" data-testid=testid>
            <Show
                when=move || !expired.get()
                fallback=move || view! { <p class="warning" role="status" data-testid="expired">{expired_note.clone()}</p> }
            >
                {move || match refusal() {
                    Some(message) => view! { <p class="error" role="alert" data-testid="script-refused">{message}</p> }.into_any(),
                    None => view! { <pre class="command" data-testid="command"><code>{text}</code></pre> }.into_any(),
                }}
                <div class="command-actions">
                    {move || ok.get().then(|| view! { <CopyButton text=text label=copy_label.get_value() /> })}
                    <span class="countdown" data-testid="countdown" role="timer">{move || countdown(expiry, now.get())}</span>
                </div>
            </Show>
        </div>
    }
}
