//! A modal confirmation: says exactly what will happen, and needs a deliberate click (or typing).
use leptos::prelude::*;

#[component]
pub fn ConfirmDialog(
    #[prop(into)] title: String,
    #[prop(into)] confirm_label: String,
    #[prop(optional)] danger: bool,
    /// When set, the confirm button stays disabled until this is true (e.g. the name was typed).
    #[prop(optional, into)]
    ready: Option<Signal<bool>>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
    children: Children,
) -> impl IntoView {
    let ready = ready.unwrap_or_else(|| Signal::derive(|| true));
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            on_cancel.run(());
        }
    };
    view! {
        <div class="overlay">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title" data-testid="dialog" on:keydown=keydown>
                <h2 id="dialog-title">{title}</h2>
                <div class="dialog-body">{children()}</div>
                <div class="dialog-actions">
                    <button type="button" data-testid="dialog-cancel" autofocus on:click=move |_| on_cancel.run(())>"Cancel"</button>
                    <button
                        type="button"
                        class=if danger { "danger primary" } else { "primary" }
                        data-testid="dialog-confirm"
                        disabled=move || !ready.get()
                        on:click=move |_| on_confirm.run(())
                    >
                        {confirm_label}
                    </button>
                </div>
            </div>
        </div>
    }
}
