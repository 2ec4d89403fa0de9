//! The self-hosted runner policy as pages see it: its writes (each a `Write::Policy`), and what the
//! owner organization's policy says about one repository.
use crate::github::http::Traced;
use crate::github::models::EnabledRepositories;
use crate::github::request as ops;
use crate::github::{ApiError, Client, Scope};

/// One write to an organization's policy or to the enterprise's switch.
#[derive(Clone, Debug, PartialEq)]
pub enum PolicyWrite {
    /// An organization's `enabled_repositories`.
    SetEnabled(EnabledRepositories),
    /// Replaces the organization's list of selected repositories.
    SetRepositories(Vec<u64>),
    /// Puts one repository on the list.
    Allow(u64),
    /// Takes one repository off the list.
    Disallow(u64),
    /// The enterprise's `disable_self_hosted_runners_for_all_orgs`.
    SetEnterpriseDisabled(bool),
}

impl PolicyWrite {
    /// As the activity log names it.
    pub fn action(&self) -> String {
        match self {
            PolicyWrite::SetEnabled(e) => format!("Set the self-hosted runner policy to “{}”", enabled_label(e)),
            PolicyWrite::SetRepositories(ids) => format!("Replace the repositories allowed self-hosted runners ({} repositories)", ids.len()),
            PolicyWrite::Allow(_) => "Allow a repository self-hosted runners".into(),
            PolicyWrite::Disallow(_) => "Take self-hosted runners from a repository".into(),
            PolicyWrite::SetEnterpriseDisabled(true) => "Disable repository-level self-hosted runners in every organization".into(),
            PolicyWrite::SetEnterpriseDisabled(false) => "Let organizations allow repository-level self-hosted runners".into(),
        }
    }

    /// Sends it at `scope`: an organization's writes need an organization, the switch an enterprise.
    pub async fn send(&self, client: &Client, scope: &Scope) -> Traced<()> {
        match (self, scope) {
            (PolicyWrite::SetEnabled(e), Scope::Org { org }) => client.send_traced(ops::set_self_hosted_runners_permissions(org, e)).await,
            (PolicyWrite::SetRepositories(ids), Scope::Org { org }) => client.send_traced(ops::set_self_hosted_runners_repositories(org, ids)).await,
            (PolicyWrite::Allow(id), Scope::Org { org }) => client.send_traced(ops::enable_self_hosted_runners_repository(org, *id)).await,
            (PolicyWrite::Disallow(id), Scope::Org { org }) => client.send_traced(ops::disable_self_hosted_runners_repository(org, *id)).await,
            (PolicyWrite::SetEnterpriseDisabled(b), Scope::Enterprise { slug }) => client.send_traced(ops::set_enterprise_self_hosted_runners(slug, *b)).await,
            (_, scope) => Traced { result: Err(ApiError::Unsendable { reason: format!("the {scope} has no such self-hosted runner policy") }), request_id: None },
        }
    }
}

/// `enabled_repositories` as the console says it.
pub fn enabled_label(e: &EnabledRepositories) -> String {
    match e {
        EnabledRepositories::All => "All repositories".into(),
        EnabledRepositories::Selected => "Selected repositories".into(),
        EnabledRepositories::None => "No repositories".into(),
        EnabledRepositories::Other(v) => v.clone(),
    }
}

/// What an organization's policy says about one of its repositories.
#[derive(Clone, Debug, PartialEq)]
pub struct RepositoryStanding {
    pub policy: EnabledRepositories,
    /// `None` for a policy value this console does not know.
    pub allowed: Option<bool>,
}

/// Reads `owner`'s policy and, when it lists repositories, whether `repo` is on the list.
pub async fn repository_standing(client: &Client, owner: &str, repo: &str) -> Result<RepositoryStanding, ApiError> {
    let policy = client.send(ops::get_self_hosted_runners_permissions(owner)).await?.enabled_repositories;
    let allowed = match &policy {
        EnabledRepositories::All => Some(true),
        EnabledRepositories::None => Some(false),
        EnabledRepositories::Selected => {
            let listed = client.all_self_hosted_repositories(owner).await?.items;
            Some(listed.iter().any(|r| r.name.eq_ignore_ascii_case(repo) && r.owner.login.eq_ignore_ascii_case(owner)))
        }
        EnabledRepositories::Other(_) => None,
    };
    Ok(RepositoryStanding { policy, allowed })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_are_named_for_the_log() {
        assert_eq!(PolicyWrite::SetEnabled(EnabledRepositories::None).action(), "Set the self-hosted runner policy to “No repositories”");
        assert_eq!(PolicyWrite::SetRepositories(vec![1, 2]).action(), "Replace the repositories allowed self-hosted runners (2 repositories)");
        assert!(PolicyWrite::SetEnterpriseDisabled(true).action().starts_with("Disable"));
        assert_eq!(enabled_label(&EnabledRepositories::Other("later".into())), "later");
    }
}
