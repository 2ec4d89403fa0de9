//! `GET /meta`: the server's overview, as each profile's `api-overview` schema documents it. Every
//! GHES gives its `installed_version` here (the one place a browser can read it: the
//! `X-GitHub-Enterprise-Version` header is not exposed to scripts); github.com has no version.
use serde_json::{json, Map, Value};

use super::Ctx;

pub(super) fn meta(ctx: &Ctx) -> Value {
    let host = ctx.web.split_once("://").map_or(ctx.web, |(_, h)| h);
    let hostname = host.rsplit_once(':').map_or(host, |(h, _)| h);
    let addresses = json!(["127.0.0.1/32"]);
    let mut o = Map::new();
    o.insert("verifiable_password_authentication".into(), json!(true));
    let Some((_, minor)) = ctx.profile.ghes() else {
        // github.com: where its services live; no version.
        for key in ["hooks", "web", "api", "git", "packages", "pages", "importer", "actions", "dependabot"] {
            o.insert(key.into(), addresses.clone());
        }
        // Made-up keys: the sandbox has no SSH.
        o.insert("ssh_key_fingerprints".into(), json!({ "SHA256_ED25519": "sandbox-has-no-ssh-host-key" }));
        o.insert("ssh_keys".into(), json!(["ssh-ed25519 sandbox-has-no-ssh-host-key"]));
        o.insert("domains".into(), json!({ "website": [hostname], "packages": [hostname], "actions": [hostname] }));
        return Value::Object(o);
    };
    o.insert("packages".into(), addresses.clone());
    // `dependabot` is documented up to 3.12 and gone by 3.17; `domains` arrives in 3.8.
    if minor <= 12 {
        o.insert("dependabot".into(), addresses);
    }
    if minor >= 8 {
        o.insert("domains".into(), json!({ "website": [hostname], "packages": [hostname], "actions": [hostname] }));
    }
    o.insert("installed_version".into(), json!(ctx.profile.installed_version()));
    Value::Object(o)
}
