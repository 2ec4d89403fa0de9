//! Test controls under `/_sandbox/`. They are not part of GitHub's API: they are not counted, not
//! logged, not limited and not delayed. Bodies are JSON objects; a body that is not JSON is 400, one
//! that is not an object or not of the right shape 422.
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::http::plain;
use crate::profile::Profile;
use crate::world::audit::runner_fields;
use crate::world::World;
use crate::{lock, parse_query, sso, Counters, Faults, LimitsPatch, Sandbox, SeedConfig, ServerState};

/// `PUT /_sandbox/server`: each field optional (absent: unchanged).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ServerPatch {
    #[serde(default)]
    profile: Option<String>,
    #[serde(default)]
    allow_api_version_header: Option<bool>,
    #[serde(default)]
    rate_limiting: Option<bool>,
}

fn server_json(s: ServerState) -> Response {
    let p = s.profile;
    plain(
        200,
        json!({ "profile": p.name(), "installed_version": p.installed_version(), "api_prefix": p.api_prefix(), "allow_api_version_header": s.allow_api_version_header, "rate_limiting": s.rate_limiting }),
    )
}

/// A control's body, or the answer that refuses it.
fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Box<Response>> {
    let refuse = |status: u16, message: String| Box::new(plain(status, json!({ "message": message })));
    let value = serde_json::from_slice::<Value>(body).map_err(|e| refuse(400, format!("bad JSON: {e}")))?;
    if !value.is_object() {
        return Err(refuse(422, "the body must be a JSON object".into()));
    }
    serde_json::from_value::<T>(value).map_err(|e| refuse(422, e.to_string()))
}

/// `POST /_sandbox/reset` with a seed: the flags' seed with the body's fields over it, for this reset.
fn reseed(sb: &Sandbox, body: &[u8]) -> Response {
    let patch = match parse::<Value>(body) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let mut seed = serde_json::to_value(sb.seed_config()).unwrap_or_default();
    if let (Some(seed), Some(patch)) = (seed.as_object_mut(), patch.as_object()) {
        for (k, v) in patch {
            seed.insert(k.clone(), v.clone());
        }
    }
    let seed = match serde_json::from_value::<SeedConfig>(seed) {
        Ok(s) => s,
        Err(e) => return plain(422, json!({ "message": e.to_string() })),
    };
    if let Err(message) = seed.validate() {
        return plain(422, json!({ "message": message }));
    }
    let world = World::seed(&seed);
    let counts = json!({ "reset": true, "seed": seed, "orgs": world.orgs.len(), "repos": world.repos.len(), "runners": world.runners.len() });
    sb.reset_to(world);
    plain(200, counts)
}

fn ok_json<T: Serialize>(value: &T) -> Response {
    match serde_json::to_value(value) {
        Ok(v) => plain(200, v),
        Err(e) => plain(500, json!({ "message": e.to_string() })),
    }
}

pub(crate) fn control(sb: &Sandbox, method: &Method, path: &str, query: &str, headers: &HeaderMap, body: &[u8]) -> Response {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match (method.as_str(), segs.as_slice()) {
        (_, ["sso", rest @ ..]) => sso::control(sb, method, rest, headers, body),
        ("GET", ["server"]) => server_json(sb.server()),
        ("PUT", ["server"]) => match parse::<ServerPatch>(body) {
            Ok(patch) => {
                let mut s = sb.server();
                if let Some(name) = patch.profile {
                    let Some(p) = Profile::parse(&name) else {
                        let known: Vec<&str> = Profile::ALL.iter().map(|p| p.name()).collect();
                        return plain(422, json!({ "message": format!("unknown profile {name:?}; one of {}", known.join(", ")) }));
                    };
                    s.profile = p;
                }
                if let Some(b) = patch.allow_api_version_header {
                    s.allow_api_version_header = b;
                }
                if let Some(b) = patch.rate_limiting {
                    s.rate_limiting = b;
                }
                if let Err(message) = s.check() {
                    return plain(422, json!({ "message": message }));
                }
                sb.set_server(s);
                server_json(s)
            }
            Err(r) => *r,
        },
        ("POST", ["reset"]) if body.iter().all(u8::is_ascii_whitespace) => {
            sb.reset();
            plain(200, json!({ "reset": true }))
        }
        ("POST", ["reset"]) => reseed(sb, body),
        ("GET", ["counters"]) => ok_json(&*lock(&sb.counters)),
        ("DELETE", ["counters"]) => {
            *lock(&sb.counters) = Counters::default();
            plain(200, json!({ "reset": true }))
        }
        ("GET", ["faults"]) => ok_json(&*lock(&sb.faults)),
        ("PUT", ["faults"]) => match parse::<Faults>(body) {
            Ok(f) => match f.validate() {
                Ok(()) => {
                    let f = f.sanitized();
                    *lock(&sb.faults) = f.clone();
                    ok_json(&f)
                }
                Err(message) => plain(422, json!({ "message": message })),
            },
            Err(r) => *r,
        },
        ("DELETE", ["faults"]) => {
            *lock(&sb.faults) = Faults::default();
            plain(200, json!({}))
        }
        ("GET", ["limits"]) => ok_json(&sb.limits.config()),
        ("PUT", ["limits"]) => match parse::<LimitsPatch>(body) {
            Ok(patch) => ok_json(&sb.limits.update(&patch)),
            Err(r) => *r,
        },
        ("GET", ["log"]) => {
            let since = parse_query(query).get("since").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0);
            ok_json(&sb.log.since(since))
        }
        ("DELETE", ["log"]) => {
            sb.log.clear();
            plain(200, json!({ "reset": true }))
        }
        ("PATCH", ["runners", id]) => {
            let v = match parse::<Value>(body) {
                Ok(v) => v,
                Err(r) => return *r,
            };
            let mut w = lock(&sb.world);
            let Some(r) = id.parse::<u64>().ok().and_then(|id| w.runners.get_mut(&id)) else {
                return plain(404, json!({ "message": "no such runner" }));
            };
            let was_online = r.online;
            if let Some(s) = v.get("status").and_then(Value::as_str) {
                r.online = s == "online";
                // A runner that connects reports its version, as GitHub's `version` field says.
                if r.online && r.version.is_none() {
                    r.version = Some(crate::world::RUNNER_RELEASE.to_string());
                }
            }
            if let Some(version) = v.get("version").and_then(Value::as_str) {
                r.version = Some(version.to_string());
            }
            if let Some(b) = v.get("busy").and_then(Value::as_bool) {
                r.busy = b;
            }
            if let Some(n) = v.get("name").and_then(Value::as_str) {
                r.name = n.to_string();
            }
            let answer = json!({ "id": r.id, "status": if r.online { "online" } else { "offline" }, "busy": r.busy, "name": r.name, "version": r.version });
            // The runner application started or stopped: GitHub files that with no user as actor.
            if r.online != was_online {
                let (owner, fields) = (r.owner, runner_fields(r.id, &r.name));
                let name = if r.online { "self_hosted_runner_online" } else { "self_hosted_runner_offline" };
                w.audit(owner, name, None, fields);
            }
            plain(200, answer)
        }
        ("GET", ["world"]) => {
            let w = lock(&sb.world);
            plain(200, json!({ "runners": w.runners.len(), "groups": w.groups.len(), "orgs": w.orgs.len(), "repos": w.repos.len() }))
        }
        _ => plain(404, json!({ "message": "unknown sandbox control" })),
    }
}
