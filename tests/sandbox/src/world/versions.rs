//! The runner versions of the seed: the release the downloads endpoint offers, and a spread of
//! versions behind it such as a real fleet has.

/// The runner release the downloads endpoint offers, which most seeded runners run.
pub const RUNNER_RELEASE: &str = "2.329.0";

/// A fleet as one finds it: most runners on the release offered, some one or two releases behind, a
/// few far behind, and a few offline ones that never connected and so report none. By id, so the
/// spread is the same every time.
pub(super) fn seed_version(id: u64, online: bool) -> Option<String> {
    if !online && id.is_multiple_of(3) {
        return None;
    }
    let version = match id % 20 {
        11..=13 => "2.328.0",
        14 | 15 => "2.327.1",
        16 => "2.321.0",
        17 => "2.311.0",
        _ => RUNNER_RELEASE,
    };
    Some(version.to_string())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::RUNNER_RELEASE;
    use crate::world::{SeedConfig, World};

    #[test]
    fn the_seed_has_a_realistic_spread_of_versions_and_only_offline_runners_report_none() {
        let w = World::seed(&SeedConfig::default());
        let mut per: BTreeMap<Option<&str>, usize> = BTreeMap::new();
        for r in w.runners.values() {
            *per.entry(r.version.as_deref()).or_insert(0) += 1;
            assert!(r.version.is_some() || !r.online, "{} is online, so it has connected and reports a version", r.name);
        }
        let count = |v: Option<&str>| per.get(&v).copied().unwrap_or(0);
        let total = w.runners.len();
        assert!(count(Some(RUNNER_RELEASE)) * 2 > total, "most on the release offered: {per:?}");
        assert!(count(Some("2.328.0")) >= 2 && count(Some("2.327.1")) >= 1, "some one or two behind: {per:?}");
        assert!(count(Some("2.321.0")) + count(Some("2.311.0")) >= 1, "a few far behind: {per:?}");
        assert!((1..=total / 5).contains(&count(None)), "a few not reported: {per:?}");
        assert_eq!(per.len(), 6, "{per:?}");
        assert_eq!(
            World::seed(&SeedConfig::default()).runners.values().map(|r| r.version.clone()).collect::<Vec<_>>(),
            w.runners.values().map(|r| r.version.clone()).collect::<Vec<_>>(),
            "deterministic"
        );
    }
}
