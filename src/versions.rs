//! Runner versions: reading them, ordering them, the fleet's count per version, how far each is
//! behind the release the server offers, and the runners list's version filters. Pure.
use std::collections::BTreeMap;
use std::fmt;

use crate::fleet::natural_cmp;
use crate::github::models::RunnerApplication;
use crate::github::server::Product;
use crate::github::{Feature, Server};
use crate::view_query::get;

#[cfg(test)]
mod tests;

/// A runner release as the runner reports it, `major.minor.patch` (`2.329.0`). Ordered by number,
/// part by part: 2.329.0 > 2.39.0 > 2.3.0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RunnerVersion {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl RunnerVersion {
    /// Exactly three dot-separated numbers; anything else (`2.330.0-beta`, `2.329`, ``) is not a
    /// version this console can place, and is `None`.
    pub fn parse(text: &str) -> Option<RunnerVersion> {
        let mut parts = text.trim().split('.');
        let mut number = || parts.next().filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())).and_then(|p| p.parse::<u64>().ok());
        let (major, minor, patch) = (number()?, number()?, number()?);
        parts.next().is_none().then_some(RunnerVersion { major, minor, patch })
    }
}

impl fmt::Display for RunnerVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// How far a version is from the reference release.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Behind {
    Current,
    /// Newer than the reference (a server can offer an older release than a runner updated to).
    Newer,
    Patch(u64),
    Minor(u64),
    Major(u64),
}

/// The biggest part that differs says how far: 2.326.3 is 3 minor releases behind 2.329.0.
pub fn behind(v: RunnerVersion, latest: RunnerVersion) -> Behind {
    if v >= latest {
        return if v == latest { Behind::Current } else { Behind::Newer };
    }
    if v.major != latest.major {
        Behind::Major(latest.major - v.major)
    } else if v.minor != latest.minor {
        Behind::Minor(latest.minor - v.minor)
    } else {
        Behind::Patch(latest.patch - v.patch)
    }
}

impl Behind {
    pub fn describe(self, latest: RunnerVersion) -> String {
        let releases = |n: u64, kind: &str| format!("{n} {kind} release{} behind", if n == 1 { "" } else { "s" });
        match self {
            Behind::Current => "up to date".into(),
            Behind::Newer => format!("newer than {latest}"),
            Behind::Patch(n) => releases(n, "patch"),
            Behind::Minor(n) => releases(n, "minor"),
            Behind::Major(n) => releases(n, "major"),
        }
    }
}

/// How many runners report each version.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Breakdown {
    /// Versions that read as `major.minor.patch`, newest first.
    pub versions: Vec<(RunnerVersion, usize)>,
    /// Versions that do not (`2.330.0-beta`, an empty string), as reported, with their counts.
    pub unknown: Vec<(String, usize)>,
    /// Runners without a version: on a server that has the field, ones that never connected.
    pub not_reported: usize,
    pub total: usize,
}

impl Breakdown {
    pub fn newest(&self) -> Option<RunnerVersion> {
        self.versions.first().map(|(v, _)| *v)
    }

    /// Runners whose version reads as older than `v`; unknown and unreported ones are not counted.
    pub fn older_than(&self, v: RunnerVersion) -> usize {
        self.versions.iter().filter(|(x, _)| *x < v).map(|(_, n)| n).sum()
    }

    /// Whether any runner reported a version at all, readable or not.
    pub fn any_reported(&self) -> bool {
        !self.versions.is_empty() || !self.unknown.is_empty()
    }
}

/// Counts the runners' versions (`runner.version` of each).
pub fn breakdown<'a>(versions: impl IntoIterator<Item = Option<&'a str>>) -> Breakdown {
    let mut known: BTreeMap<RunnerVersion, usize> = BTreeMap::new();
    let mut unknown: BTreeMap<&str, usize> = BTreeMap::new();
    let mut b = Breakdown::default();
    for v in versions {
        b.total += 1;
        match v {
            None => b.not_reported += 1,
            Some(text) => match RunnerVersion::parse(text) {
                Some(v) => *known.entry(v).or_insert(0) += 1,
                None => *unknown.entry(text).or_insert(0) += 1,
            },
        }
    }
    b.versions = known.into_iter().rev().collect();
    b.unknown = unknown.into_iter().map(|(t, n)| (t.to_string(), n)).collect();
    crate::order::sort_by(&mut b.unknown, |a, b| natural_cmp(&a.0, &b.0));
    b
}

