//! The audit log's `phrase`: `key:value` qualifiers as GitHub's "Searching the audit log" pages
//! describe them. The same key given twice is either (`actor:a actor:b`), different keys must all
//! hold, `-key:value` excludes. `action:org` is the whole `org` category, `action:org.x` one action.
//! `created:` takes a date or date-time with `>=`, `>`, `<=`, `<` or a `a..b` range. Free text finds
//! nothing ("you cannot search for entries using text"), and neither does a key no entry carries here.

/// What a phrase is matched against, for one entry.
pub struct Entry<'a> {
    pub action: &'a str,
    pub actor: Option<&'a str>,
    pub org: Option<&'a str>,
    /// `owner/name`.
    pub repo: Option<String>,
    pub business: &'a str,
    pub operation: &'a str,
    pub at_ms: u64,
}

#[derive(Debug, PartialEq)]
struct Term {
    negated: bool,
    key: String,
    value: String,
}

#[derive(Debug, Default, PartialEq)]
pub struct Phrase {
    terms: Vec<Term>,
}

impl Phrase {
    pub fn parse(text: &str) -> Phrase {
        let mut terms = Vec::new();
        for token in tokens(text) {
            if token == "AND" || token == "OR" {
                continue;
            }
            let (negated, rest) = match token.strip_prefix('-') {
                Some(rest) if !rest.is_empty() => (true, rest),
                _ => (false, token.as_str()),
            };
            let (key, value) = rest.split_once(':').unwrap_or(("", rest));
            terms.push(Term { negated, key: key.to_lowercase(), value: value.trim_matches('"').to_string() });
        }
        Phrase { terms }
    }

    /// Whether the phrase says when: without it, GitHub answers the last three months only.
    pub fn has_created(&self) -> bool {
        self.terms.iter().any(|t| t.key == "created" && !t.negated)
    }

    pub fn matches(&self, e: &Entry) -> bool {
        let mut keys: Vec<&str> = self.terms.iter().filter(|t| !t.negated).map(|t| t.key.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        let any_of = |key: &str| self.terms.iter().filter(|t| !t.negated && t.key == key).any(|t| term_matches(t, e));
        keys.iter().all(|k| any_of(k)) && !self.terms.iter().filter(|t| t.negated).any(|t| term_matches(t, e))
    }
}

/// Splits on whitespace, keeping a quoted value (`repo:"a b"`) whole.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn term_matches(t: &Term, e: &Entry) -> bool {
    let same = |field: Option<&str>| field.is_some_and(|f| f.eq_ignore_ascii_case(&t.value));
    match t.key.as_str() {
        "action" if t.value.contains('.') => e.action.eq_ignore_ascii_case(&t.value),
        "action" => e.action.split('.').next().is_some_and(|c| c.eq_ignore_ascii_case(&t.value)),
        "actor" => same(e.actor),
        "org" => same(e.org),
        "repo" => same(e.repo.as_deref()),
        "business" => same(Some(e.business)),
        "operation" => same(Some(e.operation)),
        "created" => created_range(&t.value).is_some_and(|(lo, hi)| e.at_ms >= lo && e.at_ms < hi),
        _ => false,
    }
}

/// `[from, to)` in milliseconds for a `created:` value; `None` when it cannot be read.
fn created_range(value: &str) -> Option<(u64, u64)> {
    if let Some((a, b)) = value.split_once("..") {
        let lo = if a == "*" { 0 } else { instant(a)?.0 };
        let hi = if b == "*" { u64::MAX } else { instant(b)?.1 };
        return Some((lo, hi));
    }
    for (op, f) in [(">=", 0), ("<=", 1), (">", 2), ("<", 3)] {
        if let Some(rest) = value.strip_prefix(op) {
            let (start, end) = instant(rest)?;
            return Some(match f {
                0 => (start, u64::MAX),
                1 => (0, end),
                2 => (end, u64::MAX),
                _ => (0, start),
            });
        }
    }
    instant(value)
}

