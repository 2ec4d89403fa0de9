//! The "Policy" tab: who may use repository-level self-hosted runners. An organization chooses all,
//! selected or no repositories (and keeps the list of selected ones); the enterprise can disable
//! them in every organization. Servers without the endpoints (GHES before 3.19) are told so and
//! never asked.
mod enterprise;
mod org;

use leptos::prelude::*;

use crate::github::{Feature, Scope};
use crate::session::Session;
use enterprise::EnterprisePolicy;
use org::OrgPolicy;

#[component]
pub fn PolicyPage() -> impl IntoView {
    let scope = expect_context::<Scope>();
    let off = expect_context::<Session>().lacks(Feature::SelfHostedRunnerPolicy);
    let body = match (off, scope) {
        (Some(why), _) => view! {
            <p class="warning" role="status" data-testid="policy-unavailable">{why}</p>
            <p class="hint">"Runnerdeck does not ask this server for it. The runner groups still decide which repositories may use the organization's and the enterprise's runners."</p>
        }
        .into_any(),
        (None, Scope::Org { org }) => view! { <OrgPolicy org=org /> }.into_any(),
        (None, Scope::Enterprise { slug }) => view! { <EnterprisePolicy slug=slug /> }.into_any(),
        (None, Scope::Repo { .. }) => view! { <p class="error" role="alert">"An organization or the enterprise sets this policy; a repository has none of its own."</p> }.into_any(),
    };
    view! {
        <section class="panel" data-testid="policy-page">
            <h2>"Repository-level self-hosted runners"</h2>
            {body}
        </section>
    }
}
