//! "Cordoned", next to a runner's status wherever runners are listed.
use leptos::prelude::*;

/// "Cordoned" when the runner is (in its scope's cordon group, see `crate::cordon`), else nothing.
pub fn cordon_badge(cordoned: bool) -> impl IntoView {
    cordoned.then(|| {
        view! {
            <span class="status status-cordoned" data-testid="cordoned" title="No new job is routed to it: it is in the cordon group">
                <span aria-hidden="true">"⊘ "</span>"Cordoned"
            </span>
        }
    })
}
