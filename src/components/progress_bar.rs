//! A labelled progress bar: "37 of 100 pages".
use leptos::prelude::*;

#[component]
pub fn ProgressBar(#[prop(into)] done: Signal<u32>, #[prop(into)] total: Signal<u32>, #[prop(into)] unit: String) -> impl IntoView {
    let text = move || format!("{} of {} {unit}", done.get(), total.get());
    view! {
        <div class="progress" data-testid="progress">
            <progress max=move || total.get().max(1) value=move || done.get() aria-label=text.clone()></progress>
            <span class="progress-text" data-testid="progress-text">{text}</span>
        </div>
    }
}
