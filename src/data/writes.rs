//! Every write the console makes, as data: what it is, whether it is safe to repeat, what it does to
//! the runners on screen, and how it is sent. Pages describe writes; only this file picks endpoints.
use serde::Serialize;

use super::policy::PolicyWrite;
use super::queue::Outcome;
use super::{lifecycle, Kind};
use crate::github::error::RateLimitKind;
use crate::github::http::Traced;
use crate::github::models::{AuthenticationToken, GroupSettings, GroupUpdate, JitConfig, JitConfigRequest, Runner, RunnerGroup, RunnerLabel};
use crate::github::request as ops;
use crate::github::{ApiError, Client, Feature, Scope};

#[derive(Clone, Debug, PartialEq)]
pub enum Write {
    DeleteRunner {
        runner: u64,
    },
    AddLabels {
        runner: u64,
        labels: Vec<String>,
    },
    RemoveLabel {
        runner: u64,
        label: String,
    },
    SetLabels {
        runner: u64,
        labels: Vec<String>,
    },
    RemoveAllLabels {
        runner: u64,
    },
    /// Moves a runner into a group (out of the one it was in).
    AddToGroup {
        group: u64,
        runner: u64,
    },
    /// Puts a runner back in the Default group.
    RemoveFromGroup {
        group: u64,
        runner: u64,
    },
    AddAccess {
        group: u64,
        target: u64,
    },
    RemoveAccess {
        group: u64,
        target: u64,
    },
    /// Replaces a group's access list or its runners.
    SetMembers {
        group: u64,
        kind: Kind,
        ids: Vec<u64>,
    },
    CreateGroup(GroupSettings),
    UpdateGroup {
        group: u64,
        update: GroupUpdate,
    },
    DeleteGroup {
        group: u64,
    },
    RegistrationToken,
    RemoveToken,
    Jit(JitConfigRequest),
    /// Records `back_to` in a label, then moves the runner into the scope's cordon group.
    Cordon {
        runner: u64,
        back_to: u64,
        cordon_group: u64,
    },
    /// Moves the runner back to `back_to` (`None`: the Default group, out of `cordon_group`), then
    /// removes the cordon label, if it has one.
    Uncordon {
        runner: u64,
        back_to: Option<u64>,
        cordon_group: u64,
        label: Option<String>,
    },
    /// Deletes the runner if it is idle; answers `Answer::Busy` while it runs a job.
    DeleteWhenIdle {
        runner: u64,
    },
    /// The self-hosted runner policy of an organization or the enterprise.
    Policy(PolicyWrite),
}

/// One write at one scope, with the name of what it touches as a person would say it.
#[derive(Clone, Debug, PartialEq)]
pub struct WriteOp {
    pub scope: Scope,
    pub write: Write,
    pub target: String,
}

/// What a write answered, when it answers something a page needs.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    Nothing,
    Labels(Vec<RunnerLabel>),
    Group(RunnerGroup),
    Token(AuthenticationToken),
    Jit(JitConfig),
    /// A drained runner is running a job: nothing was deleted, look again later.
    Busy,
    /// A drained runner was gone already (deleted elsewhere, or an ephemeral runner that finished).
    Gone,
}

/// What a successful write did to the runners of a scope, so lists can show it before any refetch.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Effect {
    Deleted {
        runner: u64,
    },
    Labels {
        runner: u64,
        labels: Vec<RunnerLabel>,
    },
    /// `group: None` is the Default group.
    Moved {
        runner: u64,
        group: Option<u64>,
    },
}

impl WriteOp {
    pub fn new(scope: &Scope, write: Write, target: impl Into<String>) -> WriteOp {
        WriteOp { scope: scope.clone(), write, target: target.into() }
    }

    /// The action, as the activity log names it.
    pub fn action(&self) -> String {
        match &self.write {
            Write::DeleteRunner { .. } => "Delete runner".into(),
            Write::AddLabels { labels, .. } => format!("Add label {}", labels.join(", ")),
            Write::RemoveLabel { label, .. } => format!("Remove label {label}"),
            Write::SetLabels { labels, .. } => format!("Set labels to {}", if labels.is_empty() { "none".to_string() } else { labels.join(", ") }),
            Write::RemoveAllLabels { .. } => "Remove every custom label".into(),
            Write::AddToGroup { group, .. } => format!("Move runner to group {group}"),
            Write::RemoveFromGroup { group, .. } => format!("Take runner out of group {group}"),
            Write::AddAccess { group, .. } => format!("Give access to group {group}"),
            Write::RemoveAccess { group, .. } => format!("Take away access to group {group}"),
            Write::SetMembers { group, kind: Kind::Access, ids } => format!("Replace the access list of group {group} ({} entries)", ids.len()),
            Write::SetMembers { group, kind: Kind::Runners, ids } => format!("Replace the runners of group {group} ({} runners)", ids.len()),
            Write::CreateGroup(_) => "Create runner group".into(),
            Write::UpdateGroup { .. } => "Change runner group settings".into(),
            Write::DeleteGroup { .. } => "Delete runner group".into(),
            Write::RegistrationToken => "Create a registration token".into(),
            Write::RemoveToken => "Create a remove token".into(),
            Write::Jit(_) => "Generate a JIT runner config".into(),
            Write::Cordon { back_to, .. } => format!("Cordon runner (recorded: back to group {back_to})"),
            Write::Uncordon { back_to: Some(g), .. } => format!("Uncordon runner (back to group {g})"),
            Write::Uncordon { back_to: None, .. } => "Uncordon runner (back to the Default group)".into(),
            Write::DeleteWhenIdle { .. } => "Delete runner once idle (drain)".into(),
            Write::Policy(p) => p.action(),
        }
    }

