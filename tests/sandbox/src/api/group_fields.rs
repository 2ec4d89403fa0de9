//! A runner group's create and update bodies, read and checked as GitHub does, and the ids they name.
use serde_json::{Map, Value};

use super::{Ctx, Reply};
use crate::world::{Owner, World};

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

pub(super) struct GroupFields {
    pub name: Option<String>,
    pub visibility: Option<String>,
    pub selected: Option<Vec<u64>>,
    pub runners: Option<Vec<u64>>,
    pub allows_public_repositories: Option<bool>,
    pub restricted_to_workflows: Option<bool>,
    pub selected_workflows: Option<Vec<String>>,
}

/// The body of a create or update. Before GHES 3.5 the workflow fields are unknown to the server, and
/// its description does not forbid other properties: they are ignored, not refused.
pub(super) fn group_fields(owner: Owner, ctx: &Ctx) -> Result<GroupFields, Reply> {
    let mut body = ctx.body.cloned().unwrap_or(Value::Object(Map::new()));
    let Some(obj) = body.as_object_mut() else {
        return Err(Reply::invalid("Invalid request.\n\nThe body must be a JSON object.", vec![]));
    };
    if !ctx.profile.has_workflow_restrictions() {
        obj.remove("restricted_to_workflows");
        obj.remove("selected_workflows");
    }
    let obj = &*obj;
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
