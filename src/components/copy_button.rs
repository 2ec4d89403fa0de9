//! Copies a text to the clipboard and says whether it worked.
use leptos::prelude::*;

#[component]
pub fn CopyButton(#[prop(into)] text: Signal<String>, #[prop(into)] label: String) -> impl IntoView {
    let write = Action::new_local(move |value: &String| {
        let promise = web_sys::window().map(|w| w.navigator().clipboard().write_text(value));
        async move {
            match promise {
                Some(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
                None => false,
            }
        }
    });
    let state = write.value();
    let copy = move |_| {
        write.dispatch(text.get_untracked());
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
