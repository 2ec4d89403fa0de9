use super::*;

fn org() -> Scope {
    Scope::Org { org: "acme".into() }
}

#[test]
fn only_writes_that_create_something_are_never_repeated() {
    let safe = [
        Write::DeleteRunner { runner: 1 },
        Write::SetLabels { runner: 1, labels: vec![] },
        Write::AddLabels { runner: 1, labels: vec!["x".into()] },
        Write::SetMembers { group: 2, kind: Kind::Access, ids: vec![1] },
        Write::AddToGroup { group: 2, runner: 1 },
        Write::Policy(PolicyWrite::SetRepositories(vec![1])),
    ];
    for w in safe {
        assert!(WriteOp::new(&org(), w.clone(), "r").retry_safe(), "{w:?}");
    }
    for w in [Write::RegistrationToken, Write::CreateGroup(GroupSettings::default()), Write::Jit(JitConfigRequest::default())] {
        assert!(!WriteOp::new(&org(), w.clone(), "r").retry_safe(), "{w:?}");
    }
}

#[test]
fn answers_map_to_queue_outcomes() {
    let now = 1_000;
    assert_eq!(outcome(&Ok(Answer::Nothing), now), Outcome::Ok);
    assert_eq!(outcome(&Err(ApiError::RateLimited(RateLimitKind::Secondary { retry_after: 2 })), now), Outcome::RateLimited { wait_ms: Some(2000) });
    assert_eq!(outcome(&Err(ApiError::RateLimited(RateLimitKind::Primary { reset_at: 1_030 })), now), Outcome::RateLimited { wait_ms: Some(31_000) });
    assert_eq!(outcome(&Err(ApiError::RateLimited(RateLimitKind::SecondaryUnstated)), now), Outcome::RateLimited { wait_ms: None });
    assert!(matches!(outcome(&Err(ApiError::Server { status: 502, request_id: None }), now), Outcome::Transient { .. }));
    let busy = ApiError::Validation { message: "Validation Failed".into(), errors: vec!["Runner is busy".into()] };
    assert_eq!(outcome(&Err(busy.clone()), now), Outcome::Failed { reason: "Not accepted (422): Runner is busy".into(), message: busy.to_string() });
    let named = |n: &str| ApiError::Validation { message: "Validation Failed".into(), errors: vec![format!("Runner \"{n}\" is still running a job; it cannot be deleted until the job finishes.")] };
    let (a, b) = (outcome(&Err(named("drain-00")), now), outcome(&Err(named("ünïcode-ß")), now));
    assert!(matches!((&a, &b), (Outcome::Failed { reason: x, .. }, Outcome::Failed { reason: y, .. }) if x == y && x.contains("Runner … is still running")), "{a:?} {b:?}");
}

#[test]
fn effects_show_on_the_list_without_a_refetch() {
    let runner = |id: u64| Runner {
        id,
        runner_group_id: Some(5),
        name: format!("r{id}"),
        os: "Linux".into(),
        status: crate::github::models::RunnerStatus::Offline,
        busy: false,
        labels: vec![],
        ephemeral: None,
        version: None,
    };
    let mut list = vec![runner(1), runner(2), runner(3)];
    let gpu = vec![RunnerLabel { id: None, name: "gpu".into(), label_type: None }];
    apply_effects(&mut list, &[Effect::Deleted { runner: 1 }, Effect::Labels { runner: 2, labels: gpu.clone() }, Effect::Moved { runner: 3, group: None }, Effect::Deleted { runner: 99 }], Some(1));
    assert_eq!(list.iter().map(|r| r.id).collect::<Vec<_>>(), vec![2, 3]);
    assert_eq!(list[0].labels, gpu);
    assert_eq!(list[1].runner_group_id, Some(1));
}

#[test]
fn effects_follow_what_github_answered() {
    let op = WriteOp::new(&org(), Write::AddLabels { runner: 5, labels: vec!["gpu".into()] }, "r5");
    let labels = vec![RunnerLabel { id: None, name: "gpu".into(), label_type: None }];
    assert_eq!(op.effect(&Answer::Labels(labels.clone())), Some(Effect::Labels { runner: 5, labels }));
    assert_eq!(WriteOp::new(&org(), Write::RemoveFromGroup { group: 3, runner: 5 }, "r5").effect(&Answer::Nothing), Some(Effect::Moved { runner: 5, group: None }));
    assert_eq!(WriteOp::new(&org(), Write::DeleteGroup { group: 3 }, "g").effect(&Answer::Nothing), None);
}