/// A date (the whole day) or a date-time (that second), as `[start, end)` in milliseconds, UTC.
fn instant(text: &str) -> Option<(u64, u64)> {
    let (date, time) = match text.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (text, None),
    };
    let mut parts = date.split('-');
    let (y, m, d) = (parts.next()?.parse::<i64>().ok()?, parts.next()?.parse::<u32>().ok()?, parts.next()?.parse::<u32>().ok()?);
    if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) || date.len() != 10 {
        return None;
    }
    let day_start = u64::try_from(days_from_civil(y, m, d)).ok()? * 86_400_000;
    let Some(time) = time else { return Some((day_start, day_start + 86_400_000)) };
    // HH:MM:SS, then Z or ±HH:MM.
    let (clock, offset) = match time.find(['Z', '+', '-']) {
        Some(i) => time.split_at(i),
        None => (time, ""),
    };
    let mut hms = clock.split(':').map(|p| p.parse::<u64>().ok());
    let (h, min, s) = (hms.next()??, hms.next()??, hms.next().flatten().unwrap_or(0));
    if h > 23 || min > 59 || s > 59 {
        return None;
    }
    let offset_ms: i64 = match offset {
        "" | "Z" => 0,
        o => {
            let sign = if o.starts_with('-') { -1 } else { 1 };
            let (oh, om) = o.get(1..)?.split_once(':')?;
            sign * (oh.parse::<i64>().ok()? * 60 + om.parse::<i64>().ok()?) * 60_000
        }
    };
    let at = u64::try_from(day_start as i64 + ((h * 3600 + min * 60 + s) * 1000) as i64 - offset_ms).ok()?;
    Some((at, at + 1000))
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &'static str, actor: Option<&'static str>, at_ms: u64) -> Entry<'static> {
        Entry { action, actor, org: Some("acme-platform"), repo: None, business: "acme", operation: "create", at_ms }
    }

    #[test]
    fn qualifiers_or_within_a_key_and_within_across_keys() {
        let reg = entry("org.register_self_hosted_runner", Some("octo-admin"), 0);
        let online = entry("org.self_hosted_runner_online", None, 0);
        let p = Phrase::parse("action:org.register_self_hosted_runner action:org.self_hosted_runner_online");
        assert!(p.matches(&reg) && p.matches(&online));
        let p = Phrase::parse("action:org.register_self_hosted_runner actor:org-admin");
        assert!(!p.matches(&reg), "different keys must all hold");
        assert!(Phrase::parse("action:org actor:OCTO-ADMIN").matches(&reg), "a category, and names without case");
        assert!(!Phrase::parse("action:org.register").matches(&reg), "an action is matched whole");
        assert!(!Phrase::parse("-actor:octo-admin").matches(&reg) && Phrase::parse("-actor:octo-admin").matches(&online));
        assert!(!Phrase::parse("octo-admin").matches(&reg), "free text finds nothing");
        assert!(!Phrase::parse("country:de").matches(&reg));
        assert!(Phrase::parse("").matches(&reg) && Phrase::parse("action:org AND actor:octo-admin").matches(&reg));
    }

    #[test]
    fn created_takes_dates_times_comparisons_and_ranges() {
        let day = 86_400_000;
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2023, 11, 14), 19_675);
        let at = 19_675 * day + (22 * 3600 + 13 * 60 + 20) * 1000;
        let e = entry("org.x", None, at);
        for yes in ["created:2023-11-14", "created:>=2023-11-14", "created:<2023-11-15", "created:2023-11-01..2023-11-30", "created:>2023-11-14T22:00:00Z", "created:2023-11-14T23:13:20+01:00"] {
            assert!(Phrase::parse(yes).matches(&e), "{yes}");
        }
        for no in ["created:2023-11-13", "created:>2023-11-14", "created:<=2023-11-13", "created:2023-12-01..*", "created:yesterday", "created:2023-13-01"] {
            assert!(!Phrase::parse(no).matches(&e), "{no}");
        }
        assert!(Phrase::parse("created:>=2023-01-01").has_created() && !Phrase::parse("actor:a").has_created());
    }
}
