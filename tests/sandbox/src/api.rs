//! The REST operations: one request in (method, path segments, query, JSON body), one reply out.
use std::collections::HashMap;

use serde_json::{json, Map, Value};

use crate::world::{Group, Owner, Repo, Runner, User, World};

const DOCS: &str = "https://docs.github.com/enterprise-server@3.19/rest";

/// What an operation answers; the HTTP layer adds the common headers.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Option<Value>,
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    pub fn json(status: u16, body: Value) -> Reply {
        Reply { status, body: Some(body), headers: vec![] }
    }
    pub fn no_content() -> Reply {
        Reply { status: 204, body: None, headers: vec![] }
    }
    pub fn error(status: u16, message: &str, doc: &str) -> Reply {
        Reply::json(status, json!({ "message": message, "documentation_url": format!("{DOCS}{doc}"), "status": status.to_string() }))
    }
    pub fn not_found() -> Reply {
        Reply::error(404, "Not Found", "")
    }
    /// GitHub's "validation failed, simple" shape: `errors` is a list of strings.
    pub fn invalid(message: &str, errors: Vec<String>) -> Reply {
        Reply::json(422, json!({ "message": message, "documentation_url": DOCS, "errors": errors }))
    }
    /// GitHub's full validation shape: `errors` are objects with `resource`, `field` and `code`.
    pub fn invalid_field(resource: &str, field: &str, code: &str, message: &str) -> Reply {
        Reply::json(
            422,
            json!({
                "message": "Validation Failed",
                "documentation_url": DOCS,
                "errors": [{ "resource": resource, "field": field, "code": code, "message": message }],
            }),
        )
    }
    fn with_header(mut self, name: &'static str, value: String) -> Reply {
        self.headers.push((name, value));
        self
    }
}

/// Everything about the request an operation may need besides the world.
pub struct Ctx<'a> {
    /// `http://HOST:PORT/api/v3`
    pub api: &'a str,
    /// `http://HOST:PORT`
    pub web: &'a str,
    /// The request path below `/api/v3`, for building Link headers.
    pub path: &'a str,
    pub query: &'a HashMap<String, String>,
    pub body: Option<&'a Value>,
    pub scopes: &'a [String],
    pub user: &'a User,
    pub now: u64,
    /// A fresh random value for tokens.
    pub random: &'a mut dyn FnMut() -> u64,
}

/// The token scope GitHub asks for at each runner scope.
pub fn required_scope(owner: Owner) -> &'static str {
    match owner {
        Owner::Enterprise => "manage_runners:enterprise",
        Owner::Org(_) => "admin:org",
        Owner::Repo(_) => "repo",
    }
}

fn has_scope(scopes: &[String], needed: &str) -> bool {
    // admin:enterprise includes manage_runners:enterprise, as on GitHub.
    scopes.iter().any(|s| s == needed || (needed == "manage_runners:enterprise" && s == "admin:enterprise"))
}

pub fn dispatch(w: &mut World, method: &str, segs: &[&str], ctx: &mut Ctx) -> Reply {
    match (method, segs) {
        ("GET", []) => root(ctx),
        ("GET", ["user"]) => Reply::json(200, user_json(ctx.user, ctx)),
        ("GET", ["organizations"]) => organizations(w, ctx),
        ("GET", ["orgs", org]) => match w.org_by_login(org) {
            Some(o) => Reply::json(200, org_full_json(w, o.id, ctx)),
            None => Reply::not_found(),
        },
        ("GET", ["orgs", org, "repos"]) => match w.org_by_login(org) {
            Some(o) => {
                let repos: Vec<Value> = w.repos.values().filter(|r| r.org_id == o.id).map(|r| minimal_repo_json(w, r, ctx)).collect();
                let (page, link) = paginate(&repos, ctx);
                with_link(Reply::json(200, Value::Array(page)), link)
            }
            None => Reply::not_found(),
        },
        ("GET", ["repos", owner, repo]) => match w.repo_by_name(owner, repo) {
            Some(r) => Reply::json(200, full_repo_json(w, r, ctx)),
            None => Reply::not_found(),
        },
        (_, ["enterprises", slug, "actions", rest @ ..]) => {
            if !slug.eq_ignore_ascii_case(&w.enterprise_slug) {
                return Reply::not_found();
            }
            scoped(w, Owner::Enterprise, method, rest, ctx)
        }
        (_, ["orgs", org, "actions", rest @ ..]) => match w.org_by_login(org) {
            Some(o) => scoped(w, Owner::Org(o.id), method, rest, ctx),
            None => Reply::not_found(),
        },
        (_, ["repos", owner, repo, "actions", rest @ ..]) => match w.repo_by_name(owner, repo) {
            Some(r) => scoped(w, Owner::Repo(r.id), method, rest, ctx),
            None => Reply::not_found(),
        },
        _ => Reply::not_found(),
    }
}

