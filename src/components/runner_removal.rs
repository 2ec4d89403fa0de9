//! Removing a runner: the gentler remove-token route, or a force delete confirmed by typing its name.
use leptos::prelude::*;
use leptos_router::components::Redirect;

use super::{ConfirmDialog, RemoveTokenPanel};
use crate::data::{write_action_toasting, ListViews, PageApi, Write, WriteOp};
use crate::github::models::Runner;
use crate::github::Scope;
use crate::routes;

#[component]
pub fn RunnerRemoval(scope: Scope, #[prop(into)] runner: Signal<Option<Runner>>, api: PageApi) -> impl IntoView {
    let delete = write_action_toasting(api);
    let (show_token, set_show_token) = signal(false);
    let (asking, set_asking) = signal(false);
    let (typed, set_typed) = signal(String::new());
    let name = move || runner.with(|r| r.as_ref().map(|r| r.name.clone()).unwrap_or_default());
    // What must be typed: the name, or the id when the name is empty or cannot be typed as shown.
    let expected = move || runner.with(|r| r.as_ref().map(confirmation_text).unwrap_or_default());
    let scope_sv = StoredValue::new(scope.clone());
    let confirm = Callback::new(move |_: ()| {
        set_asking.set(false);
        if let Some(r) = runner.get_untracked() {
            let done = format!("Deleted runner {}.", r.name);
            delete.dispatch((WriteOp::new(&scope_sv.get_value(), Write::DeleteRunner { runner: r.id }, r.name), done));
        }
    });
    // Back to the list as it was left.
    let back = use_context::<ListViews>().unwrap_or_default().url_for(routes::runners(&scope));
    view! {
        <section class="panel danger-zone">
            <h2>"Remove this runner"</h2>
            <p>"Gentler: unregister it from its machine with a remove token, which also cleans up the runner's configuration there."</p>
            <button type="button" data-testid="show-remove-token" on:click=move |_| set_show_token.set(true)>"Use a remove token…"</button>
            <Show when=move || show_token.get()>
                <RemoveTokenPanel scope=scope_sv.get_value() os=runner.with_untracked(|r| r.as_ref().map(|r| r.os.clone())) />
            </Show>
            <p>"Or force-remove it from GitHub now. A runner that is still running a job cannot be deleted."</p>
            <button type="button" class="danger" data-testid="delete-runner" disabled=delete.pending() on:click=move |_| { set_typed.set(String::new()); set_asking.set(true) }>
                "Delete runner…"
            </button>
            {move || delete.value().get().map(|result| match result {
                Ok(_) => view! { <Redirect path=back.clone() /> }.into_any(),
                Err(e) => view! { <super::ErrorBox error=e scope=scope_sv.get_value() /> }.into_any(),
            })}
        </section>
        <Show when=move || asking.get()>
            {move || {
                let shown = name();
                let by_id = expected() != shown;
                let prompt = if by_id { format!("This runner's name cannot be typed as shown. Type its id, {}, to confirm", expected()) } else { "Type the runner's name to confirm".to_string() };
                view! {
                    <ConfirmDialog title=format!("Delete runner {shown}?") confirm_label="Delete runner" danger=true
                        ready=Signal::derive(move || { let want = expected(); !want.is_empty() && typed.get() == want })
                        on_confirm=confirm on_cancel=Callback::new(move |_| set_asking.set(false))>
                        <p>"This force-removes the runner from GitHub. Its machine keeps its files; a remove token is the cleaner way."</p>
                        <label>
                            {prompt}
                            <input type="text" data-testid="confirm-name" prop:value=typed on:input:target=move |ev| set_typed.set(ev.target().value()) />
                        </label>
                    </ConfirmDialog>
                }
            }}
        </Show>
    }
}

/// The name, when a person can type it exactly; otherwise the id. An empty, blank or padded name,
/// or one with invisible or control characters, would make the check a free pass or impossible.
fn confirmation_text(r: &Runner) -> String {
    let typeable = !r.name.trim().is_empty() && r.name.trim() == r.name && !r.name.chars().any(|c| c.is_control() || crate::text::is_invisible(c));
    if typeable {
        r.name.clone()
    } else {
        r.id.to_string()
    }
}
