//! On a repository's runners page: whether its organization's self-hosted runner policy lets it use
//! repository-level self-hosted runners at all, or why that cannot be told. Read on its own, so
//! that nothing it meets can break the runners page.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::data::policy::{repository_standing, RepositoryStanding};
use crate::data::PageApi;
use crate::github::models::EnabledRepositories;
use crate::github::{ApiError, Feature, Scope};
use crate::routes;
use crate::session::Session;

#[component]
pub fn SelfHostedStanding(scope: Scope, api: PageApi) -> impl IntoView {
    let Scope::Repo { owner, repo } = scope else { return ().into_any() };
    let off = expect_context::<Session>().lacks(Feature::SelfHostedRunnerPolicy);
    let names = StoredValue::new((owner.clone(), repo.clone()));
    let asked = off.is_none();
    let standing = LocalResource::new(move || {
        let client = api.client();
        let (owner, repo) = names.get_value();
        async move {
            if !asked {
                return Ok(None);
            }
            repository_standing(&client?, &owner, &repo).await.map(Some)
        }
    });
    let policy_href = routes::policy(&Scope::Org { org: owner.clone() });
    let said = Memo::new(move |_| -> (&'static str, String) {
        let (owner, repo) = names.get_value();
        if let Some(why) = &off {
            return ("unknown", format!("Whether {repo} may use repository-level self-hosted runners is not shown: {why}"));
        }
        match standing.get() {
            None | Some(Ok(None)) => ("reading", format!("Reading {owner}'s self-hosted runner policy…")),
            Some(Ok(Some(s))) => say(&s, &owner, &repo),
            Some(Err(e)) => ("unknown", unreadable(&e, &owner)),
        }
    });
    view! {
        <div class="inline-form" data-testid="self-hosted-standing" data-allowed=move || said.get().0>
            <p class="hint" role="status" data-testid="self-hosted-standing-text">{move || said.get().1}</p>
            {asked.then(|| view! {
                <button type="button" data-testid="self-hosted-recheck" disabled=move || standing.get().is_none() on:click=move |_| standing.refetch()>"Check again"</button>
                <A href=policy_href.clone()>"The organization's policy"</A>
            })}
        </div>
    }
    .into_any()
}

/// ("yes" | "no" | "unknown", the sentence); "reading" while it is read.
fn say(s: &RepositoryStanding, owner: &str, repo: &str) -> (&'static str, String) {
    match (&s.policy, s.allowed) {
        (EnabledRepositories::All, _) => ("yes", format!("Self-hosted runners: allowed. {owner} lets all its repositories use repository-level self-hosted runners.")),
        (EnabledRepositories::Selected, Some(true)) => ("yes", format!("Self-hosted runners: allowed. {repo} is on {owner}'s list of repositories that may use repository-level self-hosted runners.")),
        (EnabledRepositories::Selected, _) => {
            ("no", format!("Self-hosted runners: not allowed. {owner} allows only selected repositories and {repo} is not one of them: runners registered here get no jobs."))
        }
        (EnabledRepositories::None, _) => {
            ("no", format!("Self-hosted runners: not allowed. {owner} lets none of its repositories use repository-level self-hosted runners: runners registered here get no jobs."))
        }
        (EnabledRepositories::Other(v), _) => ("unknown", format!("{owner}'s self-hosted runner policy is “{v}”, which Runnerdeck does not know.")),
    }
}

fn unreadable(e: &ApiError, owner: &str) -> String {
    let why = match e {
        ApiError::Forbidden { .. } | ApiError::MissingScope { .. } => {
            "reading it takes an organization owner's token (classic: admin:org; fine-grained: the organization permission “Actions policies”)".to_string()
        }
        ApiError::NotFound { .. } => format!("GitHub answered 404: {owner} may be a user account rather than an organization, or the token may not see its settings (it needs admin:org)"),
        other => other.to_string(),
    };
    format!("Whether this repository may use repository-level self-hosted runners is not known: {owner}'s policy could not be read, as {why}.")
}