fn scoped(w: &mut World, owner: Owner, method: &str, rest: &[&str], ctx: &mut Ctx) -> Reply {
    let needed = required_scope(owner);
    if !has_scope(ctx.scopes, needed) {
        return Reply::error(403, "Resource not accessible by personal access token", "")
            .with_header("x-accepted-oauth-scopes", needed.to_string());
    }
    match (method, rest) {
        ("GET", ["runners"]) => list_runners(w, owner, ctx),
        ("GET", ["runners", "downloads"]) => Reply::json(200, downloads(ctx)),
        ("POST", ["runners", "registration-token"]) => Reply::json(201, auth_token(ctx)),
        ("POST", ["runners", "remove-token"]) => Reply::json(201, auth_token(ctx)),
        ("POST", ["runners", "generate-jitconfig"]) => jit_config(w, owner, ctx),
        (_, ["runners", id, rest @ ..]) => {
            let Some(id) = parse_id(id) else { return Reply::not_found() };
            if !w.runners.get(&id).is_some_and(|r| r.owner == owner) {
                return Reply::not_found();
            }
            runner_op(w, id, method, rest, ctx)
        }
        (_, ["runner-groups", rest @ ..]) if !matches!(owner, Owner::Repo(_)) => group_op(w, owner, method, rest, ctx),
        _ => Reply::not_found(),
    }
}

fn parse_id(s: &str) -> Option<u64> {
    s.parse::<u64>().ok().filter(|id| *id > 0)
}

// ---- runners --------------------------------------------------------------------------------

fn list_runners(w: &World, owner: Owner, ctx: &Ctx) -> Reply {
    let name = ctx.query.get("name").filter(|n| !n.is_empty());
    let runners: Vec<&Runner> = w.runners_of(owner).filter(|r| name.is_none_or(|n| r.name == *n)).collect();
    runner_page(w, &runners, ctx)
}

fn runner_page(w: &World, runners: &[&Runner], ctx: &Ctx) -> Reply {
    let (page, link) = paginate(runners, ctx);
    let body = json!({
        "total_count": runners.len(),
        "runners": page.iter().map(|r| runner_json(w, r)).collect::<Vec<_>>(),
    });
    with_link(Reply::json(200, body), link)
}

pub fn runner_json(w: &World, r: &Runner) -> Value {
    let mut o = Map::new();
    o.insert("id".into(), json!(r.id));
    if let Some(g) = r.group {
        o.insert("runner_group_id".into(), json!(g));
    }
    o.insert("name".into(), json!(r.name));
    o.insert("os".into(), json!(r.os));
    o.insert("status".into(), json!(if r.online { "online" } else { "offline" }));
    o.insert("busy".into(), json!(r.busy));
    o.insert("ephemeral".into(), json!(r.ephemeral));
    o.insert("labels".into(), labels_json(w, r, true));
    o.insert("version".into(), json!(r.version));
    Value::Object(o)
}

fn labels_json(w: &World, r: &Runner, with_custom: bool) -> Value {
    let id = |name: &str| w.label_ids.get(&name.to_lowercase()).copied().unwrap_or(0);
    let mut labels: Vec<Value> = r.read_only_labels().iter().map(|l| json!({ "id": id(l), "name": l, "type": "read-only" })).collect();
    if with_custom {
        labels.extend(r.custom_labels.iter().map(|l| json!({ "id": id(l), "name": l, "type": "custom" })));
    }
    Value::Array(labels)
}

fn labels_reply(w: &World, id: u64, with_custom: bool) -> Reply {
    let r = &w.runners[&id];
    let labels = labels_json(w, r, with_custom);
    let total = labels.as_array().map_or(0, Vec::len);
    Reply::json(200, json!({ "total_count": total, "labels": labels }))
}

