use super::*;
use crate::github::models::{LabelType, RunnerLabel, RunnerStatus};

fn runner(group: Option<u64>, labels: &[&str]) -> Runner {
    let mut all = vec![RunnerLabel { id: None, name: "self-hosted".into(), label_type: Some(LabelType::ReadOnly) }];
    all.extend(labels.iter().map(|l| RunnerLabel { id: None, name: (*l).into(), label_type: Some(LabelType::Custom) }));
    Runner { id: 7, runner_group_id: group, name: "r".into(), os: "Linux".into(), status: RunnerStatus::Online, busy: false, labels: all, ephemeral: None, version: None }
}

fn group(id: u64, name: &str, inherited: bool) -> RunnerGroup {
    let mut g: RunnerGroup = serde_json::from_value(serde_json::json!({ "id": id, "name": name, "visibility": "selected", "default": false })).unwrap();
    g.inherited = Some(inherited);
    g
}

#[test]
fn the_label_records_the_group_to_go_back_to() {
    assert_eq!(recorded(&runner(Some(9), &[&label_for(12)])), Some((12, "runnerdeck-cordoned-from-12".into())));
    assert_eq!(recorded(&runner(Some(9), &["Runnerdeck-Cordoned-From-3"])).map(|r| r.0), Some(3), "GitHub labels are case-insensitive");
    for odd in ["runnerdeck-cordoned-from-", "runnerdeck-cordoned-from-x", "runnerdeck-cordoned-from--1", "gpu", "runnerdeck-cordoned-fröm-1", "ü", ""] {
        assert_eq!(recorded(&runner(Some(9), &[odd])), None, "{odd:?}");
    }
    // A read-only label of that name (applied by the runner itself) records nothing.
    let mut r = runner(None, &[]);
    r.labels[0].name = label_for(4);
    assert_eq!(recorded(&r), None);
}

#[test]
fn cordoned_means_in_the_cordon_group() {
    let groups = [group(1, "Default", false), group(5, "build", false), group(8, GROUP_NAME, false)];
    assert_eq!(State::of(&runner(Some(8), &[&label_for(5)]), &groups), State::Cordoned { back_to: Some(5) });
    assert_eq!(State::of(&runner(Some(8), &[]), &groups), State::Cordoned { back_to: None });
    assert_eq!(State::of(&runner(Some(5), &[&label_for(5)]), &groups), State::LabelOnly { back_to: 5 });
    assert_eq!(State::of(&runner(Some(5), &[]), &groups), State::InService);
    // An enterprise group of that name seen from an org is not the org's cordon group.
    let inherited = [group(1, "Default", false), group(8, GROUP_NAME, true)];
    assert_eq!(State::of(&runner(Some(8), &[]), &inherited), State::InService);
    assert!(group_of(&inherited).is_none());
}

#[test]
fn a_cordon_group_must_let_nobody_in() {
    let g = group(8, GROUP_NAME, false);
    assert!(group_is_closed(&g, 0));
    assert!(!group_is_closed(&g, 1), "someone gave a repository access");
    let mut open = g.clone();
    open.visibility = Visibility::All;
    assert!(!group_is_closed(&open, 0));
    let mut public = g;
    public.allows_public_repositories = true;
    assert!(!group_is_closed(&public, 0));
    let s = group_settings();
    assert_eq!((s.visibility, s.selected_ids.len(), s.allows_public_repositories), (Some(Visibility::Selected), 0, Some(false)));
}

#[test]
fn only_repository_scope_cannot_cordon() {
    assert!(unavailable(&Scope::Repo { owner: "o".into(), repo: "r".into() }).is_some_and(|why| why.contains("no runner group")));
    assert!(unavailable(&Scope::Org { org: "o".into() }).is_none());
    assert!(unavailable(&Scope::Enterprise { slug: "e".into() }).is_none());
}
