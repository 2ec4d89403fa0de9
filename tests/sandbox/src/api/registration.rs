//! What a runner host needs to register: the runner downloads, registration and remove tokens, and JIT
//! configs (GHES 3.10 and later).
use serde_json::{json, Value};

use super::runners::{label_list, runner_json};
use super::{iso8601, Ctx, Reply};
use crate::world::{Owner, Runner, World};

pub(super) fn downloads(ctx: &Ctx) -> Value {
    let version = crate::world::RUNNER_RELEASE;
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
    w.insert_runner(runner);
    w.audit(owner, "configure_self_hosted_jit_runner", Some(ctx.user), vec![]);
    let secret = random_token(ctx, 40);
    let config = json!({ ".runner": { "agentId": id, "agentName": name, "workFolder": work_folder, "gitHubUrl": ctx.web }, ".credentials": secret });
    Reply::json(201, json!({ "runner": runner_json(w, &w.runners[&id], ctx.profile), "encoded_jit_config": base64(config.to_string().as_bytes()) }))
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
}
