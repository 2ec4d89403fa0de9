//! The runners list as a user sees it: status words, counts, filters, sorting and label rules. Pure.
use std::cmp::Ordering;
use std::collections::BTreeSet;

use crate::github::models::{Runner, RunnerGroup, RunnerStatus};

/// GitHub's words for a runner's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Idle,
    Active,
    Offline,
}

impl Status {
    pub fn of(r: &Runner) -> Status {
        match (&r.status, r.busy) {
            (RunnerStatus::Online, true) => Status::Active,
            (RunnerStatus::Online, false) => Status::Idle,
            _ => Status::Offline,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Idle => "Idle",
            Status::Active => "Active",
            Status::Offline => "Offline",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Status::Idle => "idle",
            Status::Active => "active",
            Status::Offline => "offline",
        }
    }

    pub fn from_key(s: &str) -> Option<Status> {
        match s {
            "idle" => Some(Status::Idle),
            "active" => Some(Status::Active),
            "offline" => Some(Status::Offline),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub total: usize,
    pub online: usize,
    pub busy: usize,
    pub offline: usize,
}

pub fn counts(runners: &[Runner]) -> Counts {
    let mut c = Counts { total: runners.len(), ..Counts::default() };
    for r in runners {
        match Status::of(r) {
            Status::Offline => c.offline += 1,
            Status::Active => {
                c.online += 1;
                c.busy += 1
            }
            Status::Idle => c.online += 1,
        }
    }
    c
}

/// The filters of the runners list; each maps to one URL query parameter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Matches name or any label, case-insensitively.
    pub text: String,
    pub status: Option<Status>,
    /// All of these labels (AND).
    pub labels: Vec<String>,
    pub os: Option<String>,
    pub group: Option<u64>,
    /// Runners on one version, or older than one.
    pub version: crate::versions::VersionFilter,
}

impl Filter {
    pub fn matches(&self, r: &Runner) -> bool {
        let text = self.text.trim().to_lowercase();
        if !text.is_empty() && !r.name.to_lowercase().contains(&text) && !r.labels.iter().any(|l| l.name.to_lowercase().contains(&text)) {
            return false;
        }
        if self.status.is_some_and(|s| s != Status::of(r)) {
            return false;
        }
        if !self.labels.iter().all(|want| r.labels.iter().any(|l| l.name.eq_ignore_ascii_case(want))) {
            return false;
        }
        if self.os.as_ref().is_some_and(|os| !r.os.eq_ignore_ascii_case(os)) {
            return false;
        }
        if self.group.is_some_and(|g| r.runner_group_id != Some(g)) {
            return false;
        }
        self.version.matches(r.version.as_deref())
    }

    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// The same answer as `matches`, with the search made against [`search_text`]s made beforehand:
    /// a keystroke over 10,000 runners then lower-cases nothing but what was typed.
    pub fn matcher(&self) -> impl Fn(&Runner, &str) -> bool + '_ {
        let needle = self.text.trim().to_lowercase();
        let rest = Filter { text: String::new(), ..self.clone() };
        // A search holding a line break could match across two lines of a search text; no name or
        // label holds one, so it is answered the slow way, exactly.
        let exact = needle.contains('\n');
        move |r, haystack| if exact { self.matches(r) } else { (needle.is_empty() || haystack.contains(&needle)) && rest.matches(r) }
    }
}

/// The positions in `order` whose item in `list` passes `matches`, given its search text (made once
/// per load, as [`search_text`] does): all a keystroke costs before the view.
pub fn matching_positions<T>(list: &[T], order: &[usize], haystacks: &[String], matches: impl Fn(&T, &str) -> bool) -> Vec<usize> {
    order.iter().copied().filter(|&i| list.get(i).is_some_and(|r| matches(r, haystacks.get(i).map_or("", String::as_str)))).collect()
}

/// What the search box looks through for a runner, lower-cased once per load: its name and labels,
/// one per line (a search, typed on one line, cannot match across two).
pub fn search_text(r: &Runner) -> String {
    let mut s = r.name.to_lowercase();
    for l in &r.labels {
        s.push('\n');
        s.push_str(&l.name.to_lowercase());
    }
    s
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    #[default]
    Name,
    Status,
    Os,
    Labels,
    Group,
    Ephemeral,
    Version,
    Id,
    /// How long a runner has been offline, from the audit log: see [`sort_with_offline`].
    OfflineFor,
}

impl SortKey {
    pub const ALL: [SortKey; 9] = [SortKey::Name, SortKey::Status, SortKey::Os, SortKey::Labels, SortKey::Group, SortKey::Ephemeral, SortKey::Version, SortKey::Id, SortKey::OfflineFor];

    pub fn key(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Status => "status",
            SortKey::Os => "os",
            SortKey::Labels => "labels",
            SortKey::Group => "group",
            SortKey::Ephemeral => "ephemeral",
            SortKey::Version => "version",
            SortKey::Id => "id",
            SortKey::OfflineFor => "offline_for",
        }
    }

    pub fn from_key(s: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.key() == s)
    }
}

/// Natural order for names: `runner-2` before `runner-10`.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (a.peek().copied(), b.peek().copied()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let mut na = String::new();
                while let Some(c) = a.peek().copied().filter(char::is_ascii_digit) {
                    na.push(c);
                    a.next();
                }
                let mut nb = String::new();
                while let Some(c) = b.peek().copied().filter(char::is_ascii_digit) {
                    nb.push(c);
                    b.next();
                }
                let (ta, tb) = (na.trim_start_matches('0'), nb.trim_start_matches('0'));
                let ord = ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb)).then_with(|| na.len().cmp(&nb.len()));
                if ord != Ordering::Equal {
                    return ord;
                }
            }
            (Some(x), Some(y)) => {
                let ord = x.to_lowercase().cmp(y.to_lowercase());
                if ord != Ordering::Equal {
                    return ord;
                }
                a.next();
                b.next();
            }
        }
    }
}

