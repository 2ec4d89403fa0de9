//! What pages read, beyond a single typed call: the scope-dependent choices (which access list,
//! which members) and the lists assembled from several requests.
use futures::stream::{self, StreamExt};

use super::{Kind, Member, PickItem};
use crate::fleet::{group_name, Status};
use crate::github::models::{Runner, RunnerGroup, Visibility};
use crate::github::request as ops;
use crate::github::{ApiError, Client, Feature, Scope};

/// The scope's runner groups; repositories have none.
pub async fn scope_groups(client: &Client, scope: &Scope) -> Result<Vec<RunnerGroup>, ApiError> {
    if !scope.has_groups() {
        return Ok(vec![]);
    }
    Ok(client.all_runner_groups(scope, None).await?.items)
}

/// Organizations (enterprise groups) or repositories (org groups) that can be given access, by name.
pub async fn access_candidates(client: &Client, scope: &Scope) -> Result<Vec<PickItem>, ApiError> {
    match scope {
        Scope::Enterprise { .. } => Ok(client.all_organizations().await?.into_iter().map(|o| PickItem { id: o.id, name: o.login, detail: o.description.unwrap_or_default() }).collect()),
        Scope::Org { org } => Ok(client
            .all_org_repos(org)
            .await?
            .items
            .into_iter()
            .map(|r| PickItem { id: r.id, name: r.name, detail: r.visibility.unwrap_or_else(|| if r.private { "private".into() } else { "public".into() }) })
            .collect()),
        Scope::Repo { .. } => Ok(vec![]),
    }
}

/// The scope's runners, each with the group it is in now (adding moves it).
pub async fn runner_candidates(client: &Client, scope: &Scope, groups: &[RunnerGroup]) -> Result<Vec<PickItem>, ApiError> {
    let runners = client.all_runners(scope, None, &|_, _| {}).await?.items;
    Ok(runners.into_iter().map(|r| PickItem { id: r.id, detail: format!("now in {} · {}", group_name(groups, r.runner_group_id), Status::of(&r).label()), name: r.name }).collect())
}

/// Who can use a group (organizations at enterprise scope, repositories at org scope), or its runners.
pub async fn members(client: &Client, scope: &Scope, group: u64, kind: Kind) -> Result<Vec<Member>, ApiError> {
    Ok(match (kind, scope) {
        (Kind::Access, Scope::Enterprise { .. }) => {
            client.all_org_access(scope, group).await?.items.into_iter().map(|o| Member { id: o.id, name: o.login, detail: o.description.unwrap_or_default(), runner: None }).collect()
        }
        (Kind::Access, _) => client.all_repo_access(scope, group).await?.items.into_iter().map(|r| Member { id: r.id, name: r.name, detail: r.visibility.unwrap_or_default(), runner: None }).collect(),
        (Kind::Runners, _) => {
            client.all_group_runners(scope, group).await?.items.into_iter().map(|r| Member { id: r.id, name: r.name.clone(), detail: Status::of(&r).label().into(), runner: Some(r) }).collect()
        }
    })
}

/// How many runners a group holds, from the first page's `total_count`.
pub async fn group_runner_count(client: &Client, scope: &Scope, group: u64) -> Result<u64, ApiError> {
    Ok(client.send(ops::list_group_runners(scope, group, 1)).await?.total_count)
}

/// A group with its runner and access counts, for the groups list.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupRow {
    pub group: RunnerGroup,
    pub runners: Option<u64>,
    pub access: Option<u64>,
}

/// The groups `visible_to` can use, and whether the answer was worked out here: a server without
/// the `visible_to_*` filters (GHES before 3.6) ignores them, so each group's visibility and access
/// list decide, as GitHub's filter does: "all" lets everyone in, "private" private and internal
/// repositories, "selected" those on the list; the default group and the groups an org inherits
/// from its enterprise are open to all of it.
pub async fn groups_visible_to(client: &Client, scope: &Scope, visible_to: Option<&str>) -> Result<(Vec<RunnerGroup>, bool), ApiError> {
    let Some(target) = visible_to.filter(|_| !client.has(Feature::VisibleToFilter)) else {
        return Ok((client.all_runner_groups(scope, visible_to).await?.items, false));
    };
    let groups = client.all_runner_groups(scope, None).await?.items;
    let (target_id, private) = match scope {
        Scope::Enterprise { .. } => (client.send(ops::get_organization(target)).await?.id, false),
        Scope::Org { org } => {
            let repo = client.send(ops::get_repository(org, target)).await?;
            (repo.id, repo.private)
        }
        Scope::Repo { .. } => return Ok((vec![], true)),
    };
    // The access lists are read four at a time; the order of the groups is kept.
    let checked: Vec<Result<Option<RunnerGroup>, ApiError>> = stream::iter(groups)
        .map(|g| async move {
            let open = match g.visibility {
                _ if g.default || g.is_inherited() => true,
                Visibility::All => true,
                Visibility::Private => private,
                Visibility::Selected => match scope {
                    Scope::Enterprise { .. } => client.all_org_access(scope, g.id).await?.items.iter().any(|o| o.id == target_id),
                    _ => client.all_repo_access(scope, g.id).await?.items.iter().any(|r| r.id == target_id),
                },
                Visibility::Other(_) => false,
            };
            Ok(open.then_some(g))
        })
        .buffered(4)
        .collect()
        .await;
    let usable = checked.into_iter().filter_map(Result::transpose).collect::<Result<Vec<_>, _>>()?;
    Ok((usable, true))
}

