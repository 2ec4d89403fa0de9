//! A runner group's members (`/runners`) and access list (`/organizations` or `/repositories`).
use serde_json::{json, Value};

use super::group_fields::{check_access_ids, check_runner_ids};
use super::lookups::{minimal_repo_json, org_simple_json};
use super::paging::{paginate, with_link};
use super::runners::runner_page;
use super::{parse_id, Ctx, Reply};
use crate::world::{Owner, Runner, World};

pub(super) fn op(w: &mut World, owner: Owner, id: u64, method: &str, rest: &[&str], ctx: &Ctx) -> Reply {
    let access_word = if owner == Owner::Enterprise { "organizations" } else { "repositories" };
    match (method, rest) {
        ("GET", ["runners"]) => {
            let runners: Vec<&Runner> = w.runners.values().filter(|r| r.group == Some(id)).collect();
            runner_page(w, &runners, ctx)
        }
        ("PUT", ["runners"]) => {
            let ids = match ctx.body.and_then(|b| b.get("runners")).and_then(Value::as_array) {
                Some(items) => match items.iter().map(Value::as_u64).collect::<Option<Vec<u64>>>() {
                    Some(ids) => ids,
                    None => return Reply::invalid("Invalid request.\n\nFor 'properties/runners', items must be integers.", vec![]),
                },
                None => return Reply::invalid("Invalid request.\n\n\"runners\" wasn't supplied.", vec![]),
            };
            if let Err(r) = check_runner_ids(w, owner, &ids) {
                return r;
            }
            let default = w.default_group_of(owner);
            for r in w.runners.values_mut().filter(|r| r.owner == owner) {
                if ids.contains(&r.id) {
                    r.group = Some(id);
                } else if r.group == Some(id) {
                    r.group = Some(default);
                }
            }
            w.audit_group(owner, "runner_group_runners_updated", ctx.user, id, vec![]);
            Reply::no_content()
        }
        ("PUT", ["runners", runner]) | ("DELETE", ["runners", runner]) => {
            let Some(runner) = parse_id(runner).filter(|r| w.runners.get(r).is_some_and(|r| r.owner == owner)) else {
                return Reply::not_found();
            };
            if method == "PUT" {
                if let Some(runner) = w.runners.get_mut(&runner) {
                    runner.group = Some(id);
                }
                w.audit_group(owner, "runner_group_runners_added", ctx.user, id, vec![]);
            } else {
                if w.runners[&runner].group != Some(id) {
                    return Reply::not_found();
                }
                if w.groups[&id].default {
                    return Reply::invalid("The runner is in the Default group; add it to another group to move it.", vec![]);
                }
                let default = w.default_group_of(owner);
                if let Some(runner) = w.runners.get_mut(&runner) {
                    runner.group = Some(default);
                }
                w.audit_group(owner, "runner_group_runner_removed", ctx.user, id, vec![("runner_id", json!(runner))]);
            }
            Reply::no_content()
        }
        ("GET", [word]) if *word == access_word => {
            if let Some(r) = not_selected(w, id) {
                return r;
            }
            let selected = w.groups[&id].selected.clone();
            let items: Vec<Value> = match owner {
                Owner::Enterprise => selected.iter().filter_map(|o| w.org(*o)).map(|o| org_simple_json(o, ctx)).collect(),
                _ => selected.iter().filter_map(|r| w.repos.get(r)).map(|r| minimal_repo_json(w, r, ctx)).collect(),
            };
            let (page, link) = paginate(&items, ctx);
            with_link(Reply::json(200, json!({ "total_count": items.len(), access_word: page })), link)
        }
        ("PUT", [word]) if *word == access_word => {
            if let Some(r) = not_selected(w, id) {
                return r;
            }
            let key = if owner == Owner::Enterprise { "selected_organization_ids" } else { "selected_repository_ids" };
            let ids = match ctx.body.and_then(|b| b.get(key)).and_then(Value::as_array) {
                Some(items) => match items.iter().map(Value::as_u64).collect::<Option<Vec<u64>>>() {
                    Some(ids) => ids,
                    None => return Reply::invalid(&format!("Invalid request.\n\nFor 'properties/{key}', items must be integers."), vec![]),
                },
                None => return Reply::invalid(&format!("Invalid request.\n\n\"{key}\" wasn't supplied."), vec![]),
            };
            if let Err(r) = check_access_ids(w, owner, &ids) {
                return r;
            }
            let mut unique = Vec::new();
            for i in ids {
                if !unique.contains(&i) {
                    unique.push(i);
                }
            }
            if let Some(group) = w.groups.get_mut(&id) {
                group.selected = unique;
            }
            w.audit_group(owner, "runner_group_updated", ctx.user, id, vec![]);
            Reply::no_content()
        }
        ("PUT", [word, target]) | ("DELETE", [word, target]) if *word == access_word => {
            let Some(target) = parse_id(target) else { return Reply::not_found() };
            let exists = match owner {
                Owner::Enterprise => w.org(target).is_some(),
                Owner::Org(org) => w.repos.get(&target).is_some_and(|r| r.org_id == org),
                Owner::Repo(_) => false,
            };
            if !exists {
                return Reply::not_found();
            }
            if let Some(r) = not_selected(w, id) {
                return r;
            }
            let Some(g) = w.groups.get_mut(&id) else { return Reply::not_found() };
            if method == "PUT" {
                if !g.selected.contains(&target) {
                    g.selected.push(target);
                }
            } else {
                g.selected.retain(|t| *t != target);
            }
            w.audit_group(owner, "runner_group_updated", ctx.user, id, vec![]);
            Reply::no_content()
        }
        _ => Reply::not_found(),
    }
}

fn not_selected(w: &World, id: u64) -> Option<Reply> {
    let g = &w.groups[&id];
    (g.visibility != "selected").then(|| Reply::invalid(&format!("The runner group's visibility is \"{}\"; set it to \"selected\" to manage its access list.", g.visibility), vec![]))
}