fn runner_op(w: &mut World, id: u64, method: &str, rest: &[&str], ctx: &Ctx) -> Reply {
    match (method, rest) {
        ("GET", []) => Reply::json(200, runner_json(w, &w.runners[&id])),
        ("DELETE", []) => {
            if w.runners[&id].busy {
                let message = format!("Runner \"{}\" is still running a job; it cannot be deleted until the job finishes.", w.runners[&id].name);
                return Reply::invalid(&message, vec![]);
            }
            w.runners.remove(&id);
            Reply::no_content()
        }
        ("GET", ["labels"]) => labels_reply(w, id, true),
        ("POST", ["labels"]) | ("PUT", ["labels"]) => {
            let adding = method == "POST";
            let labels = match label_list(ctx.body, if adding { 1 } else { 0 }) {
                Ok(l) => l,
                Err(reply) => return reply,
            };
            let runner = &w.runners[&id];
            let read_only = runner.read_only_labels();
            if let Some(l) = labels.iter().find(|l| read_only.iter().any(|ro| ro.eq_ignore_ascii_case(l))) {
                return Reply::invalid("Validation Failed", vec![format!("Label \"{l}\" is a read-only label and cannot be added as a custom label.")]);
            }
            let mut custom = if adding { runner.custom_labels.clone() } else { vec![] };
            for l in labels {
                if !custom.iter().any(|c| c.eq_ignore_ascii_case(&l)) {
                    custom.push(l);
                }
            }
            if custom.len() > 100 {
                return Reply::invalid("Validation Failed", vec!["A runner can have at most 100 custom labels.".into()]);
            }
            for l in &custom {
                w.label_id(l);
            }
            w.runners.get_mut(&id).unwrap().custom_labels = custom;
            labels_reply(w, id, true)
        }
        ("DELETE", ["labels"]) => {
            w.runners.get_mut(&id).unwrap().custom_labels.clear();
            labels_reply(w, id, false)
        }
        ("DELETE", ["labels", name]) => {
            let runner = w.runners.get_mut(&id).unwrap();
            if runner.read_only_labels().iter().any(|ro| ro.eq_ignore_ascii_case(name)) {
                return Reply::invalid("Validation Failed", vec![format!("Label \"{name}\" is read-only and cannot be removed.")]);
            }
            let before = runner.custom_labels.len();
            runner.custom_labels.retain(|c| !c.eq_ignore_ascii_case(name));
            if runner.custom_labels.len() == before {
                return Reply::not_found();
            }
            labels_reply(w, id, true)
        }
        _ => Reply::not_found(),
    }
}

