//! The connect page: API base URL and token in, a connection out.
use leptos::prelude::*;

use crate::github::{ApiBase, Token};
use crate::session::{Connection, Session};

#[component]
pub fn ConnectPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let (base_url, set_base_url) = signal(String::new());
    let (token, set_token) = signal(String::new());
    let (remember, set_remember) = signal(false);
    let (error, set_error) = signal(None::<String>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let base = match ApiBase::parse(&base_url.get_untracked()) {
            Ok(base) => base,
            Err(message) => return set_error.set(Some(message)),
        };
        let token = Token::new(token.get_untracked());
        if token.is_empty() {
            return set_error.set(Some("Paste a personal access token to connect.".into()));
        }
        set_error.set(None);
        set_token.set(String::new());
        session.connect(Connection { base, token, remember: remember.get_untracked() });
    };

    let connected = move || session.0.with(|c| c.as_ref().map(|c| c.base.clone()));

    view! {
        <section class="panel connect">
            <h1>"Connect to GitHub"</h1>
            <Show
                when=move || connected().is_none()
                fallback=move || {
                    view! {
                        <div data-testid="connected">
                            <p>
                                "Connected to "
                                <strong data-testid="connected-host">{move || connected().map(|b| b.api_root)}</strong>
                                "."
                            </p>
                            <button type="button" data-testid="disconnect" on:click=move |_| session.disconnect()>
                                "Disconnect"
                            </button>
                        </div>
                    }
                }
            >
                <form on:submit=submit data-testid="connect-form">
                    <label>
                        "API base URL"
                        <input
                            type="url"
                            name="base-url"
                            data-testid="base-url"
                            placeholder="https://ghe.example.com/api/v3 or https://api.github.com"
                            autocomplete="url"
                            prop:value=base_url
                            on:input:target=move |ev| set_base_url.set(ev.target().value())
                        />
                    </label>
                    <label>
                        "Token"
                        <input
                            type="password"
                            name="token"
                            data-testid="token"
                            autocomplete="off"
                            spellcheck="false"
                            prop:value=token
                            on:input:target=move |ev| set_token.set(ev.target().value())
                        />
                    </label>
                    <label class="checkbox">
                        <input
                            type="checkbox"
                            data-testid="remember"
                            prop:checked=remember
                            on:change:target=move |ev| set_remember.set(ev.target().checked())
                        />
                        "Remember for this browser session"
                    </label>
                    <p class="hint">
                        "Without this, the token lives in this tab's memory only and is gone on reload."
                    </p>
                    <button type="submit" data-testid="connect">"Connect"</button>
                    <Show when=move || error.get().is_some()>
                        <p class="error" role="alert" data-testid="connect-error">{move || error.get()}</p>
                    </Show>
                </form>
            </Show>
        </section>
    }
}
