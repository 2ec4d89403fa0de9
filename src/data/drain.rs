//! Cordon, uncordon and drain ("remove when idle") as jobs of the write queue: what each runner
//! needs, what is left alone and why, and what a cancelled drain undoes.
use super::jobs::{JobSpec, Undo};
use super::{Activity, Jobs, Pace, Write, WriteOp};
use crate::cordon::{self, State};
use crate::github::models::{Runner, RunnerGroup};
use crate::github::{Client, Scope};

/// How often a drain looks at a busy runner, in seconds.
pub const RECHECK_SECS: u64 = super::lifecycle::RECHECK_MS / 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lifecycle {
    Cordon,
    Uncordon,
    /// Cordon, then delete each runner once it is idle.
    Drain,
}

impl Lifecycle {
    pub fn verb(self) -> &'static str {
        match self {
            Lifecycle::Cordon => "Cordon",
            Lifecycle::Uncordon => "Uncordon",
            Lifecycle::Drain => "Remove when idle",
        }
    }

    /// Whether it needs each scope's cordon group to exist.
    pub fn needs_group(self) -> bool {
        self != Lifecycle::Uncordon
    }
}

/// The writes of a lifecycle job, in order: every cordon before any delete.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub ops: Vec<WriteOp>,
    pub items: Vec<(u64, String)>,
    pub undo: Vec<Option<Undo>>,
    /// "name (why)" for each runner left alone.
    pub skipped: Vec<String>,
    /// The scopes whose cordon group does not exist yet (created when the job starts).
    pub new_groups: Vec<Scope>,
    /// Runners to be deleted without a cordon first (repository scope).
    pub uncordoned_deletes: usize,
}

impl Plan {
    /// The runners the dialog lists, with their scopes.
    pub fn runner_count(&self) -> usize {
        let mut ids: Vec<u64> = self.items.iter().map(|(id, _)| *id).collect();
        crate::order::sort(&mut ids);
        ids.dedup();
        ids.len()
    }
}