    /// What is happening while it is in flight, as a job's item list says it.
    pub fn doing(&self) -> &'static str {
        match self.write {
            Write::DeleteWhenIdle { .. } => "looking; deleting it if idle",
            Write::Cordon { .. } => "cordoning",
            Write::Uncordon { .. } => "uncordoning",
            _ => "in progress",
        }
    }

    /// Whether sending it again after a 5xx or a network error is harmless: deletes, PUTs of a whole
    /// list or a membership, and label changes (the same labels end up on the runner). A POST that
    /// creates something (a group, a token, a JIT runner) is never repeated.
    pub fn retry_safe(&self) -> bool {
        !matches!(self.write, Write::CreateGroup(_) | Write::RegistrationToken | Write::RemoveToken | Write::Jit(_) | Write::UpdateGroup { .. })
    }

    /// What it did to the runners on screen, given its answer.
    pub fn effects(&self, answer: &Answer) -> Vec<Effect> {
        match (&self.write, answer) {
            (Write::Cordon { runner, cordon_group, .. }, Answer::Labels(labels)) => {
                vec![Effect::Labels { runner: *runner, labels: labels.clone() }, Effect::Moved { runner: *runner, group: Some(*cordon_group) }]
            }
            (Write::Uncordon { runner, back_to, .. }, answer) => {
                let mut effects = vec![Effect::Moved { runner: *runner, group: *back_to }];
                if let Answer::Labels(labels) = answer {
                    effects.push(Effect::Labels { runner: *runner, labels: labels.clone() });
                }
                effects
            }
            (Write::DeleteWhenIdle { .. }, Answer::Busy) => vec![],
            (Write::DeleteWhenIdle { runner }, _) => vec![Effect::Deleted { runner: *runner }],
            _ => self.effect(answer).into_iter().collect(),
        }
    }

    fn effect(&self, answer: &Answer) -> Option<Effect> {
        match (&self.write, answer) {
            (Write::DeleteRunner { runner }, _) => Some(Effect::Deleted { runner: *runner }),
            (Write::AddLabels { runner, .. } | Write::RemoveLabel { runner, .. } | Write::SetLabels { runner, .. } | Write::RemoveAllLabels { runner }, Answer::Labels(labels)) => {
                Some(Effect::Labels { runner: *runner, labels: labels.clone() })
            }
            (Write::AddToGroup { group, runner }, _) => Some(Effect::Moved { runner: *runner, group: Some(*group) }),
            (Write::RemoveFromGroup { runner, .. }, _) => Some(Effect::Moved { runner: *runner, group: None }),
            _ => None,
        }
    }

    /// Sends it.
    pub async fn send(&self, client: &Client) -> Traced<Answer> {
        let s = &self.scope;
        fn map<T>(t: Traced<T>, f: impl FnOnce(T) -> Answer) -> Traced<Answer> {
            Traced { result: t.result.map(f), request_id: t.request_id }
        }
        let labels = |l: crate::github::models::LabelList| Answer::Labels(l.labels);
        let nothing = |_: ()| Answer::Nothing;
        match &self.write {
            Write::DeleteRunner { runner } => map(client.send_traced(ops::delete_runner(s, *runner)).await, nothing),
            Write::AddLabels { runner, labels: l } => map(client.send_traced(ops::add_custom_labels(s, *runner, l)).await, labels),
            Write::RemoveLabel { runner, label } => map(client.send_traced(ops::remove_custom_label(s, *runner, label)).await, labels),
            Write::SetLabels { runner, labels: l } => map(client.send_traced(ops::set_custom_labels(s, *runner, l)).await, labels),
            Write::RemoveAllLabels { runner } => map(client.send_traced(ops::remove_all_custom_labels(s, *runner)).await, labels),
            Write::AddToGroup { group, runner } => map(client.send_traced(ops::add_group_runner(s, *group, *runner)).await, nothing),
            Write::RemoveFromGroup { group, runner } => map(client.send_traced(ops::remove_group_runner(s, *group, *runner)).await, nothing),
            Write::AddAccess { group, target } => map(client.send_traced(ops::add_group_access(s, *group, *target)).await, nothing),
            Write::RemoveAccess { group, target } => map(client.send_traced(ops::remove_group_access(s, *group, *target)).await, nothing),
            Write::SetMembers { group, kind: Kind::Access, ids } => map(client.send_traced(ops::set_group_access(s, *group, ids)).await, nothing),
            Write::SetMembers { group, kind: Kind::Runners, ids } => map(client.send_traced(ops::set_group_runners(s, *group, ids)).await, nothing),
            Write::CreateGroup(settings) => map(client.send_traced(ops::create_runner_group(s, &without_workflows(client, settings.clone()))).await, Answer::Group),
            Write::UpdateGroup { group, update } => {
                let mut update = update.clone();
                if !client.has(Feature::WorkflowRestrictions) {
                    (update.restricted_to_workflows, update.selected_workflows) = (None, None);
                }
                map(client.send_traced(ops::update_runner_group(s, *group, &update)).await, Answer::Group)
            }
            Write::DeleteGroup { group } => map(client.send_traced(ops::delete_runner_group(s, *group)).await, nothing),
            Write::RegistrationToken => map(client.send_traced(ops::create_registration_token(s)).await, Answer::Token),
            Write::RemoveToken => map(client.send_traced(ops::create_remove_token(s)).await, Answer::Token),
            Write::Jit(request) => map(client.send_traced(ops::generate_jitconfig(s, request)).await, Answer::Jit),
            Write::Cordon { runner, back_to, cordon_group } => lifecycle::cordon(client, s, *runner, *back_to, *cordon_group).await,
            Write::Uncordon { runner, back_to, cordon_group, label } => lifecycle::uncordon(client, s, *runner, *back_to, *cordon_group, label.as_deref()).await,
            Write::DeleteWhenIdle { runner } => lifecycle::delete_when_idle(client, s, *runner).await,
            Write::Policy(p) => map(p.send(client, s).await, nothing),
        }
    }
}

