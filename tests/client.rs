//! The real transport in headless Chromium against the sandbox: fetch-all with concurrency, ETag/304,
//! errors, retries, network failure, and every operation once.
#![cfg(target_arch = "wasm32")]
mod common;

use std::cell::RefCell;
use std::rc::Rc;

use common::*;
use runnerdeck::github::error::RateLimitKind;
use runnerdeck::github::models::*;
use runnerdeck::github::paginate::Completeness;
use runnerdeck::github::request::{self as ops, Scope};
use runnerdeck::github::{ApiBase, ApiError, Client, Token};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn org() -> Scope {
    Scope::Org { org: "acme-platform".into() }
}

#[wasm_bindgen_test]
async fn fetch_all_loads_ten_thousand_runners_concurrently() {
    let api = big_sandbox_api();
    reset_sandbox(&api).await;
    let client = client_for(&api, "sandbox-admin");
    let progress = Rc::new(RefCell::new(Vec::new()));
    let p = progress.clone();
    let loaded = client.all_runners(&org(), None, &move |done, total| p.borrow_mut().push((done, total))).await.unwrap();
    assert_eq!(loaded.items.len(), 10_012);
    assert_eq!(loaded.completeness, Completeness::Complete);
    let mut ids: Vec<u64> = loaded.items.iter().map(|r| r.id).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "page order keeps the server's id order");
    ids.dedup();
    assert_eq!(ids.len(), 10_012, "no duplicates");
    assert_eq!(progress.borrow().last(), Some(&(101, 101)));
    let c = counters(&api).await;
    assert_eq!(c["total"], 101, "one request per page of 100: {c}");
    assert_eq!(client.stats().requests, 101);
}

#[wasm_bindgen_test]
async fn a_refresh_of_unchanged_data_costs_304s_and_a_write_is_seen_at_once() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let client = client_for(&api, "sandbox-admin");
    let first = client.all_runners(&org(), None, &|_, _| {}).await.unwrap();
    zero_counters(&api).await;

    let again = client.all_runners(&org(), None, &|_, _| {}).await.unwrap();
    assert_eq!(again.items, first.items);
    let c = counters(&api).await;
    assert_eq!((c["total"].as_u64(), c["not_modified"].as_u64()), (Some(1), Some(1)), "the refresh was one 304: {c}");
    assert_eq!(client.stats().not_modified, 1);

    // A write, then a read within the server's max-age: the new label must show.
    let id = first.items[0].id;
    client.send(ops::add_custom_labels(&org(), id, &["fresh-label".into()])).await.unwrap();
    let after = client.all_runners(&org(), None, &|_, _| {}).await.unwrap();
    let runner = after.items.iter().find(|r| r.id == id).unwrap();
    assert!(runner.labels.iter().any(|l| l.name == "fresh-label"), "stale data after a write: {:?}", runner.labels);
    let c = counters(&api).await;
    assert_eq!(c["ok"], 2, "the write and a full 200 read: {c}");
    assert!(client.rate_limit().is_some_and(|r| r.limit == 5000));
}

#[wasm_bindgen_test]
async fn bad_credentials_and_missing_scopes_are_named() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let bad = client_for(&api, "not-a-real-token").send(ops::get_authenticated_user()).await.unwrap_err();
    assert_eq!(bad, ApiError::BadCredentials);
    assert!(!bad.to_string().contains("not-a-real-token"));

    let err = client_for(&api, "sandbox-repo").send(ops::list_runners(&org(), None, 1)).await.unwrap_err();
    match &err {
        ApiError::MissingScope { needed, granted } => {
            assert_eq!(needed, &vec!["admin:org".to_string()]);
            assert_eq!(granted, &vec!["repo".to_string()]);
        }
        other => panic!("expected a missing scope, got {other:?}"),
    }
    assert!(err.to_string().contains("admin:org"));
}

