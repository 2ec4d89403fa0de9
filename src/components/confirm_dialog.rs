//! A modal confirmation: says exactly what will happen, and needs a deliberate click (or typing).
//!
//! A native `<dialog>` opened with `showModal()`, which gives the WAI-ARIA dialog pattern: focus
//! moves in (to the autofocused Cancel, the safe choice), Tab stays inside, the page behind is
//! inert, and Escape cancels. Closing it returns focus to the control that opened it.
use std::cell::RefCell;
use std::rc::Rc;

use leptos::html;
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
    let node = NodeRef::<html::Dialog>::new();
    // Kept outside the reactive graph, so the cleanup can close the dialog whatever is disposed first.
    let opened: Rc<RefCell<Option<web_sys::HtmlDialogElement>>> = Rc::default();
    let on_mount = opened.clone();
    Effect::new(move |_| {
        if let Some(dialog) = node.get() {
            if !dialog.open() && dialog.show_modal().is_ok() {
                *on_mount.borrow_mut() = Some(dialog);
            }
        }
    });
    // Single-threaded wasm: the wrapper only satisfies `on_cleanup`'s bounds.
    let opened = send_wrapper::SendWrapper::new(opened);
    on_cleanup(move || {
        if let Some(dialog) = opened.borrow_mut().take() {
            dialog.close();
        }
    });
    // Escape: the browser's `cancel`. The page decides, and unmounting closes the dialog.
    let cancel = move |ev: leptos::ev::Event| {
        ev.prevent_default();
        on_cancel.run(());
    };
    view! {
        <dialog node_ref=node class="dialog" aria-labelledby="dialog-title" data-testid="dialog" on:cancel=cancel>
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
        </dialog>
    }
}
