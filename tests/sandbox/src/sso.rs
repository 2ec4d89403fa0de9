//! SAML single sign-on as GitHub Enterprise Cloud enforces it per organization: a token not authorized
//! for an enforcing org gets 403 with `X-GitHub-SSO: required; url=...` on everything under the org,
//! and lists spanning orgs leave the org out with `X-GitHub-SSO: partial-results; organizations=...`.
//!
//! Authorizing is per token, as on GitHub: by following the header's URL (the sandbox serves it on its
//! own host), or with `POST /_sandbox/sso/NAME/authorize`.
use std::collections::{BTreeMap, BTreeSet};

use axum::body::Body;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::api::Reply;
use crate::http::{plain, respond};
use crate::{lock, parse_query, Sandbox, TOKENS};

pub const MESSAGE: &str = "Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.";
pub const DOCUMENTATION_URL: &str = "https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/";

/// One org that enforces SAML SSO.
#[derive(Clone, Debug)]
pub(crate) struct SsoOrg {
    pub id: u64,
    pub login: String,
    authorized: BTreeSet<String>,
    /// Every token is authorized (`POST .../authorize` without naming one).
    all_tokens: bool,
    /// The `authorization_request` id handed out to each token, so following the URL authorizes it.
    requests: BTreeMap<String, String>,
}

impl SsoOrg {
    pub fn new(id: u64, login: &str) -> SsoOrg {
        SsoOrg { id, login: login.to_string(), authorized: BTreeSet::new(), all_tokens: false, requests: BTreeMap::new() }
    }

    fn allows(&self, token: &str) -> bool {
        self.all_tokens || self.authorized.contains(token)
    }

    fn json(&self) -> Value {
        json!({ "org": self.login, "id": self.id, "all_tokens": self.all_tokens, "authorized_tokens": self.authorized })
    }
}

/// The enforcing orgs, keyed by lowercase login.
pub(crate) type SsoOrgs = BTreeMap<String, SsoOrg>;

/// The org a path is under: `/orgs/NAME...` or `/repos/NAME/...`.
fn org_of<'a>(segs: &[&'a str]) -> Option<&'a str> {
    match segs {
        ["orgs", org, ..] | ["repos", org, _, ..] => Some(org),
        _ => None,
    }
}

/// The 403 for a token not authorized for the org this path is under, if it is one that enforces SSO.
pub(crate) fn check(sb: &Sandbox, segs: &[&str], token: &str, web: &str) -> Option<Reply> {
    let org = org_of(segs)?.to_lowercase();
    let mut orgs = lock(&sb.sso);
    let entry = orgs.get_mut(&org).filter(|o| !o.allows(token))?;
    let id = match entry.requests.get(token) {
        Some(id) => id.clone(),
        None => {
            let id = format!("{:016x}{:08x}", sb.random(), sb.random() as u32);
            entry.requests.insert(token.to_string(), id.clone());
            id
        }
    };
    let url = format!("{web}/orgs/{}/sso?authorization_request={id}", entry.login);
    let body = json!({ "message": MESSAGE, "documentation_url": DOCUMENTATION_URL, "status": "403" });
    Some(Reply::json(403, body).with_header("x-github-sso", format!("required; url={url}")))
}

/// The ids of the orgs whose data this token may not see, for lists that span orgs.
pub(crate) fn hidden_orgs(sb: &Sandbox, token: &str) -> Vec<u64> {
    let mut ids: Vec<u64> = lock(&sb.sso).values().filter(|o| !o.allows(token)).map(|o| o.id).collect();
    ids.sort_unstable();
    ids
}

/// `GET /orgs/NAME/sso?authorization_request=ID`: the page the header links to. Opening it stands for
/// signing in at the identity provider and authorizing the token it was issued for.
pub(crate) fn page(sb: &Sandbox, org: &str, query: &str) -> Response {
    let wanted = parse_query(query).remove("authorization_request").unwrap_or_default();
    let mut orgs = lock(&sb.sso);
    let found = orgs.get_mut(&org.to_lowercase()).and_then(|o| {
        let token = o.requests.iter().find(|(_, id)| **id == wanted).map(|(t, _)| t.clone())?;
        o.authorized.insert(token.clone());
        Some((o.login.clone(), token))
    });
    let (status, text) = match found {
        Some((login, token)) => (200, format!("Single sign-on to {}: the token {} is now authorized for this organization.", escape(&login), escape(&token))),
        None => (404, "No such authorization request: it was never issued, or the sandbox was reset since.".to_string()),
    };
    let html = format!("<!doctype html><meta charset=utf-8><title>SAML single sign-on</title><p data-testid=sso-result>{text}</p>\n");
    respond(
        Response::builder().status(StatusCode::from_u16(status).unwrap_or(StatusCode::NOT_FOUND)).header("content-type", "text/html; charset=utf-8").header("cache-control", "no-store"),
        Body::from(html),
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct TokenBody {
    #[serde(default)]
    token: Option<String>,
}

/// The `/_sandbox/sso` controls; `rest` is what follows `/_sandbox/sso`.
pub(crate) fn control(sb: &Sandbox, method: &Method, rest: &[&str], headers: &HeaderMap, body: &[u8]) -> Response {
    let list = |orgs: &SsoOrgs| plain(200, json!({ "orgs": orgs.values().map(SsoOrg::json).collect::<Vec<_>>() }));
    match (method.as_str(), rest) {
        ("GET", []) => list(&lock(&sb.sso)),
        ("PUT", [name]) => {
            let Some((id, login)) = lock(&sb.world).org_by_login(name).map(|o| (o.id, o.login.clone())) else {
                return plain(404, json!({ "message": format!("no organization {name}") }));
            };
            let mut orgs = lock(&sb.sso);
            let entry = orgs.entry(login.to_lowercase()).or_insert_with(|| SsoOrg::new(id, &login));
            plain(200, entry.json())
        }
        ("DELETE", [name]) => {
            let removed = lock(&sb.sso).remove(&name.to_lowercase()).is_some();
            plain(200, json!({ "org": name, "enforced": false, "was_enforced": removed }))
        }
        ("POST" | "DELETE", [name, "authorize"]) => {
            let named = if body.iter().all(u8::is_ascii_whitespace) {
                Ok(TokenBody::default())
            } else {
                serde_json::from_slice::<TokenBody>(body).map_err(|e| plain(422, json!({ "message": format!("the body is {{\"token\": \"...\"}} or nothing: {e}") })))
            };
            let token = match named {
                Ok(b) => b.token.or_else(|| crate::http::bearer(headers)),
                Err(r) => return r,
            };
            if let Some(t) = &token {
                if !TOKENS.iter().any(|(name, ..)| name == t) {
                    return plain(422, json!({ "message": format!("{t} is not one of the sandbox's tokens") }));
                }
            }
            let mut orgs = lock(&sb.sso);
            let Some(entry) = orgs.get_mut(&name.to_lowercase()) else {
                return plain(404, json!({ "message": format!("{name} does not enforce SAML SSO (PUT /_sandbox/sso/{name} first)") }));
            };
            match (method.as_str(), token) {
                ("POST", Some(t)) => drop(entry.authorized.insert(t)),
                ("POST", None) => entry.all_tokens = true,
                (_, Some(t)) => drop(entry.authorized.remove(&t)),
                (_, None) => {
                    entry.all_tokens = false;
                    entry.authorized.clear();
                }
            }
            plain(200, entry.json())
        }
        _ => plain(404, json!({ "message": "unknown sandbox control" })),
    }
}
