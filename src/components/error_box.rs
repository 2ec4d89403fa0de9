//! An error, said plainly, with what the token needs at this scope when that is the problem.
use leptos::prelude::*;

use crate::github::{ApiError, Scope};

#[component]
pub fn ErrorBox(error: ApiError, #[prop(optional)] scope: Option<Scope>) -> impl IntoView {
    let hint = scope.and_then(|s| match &error {
        ApiError::MissingScope { .. } | ApiError::NotFound { .. } | ApiError::Forbidden { .. } => {
            Some(format!("For the {s}, Runnerdeck needs a classic token with the {} scope, or a fine-grained token with {}.", s.token_scope(), s.fine_grained_permission()))
        }
        _ => None,
    });
    view! {
        <div class="error" role="alert" data-testid="error">
            <p>{error.to_string()}</p>
            {hint.map(|h| view! { <p class="hint" data-testid="scope-hint">{h}</p> })}
        </div>
    }
}
