//! `GET /orgs/{org}/audit-log` and `GET /enterprises/{enterprise}/audit-log`, fed by the sandbox's own
//! runner operations ([`crate::world::audit`]).
//!
//! As the descriptions say: the token scope (`read:audit_log`; `admin:org` for the org log before
//! GHES 3.8; `admin:enterprise` for a GHES enterprise log), `phrase` ([`super::audit_phrase`]),
//! `include`, `order` (newest first by default), `per_page`, and cursor paging: `Link` carries
//! `after`/`before` cursors and no last page. Without a `created:` qualifier only the last three months
//! are searched. The org log holds the org's and its repositories' events; the enterprise log all of
//! them.
use serde_json::{json, Map, Value};

use super::audit_phrase::{Entry, Phrase};
use super::paging::{encode, per_page};
use super::{has_scope, Ctx, Reply};
use crate::profile::Profile;
use crate::world::audit::DAY;
use crate::world::{AuditEvent, Owner, World, ENTERPRISE_ID};

/// Which log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Log {
    Enterprise,
    Org(u64),
}

/// The classic scope each description asks for.
pub fn needed_scope(log: Log, profile: Profile) -> &'static str {
    match (log, profile.ghes()) {
        (Log::Org(_), Some((_, minor))) if minor < 8 => "admin:org",
        (Log::Enterprise, Some(_)) => "admin:enterprise",
        _ => "read:audit_log",
    }
}

pub(super) fn audit_log(w: &World, log: Log, ctx: &Ctx) -> Reply {
    let needed = needed_scope(log, ctx.profile);
    if !has_scope(ctx.scopes, needed) {
        return Reply::error(403, "Resource not accessible by personal access token", "").with_header("x-accepted-oauth-scopes", needed.to_string());
    }
    let phrase = Phrase::parse(ctx.query.get("phrase").map(String::as_str).unwrap_or(""));
    let since = if phrase.has_created() { 0 } else { (ctx.now * 1000).saturating_sub(90 * DAY) };
    // Runner events are web events: `include=git` finds none.
    let web = ctx.query.get("include").is_none_or(|i| i != "git");
    let mut events: Vec<&AuditEvent> = w.audit.events.iter().filter(|e| web && in_log(w, e, log) && e.at_ms >= since && phrase.matches(&entry(w, e))).collect();
    let desc = ctx.query.get("order").is_none_or(|o| o != "asc");
    events.sort_by_key(|e| (e.at_ms, e.seq));
    if desc {
        events.reverse();
    }
    let per = per_page(ctx);
    let cursor = |key: &str| ctx.query.get(key).filter(|c| !c.is_empty()).map(|c| decode_cursor(c));
    let beyond = |e: &AuditEvent, c: (u64, u64)| if desc { (e.at_ms, e.seq) < c } else { (e.at_ms, e.seq) > c };
    let (start, end) = match (cursor("after"), cursor("before")) {
        (Some(None), _) | (_, Some(None)) => return Reply::error(400, "Invalid cursor", "/rest/using-the-rest-api/using-pagination-in-the-rest-api"),
        (Some(Some(c)), _) => {
            let start = events.iter().position(|e| beyond(e, c)).unwrap_or(events.len());
            (start, start + per)
        }
        (None, Some(Some(c))) => {
            let end = events.iter().position(|e| beyond(e, c) || (e.at_ms, e.seq) == c).unwrap_or(events.len());
            (end.saturating_sub(per), end)
        }
        (None, None) => {
            // GHEC's org log documents no `page`; the others do.
            let paged = !(log != Log::Enterprise && ctx.profile.ghes().is_none());
            let page = ctx.query.get("page").and_then(|p| p.parse::<usize>().ok()).filter(|p| *p > 0 && paged).unwrap_or(1);
            let start = (page - 1).saturating_mul(per).min(events.len());
            (start, start.saturating_add(per))
        }
    };
    let end = end.min(events.len());
    let page = &events[start..end];
    let body: Vec<Value> = page.iter().map(|e| event_json(w, e)).collect();
    let mut rels = Vec::new();
    if let Some(last) = page.last().filter(|_| end < events.len()) {
        rels.push(format!("<{}>; rel=\"next\"", link(ctx, &cursor_of(last), "")));
    }
    if let Some(first) = page.first().filter(|_| start > 0) {
        rels.push(format!("<{}>; rel=\"first\"", link(ctx, "", "")));
        rels.push(format!("<{}>; rel=\"prev\"", link(ctx, "", &cursor_of(first))));
    }
    let reply = Reply::json(200, Value::Array(body)).with_header("x-accepted-oauth-scopes", needed.to_string());
    if rels.is_empty() {
        reply
    } else {
        reply.with_header("link", rels.join(", "))
    }
}

fn in_log(w: &World, e: &AuditEvent, log: Log) -> bool {
    match (log, e.owner) {
        (Log::Enterprise, _) => true,
        (Log::Org(org), Owner::Org(o)) => o == org,
        (Log::Org(org), Owner::Repo(r)) => w.repos.get(&r).is_some_and(|r| r.org_id == org),
        (Log::Org(_), Owner::Enterprise) => false,
    }
}

