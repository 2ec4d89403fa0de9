//! The shell's confirmations of completed writes (see `data::Toasts`).
use leptos::prelude::*;

use crate::data::Toasts;

#[component]
pub fn ToastList() -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    view! {
        <div class="toasts" role="status" aria-live="polite" data-testid="toasts">
            <For each=move || toasts.current() key=|(id, _)| *id let:toast>
                <p class="toast ok" data-testid="toast">
                    <span>{toast.1.clone()}</span>
                    <button type="button" class="chip-remove" aria-label="Dismiss this message" on:click=move |_| toasts.dismiss(toast.0)>"×"</button>
                </p>
            </For>
        </div>
    }
}
