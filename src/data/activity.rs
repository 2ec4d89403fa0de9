//! The activity log: every write the console made in this tab, bulk or single, with its result and
//! GitHub's request id. Kept in memory only; an audit trail of the console's own actions.
use leptos::prelude::*;
use serde::Serialize;

use super::writes::{Answer, Effect, WriteOp};
use crate::github::http::Traced;
use crate::github::{ApiError, Client, Scope};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entry {
    pub seq: u64,
    /// Local time, `HH:MM:SS`.
    pub time: String,
    pub scope: String,
    #[serde(skip)]
    pub scope_key: Scope,
    pub action: String,
    pub target: String,
    pub ok: bool,
    /// "done", or GitHub's message.
    pub result: String,
    pub request_id: Option<String>,
    /// The bulk job it was part of.
    pub job: Option<u32>,
    #[serde(skip)]
    pub effects: Vec<Effect>,
    /// The connection (`Client::id`) it went through: two servers can have scopes of one name.
    #[serde(skip)]
    pub connection: u64,
}

/// The log, provided above the router so it outlives every page.
#[derive(Clone, Copy)]
pub struct Activity {
    entries: RwSignal<Vec<Entry>>,
}

impl Default for Activity {
    fn default() -> Self {
        Activity::new()
    }
}

/// Local wall-clock time, for the log and for reports.
pub fn clock_now() -> String {
    let d = js_sys::Date::new_0();
    format!("{:02}:{:02}:{:02}", d.get_hours(), d.get_minutes(), d.get_seconds())
}

impl Activity {
    pub fn new() -> Activity {
        Activity { entries: RwSignal::new(vec![]) }
    }

    /// The log. Read it with `with` to avoid copying it.
    pub fn entries(&self) -> ReadSignal<Vec<Entry>> {
        self.entries.read_only()
    }

    /// The sequence number of the latest entry; a list loaded now includes every write up to it.
    pub fn seq_untracked(&self) -> u64 {
        self.entries.try_with_untracked(|e| e.last().map_or(0, |x| x.seq)).unwrap_or(0)
    }

    /// What writes after `seq` did to `scope`'s runners, oldest first.
    pub fn effects_since(&self, scope: &Scope, seq: u64) -> Vec<Effect> {
        self.entries.with(|e| e.iter().filter(|x| x.seq > seq && x.ok && &x.scope_key == scope).flat_map(|x| x.effects.iter().cloned()).collect())
    }

    /// What writes through `connection` after `seq` did to runners of any scope, oldest first.
    pub fn effects_since_any(&self, connection: u64, seq: u64) -> Vec<(Scope, Effect)> {
        self.entries.with(|e| e.iter().filter(|x| x.seq > seq && x.ok && x.connection == connection).flat_map(|x| x.effects.iter().map(|e| (x.scope_key.clone(), e.clone()))).collect())
    }

    /// Logs one write. Safe after an `.await`: a log that is gone (the app unmounted) is left alone.
    pub fn record(&self, connection: u64, op: &WriteOp, traced: &Traced<Answer>, job: Option<u32>) {
        let (ok, result, effect) = match &traced.result {
            Ok(answer) => (true, "done".to_string(), op.effects(answer)),
            Err(e) => (false, e.to_string(), vec![]),
        };
        let time = clock_now();
        self.entries.try_update(|list| {
            let seq = list.last().map_or(0, |x| x.seq) + 1;
            list.push(Entry {
                seq,
                time,
                scope: op.scope.to_string(),
                scope_key: op.scope.clone(),
                action: op.action(),
                target: op.target.clone(),
                ok,
                result,
                request_id: traced.request_id.clone(),
                job,
                effects: effect,
                connection,
            });
        });
    }

    pub fn to_csv(&self) -> String {
        let rows: Vec<Vec<String>> = self.entries.with_untracked(|e| {
            e.iter()
                .map(|x| {
                    vec![
                        x.seq.to_string(),
                        x.time.clone(),
                        x.scope.clone(),
                        x.action.clone(),
                        x.target.clone(),
                        if x.ok { "ok".into() } else { "failed".into() },
                        x.result.clone(),
                        x.request_id.clone().unwrap_or_default(),
                        x.job.map(|j| j.to_string()).unwrap_or_default(),
                    ]
                })
                .collect()
        });
        crate::export::table_csv(&["seq", "time", "scope", "action", "target", "outcome", "result", "request_id", "job"], &rows)
    }

    pub fn to_json(&self) -> String {
        self.entries.with_untracked(|e| serde_json::to_string_pretty(e).unwrap_or_else(|_| "[]".into()))
    }
}

/// Sends one write and logs it: the way every single (non-bulk) write is made.
pub async fn perform(activity: Activity, client: Client, op: WriteOp) -> Result<Answer, ApiError> {
    let traced = op.send(&client).await;
    if !matches!(traced.result, Err(ApiError::Aborted)) {
        activity.record(client.id(), &op, &traced, None);
    }
    traced.result
}

/// A token-creating write, logged (the token itself never is), answering the token.
pub async fn perform_token(activity: Activity, client: Client, op: WriteOp) -> Result<crate::github::models::AuthenticationToken, ApiError> {
    match perform(activity, client, op).await? {
        Answer::Token(t) => Ok(t),
        _ => Err(ApiError::Undecodable { operation: "create a token".into(), detail: "the answer held no token".into() }),
    }
}

/// A JIT config request, logged (the config itself never is), answering the config.
pub async fn perform_jit(activity: Activity, client: Client, op: WriteOp) -> Result<crate::github::models::JitConfig, ApiError> {
    match perform(activity, client, op).await? {
        Answer::Jit(j) => Ok(j),
        _ => Err(ApiError::Undecodable { operation: "generate a JIT config".into(), detail: "the answer held no config".into() }),
    }
}