/// The org and `owner/name` of an entry's place.
fn place(w: &World, owner: Owner) -> (Option<(u64, &str)>, Option<String>) {
    let org = |id: u64| w.org(id).map(|o| (o.id, o.login.as_str()));
    match owner {
        Owner::Enterprise => (None, None),
        Owner::Org(id) => (org(id), None),
        Owner::Repo(id) => match w.repos.get(&id) {
            Some(r) => {
                let o = org(r.org_id);
                (o, o.map(|(_, login)| format!("{login}/{}", r.name)))
            }
            None => (None, None),
        },
    }
}

fn entry<'a>(w: &'a World, e: &'a AuditEvent) -> Entry<'a> {
    let (org, repo) = place(w, e.owner);
    Entry { action: &e.action, actor: e.actor.as_ref().map(|(_, l)| l.as_str()), org: org.map(|(_, l)| l), repo, business: &w.enterprise_slug, operation: e.operation_type(), at_ms: e.at_ms }
}

/// An entry as GitHub's audit log API shows it: the documented common fields, then the action's own.
pub fn event_json(w: &World, e: &AuditEvent) -> Value {
    let mut o = Map::new();
    o.insert("@timestamp".into(), json!(e.at_ms));
    o.insert("_document_id".into(), json!(document_id(e.seq)));
    o.insert("action".into(), json!(e.action));
    if let Some((id, login)) = &e.actor {
        o.insert("actor".into(), json!(login));
        o.insert("actor_id".into(), json!(id));
    }
    o.insert("business".into(), json!(w.enterprise_slug));
    o.insert("business_id".into(), json!(ENTERPRISE_ID));
    let (org, repo) = place(w, e.owner);
    if let Some((id, login)) = org {
        o.insert("org".into(), json!(login));
        o.insert("org_id".into(), json!(id));
    }
    if let Some(repo) = repo {
        o.insert("repo".into(), json!(repo));
    }
    o.insert("created_at".into(), json!(e.at_ms));
    o.insert("operation_type".into(), json!(e.operation_type()));
    for (k, v) in &e.fields {
        o.insert((*k).into(), v.clone());
    }
    Value::Object(o)
}

/// This request's URL with other cursors; the rest of the query is kept.
fn link(ctx: &Ctx, after: &str, before: &str) -> String {
    let mut pairs: Vec<(&String, &String)> = ctx.query.iter().filter(|(k, _)| !matches!(k.as_str(), "after" | "before" | "page")).collect();
    pairs.sort();
    let mut q: Vec<String> = pairs.into_iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
    q.push(format!("after={}", encode(after)));
    q.push(format!("before={}", encode(before)));
    format!("{}{}?{}", ctx.api, ctx.path, q.join("&"))
}

const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = (chunk[0] as u32) << 16 | (*chunk.get(1).unwrap_or(&0) as u32) << 8 | *chunk.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            out.push(if i <= chunk.len() { B64[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

fn unbase64(text: &str) -> Option<Vec<u8>> {
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in text.trim_end_matches('=').bytes() {
        bits = bits << 6 | B64.iter().position(|b| *b == c)? as u32;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
        }
    }
    Some(out)
}

/// An opaque cursor, as GitHub's are: the entry's time and sequence, base64.
fn cursor_of(e: &AuditEvent) -> String {
    base64(format!("{}|{}", e.at_ms, e.seq).as_bytes())
}

fn decode_cursor(text: &str) -> Option<(u64, u64)> {
    let raw = String::from_utf8(unbase64(text)?).ok()?;
    let (at, seq) = raw.split_once('|')?;
    Some((at.parse().ok()?, seq.parse().ok()?))
}

/// A 22-character id like GitHub's, stable per entry.
fn document_id(seq: u64) -> String {
    let mix = |mut z: u64| {
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let (a, b) = (mix(seq), mix(seq ^ 0x9e37_79b9_7f4a_7c15));
    let mut bytes = a.to_be_bytes().to_vec();
    bytes.extend(b.to_be_bytes());
    base64(&bytes).trim_end_matches('=').replace('+', "-").replace('/', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_garbage() {
        let e = AuditEvent { seq: 7, at_ms: 1_700_000_000_123, action: "org.x".into(), actor: None, owner: Owner::Enterprise, fields: vec![] };
        assert_eq!(decode_cursor(&cursor_of(&e)), Some((1_700_000_000_123, 7)));
        for bad in ["", "!!", "bm9wZQ==", "MXwy|"] {
            assert_eq!(decode_cursor(bad), None, "{bad}");
        }
        assert_eq!(document_id(1).len(), 22);
        assert_ne!(document_id(1), document_id(2));
    }

    #[test]
    fn each_description_has_its_own_scope() {
        assert_eq!(needed_scope(Log::Org(1), Profile::Ghes34), "admin:org");
        assert_eq!(needed_scope(Log::Org(1), Profile::Ghes39), "read:audit_log");
        assert_eq!(needed_scope(Log::Enterprise, Profile::Ghes319), "admin:enterprise");
        assert_eq!(needed_scope(Log::Enterprise, Profile::Dotcom), "read:audit_log");
    }
}