/// GitHub's label rules: 1-100 names, each non-empty, at most 256 characters, no commas or control
/// characters, no surrounding whitespace, no duplicates (case-insensitive).
pub fn validate_label_names(labels: &[String], min: usize) -> Result<(), Vec<String>> {
    let mut errors = Vec::new();
    if labels.len() < min {
        errors.push(format!("At least {min} label is required."));
    }
    if labels.len() > 100 {
        errors.push("At most 100 labels can be sent at once.".into());
    }
    let mut seen: Vec<String> = Vec::new();
    for l in labels {
        if l.trim().is_empty() {
            errors.push("Label names cannot be empty.".into());
        } else if l.chars().count() > 256 {
            errors.push(format!("Label \"{}…\" is longer than 256 characters.", l.chars().take(20).collect::<String>()));
        } else if l.trim() != l {
            errors.push(format!("Label \"{l}\" starts or ends with whitespace."));
        } else if l.contains(',') || l.chars().any(char::is_control) {
            errors.push(format!("Label \"{}\" contains a comma or a control character.", l.escape_debug()));
        }
        let key = l.to_lowercase();
        if seen.contains(&key) {
            errors.push(format!("Label \"{l}\" is listed more than once."));
        }
        seen.push(key);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn label_list(body: Option<&Value>, min: usize) -> Result<Vec<String>, Reply> {
    let Some(labels) = body.and_then(|b| b.get("labels")) else {
        return Err(Reply::invalid("Invalid request.\n\n\"labels\" wasn't supplied.", vec!["\"labels\" wasn't supplied.".into()]));
    };
    let Some(items) = labels.as_array() else {
        return Err(Reply::invalid("Invalid request.\n\nFor 'properties/labels', it is not an array.", vec!["labels is not an array".into()]));
    };
    let mut names = Vec::new();
    for item in items {
        match item.as_str() {
            Some(s) => names.push(s.to_string()),
            None => return Err(Reply::invalid("Invalid request.\n\nFor 'items', it is not a string.", vec![format!("{item} is not a string")])),
        }
    }
    validate_label_names(&names, min).map_err(|errors| Reply::invalid("Validation Failed", errors))?;
    Ok(names)
}

fn downloads(ctx: &Ctx) -> Value {
    let version = "2.329.0";
    let mut apps = Vec::new();
    for (os, arch, ext) in [
        ("linux", "x64", "tar.gz"),
        ("linux", "arm64", "tar.gz"),
        ("linux", "arm", "tar.gz"),
        ("osx", "x64", "tar.gz"),
        ("osx", "arm64", "tar.gz"),
        ("win", "x64", "zip"),
        ("win", "arm64", "zip"),
    ] {
        let filename = format!("actions-runner-{os}-{arch}-{version}.{ext}");
        let mut sha: u64 = 0xcbf29ce484222325;
        for b in filename.bytes() {
            sha = (sha ^ b as u64).wrapping_mul(0x100000001b3);
        }
        apps.push(json!({
            "os": os,
            "architecture": arch,
            "download_url": format!("{}/_sandbox/downloads/v{version}/{filename}", ctx.web),
            "filename": filename,
            "sha256_checksum": format!("{sha:016x}{:016x}{:016x}{:016x}", sha.rotate_left(13), sha.rotate_left(29), sha.rotate_left(47)),
        }));
    }
    Value::Array(apps)
}

fn random_token(ctx: &mut Ctx, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(len);
    while out.len() < len {
        let mut bits = (ctx.random)();
        for _ in 0..12 {
            if out.len() == len {
                break;
            }
            out.push(ALPHABET[(bits & 31) as usize] as char);
            bits >>= 5;
        }
    }
    out
}

fn auth_token(ctx: &mut Ctx) -> Value {
    let token = random_token(ctx, 29);
    json!({ "token": token, "expires_at": iso8601(ctx.now + 3600) })
}

fn jit_config(w: &mut World, owner: Owner, ctx: &mut Ctx) -> Reply {
    let body = ctx.body.cloned().unwrap_or(Value::Null);
    let Some(name) = body.get("name").and_then(Value::as_str).map(str::to_string) else {
        return Reply::invalid("Invalid request.\n\n\"name\" wasn't supplied.", vec!["\"name\" wasn't supplied.".into()]);
    };
    let Some(group_id) = body.get("runner_group_id").and_then(Value::as_u64) else {
        return Reply::invalid("Invalid request.\n\n\"runner_group_id\" wasn't supplied.", vec!["\"runner_group_id\" wasn't supplied.".into()]);
    };
    let labels = match label_list(Some(&body), 1) {
        Ok(l) => l,
        Err(reply) => return reply,
    };
    if let Err(errors) = validate_runner_name(&name) {
        return Reply::invalid("Validation Failed", errors);
    }
    let work_folder = body.get("work_folder").and_then(Value::as_str).unwrap_or("_work").to_string();
    // Repo runners have no group; GitHub still requires the field, so any id is accepted there.
    let group = match owner {
        Owner::Repo(_) => None,
        Owner::Enterprise | Owner::Org(_) => match w.groups.get(&group_id) {
            Some(g) if g.owner == owner => Some(g.id),
            _ => return Reply::error(404, "Runner group not found", "/actions/self-hosted-runners"),
        },
    };
    if w.runners_of(owner).any(|r| r.name.eq_ignore_ascii_case(&name)) {
        return Reply::error(409, &format!("A runner named \"{name}\" already exists."), "/actions/self-hosted-runners");
    }
    for l in &labels {
        w.label_id(l);
    }
    let id = w.next_runner_id;
    w.next_runner_id += 1;
    let runner = Runner {
        id,
        name: name.clone(),
        os: "Linux".into(),
        arch: "X64".into(),
        online: false,
        busy: false,
        ephemeral: true,
        version: None,
        custom_labels: labels,
        owner,
        group,
    };
    w.runners.insert(id, runner);
    let secret = random_token(ctx, 40);
    let config = json!({ ".runner": { "agentId": id, "agentName": name, "workFolder": work_folder, "gitHubUrl": ctx.web }, ".credentials": secret });
    Reply::json(201, json!({ "runner": runner_json(w, &w.runners[&id]), "encoded_jit_config": base64(config.to_string().as_bytes()) }))
}

/// Runner names: 1-64 characters, no control characters. (Seeded runners may break this on purpose.)
pub fn validate_runner_name(name: &str) -> Result<(), Vec<String>> {
    if name.trim().is_empty() {
        return Err(vec!["The runner name cannot be empty.".into()]);
    }
    if name.chars().count() > 64 {
        return Err(vec!["The runner name is longer than 64 characters.".into()]);
    }
    if name.chars().any(char::is_control) {
        return Err(vec!["The runner name contains a control character.".into()]);
    }
    Ok(())
}

// ---- runner groups --------------------------------------------------------------------------

fn group_op(w: &mut World, owner: Owner, method: &str, rest: &[&str], ctx: &Ctx) -> Reply {
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
                return Reply::error(
                    403,
                    "This runner group is inherited from the enterprise; change it in the enterprise's settings.",
                    "/actions/self-hosted-runner-groups",
                );
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
            w.groups
                .values()
                .filter(|g| g.owner == Owner::Enterprise)
                .filter(|g| org.is_none_or(|o| g.default || w.enterprise_group_shared_with(g, o)))
                .map(|g| group_json(w, g, None, ctx))
                .collect()
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
            Some(Value::Array(items)) => Some(
                items.iter().map(|v| v.as_str().map(str::to_string).ok_or_else(|| bad("selected_workflows", "must be a list of strings"))).collect::<Result<Vec<_>, _>>()?,
            ),
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
            return Err(Reply::invalid_field(
                "RunnerGroup",
                "selected_workflows",
                "invalid",
                &format!("\"{badw}\" is not owner/repo/.github/workflows/file.yml@ref; a ref, tag or SHA is required"),
            ));
        }
    }
    Ok(fields)
}