/// Plans `action` for `targets`, given each scope's groups (cordon groups included when they exist).
pub fn plan(action: Lifecycle, targets: &[(Scope, Runner)], groups: &[(Scope, RunnerGroup)]) -> Plan {
    let mut plan = Plan::default();
    let mut deletes: Vec<(WriteOp, (u64, String), Option<WriteOp>)> = vec![];
    let mut targets: Vec<&(Scope, Runner)> = targets.iter().collect();
    crate::order::sort_by(&mut targets, |a, b| a.0.cmp(&b.0));
    for (scope, r) in targets {
        let here: Vec<RunnerGroup> = groups.iter().filter(|(s, _)| s == scope).map(|(_, g)| g.clone()).collect();
        let cordon_group = cordon::group_of(&here).map(|g| g.id);
        if action.needs_group() && cordon_group.is_none() && scope.has_groups() && !plan.new_groups.contains(scope) {
            plan.new_groups.push(scope.clone());
        }
        let state = State::of(r, &here);
        let skip = |plan: &mut Plan, why: &str| plan.skipped.push(format!("{} ({why})", r.name));
        let cordon_op = || -> Result<WriteOp, &'static str> {
            match (&state, r.runner_group_id) {
                (State::Cordoned { .. }, _) => Err("cordoned already"),
                (State::LabelOnly { .. }, _) => Err("has a cordon label but is not in the cordon group: uncordon it first"),
                (_, None) => Err("its server does not say which group it is in, so the way back could not be recorded"),
                (State::InService, Some(g)) => Ok(WriteOp::new(scope, Write::Cordon { runner: r.id, back_to: g, cordon_group: cordon_group.unwrap_or(0) }, format!("Cordon {}", r.name))),
            }
        };
        // `label`: the cordon label to remove, as it is now or as the cordon will write it.
        let uncordon_op = |back_to: Option<u64>, label: Option<String>| {
            // A group deleted since the cordon cannot be gone back to: the Default group it is.
            let back_to = back_to.filter(|g| here.iter().any(|x| x.id == *g && !x.default));
            WriteOp::new(scope, Write::Uncordon { runner: r.id, back_to, cordon_group: cordon_group.unwrap_or(0), label }, format!("Uncordon {}", r.name))
        };
        match action {
            Lifecycle::Cordon | Lifecycle::Uncordon if !scope.has_groups() => skip(&mut plan, "repository runners cannot be cordoned"),
            Lifecycle::Cordon => match cordon_op() {
                Ok(op) => plan.push(op, r),
                Err(why) => skip(&mut plan, why),
            },
            Lifecycle::Uncordon => match state {
                State::Cordoned { back_to } => plan.push(uncordon_op(back_to, cordon::recorded(r).map(|(_, l)| l)), r),
                State::LabelOnly { .. } => plan.push(uncordon_op(r.runner_group_id, cordon::recorded(r).map(|(_, l)| l)), r),
                State::InService => skip(&mut plan, "not cordoned"),
            },
            Lifecycle::Drain => {
                let delete = WriteOp::new(scope, Write::DeleteWhenIdle { runner: r.id }, format!("Remove {} when idle", r.name));
                let item = (r.id, format!("Remove {} when idle", r.name));
                if !scope.has_groups() {
                    plan.uncordoned_deletes += 1;
                    deletes.push((delete, item, None));
                    continue;
                }
                match cordon_op() {
                    Ok(op) => {
                        plan.push(op, r);
                        deletes.push((delete, item, Some(uncordon_op(r.runner_group_id, r.runner_group_id.map(cordon::label_for)))));
                    }
                    // Cordoned before the drain: a cancel leaves it cordoned, as it was.
                    Err(_) if state.is_cordoned() => deletes.push((delete, item, None)),
                    Err(why) => skip(&mut plan, why),
                }
            }
        }
    }
    // Each delete's undo waits for its own runner's cordon, found by runner and scope.
    for (op, item, undo) in deletes {
        let after = plan.ops.iter().position(|c| c.scope == op.scope && matches!(c.write, Write::Cordon { runner, .. } if runner == item.0));
        plan.undo.push(undo.zip(after).map(|(op, after)| Undo { op, after }));
        plan.ops.push(op);
        plan.items.push(item);
    }
    plan
}

impl Plan {
    fn push(&mut self, op: WriteOp, r: &Runner) {
        self.items.push((r.id, op.target.clone()));
        self.ops.push(op);
        self.undo.push(None);
    }
}

/// A lifecycle job to start: what, on which runners, from which page.
pub struct Start {
    pub action: Lifecycle,
    pub targets: Vec<(Scope, Runner)>,
    /// Each scope's groups as the page knows them.
    pub groups: Vec<(Scope, RunnerGroup)>,
    pub origin: String,
    pub pace: Pace,
}

/// Creates the cordon groups the plan needs, plans again with them, and starts the job. Answers
/// the job's id, or why it could not start. Safe to call from a page that may go away meanwhile:
/// it touches only the contexts above the router.
pub async fn start(jobs: Jobs, activity: Activity, client: Client, start: Start) -> Result<Option<u32>, String> {
    let Start { action, targets, mut groups, origin, pace } = start;
    // Every scope that will get a cordon: its group is made, or checked to be closed to everyone.
    let first = plan(action, &targets, &groups);
    let mut scopes: Vec<&Scope> = first.ops.iter().filter(|op| matches!(op.write, Write::Cordon { .. })).map(|op| &op.scope).collect();
    scopes.dedup();
    for scope in scopes {
        let group = super::lifecycle::ensure_group(activity, &client, scope).await?;
        groups.retain(|(s, g)| !(s == scope && g.id == group.id));
        groups.push((scope.clone(), group));
    }
    let plan = plan(action, &targets, &groups);
    let n = plan.runner_count();
    let title = format!("{} {n} runner{}", action.verb(), if n == 1 { "" } else { "s" });
    let spec = JobSpec { title, origin, ops: plan.ops, items: plan.items, skipped: plan.skipped, pace, undo: plan.undo, per_item: true };
    Ok(jobs.start_spec(client, spec))
}

#[cfg(test)]
mod tests;
