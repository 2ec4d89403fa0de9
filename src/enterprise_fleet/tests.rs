use super::*;
use crate::github::models::{LabelType, RunnerLabel, RunnerStatus};

fn runner(id: u64, name: &str, online: bool, busy: bool, labels: &[&str]) -> Runner {
    let mut all = vec![RunnerLabel { id: None, name: "self-hosted".into(), label_type: Some(LabelType::ReadOnly) }];
    all.extend(labels.iter().map(|l| RunnerLabel { id: None, name: l.to_string(), label_type: Some(LabelType::Custom) }));
    Runner {
        id,
        runner_group_id: Some(1),
        name: name.into(),
        os: "Linux".into(),
        status: RunnerStatus::from(if online { "online" } else { "offline" }.to_string()),
        busy,
        labels: all,
        ephemeral: None,
        version: None,
    }
}

fn fleet() -> Vec<FleetRunner> {
    let e = Scope::Enterprise { slug: "acme".into() };
    let o = |org: &str| Scope::Org { org: org.into() };
    let r = |owner: &str, repo: &str| Scope::Repo { owner: owner.into(), repo: repo.into() };
    vec![
        FleetRunner { scope: e.clone(), runner: runner(1, "ent-1", true, true, &["gpu"]), group: "Default".into() },
        FleetRunner { scope: e, runner: runner(2, "ent-2", false, false, &["gpu"]), group: "gpu-fleet".into() },
        FleetRunner { scope: o("acme-org-10"), runner: runner(3, "org-a", true, false, &["ci"]), group: "Default".into() },
        FleetRunner { scope: o("acme-org-2"), runner: runner(4, "org-b", false, false, &["ci"]), group: "build".into() },
        FleetRunner { scope: r("acme-org-2", "svc-1"), runner: runner(5, "repo-a", false, false, &[]), group: String::new() },
        FleetRunner { scope: r("acme-org-10", "svc-9"), runner: runner(6, "repo-b", true, true, &["pool-1"]), group: String::new() },
    ]
}

