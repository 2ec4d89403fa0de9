//! Reading the audit log: one page and the cursors of its `Link` header (GitHub pages this log by
//! `after`/`before` cursors, with no page count), and the token scope each server asks for.
use super::error::{interpret, ApiError};
use super::http::{now, Client};
use super::models::AuditLogEvent;
use super::paginate::parse_link;
use super::request::{Call, Cursor, Scope};
use super::server::{Product, Server};

/// One page of entries, and where the next (older) and previous (newer) pages start.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditPage {
    pub events: Vec<AuditLogEvent>,
    pub next: Option<Cursor>,
    pub prev: Option<Cursor>,
}

impl Client {
    pub async fn audit_page(&self, call: Call<Vec<AuditLogEvent>>) -> Result<AuditPage, ApiError> {
        let raw = self.raw(&call.request).await?;
        let (next, prev) = raw.header("link").map(cursors).unwrap_or_default();
        let events = interpret(call.request.operation, &raw, now()).map_err(|e| e.redact(self.token().expose()))?;
        Ok(AuditPage { events, next, prev })
    }
}

/// The `next` and `prev` cursors of a `Link` header, as GitHub wrote them (an empty one is none).
pub fn cursors(link: &str) -> (Option<Cursor>, Option<Cursor>) {
    let mut next = None;
    let mut prev = None;
    for (rel, url) in parse_link(link) {
        let after = query_param(&url, "after").filter(|c| !c.is_empty());
        let before = query_param(&url, "before").filter(|c| !c.is_empty());
        match rel.as_str() {
            "next" => next = after.map(Cursor::After).or(before.map(Cursor::Before)),
            "prev" => prev = before.map(Cursor::Before).or(after.map(Cursor::After)),
            _ => {}
        }
    }
    (next, prev)
}

/// One query parameter of a URL, percent-decoded; malformed escapes are kept as they are.
fn query_param(url: &str, key: &str) -> Option<String> {
    let query = url.split_once('?')?.1.split('#').next().unwrap_or("");
    let raw = query.split('&').find_map(|pair| pair.strip_prefix(key).and_then(|rest| rest.strip_prefix('=')))?;
    Some(super::request::decode(raw))
}

/// The classic token scope this scope's audit log needs, as GitHub's descriptions say: the
/// enterprise log `admin:enterprise` on GHES, `read:audit_log` on GHEC; the organization log
/// `read:audit_log` (GHES 3.8 and later, GHEC), `admin:org` before.
pub fn audit_scope(server: Option<&Server>, scope: &Scope) -> &'static str {
    let ghes = server.and_then(|s| match &s.product {
        Product::Ghes { version } => Some(version.unwrap_or(super::server::OLDEST_MODELLED)),
        _ => None,
    });
    match (scope, ghes) {
        (Scope::Enterprise { .. }, Some(_)) => "admin:enterprise",
        (Scope::Org { .. } | Scope::Repo { .. }, Some(v)) if v < (3, 8) => "admin:org",
        _ => "read:audit_log",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_come_from_the_link_header_whole() {
        let link = "<https://api.github.com/enterprises/13827/audit-log?after=MS42NjQz%3D%3D&before=>; rel=\"next\", \
                    <https://api.github.com/enterprises/13827/audit-log?after=&before=>; rel=\"first\", \
                    <https://api.github.com/enterprises/13827/audit-log?after=&before=MS42NjQzODM5MTcy%2B%3D>; rel=\"prev\"";
        assert_eq!(cursors(link), (Some(Cursor::After("MS42NjQz==".into())), Some(Cursor::Before("MS42NjQzODM5MTcy+=".into()))));
        assert_eq!(cursors("<https://x/audit-log?after=&before=>; rel=\"first\""), (None, None));
        assert_eq!(cursors("garbage"), (None, None));
        assert_eq!(query_param("https://x/?per_page=5&after=a%zzb", "after").as_deref(), Some("a%zzb"));
        assert_eq!(query_param("https://x/?per_page=5", "page"), None, "per_page is not page");
    }

    #[test]
    fn each_server_asks_for_its_own_scope() {
        let org = Scope::Org { org: "o".into() };
        let ent = Scope::Enterprise { slug: "e".into() };
        assert_eq!(audit_scope(Some(&Server::ghes(Some("3.19.0"))), &org), "read:audit_log");
        assert_eq!(audit_scope(Some(&Server::ghes(Some("3.4.2"))), &org), "admin:org");
        assert_eq!(audit_scope(Some(&Server::ghes(None)), &org), "admin:org", "an unknown version is the oldest");
        assert_eq!(audit_scope(Some(&Server::ghes(Some("3.9.0"))), &ent), "admin:enterprise");
        assert_eq!(audit_scope(Some(&Server::dotcom()), &ent), "read:audit_log");
        assert_eq!(audit_scope(None, &org), "read:audit_log");
    }
}
