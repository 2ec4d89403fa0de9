//! Copies a text to the clipboard and says whether it worked.
use leptos::prelude::*;

#[component]
pub fn CopyButton(#[prop(into)] text: Signal<String>, #[prop(into)] label: String) -> impl IntoView {
    let (state, set_state) = signal(None::<bool>);
    let copy = move |_| {
        let value = text.get_untracked();
        leptos::task::spawn_local(async move {
            let ok = match web_sys::window() {
                Some(w) => wasm_bindgen_futures::JsFuture::from(w.navigator().clipboard().write_text(&value)).await.is_ok(),
                None => false,
            };
            set_state.set(Some(ok));
        });
    };
    let aria = label.clone();
    view! {
        <button type="button" class="copy" on:click=copy aria-label=aria data-testid="copy">
            {label}
        </button>
        <span class="copy-state" role="status">
            {move || match state.get() {
                Some(true) => "Copied",
                Some(false) => "Copy failed: select the text and copy it",
                None => "",
            }}
        </span>
    }
}
