//! Bulk jobs: the write queue's driver, provided above the router so a job goes on while the user
//! navigates. Every item's answer lands in the activity log; the job's state is published as a
//! `JobView` that the header, the Activity page and the page that started it render.
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures::channel::mpsc;
use futures::stream::FuturesUnordered;
use futures::{FutureExt, StreamExt};
use leptos::prelude::*;

use super::activity::{clock_now, Activity};
use super::queue::{ItemState, Pace, Queue, Step};
use super::writes::{outcome, WriteOp};
use crate::github::Client;

mod view;
pub use view::{JobItem, JobView, ReportRow};

/// What the user can do to a running job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    Pause,
    Resume,
    Cancel,
}

struct Running {
    queue: Rc<RefCell<Queue>>,
    wake: mpsc::UnboundedSender<()>,
    /// Kept after the job ends, for "retry the failed ones".
    client: Client,
    ops: Vec<WriteOp>,
    /// What undoes item `i` if the job is cancelled before it is done (a drain's uncordon).
    undo: Vec<Option<Undo>>,
}

/// The write that undoes an item left undone by a cancel, once item `after` was done (a drain's
/// uncordon, once its cordon was done).
#[derive(Clone, Debug)]
pub struct Undo {
    pub op: WriteOp,
    pub after: usize,
}

/// What a job is, besides its writes.
pub struct JobSpec {
    pub title: String,
    /// The console path of the page that started it.
    pub origin: String,
    pub ops: Vec<WriteOp>,
    /// (id, name) of item `i`.
    pub items: Vec<(u64, String)>,
    pub skipped: Vec<String>,
    pub pace: Pace,
    /// Per item, what a cancel undoes; empty for none.
    pub undo: Vec<Option<Undo>>,
    pub per_item: bool,
}

/// The jobs of this tab, provided above the router.
#[derive(Clone, Copy)]
pub struct Jobs {
    list: RwSignal<Vec<JobView>>,
    running: StoredValue<HashMap<u32, Running>, LocalStorage>,
    activity: Activity,
    /// The chosen pace for new jobs.
    pub pace: RwSignal<Pace>,
    /// Wall-clock milliseconds, ticking each second, for countdowns.
    pub clock: RwSignal<f64>,
}

fn now_ms() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

impl Jobs {
    pub fn new(activity: Activity) -> Jobs {
        Jobs { list: RwSignal::new(vec![]), running: StoredValue::new_local(HashMap::new()), activity, pace: RwSignal::new(Pace::GUIDED), clock: RwSignal::new(js_sys::Date::now()) }
    }

    /// Every job of this tab. Read it with `with` to avoid copying the list.
    pub fn list(&self) -> ReadSignal<Vec<JobView>> {
        self.list.read_only()
    }

    /// The jobs started at `origin` that are still shown there (not dismissed).
    pub fn shown_at(&self, origin: &str) -> Vec<u32> {
        self.list.with(|l| l.iter().filter(|j| j.origin == origin && !j.dismissed).map(|j| j.id).collect())
    }

    /// How many jobs started at `origin` have finished; a page's loaders track it to load again.
    pub fn finished_at(&self, origin: &str) -> usize {
        self.list.with(|l| l.iter().filter(|j| j.origin == origin && j.finished).count())
    }

    pub fn get(&self, id: u32) -> Option<JobView> {
        self.list.with(|l| l.iter().find(|j| j.id == id).cloned())
    }

    /// Whether any job still has work to do (for `beforeunload`).
    pub fn any_running_untracked(&self) -> bool {
        self.list.try_with_untracked(|l| l.iter().any(|j| !j.finished)).unwrap_or(false)
    }

    pub fn dismiss(&self, id: u32) {
        self.list.update(|l| {
            if let Some(j) = l.iter_mut().find(|j| j.id == id) {
                j.dismissed = true;
            }
        });
    }

    /// Starts a job: `ops[i]` writes item `items[i]` (id, name). Returns the job's id, or `None`
    /// when there is nothing to write.
    #[allow(clippy::too_many_arguments)] // each is one fact about the job; a struct would only rename them
    pub fn start(&self, client: Client, title: String, origin: String, ops: Vec<WriteOp>, items: Vec<(u64, String)>, skipped: Vec<String>, pace: Pace) -> Option<u32> {
        self.start_spec(client, JobSpec { title, origin, ops, items, skipped, pace, undo: vec![], per_item: false })
    }

    /// Starts a job described in full; see [`Jobs::start`]. Safe after an `.await`: once the app
    /// is gone it starts nothing.
    pub fn start_spec(&self, client: Client, spec: JobSpec) -> Option<u32> {
        let JobSpec { title, origin, ops, items, skipped, pace, undo, per_item } = spec;
        let scope = ops.first()?.scope.clone();
        let queue = Rc::new(RefCell::new(Queue::new(ops.iter().map(WriteOp::retry_safe).collect(), pace)));
        let id = self.list.try_with_untracked(|l| l.iter().map(|j| j.id).max().unwrap_or(0))? + 1;
        let view = JobView {
            id,
            title,
            scope,
            origin,
            started: clock_now(),
            items: items.into_iter().zip(&ops).map(|((id, name), op)| JobItem { id, name, state: ItemState::Pending, doing: op.doing() }).collect(),
            skipped,
            pace,
            hold: None,
            paused: false,
            cancelled: false,
            finished: false,
            limit_hits: 0,
            retries: 0,
            dismissed: false,
            per_item,
        };
        self.list.try_update(|l| l.push(view))?;
        let (wake, wakes) = mpsc::unbounded();
        self.running.try_update_value(|r| {
            r.insert(id, Running { queue: queue.clone(), wake, client: client.clone(), ops: ops.clone(), undo });
        })?;
        let jobs = *self;
        leptos::task::spawn_local(async move { jobs.drive(id, client, ops, queue, wakes).await });
        Some(id)
    }

