//! The self-hosted runner policy (GHES 3.19, github.com and GHEC): an organization's
//! `enabled_repositories` and its list of selected repositories, and the enterprise's switch that
//! disables repository-level runners in every organization.
use serde_json::{json, Map, Value};

use super::lookups::full_repo_json;
use super::paging::{paginate, with_link};
use super::{has_scope, parse_id, Ctx, Reply};
use crate::world::{Owner, World, ENABLED_REPOSITORIES};

/// What `full-repository` has that the `repository` schema of the list does not.
const NOT_IN_REPOSITORY: [&str; 2] = ["network_count", "subscribers_count"];

/// `…/actions/permissions/self-hosted-runners` and below, at enterprise or org scope.
pub(super) fn op(w: &mut World, owner: Owner, method: &str, rest: &[&str], ctx: &Ctx) -> Reply {
    match owner {
        Owner::Enterprise => enterprise(w, method, rest, ctx),
        Owner::Org(org) => organization(w, org, method, rest, ctx),
        Owner::Repo(_) => Reply::not_found(),
    }
}

fn enterprise(w: &mut World, method: &str, rest: &[&str], ctx: &Ctx) -> Reply {
    // The enterprise's Actions policies ask for more than managing its runners.
    if !has_scope(ctx.scopes, "admin:enterprise") {
        return Reply::error(403, "Resource not accessible by personal access token", "").with_header("x-accepted-oauth-scopes", "admin:enterprise".to_string());
    }
    match (method, rest) {
        ("GET", []) => Reply::json(200, json!({ "disable_self_hosted_runners_for_all_orgs": w.self_hosted.enterprise_disabled })),
        ("PUT", []) => match ctx.body.and_then(|b| b.get("disable_self_hosted_runners_for_all_orgs")) {
            Some(Value::Bool(b)) => {
                w.self_hosted.enterprise_disabled = *b;
                Reply::no_content()
            }
            Some(_) => Reply::invalid("Invalid request.\n\nFor 'properties/disable_self_hosted_runners_for_all_orgs', the value is not a boolean.", vec![]),
            None => Reply::invalid("Invalid request.\n\n\"disable_self_hosted_runners_for_all_orgs\" wasn't supplied.", vec![]),
        },
        _ => Reply::not_found(),
    }
}

fn organization(w: &mut World, org: u64, method: &str, rest: &[&str], ctx: &Ctx) -> Reply {
    let disabled_above = || Reply::error(409, "Repository-level self-hosted runners are disabled for all organizations by the enterprise's policy.", "/actions/self-hosted-runners/permissions");
    match (method, rest) {
        ("GET", []) => {
            let policy = w.self_hosted.of(org);
            let mut o = Map::new();
            o.insert("enabled_repositories".into(), json!(policy.enabled_repositories));
            if policy.enabled_repositories == "selected" {
                let login = w.org(org).map_or("", |o| o.login.as_str());
                o.insert("selected_repositories_url".into(), json!(format!("{}/orgs/{login}/actions/permissions/self-hosted-runners/repositories", ctx.api)));
            }
            Reply::json(200, Value::Object(o))
        }
        ("PUT", []) => {
            let value = match ctx.body.and_then(|b| b.get("enabled_repositories")) {
                Some(Value::String(s)) if ENABLED_REPOSITORIES.contains(&s.as_str()) => s.clone(),
                Some(v) => {
                    return Reply::invalid(&format!("Invalid request.\n\nFor 'properties/enabled_repositories', {v} is not a member of [\"all\", \"selected\", \"none\"]."), vec![]);
                }
                None => return Reply::invalid("Invalid request.\n\n\"enabled_repositories\" wasn't supplied.", vec![]),
            };
            if w.self_hosted.enterprise_disabled && value != "none" {
                return disabled_above();
            }
            w.self_hosted.of_mut(org).enabled_repositories = value;
            Reply::no_content()
        }
        ("GET", ["repositories"]) => {
            let selected = w.self_hosted.of(org).selected;
            let items: Vec<Value> = selected.iter().filter_map(|id| w.repos.get(id)).map(|r| repository_json(w, r, ctx)).collect();
            let (page, link) = paginate(&items, ctx);
            with_link(Reply::json(200, json!({ "total_count": items.len(), "repositories": page })), link)
        }
        ("PUT", ["repositories"]) => {
            let ids = match ctx.body.and_then(|b| b.get("selected_repository_ids")) {
                Some(Value::Array(items)) => match items.iter().map(Value::as_u64).collect::<Option<Vec<u64>>>() {
                    Some(ids) => ids,
                    None => return Reply::invalid("Invalid request.\n\nFor 'properties/selected_repository_ids', items must be integers.", vec![]),
                },
                Some(_) => return Reply::invalid("Invalid request.\n\nFor 'properties/selected_repository_ids', the value is not an array.", vec![]),
                None => return Reply::invalid("Invalid request.\n\n\"selected_repository_ids\" wasn't supplied.", vec![]),
            };
            if let Some(id) = ids.iter().find(|id| w.repos.get(id).is_none_or(|r| r.org_id != org)) {
                return Reply::invalid_field("Repository", "selected_repository_ids", "invalid", &format!("No repository with id {id} in this organization"));
            }
            let mut unique = Vec::new();
            for id in ids {
                if !unique.contains(&id) {
                    unique.push(id);
                }
            }
            w.self_hosted.of_mut(org).selected = unique;
            Reply::no_content()
        }
        ("PUT", ["repositories", id]) | ("DELETE", ["repositories", id]) => {
            let Some(id) = parse_id(id).filter(|id| w.repos.get(id).is_some_and(|r| r.org_id == org)) else {
                return Reply::not_found();
            };
            if w.self_hosted.enterprise_disabled {
                return disabled_above();
            }
            let policy = w.self_hosted.of_mut(org);
            if policy.enabled_repositories != "selected" {
                let message = format!("The organization's policy for self-hosted runners is \"{}\"; set enabled_repositories to \"selected\" to manage its list.", policy.enabled_repositories);
                return Reply::error(409, &message, "/actions/self-hosted-runners/permissions");
            }
            if method == "PUT" {
                if !policy.selected.contains(&id) {
                    policy.selected.push(id);
                }
            } else {
                policy.selected.retain(|r| *r != id);
            }
            Reply::no_content()
        }
        _ => Reply::not_found(),
    }
}

/// A repository as the `repository` schema has it.
fn repository_json(w: &World, r: &crate::world::Repo, ctx: &Ctx) -> Value {
    let mut v = full_repo_json(w, r, ctx);
    if let Some(o) = v.as_object_mut() {
        for k in NOT_IN_REPOSITORY {
            o.remove(k);
        }
    }
    v
}
