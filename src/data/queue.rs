//! The write queue's state machine, pure and clock-free: it decides what to send and when, and
//! what each item's fate was. The driver (`jobs.rs`) feeds it times and outcomes.
//!
//! Rules, from GitHub's guidance on secondary rate limits: writes one at a time about a second apart
//! by default; a rate-limit answer pauses the whole queue until GitHub's stated time (60 s, doubling,
//! when it states none) and the item is tried again, never failed; 5xx and network errors are retried
//! only for writes that are safe to repeat; a cancel leaves the rest "not attempted".

/// How fast a job may write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pace {
    /// Requests in flight at once.
    pub in_flight: usize,
    /// Milliseconds between the starts of two writes.
    pub gap_ms: u64,
}

impl Pace {
    /// GitHub's guidance for github.com and GHEC: one at a time, a second apart.
    pub const GUIDED: Pace = Pace { in_flight: 1, gap_ms: 1000 };
    /// For servers with rate limits off (often GHES): this many in flight, no gap.
    pub const FASTEST_IN_FLIGHT: usize = 8;

    pub fn fast(in_flight: usize) -> Pace {
        Pace { in_flight: in_flight.clamp(1, Pace::FASTEST_IN_FLIGHT), gap_ms: 0 }
    }

    /// About how long `n` writes take at this pace, given a round trip of `rtt_ms`.
    pub fn estimate_ms(&self, n: usize, rtt_ms: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let per_start = self.gap_ms.max(rtt_ms / self.in_flight.max(1) as u64);
        per_start * (n as u64 - 1) + rtt_ms
    }

    /// "about 4 minutes", for the confirm dialog.
    pub fn describe_estimate(&self, n: usize, rtt_ms: u64) -> String {
        let secs = self.estimate_ms(n, rtt_ms).div_ceil(1000);
        match secs {
            0..=1 => "about a second".into(),
            2..=89 => format!("about {secs} seconds"),
            _ => format!("about {} minutes", (secs + 30) / 60),
        }
    }
}

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
}

