//! The form that turns an API URL and a token into a verified connection.
use leptos::prelude::*;

use crate::github::server::{CLOUD_CONCURRENCY, GHES_CONCURRENCY, MAX_CONCURRENCY};
use crate::github::ApiBase;
use crate::session::{verify, ClientOptions, Session};

#[component]
pub fn ConnectForm() -> impl IntoView {
    let session = expect_context::<Session>();
    // The last API URLs used (never the token), newest first; the newest is filled in.
    let recent_urls = crate::session::recent_api_urls();
    let (base_url, set_base_url) = signal(recent_urls.first().cloned().unwrap_or_default());
    let (token, set_token) = signal(String::new());
    let (remember, set_remember) = signal(false);
    let connect = Action::new_local(move |(url, tok, keep, plain_ok, options): &(String, String, bool, bool, ClientOptions)| {
        let (url, tok, keep, plain_ok, options) = (url.clone(), tok.clone(), *keep, *plain_ok, *options);
        async move {
            let connection = verify(&url, &tok, keep, plain_ok, options).await.map_err(|p| p.to_string())?;
            // Both tolerate a form or an app that went away meanwhile.
            set_token.try_set(String::new());
            crate::session::remember_api_url(&connection.base().api_root);
            session.connect(connection);
            Ok::<(), String>(())
        }
    });
    let busy = connect.pending();
    let error = move || connect.value().get().and_then(Result::err);
    let (api_version, set_api_version) = signal(false);
    let (concurrency, set_concurrency) = signal(ClientOptions::default().concurrency);
    // `http://` to another machine: consent is given for one API root, and kept nowhere else.
    let plaintext_root = Memo::new(move |_| ApiBase::parse(&base_url.get()).ok().filter(ApiBase::is_plaintext_remote).map(|b| b.api_root));
    let (plain_consent, set_plain_consent) = signal(None::<String>);
    let plain_ok = move || plaintext_root.get().is_some_and(|root| plain_consent.get().as_ref() == Some(&root));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (url, tok, keep) = (base_url.get_untracked(), token.get_untracked(), remember.get_untracked());
        let options = ClientOptions { api_version_header: api_version.get_untracked(), concurrency: concurrency.get_untracked() };
        connect.dispatch((url, tok, keep, plain_ok(), options));
        // The code of a scope's frame and its runners (where the scope picker leads) downloads while
        // the server is asked who the token is.
        crate::chunks::preload(crate::chunks::scope::preload);
    };

    view! {
        // Never submitted natively: no field has a name, the method is POST and the CSP's
        // `form-action 'none'` blocks the navigation even if the handler is gone.
        <form on:submit=submit method="post" action="#" data-testid="connect-form" class="connect-form">
            <label>
                "API base URL"
                <input
                    type="url"
                    data-testid="base-url"
                    required
                    placeholder="https://ghe.example.com/api/v3 or https://api.github.com"
                    autocomplete="url"
                    prop:value=base_url
                    list="recent-api-urls"
                    on:input:target=move |ev| {
                        connect.value().set(None);
                        set_base_url.set(ev.target().value())
                    }
                />
                <datalist id="recent-api-urls" data-testid="recent-api-urls">
                    {recent_urls.into_iter().map(|u| view! { <option value=u></option> }).collect_view()}
                </datalist>
            </label>
            <label>
                "Token"
                <input
                    type="password"
                    data-testid="token"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=token
                    on:input:target=move |ev| {
                        connect.value().set(None);
                        set_token.set(ev.target().value())
                    }
                />
            </label>
            {move || plaintext_root.get().map(|root| {
                let host = root.trim_start_matches("http://").trim_end_matches("/api/v3").to_string();
                view! {
                    <div class="warning" role="alert" data-testid="plaintext-warning">
                        <p>{format!("http://{host} is not encrypted: anyone on the network between here and {host} could read the token.")}</p>
                        <label class="checkbox">
                            <input type="checkbox" data-testid="plaintext-consent" prop:checked=plain_ok
                                on:change:target=move |ev| set_plain_consent.set(ev.target().checked().then(|| root.clone())) />
                            "Send the token unencrypted to this host (asked again every time)"
                        </label>
                    </div>
                }
            })}
            <label class="checkbox">
                <input type="checkbox" data-testid="remember" prop:checked=remember on:change:target=move |ev| set_remember.set(ev.target().checked()) />
                "Remember for this browser session"
            </label>
            <p class="hint">"Without this, the token lives in this tab's memory only and is gone on reload."</p>
            <details class="advanced">
                <summary>"Advanced"</summary>
                <label class="checkbox">
                    <input type="checkbox" data-testid="api-version-header" prop:checked=api_version on:change:target=move |ev| set_api_version.set(ev.target().checked()) />
                    "Send the X-GitHub-Api-Version header (some browsers' CORS preflights to github.com reject it)"
                </label>
                <label>
                    "Requests in flight while loading"
                    <input type="number" class="short" min="1" max=MAX_CONCURRENCY placeholder="auto" data-testid="concurrency" aria-describedby="concurrency-hint"
                        prop:value=move || concurrency.get().map(|c| c.to_string()).unwrap_or_default()
                        on:change:target=move |ev| set_concurrency.set(ev.target().value().trim().parse::<usize>().ok().map(|c| c.clamp(1, MAX_CONCURRENCY))) />
                </label>
                <p class="hint" id="concurrency-hint">{format!("Empty: chosen by server, {CLOUD_CONCURRENCY} on github.com and GitHub Enterprise Cloud, {GHES_CONCURRENCY} on GitHub Enterprise Server. At most {MAX_CONCURRENCY}.")}</p>
            </details>
            <button type="submit" data-testid="connect" disabled=busy>
                {move || if busy.get() { "Checking…" } else { "Connect" }}
            </button>
            <Show when=move || error().is_some()>
                <p class="error" role="alert" data-testid="connect-error">{error}</p>
            </Show>
        </form>
    }
}
