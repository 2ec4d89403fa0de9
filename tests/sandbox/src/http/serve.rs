//! One API request, in the order GitHub meets it: authentication, the secondary limits, injected
//! faults, SAML SSO, then the operation.
use std::sync::atomic::Ordering;

use axum::body::Bytes;
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use serde_json::{json, Value};

use super::answer::{build_response, Answer};
use crate::api::{self, rate_limit, Reply};
use crate::faults::{injected_fault, primary_exhausted_reset};
use crate::profile::Profile;
use crate::world::User;
use crate::{graphql, limits, lock, now, parse_query, sso, RateState, Sandbox, CORE, GRAPHQL, RATE_LIMIT, TOKENS};

pub(super) struct ApiRequest<'a> {
    pub method: &'a Method,
    pub api_path: &'a str,
    pub query_string: &'a str,
    pub headers: &'a HeaderMap,
    pub body: &'a Bytes,
    /// The sandbox's origin as the client reached it (`http://HOST:PORT`, or `https://` over TLS).
    pub web: &'a str,
    pub token: Option<&'a str>,
    pub profile: Profile,
    /// The primary rate limit is on (always on github.com).
    pub rate_limiting: bool,
}

/// Answers one API request; `limited` is the secondary limits' verdict. Returns the response and
/// whether it is a secondary rate limit.
pub(super) fn serve_api(sb: &Sandbox, req: &ApiRequest, limited: Option<u64>) -> (Response, bool) {
    let method = req.method;
    let request_id = format!("{:04X}:{:06X}:{:08X}", 0x5b0u32, std::process::id() & 0xFFFFFF, sb.request_seq.fetch_add(1, Ordering::Relaxed));
    let web = req.web;
    let api = format!("{web}{}", req.profile.api_prefix());
    let segments: Vec<String> = req.api_path.split('/').filter(|s| !s.is_empty()).map(crate::decode).collect();
    let segs: Vec<&str> = segments.iter().map(String::as_str).collect();
    let accepted = accepted_scope(&segs);

    // Authentication: the root and /meta answer anonymously, as GitHub's do.
    let token = req.token;
    let identity = token.and_then(|t| TOKENS.iter().find(|(name, ..)| *name == t));
    let rate_key = token.unwrap_or("anonymous");
    let limit = if token.is_some() { RATE_LIMIT } else { 60 };
    let finish = |reply: Reply, scopes: Option<&[&str]>, charge: bool| -> Response {
        let answer =
            Answer { method, reply, scopes, accepted, request_id: &request_id, rate_key, limit, headers: req.headers, charge, profile: req.profile, resource: CORE, rate_limiting: req.rate_limiting };
        build_response(sb, &answer)
    };

    // A secondary limit: refused before anything is looked at, and charged nothing.
    if let Some(retry_after) = limited {
        return (finish(limits::limited_reply(&request_id, retry_after), identity.map(|(_, _, s)| *s), false), true);
    }
    let anonymous_ok = token.is_none() && matches!(segs.as_slice(), [] | ["meta"] | ["rate_limit"]) && method == Method::GET;
    let (name, login, scopes): (&str, &str, &[&str]) = match identity {
        Some((name, login, scopes)) => (name, login, scopes),
        None if anonymous_ok => ("", "", &[]),
        None => {
            let message = if token.is_none() { "Requires authentication" } else { "Bad credentials" };
            return (finish(Reply::error(401, message, ""), None, true), false);
        }
    };
    // OPTIONS with credentials is an API request (one point), answered as GitHub answers it.
    if method == Method::OPTIONS {
        return (finish(Reply::no_content(), Some(scopes), true), false);
    }

    // Asking for the rate limit costs nothing, and answers even when the limit is spent.
    let is_rate_limit = method == Method::GET && segs.as_slice() == ["rate_limit"];
    let exhausted = if is_rate_limit { primary_exhausted_reset(sb) } else { None };
    if let (true, Some(reset)) = (req.rate_limiting, exhausted) {
        let core = rate_limit::Window { limit, used: limit, reset };
        return (finish(rate_limit_reply(sb, req, rate_key, Some(core)), Some(scopes), false), false);
    }
    // Faults, in the order GitHub would meet them: rate limits first, then failures.
    if let Some((reply, secondary)) = injected_fault(sb, method, req.api_path) {
        return (finish(reply, Some(scopes), true), secondary);
    }
    if let Some(reply) = sso::check(sb, &segs, name, web) {
        return (finish(reply, Some(scopes), true), false);
    }
    if is_rate_limit {
        return (finish(rate_limit_reply(sb, req, rate_key, None), Some(scopes), false), false);
    }
    let query = parse_query(req.query_string);
    let body_json = if req.body.is_empty() {
        None
    } else {
        match serde_json::from_slice::<Value>(req.body) {
            Ok(v) => Some(v),
            Err(_) => return (finish(Reply::error(400, "Problems parsing JSON", ""), Some(scopes), true), false),
        }
    };
    let user = User { id: TOKENS.iter().position(|(_, l, _)| *l == login).unwrap_or(0) as u64 + 1, login: login.to_string(), name: login.replace('-', " ") };
    let owned_scopes: Vec<String> = scopes.iter().map(|s| s.to_string()).collect();
    let hidden_orgs = sso::hidden_orgs(sb, name);
    let reply = {
        let mut world = lock(&sb.world);
        let mut random = || sb.random();
        let mut ctx = api::Ctx {
            api: &api,
            web,
            path: req.api_path,
            query: &query,
            body: body_json.as_ref(),
            scopes: &owned_scopes,
            user: &user,
            now: now(),
            random: &mut random,
            profile: req.profile,
            sso_hidden_orgs: &hidden_orgs,
        };
        api::dispatch(&mut world, method.as_str(), &segs, &mut ctx)
    };
    (finish(reply, Some(scopes), true), false)
}