impl ItemState {
    pub fn is_final(&self) -> bool {
        matches!(self, ItemState::Done | ItemState::Failed { .. } | ItemState::NotAttempted)
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
        // so a job never runs ahead of a failing item by more than the in-flight count.
        match self.items.iter().position(|s| *s == ItemState::Pending) {
            None => Step::Idle,
            Some(i) if now < self.not_before[i] => Step::WaitUntil(self.not_before[i]),
            Some(i) => {
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
            if *s == ItemState::Pending {
                *s = ItemState::NotAttempted;
            }
        }
    }

    /// Counts of (done, failed, not attempted, pending or in flight).
    pub fn tally(&self) -> (usize, usize, usize, usize) {
        let mut t = (0, 0, 0, 0);
        for s in &self.items {
            match s {
                ItemState::Done => t.0 += 1,
                ItemState::Failed { .. } => t.1 += 1,
                ItemState::NotAttempted => t.2 += 1,
                ItemState::Pending | ItemState::InFlight => t.3 += 1,
            }
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs a queue against a fake server: `answer(i, attempt, now)` decides each outcome, every
    /// request takes `rtt` ms, and the clock jumps to the next event. Returns the start times.
    fn simulate(q: &mut Queue, rtt: u64, mut answer: impl FnMut(usize, u32, u64) -> Outcome) -> Vec<(u64, usize)> {
        let mut now = 0u64;
        let mut flying: Vec<(u64, usize)> = vec![];
        let mut starts = vec![];
        for _ in 0..100_000 {
            loop {
                match q.poll(now) {
                    Step::Start(i) => {
                        starts.push((now, i));
                        flying.push((now + rtt, i));
                    }
                    Step::Finished => return starts,
                    Step::WaitUntil(t) => {
                        assert!(t > now, "a wait must be in the future");
                        let next_answer = flying.iter().map(|f| f.0).min();
                        now = next_answer.map_or(t, |a| a.min(t));
                        break;
                    }
                    Step::Idle => {
                        let next = flying.iter().map(|f| f.0).min().expect("idle with nothing in flight would hang");
                        now = now.max(next);
                        break;
                    }
                }
            }
            flying.sort();
            while let Some(&(t, i)) = flying.first() {
                if t > now {
                    break;
                }
                flying.remove(0);
                let outcome = answer(i, q.attempts(i), t);
                q.complete(i, outcome, t);
            }
        }
        panic!("the queue never finished");
    }

    #[test]
    fn the_guided_pace_sends_one_at_a_time_a_second_apart() {
        let mut q = Queue::new(vec![true; 5], Pace::GUIDED);
        let starts = simulate(&mut q, 100, |_, _, _| Outcome::Ok);
        let times: Vec<u64> = starts.iter().map(|s| s.0).collect();
        assert_eq!(times, vec![0, 1000, 2000, 3000, 4000]);
        assert_eq!(q.tally(), (5, 0, 0, 0));
    }

    #[test]
    fn a_slow_server_is_never_overlapped_at_the_guided_pace() {
        let mut q = Queue::new(vec![true; 3], Pace::GUIDED);
        let starts = simulate(&mut q, 2500, |_, _, _| Outcome::Ok);
        assert_eq!(starts.iter().map(|s| s.0).collect::<Vec<_>>(), vec![0, 2500, 5000]);
    }

    #[test]
    fn a_fast_pace_keeps_its_in_flight_count() {
        let mut q = Queue::new(vec![true; 8], Pace::fast(4));
        let starts = simulate(&mut q, 100, |_, _, _| Outcome::Ok);
        assert_eq!(starts.iter().filter(|s| s.0 == 0).count(), 4);
        assert_eq!(starts.iter().filter(|s| s.0 == 100).count(), 4);
    }

    #[test]
    fn a_rate_limit_pauses_everything_then_resumes_with_the_same_item_and_fails_nothing() {
        let mut q = Queue::new(vec![true; 4], Pace::GUIDED);
        let mut limited = false;
        let starts = simulate(&mut q, 100, |i, _, _| {
            if i == 1 && !limited {
                limited = true;
                Outcome::RateLimited { wait_ms: Some(30_000) }
            } else {
                Outcome::Ok
            }
        });
        // Item 1 is answered at 1100 with "wait 30 s": nothing is sent until 31100, then item 1 again.
        assert_eq!(starts, vec![(0, 0), (1000, 1), (31_100, 1), (32_100, 2), (33_100, 3)]);
        assert_eq!(q.tally(), (4, 0, 0, 0));
        assert_eq!(q.limit_hits, 1);
        assert_eq!(q.attempts(1), 1, "a rate-limited attempt is given back");
    }

    #[test]
    fn a_limit_with_no_time_waits_a_minute_and_backs_off() {
        let mut q = Queue::new(vec![true; 1], Pace::GUIDED);
        let mut hits = 0;
        let starts = simulate(&mut q, 0, |_, _, _| {
            hits += 1;
            if hits <= 3 {
                Outcome::RateLimited { wait_ms: None }
            } else {
                Outcome::Ok
            }
        });
        assert_eq!(starts.iter().map(|s| s.0).collect::<Vec<_>>(), vec![0, 60_000, 180_000, 420_000]);
        assert_eq!(q.tally(), (1, 0, 0, 0));
    }

    #[test]
    fn transient_errors_are_retried_only_when_safe_and_a_retried_404_counts_as_done() {
        // Item 0 is safe (a DELETE): 502, then 404 because the first attempt had in fact landed.
        // Item 1 is a POST that creates: a 502 fails it at once.
        // Item 2 is safe but fails three times.
        let mut q = Queue::new(vec![true, false, true], Pace::fast(1));
        simulate(&mut q, 10, |i, attempt, _| match (i, attempt) {
            (0, 1) => Outcome::Transient { message: "502".into() },
            (0, _) => Outcome::NotFound { message: "Not Found".into() },
            (1, _) => Outcome::Transient { message: "502".into() },
            _ => Outcome::Transient { message: "503".into() },
        });
        assert_eq!(q.items[0], ItemState::Done);
        assert!(matches!(&q.items[1], ItemState::Failed { reason, .. } if reason.contains("not retried")));
        assert!(matches!(&q.items[2], ItemState::Failed { reason, .. } if reason.contains("3 tries")));
        assert_eq!(q.attempts(2), MAX_ATTEMPTS);
        assert_eq!(q.retries, 3);
    }

    #[test]
    fn a_first_404_is_a_failure() {
        let mut q = Queue::new(vec![true], Pace::fast(1));
        simulate(&mut q, 10, |_, _, _| Outcome::NotFound { message: "Not Found".into() });
        assert!(matches!(q.items[0], ItemState::Failed { .. }));
    }

    #[test]
    fn cancel_leaves_the_rest_not_attempted_and_sends_nothing_more() {
        let mut q = Queue::new(vec![true; 5], Pace::GUIDED);
        assert_eq!(q.poll(0), Step::Start(0));
        q.complete(0, Outcome::Ok, 100);
        assert_eq!(q.poll(1000), Step::Start(1));
        q.cancel();
        assert_eq!(q.poll(5000), Step::Idle, "the one in flight is still awaited");
        q.complete(1, Outcome::Ok, 5000);
        assert_eq!(q.poll(6000), Step::Finished);
        assert_eq!(q.tally(), (2, 0, 3, 0));
    }

    #[test]
    fn cancel_during_a_rate_limit_wait_ends_the_job() {
        let mut q = Queue::new(vec![true; 3], Pace::GUIDED);
        assert_eq!(q.poll(0), Step::Start(0));
        q.complete(0, Outcome::RateLimited { wait_ms: Some(600_000) }, 50);
        assert_eq!(q.poll(100), Step::WaitUntil(600_050));
        q.cancel();
        assert_eq!(q.poll(200), Step::Finished);
        assert_eq!(q.tally(), (0, 0, 3, 0), "the limited item was never done: not attempted, not failed");
    }

    #[test]
    fn pause_holds_and_resume_goes_on() {
        let mut q = Queue::new(vec![true; 2], Pace::GUIDED);
        assert_eq!(q.poll(0), Step::Start(0));
        q.complete(0, Outcome::Ok, 10);
        q.pause();
        assert_eq!(q.poll(60_000), Step::Idle);
        q.resume();
        assert_eq!(q.poll(60_001), Step::Start(1));
    }

    #[test]
    fn estimates_read_like_a_person_would_say_them() {
        assert_eq!(Pace::GUIDED.describe_estimate(240, 200), "about 4 minutes");
        assert_eq!(Pace::GUIDED.describe_estimate(10, 200), "about 10 seconds");
        assert_eq!(Pace::fast(8).describe_estimate(1000, 80), "about 11 seconds");
        assert_eq!(Pace::GUIDED.describe_estimate(0, 200), "about a second");
    }
}
