//! Which list a member section manages: a runner group's access list or its runners, or the
//! repositories an organization's self-hosted runner policy lets use repository-level runners. Each
//! reads itself, says what could be added, and names the writes that change it.
use super::policy::PolicyWrite;
use super::{access_candidates, members, runner_candidates, Kind, Member, PickItem, Write};
use crate::github::models::RunnerGroup;
use crate::github::{ApiError, Client, Scope};

#[derive(Clone, Debug, PartialEq)]
pub enum MemberList {
    Group {
        scope: Scope,
        group: u64,
        kind: Kind,
    },
    /// The list of `enabled_repositories: selected` (GHES 3.19, github.com).
    SelfHostedRepositories {
        org: String,
    },
}

impl MemberList {
    /// Where its writes go.
    pub fn scope(&self) -> Scope {
        match self {
            MemberList::Group { scope, .. } => scope.clone(),
            MemberList::SelfHostedRepositories { org } => Scope::Org { org: org.clone() },
        }
    }

    /// Its members are runners (of a group), not organizations or repositories.
    pub fn holds_runners(&self) -> bool {
        matches!(self, MemberList::Group { kind: Kind::Runners, .. })
    }

    /// What one member is called, and many.
    pub fn nouns(&self) -> (&'static str, &'static str) {
        match self {
            MemberList::Group { scope: Scope::Enterprise { .. }, kind: Kind::Access, .. } => ("organization", "organizations"),
            MemberList::Group { kind: Kind::Runners, .. } => ("runner", "runners"),
            _ => ("repository", "repositories"),
        }
    }

    /// What the activity log says a replacement touched.
    pub fn target(&self) -> String {
        match self {
            MemberList::Group { group, .. } => format!("group {group}"),
            MemberList::SelfHostedRepositories { org } => format!("self-hosted runner policy of {org}"),
        }
    }

    pub async fn read(&self, client: &Client) -> Result<Vec<Member>, ApiError> {
        match self {
            MemberList::Group { scope, group, kind } => members(client, scope, *group, *kind).await,
            MemberList::SelfHostedRepositories { org } => Ok(client
                .all_self_hosted_repositories(org)
                .await?
                .items
                .into_iter()
                .map(|r| Member { id: r.id, name: r.name, detail: r.visibility.unwrap_or_else(|| if r.private { "private".into() } else { "public".into() }), runner: None })
                .collect()),
        }
    }

    /// What could be put on the list; `groups` name the group each runner is in now.
    pub async fn candidates(&self, client: &Client, groups: &[RunnerGroup]) -> Result<Vec<PickItem>, ApiError> {
        match self {
            MemberList::Group { scope, kind: Kind::Access, .. } => access_candidates(client, scope).await,
            MemberList::Group { scope, kind: Kind::Runners, .. } => runner_candidates(client, scope, groups).await,
            MemberList::SelfHostedRepositories { .. } => access_candidates(client, &self.scope()).await,
        }
    }

    /// The write that puts `id` on the list (or takes it off).
    pub fn change(&self, id: u64, adding: bool) -> Write {
        match (self, adding) {
            (MemberList::Group { group, kind: Kind::Access, .. }, true) => Write::AddAccess { group: *group, target: id },
            (MemberList::Group { group, kind: Kind::Access, .. }, false) => Write::RemoveAccess { group: *group, target: id },
            (MemberList::Group { group, kind: Kind::Runners, .. }, true) => Write::AddToGroup { group: *group, runner: id },
            (MemberList::Group { group, kind: Kind::Runners, .. }, false) => Write::RemoveFromGroup { group: *group, runner: id },
            (MemberList::SelfHostedRepositories { .. }, true) => Write::Policy(PolicyWrite::Allow(id)),
            (MemberList::SelfHostedRepositories { .. }, false) => Write::Policy(PolicyWrite::Disallow(id)),
        }
    }

    /// The write that replaces the whole list.
    pub fn replace(&self, ids: Vec<u64>) -> Write {
        match self {
            MemberList::Group { group, kind, .. } => Write::SetMembers { group: *group, kind: *kind, ids },
            MemberList::SelfHostedRepositories { .. } => Write::Policy(PolicyWrite::SetRepositories(ids)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_list_names_its_own_writes() {
        let access = MemberList::Group { scope: Scope::Enterprise { slug: "e".into() }, group: 3, kind: Kind::Access };
        assert_eq!(
            (access.nouns(), access.change(5, true), access.replace(vec![5])),
            (("organization", "organizations"), Write::AddAccess { group: 3, target: 5 }, Write::SetMembers { group: 3, kind: Kind::Access, ids: vec![5] })
        );
        let runners = MemberList::Group { scope: Scope::Org { org: "o".into() }, group: 3, kind: Kind::Runners };
        assert!(runners.holds_runners() && runners.change(9, false) == Write::RemoveFromGroup { group: 3, runner: 9 });
        let policy = MemberList::SelfHostedRepositories { org: "o".into() };
        assert_eq!((policy.scope(), policy.nouns().1, policy.holds_runners()), (Scope::Org { org: "o".into() }, "repositories", false));
        assert_eq!((policy.change(7, false), policy.replace(vec![1, 2])), (Write::Policy(PolicyWrite::Disallow(7)), Write::Policy(PolicyWrite::SetRepositories(vec![1, 2]))));
    }
}