    /// Pause, resume or cancel a running job.
    pub fn control(&self, id: u32, control: Control) {
        let found = self.running.try_with_value(|r| r.get(&id).map(|x| (x.queue.clone(), x.wake.clone()))).flatten();
        let Some((queue, wake)) = found else { return };
        {
            let mut q = queue.borrow_mut();
            match control {
                Control::Pause => q.pause(),
                Control::Resume => q.resume(),
                Control::Cancel => q.cancel(),
            }
        }
        self.publish(id, &queue.borrow());
        let _ = wake.unbounded_send(());
    }

    /// Mirrors the queue into the job's view. Tolerates a disposed owner (the app unmounted).
    fn publish(&self, id: u32, q: &Queue) {
        self.list.try_update(|l| {
            if let Some(j) = l.iter_mut().find(|j| j.id == id) {
                for (item, state) in j.items.iter_mut().zip(&q.items) {
                    if &item.state != state {
                        item.state = state.clone();
                    }
                }
                j.hold = q.hold.clone();
                j.paused = q.paused;
                j.cancelled = q.cancelled;
                j.finished = q.is_finished();
                j.limit_hits = q.limit_hits;
                j.retries = q.retries;
            }
        });
    }

    async fn drive(self, id: u32, client: Client, ops: Vec<WriteOp>, queue: Rc<RefCell<Queue>>, mut wakes: mpsc::UnboundedReceiver<()>) {
        let mut in_flight = FuturesUnordered::new();
        loop {
            let now = now_ms();
            let mut wake_at = None;
            let finished = loop {
                let step = queue.borrow_mut().poll(now);
                match step {
                    Step::Start(i) => {
                        let (client, op) = (client.clone(), ops[i].clone());
                        in_flight.push(async move { (i, op.send(&client).await) }.boxed_local());
                    }
                    Step::WaitUntil(t) => {
                        wake_at = Some(t);
                        break false;
                    }
                    Step::Idle => break false,
                    Step::Finished => break true,
                }
            };
            self.publish(id, &queue.borrow());
            if finished && in_flight.is_empty() {
                break;
            }
            let timer = match wake_at {
                Some(t) => gloo_timers::future::sleep(std::time::Duration::from_millis(t.saturating_sub(now))).boxed_local(),
                None => futures::future::pending().boxed_local(),
            };
            let answer = async {
                if in_flight.is_empty() {
                    futures::future::pending::<Option<_>>().await
                } else {
                    in_flight.next().await
                }
            };
            futures::select! {
                done = answer.fuse() => {
                    if let Some((i, traced)) = done {
                        // A look at a busy runner wrote nothing: it is not an entry of the log.
                        if !matches!(traced.result, Ok(super::writes::Answer::Busy)) {
                            self.activity.record(client.id(), &ops[i], &traced, Some(id));
                        }
                        let outcome = outcome(&traced.result, now_ms() / 1000);
                        queue.borrow_mut().complete(i, outcome, now_ms());
                    }
                }
                _ = wakes.next() => {}
                _ = timer.fuse() => {}
            }
        }
        self.undo_cancelled(id, &queue.borrow());
    }

    /// After a cancelled job has settled: one job that undoes what it left half-done.
    fn undo_cancelled(&self, id: u32, q: &Queue) {
        if !q.cancelled {
            return;
        }
        let Some((client, undo)) = self.running.try_with_value(|r| r.get(&id).map(|x| (x.client.clone(), x.undo.clone()))).flatten() else { return };
        let Some(job) = self.list.try_with_untracked(|l| l.iter().find(|j| j.id == id).cloned()).flatten() else { return };
        let (mut ops, mut items) = (vec![], vec![]);
        let done = |i: usize| q.items.get(i) == Some(&ItemState::Done);
        for (i, (item, undo)) in job.items.iter().zip(undo).enumerate() {
            if let Some(Undo { op, .. }) = undo.filter(|u| done(u.after) && !done(i)) {
                items.push((item.id, op.target.clone()));
                ops.push(op);
            }
        }
        let title = format!("Undo the cancelled “{}”: {} runner{}", job.title.trim_end_matches('…'), items.len(), if items.len() == 1 { "" } else { "s" });
        self.start_spec(client, JobSpec { title, origin: job.origin, ops, items, skipped: vec![], pace: job.pace, undo: vec![], per_item: false });
    }

    /// Starts a new job with the failed items of job `id`, at the current pace.
    pub fn retry_failed(&self, id: u32) -> Option<u32> {
        let job = self.list.with_untracked(|l| l.iter().find(|j| j.id == id).cloned())?;
        let (client, ops) = self.running.try_with_value(|r| r.get(&id).map(|x| (x.client.clone(), x.ops.clone()))).flatten()?;
        let mut retry_ops = vec![];
        let mut items = vec![];
        for (item, op) in job.items.iter().zip(ops) {
            if matches!(item.state, ItemState::Failed { .. }) {
                retry_ops.push(op);
                items.push((item.id, item.name.clone()));
            }
        }
        let title = format!("Retry: {}", job.title.trim_start_matches("Retry: "));
        self.start(client, title, job.origin, retry_ops, items, vec![], self.pace.get_untracked())
    }
}
