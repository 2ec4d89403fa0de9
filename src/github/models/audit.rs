//! Audit-log entries (`audit-log-event`). GitHub's schema lists only some fields and every action adds
//! its own, so an entry is read leniently: a field of an unexpected type is taken as absent, and no
//! entry ever fails a page's decoding.
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// The fields of an entry the console uses. Times are milliseconds since the epoch, as GitHub sends them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AuditLogEvent {
    /// `@timestamp`: when it happened.
    pub timestamp: Option<i64>,
    /// `created_at`: when it was recorded.
    pub created_at: Option<i64>,
    /// `_document_id`: unique per entry.
    pub document_id: Option<String>,
    /// `org.self_hosted_runner_online`: the category, a dot, the operation.
    pub action: String,
    pub actor: Option<String>,
    pub org: Option<String>,
    pub business: Option<String>,
    /// `owner/name`, for repository events.
    pub repo: Option<String>,
    /// Online, offline and updated events carry the runner; registrations and removals do not.
    pub runner_id: Option<u64>,
    pub runner_name: Option<String>,
    pub runner_group_id: Option<u64>,
    pub runner_group_name: Option<String>,
    pub operation_type: Option<String>,
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

/// A number, or a string of one (some servers quote ids).
fn number(v: &Value, key: &str) -> Option<i64> {
    match v.get(key)? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().filter(|f| f.is_finite() && f.abs() < 9e15).map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

impl AuditLogEvent {
    pub fn from_value(v: &Value) -> AuditLogEvent {
        AuditLogEvent {
            timestamp: number(v, "@timestamp"),
            created_at: number(v, "created_at"),
            document_id: text(v, "_document_id"),
            action: text(v, "action").unwrap_or_default(),
            actor: text(v, "actor"),
            org: text(v, "org"),
            business: text(v, "business"),
            repo: text(v, "repo"),
            runner_id: number(v, "runner_id").and_then(|n| u64::try_from(n).ok()),
            runner_name: text(v, "runner_name"),
            runner_group_id: number(v, "runner_group_id").and_then(|n| u64::try_from(n).ok()),
            runner_group_name: text(v, "runner_group_name"),
            operation_type: text(v, "operation_type"),
        }
    }

    /// When it happened, in milliseconds: `@timestamp`, else `created_at`.
    pub fn at_ms(&self) -> Option<i64> {
        self.timestamp.or(self.created_at)
    }

    /// The operation after the category: `self_hosted_runner_online`.
    pub fn operation(&self) -> &str {
        self.action.split_once('.').map_or(self.action.as_str(), |(_, op)| op)
    }
}

impl<'de> Deserialize<'de> for AuditLogEvent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(AuditLogEvent::from_value(&Value::deserialize(d)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_read_leniently() {
        let page: Vec<AuditLogEvent> = serde_json::from_str(
            r#"[{"@timestamp":1635940599755,"action":"org.self_hosted_runner_online","runner_id":"42","runner_name":"r","actor":7},
                {"created_at":1635940593079.0,"action":"repo.register_self_hosted_runner","repo":"o/r","_document_id":"x"},
                "not an object", {"runner_id":-3}]"#,
        )
        .unwrap();
        assert_eq!((page[0].at_ms(), page[0].runner_id, page[0].actor.as_deref(), page[0].operation()), (Some(1635940599755), Some(42), None, "self_hosted_runner_online"));
        assert_eq!((page[1].at_ms(), page[1].repo.as_deref(), page[1].document_id.as_deref()), (Some(1635940593079), Some("o/r"), Some("x")));
        assert_eq!(page[2], AuditLogEvent::default());
        assert_eq!(page[3].runner_id, None);
    }
}
