//! The write queue's state machine, pure and clock-free: it decides what to send and when, and
//! what each item's fate was. The driver (`jobs.rs`) feeds it times and outcomes.
//!
//! Rules, from GitHub's guidance on secondary rate limits: writes one at a time about a second apart
//! by default; a rate-limit answer pauses the whole queue until GitHub's stated time (60 s, doubling,
//! when it states none) and the item is tried again, never failed; 5xx and network errors are retried
//! only for writes that are safe to repeat; a cancel leaves the rest "not attempted".
pub use super::pace::Pace;

/// What happened to one item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ItemState {
    Pending,
    InFlight,
    Done,
    /// GitHub's own message, and a short reason for grouping many failures.
    Failed {
        reason: String,
        message: String,
    },
    /// Cancelled before it was sent.
    NotAttempted,
    /// A drain's runner is running a job: looked at again after a while, never failed for it.
    Waiting,
}

impl ItemState {
    pub fn is_final(&self) -> bool {
        matches!(self, ItemState::Done | ItemState::Failed { .. } | ItemState::NotAttempted)
    }
}

/// How many items are done, failed, not attempted, and still to go (pending or in flight).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub done: usize,
    pub failed: usize,
    pub not_attempted: usize,
    pub left: usize,
}

impl Tally {
    pub fn of<'a>(states: impl IntoIterator<Item = &'a ItemState>) -> Tally {
        let mut t = Tally::default();
        for s in states {
            match s {
                ItemState::Done => t.done += 1,
                ItemState::Failed { .. } => t.failed += 1,
                ItemState::NotAttempted => t.not_attempted += 1,
                ItemState::Pending | ItemState::InFlight | ItemState::Waiting => t.left += 1,
            }
        }
        t
    }
}

/// How an attempt ended, as the driver classifies GitHub's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// 404: done if an earlier attempt may have succeeded (a retried DELETE), else failed.
    NotFound {
        message: String,
    },
    /// A secondary or exhausted primary limit; `wait_ms` is GitHub's stated wait, if any.
    RateLimited {
        wait_ms: Option<u64>,
    },
    /// 5xx or a network failure: worth another try if the write is safe to repeat.
    Transient {
        message: String,
    },
    /// Anything else: GitHub said no.
    Failed {
        reason: String,
        message: String,
    },
    /// Not yet: look again after `recheck_ms` (a drained runner still running a job).
    Waiting {
        recheck_ms: u64,
    },
}

/// What the driver should do next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Send item `i` now.
    Start(usize),
    /// Nothing may start before this time (ms); wake then, or earlier when an answer arrives.
    WaitUntil(u64),
    /// Waiting for answers in flight, or paused by the user.
    Idle,
    /// Every item has its final state.
    Finished,
}

/// Why the queue is holding back, for the countdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hold {
    pub until_ms: u64,
    pub reason: String,
}

/// Attempts for a write that is safe to repeat (1 + retries).
pub const MAX_ATTEMPTS: u32 = 3;
/// The wait after a rate limit that names no time, doubled each time in a row.
pub const UNSTATED_WAIT_MS: u64 = 60_000;
const UNSTATED_WAIT_MAX_MS: u64 = 15 * 60_000;

#[derive(Clone, Debug)]
pub struct Queue {
    pub items: Vec<ItemState>,
    attempts: Vec<u32>,
    /// An item can be retried only at or after this time.
    not_before: Vec<u64>,
    retry_safe: Vec<bool>,
    pub pace: Pace,
    last_start_ms: Option<u64>,
    pub hold: Option<Hold>,
    /// Rate limits in a row without a stated wait.
    unstated_run: u32,
    pub paused: bool,
    pub cancelled: bool,
    /// Rate-limit answers met, for the report.
    pub limit_hits: u32,
    pub retries: u32,
}

impl Queue {
    /// `retry_safe[i]`: whether item `i` may be sent again after a 5xx or a network error.
    pub fn new(retry_safe: Vec<bool>, pace: Pace) -> Queue {
        let n = retry_safe.len();
        Queue {
            items: vec![ItemState::Pending; n],
            attempts: vec![0; n],
            not_before: vec![0; n],
            retry_safe,
            pace,
            last_start_ms: None,
            hold: None,
            unstated_run: 0,
            paused: false,
            cancelled: false,
            limit_hits: 0,
            retries: 0,
        }
    }

    pub fn in_flight(&self) -> usize {
        self.items.iter().filter(|s| **s == ItemState::InFlight).count()
    }

    pub fn attempts(&self, i: usize) -> u32 {
        self.attempts.get(i).copied().unwrap_or(0)
    }

    pub fn is_finished(&self) -> bool {
        self.items.iter().all(ItemState::is_final)
    }

