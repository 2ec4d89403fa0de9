//! The request log behind `GET /_sandbox/log`: the last API requests, in the order they arrived,
//! with what they were answered and when, and whether the client abandoned them.
//!
//! An entry is written when a request arrives and completed when it is answered. The handler holds a
//! [`LogGuard`]; if the handler's future is dropped first (the client closed the connection, say a
//! browser aborting a fetch during the latency sleep), the guard marks the entry `aborted`.
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::{lock, now_ms, Sandbox};

/// How many requests the log keeps; older ones fall off the front.
pub const LOG_CAPACITY: usize = 20_000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LogEntry {
    /// 1, 2, 3...: never reused, not even after a clear or a reset.
    pub seq: u64,
    pub method: String,
    /// The path below `/api/v3`, with the query if there was one: `/orgs/acme/actions/runners?per_page=100`.
    pub path: String,
    /// `None` while in flight, and for requests the client abandoned.
    pub status: Option<u16>,
    /// Milliseconds since the Unix epoch.
    pub started_ms: u64,
    pub finished_ms: Option<u64>,
    pub aborted: bool,
}

struct Inner {
    /// In seq order: a seq is taken and its entry pushed under the same lock.
    entries: VecDeque<LogEntry>,
    next_seq: u64,
}

pub struct RequestLog {
    capacity: usize,
    inner: Mutex<Inner>,
}

impl RequestLog {
    pub fn new(capacity: usize) -> RequestLog {
        RequestLog { capacity: capacity.max(1), inner: Mutex::new(Inner { entries: VecDeque::new(), next_seq: 1 }) }
    }

    /// Records a request that has just arrived; returns its `seq`.
    pub fn start(&self, method: &str, path: &str) -> u64 {
        let mut inner = lock(&self.inner);
        let seq = inner.next_seq;
        inner.next_seq += 1;
        inner.entries.push_back(LogEntry { seq, method: method.to_string(), path: path.to_string(), status: None, started_ms: now_ms(), finished_ms: None, aborted: false });
        while inner.entries.len() > self.capacity {
            inner.entries.pop_front();
        }
        seq
    }

    fn update(&self, seq: u64, f: impl FnOnce(&mut LogEntry)) {
        let mut inner = lock(&self.inner);
        if let Ok(i) = inner.entries.binary_search_by_key(&seq, |e| e.seq) {
            f(&mut inner.entries[i]);
        }
    }

    pub fn finish(&self, seq: u64, status: u16) {
        let finished = now_ms();
        self.update(seq, |e| {
            e.status = Some(status);
            e.finished_ms = Some(finished);
        });
    }

    pub fn abort(&self, seq: u64) {
        self.update(seq, |e| e.aborted = true);
    }

    /// The entries with a seq above `since`, oldest first.
    pub fn since(&self, since: u64) -> Vec<LogEntry> {
        let inner = lock(&self.inner);
        let from = inner.entries.partition_point(|e| e.seq <= since);
        inner.entries.range(from..).cloned().collect()
    }

    /// Empties the log; seqs go on counting.
    pub fn clear(&self) {
        lock(&self.inner).entries.clear();
    }
}

/// Held by the handler for as long as it works on a request; completes the log entry, or marks it
/// aborted (and counts it) when dropped before [`LogGuard::finish`].
pub struct LogGuard {
    sb: Arc<Sandbox>,
    seq: u64,
    done: bool,
}

impl LogGuard {
    pub fn start(sb: &Arc<Sandbox>, method: &str, path: &str) -> LogGuard {
        let seq = sb.log.start(method, path);
        LogGuard { sb: sb.clone(), seq, done: false }
    }

    pub fn finish(mut self, status: u16) {
        self.done = true;
        self.sb.log.finish(self.seq, status);
    }
}

impl Drop for LogGuard {
    fn drop(&mut self) {
        if !self.done {
            self.sb.log.abort(self.seq);
            lock(&self.sb.counters).aborted += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_keeps_the_last_requests_in_order() {
        let log = RequestLog::new(3);
        let seqs: Vec<u64> = (0..5).map(|i| log.start("GET", &format!("/p/{i}"))).collect();
        assert_eq!(seqs, vec![1, 2, 3, 4, 5]);
        let kept = log.since(0);
        assert_eq!(kept.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![3, 4, 5]);
        log.finish(4, 204);
        log.abort(5);
        log.finish(1, 200); // fell off: ignored
        let kept = log.since(3);
        assert_eq!((kept[0].status, kept[0].aborted, kept[0].finished_ms.is_some()), (Some(204), false, true));
        assert_eq!((kept[1].status, kept[1].aborted, kept[1].finished_ms), (None, true, None));
        log.clear();
        assert!(log.since(0).is_empty());
        assert_eq!(log.start("GET", "/"), 6, "seqs are never reused");
    }
}
