use serde_json::json;

use super::rows::{row, to_csv, to_json};
use super::*;

fn event(v: serde_json::Value) -> AuditLogEvent {
    AuditLogEvent::from_value(&v)
}

fn runner(id: u64, group: Option<u64>) -> Runner {
    serde_json::from_value(json!({ "id": id, "runner_group_id": group, "name": "r", "os": "Linux", "status": "offline", "busy": false, "labels": [] })).unwrap()
}

const DAY: i64 = 86_400_000;

fn log() -> Vec<AuditLogEvent> {
    vec![
        event(json!({ "@timestamp": 10 * DAY, "action": "org.register_self_hosted_runner", "actor": "early" })),
        event(json!({ "@timestamp": 20 * DAY, "action": "org.register_self_hosted_runner", "actor": "alice" })),
        event(json!({ "@timestamp": 20 * DAY + 5, "action": "repo.register_self_hosted_runner", "actor": "in-a-repo", "repo": "o/r" })),
        event(json!({ "@timestamp": 20 * DAY + 60_000, "action": "org.self_hosted_runner_online", "runner_id": 7, "runner_name": "r" })),
        event(json!({ "@timestamp": 21 * DAY, "action": "org.register_self_hosted_runner", "actor": "later" })),
        event(json!({ "@timestamp": 25 * DAY, "action": "org.self_hosted_runner_offline", "runner_id": 7 })),
        event(json!({ "@timestamp": 26 * DAY, "action": "org.self_hosted_runner_online", "runner_id": 7 })),
        event(json!({ "@timestamp": 30 * DAY, "action": "org.self_hosted_runner_offline", "runner_id": 7 })),
        event(json!({ "@timestamp": 31 * DAY, "action": "org.self_hosted_runner_offline", "runner_id": 8 })),
        event(json!({ "@timestamp": 22 * DAY, "action": "org.runner_group_runners_added", "runner_group_id": 3, "actor": "bob" })),
        event(json!({ "@timestamp": 23 * DAY, "action": "org.runner_group_runner_removed", "runner_group_id": 4, "runner_id": 7 })),
        event(json!({ "@timestamp": 24 * DAY, "action": "org.runner_group_runners_added", "runner_group_id": 9 })),
    ]
}

#[test]
fn a_registration_is_matched_by_time_before_the_first_online_and_offline_since_is_the_last_offline() {
    let org = Scope::Org { org: "o".into() };
    let h = history(&log(), &runner(7, Some(3)), &org, false);
    let reg = h.registration.unwrap();
    assert_eq!((reg.actor.as_deref(), reg.at_ms, reg.exact, reg.jit), (Some("alice"), 20 * DAY, false, false), "the last org registration before it first came online; not the repo's");
    assert_eq!((h.offline_since, h.last_online), (Some(30 * DAY), Some(26 * DAY)));
    assert_eq!(h.status_events.len(), 4);
    assert_eq!(h.group_events.iter().map(|e| e.runner_group_id).collect::<Vec<_>>(), [Some(4), Some(3)], "its removal, and its group's members, newest first");

    let never_online = history(&log(), &runner(99, None), &org, true);
    assert_eq!((never_online.registration, never_online.offline_since), (None, None), "no online event: nothing to match a registration by");
    let mut exact = log();
    exact.push(event(json!({ "@timestamp": 5 * DAY, "action": "org.configure_self_hosted_jit_runner", "actor": "jit", "runner_id": 7 })));
    let reg = history(&exact, &runner(7, None), &org, false).registration.unwrap();
    assert_eq!((reg.actor.as_deref(), reg.exact, reg.jit), (Some("jit"), true, true), "an entry naming the runner wins");

    let repo = Scope::Repo { owner: "o".into(), repo: "r".into() };
    assert_eq!(history(&log(), &runner(7, None), &repo, false).registration.and_then(|r| r.actor), Some("in-a-repo".into()));

    // Only the runner's later life was read: an offline comes first, so nothing is matched.
    let later: Vec<AuditLogEvent> = log().into_iter().filter(|e| e.at_ms() >= Some(21 * DAY)).collect();
    assert_eq!(history(&later, &runner(7, None), &org, false).registration, None);
    // Registered long before it first came online: matched only when the whole log was read.
    let slow: Vec<AuditLogEvent> = log().into_iter().filter(|e| e.actor.as_deref() != Some("alice")).collect();
    assert_eq!(history(&slow, &runner(7, None), &org, false).registration, None);
    assert_eq!(history(&slow, &runner(7, None), &org, true).registration.and_then(|r| r.actor), Some("early".into()));
}

#[test]
fn offline_runners_get_their_last_offline_or_a_lower_bound() {
    let since = offline_since(&log(), &[7, 8, 5], 2 * DAY);
    assert_eq!(since[&7], OfflineSince::At(30 * DAY));
    assert_eq!(since[&8], OfflineSince::At(31 * DAY));
    assert_eq!(since[&5], OfflineSince::Before(2 * DAY));
    assert!(since[&5].instant() < since[&7].instant() && since[&7].instant() < since[&8].instant(), "longest offline first");
    assert_eq!(since[&7].text(42 * DAY + 1), "12 days");
    assert_eq!(since[&5].text(42 * DAY), "over 40 days");
    assert_eq!([0, 59_999, 60_000, 3_600_000, 2 * DAY - 1, 2 * DAY].map(duration_text), ["under a minute", "under a minute", "1 min", "1 h", "47 h", "2 days"]);
    assert_eq!(utc_text(1_700_000_000_000), "2023-11-14 22:13 UTC");
    assert_eq!(utc_text(0), "1970-01-01 00:00 UTC");
}

#[test]
fn rows_name_what_the_entry_names_and_exports_defuse_formulas() {
    let e = event(json!({ "@timestamp": 1_700_000_000_000i64, "_document_id": "d1", "action": "org.self_hosted_runner_offline", "runner_id": 7, "runner_name": "=cmd()", "org": "acme" }));
    let r = row(&e);
    assert_eq!((r.key.as_str(), r.event.as_str(), r.target.as_str(), r.place.as_str(), r.actor.as_str()), ("d1", "Went offline", "runner =cmd() (#7)", "acme", "—"));
    let reg = row(&event(json!({ "action": "repo.register_self_hosted_runner", "repo": "acme/api", "actor": "a" })));
    assert_eq!((reg.target.as_str(), reg.place.as_str()), ("not named in the entry", "acme/api"));
    let csv = to_csv(std::slice::from_ref(&e));
    assert!(csv.starts_with("time_utc,event,action,actor,runner_id,runner_name,runner_group,where\r\n"), "{csv}");
    assert!(csv.contains(",7,'=cmd(),,acme"), "{csv}");
    let json: serde_json::Value = serde_json::from_str(&to_json(&[e])).unwrap();
    assert_eq!((json[0]["entry"]["runner_name"].as_str(), json[0]["event"].as_str()), (Some("=cmd()"), Some("Went offline")));
}