fn check_access_ids(w: &World, owner: Owner, ids: &[u64]) -> Result<(), Reply> {
    for id in ids {
        let ok = match owner {
            Owner::Enterprise => w.org(*id).is_some(),
            Owner::Org(org) => w.repos.get(id).is_some_and(|r| r.org_id == org),
            Owner::Repo(_) => false,
        };
        if !ok {
            let what = if owner == Owner::Enterprise { "organization" } else { "repository" };
            return Err(Reply::invalid_field("RunnerGroup", if owner == Owner::Enterprise { "selected_organization_ids" } else { "selected_repository_ids" }, "invalid", &format!("No {what} with id {id} in this scope")));
        }
    }
    Ok(())
}

fn check_runner_ids(w: &World, owner: Owner, ids: &[u64]) -> Result<(), Reply> {
    match ids.iter().find(|id| !w.runners.get(id).is_some_and(|r| r.owner == owner)) {
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
    let g = w.groups.get_mut(&id).unwrap();
    g.allows_public_repositories = f.allows_public_repositories.unwrap_or(false);
    g.restricted_to_workflows = f.restricted_to_workflows.unwrap_or(false);
    g.selected_workflows = f.selected_workflows.unwrap_or_default();
    for r in runners {
        w.runners.get_mut(&r).unwrap().group = Some(id);
    }
    group_reply(w, owner, id, false, 201, ctx)
}

fn one_group(w: &mut World, owner: Owner, id: u64, inherited: bool, method: &str, rest: &[&str], ctx: &Ctx) -> Reply {
    let access_word = if owner == Owner::Enterprise { "organizations" } else { "repositories" };
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
            let g = w.groups.get_mut(&id).unwrap();
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
            Reply::no_content()
        }
        ("PUT", ["runners", runner]) | ("DELETE", ["runners", runner]) => {
            let Some(runner) = parse_id(runner).filter(|r| w.runners.get(r).is_some_and(|r| r.owner == owner)) else {
                return Reply::not_found();
            };
            if method == "PUT" {
                w.runners.get_mut(&runner).unwrap().group = Some(id);
            } else {
                if w.runners[&runner].group != Some(id) {
                    return Reply::not_found();
                }
                if w.groups[&id].default {
                    return Reply::invalid("The runner is in the Default group; add it to another group to move it.", vec![]);
                }
                let default = w.default_group_of(owner);
                w.runners.get_mut(&runner).unwrap().group = Some(default);
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
            w.groups.get_mut(&id).unwrap().selected = unique;
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
            let g = w.groups.get_mut(&id).unwrap();
            if method == "PUT" {
                if !g.selected.contains(&target) {
                    g.selected.push(target);
                }
            } else {
                g.selected.retain(|t| *t != target);
            }
            Reply::no_content()
        }
        _ => Reply::not_found(),
    }
}

fn not_selected(w: &World, id: u64) -> Option<Reply> {
    let g = &w.groups[&id];
    (g.visibility != "selected").then(|| {
        Reply::invalid(
            &format!("The runner group's visibility is \"{}\"; set it to \"selected\" to manage its access list.", g.visibility),
            vec![],
        )
    })
}

// ---- look-ups ---------------------------------------------------------------------------------

fn root(ctx: &Ctx) -> Reply {
    let a = ctx.api;
    let w = ctx.web;
    Reply::json(
        200,
        json!({
            "current_user_url": format!("{a}/user"),
            "current_user_authorizations_html_url": format!("{w}/settings/connections/applications{{/client_id}}"),
            "authorizations_url": format!("{a}/authorizations"),
            "code_search_url": format!("{a}/search/code?q={{query}}{{&page,per_page,sort,order}}"),
            "commit_search_url": format!("{a}/search/commits?q={{query}}{{&page,per_page,sort,order}}"),
            "emails_url": format!("{a}/user/emails"),
            "emojis_url": format!("{a}/emojis"),
            "events_url": format!("{a}/events"),
            "feeds_url": format!("{a}/feeds"),
            "followers_url": format!("{a}/user/followers"),
            "following_url": format!("{a}/user/following{{/target}}"),
            "gists_url": format!("{a}/gists{{/gist_id}}"),
            "issue_search_url": format!("{a}/search/issues?q={{query}}{{&page,per_page,sort,order}}"),
            "issues_url": format!("{a}/issues"),
            "keys_url": format!("{a}/user/keys"),
            "label_search_url": format!("{a}/search/labels?q={{query}}&repository_id={{repository_id}}{{&page,per_page}}"),
            "notifications_url": format!("{a}/notifications"),
            "organization_url": format!("{a}/orgs/{{org}}"),
            "organization_repositories_url": format!("{a}/orgs/{{org}}/repos{{?type,page,per_page,sort}}"),
            "organization_teams_url": format!("{a}/orgs/{{org}}/teams"),
            "public_gists_url": format!("{a}/gists/public"),
            "rate_limit_url": format!("{a}/rate_limit"),
            "repository_url": format!("{a}/repos/{{owner}}/{{repo}}"),
            "repository_search_url": format!("{a}/search/repositories?q={{query}}{{&page,per_page,sort,order}}"),
            "current_user_repositories_url": format!("{a}/user/repos{{?type,page,per_page,sort}}"),
            "starred_url": format!("{a}/user/starred{{/owner}}{{/repo}}"),
            "starred_gists_url": format!("{a}/gists/starred"),
            "user_url": format!("{a}/users/{{user}}"),
            "user_organizations_url": format!("{a}/user/orgs"),
            "user_repositories_url": format!("{a}/users/{{user}}/repos{{?type,page,per_page,sort}}"),
            "user_search_url": format!("{a}/search/users?q={{query}}{{&page,per_page,sort,order}}"),
        }),
    )
}

