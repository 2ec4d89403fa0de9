//! The compound writes of a runner's lifecycle (see `crate::cordon`): cordon, uncordon and
//! "delete when idle". Each is safe to repeat, so the write queue may retry it after a 5xx.
use super::writes::Answer;
use crate::cordon;
use crate::github::http::Traced;
use crate::github::models::RunnerGroup;
use crate::github::request as ops;
use crate::github::{ApiError, Client, Scope};

/// How long a drain waits before looking at a busy runner again. The look is a GET revalidated
/// with its ETag: while nothing changes GitHub answers 304, which costs no rate limit.
pub const RECHECK_MS: u64 = 5_000;

fn answer<T>(t: Traced<T>, f: impl FnOnce(T) -> Answer) -> Traced<Answer> {
    Traced { result: t.result.map(f), request_id: t.request_id }
}

fn failed(t: Traced<impl Sized>) -> Traced<Answer> {
    Traced { result: t.result.map(|_| Answer::Nothing), request_id: t.request_id }
}

/// The label first, so the way back is recorded before the runner leaves its group.
pub async fn cordon(client: &Client, scope: &Scope, runner: u64, back_to: u64, cordon_group: u64) -> Traced<Answer> {
    let labelled = client.send_traced(ops::add_custom_labels(scope, runner, &[cordon::label_for(back_to)])).await;
    let labels = match labelled.result {
        Ok(l) => l.labels,
        Err(_) => return failed(labelled),
    };
    let moved = client.send_traced(ops::add_group_runner(scope, cordon_group, runner)).await;
    answer(moved, |_| Answer::Labels(labels))
}

/// The group first, so a runner is never left in the cordon group without its way back.
pub async fn uncordon(client: &Client, scope: &Scope, runner: u64, back_to: Option<u64>, cordon_group: u64, label: Option<&str>) -> Traced<Answer> {
    let moved = match back_to {
        Some(group) => client.send_traced(ops::add_group_runner(scope, group, runner)).await,
        None => client.send_traced(ops::remove_group_runner(scope, cordon_group, runner)).await,
    };
    if moved.result.is_err() {
        return failed(moved);
    }
    let Some(label) = label else { return answer(moved, |_| Answer::Nothing) };
    let unlabelled = client.send_traced(ops::remove_custom_label(scope, runner, label)).await;
    match unlabelled.result {
        // Gone already: an earlier try removed it.
        Err(ApiError::NotFound { .. }) => answer(client.send_traced(ops::list_labels(scope, runner)).await, |l| Answer::Labels(l.labels)),
        _ => answer(unlabelled, |l| Answer::Labels(l.labels)),
    }
}

/// Looks (free while unchanged), and deletes only an idle runner. GitHub refuses (422) to delete a
/// runner that took a job since the look: that is "busy" too, never a failure.
pub async fn delete_when_idle(client: &Client, scope: &Scope, runner: u64) -> Traced<Answer> {
    let seen = client.send_traced(ops::get_runner(scope, runner)).await;
    match &seen.result {
        Err(ApiError::NotFound { .. }) => return answer(seen, |_| Answer::Gone),
        Err(_) => return failed(seen),
        Ok(r) if r.busy => return answer(seen, |_| Answer::Busy),
        Ok(_) => {}
    }
    let deleted = client.send_traced(ops::delete_runner(scope, runner)).await;
    match deleted.result {
        Err(ApiError::NotFound { .. }) => answer(Traced { result: Ok(()), request_id: deleted.request_id }, |_| Answer::Gone),
        Err(ApiError::Validation { .. }) => answer(Traced { result: Ok(()), request_id: deleted.request_id }, |_| Answer::Busy),
        _ => answer(deleted, |_| Answer::Nothing),
    }
}

/// The scope's cordon group, created (closed to everyone) if it has none. An existing group of
/// that name that lets anyone use its runners is refused, not trusted or silently changed.
pub async fn ensure_group(activity: super::Activity, client: &Client, scope: &Scope) -> Result<RunnerGroup, String> {
    let groups = super::scope_groups(client, scope).await.map_err(|e| e.to_string())?;
    let Some(group) = cordon::group_of(&groups).cloned() else {
        let op = super::WriteOp::new(scope, super::Write::CreateGroup(cordon::group_settings()), cordon::GROUP_NAME);
        return match super::activity::perform(activity, client.clone(), op).await {
            Ok(Answer::Group(g)) => Ok(g),
            Ok(_) => Err("GitHub's answer to creating the cordon group named no group.".into()),
            Err(e) => Err(format!("Could not create the runner group “{}” that cordoned runners wait in: {e}", cordon::GROUP_NAME)),
        };
    };
    // Only a group visible to selected ones has an access list to read.
    let access = if cordon::group_is_closed(&group, 0) {
        let listed = match scope {
            Scope::Enterprise { .. } => client.all_org_access(scope, group.id).await.map(|l| l.items.len()),
            _ => client.all_repo_access(scope, group.id).await.map(|l| l.items.len()),
        };
        listed.map_err(|e| e.to_string())?
    } else {
        0
    };
    if cordon::group_is_closed(&group, access) {
        Ok(group)
    } else {
        Err(format!(
            "The runner group “{}” lets {} use its runners, so moving runners there would not stop jobs. Set it to selected {} with none selected, or delete it, then cordon again.",
            cordon::GROUP_NAME,
            if access > 0 { format!("{access} {}", scope.access_kind()) } else { "everyone".to_string() },
            scope.access_kind()
        ))
    }
}
