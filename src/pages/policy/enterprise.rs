//! The enterprise's switch: repository-level self-hosted runners disabled in every organization.
use leptos::prelude::*;

use crate::components::{ConfirmDialog, ErrorBox};
use crate::data::policy::PolicyWrite;
use crate::data::{write_action, PageApi, Write, WriteOp};
use crate::github::request as ops;
use crate::github::Scope;

#[component]
pub fn EnterprisePolicy(slug: String) -> impl IntoView {
    let api = PageApi::new();
    let scope = StoredValue::new(Scope::Enterprise { slug: slug.clone() });
    let slug = StoredValue::new(slug);
    let write = write_action(api);
    let read = LocalResource::new(move || {
        write.version().track();
        let client = api.client();
        let call = ops::get_enterprise_self_hosted_runners(&slug.get_value());
        async move { client?.send(call).await }
    });
    // The last value read, kept while a read again is under way.
    let current = Memo::new(move |prev: Option<&Option<bool>>| match read.get() {
        Some(Ok(p)) => Some(p.disable_self_hosted_runners_for_all_orgs),
        _ => prev.copied().flatten(),
    });
    let wanted = RwSignal::new(None::<bool>);
    let chosen = move || wanted.get().or(current.get()).unwrap_or(false);
    let asking = RwSignal::new(false);
    let send = move |disable: bool| {
        let done = if disable { "Repository-level self-hosted runners are now disabled in every organization." } else { "Organizations may now allow repository-level self-hosted runners again." };
        wanted.set(None);
        write.dispatch((WriteOp::new(&scope.get_value(), Write::Policy(PolicyWrite::SetEnterpriseDisabled(disable)), slug.get_value()), done.to_string()));
    };
    let save = move |_| {
        // Disabling takes runners away from repositories everywhere: it is confirmed first.
        if chosen() {
            asking.set(true);
        } else {
            send(false);
        }
    };
    let confirm = Callback::new(move |_: ()| {
        asking.set(false);
        send(true);
    });
    view! {
        <p class="hint">
            "Repository-level runners are the self-hosted runners registered to one repository. The enterprise can switch them off in all of its organizations; each organization's own policy then no longer matters."
        </p>
        {move || read.get().and_then(Result::err).map(|e| view! { <ErrorBox error=e scope=scope.get_value() retry=Callback::new(move |_| read.refetch()) /> })}
        <p data-testid="enterprise-policy-current">
            {move || match current.get() {
                Some(true) => "Now: disabled in every organization of the enterprise.",
                Some(false) => "Now: each organization decides which of its repositories may use them.",
                None => "Reading the enterprise's policy…",
            }}
        </p>
        <Show when=move || current.get().is_some()>
            <div class="inline-form">
                <label class="checkbox">
                    <input type="checkbox" data-testid="enterprise-disable" prop:checked=chosen on:change:target=move |ev| wanted.set(Some(ev.target().checked())) />
                    "Disable repository-level self-hosted runners in every organization"
                </label>
                <button type="button" class="primary" data-testid="enterprise-save" on:click=save
                    disabled=move || write.pending().get() || current.get() == Some(chosen())>"Save"</button>
            </div>
        </Show>
        {move || write.value().get().map(|r| match r {
            Ok((message, _)) => view! { <p class="ok" role="status" data-testid="policy-message">{message}</p> }.into_any(),
            Err(e) => view! { <ErrorBox error=e scope=scope.get_value() /> }.into_any(),
        })}
        <Show when=move || asking.get()>
            <ConfirmDialog title="Disable repository-level runners everywhere?" confirm_label="Disable them" danger=true
                on_confirm=confirm on_cancel=Callback::new(move |_| asking.set(false))>
                <p data-testid="policy-effect">
                    {format!("Every repository of every organization in {} loses its repository-level self-hosted runners: they stay registered but get no more jobs, and no organization can allow them again until this is switched back.", slug.get_value())}
                </p>
            </ConfirmDialog>
        </Show>
    }
}