fn user_urls(a: &str, login: &str) -> Map<String, Value> {
    let mut o = Map::new();
    let u = format!("{a}/users/{login}");
    for (k, v) in [
        ("url", u.clone()),
        ("followers_url", format!("{u}/followers")),
        ("following_url", format!("{u}/following{{/other_user}}")),
        ("gists_url", format!("{u}/gists{{/gist_id}}")),
        ("starred_url", format!("{u}/starred{{/owner}}{{/repo}}")),
        ("subscriptions_url", format!("{u}/subscriptions")),
        ("organizations_url", format!("{u}/orgs")),
        ("repos_url", format!("{u}/repos")),
        ("events_url", format!("{u}/events{{/privacy}}")),
        ("received_events_url", format!("{u}/received_events")),
    ] {
        o.insert(k.into(), json!(v));
    }
    o
}

fn user_json(user: &User, ctx: &Ctx) -> Value {
    let mut o = user_urls(ctx.api, &user.login);
    let extra = json!({
        "login": user.login, "id": user.id, "node_id": format!("U_sandbox{}", user.id),
        "avatar_url": format!("{}/avatars/u/{}", ctx.web, user.id), "gravatar_id": "",
        "html_url": format!("{}/{}", ctx.web, user.login), "type": "User", "site_admin": user.login == "octo-admin",
        "name": user.name, "company": "Acme", "blog": "", "location": null, "email": null, "hireable": null, "bio": null,
        "public_repos": 0, "public_gists": 0, "followers": 0, "following": 0,
        "created_at": "2024-01-02T03:04:05Z", "updated_at": "2026-01-02T03:04:05Z",
        "private_gists": 0, "total_private_repos": 0, "owned_private_repos": 0, "disk_usage": 0, "collaborators": 0,
        "two_factor_authentication": true,
    });
    o.extend(extra.as_object().unwrap().clone());
    Value::Object(o)
}

fn org_urls(a: &str, login: &str) -> Map<String, Value> {
    let u = format!("{a}/orgs/{login}");
    let mut o = Map::new();
    for (k, v) in [
        ("url", u.clone()),
        ("repos_url", format!("{u}/repos")),
        ("events_url", format!("{u}/events")),
        ("hooks_url", format!("{u}/hooks")),
        ("issues_url", format!("{u}/issues")),
        ("members_url", format!("{u}/members{{/member}}")),
        ("public_members_url", format!("{u}/public_members{{/member}}")),
    ] {
        o.insert(k.into(), json!(v));
    }
    o
}

fn org_simple_json(org: &crate::world::Org, ctx: &Ctx) -> Value {
    let mut o = org_urls(ctx.api, &org.login);
    o.insert("login".into(), json!(org.login));
    o.insert("id".into(), json!(org.id));
    o.insert("node_id".into(), json!(format!("O_sandbox{}", org.id)));
    o.insert("avatar_url".into(), json!(format!("{}/avatars/o/{}", ctx.web, org.id)));
    o.insert("description".into(), json!(org.description));
    Value::Object(o)
}

fn org_full_json(w: &World, id: u64, ctx: &Ctx) -> Value {
    let org = w.org(id).unwrap();
    let mut o = org_simple_json(org, ctx).as_object().unwrap().clone();
    let extra = json!({
        "html_url": format!("{}/{}", ctx.web, org.login), "name": org.login, "type": "Organization",
        "has_organization_projects": true, "has_repository_projects": true,
        "public_repos": w.repos.values().filter(|r| r.org_id == id && !r.private).count(),
        "public_gists": 0, "followers": 0, "following": 0, "total_private_repos": w.repos.values().filter(|r| r.org_id == id && r.private).count(),
        "created_at": "2024-01-02T03:04:05Z", "updated_at": "2026-01-02T03:04:05Z", "archived_at": null,
    });
    o.extend(extra.as_object().unwrap().clone());
    Value::Object(o)
}