/// Shows on a list of runners, as loaded, what later writes did. `default_group` is where a runner
/// taken out of its group lands.
pub fn apply_effects(runners: &mut Vec<Runner>, effects: &[Effect], default_group: Option<u64>) {
    for e in effects {
        match e {
            Effect::Deleted { runner } => runners.retain(|r| r.id != *runner),
            Effect::Labels { runner, labels } => {
                if let Some(r) = runners.iter_mut().find(|r| r.id == *runner) {
                    r.labels = labels.clone();
                }
            }
            Effect::Moved { runner, group } => {
                if let Some(r) = runners.iter_mut().find(|r| r.id == *runner) {
                    r.runner_group_id = group.or(default_group);
                }
            }
        }
    }
}

/// How the queue should treat an answer.
pub fn outcome(result: &Result<Answer, ApiError>, now_secs: u64) -> Outcome {
    match result {
        Ok(Answer::Busy) => Outcome::Waiting { recheck_ms: lifecycle::RECHECK_MS },
        Ok(_) => Outcome::Ok,
        Err(ApiError::RateLimited(RateLimitKind::Secondary { retry_after })) => Outcome::RateLimited { wait_ms: Some(retry_after.saturating_mul(1000)) },
        Err(ApiError::RateLimited(RateLimitKind::SecondaryUnstated)) => Outcome::RateLimited { wait_ms: None },
        Err(ApiError::RateLimited(RateLimitKind::Primary { reset_at })) => Outcome::RateLimited { wait_ms: Some(reset_at.saturating_sub(now_secs).saturating_add(1).saturating_mul(1000)) },
        Err(e @ ApiError::NotFound { .. }) => Outcome::NotFound { message: e.to_string() },
        Err(e @ (ApiError::Server { .. } | ApiError::Network { .. })) => Outcome::Transient { message: e.to_string() },
        Err(e) => Outcome::Failed { reason: reason(e), message: e.to_string() },
    }
}

/// A message with every "quoted" name replaced by …, so that GitHub's messages about different
/// runners ("Runner \"a\" is still running a job") group as one reason.
fn without_names(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quoted = false;
    for c in message.chars() {
        match (c, quoted) {
            ('"', false) => {
                quoted = true;
                out.push('…');
            }
            ('"', true) => quoted = false,
            (_, true) => {}
            (c, false) => out.push(c),
        }
    }
    out
}

/// A short reason, for grouping many failures in a report.
fn reason(e: &ApiError) -> String {
    match e {
        ApiError::Validation { message, errors } => format!("Not accepted (422): {}", without_names(errors.first().unwrap_or(message))),
        ApiError::BadCredentials => "Token rejected (401)".into(),
        ApiError::MissingScope { .. } => "The token lacks a scope (403)".into(),
        ApiError::Forbidden { message } => format!("Refused (403): {message}"),
        ApiError::Conflict { message } => format!("Conflict (409): {message}"),
        ApiError::Http { status, .. } => format!("GitHub answered {status}"),
        ApiError::Undecodable { .. } => "Unreadable answer".into(),
        other => other.to_string(),
    }
}

/// A server without workflow restrictions (GHES before 3.5) is never sent their fields.
fn without_workflows(client: &Client, mut settings: GroupSettings) -> GroupSettings {
    if !client.has(Feature::WorkflowRestrictions) {
        (settings.restricted_to_workflows, settings.selected_workflows) = (None, None);
    }
    settings
}

#[cfg(test)]
mod tests;