#[wasm_bindgen_test]
async fn an_injected_502_is_retried_and_a_write_is_not() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    set_faults(&api, serde_json::json!({ "force": [{ "method": "GET", "path": "/user", "status": 502, "times": 1 }] })).await;
    let client = client_for(&api, "sandbox-admin");
    let waits = Rc::new(RefCell::new(Vec::<String>::new()));
    let w = waits.clone();
    client.on_wait(move |m| {
        if let Some(m) = m {
            w.borrow_mut().push(m.reason);
        }
    });
    let user = client.send(ops::get_authenticated_user()).await.unwrap();
    assert_eq!(user.login, "octo-admin");
    assert_eq!(client.stats().retries, 1);
    assert!(waits.borrow()[0].contains("502"), "{:?}", waits.borrow());
    let c = counters(&api).await;
    assert_eq!((c["server_errors"].as_u64(), c["ok"].as_u64()), (Some(1), Some(1)));

    set_faults(&api, serde_json::json!({ "force": [{ "method": "POST", "path": "/orgs/*/actions/runners/registration-token", "status": 502, "times": 1 }] })).await;
    let err = client.send(ops::create_registration_token(&org())).await.unwrap_err();
    assert_eq!(err, ApiError::Server { status: 502, request_id: err_request_id(&err) });
    assert_eq!(client.stats().retries, 1, "writes are never retried");
}

fn err_request_id(e: &ApiError) -> Option<String> {
    match e {
        ApiError::Server { request_id, .. } => request_id.clone(),
        _ => None,
    }
}

#[wasm_bindgen_test]
async fn a_short_secondary_rate_limit_is_waited_out() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    set_faults(&api, serde_json::json!({ "secondary_rate_limit": { "status": 429, "retry_after": 1, "times": 1 } })).await;
    let client = client_for(&api, "sandbox-admin");
    let waits = Rc::new(RefCell::new(Vec::<String>::new()));
    let w = waits.clone();
    client.on_wait(move |m| {
        if let Some(m) = m {
            w.borrow_mut().push(m.reason);
        }
    });
    assert!(client.send(ops::get_authenticated_user()).await.is_ok());
    assert!(waits.borrow()[0].contains("secondary rate limit"), "{:?}", waits.borrow());

    set_faults(&api, serde_json::json!({ "primary_exhausted": { "reset_in": 3600 } })).await;
    let err = client.send(ops::get_authenticated_user()).await.unwrap_err();
    assert!(matches!(err, ApiError::RateLimited(RateLimitKind::Primary { .. })), "{err:?}");
}

