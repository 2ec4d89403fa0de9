//! Runner-group operations: list (with the visible_to filters), create, get, update, delete; the
//! members and access lists are in [`super::group_access`].
use serde_json::{json, Map, Value};

use super::group_access;
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
    let groups: Vec<Value> = match owner {
        Owner::Enterprise => {
            let visible_to = ctx.query.get("visible_to_organization").filter(|s| !s.is_empty());
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
            let visible_to = ctx.query.get("visible_to_repository").filter(|s| !s.is_empty());
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
    o.insert("workflow_restrictions_read_only".into(), json!(org_view.is_some_and(|(_, inherited)| inherited)));
    o.insert("restricted_to_workflows".into(), json!(g.restricted_to_workflows));
    o.insert("selected_workflows".into(), json!(g.selected_workflows));
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

/// `owner/repo/path/to/workflow.yml@ref`: a ref, tag or SHA is required.
pub fn validate_workflow(s: &str) -> bool {
    let Some((path, git_ref)) = s.rsplit_once('@') else { return false };
    let parts: Vec<&str> = path.split('/').collect();
    !git_ref.is_empty()
        && !git_ref.contains(char::is_whitespace)
        && parts.len() >= 3
        && parts.iter().all(|p| !p.is_empty() && !p.contains(char::is_whitespace))
        && (path.ends_with(".yml") || path.ends_with(".yaml"))
}

struct GroupFields {
    name: Option<String>,
    visibility: Option<String>,
    selected: Option<Vec<u64>>,
    runners: Option<Vec<u64>>,
    allows_public_repositories: Option<bool>,
    restricted_to_workflows: Option<bool>,
    selected_workflows: Option<Vec<String>>,
}

fn group_fields(owner: Owner, body: Option<&Value>) -> Result<GroupFields, Reply> {
    let body = body.cloned().unwrap_or(Value::Object(Map::new()));
    let Some(obj) = body.as_object() else {
        return Err(Reply::invalid("Invalid request.\n\nThe body must be a JSON object.", vec![]));
    };
    let bad = |field: &str, what: &str| Reply::invalid_field("RunnerGroup", field, "invalid", &format!("{field} {what}"));
    let string = |field: &str| -> Result<Option<String>, Reply> {
        match obj.get(field) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(bad(field, "must be a string")),
        }
    };
    let boolean = |field: &str| -> Result<Option<bool>, Reply> {
        match obj.get(field) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(bad(field, "must be a boolean")),
        }
    };
    let ids = |field: &str| -> Result<Option<Vec<u64>>, Reply> {
        match obj.get(field) {
            None => Ok(None),
            Some(Value::Array(items)) => items.iter().map(|v| v.as_u64().ok_or_else(|| bad(field, "must be a list of integer ids"))).collect::<Result<Vec<_>, _>>().map(Some),
            Some(_) => Err(bad(field, "must be a list of integer ids")),
        }
    };
    let selected_key = if owner == Owner::Enterprise { "selected_organization_ids" } else { "selected_repository_ids" };
    let fields = GroupFields {
        name: string("name")?,
        visibility: string("visibility")?,
        selected: ids(selected_key)?,
        runners: ids("runners")?,
        allows_public_repositories: boolean("allows_public_repositories")?,
        restricted_to_workflows: boolean("restricted_to_workflows")?,
        selected_workflows: match obj.get("selected_workflows") {
            None => None,
            Some(Value::Array(items)) => {
                Some(items.iter().map(|v| v.as_str().map(str::to_string).ok_or_else(|| bad("selected_workflows", "must be a list of strings"))).collect::<Result<Vec<_>, _>>()?)
            }
            Some(_) => return Err(bad("selected_workflows", "must be a list of strings")),
        },
    };
    if let Some(name) = &fields.name {
        if name.trim().is_empty() || name.chars().count() > 64 {
            return Err(Reply::invalid_field("RunnerGroup", "name", "invalid", "name must be 1 to 64 characters"));
        }
    }
    if let Some(v) = &fields.visibility {
        let allowed: &[&str] = if owner == Owner::Enterprise { &["all", "selected"] } else { &["all", "selected", "private"] };
        if !allowed.contains(&v.as_str()) {
            return Err(Reply::invalid_field("RunnerGroup", "visibility", "invalid", &format!("visibility must be one of: {}", allowed.join(", "))));
        }
    }
    if let Some(ws) = &fields.selected_workflows {
        if let Some(badw) = ws.iter().find(|w| !validate_workflow(w)) {
            return Err(Reply::invalid_field("RunnerGroup", "selected_workflows", "invalid", &format!("\"{badw}\" is not owner/repo/.github/workflows/file.yml@ref; a ref, tag or SHA is required")));
        }
    }
    Ok(fields)
}

pub(super) fn check_access_ids(w: &World, owner: Owner, ids: &[u64]) -> Result<(), Reply> {
    for id in ids {
        let ok = match owner {
            Owner::Enterprise => w.org(*id).is_some(),
            Owner::Org(org) => w.repos.get(id).is_some_and(|r| r.org_id == org),
            Owner::Repo(_) => false,
        };
        if !ok {
            let what = if owner == Owner::Enterprise { "organization" } else { "repository" };
            return Err(Reply::invalid_field(
                "RunnerGroup",
                if owner == Owner::Enterprise { "selected_organization_ids" } else { "selected_repository_ids" },
                "invalid",
                &format!("No {what} with id {id} in this scope"),
            ));
        }
    }
    Ok(())
}

pub(super) fn check_runner_ids(w: &World, owner: Owner, ids: &[u64]) -> Result<(), Reply> {
    match ids.iter().find(|id| w.runners.get(id).is_none_or(|r| r.owner != owner)) {
        Some(id) => Err(Reply::invalid_field("RunnerGroup", "runners", "invalid", &format!("No runner with id {id} in this scope"))),
        None => Ok(()),
    }
}

fn create_group(w: &mut World, owner: Owner, ctx: &Ctx) -> Reply {
    let f = match group_fields(owner, ctx.body) {
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
    group_reply(w, owner, id, false, 201, ctx)
}

fn one_group(w: &mut World, owner: Owner, id: u64, inherited: bool, method: &str, rest: &[&str], ctx: &Ctx) -> Reply {
    match (method, rest) {
        ("GET", []) => group_reply(w, owner, id, inherited, 200, ctx),
        ("PATCH", []) => {
            let f = match group_fields(owner, ctx.body) {
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
            Reply::no_content()
        }
        _ => group_access::op(w, owner, id, method, rest, ctx),
    }
}
