//! When a token or a JIT config stops working: GitHub's timestamps, read without trusting them, and
//! the countdown the page shows.

/// How long a JIT config lasts. The REST documentation of `generate-jitconfig` gives the response
/// no `expires_at` and states no lifetime; a JIT runner that has not started within about an hour
/// is observed to be gone (actions/runner issue 4248), so the page treats it as expiring one hour
/// after it was created, like a registration token.
pub const JIT_CONFIG_LIFETIME_SECS: i64 = 3600;

/// Registration and remove tokens last an hour; used when the server's `expires_at` cannot be read.
const TOKEN_LIFETIME_SECS: i64 = 3600;

/// When a secret expires, as the page learns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expiry {
    /// The server's `expires_at`.
    At(String),
    /// A lifetime counted from when the page received it.
    After(i64),
}

impl Expiry {
    /// Unix seconds. An unreadable `expires_at` counts as a token's usual hour, so the secret still
    /// leaves the page.
    pub fn resolve(&self, now: i64) -> i64 {
        match self {
            Expiry::At(s) => parse_timestamp(s).unwrap_or(now + TOKEN_LIFETIME_SECS),
            Expiry::After(secs) => now + secs,
        }
    }
}

/// The number in `s[range]` when every byte there is an ASCII digit. `get` keeps a range that would
/// cut a multi-byte character from panicking.
fn digits(s: &str, range: std::ops::Range<usize>) -> Option<i64> {
    let part = s.get(range)?;
    if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

/// Parses GitHub's `2026-11-21T23:14:10Z` (or with an offset or fraction) to Unix seconds.
pub fn parse_timestamp(s: &str) -> Option<i64> {
    let t = s.trim();
    let b = t.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || (b[10] != b'T' && b[10] != b't' && b[10] != b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (y, mo, d) = (digits(t, 0..4)?, digits(t, 5..7)?, digits(t, 8..10)?);
    let (h, mi, sec) = (digits(t, 11..13)?, digits(t, 14..16)?, digits(t, 17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    // Bytes 0..19 are ASCII digits and separators, so 19 is a character boundary.
    let mut rest = t.get(19..)?;
    if let Some(frac) = rest.strip_prefix('.') {
        rest = frac.trim_start_matches(|c: char| c.is_ascii_digit());
        if rest.len() == frac.len() {
            return None;
        }
    }
    let offset = match rest {
        "" | "Z" | "z" => 0,
        tz if tz.len() == 6 && tz.as_bytes()[3] == b':' => {
            let sign = match tz.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (oh, om) = (digits(tz, 1..3)?, digits(tz, 4..6)?);
            if oh > 23 || om > 59 {
                return None;
            }
            sign * (oh * 3600 + om * 60)
        }
        _ => return None,
    };
    // Days from civil (Howard Hinnant).
    let y2 = if mo <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * (if mo > 2 { mo - 3 } else { mo + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + h * 3600 + mi * 60 + sec - offset)
}

/// "expires in 59:12", or "expired".
pub fn countdown(expires_at: i64, now: i64) -> String {
    let left = expires_at - now;
    if left <= 0 {
        return "expired".into();
    }
    if left >= 3600 {
        format!("expires in {}:{:02}:{:02}", left / 3600, left / 60 % 60, left % 60)
    } else {
        format!("expires in {}:{:02}", left / 60, left % 60)
    }
}
