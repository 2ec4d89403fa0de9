//! Runner-group operations: list (with the visible_to filters), create, get, update, delete; the
//! members and access lists are in [`super::group_access`].
use serde_json::{json, Map, Value};

use super::group_access;
use super::group_fields::{check_access_ids, check_runner_ids, group_fields};
use super::paging::{paginate, with_link};
use super::{parse_id, Ctx, Reply};
use crate::world::{Group, Owner, World};

pub(super) fn group_op(w: &mut World, owner: Owner, method: &str, rest: &[&str], ctx: &Ctx) -> Reply {
    match (method, rest) {
        ("GET", []) => list_groups(w, owner, ctx),
        ("POST", []) => create_group(w, owner, ctx),
        (_, [id, rest @ ..]) => {
            let Some(id) = parse_id(id) else { return Reply::not_found() };
            let inherited = match (owner, w.groups.get(&id)) {
                (o, Some(g)) if g.owner == o => false,
                (Owner::Org(org), Some(g)) if g.owner == Owner::Enterprise && !g.default && w.enterprise_group_shared_with(g, org) => true,
                _ => return Reply::not_found(),
            };
            if inherited && method != "GET" {
                return Reply::error(403, "This runner group is inherited from the enterprise; change it in the enterprise's settings.", "/actions/self-hosted-runner-groups");
            }
            one_group(w, owner, id, inherited, method, rest, ctx)
        }
        _ => Reply::not_found(),
    }
}

fn list_groups(w: &World, owner: Owner, ctx: &Ctx) -> Reply {
    // Before GHES 3.6 the visible_to filters do not exist: ignored, and every group listed.
    let filter = |key: &str| ctx.query.get(key).filter(|s| !s.is_empty() && ctx.profile.has_visible_to_filters());
    let groups: Vec<Value> = match owner {
        Owner::Enterprise => {
            let visible_to = filter("visible_to_organization");
            let org = match visible_to {
                Some(login) => match w.org_by_login(login) {
                    Some(o) => Some(o.id),
                    None => return Reply::not_found(),
                },
                None => None,
            };
            w.groups.values().filter(|g| g.owner == Owner::Enterprise).filter(|g| org.is_none_or(|o| g.default || w.enterprise_group_shared_with(g, o))).map(|g| group_json(w, g, None, ctx)).collect()
        }
        Owner::Org(org) => {
            let visible_to = filter("visible_to_repository");
            let repo = match visible_to {
                Some(name) => match w.repos.values().find(|r| r.org_id == org && r.name.eq_ignore_ascii_case(name)) {
                    Some(r) => Some(r.clone()),
                    None => return Reply::not_found(),
                },
                None => None,
            };
            w.groups_visible_to_org(org)
                .into_iter()
                .filter(|(g, inherited)| match &repo {
                    None => true,
                    // Inherited groups reach a repo through the org; the org's own visibility decides.
                    Some(r) => *inherited || w.org_group_visible_to_repo(g, r),
                })
                .map(|(g, inherited)| group_json(w, g, Some((org, inherited)), ctx))
                .collect()
        }
        Owner::Repo(_) => return Reply::not_found(),
    };
    let (page, link) = paginate(&groups, ctx);
    with_link(Reply::json(200, json!({ "total_count": groups.len(), "runner_groups": page })), link)
}

fn scope_path(w: &World, owner: Owner) -> String {
    match owner {
        Owner::Enterprise => format!("enterprises/{}", w.enterprise_slug),
        Owner::Org(id) => format!("orgs/{}", w.org(id).map(|o| o.login.as_str()).unwrap_or("")),
        Owner::Repo(id) => {
            let r = &w.repos[&id];
            format!("repos/{}/{}", w.org(r.org_id).map(|o| o.login.as_str()).unwrap_or(""), r.name)
        }
    }
}

/// `org_view` is `Some((org, inherited))` when an org is looking at the group.
fn group_json(w: &World, g: &Group, org_view: Option<(u64, bool)>, ctx: &Ctx) -> Value {
    // GitHub's own URLs say `runner_groups` although the routes say `runner-groups`; kept as GitHub has it.
    let scope = match org_view {
        Some((org, _)) => scope_path(w, Owner::Org(org)),
        None => scope_path(w, g.owner),
    };
    let base = format!("{}/{}/actions/runner_groups/{}", ctx.api, scope, g.id);
    let mut o = Map::new();
    o.insert("id".into(), json!(g.id));
    o.insert("name".into(), json!(g.name));
    o.insert("visibility".into(), json!(g.visibility));
    o.insert("default".into(), json!(g.default));
    if g.visibility == "selected" {
        let key = if g.owner == Owner::Enterprise && org_view.is_none() { "selected_organizations_url" } else { "selected_repositories_url" };
        let tail = if key == "selected_organizations_url" { "organizations" } else { "repositories" };
        o.insert(key.into(), json!(format!("{base}/{tail}")));
    }
    o.insert("runners_url".into(), json!(format!("{base}/runners")));
    if let Some((_, inherited)) = org_view {
        o.insert("inherited".into(), json!(inherited));
        if inherited {
            o.insert("inherited_allows_public_repositories".into(), json!(g.allows_public_repositories));
        }
    }
    o.insert("allows_public_repositories".into(), json!(g.allows_public_repositories));
    if ctx.profile.has_workflow_restrictions() {
        o.insert("workflow_restrictions_read_only".into(), json!(org_view.is_some_and(|(_, inherited)| inherited)));
        o.insert("restricted_to_workflows".into(), json!(g.restricted_to_workflows));
        o.insert("selected_workflows".into(), json!(g.selected_workflows));
    }
    Value::Object(o)
}

