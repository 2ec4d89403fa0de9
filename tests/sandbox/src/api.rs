//! The REST operations: one request in (method, path segments, query, JSON body), one reply out.
//!
//! [`dispatch`] routes; the operations live in [`runners`], [`registration`], [`groups`] (their bodies
//! in [`group_fields`]) and [`group_access`], the look-ups in [`lookups`] and the lists of organizations
//! in [`org_lists`], the self-hosted runner policy in [`policy`], `/meta` in [`meta`], `/rate_limit`'s body in [`rate_limit`], the audit logs in
//! [`audit`] (their `phrase` in [`audit_phrase`]);
//! [`reply`] holds the response shapes and error bodies, [`paging`] pagination. What the server
//! profile lacks is left out here, as that server would leave it out.
pub mod audit;
pub mod audit_phrase;
pub mod group_access;
pub mod group_fields;
pub mod groups;
pub mod lookups;
pub mod meta;
pub mod org_lists;
pub mod paging;
pub mod policy;
pub mod rate_limit;
pub mod registration;
pub mod reply;
pub mod runners;

use std::collections::HashMap;

use serde_json::Value;

use crate::profile::Profile;
use crate::world::{Owner, User, World};

pub use group_fields::validate_workflow;
pub use paging::{encode, per_page};
pub use registration::validate_runner_name;
pub use reply::{Body, Reply};
pub use runners::{runner_json, validate_label_names};

/// Everything about the request an operation may need besides the world.
pub struct Ctx<'a> {
    /// `http://HOST:PORT/api/v3` (GHES) or `http://HOST:PORT` (github.com); `https://` over TLS
    pub api: &'a str,
    /// `http://HOST:PORT` (`https://` over TLS): the scheme and host the request came in on
    pub web: &'a str,
    /// The request path below the API prefix, for building Link headers.
    pub path: &'a str,
    pub query: &'a HashMap<String, String>,
    pub body: Option<&'a Value>,
    pub scopes: &'a [String],
    pub user: &'a User,
    pub now: u64,
    /// A fresh random value for tokens.
    pub random: &'a mut dyn FnMut() -> u64,
    /// The server answering.
    pub profile: Profile,
    /// Orgs whose data this token may not see for SAML SSO: lists spanning orgs leave them out.
    pub sso_hidden_orgs: &'a [u64],
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
        ("GET", []) => lookups::root(ctx),
        ("GET", ["meta"]) => Reply::json(200, meta::meta(ctx)),
        ("GET", ["user"]) => Reply::json(200, lookups::user_json(ctx.user, ctx)),
        ("GET", ["user", "orgs"]) => org_lists::user_orgs(w, ctx),
        ("GET", ["organizations"]) => org_lists::organizations(w, ctx),
        ("GET", ["orgs", org]) => match w.org_by_login(org) {
            Some(o) => Reply::json(200, lookups::org_full_json(w, o, ctx)),
            None => Reply::not_found(),
        },
        ("GET", ["orgs", org, "repos"]) => match w.org_by_login(org) {
            Some(o) => lookups::org_repos(w, o.id, ctx),
            None => Reply::not_found(),
        },
        ("GET", ["orgs", org, "audit-log"]) => match w.org_by_login(org) {
            Some(o) => audit::audit_log(w, audit::Log::Org(o.id), ctx),
            None => Reply::not_found(),
        },
        ("GET", ["enterprises", slug, "audit-log"]) if slug.eq_ignore_ascii_case(&w.enterprise_slug) => audit::audit_log(w, audit::Log::Enterprise, ctx),
        ("GET", ["repos", owner, repo]) => match w.repo_by_name(owner, repo) {
            Some(r) => Reply::json(200, lookups::full_repo_json(w, r, ctx)),
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
        return Reply::error(403, "Resource not accessible by personal access token", "").with_header("x-accepted-oauth-scopes", needed.to_string());
    }
    match (method, rest) {
        ("GET", ["runners"]) => runners::list_runners(w, owner, ctx),
        ("GET", ["runners", "downloads"]) => Reply::json(200, registration::downloads(ctx)),
        ("POST", ["runners", "registration-token"]) => Reply::json(201, registration::auth_token(ctx)),
        ("POST", ["runners", "remove-token"]) => Reply::json(201, registration::auth_token(ctx)),
        ("POST", ["runners", "generate-jitconfig"]) if ctx.profile.has_jit_config() => registration::jit_config(w, owner, ctx),
        ("POST", ["runners", "generate-jitconfig"]) => Reply::not_found(),
        (_, ["runners", id, rest @ ..]) => {
            let Some(id) = parse_id(id) else { return Reply::not_found() };
            if w.runners.get(&id).is_none_or(|r| r.owner != owner) {
                return Reply::not_found();
            }
            runners::runner_op(w, id, method, rest, ctx)
        }
        (_, ["runner-groups", rest @ ..]) if !matches!(owner, Owner::Repo(_)) => groups::group_op(w, owner, method, rest, ctx),
        (_, ["permissions", "self-hosted-runners", rest @ ..]) if ctx.profile.has_self_hosted_runner_policy() => policy::op(w, owner, method, rest, ctx),
        _ => Reply::not_found(),
    }
}

/// A path id: digits, above 0.
fn parse_id(s: &str) -> Option<u64> {
    s.parse::<u64>().ok().filter(|id| *id > 0)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso8601_matches_known_dates() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_700_000_000), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn workflows_need_a_ref() {
        assert!(validate_workflow("octo-org/octo-repo/.github/workflows/deploy.yaml@main"));
        assert!(validate_workflow("o/r/.github/workflows/ci.yml@refs/heads/main"));
        assert!(!validate_workflow("o/r/.github/workflows/ci.yml"));
        assert!(!validate_workflow("o/r/.github/workflows/ci.yml@"));
        assert!(!validate_workflow("ci.yml@main"));
    }
}