fn organizations(w: &World, ctx: &Ctx) -> Reply {
    let since: u64 = ctx.query.get("since").and_then(|s| s.parse().ok()).unwrap_or(0);
    let per_page = per_page(ctx);
    let mut orgs: Vec<&crate::world::Org> = w.orgs.iter().filter(|o| o.id > since).collect();
    orgs.sort_by_key(|o| o.id);
    let more = orgs.len() > per_page;
    orgs.truncate(per_page);
    let body = Value::Array(orgs.iter().map(|o| org_simple_json(o, ctx)).collect());
    let mut reply = Reply::json(200, body);
    if more {
        let last = orgs.last().map(|o| o.id).unwrap_or(0);
        let link = format!(
            "<{}/organizations?since={last}&per_page={per_page}>; rel=\"next\", <{}/organizations{{?since}}>; rel=\"first\"",
            ctx.api, ctx.api
        );
        reply = reply.with_header("link", link);
    }
    reply
}

fn owner_json(w: &World, org_id: u64, ctx: &Ctx) -> Value {
    let org = w.org(org_id).unwrap();
    let mut o = user_urls(ctx.api, &org.login);
    o.extend(
        json!({
            "login": org.login, "id": org.id, "node_id": format!("O_sandbox{}", org.id),
            "avatar_url": format!("{}/avatars/o/{}", ctx.web, org.id), "gravatar_id": "",
            "html_url": format!("{}/{}", ctx.web, org.login), "type": "Organization", "site_admin": false,
        })
        .as_object()
        .unwrap()
        .clone(),
    );
    Value::Object(o)
}

fn repo_base(w: &World, r: &Repo, ctx: &Ctx) -> Map<String, Value> {
    let owner = &w.org(r.org_id).unwrap().login;
    let full = format!("{owner}/{}", r.name);
    let u = format!("{}/repos/{full}", ctx.api);
    let mut o = Map::new();
    o.insert("id".into(), json!(r.id));
    o.insert("node_id".into(), json!(format!("R_sandbox{}", r.id)));
    o.insert("name".into(), json!(r.name));
    o.insert("full_name".into(), json!(full));
    o.insert("owner".into(), owner_json(w, r.org_id, ctx));
    o.insert("private".into(), json!(r.private));
    o.insert("visibility".into(), json!(if r.private { "private" } else { "internal" }));
    o.insert("html_url".into(), json!(format!("{}/{full}", ctx.web)));
    o.insert("description".into(), json!(format!("Seeded repository {full}")));
    o.insert("fork".into(), json!(false));
    o.insert("url".into(), json!(u));
    for (k, tail) in [
        ("archive_url", "/{archive_format}{/ref}"),
        ("assignees_url", "/assignees{/user}"),
        ("blobs_url", "/git/blobs{/sha}"),
        ("branches_url", "/branches{/branch}"),
        ("collaborators_url", "/collaborators{/collaborator}"),
        ("comments_url", "/comments{/number}"),
        ("commits_url", "/commits{/sha}"),
        ("compare_url", "/compare/{base}...{head}"),
        ("contents_url", "/contents/{+path}"),
        ("contributors_url", "/contributors"),
        ("deployments_url", "/deployments"),
        ("downloads_url", "/downloads"),
        ("events_url", "/events"),
        ("forks_url", "/forks"),
        ("git_commits_url", "/git/commits{/sha}"),
        ("git_refs_url", "/git/refs{/sha}"),
        ("git_tags_url", "/git/tags{/sha}"),
        ("hooks_url", "/hooks"),
        ("issue_comment_url", "/issues/comments{/number}"),
        ("issue_events_url", "/issues/events{/number}"),
        ("issues_url", "/issues{/number}"),
        ("keys_url", "/keys{/key_id}"),
        ("labels_url", "/labels{/name}"),
        ("languages_url", "/languages"),
        ("merges_url", "/merges"),
        ("milestones_url", "/milestones{/number}"),
        ("notifications_url", "/notifications{?since,all,participating}"),
        ("pulls_url", "/pulls{/number}"),
        ("releases_url", "/releases{/id}"),
        ("stargazers_url", "/stargazers"),
        ("statuses_url", "/statuses/{sha}"),
        ("subscribers_url", "/subscribers"),
        ("subscription_url", "/subscription"),
        ("tags_url", "/tags"),
        ("teams_url", "/teams"),
        ("trees_url", "/git/trees{/sha}"),
    ] {
        o.insert(k.into(), json!(format!("{u}{tail}")));
    }
    o
}

fn minimal_repo_json(w: &World, r: &Repo, ctx: &Ctx) -> Value {
    let mut o = repo_base(w, r, ctx);
    o.insert("archived".into(), json!(false));
    o.insert("default_branch".into(), json!("main"));
    Value::Object(o)
}

