//! Runner operations: list, get, delete, labels, downloads, registration and remove tokens, JIT configs.
use serde_json::{json, Map, Value};

use super::paging::{paginate, with_link};
use super::{iso8601, Ctx, Reply};
use crate::world::{Owner, Runner, World};

pub(super) fn list_runners(w: &World, owner: Owner, ctx: &Ctx) -> Reply {
    let name = ctx.query.get("name").filter(|n| !n.is_empty());
    let runners: Vec<&Runner> = w.runners_of(owner).filter(|r| name.is_none_or(|n| r.name == *n)).collect();
    runner_page(w, &runners, ctx)
}

pub(super) fn runner_page(w: &World, runners: &[&Runner], ctx: &Ctx) -> Reply {
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

pub(super) fn runner_op(w: &mut World, id: u64, method: &str, rest: &[&str], ctx: &Ctx) -> Reply {
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
            if let Some(runner) = w.runners.get_mut(&id) {
                runner.custom_labels = custom;
            }
            labels_reply(w, id, true)
        }
        ("DELETE", ["labels"]) => {
            if let Some(runner) = w.runners.get_mut(&id) {
                runner.custom_labels.clear();
            }
            labels_reply(w, id, false)
        }
        ("DELETE", ["labels", name]) => {
            let Some(runner) = w.runners.get_mut(&id) else { return Reply::not_found() };
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

pub(super) fn downloads(ctx: &Ctx) -> Value {
    let version = "2.329.0";
    let mut apps = Vec::new();
    for (os, arch, ext) in
        [("linux", "x64", "tar.gz"), ("linux", "arm64", "tar.gz"), ("linux", "arm", "tar.gz"), ("osx", "x64", "tar.gz"), ("osx", "arm64", "tar.gz"), ("win", "x64", "zip"), ("win", "arm64", "zip")]
    {
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

pub(super) fn auth_token(ctx: &mut Ctx) -> Value {
    let token = random_token(ctx, 29);
    json!({ "token": token, "expires_at": iso8601(ctx.now + 3600) })
}

pub(super) fn jit_config(w: &mut World, owner: Owner, ctx: &mut Ctx) -> Reply {
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
    let runner = Runner { id, name: name.clone(), os: "Linux".into(), arch: "X64".into(), online: false, busy: false, ephemeral: true, version: None, custom_labels: labels, owner, group };
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
    fn base64_pads() {
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b"abc"), "YWJj");
        assert_eq!(base64(b"a"), "YQ==");
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