#[wasm_bindgen_test]
async fn a_closed_port_is_a_network_error_that_says_what_to_check() {
    let client = Client::new(ApiBase::parse("http://127.0.0.1:9/api/v3").unwrap(), Token::new("sandbox-admin"));
    let err = client.send(ops::get_root()).await.unwrap_err();
    assert!(matches!(err, ApiError::Network { .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("127.0.0.1:9") && text.contains("CORS"), "{text}");
    assert!(!text.contains("sandbox-admin"));
    assert_eq!(client.stats().requests, 3, "a read is tried three times in all");
}

/// Every operation once, through the real transport.
#[wasm_bindgen_test]
async fn every_operation_runs_against_the_sandbox() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let c = client_for(&api, "sandbox-admin");
    let ent = Scope::Enterprise { slug: "acme".into() };
    let repo = Scope::Repo { owner: "acme-platform".into(), repo: "api".into() };

    assert!(c.send(ops::get_root()).await.unwrap().current_user_url.ends_with("/user"));
    assert_eq!(c.send(ops::get_authenticated_user()).await.unwrap().login, "octo-admin");
    assert_eq!(c.all_organizations().await.unwrap().len(), 3);
    assert_eq!(c.send(ops::get_organization("acme-data")).await.unwrap().login, "acme-data");
    let repos = c.all_org_repos("acme-platform").await.unwrap().items;
    assert_eq!(c.send(ops::get_repository("acme-platform", "api")).await.unwrap().full_name, "acme-platform/api");

    for (scope, group) in [(&ent, Some(1u64)), (&org(), None), (&repo, Some(1))] {
        let group = match group {
            Some(g) => g,
            None => c.all_runner_groups(scope, None).await.unwrap().items.iter().find(|g| g.default).unwrap().id,
        };
        let list = c.send(ops::list_runners(scope, None, 1)).await.unwrap();
        let idle = list.runners.iter().find(|r| !r.busy).unwrap().clone();
        assert!(!c.send(ops::list_runner_applications(scope)).await.unwrap().is_empty());
        assert_eq!(c.send(ops::create_registration_token(scope)).await.unwrap().token.len(), 29);
        assert_eq!(c.send(ops::create_remove_token(scope)).await.unwrap().token.len(), 29);
        let jit = c.send(ops::generate_jitconfig(scope, &JitConfigRequest { name: "jit-x".into(), runner_group_id: group, labels: vec!["j".into()], work_folder: None })).await.unwrap();
        assert_eq!(jit.runner.name, "jit-x");
        assert_eq!(c.send(ops::get_runner(scope, idle.id)).await.unwrap().name, idle.name);
        assert!(!c.send(ops::list_labels(scope, idle.id)).await.unwrap().labels.is_empty());
        assert!(c.send(ops::add_custom_labels(scope, idle.id, &["a1".into()])).await.unwrap().labels.iter().any(|l| l.name == "a1"));
        assert!(c.send(ops::set_custom_labels(scope, idle.id, &["s1".into()])).await.unwrap().labels.iter().any(|l| l.name == "s1"));
        assert!(!c.send(ops::remove_custom_label(scope, idle.id, "s1")).await.unwrap().labels.iter().any(|l| l.name == "s1"));
        assert!(c.send(ops::remove_all_custom_labels(scope, idle.id)).await.unwrap().labels.iter().all(|l| l.is_read_only()));
        c.send(ops::delete_runner(scope, idle.id)).await.unwrap();
        assert!(matches!(c.send(ops::get_runner(scope, idle.id)).await, Err(ApiError::NotFound { .. })));
    }

    for scope in [&ent, &org()] {
        let runners = c.all_runners(scope, None, &|_, _| {}).await.unwrap().items;
        let target = if matches!(scope, Scope::Enterprise { .. }) { vec![101, 102] } else { vec![repos[0].id, repos[1].id] };
        assert!(!c.all_runner_groups(scope, Some(if matches!(scope, Scope::Enterprise { .. }) { "acme-data" } else { "api" })).await.unwrap().items.is_empty());
        let g = c
            .send(ops::create_runner_group(scope, &GroupSettings { name: "browser".into(), visibility: Some(Visibility::Selected), selected_ids: vec![target[0]], ..Default::default() }))
            .await
            .unwrap();
        assert_eq!(c.send(ops::get_runner_group(scope, g.id)).await.unwrap().name, "browser");
        let g2 = c.send(ops::update_runner_group(scope, g.id, &GroupUpdate { name: Some("browser-2".into()), ..Default::default() })).await.unwrap();
        assert_eq!(g2.name, "browser-2");
        c.send(ops::add_group_access(scope, g.id, target[1])).await.unwrap();
        let count = if matches!(scope, Scope::Enterprise { .. }) { c.all_org_access(scope, g.id).await.unwrap().items.len() } else { c.all_repo_access(scope, g.id).await.unwrap().items.len() };
        assert_eq!(count, 2);
        c.send(ops::remove_group_access(scope, g.id, target[0])).await.unwrap();
        c.send(ops::set_group_access(scope, g.id, &target)).await.unwrap();
        let single = if matches!(scope, Scope::Enterprise { .. }) {
            c.send(ops::list_org_access(scope, g.id, 1)).await.unwrap().total_count
        } else {
            c.send(ops::list_repo_access(scope, g.id, 1)).await.unwrap().total_count
        };
        assert_eq!(single, 2);
        c.send(ops::add_group_runner(scope, g.id, runners[0].id)).await.unwrap();
        c.send(ops::set_group_runners(scope, g.id, &[runners[0].id, runners[1].id])).await.unwrap();
        c.send(ops::remove_group_runner(scope, g.id, runners[1].id)).await.unwrap();
        assert_eq!(c.send(ops::list_group_runners(scope, g.id, 1)).await.unwrap().total_count, 1);
        assert_eq!(c.all_group_runners(scope, g.id).await.unwrap().items[0].id, runners[0].id);
        assert!(c.send(ops::list_runner_groups(scope, None, 1)).await.unwrap().runner_groups.iter().any(|x| x.id == g.id));
        c.send(ops::delete_runner_group(scope, g.id)).await.unwrap();
        assert!(matches!(c.send(ops::get_runner_group(scope, g.id)).await, Err(ApiError::NotFound { .. })));
    }
}