fn full_repo_json(w: &World, r: &Repo, ctx: &Ctx) -> Value {
    let mut o = repo_base(w, r, ctx);
    let owner = &w.org(r.org_id).unwrap().login;
    let host = ctx.web.split_once("://").map(|(_, h)| h).unwrap_or(ctx.web);
    o.extend(
        json!({
            "clone_url": format!("{}/{owner}/{}.git", ctx.web, r.name),
            "git_url": format!("git://{host}/{owner}/{}.git", r.name),
            "ssh_url": format!("git@{host}:{owner}/{}.git", r.name),
            "svn_url": format!("{}/{owner}/{}", ctx.web, r.name),
            "mirror_url": null, "homepage": null, "language": "Rust", "license": null,
            "default_branch": "main", "forks": 0, "forks_count": 0, "stargazers_count": 0, "watchers": 0, "watchers_count": 0,
            "open_issues": 0, "open_issues_count": 0, "size": 1024, "network_count": 0, "subscribers_count": 1,
            "has_issues": true, "has_projects": true, "has_wiki": false, "has_pages": false, "has_discussions": false,
            "archived": false, "disabled": false,
            "pushed_at": "2026-01-02T03:04:05Z", "created_at": "2024-01-02T03:04:05Z", "updated_at": "2026-01-02T03:04:05Z",
        })
        .as_object()
        .unwrap()
        .clone(),
    );
    Value::Object(o)
}

// ---- pagination -------------------------------------------------------------------------------

pub fn per_page(ctx: &Ctx) -> usize {
    match ctx.query.get("per_page").and_then(|s| s.parse::<usize>().ok()) {
        Some(0) | None => 30,
        Some(n) => n.min(100),
    }
}

/// Page-numbered pagination as GitHub does it: `Link` with absolute `prev`, `next`, `last`, `first`.
fn paginate<T: Clone>(items: &[T], ctx: &Ctx) -> (Vec<T>, Option<String>) {
    let per_page = per_page(ctx);
    let page = ctx.query.get("page").and_then(|s| s.parse::<usize>().ok()).filter(|p| *p > 0).unwrap_or(1);
    let last = items.len().div_ceil(per_page).max(1);
    let slice = items.iter().skip((page - 1).saturating_mul(per_page)).take(per_page).cloned().collect();
    let url = |p: usize| {
        let mut pairs: Vec<(String, String)> = ctx.query.iter().filter(|(k, _)| *k != "page" && *k != "per_page").map(|(k, v)| (k.clone(), v.clone())).collect();
        pairs.sort();
        let mut q: Vec<String> = pairs.into_iter().map(|(k, v)| format!("{}={}", encode(&k), encode(&v))).collect();
        q.push(format!("per_page={per_page}"));
        q.push(format!("page={p}"));
        format!("<{}{}?{}>", ctx.api, ctx.path, q.join("&"))
    };
    let mut rels = Vec::new();
    if page > 1 {
        rels.push(format!("{}; rel=\"prev\"", url((page - 1).min(last))));
    }
    if page < last {
        rels.push(format!("{}; rel=\"next\"", url(page + 1)));
        rels.push(format!("{}; rel=\"last\"", url(last)));
    }
    if page > 1 {
        rels.push(format!("{}; rel=\"first\"", url(1)));
    }
    (slice, (!rels.is_empty()).then(|| rels.join(", ")))
}

fn with_link(reply: Reply, link: Option<String>) -> Reply {
    match link {
        Some(l) => reply.with_header("link", l),
        None => reply,
    }
}

pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

// ---- small helpers ------------------------------------------------------------------------------

pub fn iso8601(unix: u64) -> String {
    let days = (unix / 86_400) as i64;
    let secs = unix % 86_400;
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs / 60 % 60, secs % 60)
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = (chunk[0] as u32) << 16 | (*chunk.get(1).unwrap_or(&0) as u32) << 8 | *chunk.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso8601_matches_known_dates() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_700_000_000), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn base64_pads() {
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b"abc"), "YWJj");
        assert_eq!(base64(b"a"), "YQ==");
    }

    #[test]
    fn workflows_need_a_ref() {
        assert!(validate_workflow("octo-org/octo-repo/.github/workflows/deploy.yaml@main"));
        assert!(validate_workflow("o/r/.github/workflows/ci.yml@refs/heads/main"));
        assert!(!validate_workflow("o/r/.github/workflows/ci.yml"));
        assert!(!validate_workflow("o/r/.github/workflows/ci.yml@"));
        assert!(!validate_workflow("ci.yml@main"));
    }

    #[test]
    fn label_rules() {
        assert!(validate_label_names(&["gpu".into(), "🚀-fast".into(), "עברית".into()], 1).is_ok());
        assert!(validate_label_names(&[], 1).is_err());
        assert!(validate_label_names(&[], 0).is_ok());
        assert!(validate_label_names(&["a,b".into()], 1).is_err());
        assert!(validate_label_names(&["GPU".into(), "gpu".into()], 1).is_err());
        assert!(validate_label_names(&[" x".into()], 1).is_err());
        assert!(validate_label_names(&["x".repeat(257)], 1).is_err());
    }
}