/// The scope's groups (optionally those `visible_to` a repository or org) with their counts: one
/// small request per list, four at a time. The flag says the filter was worked out here.
pub async fn group_rows(client: &Client, scope: &Scope, visible_to: Option<&str>) -> Result<(Vec<GroupRow>, bool), ApiError> {
    let (groups, computed) = groups_visible_to(client, scope, visible_to).await?;
    let rows = stream::iter(groups)
        .map(|g| async move {
            let runners = group_runner_count(client, scope, g.id).await.ok();
            let access = if g.visibility == Visibility::Selected && !g.is_inherited() {
                match scope {
                    Scope::Enterprise { .. } => client.send(ops::list_org_access(scope, g.id, 1)).await.ok().map(|l| l.total_count),
                    _ => client.send(ops::list_repo_access(scope, g.id, 1)).await.ok().map(|l| l.total_count),
                }
            } else {
                None
            };
            GroupRow { group: g, runners, access }
        })
        .buffered(4)
        .collect()
        .await;
    Ok((rows, computed))
}

/// A runner a scope can use though it belongs above it, with the group it comes through and why.
#[derive(Clone, Debug, PartialEq)]
pub struct UsableRunner {
    pub runner: Runner,
    pub group: RunnerGroup,
    pub why: String,
}

/// Why a group of `org` reaches a repository (or, for an inherited group, the organization).
pub fn reach(g: &RunnerGroup, org: &str) -> String {
    if g.is_inherited() {
        return format!("enterprise group {}: shared with {org}", g.name);
    }
    match &g.visibility {
        Visibility::All => format!("org group {}: open to all repositories", g.name),
        Visibility::Private => format!("org group {}: open to private repositories, this one included", g.name),
        Visibility::Selected => format!("org group {}: selected repositories include this one", g.name),
        Visibility::Other(v) => format!("org group {}: visibility {v}", g.name),
    }
}

/// The runners a scope can use from above: for a repository, those in its organization's groups
/// visible to it (inherited enterprise groups included); for an organization, those in the
/// enterprise groups shared with it. The flag says visibility was worked out here (see
/// `groups_visible_to`).
pub async fn usable_runners(client: &Client, scope: &Scope) -> Result<(Vec<UsableRunner>, bool), ApiError> {
    let (org, groups, computed) = match scope {
        Scope::Repo { owner, repo } => {
            let org = Scope::Org { org: owner.clone() };
            let (groups, computed) = groups_visible_to(client, &org, Some(repo)).await?;
            (org, groups, computed)
        }
        Scope::Org { .. } => (scope.clone(), scope_groups(client, scope).await?.into_iter().filter(RunnerGroup::is_inherited).collect(), false),
        Scope::Enterprise { .. } => return Ok((vec![], false)),
    };
    let Scope::Org { org: login } = &org else { return Ok((vec![], computed)) };
    let org = &org;
    let lists: Vec<(RunnerGroup, Result<Vec<Runner>, ApiError>)> = stream::iter(groups)
        .map(|g| async move {
            let runners = client.all_group_runners(org, g.id).await.map(|l| l.items);
            (g, runners)
        })
        .buffered(4)
        .collect()
        .await;
    let mut usable = Vec::new();
    for (group, runners) in lists {
        let why = reach(&group, login);
        for runner in runners? {
            usable.push(UsableRunner { runner, group: group.clone(), why: why.clone() });
        }
    }
    crate::order::sort_by(&mut usable, |a, b| a.runner.name.cmp(&b.runner.name).then(a.runner.id.cmp(&b.runner.id)));
    Ok((usable, computed))
}

/// The runner release the scope's downloads endpoint offers (one request), if its file names say.
pub async fn offered_runner_release(client: &Client, scope: &Scope) -> Result<Option<crate::versions::RunnerVersion>, ApiError> {
    Ok(crate::versions::offered(&client.send(ops::list_runner_applications(scope)).await?))
}
