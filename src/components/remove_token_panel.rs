//! The gentle way to retire a runner: a remove token and the `config.sh remove` line for its host.
use leptos::prelude::*;

use super::{ErrorBox, ExpiringCommand};
use crate::data::activity::perform_token;
use crate::data::{Activity, PageApi, Write, WriteOp};
use crate::github::models::AuthenticationToken;
use crate::github::Scope;
use crate::script::{remove_command, Expiry};

#[component]
pub fn RemoveTokenPanel(
    scope: Scope,
    /// The runner's OS as GitHub reports it, when the panel is for one runner: then nothing is asked.
    #[prop(default = None)]
    os: Option<String>,
) -> impl IntoView {
    let activity = expect_context::<Activity>();
    let api = PageApi::new();
    let known_os = os.map(|os| os.eq_ignore_ascii_case("windows"));
    let (windows, set_windows) = signal(known_os.unwrap_or(false));
    let scope = StoredValue::new(scope);
    let create = Action::new_local(move |_: &()| {
        let client = api.write_client();
        let op = WriteOp::new(&scope.get_value(), Write::RemoveToken, "remove token");
        async move { perform_token(activity, client?, op).await }
    });
    let result = create.value();
    view! {
        <div class="remove-token" data-testid="remove-token-panel">
            <p class="hint">"Run this on the runner's machine: it unregisters the runner cleanly and removes its configuration."</p>
            {match known_os {
                Some(true) => view! { <p class="hint" data-testid="remove-os">"The runner is on Windows: the line is for PowerShell."</p> }.into_any(),
                Some(false) => view! { <p class="hint" data-testid="remove-os">"The runner is on Linux or macOS: the line is for its shell."</p> }.into_any(),
                None => view! {
                    <label class="checkbox">
                        <input type="checkbox" prop:checked=windows on:change:target=move |ev| set_windows.set(ev.target().checked()) />
                        "The runner is on Windows"
                    </label>
                }.into_any(),
            }}
            <button type="button" data-testid="create-remove-token" on:click=move |_| { create.dispatch(()); } disabled=move || create.pending().get()>
                "Create a remove token"
            </button>
            {move || result.get().map(|r: Result<AuthenticationToken, _>| match r {
                Ok(t) => {
                    let token = t.token.clone();
                    let command = Signal::derive(move || remove_command(windows.get(), &token));
                    view! { <ExpiringCommand command=command expires_at=Expiry::At(t.expires_at.clone()) testid="remove-command" name="remove command" secret="remove token" /> }.into_any()
                }
                Err(e) => view! { <ErrorBox error=e scope=scope.get_value() /> }.into_any(),
            })}
        </div>
    }
}
