//! The client against GitHub's GHES 3.19 description (native): every operation's request matches a
//! documented method, path, query and body schema, and every documented example response decodes.
#![cfg(not(target_arch = "wasm32"))]
use std::collections::BTreeSet;

use ghes_sandbox::openapi::Spec;
use runnerdeck::github::models::*;
use runnerdeck::github::request::{self as ops, Call, Request, Scope};
use serde::de::DeserializeOwned;
use serde_json::Value;

type Decoder = fn(&Value) -> Result<(), String>;

fn decoder<T: DeserializeOwned>() -> Decoder {
    |v| serde_json::from_value::<T>(v.clone()).map(|_| ()).map_err(|e| e.to_string())
}

fn entry<T: DeserializeOwned>(call: Call<T>) -> (Request, Decoder) {
    (call.request, decoder::<T>())
}

/// Every operation the console can send, with sample arguments.
fn every_call() -> Vec<(Request, Decoder)> {
    let ent = Scope::Enterprise { slug: "acme".into() };
    let org = Scope::Org { org: "acme-platform".into() };
    let repo = Scope::Repo { owner: "acme-platform".into(), repo: "api".into() };
    let mut calls = Vec::new();
    for scope in [&ent, &org, &repo] {
        calls.push(entry(ops::list_runners(scope, Some("runner 1"), 2)));
        calls.push(entry(ops::list_runner_applications(scope)));
        calls.push(entry(ops::create_registration_token(scope)));
        calls.push(entry(ops::create_remove_token(scope)));
        calls.push(entry(ops::generate_jitconfig(scope, &JitConfigRequest { name: "jit".into(), runner_group_id: 1, labels: vec!["gpu".into()], work_folder: Some("_work".into()) })));
        calls.push(entry(ops::get_runner(scope, 42)));
        calls.push(entry(ops::delete_runner(scope, 42)));
        calls.push(entry(ops::list_labels(scope, 42)));
        calls.push(entry(ops::add_custom_labels(scope, 42, &["gpu".into(), "🚀".into()])));
        calls.push(entry(ops::set_custom_labels(scope, 42, &[])));
        calls.push(entry(ops::remove_all_custom_labels(scope, 42)));
        calls.push(entry(ops::remove_custom_label(scope, 42, "gpu")));
    }
    for scope in [&ent, &org] {
        calls.push(entry(ops::list_runner_groups(scope, Some("x"), 1)));
        let settings = GroupSettings {
            name: "g".into(),
            visibility: Some(Visibility::Selected),
            selected_ids: vec![1, 2],
            runners: vec![3],
            allows_public_repositories: Some(false),
            restricted_to_workflows: Some(true),
            selected_workflows: Some(vec!["o/r/.github/workflows/ci.yml@main".into()]),
        };
        calls.push(entry(ops::create_runner_group(scope, &settings)));
        calls.push(entry(ops::get_runner_group(scope, 7)));
        let update =
            GroupUpdate { name: Some("h".into()), visibility: Some(Visibility::All), allows_public_repositories: Some(true), restricted_to_workflows: Some(false), selected_workflows: Some(vec![]) };
        calls.push(entry(ops::update_runner_group(scope, 7, &update)));
        calls.push(entry(ops::delete_runner_group(scope, 7)));
        calls.push(entry(ops::set_group_access(scope, 7, &[1, 2])));
        calls.push(entry(ops::add_group_access(scope, 7, 1)));
        calls.push(entry(ops::remove_group_access(scope, 7, 1)));
        calls.push(entry(ops::list_group_runners(scope, 7, 1)));
        calls.push(entry(ops::set_group_runners(scope, 7, &[3, 4])));
        calls.push(entry(ops::add_group_runner(scope, 7, 3)));
        calls.push(entry(ops::remove_group_runner(scope, 7, 3)));
    }
    calls.push(entry(ops::get_self_hosted_runners_permissions("acme-platform")));
    calls.push(entry(ops::set_self_hosted_runners_permissions("acme-platform", &EnabledRepositories::Selected)));
    calls.push(entry(ops::list_self_hosted_runners_repositories("acme-platform", 2)));
    calls.push(entry(ops::set_self_hosted_runners_repositories("acme-platform", &[1, 2])));
    calls.push(entry(ops::enable_self_hosted_runners_repository("acme-platform", 1)));
    calls.push(entry(ops::disable_self_hosted_runners_repository("acme-platform", 1)));
    calls.push(entry(ops::get_enterprise_self_hosted_runners("acme")));
    calls.push(entry(ops::set_enterprise_self_hosted_runners("acme", true)));
    calls.push(entry(ops::list_org_access(&ent, 7, 1)));
    calls.push(entry(ops::list_repo_access(&org, 7, 1)));
    calls.push(entry(ops::get_root()));
    calls.push(entry(ops::get_meta()));
    calls.push(entry(ops::get_rate_limit()));
    calls.push(entry(ops::get_authenticated_user()));
    calls.push(entry(ops::list_organizations(Some(100))));
    calls.push(entry(ops::list_user_orgs(2)));
    calls.push(entry(ops::get_organization("acme-platform")));
    calls.push(entry(ops::list_org_repos("acme-platform", 1)));
    calls.push(entry(ops::get_repository("acme-platform", "api")));
    for scope in [&ent, &org, &repo] {
        let phrase = ops::runner_phrase(scope, &ops::AuditFilter { actor: Some("octo-admin".into()), since: Some("2024-05-01".into()), ..Default::default() }).unwrap();
        calls.push(entry(ops::get_audit_log(scope, &phrase, 100, None)));
        calls.push(entry(ops::get_audit_log(scope, &phrase, 30, Some(&ops::Cursor::After("MS42NjQz".into())))));
        calls.push(entry(ops::get_audit_log(scope, &phrase, 30, Some(&ops::Cursor::Before("MS42NjQz".into())))));
    }
    calls
}