fn group_reply(w: &World, owner: Owner, id: u64, inherited: bool, status: u16, ctx: &Ctx) -> Reply {
    let g = &w.groups[&id];
    let view = match owner {
        Owner::Org(org) => Some((org, inherited)),
        _ => None,
    };
    Reply::json(status, group_json(w, g, view, ctx))
}

fn create_group(w: &mut World, owner: Owner, ctx: &Ctx) -> Reply {
    let f = match group_fields(owner, ctx) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let Some(name) = f.name.clone() else {
        return Reply::invalid_field("RunnerGroup", "name", "missing_field", "name is required");
    };
    if w.groups.values().any(|g| g.owner == owner && g.name.eq_ignore_ascii_case(&name)) {
        return Reply::invalid_field("RunnerGroup", "name", "already_exists", &format!("A runner group named \"{name}\" already exists"));
    }
    let selected = f.selected.clone().unwrap_or_default();
    let runners = f.runners.clone().unwrap_or_default();
    if let Err(r) = check_access_ids(w, owner, &selected).and_then(|_| check_runner_ids(w, owner, &runners)) {
        return r;
    }
    let visibility = f.visibility.clone().unwrap_or_else(|| "all".into());
    let keep = if visibility == "selected" { selected } else { vec![] };
    let id = w.add_group(owner, &name, &visibility, false, keep);
    let Some(g) = w.groups.get_mut(&id) else { return Reply::not_found() };
    g.allows_public_repositories = f.allows_public_repositories.unwrap_or(false);
    g.restricted_to_workflows = f.restricted_to_workflows.unwrap_or(false);
    g.selected_workflows = f.selected_workflows.unwrap_or_default();
    for r in runners {
        if let Some(runner) = w.runners.get_mut(&r) {
            runner.group = Some(id);
        }
    }
    w.audit_group(owner, "runner_group_created", ctx.user, id, vec![]);
    group_reply(w, owner, id, false, 201, ctx)
}

fn one_group(w: &mut World, owner: Owner, id: u64, inherited: bool, method: &str, rest: &[&str], ctx: &Ctx) -> Reply {
    match (method, rest) {
        ("GET", []) => group_reply(w, owner, id, inherited, 200, ctx),
        ("PATCH", []) => {
            let f = match group_fields(owner, ctx) {
                Ok(f) => f,
                Err(r) => return r,
            };
            let g = &w.groups[&id];
            if let Some(name) = &f.name {
                if g.default && name != &g.name {
                    return Reply::invalid_field("RunnerGroup", "name", "invalid", "The Default runner group cannot be renamed");
                }
                if w.groups.values().any(|o| o.owner == owner && o.id != id && o.name.eq_ignore_ascii_case(name)) {
                    return Reply::invalid_field("RunnerGroup", "name", "already_exists", &format!("A runner group named \"{name}\" already exists"));
                }
            }
            let Some(g) = w.groups.get_mut(&id) else { return Reply::not_found() };
            if let Some(name) = f.name {
                g.name = name;
            }
            if let Some(v) = f.visibility {
                if v != "selected" {
                    g.selected.clear();
                }
                g.visibility = v;
            }
            if let Some(b) = f.allows_public_repositories {
                g.allows_public_repositories = b;
            }
            if let Some(b) = f.restricted_to_workflows {
                g.restricted_to_workflows = b;
            }
            if let Some(ws) = f.selected_workflows {
                g.selected_workflows = ws;
            }
            w.audit_group(owner, "runner_group_updated", ctx.user, id, vec![]);
            group_reply(w, owner, id, false, 200, ctx)
        }
        ("DELETE", []) => {
            if w.groups[&id].default {
                return Reply::invalid("The Default runner group cannot be deleted.", vec![]);
            }
            let default = w.default_group_of(owner);
            for r in w.runners.values_mut().filter(|r| r.group == Some(id)) {
                r.group = Some(default);
            }
            w.groups.remove(&id);
            w.audit_group(owner, "runner_group_removed", ctx.user, id, vec![]);
            Reply::no_content()
        }
        _ => group_access::op(w, owner, id, method, rest, ctx),
    }
}
