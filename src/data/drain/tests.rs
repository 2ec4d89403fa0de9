use super::*;
use crate::github::models::{LabelType, RunnerLabel, RunnerStatus};

fn org() -> Scope {
    Scope::Org { org: "acme".into() }
}

fn repo() -> Scope {
    Scope::Repo { owner: "acme".into(), repo: "app".into() }
}

fn runner(id: u64, group: Option<u64>, labels: &[&str]) -> Runner {
    let labels = labels.iter().map(|l| RunnerLabel { id: None, name: (*l).into(), label_type: Some(LabelType::Custom) }).collect();
    Runner { id, runner_group_id: group, name: format!("r{id}"), os: "Linux".into(), status: RunnerStatus::Online, busy: true, labels, ephemeral: None, version: None }
}

fn group(id: u64, name: &str) -> (Scope, RunnerGroup) {
    let g = serde_json::from_value(serde_json::json!({ "id": id, "name": name, "visibility": "selected", "default": id == 1 })).unwrap();
    (org(), g)
}

fn groups(with_cordon: bool) -> Vec<(Scope, RunnerGroup)> {
    let mut g = vec![group(1, "Default"), group(5, "build")];
    if with_cordon {
        g.push(group(9, cordon::GROUP_NAME));
    }
    g
}

#[test]
fn a_drain_cordons_every_runner_before_any_delete_and_undoes_only_its_own_cordons() {
    let back = cordon::label_for(5);
    let targets = vec![(org(), runner(1, Some(5), &[])), (org(), runner(2, Some(9), &[&back])), (org(), runner(3, Some(1), &[]))];
    let p = plan(Lifecycle::Drain, &targets, &groups(true));
    let kinds: Vec<&str> = p.ops.iter().map(|o| o.doing()).collect();
    assert_eq!(kinds, ["cordoning", "cordoning", "looking; deleting it if idle", "looking; deleting it if idle", "looking; deleting it if idle"]);
    assert_eq!(p.ops[0].write, Write::Cordon { runner: 1, back_to: 5, cordon_group: 9 });
    assert_eq!(p.ops[1].write, Write::Cordon { runner: 3, back_to: 1, cordon_group: 9 });
    assert_eq!(p.runner_count(), 3);
    // Runner 1's delete undoes its cordon once that cordon was done; runner 2 was cordoned before.
    let undo: Vec<Option<(u64, usize)>> = p.undo.iter().map(|u| u.as_ref().map(|u| (runner_of(&u.op.write), u.after))).collect();
    assert_eq!(undo, [None, None, Some((1, 0)), None, Some((3, 1))]);
    let Some(Undo { op, .. }) = &p.undo[2] else { panic!("no undo") };
    assert_eq!(op.write, Write::Uncordon { runner: 1, back_to: Some(5), cordon_group: 9, label: Some(cordon::label_for(5)) }, "the label the cordon will write");
    let Some(Undo { op, .. }) = &p.undo[4] else { panic!("no undo") };
    assert_eq!(op.write, Write::Uncordon { runner: 3, back_to: None, cordon_group: 9, label: Some(cordon::label_for(1)) }, "back to Default");
    assert!(p.new_groups.is_empty());
}

fn runner_of(w: &Write) -> u64 {
    match w {
        Write::Uncordon { runner, .. } | Write::Cordon { runner, .. } | Write::DeleteWhenIdle { runner } => *runner,
        _ => 0,
    }
}

#[test]
fn cordon_and_uncordon_leave_alone_what_has_nothing_to_change() {
    let back = cordon::label_for(5);
    let targets = vec![(org(), runner(1, Some(5), &[])), (org(), runner(2, Some(9), &[&back])), (org(), runner(3, Some(5), &[&back])), (org(), runner(4, None, &[])), (repo(), runner(5, None, &[]))];
    let c = plan(Lifecycle::Cordon, &targets, &groups(false));
    assert_eq!(c.ops.len(), 1, "{:?}", c.skipped);
    assert_eq!(c.ops[0].write, Write::Cordon { runner: 1, back_to: 5, cordon_group: 0 });
    assert_eq!(c.new_groups, vec![org()], "the org's cordon group is made when the job starts");
    assert_eq!(c.skipped.len(), 4);
    assert!(c.skipped.iter().any(|s| s.starts_with("r5 (repository runners cannot be cordoned")));
    assert!(c.skipped.iter().any(|s| s.starts_with("r4 (its server does not say")));
    let u = plan(Lifecycle::Uncordon, &targets, &groups(true));
    let writes: Vec<&Write> = u.ops.iter().map(|o| &o.write).collect();
    assert_eq!(
        writes,
        [&Write::Uncordon { runner: 2, back_to: Some(5), cordon_group: 9, label: Some(back.clone()) }, &Write::Uncordon { runner: 3, back_to: Some(5), cordon_group: 9, label: Some(back.clone()) },]
    );
    assert!(u.new_groups.is_empty(), "uncordon creates nothing");
}

#[test]
fn uncordon_to_a_group_deleted_meanwhile_goes_to_default() {
    let targets = vec![(org(), runner(2, Some(9), &[&cordon::label_for(77)])), (org(), runner(3, Some(9), &[]))];
    let u = plan(Lifecycle::Uncordon, &targets, &groups(true));
    assert_eq!(u.ops[0].write, Write::Uncordon { runner: 2, back_to: None, cordon_group: 9, label: Some(cordon::label_for(77)) });
    assert_eq!(u.ops[1].write, Write::Uncordon { runner: 3, back_to: None, cordon_group: 9, label: None }, "no record: the Default group");
}

#[test]
fn a_repository_drain_deletes_when_idle_without_a_cordon() {
    let p = plan(Lifecycle::Drain, &[(repo(), runner(5, None, &[]))], &[]);
    assert_eq!(p.ops.iter().map(|o| &o.write).collect::<Vec<_>>(), [&Write::DeleteWhenIdle { runner: 5 }]);
    assert_eq!((p.uncordoned_deletes, p.undo.len(), p.new_groups.len()), (1, 1, 0));
}