/// The release the downloads endpoint offers: the newest version its file names carry
/// (`actions-runner-linux-x64-2.329.0.tar.gz`), as the runner application object has no version field.
pub fn offered(apps: &[RunnerApplication]) -> Option<RunnerVersion> {
    apps.iter().filter_map(|a| version_in_filename(&a.filename)).max()
}

fn version_in_filename(name: &str) -> Option<RunnerVersion> {
    let stem = name.strip_suffix(".tar.gz").or_else(|| name.strip_suffix(".zip")).unwrap_or(name);
    RunnerVersion::parse(stem.rsplit_once('-').map_or(stem, |(_, v)| v))
}

/// Why there is no breakdown: the server does not send `version` (GHES before 3.17), and no runner
/// brought one anyway. `None` when the breakdown is shown.
pub fn explanation(server: Option<&Server>, b: &Breakdown) -> Option<String> {
    let server = server?;
    if server.has(Feature::RunnerVersion) || b.any_reported() {
        return None;
    }
    let (major, minor) = Feature::RunnerVersion.since();
    let which = match &server.product {
        Product::Ghes { version: Some((a, b)) } => format!("This server (GHES {a}.{b}) does not report runner versions"),
        _ => "This server did not say which GHES version it runs and reports no runner versions".to_string(),
    };
    Some(format!("{which}; GHES {major}.{minor} and later do."))
}

/// "Runners on this version": one as reported, or the ones that report none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VersionPick {
    Exactly(String),
    NotReported,
}

/// The query value that names the runners without a version (a runner's version is never this word).
pub const NOT_REPORTED: &str = "none";

impl VersionPick {
    pub fn query_value(&self) -> String {
        match self {
            VersionPick::Exactly(v) => v.clone(),
            VersionPick::NotReported => NOT_REPORTED.into(),
        }
    }
}

/// The runners list's version filters, each one URL key: `version=2.328.0` (or `version=none`) and
/// `older_than=2.329.0`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VersionFilter {
    pub on: Option<VersionPick>,
    /// Only runners whose version reads as older; unknown and unreported versions never match.
    pub older_than: Option<RunnerVersion>,
}

/// The query keys of the version filters, cleared with the others.
pub const KEYS: [&str; 2] = ["version", "older_than"];

impl VersionFilter {
    pub fn matches(&self, version: Option<&str>) -> bool {
        let parsed = || version.and_then(RunnerVersion::parse);
        let on = match &self.on {
            None => true,
            Some(VersionPick::NotReported) => version.is_none(),
            Some(VersionPick::Exactly(want)) => match RunnerVersion::parse(want) {
                Some(w) => parsed() == Some(w),
                None => version.is_some_and(|v| v.trim() == want.trim()),
            },
        };
        on && self.older_than.is_none_or(|limit| parsed().is_some_and(|v| v < limit))
    }

    /// Each filter in force as a chip: (what it says, the query key it clears).
    pub fn chips(&self) -> Vec<(String, &'static str)> {
        let mut chips = Vec::new();
        match &self.on {
            Some(VersionPick::Exactly(v)) => chips.push((format!("Version: {}", crate::github::redact::clip(v, 40)), "version")),
            Some(VersionPick::NotReported) => chips.push(("Version: not reported".into(), "version")),
            None => {}
        }
        if let Some(v) = self.older_than {
            chips.push((format!("Version older than {v}"), "older_than"));
        }
        chips
    }
}

/// The version filters a query asks for, saying why a value that cannot be applied is not.
pub fn filter_of(pairs: &[(String, String)], unapplied: &mut Vec<String>) -> VersionFilter {
    let value = |k: &str| get(pairs, k).map(str::trim).filter(|v| !v.is_empty());
    let on = value("version").map(|v| if v.eq_ignore_ascii_case(NOT_REPORTED) { VersionPick::NotReported } else { VersionPick::Exactly(v.to_string()) });
    let older_than = value("older_than").and_then(|v| {
        let parsed = RunnerVersion::parse(v);
        if parsed.is_none() {
            let shown = crate::github::redact::clip(v, 40);
            unapplied.push(format!("The version “{shown}” in the address (older than) is not a runner version like 2.329.0, so it is not applied."));
        }
        parsed
    });
    VersionFilter { on, older_than }
}
