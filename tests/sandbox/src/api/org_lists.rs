//! The lists of organizations, which span orgs and so leave out what SAML SSO hides from the token.
use serde_json::Value;

use super::lookups::org_simple_json;
use super::paging::{paginate, per_page, with_link};
use super::{Ctx, Reply};
use crate::world::{Org, World};

/// `GET /organizations`: every org of the instance, paged by `since` (an org id), not by page number.
pub(super) fn organizations(w: &World, ctx: &Ctx) -> Reply {
    let since: u64 = ctx.query.get("since").and_then(|s| s.parse().ok()).unwrap_or(0);
    let per_page = per_page(ctx);
    let mut orgs = visible_orgs(w, ctx);
    orgs.retain(|o| o.id > since);
    let more = orgs.len() > per_page;
    orgs.truncate(per_page);
    let body = Value::Array(orgs.iter().map(|o| org_simple_json(o, ctx)).collect());
    let mut reply = with_sso_partial_results(Reply::json(200, body), ctx);
    if more {
        let last = orgs.last().map(|o| o.id).unwrap_or(0);
        let link = format!("<{}/organizations?since={last}&per_page={per_page}>; rel=\"next\", <{}/organizations{{?since}}>; rel=\"first\"", ctx.api, ctx.api);
        reply = reply.with_header("link", link);
    }
    reply
}

/// What lets a classic token list its user's orgs: `read:org` (or an org scope that includes it) or `user`.
const LISTS_OWN_ORGS: [&str; 4] = ["read:org", "write:org", "admin:org", "user"];

/// `GET /user/orgs`: the token's user's orgs, paged by page number. The sandbox has no memberships:
/// its users reach every org by their scopes alone, so each is taken to be a member of every org.
/// A token without the scope is refused, as GitHub's description and its 403 say; it is not given
/// the public memberships instead.
pub(super) fn user_orgs(w: &World, ctx: &Ctx) -> Reply {
    if !ctx.scopes.iter().any(|s| LISTS_OWN_ORGS.contains(&s.as_str())) {
        return Reply::error(403, "You need at least read:org scope or user scope to list your organizations.", "/orgs/orgs#list-organizations-for-the-authenticated-user");
    }
    let (page, link) = paginate(&visible_orgs(w, ctx), ctx);
    let body = Value::Array(page.iter().map(|o| org_simple_json(o, ctx)).collect());
    with_sso_partial_results(with_link(Reply::json(200, body), link), ctx)
}

/// The orgs in id order, less those enforcing SAML SSO that this token is not authorized for.
fn visible_orgs<'w>(w: &'w World, ctx: &Ctx) -> Vec<&'w Org> {
    let mut orgs: Vec<&Org> = w.orgs.iter().filter(|o| !ctx.sso_hidden_orgs.contains(&o.id)).collect();
    orgs.sort_by_key(|o| o.id);
    orgs
}

/// GitHub names the orgs it left out by id, so a client can tell a short list from a complete one.
fn with_sso_partial_results(reply: Reply, ctx: &Ctx) -> Reply {
    if ctx.sso_hidden_orgs.is_empty() {
        return reply;
    }
    let ids: Vec<String> = ctx.sso_hidden_orgs.iter().map(u64::to_string).collect();
    reply.with_header("x-github-sso", format!("partial-results; organizations={}", ids.join(",")))
}
