use super::*;

fn v(text: &str) -> RunnerVersion {
    RunnerVersion::parse(text).unwrap_or_else(|| panic!("{text:?} should read as a version"))
}

fn pairs(q: &[(&str, &str)]) -> Vec<(String, String)> {
    q.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn app(filename: &str) -> RunnerApplication {
    RunnerApplication {
        os: "linux".into(),
        architecture: "x64".into(),
        download_url: format!("https://x.example/{filename}"),
        filename: filename.into(),
        temp_download_token: None,
        sha256_checksum: None,
    }
}

#[test]
fn versions_parse_strictly_and_odd_ones_are_unknown_without_panicking() {
    assert_eq!(v("2.329.0"), RunnerVersion { major: 2, minor: 329, patch: 0 });
    assert_eq!(v(" 2.39.1 ").to_string(), "2.39.1");
    assert_eq!(v("02.010.0"), v("2.10.0"), "leading zeros are numbers too");
    for odd in ["", " ", "2.330.0-beta", "2.329", "2.329.0.1", "v2.329.0", "2..0", "+2.329.0", "2.-1.0", "a.b.c", "2.329.0 ", "é.é.é", "99999999999999999999.0.0", "2.329.0\n1"] {
        let parsed = RunnerVersion::parse(odd);
        // A trailing space is trimmed; everything else here is unknown.
        assert!(parsed.is_none() || odd.trim() == "2.329.0", "{odd:?} read as {parsed:?}");
    }
}

#[test]
fn versions_order_by_number_never_by_string() {
    assert!(v("2.329.0") > v("2.39.0") && v("2.39.0") > v("2.3.0"));
    assert!(v("2.330.0") > v("2.329.9") && v("3.0.0") > v("2.999.999"));
    assert!(v("2.329.10") > v("2.329.9"), "patches by number too");
    let mut list = [v("2.3.0"), v("2.329.0"), v("2.39.0"), v("2.100.0")];
    list.sort();
    assert_eq!(list.iter().map(ToString::to_string).collect::<Vec<_>>(), ["2.3.0", "2.39.0", "2.100.0", "2.329.0"]);
}

#[test]
fn how_far_behind_is_said_by_the_biggest_part_that_differs() {
    let latest = v("2.329.0");
    let says = |x: &str| behind(v(x), latest).describe(latest);
    assert_eq!(says("2.329.0"), "up to date");
    assert_eq!(says("2.326.3"), "3 minor releases behind");
    assert_eq!(says("2.328.0"), "1 minor release behind");
    assert_eq!(says("2.39.0"), "290 minor releases behind");
    assert_eq!(says("1.999.0"), "1 major release behind");
    assert_eq!(says("2.330.0"), "newer than 2.329.0");
    assert_eq!(behind(v("2.329.0"), v("2.329.2")), Behind::Patch(2));
    assert_eq!(behind(v("2.329.2"), v("2.329.2")).describe(v("2.329.2")), "up to date");
}

#[test]
fn the_breakdown_counts_each_version_newest_first_with_unknown_and_unreported_apart() {
    let reported = [Some("2.329.0"), Some("2.39.0"), None, Some("2.329.0"), Some("2.330.0-beta"), Some(""), Some("2.3.0"), Some("2.329.0"), None, Some("2.330.0-beta"), Some("2.328.0")];
    let b = breakdown(reported);
    assert_eq!(b.total, 11);
    assert_eq!(b.versions, vec![(v("2.329.0"), 3), (v("2.328.0"), 1), (v("2.39.0"), 1), (v("2.3.0"), 1)]);
    assert_eq!(b.unknown, vec![(String::new(), 1), ("2.330.0-beta".to_string(), 2)]);
    assert_eq!(b.not_reported, 2);
    assert_eq!(b.newest(), Some(v("2.329.0")));
    assert_eq!(b.versions.iter().map(|(_, n)| n).sum::<usize>() + b.unknown.iter().map(|(_, n)| n).sum::<usize>() + b.not_reported, b.total);
    assert!(b.any_reported());
}

#[test]
fn runners_behind_a_release_are_counted_without_the_unknown_ones() {
    let b = breakdown([Some("2.329.0"), Some("2.328.0"), Some("2.328.0"), Some("2.300.1"), Some("2.330.0-beta"), None]);
    assert_eq!(b.older_than(v("2.329.0")), 3);
    assert_eq!(b.older_than(v("2.330.0")), 4, "a newer offered release counts the newest seen too");
    assert_eq!(b.older_than(v("2.300.1")), 0);
    let none = breakdown([None, None]);
    assert_eq!((none.newest(), none.any_reported(), none.older_than(v("2.329.0"))), (None, false, 0));
    assert_eq!(breakdown(std::iter::empty()), Breakdown::default());
}

#[test]
fn the_offered_release_is_read_from_the_download_file_names() {
    assert_eq!(offered(&[app("actions-runner-linux-x64-2.329.0.tar.gz"), app("actions-runner-win-x64-2.329.0.zip"), app("actions-runner-osx-arm64-2.328.0.tar.gz")]), Some(v("2.329.0")));
    assert_eq!(
        offered(&[app("actions-runner-linux-x64.tar.gz"), app("runner.zip"), app(""), app("-"), app("actions-runner-linux-x64-2.330.0-beta.tar.gz")]),
        None,
        "no readable version: none offered"
    );
    assert_eq!(offered(&[]), None);
    assert_eq!(offered(&[app("2.400.1")]), Some(v("2.400.1")));
}

#[test]
fn a_server_without_the_field_is_explained_and_one_with_it_is_not() {
    let empty = breakdown([None, None]);
    assert_eq!(explanation(Some(&Server::ghes(Some("3.9.0"))), &empty).as_deref(), Some("This server (GHES 3.9) does not report runner versions; GHES 3.17 and later do."));
    assert!(explanation(Some(&Server::ghes(None)), &empty).unwrap_or_default().contains("did not say which GHES version"));
    assert_eq!(explanation(Some(&Server::ghes(Some("3.19.0"))), &empty), None, "runners that never connected are counted as not reported");
    assert_eq!(explanation(Some(&Server::ghes(Some("3.17.2"))), &empty), None);
    assert_eq!(explanation(Some(&Server::dotcom()), &empty), None);
    assert_eq!(explanation(None, &empty), None, "not known yet: nothing is claimed");
    // An old server whose runners do bring a version anyway: the data is shown.
    assert_eq!(explanation(Some(&Server::ghes(Some("3.9.0"))), &breakdown([Some("2.329.0")])), None);
}

#[test]
fn the_older_than_filter_keeps_exactly_the_readable_older_versions() {
    let f = VersionFilter { older_than: Some(v("2.329.0")), ..Default::default() };
    let kept: Vec<_> = ["2.329.0", "2.328.9", "2.39.0", "2.330.0", "2.330.0-beta", "", "3.0.0", "1.999.999"].into_iter().filter(|x| f.matches(Some(x))).collect();
    assert_eq!(kept, ["2.328.9", "2.39.0", "1.999.999"]);
    assert!(!f.matches(None), "not reported is not older");
    assert!(VersionFilter::default().matches(None) && VersionFilter::default().matches(Some("junk")));
}

#[test]
fn runners_on_one_version_match_it_by_number_or_as_reported() {
    let on = |pick: VersionPick| VersionFilter { on: Some(pick), ..Default::default() };
    let exactly = on(VersionPick::Exactly("2.329.0".into()));
    assert!(exactly.matches(Some("2.329.0")) && exactly.matches(Some(" 2.329.0")) && !exactly.matches(Some("2.329.1")) && !exactly.matches(None));
    let odd = on(VersionPick::Exactly("2.330.0-beta".into()));
    assert!(odd.matches(Some("2.330.0-beta")) && !odd.matches(Some("2.330.0")));
    let none = on(VersionPick::NotReported);
    assert!(none.matches(None) && !none.matches(Some("")) && !none.matches(Some("2.329.0")));
    let both = VersionFilter { on: Some(VersionPick::Exactly("2.300.0".into())), older_than: Some(v("2.329.0")) };
    assert!(both.matches(Some("2.300.0")) && !both.matches(Some("2.301.0")));
}

#[test]
fn the_filters_come_from_the_address_and_say_what_they_cannot_apply() {
    let mut unapplied = Vec::new();
    let f = filter_of(&pairs(&[("older_than", " 2.329.0 "), ("version", "2.328.0")]), &mut unapplied);
    assert_eq!(f, VersionFilter { on: Some(VersionPick::Exactly("2.328.0".into())), older_than: Some(v("2.329.0")) });
    assert!(unapplied.is_empty());
    assert_eq!(f.chips(), vec![("Version: 2.328.0".to_string(), "version"), ("Version older than 2.329.0".to_string(), "older_than")]);
    assert_eq!(filter_of(&pairs(&[("version", "None")]), &mut unapplied).on, Some(VersionPick::NotReported));
    assert_eq!(VersionPick::NotReported.query_value(), NOT_REPORTED);
    let f = filter_of(&pairs(&[("older_than", "2.330.0-beta"), ("version", "")]), &mut unapplied);
    assert_eq!(f, VersionFilter::default());
    assert_eq!(unapplied.len(), 1, "{unapplied:?}");
    assert!(unapplied[0].contains("“2.330.0-beta”") && unapplied[0].contains("not applied"), "{unapplied:?}");
    let long = "9".repeat(500);
    filter_of(&pairs(&[("older_than", &long)]), &mut unapplied);
    assert!(unapplied[1].chars().count() < 200, "a long value is clipped: {}", unapplied[1]);
}

#[test]
fn the_runners_list_filter_carries_the_version_filters() {
    let (filter, unapplied) = crate::view_query::filter_of(&pairs(&[("older_than", "2.329.0"), ("status", "idle")]), &[]);
    assert!(unapplied.is_empty(), "{unapplied:?}");
    assert_eq!(filter.version.older_than, Some(v("2.329.0")));
    assert!(crate::view_query::FILTER_KEYS.contains(&"older_than") && crate::view_query::FILTER_KEYS.contains(&"version"), "Clear filters clears them");
}
