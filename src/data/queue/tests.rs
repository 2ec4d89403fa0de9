//! The queue against a fake server and a fake clock.
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
    assert_eq!(q.tally(), Tally { done: 5, failed: 0, not_attempted: 0, left: 0 });
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
    assert_eq!(q.tally(), Tally { done: 4, failed: 0, not_attempted: 0, left: 0 });
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
    assert_eq!(q.tally(), Tally { done: 1, failed: 0, not_attempted: 0, left: 0 });
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
    assert_eq!(q.tally(), Tally { done: 2, failed: 0, not_attempted: 3, left: 0 });
}

#[test]
fn cancel_during_a_rate_limit_wait_ends_the_job() {
    let mut q = Queue::new(vec![true; 3], Pace::GUIDED);
    assert_eq!(q.poll(0), Step::Start(0));
    q.complete(0, Outcome::RateLimited { wait_ms: Some(600_000) }, 50);
    assert_eq!(q.poll(100), Step::WaitUntil(600_050));
    q.cancel();
    assert_eq!(q.poll(200), Step::Finished);
    assert_eq!(q.tally(), Tally { done: 0, failed: 0, not_attempted: 3, left: 0 }, "the limited item was never done: not attempted, not failed");
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
fn a_busy_runner_waits_without_holding_back_the_others_and_never_fails_for_it() {
    let mut q = Queue::new(vec![true; 2], Pace::fast(1));
    assert_eq!(q.poll(0), Step::Start(0));
    q.complete(0, Outcome::Waiting { recheck_ms: 5_000 }, 10);
    assert_eq!(q.items[0], ItemState::Waiting);
    assert_eq!(q.poll(20), Step::Start(1), "the next runner goes while the busy one waits");
    q.complete(1, Outcome::Ok, 30);
    assert_eq!(q.poll(40), Step::WaitUntil(5_010), "the busy one is looked at again after the recheck interval");
    // Busy again and again: many looks, still no failure and no attempts used up.
    let mut now = 5_010;
    for _ in 0..20 {
        assert_eq!(q.poll(now), Step::Start(0));
        q.complete(0, Outcome::Waiting { recheck_ms: 5_000 }, now);
        now += 5_000;
    }
    assert_eq!(q.attempts(0), 0);
    assert_eq!(q.tally(), Tally { done: 1, failed: 0, not_attempted: 0, left: 1 });
    // A 502 on the delete once it is idle is retried as any retry-safe write is.
    assert_eq!(q.poll(now), Step::Start(0));
    q.complete(0, Outcome::Transient { message: "502".into() }, now);
    assert_eq!(q.items[0], ItemState::Pending);
    assert_eq!(q.poll(now + 1_000), Step::Start(0));
    q.complete(0, Outcome::Ok, now + 1_100);
    assert_eq!(q.poll(now + 1_200), Step::Finished);
    assert_eq!(q.tally(), Tally { done: 2, failed: 0, not_attempted: 0, left: 0 });
}

#[test]
fn cancel_turns_waiting_runners_into_not_attempted() {
    let mut q = Queue::new(vec![true; 2], Pace::fast(1));
    assert_eq!(q.poll(0), Step::Start(0));
    q.complete(0, Outcome::Waiting { recheck_ms: 5_000 }, 10);
    assert_eq!(q.poll(20), Step::Start(1));
    q.cancel();
    assert_eq!(q.items[0], ItemState::NotAttempted);
    q.complete(1, Outcome::Waiting { recheck_ms: 5_000 }, 30);
    assert_eq!(q.items[1], ItemState::NotAttempted, "an answer after the cancel does not bring it back");
    assert_eq!(q.poll(40), Step::Finished);
}