/// Answers one GraphQL request: authentication, the limits and faults as for REST (charged to the
/// `graphql` resource), then [`graphql::execute`]. SAML SSO is not applied to GraphQL.
pub(super) fn serve_graphql(sb: &Sandbox, req: &ApiRequest, limited: Option<u64>) -> (Response, bool) {
    let method = req.method;
    let request_id = format!("{:04X}:{:06X}:{:08X}", 0x5b0u32, std::process::id() & 0xFFFFFF, sb.request_seq.fetch_add(1, Ordering::Relaxed));
    let web = req.web;
    let token = req.token;
    let identity = token.and_then(|t| TOKENS.iter().find(|(name, ..)| *name == t));
    let rate_key = token.unwrap_or("anonymous");
    let finish = |reply: Reply, scopes: Option<&[&str]>, charge: bool| -> Response {
        let answer = Answer {
            method,
            reply,
            scopes,
            accepted: "",
            request_id: &request_id,
            rate_key,
            limit: RATE_LIMIT,
            headers: req.headers,
            charge,
            profile: req.profile,
            resource: GRAPHQL,
            rate_limiting: req.rate_limiting,
        };
        build_response(sb, &answer)
    };
    if let Some(retry_after) = limited {
        return (finish(limits::limited_reply(&request_id, retry_after), identity.map(|(_, _, s)| *s), false), true);
    }
    let Some((_, _, scopes)) = identity else {
        let docs = req.profile.docs_base();
        let body = if token.is_none() {
            json!({ "message": "This endpoint requires you to be authenticated.", "documentation_url": format!("{docs}graphql/guides/forming-calls-with-graphql#authenticating-with-graphql") })
        } else {
            json!({ "message": "Bad credentials", "documentation_url": format!("{docs}graphql") })
        };
        return (finish(Reply::json(401, body), None, false), false);
    };
    if method == Method::OPTIONS {
        return (finish(Reply::no_content(), Some(scopes), true), false);
    }
    if method != Method::POST {
        return (finish(Reply::not_found(), Some(scopes), true), false);
    }
    let spent = primary_exhausted_reset(sb).is_some();
    if let Some((mut reply, secondary)) = injected_fault(sb, method, req.api_path) {
        if spent {
            // GraphQL's answer to a spent limit: 200, and the error in the body.
            reply.status = 200;
            reply.body = Some(crate::api::Body::Value(json!({ "errors": [{ "type": "RATE_LIMITED", "message": "API rate limit exceeded for user ID 1." }] })));
        }
        return (finish(reply, Some(scopes), true), secondary);
    }
    let Ok(body) = serde_json::from_slice::<Value>(req.body) else {
        return (finish(Reply::json(400, json!({ "message": "Problems parsing JSON", "documentation_url": format!("{}graphql", req.profile.docs_base()) })), Some(scopes), true), false);
    };
    let answer = graphql::execute(&lock(&sb.world), &body, scopes, web);
    (finish(Reply::json(200, answer), Some(scopes), true), false)
}

/// `GET /rate_limit` for this token, charging nothing; `core` in place of what was charged (a spent limit).
fn rate_limit_reply(sb: &Sandbox, req: &ApiRequest, rate_key: &str, core: Option<rate_limit::Window>) -> Reply {
    if !req.rate_limiting {
        return rate_limit::not_enabled();
    }
    let anonymous = req.token.is_none();
    let window = |resource: &'static str, limit: u64| {
        let RateState { used, reset } = sb.rate_use(rate_key, resource, false);
        rate_limit::Window { limit, used, reset }
    };
    let core = core.unwrap_or_else(|| window(CORE, if anonymous { 60 } else { RATE_LIMIT }));
    let graphql = window(GRAPHQL, if anonymous { 0 } else { RATE_LIMIT });
    rate_limit::overview(req.profile, anonymous, core, graphql, now())
}

/// The scope GitHub names in `X-Accepted-OAuth-Scopes` for a path.
fn accepted_scope(segs: &[&str]) -> &'static str {
    match segs {
        ["enterprises", _, "actions", ..] => "manage_runners:enterprise",
        ["orgs", _, "actions", ..] => "admin:org",
        ["repos", _, _, "actions", ..] => "repo",
        // GitHub's own list: it names repo, although repo alone gets the 403 that asks for read:org or user.
        ["user", "orgs"] => "admin:org, read:org, repo, user, write:org",
        _ => "",
    }
}
