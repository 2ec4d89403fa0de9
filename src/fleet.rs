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

/// Sorts in place; ties fall back to the runner id so the order is stable across refreshes.
pub fn sort(runners: &mut [Runner], key: SortKey, descending: bool, group_name: &dyn Fn(Option<u64>) -> String) {
    runners.sort_by(|a, b| {
        let ord = match key {
            SortKey::Name => natural_cmp(&a.name, &b.name),
            SortKey::Status => Status::of(a).cmp(&Status::of(b)),
            SortKey::Os => a.os.to_lowercase().cmp(&b.os.to_lowercase()),
            SortKey::Labels => custom_label_text(a).cmp(&custom_label_text(b)),
            SortKey::Group => natural_cmp(&group_name(a.runner_group_id), &group_name(b.runner_group_id)),
            SortKey::Ephemeral => a.ephemeral.unwrap_or(false).cmp(&b.ephemeral.unwrap_or(false)),
            SortKey::Version => natural_cmp(a.version.as_deref().unwrap_or(""), b.version.as_deref().unwrap_or("")),
            SortKey::Id => a.id.cmp(&b.id),
            // The runner alone does not say; `sort_with_offline` knows.
            SortKey::OfflineFor => Ordering::Equal,
        };
        let ord = if descending { ord.reverse() } else { ord };
        ord.then(a.id.cmp(&b.id))
    });
}

/// As [`sort`], and for [`SortKey::OfflineFor`] by how long each runner has been offline, given the
/// instant it went offline (`offline_since`, from the audit log): descending puts the longest offline
/// first. Runners with no such instant (online, or not known) come last either way.
pub fn sort_with_offline(runners: &mut [Runner], key: SortKey, descending: bool, group_name: &dyn Fn(Option<u64>) -> String, offline_since: &dyn Fn(u64) -> Option<i64>) {
    if key != SortKey::OfflineFor {
        return sort(runners, key, descending, group_name);
    }
    runners.sort_by(|a, b| match (offline_since(a.id), offline_since(b.id)) {
        // An earlier instant is a longer time offline.
        (Some(x), Some(y)) => (if descending { x.cmp(&y) } else { y.cmp(&x) }).then(a.id.cmp(&b.id)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.id.cmp(&b.id),
    });
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
mod tests {
    use super::*;
    use crate::github::models::{LabelType, RunnerLabel};

    fn runner(id: u64, name: &str, status: &str, busy: bool, labels: &[&str]) -> Runner {
        let mut all = vec![RunnerLabel { id: None, name: "self-hosted".into(), label_type: Some(LabelType::ReadOnly) }];
        all.extend(labels.iter().map(|l| RunnerLabel { id: None, name: l.to_string(), label_type: Some(LabelType::Custom) }));
        Runner {
            id,
            runner_group_id: Some(if id.is_multiple_of(2) { 2 } else { 3 }),
            name: name.into(),
            os: if id.is_multiple_of(3) { "Windows".into() } else { "Linux".into() },
            status: RunnerStatus::from(status.to_string()),
            busy,
            labels: all,
            ephemeral: Some(id == 4),
            version: Some(format!("2.{id}.0")),
        }
    }

    fn fleet() -> Vec<Runner> {
        vec![
            runner(1, "runner-10", "online", false, &["gpu", "docker"]),
            runner(2, "runner-2", "online", true, &["docker"]),
            runner(3, "build-1", "offline", false, &["gpu"]),
            runner(4, "Runner-1", "offline", true, &[]),
        ]
    }

    #[test]
    fn status_follows_github_words() {
        let f = fleet();
        assert_eq!(f.iter().map(|r| Status::of(r).label()).collect::<Vec<_>>(), vec!["Idle", "Active", "Offline", "Offline"]);
        assert_eq!(counts(&f), Counts { total: 4, online: 2, busy: 1, offline: 2 });
    }

    #[test]
    fn filters_combine() {
        let f = fleet();
        let ids = |filter: Filter| f.iter().filter(|r| filter.matches(r)).map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(ids(Filter { text: "RUNNER".into(), ..Default::default() }), vec![1, 2, 4]);
        assert_eq!(ids(Filter { text: "gpu".into(), ..Default::default() }), vec![1, 3], "text matches labels too");
        assert_eq!(ids(Filter { labels: vec!["gpu".into(), "docker".into()], ..Default::default() }), vec![1], "labels AND");
        assert_eq!(ids(Filter { status: Some(Status::Offline), ..Default::default() }), vec![3, 4]);
        assert_eq!(ids(Filter { os: Some("windows".into()), ..Default::default() }), vec![3]);
        assert_eq!(ids(Filter { group: Some(2), status: Some(Status::Active), ..Default::default() }), vec![2]);
    }

    #[test]
    fn sorting_is_natural_stable_and_reversible() {
        let mut f = fleet();
        sort(&mut f, SortKey::Name, false, &|_| String::new());
        assert_eq!(f.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), vec!["build-1", "Runner-1", "runner-2", "runner-10"]);
        sort(&mut f, SortKey::Name, true, &|_| String::new());
        assert_eq!(f[0].name, "runner-10");
        sort(&mut f, SortKey::Status, false, &|_| String::new());
        assert_eq!(f.iter().map(|r| r.id).collect::<Vec<_>>(), vec![1, 2, 3, 4], "Idle, Active, Offline; ties by id");
        sort(&mut f, SortKey::Group, false, &|g| format!("g{}", g.unwrap()));
        assert_eq!(f.iter().map(|r| r.id).collect::<Vec<_>>(), vec![2, 4, 1, 3]);
        assert_eq!(natural_cmp("a01", "a1"), Ordering::Greater);
        let since = |id: u64| match id {
            3 => Some(100),
            4 => Some(50),
            _ => None,
        };
        sort_with_offline(&mut f, SortKey::OfflineFor, true, &|_| String::new(), &since);
        assert_eq!(f.iter().map(|r| r.id).collect::<Vec<_>>(), vec![4, 3, 1, 2], "longest offline first, the rest by id");
        sort_with_offline(&mut f, SortKey::OfflineFor, false, &|_| String::new(), &since);
        assert_eq!(f.iter().map(|r| r.id).collect::<Vec<_>>(), vec![3, 4, 1, 2]);
    }

    #[test]
    fn changes_are_detected_per_runner() {
        let before = fleet();
        let mut after = fleet();
        after[1].busy = false;
        after.push(runner(9, "new", "online", false, &[]));
        assert_eq!(changed_ids(&before, &after).into_iter().collect::<Vec<_>>(), vec![2, 9]);
    }

    #[test]
    fn labels_parse_validate_and_diff() {
        assert_eq!(parse_labels(" gpu, docker ,GPU,\n🚀 fast,,"), vec!["gpu", "docker", "🚀 fast"]);
        assert!(validate_labels(&["gpu".into()], &["Linux".into()]).is_ok());
        assert!(validate_labels(&["linux".into()], &["Linux".into()]).unwrap_err().contains("read-only"));
        assert!(validate_labels(&["a\u{7}".into()], &[]).is_err());
        assert!(validate_labels(&["x".repeat(300)], &[]).is_err());
        assert!(validate_labels(&vec!["x".to_string(); 101], &[]).is_err());
        let (kept, added, removed) = label_diff(&["gpu".into(), "docker".into()], &["GPU".into(), "arm".into()]);
        assert_eq!((kept, added, removed), (vec!["GPU".to_string()], vec!["arm".to_string()], vec!["docker".to_string()]));
    }
}