/// The positions of `runners` in the chosen order, leaving `runners` as they are: a filter then
/// only picks from this order, so a keystroke sorts nothing. Ties fall back to the runner id, so the
/// order holds across refreshes. For [`SortKey::OfflineFor`] the order is by how long each runner
/// has been offline, given the instant it went offline (`offline_since`, from the audit log):
/// descending puts the longest offline first, and runners with no such instant come last either way.
pub fn sorted_positions(runners: &[Runner], key: SortKey, descending: bool, group_name: &dyn Fn(Option<u64>) -> String, offline_since: &dyn Fn(u64) -> Option<i64>) -> Vec<usize> {
    let id = |i: usize| runners[i].id;
    if key == SortKey::OfflineFor {
        let since: Vec<Option<i64>> = runners.iter().map(|r| offline_since(r.id)).collect();
        return crate::order::positions(runners.len(), &|a, b| match (since[a], since[b]) {
            // An earlier instant is a longer time offline.
            (Some(x), Some(y)) => (if descending { x.cmp(&y) } else { y.cmp(&x) }).then(id(a).cmp(&id(b))),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => id(a).cmp(&id(b)),
        });
    }
    // The text a column compares, made once per runner rather than once per comparison.
    let text: Vec<String> = match key {
        SortKey::Os => runners.iter().map(|r| r.os.to_lowercase()).collect(),
        SortKey::Labels => runners.iter().map(custom_label_text).collect(),
        SortKey::Group => runners.iter().map(|r| group_name(r.runner_group_id)).collect(),
        _ => Vec::new(),
    };
    crate::order::positions(runners.len(), &|a, b| {
        let (x, y) = (&runners[a], &runners[b]);
        let ord = match key {
            SortKey::Name => natural_cmp(&x.name, &y.name),
            SortKey::Status => Status::of(x).cmp(&Status::of(y)),
            SortKey::Os | SortKey::Labels => text[a].cmp(&text[b]),
            SortKey::Group => natural_cmp(&text[a], &text[b]),
            SortKey::Ephemeral => x.ephemeral.unwrap_or(false).cmp(&y.ephemeral.unwrap_or(false)),
            SortKey::Version => natural_cmp(x.version.as_deref().unwrap_or(""), y.version.as_deref().unwrap_or("")),
            SortKey::Id | SortKey::OfflineFor => Ordering::Equal,
        };
        let ord = if descending { ord.reverse() } else { ord };
        ord.then(x.id.cmp(&y.id))
    })
}

fn custom_label_text(r: &Runner) -> String {
    r.custom_labels().map(|l| l.name.to_lowercase()).collect::<Vec<_>>().join(",")
}

/// Every label and OS in the fleet, for the filter pickers.
pub fn facets(runners: &[Runner]) -> (Vec<String>, Vec<String>) {
    let mut labels = BTreeSet::new();
    let mut oses = BTreeSet::new();
    for r in runners {
        oses.insert(r.os.clone());
        for l in &r.labels {
            labels.insert(l.name.clone());
        }
    }
    (labels.into_iter().collect(), oses.into_iter().collect())
}

pub fn group_name(groups: &[RunnerGroup], id: Option<u64>) -> String {
    match id {
        None => String::new(),
        Some(id) => groups.iter().find(|g| g.id == id).map(|g| g.name.clone()).unwrap_or_else(|| format!("group {id}")),
    }
}

/// What changed between two loads: ids whose runner is new or differs in anything shown.
pub fn changed_ids(before: &[Runner], after: &[Runner]) -> BTreeSet<u64> {
    let old: std::collections::HashMap<u64, &Runner> = before.iter().map(|r| (r.id, r)).collect();
    after.iter().filter(|r| old.get(&r.id).is_none_or(|o| *o != *r)).map(|r| r.id).collect()
}

/// Splits what a user typed into label names: commas or newlines separate, spaces inside are kept.
pub fn parse_labels(input: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in input.split([',', '\n']) {
        let name = part.trim();
        if !name.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(name)) {
            out.push(name.to_string());
        }
    }
    out
}

/// GitHub's label rules, checked before sending: at most 100 at once, each 1–256 characters, no
/// control characters, and none may shadow a read-only label.
pub fn validate_labels(labels: &[String], read_only: &[String]) -> Result<(), String> {
    if labels.len() > 100 {
        return Err(format!("{} labels: GitHub takes at most 100 at once.", labels.len()));
    }
    for l in labels {
        if l.chars().count() > 256 {
            return Err(format!("“{}…” is longer than 256 characters.", l.chars().take(24).collect::<String>()));
        }
        if l.chars().any(char::is_control) {
            return Err(format!("“{}” contains a control character.", l.escape_debug()));
        }
        if read_only.iter().any(|r| r.eq_ignore_ascii_case(l)) {
            return Err(format!("“{l}” is a read-only label the runner sets itself; it cannot be added as a custom label."));
        }
    }
    Ok(())
}

/// The diff of a label replacement: (kept, added, removed), case-insensitive like GitHub.
pub fn label_diff(current: &[String], proposed: &[String]) -> (Vec<String>, Vec<String>, Vec<String>) {
    let has = |list: &[String], x: &str| list.iter().any(|l| l.eq_ignore_ascii_case(x));
    let kept = proposed.iter().filter(|p| has(current, p)).cloned().collect();
    let added = proposed.iter().filter(|p| !has(current, p)).cloned().collect();
    let removed = current.iter().filter(|c| !has(proposed, c)).cloned().collect();
    (kept, added, removed)
}

#[cfg(test)]
mod tests;
