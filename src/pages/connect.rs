//! The connect page: connect, see who the token is, and open a scope.
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::components::ConnectForm;
use crate::github::Scope;
use crate::session::Session;

#[component]
pub fn ConnectPage() -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        <Show
            when=move || session.is_connected()
            fallback=move || {
                view! {
                    <section class="panel connect">
                        <h1>"Connect to GitHub"</h1>
                        {move || session.restore_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                        <ConnectForm/>
                    </section>
                }
            }
        >
            <Connected/>
        </Show>
    }
}

#[component]
fn Connected() -> impl IntoView {
    let session = expect_context::<Session>();
    let host = move || session.connection.with(|c| c.as_ref().map(|c| c.base().api_root.clone()).unwrap_or_default());
    let who = move || {
        session.connection.with(|c| {
            let id = c.as_ref()?.identity.as_ref()?;
            Some(match &id.user.name {
                Some(name) if !name.is_empty() => format!("{} ({name})", id.user.login),
                _ => id.user.login.clone(),
            })
        })
    };
    let scopes = move || {
        session.connection.with(|c| match c.as_ref().and_then(|c| c.identity.as_ref()) {
            Some(id) => match &id.scopes {
                Some(s) if s.is_empty() => "none".to_string(),
                Some(s) => s.join(", "),
                None => "not reported (a fine-grained token: its permissions are checked per call)".to_string(),
            },
            None => "checking…".to_string(),
        })
    };
    let server = move || {
        session.connection.with(|c| match c.as_ref().and_then(|c| c.identity.as_ref()) {
            Some(id) => match &id.server.note {
                Some(note) => format!("{} — {note}", id.server),
                None => id.server.to_string(),
            },
            None => "checking…".to_string(),
        })
    };
    // A classic token without scopes connects, but every runner page would then fail: say so now.
    let no_scopes = move || session.connection.with(|c| c.as_ref().and_then(|c| c.identity.as_ref()).is_some_and(|id| id.scopes.as_ref().is_some_and(Vec::is_empty)));
    view! {
        <section class="panel" data-testid="connected">
            <h1>"Connected"</h1>
            <dl class="facts">
                <dt>"API"</dt>
                <dd data-testid="connected-host">{host}</dd>
                <dt>"Token owner"</dt>
                <dd data-testid="connected-user">{who}</dd>
                <dt>"Token scopes"</dt>
                <dd data-testid="connected-scopes">{scopes}</dd>
                <dt>"Server"</dt>
                <dd data-testid="connected-server">{server}</dd>
            </dl>
            <Show when=no_scopes>
                <p class="warning" role="alert" data-testid="no-scopes-warning">
                    "This classic token has no scopes, so GitHub will refuse every runner page. Create one with manage_runners:enterprise (enterprise), admin:org (organization) or repo (repository), then connect again."
                </p>
            </Show>
            <button type="button" class="danger" data-testid="disconnect" on:click=move |_| session.disconnect()>
                "Disconnect"
            </button>
        </section>
        <ScopePicker/>
    }
}

#[component]
fn ScopePicker() -> impl IntoView {
    let session = expect_context::<Session>();
    let navigate = use_navigate();
    let (kind, set_kind) = signal("org".to_string());
    let (name, set_name) = signal(String::new());
    let (error, set_error) = signal(None::<String>);
    let open = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = name.get_untracked();
        let typed = typed.trim();
        let input = match kind.get_untracked().as_str() {
            "enterprise" if !typed.contains('/') => format!("enterprises/{typed}"),
            "repo" if !typed.contains('/') => {
                return set_error.set(Some("Enter the repository as OWNER/REPO.".into()));
            }
            _ => typed.to_string(),
        };
        match Scope::parse(&input) {
            Ok(scope) => {
                set_error.set(None);
                navigate(&crate::routes::runners(&scope), Default::default());
            }
            Err(e) => set_error.set(Some(e)),
        }
    };
    let placeholder = move || match kind.get().as_str() {
        "enterprise" => "enterprise slug, e.g. acme",
        "repo" => "owner/repo, e.g. acme-platform/api",
        _ => "organization, e.g. acme-platform",
    };
    view! {
        <section class="panel">
            <h2>"Open a scope"</h2>
            <form class="inline-form" on:submit=open data-testid="scope-form">
                <label>
                    "Kind"
                    <select data-testid="scope-kind" prop:value=kind on:change:target=move |ev| set_kind.set(ev.target().value())>
                        <option value="org">"Organization"</option>
                        <option value="enterprise">"Enterprise"</option>
                        <option value="repo">"Repository"</option>
                    </select>
                </label>
                <label>
                    "Name"
                    <input type="text" data-testid="scope-name-input" placeholder=placeholder prop:value=name on:input:target=move |ev| set_name.set(ev.target().value()) />
                </label>
                <button type="submit" data-testid="open-scope">"Open"</button>
            </form>
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="scope-error">{e}</p> })}
            <Show when=move || !session.recent.with(Vec::is_empty)>
                <h3>"Recent"</h3>
                <ul class="recent" data-testid="recent-scopes">
                    <For each=move || session.recent.get() key=crate::routes::scope_root let:scope>
                        <li>
                            <A href=crate::routes::runners(&scope)>{scope.to_string()}</A>
                        </li>
                    </For>
                </ul>
            </Show>
        </section>
    }
}
