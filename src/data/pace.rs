//! How fast a bulk job writes, and how long it will take: for the confirm dialog and the queue.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_read_like_a_person_would_say_them() {
        assert_eq!(Pace::GUIDED.describe_estimate(240, 200), "about 4 minutes");
        assert_eq!(Pace::GUIDED.describe_estimate(10, 200), "about 10 seconds");
        assert_eq!(Pace::fast(8).describe_estimate(1000, 80), "about 11 seconds");
        assert_eq!(Pace::GUIDED.describe_estimate(0, 200), "about a second");
    }
}
