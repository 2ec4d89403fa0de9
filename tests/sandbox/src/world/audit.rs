//! The audit log the sandbox keeps of its own runner operations (registration by JIT config, removal,
//! online and offline, group changes), and the history the seed starts with.
//!
//! Entries carry what GitHub's "Audit log events" reference documents for each action and nothing more:
//! registrations and removals do not name the runner there, so they do not here either; online, offline
//! and updated events carry `runner_id` and `runner_name`; group events `runner_group_id` (and the name
//! where documented). See `/tmp/notes/audit-spec.md` of the helper that built it, and the README.
use serde_json::{json, Value};

use super::{Owner, User, World};

/// Seeded history is given to the first runners only, so a huge fleet seed stays cheap.
pub const HISTORY_RUNNERS: u64 = 300;
const MINUTE: u64 = 60_000;
const HOUR: u64 = 60 * MINUTE;
pub const DAY: u64 = 24 * HOUR;

/// One entry. `action` is the whole name, category first (`org.self_hosted_runner_online`).
#[derive(Clone, Debug, PartialEq)]
pub struct AuditEvent {
    /// Increases with every entry: a tie-breaker for entries of the same millisecond.
    pub seq: u64,
    pub at_ms: u64,
    pub action: String,
    /// The user who acted; none for what the runner application did itself (online, offline).
    pub actor: Option<(u64, String)>,
    /// Where it happened: the enterprise, an org, or a repository (which is in an org's log).
    pub owner: Owner,
    /// The action's own documented fields.
    pub fields: Vec<(&'static str, Value)>,
}

impl AuditEvent {
    /// GitHub's `operation_type` for an action: `create`, `remove` or `modify`.
    pub fn operation_type(&self) -> &'static str {
        let name = self.action.rsplit('.').next().unwrap_or("");
        match name {
            "register_self_hosted_runner" | "configure_self_hosted_jit_runner" | "runner_group_created" => "create",
            "remove_self_hosted_runner" | "runner_group_removed" => "remove",
            _ => "modify",
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct AuditLog {
    pub events: Vec<AuditEvent>,
    next_seq: u64,
}

/// The category an owner's runner events are filed under.
pub fn category(owner: Owner) -> &'static str {
    match owner {
        Owner::Enterprise => "enterprise",
        Owner::Org(_) => "org",
        Owner::Repo(_) => "repo",
    }
}

pub fn runner_fields(id: u64, name: &str) -> Vec<(&'static str, Value)> {
    vec![("runner_id", json!(id)), ("runner_name", json!(name))]
}

impl World {
    /// Files `name` (`register_self_hosted_runner`, ...) under the owner's category, at `at_ms`.
    pub fn audit_at(&mut self, at_ms: u64, owner: Owner, name: &str, actor: Option<&User>, fields: Vec<(&'static str, Value)>) {
        let log = &mut self.audit;
        log.next_seq += 1;
        let action = format!("{}.{name}", category(owner));
        log.events.push(AuditEvent { seq: log.next_seq, at_ms, action, actor: actor.map(|u| (u.id, u.login.clone())), owner, fields });
    }

    /// As [`World::audit_at`], now.
    pub fn audit(&mut self, owner: Owner, name: &str, actor: Option<&User>, fields: Vec<(&'static str, Value)>) {
        self.audit_at(crate::now_ms(), owner, name, actor, fields);
    }

    /// A group event: its id, and its name where GitHub documents it (created, updated).
    pub fn audit_group(&mut self, owner: Owner, name: &str, actor: &User, group: u64, more: Vec<(&'static str, Value)>) {
        let mut fields = vec![("runner_group_id", json!(group))];
        if matches!(name, "runner_group_created" | "runner_group_updated") {
            fields.push(("runner_group_name", json!(self.groups.get(&group).map(|g| g.name.clone()).unwrap_or_default())));
        }
        fields.extend(more);
        self.audit(owner, name, Some(actor), fields);
    }

    /// The seed's history, relative to `now_ms`: groups created about two months ago; each of the first
    /// [`HISTORY_RUNNERS`] runners registered two hours after the one before (by an admin of its scope)
    /// and online five minutes later; the offline ones went offline 1 to 21 days ago; some of the
    /// online ones were offline for two hours a few days ago.
    pub(super) fn seed_history(&mut self, now_ms: u64) {
        let start = now_ms - 62 * DAY;
        let groups: Vec<(u64, Owner)> = self.groups.values().filter(|g| !g.default).map(|g| (g.id, g.owner)).collect();
        let admin = user(1, "octo-admin");
        for (i, (id, owner)) in groups.into_iter().enumerate() {
            let name = self.groups[&id].name.clone();
            let fields = vec![("runner_group_id", json!(id)), ("runner_group_name", json!(name))];
            self.audit_at(start + i as u64 * HOUR, owner, "runner_group_created", Some(&admin), fields);
        }
        let runners: Vec<(u64, String, Owner, bool, bool)> = self.runners.values().filter(|r| r.id <= HISTORY_RUNNERS).map(|r| (r.id, r.name.clone(), r.owner, r.online, r.ephemeral)).collect();
        for (id, name, owner, online, ephemeral) in runners {
            let registered = now_ms - 60 * DAY + id * 2 * HOUR;
            let by = match owner {
                Owner::Enterprise => user(1, "octo-admin"),
                Owner::Org(_) if id % 2 == 0 => user(2, "org-admin"),
                Owner::Org(_) => user(1, "octo-admin"),
                Owner::Repo(_) => user(3, "repo-admin"),
            };
            let how = if ephemeral { "configure_self_hosted_jit_runner" } else { "register_self_hosted_runner" };
            self.audit_at(registered, owner, how, Some(&by), vec![]);
            self.audit_at(registered + 5 * MINUTE, owner, "self_hosted_runner_online", None, runner_fields(id, &name));
            if !online {
                let days = 1 + (id * 7) % 21;
                self.audit_at(now_ms - days * DAY, owner, "self_hosted_runner_offline", None, runner_fields(id, &name));
            } else if id % 3 == 0 {
                let at = now_ms - (2 + id % 9) * DAY;
                self.audit_at(at, owner, "self_hosted_runner_offline", None, runner_fields(id, &name));
                self.audit_at(at + 2 * HOUR, owner, "self_hosted_runner_online", None, runner_fields(id, &name));
            }
        }
    }
}

fn user(id: u64, login: &str) -> User {
    User { id, login: login.into(), name: login.replace('-', " ") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::SeedConfig;

    #[test]
    fn the_seed_has_history_for_every_runner_and_offline_ones_went_offline_days_ago() {
        let w = World::seed(&SeedConfig::default());
        let now = crate::now_ms();
        for r in w.runners.values() {
            let mine = |suffix: &str| w.audit.events.iter().filter(|e| e.action.ends_with(suffix) && e.fields.contains(&("runner_id", json!(r.id)))).count();
            assert!(mine("self_hosted_runner_online") >= 1, "{} came online once", r.name);
            let last = w.audit.events.iter().filter(|e| e.fields.contains(&("runner_id", json!(r.id)))).max_by_key(|e| e.at_ms).unwrap();
            assert_eq!(last.action.ends_with("offline"), !r.online, "{}: the last status event matches its status", r.name);
            if !r.online {
                assert!(now - last.at_ms >= DAY / 2, "{} has been offline for days", r.name);
            }
        }
        let registrations = w.audit.events.iter().filter(|e| e.operation_type() == "create" && e.actor.is_some() && e.fields.is_empty()).count();
        assert_eq!(registrations, w.runners.len(), "one registration each, naming no runner");
        assert!(w.audit.events.iter().any(|e| e.action == "repo.register_self_hosted_runner" && e.actor.as_ref().is_some_and(|a| a.1 == "repo-admin")));
        assert!(w.audit.events.iter().any(|e| e.action == "org.runner_group_created"));
    }
}
