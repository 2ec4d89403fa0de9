//! What an audit-log entry may carry: GitHub's `audit-log-event` schema lists only some fields, and the
//! "Audit log events for your organization/enterprise" reference adds the common fields and each
//! action's own. The harness checks the sandbox's entries against that reference, not against the
//! sandbox itself: a runner action it documents, and no field it does not list for that action.
use serde_json::Value;

/// "The following fields are included in most audit log events."
const COMMON: [&str; 25] = [
    "@timestamp",
    "_document_id",
    "action",
    "actor",
    "actor_id",
    "actor_is_bot",
    "business",
    "business_id",
    "created_at",
    "hashed_token",
    "operation_type",
    "org",
    "org_id",
    "programmatic_access_type",
    "repo",
    "repo_id",
    "repository",
    "repository_id",
    "request_access_security_header",
    "request_id",
    "token_id",
    "token_scopes",
    "user",
    "user_agent",
    "user_id",
];

/// The runner actions (after the `enterprise.`, `org.` or `repo.` category) and their own fields.
fn own_fields(name: &str) -> Option<&'static [&'static str]> {
    const GROUP: &[&str] = &[
        "runner_group_id",
        "runner_group_name",
        "runner_group_allow_public",
        "runner_group_restricted_to_workflows",
        "runner_group_selected_workflow_refs",
        "network_configuration_id",
        "oauth_application_id",
    ];
    Some(match name {
        "register_self_hosted_runner" => &["actor_is_agent", "public_repo"],
        "configure_self_hosted_jit_runner" | "remove_self_hosted_runner" => &["actor_is_agent", "oauth_application_id", "public_repo", "user_programmatic_access_name"],
        "self_hosted_runner_online" | "self_hosted_runner_offline" => &["runner_id", "runner_name"],
        "self_hosted_runner_updated" => &["runner_id", "runner_name", "source_version", "target_version", "runner_group_id", "runner_group_name"],
        "runner_group_created" | "runner_group_updated" => GROUP,
        "runner_group_removed" | "runner_group_renamed" | "runner_group_runners_added" | "runner_group_runners_updated" => &["runner_group_id", "oauth_application_id"],
        "runner_group_runner_removed" => &["runner_group_id", "runner_id", "oauth_application_id"],
        "runner_group_visiblity_updated" => &["runner_group_id", "visibility"],
        _ => return None,
    })
}

/// Every problem with one entry, beyond what the schema itself checks.
pub fn problems(entry: &Value) -> Vec<String> {
    let Some(obj) = entry.as_object() else { return vec![format!("not an object: {entry}")] };
    let Some(action) = obj.get("action").and_then(Value::as_str) else { return vec![format!("no action: {entry}")] };
    let (category, name) = action.split_once('.').unwrap_or(("", action));
    let Some(own) = own_fields(name).filter(|_| matches!(category, "enterprise" | "org" | "repo")) else {
        return vec![format!("{action} is not a documented runner action")];
    };
    let mut out: Vec<String> = obj.keys().filter(|k| !COMMON.contains(&k.as_str()) && !own.contains(&k.as_str())).map(|k| format!("{action}: {k:?} is not documented for it")).collect();
    for ms in ["@timestamp", "created_at"] {
        if obj.get(ms).and_then(Value::as_u64).is_none_or(|t| t <= 1_000_000_000_000) {
            out.push(format!("{action}: {ms} is not a time in milliseconds"));
        }
    }
    out
}
