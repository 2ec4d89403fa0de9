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

/// Sorts through the positions, as the page does.
fn sort_with_offline(rows: &mut Vec<Runner>, key: SortKey, descending: bool, group_name: &dyn Fn(Option<u64>) -> String, offline_since: &dyn Fn(u64) -> Option<i64>) {
    let order = sorted_positions(rows, key, descending, group_name, offline_since);
    assert_eq!(order.len(), rows.len());
    *rows = order.into_iter().map(|i| rows[i].clone()).collect();
}

fn sort(rows: &mut Vec<Runner>, key: SortKey, descending: bool, group_name: &dyn Fn(Option<u64>) -> String) {
    sort_with_offline(rows, key, descending, group_name, &|_| None);
}

#[test]
fn the_prepared_search_answers_as_the_filter_does() {
    let mut f = fleet();
    f.push(runner(5, "ÄRM-Ünicode", "online", false, &["Größe", "x\ny"]));
    for q in ["", "runner", "RUNNER-1", "gpu", "docker", "ärm", "ünicode", "grösse", "größe", "x", "0\ngpu", " gpu ", "nothing"] {
        for status in [None, Some(Status::Offline)] {
            let filter = Filter { text: q.into(), status, ..Default::default() };
            let matches = filter.matcher();
            for r in &f {
                assert_eq!(matches(r, &search_text(r)), filter.matches(r), "{q:?} {status:?} on {}", r.name);
            }
        }
    }
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
    sort(&mut f, SortKey::Labels, true, &|_| String::new());
    assert_eq!(f.iter().map(|r| r.id).collect::<Vec<_>>(), vec![1, 3, 2, 4], "gpu+docker, gpu, docker, none");
    sort(&mut f, SortKey::Os, false, &|_| String::new());
    assert_eq!(f.iter().map(|r| r.id).collect::<Vec<_>>(), vec![1, 2, 4, 3], "linux before windows");
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