    /// The next thing to do at `now` (ms). Call repeatedly until it is not `Start`.
    pub fn poll(&mut self, now: u64) -> Step {
        if self.is_finished() {
            return Step::Finished;
        }
        if self.cancelled || self.paused {
            return Step::Idle;
        }
        if let Some(hold) = &self.hold {
            if now < hold.until_ms {
                return Step::WaitUntil(hold.until_ms);
            }
            self.hold = None;
        }
        if self.in_flight() >= self.pace.in_flight.max(1) {
            return Step::Idle;
        }
        if let Some(last) = self.last_start_ms {
            let next = last.saturating_add(self.pace.gap_ms);
            if now < next {
                return Step::WaitUntil(next);
            }
        }
        // Items are taken in order; one that waits for its retry time holds back the ones after it,
        // so a job never runs ahead of a failing item by more than the in-flight count. Items
        // waiting for their runner to be idle go after those, the one due first first.
        match self.items.iter().position(|s| *s == ItemState::Pending) {
            None => self.next_waiting(now),
            Some(i) if now < self.not_before[i] => Step::WaitUntil(self.not_before[i]),
            Some(i) => {
                self.items[i] = ItemState::InFlight;
                self.attempts[i] += 1;
                self.last_start_ms = Some(now);
                Step::Start(i)
            }
        }
    }

    fn next_waiting(&mut self, now: u64) -> Step {
        let due = self.items.iter().enumerate().filter(|(_, s)| **s == ItemState::Waiting).map(|(i, _)| (self.not_before[i], i)).min();
        match due {
            None => Step::Idle,
            Some((at, _)) if now < at => Step::WaitUntil(at),
            Some((_, i)) => {
                self.items[i] = ItemState::InFlight;
                self.attempts[i] += 1;
                self.last_start_ms = Some(now);
                Step::Start(i)
            }
        }
    }

    /// Records how item `i`'s attempt ended.
    pub fn complete(&mut self, i: usize, outcome: Outcome, now: u64) {
        if self.items.get(i) != Some(&ItemState::InFlight) {
            return;
        }
        match outcome {
            Outcome::Ok => {
                self.unstated_run = 0;
                self.items[i] = ItemState::Done;
            }
            Outcome::NotFound { message } => {
                self.items[i] = if self.attempts[i] > 1 { ItemState::Done } else { ItemState::Failed { reason: "Not found (404)".into(), message } };
            }
            Outcome::RateLimited { wait_ms } => {
                self.limit_hits += 1;
                // Not the item's fault: it goes back to the front with its attempt given back.
                self.attempts[i] = self.attempts[i].saturating_sub(1);
                self.items[i] = if self.cancelled { ItemState::NotAttempted } else { ItemState::Pending };
                let (wait, reason) = match wait_ms {
                    Some(ms) => {
                        self.unstated_run = 0;
                        (ms.max(1000), "GitHub's rate limit: waiting as GitHub asked".to_string())
                    }
                    None => {
                        let ms = UNSTATED_WAIT_MS.saturating_mul(1 << self.unstated_run.min(8)).min(UNSTATED_WAIT_MAX_MS);
                        self.unstated_run += 1;
                        (ms, "GitHub's secondary rate limit, with no time given: waiting, then backing off".to_string())
                    }
                };
                let until = now.saturating_add(wait);
                if self.hold.as_ref().is_none_or(|h| h.until_ms < until) {
                    self.hold = Some(Hold { until_ms: until, reason });
                }
            }
            Outcome::Transient { message } => {
                if self.retry_safe[i] && self.attempts[i] < MAX_ATTEMPTS && !self.cancelled {
                    self.retries += 1;
                    self.items[i] = ItemState::Pending;
                    self.not_before[i] = now.saturating_add(1000 << (self.attempts[i] - 1).min(6));
                } else {
                    let reason = if self.retry_safe[i] {
                        format!("Still failing after {} tries", self.attempts[i])
                    } else {
                        "Server or network error (not retried: repeating it could create a duplicate)".into()
                    };
                    self.items[i] = ItemState::Failed { reason, message };
                }
            }
            Outcome::Failed { reason, message } => self.items[i] = ItemState::Failed { reason, message },
            Outcome::Waiting { recheck_ms } => {
                // A look is not an attempt at the write: retries stay for real failures.
                self.attempts[i] = self.attempts[i].saturating_sub(1);
                self.items[i] = if self.cancelled { ItemState::NotAttempted } else { ItemState::Waiting };
                self.not_before[i] = now.saturating_add(recheck_ms);
            }
        }
    }

    pub fn pause(&mut self) {
        self.paused = true;
    }

    pub fn resume(&mut self) {
        self.paused = false;
    }

    /// Nothing more is sent; answers in flight still count.
    pub fn cancel(&mut self) {
        self.cancelled = true;
        self.hold = None;
        for s in &mut self.items {
            if matches!(s, ItemState::Pending | ItemState::Waiting) {
                *s = ItemState::NotAttempted;
            }
        }
    }

    pub fn tally(&self) -> Tally {
        Tally::of(&self.items)
    }
}

#[cfg(test)]
mod tests;