fn parameter_names(spec: &Spec, op: &Value, location: &str) -> BTreeSet<String> {
    op["parameters"].as_array().into_iter().flatten().map(|p| spec.resolve(p)).filter(|p| p["in"] == location).filter_map(|p| p["name"].as_str().map(str::to_string)).collect()
}

#[test]
fn every_request_matches_a_documented_operation_and_its_schemas() {
    let spec = Spec::load();
    let mut covered = BTreeSet::new();
    for (req, _) in every_call() {
        let op = spec.operation(req.method.as_str(), &req.path).unwrap_or_else(|| panic!("{} {} is not in the GHES 3.19 description", req.method.as_str(), req.path));
        covered.insert((op.method.clone(), op.template.clone()));
        let documented = parameter_names(&spec, op.op, "query");
        for (key, _) in &req.query {
            assert!(documented.contains(key), "{} {}: query parameter {key} is not documented ({documented:?})", req.method.as_str(), op.template);
        }
        match (spec.request_schema(&op), &req.body) {
            (Some(schema), Some(body)) => {
                let errors = spec.validate(schema, body);
                assert!(errors.is_empty(), "{} {}: the body breaks the request schema: {errors:?}\n{body}", req.method.as_str(), op.template);
                let required = spec.resolve(schema)["required"].as_array().cloned().unwrap_or_default();
                for r in required {
                    assert!(body.get(r.as_str().unwrap()).is_some(), "{} {}: required {r} missing", req.method.as_str(), op.template);
                }
            }
            (Some(schema), None) => assert!(spec.resolve(schema)["required"].as_array().is_none_or(|r| r.is_empty()), "{} {} needs a body", req.method.as_str(), op.template),
            (None, Some(_)) => panic!("{} {} documents no body but the client sends one", req.method.as_str(), op.template),
            (None, None) => {}
        }
    }
    let mut missing = vec![];
    for (template, item) in spec.doc["paths"].as_object().unwrap() {
        for m in ["get", "post", "put", "patch", "delete"] {
            if item.get(m).is_some() && !covered.contains(&(m.to_string(), template.clone())) {
                missing.push(format!("{m} {template}"));
            }
        }
    }
    assert!(missing.is_empty(), "operations with no typed function: {missing:#?}");
    assert_eq!(covered.len(), 81, "62 runner operations, 8 of the self-hosted runner policy, 7 look-ups, /meta, /rate_limit and the two audit logs");
}

#[test]
fn every_documented_example_response_decodes() {
    let spec = Spec::load();
    let mut decoded = BTreeSet::new();
    for (req, decode) in every_call() {
        let op = spec.operation(req.method.as_str(), &req.path).unwrap();
        for (status, response) in op.op["responses"].as_object().unwrap() {
            if !status.starts_with('2') {
                continue;
            }
            let response = spec.resolve(response);
            let Some(examples) = response.pointer("/content/application~1json/examples").and_then(Value::as_object) else { continue };
            for (name, example) in examples {
                let value = &spec.resolve(example)["value"];
                decode(value).unwrap_or_else(|e| panic!("{} {} example {name} does not decode: {e}", req.method.as_str(), op.template));
                decoded.insert(example["$ref"].as_str().unwrap_or(name).rsplit('/').next().unwrap().to_string());
            }
        }
    }
    let all: BTreeSet<String> = spec.doc["components"]["examples"].as_object().unwrap().keys().cloned().collect();
    let never: Vec<&String> = all.difference(&decoded).collect();
    assert!(never.is_empty(), "examples no operation decoded: {never:?}");
}

#[test]
fn the_audit_log_requests_fit_every_description_that_has_the_log_and_its_example_reads() {
    let org = Scope::Org { org: "acme-platform".into() };
    let ent = Scope::Enterprise { slug: "acme".into() };
    for description in ["ghes-3.19", "ghes-3.9", "ghes-3.4", "ghec"] {
        let spec = Spec::load_description(description);
        for scope in [&org, &ent] {
            let req = ops::get_audit_log(scope, "action:org.self_hosted_runner_offline", 100, Some(&ops::Cursor::After("c".into()))).request;
            let op = spec.operation("GET", &req.path).unwrap_or_else(|| panic!("{description} has no {}", req.path));
            let documented = parameter_names(&spec, op.op, "query");
            assert!(req.query.iter().all(|(k, _)| documented.contains(k)), "{description} {}: {:?} not all in {documented:?}", op.template, req.query);
        }
    }
    assert!(Spec::load_description("api.github.com").operation("GET", "/orgs/acme/audit-log").is_none(), "github.com without GHEC has no audit log API");
    let spec = Spec::load();
    let example = &spec.resolve(&spec.doc["components"]["examples"]["audit-log"])["value"];
    let events: Vec<AuditLogEvent> = serde_json::from_value(example.clone()).unwrap();
    assert_eq!((events[0].action.as_str(), events[0].actor.as_deref(), events[0].at_ms()), ("pull_request.merge", Some("mona-admin"), Some(1635940599755)));
}
