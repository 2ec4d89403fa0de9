//! An error, said plainly, with what the token needs at this scope when that is the problem, and
//! for SAML single sign-on the link that authorizes the token.
use leptos::prelude::*;

use crate::github::{ApiError, Scope};

/// The organization a scope belongs to, for "authorize the token for ORG".
fn org_of(scope: &Scope) -> Option<&str> {
    match scope {
        Scope::Org { org } => Some(org),
        Scope::Repo { owner, .. } => Some(owner),
        Scope::Enterprise { .. } => None,
    }
}

#[component]
pub fn ErrorBox(
    error: ApiError,
    #[prop(optional)] scope: Option<Scope>,
    /// Offered as "Try again", e.g. once the token has been authorized for single sign-on.
    #[prop(optional)]
    retry: Option<Callback<()>>,
) -> impl IntoView {
    let hint = scope.as_ref().and_then(|s| match &error {
        ApiError::MissingScope { .. } | ApiError::NotFound { .. } | ApiError::Forbidden { .. } => {
            Some(format!("For the {s}, Runnerdeck needs a classic token with the {} scope, or a fine-grained token with {}.", s.token_scope(), s.fine_grained_permission()))
        }
        _ => None,
    });
    let message = match (&error, scope.as_ref().and_then(org_of)) {
        (ApiError::SsoRequired { url }, Some(org)) => {
            let how = if url.is_some() { "Authorize it with the link below" } else { "On GitHub, open the token's settings, choose “Configure SSO” and authorize it for the organization" };
            format!("Your token is not authorized for {org}'s SAML single sign-on (403): GitHub hides {org} from it until it is. {how}, then try again.")
        }
        _ => error.to_string(),
    };
    let sso_link = match &error {
        ApiError::SsoRequired { url: Some(url) } => {
            let org = scope.as_ref().and_then(org_of).map(str::to_string).unwrap_or_else(|| "the organization".into());
            Some(view! {
                <p>
                    <a href=url.clone() target="_blank" rel="noopener noreferrer" data-testid="sso-authorize">{format!("Authorize the token for {org}'s single sign-on")}</a>
                </p>
            })
        }
        _ => None,
    };
    view! {
        <div class="error" role="alert" data-testid="error">
            <p>{message}</p>
            {hint.map(|h| view! { <p class="hint" data-testid="scope-hint">{h}</p> })}
            {sso_link}
            {retry.map(|r| view! { <button type="button" data-testid="error-retry" on:click=move |_| r.run(())>"Try again"</button> })}
        </div>
    }
}