fn pairs(q: &[(&str, &str)]) -> Vec<(String, String)> {
    q.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// Sorts through the positions, as the page does.
fn sort(rows: &mut Vec<FleetRunner>, key: FleetSort, descending: bool) {
    let order = sorted_positions(rows, key, descending);
    *rows = order.into_iter().map(|i| rows[i].clone()).collect();
}

fn names(rows: &[FleetRunner]) -> Vec<&str> {
    rows.iter().map(|r| r.runner.name.as_str()).collect()
}

#[test]
fn a_runner_knows_its_level_org_and_repository() {
    let f = fleet();
    assert_eq!((f[0].level(), f[0].org(), f[0].repo()), (Level::Enterprise, "", ""));
    assert_eq!((f[3].level(), f[3].org(), f[3].repo()), (Level::Org, "acme-org-2", ""));
    assert_eq!((f[4].level(), f[4].org(), f[4].repo()), (Level::Repo, "acme-org-2", "svc-1"));
}

#[test]
fn the_query_filters_by_scope_org_group_status_and_label() {
    let f = fleet();
    let shown = |q: &[(&str, &str)]| {
        let (filter, unapplied) = filter_of(&pairs(q));
        assert!(unapplied.is_empty(), "{unapplied:?}");
        f.iter().filter(|r| filter.matches(r)).map(|r| r.runner.name.clone()).collect::<Vec<_>>()
    };
    assert_eq!(shown(&[("status", "offline")]), ["ent-2", "org-b", "repo-a"], "offline across the enterprise");
    assert_eq!(shown(&[("scope", "repo")]), ["repo-a", "repo-b"]);
    assert_eq!(shown(&[("org", "ACME-ORG-2")]), ["org-b", "repo-a"], "an org's own runners and its repositories'");
    assert_eq!(shown(&[("group", "default")]), ["ent-1", "org-a"], "a group by name, in any scope");
    assert_eq!(shown(&[("label", "gpu"), ("status", "active")]), ["ent-1"]);
    assert_eq!(shown(&[("q", "repo")]), ["repo-a", "repo-b"]);
    for q in ["repo", "GPU", "ent-", "pool-1", "self-hosted", "x"] {
        let (filter, _) = filter_of(&pairs(&[("q", q)]));
        let matcher = filter.matcher();
        for r in &f {
            assert_eq!(matcher(r, &search_text(r)), filter.matches(r), "{q} on {}", r.runner.name);
        }
    }
    let (_, unapplied) = filter_of(&pairs(&[("scope", "galaxy")]));
    assert_eq!(unapplied.len(), 1, "a scope that is none of the three is said, not dropped");
}

#[test]
fn sorting_by_each_column_is_stable_and_reversible() {
    let mut f = fleet();
    sort(&mut f, FleetSort::Org, false);
    assert_eq!(names(&f), ["ent-1", "ent-2", "org-b", "repo-a", "org-a", "repo-b"], "natural order: org-2 before org-10, ties by scope");
    sort(&mut f, FleetSort::Scope, true);
    assert_eq!(names(&f)[..2], ["repo-b", "repo-a"], "repository runners first when descending, ties by scope then id");
    sort(&mut f, FleetSort::Labels, false);
    assert_eq!(names(&f), ["repo-a", "org-a", "org-b", "ent-1", "ent-2", "repo-b"], "by custom labels, then scope and id");
    sort(&mut f, FleetSort::Busy, true);
    assert_eq!(names(&f)[..2], ["ent-1", "repo-b"]);
    for key in FleetSort::ALL {
        assert_eq!(FleetSort::from_key(key.key()), Some(key));
    }
    assert_eq!(sort_of(&pairs(&[("sort", "repo"), ("desc", "1")])), (FleetSort::Repo, true));
    assert_eq!(sort_of(&pairs(&[("sort", "nonsense")])), (FleetSort::Name, false));
}

#[test]
fn facets_count_every_value_and_the_breakdown_sums_to_the_fleet() {
    let f = fleet();
    let facets = facets(&f);
    assert_eq!(facets.levels, [(Level::Enterprise, 2), (Level::Org, 2), (Level::Repo, 2)]);
    assert_eq!(facets.orgs, [("acme-org-2".to_string(), 2), ("acme-org-10".to_string(), 2)]);
    assert_eq!(facets.statuses, [(Status::Idle, 1), (Status::Active, 2), (Status::Offline, 3)]);
    assert_eq!(facets.labels[0], ("self-hosted".to_string(), 6), "most common first");
    assert_eq!(facets.groups, ["Default", "build", "gpu-fleet"]);
    let b = breakdown(&f);
    assert_eq!(b.iter().map(|(o, _)| o.as_str()).collect::<Vec<_>>(), ["acme-org-2", "acme-org-10", ""]);
    assert_eq!(b[0].1, Counts { total: 2, online: 0, busy: 0, offline: 2 });
    assert_eq!(b[1].1, Counts { total: 2, online: 2, busy: 1, offline: 0 });
    assert_eq!(b.iter().map(|(_, c)| c.total).sum::<usize>(), f.len());
}

#[test]
fn exports_carry_the_scope_columns_and_defuse_formulas() {
    let mut f = fleet();
    f[4].runner.name = "=HYPERLINK(\"x\")".into();
    let csv = to_csv(&f);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], CSV_HEADER.join(","));
    assert!(lines[1].starts_with("enterprise,,,1,ent-1,Active,true,"), "{}", lines[1]);
    assert!(lines[5].starts_with("repo,acme-org-2,svc-1,5,\"'=HYPERLINK(\"\"x\"\")\",Offline"), "{}", lines[5]);
    let json: serde_json::Value = serde_json::from_str(&to_json(&f)).expect("JSON");
    assert_eq!(json[4]["scope"], "repo");
    assert_eq!(json[4]["organization"], "acme-org-2");
    assert_eq!(json[4]["repository"], "svc-1");
    assert_eq!(json[0]["organization"], serde_json::Value::Null);
    assert_eq!(json[2]["runner_group"], "Default");
}

#[test]
fn a_fleet_runner_round_trips_through_json_for_the_saved_scan() {
    let f = fleet();
    let text = serde_json::to_string(&f).expect("serializes");
    let back: Vec<FleetRunner> = serde_json::from_str(&text).expect("deserializes");
    assert_eq!(back, f);
}
