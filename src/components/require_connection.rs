//! Shows its children once connected; before that, the connect form, on the same URL, so a deep
//! link opened cold lands on the page it named.
use leptos::prelude::*;

use super::ConnectForm;
use crate::session::Session;

#[component]
pub fn RequireConnection(children: ChildrenFn) -> impl IntoView {
    let session = expect_context::<Session>();
    let children = StoredValue::new(children);
    view! {
        <Show
            when=move || session.is_connected()
            fallback=move || {
                view! {
                    <section class="panel connect" data-testid="connect-first">
                        <h1>"Connect to open this page"</h1>
                        <p class="hint">"This page needs a connection. Connect, and it opens right here."</p>
                        {move || session.restore_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                        <ConnectForm/>
                    </section>
                }
            }
        >
            {children.with_value(|c| c())}
        </Show>
    }
}
