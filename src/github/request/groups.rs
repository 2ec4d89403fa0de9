//! Request builders of runner groups, at enterprise and org scope: the groups themselves, their
//! access lists (organizations or repositories) and their runners.
use serde_json::json;

use super::{call, page, Call, Method, Request, Scope};
use crate::github::models::{GroupSettings, GroupUpdate, OrganizationList, RepositoryList, RunnerGroup, RunnerGroupList, RunnerList};

pub fn list_runner_groups(scope: &Scope, visible_to: Option<&str>, page_no: u32) -> Call<RunnerGroupList> {
    let mut r = Request::new("list runner groups", Method::Get, format!("{}/actions/runner-groups", scope.prefix()));
    if let Some(v) = visible_to.filter(|v| !v.is_empty()) {
        let key = if matches!(scope, Scope::Enterprise { .. }) { "visible_to_organization" } else { "visible_to_repository" };
        r = r.query(key, v);
    }
    call(page(r, page_no))
}

pub fn create_runner_group(scope: &Scope, settings: &GroupSettings) -> Call<RunnerGroup> {
    let mut body = json!({ "name": settings.name });
    if let Some(v) = &settings.visibility {
        body["visibility"] = json!(v);
    }
    if !settings.selected_ids.is_empty() {
        let key = if matches!(scope, Scope::Enterprise { .. }) { "selected_organization_ids" } else { "selected_repository_ids" };
        body[key] = json!(settings.selected_ids);
    }
    if !settings.runners.is_empty() {
        body["runners"] = json!(settings.runners);
    }
    if let Some(b) = settings.allows_public_repositories {
        body["allows_public_repositories"] = json!(b);
    }
    if let Some(b) = settings.restricted_to_workflows {
        body["restricted_to_workflows"] = json!(b);
    }
    if let Some(w) = &settings.selected_workflows {
        body["selected_workflows"] = json!(w);
    }
    call(Request::new("create a runner group", Method::Post, format!("{}/actions/runner-groups", scope.prefix())).body(body))
}

fn group_path(scope: &Scope, group_id: u64) -> String {
    format!("{}/actions/runner-groups/{group_id}", scope.prefix())
}

pub fn get_runner_group(scope: &Scope, group_id: u64) -> Call<RunnerGroup> {
    call(Request::new("get a runner group", Method::Get, group_path(scope, group_id)))
}

pub fn update_runner_group(scope: &Scope, group_id: u64, update: &GroupUpdate) -> Call<RunnerGroup> {
    call(Request::new("update a runner group", Method::Patch, group_path(scope, group_id)).body(update))
}

pub fn delete_runner_group(scope: &Scope, group_id: u64) -> Call<()> {
    call(Request::new("delete a runner group", Method::Delete, group_path(scope, group_id)))
}

/// Enterprise groups list organizations.
pub fn list_org_access(scope: &Scope, group_id: u64, page_no: u32) -> Call<OrganizationList> {
    call(page(Request::new("list a group's organizations", Method::Get, format!("{}/organizations", group_path(scope, group_id))), page_no))
}

/// Org groups list repositories.
pub fn list_repo_access(scope: &Scope, group_id: u64, page_no: u32) -> Call<RepositoryList> {
    call(page(Request::new("list a group's repositories", Method::Get, format!("{}/repositories", group_path(scope, group_id))), page_no))
}

pub fn set_group_access(scope: &Scope, group_id: u64, ids: &[u64]) -> Call<()> {
    let key = if matches!(scope, Scope::Enterprise { .. }) { "selected_organization_ids" } else { "selected_repository_ids" };
    call(Request::new("replace a group's access list", Method::Put, format!("{}/{}", group_path(scope, group_id), scope.access_kind())).body(json!({ key: ids })))
}

pub fn add_group_access(scope: &Scope, group_id: u64, target_id: u64) -> Call<()> {
    call(Request::new("give access to a group", Method::Put, format!("{}/{}/{target_id}", group_path(scope, group_id), scope.access_kind())))
}

pub fn remove_group_access(scope: &Scope, group_id: u64, target_id: u64) -> Call<()> {
    call(Request::new("take access from a group", Method::Delete, format!("{}/{}/{target_id}", group_path(scope, group_id), scope.access_kind())))
}

pub fn list_group_runners(scope: &Scope, group_id: u64, page_no: u32) -> Call<RunnerList> {
    call(page(Request::new("list a group's runners", Method::Get, format!("{}/runners", group_path(scope, group_id))), page_no))
}

pub fn set_group_runners(scope: &Scope, group_id: u64, runner_ids: &[u64]) -> Call<()> {
    call(Request::new("replace a group's runners", Method::Put, format!("{}/runners", group_path(scope, group_id))).body(json!({ "runners": runner_ids })))
}

pub fn add_group_runner(scope: &Scope, group_id: u64, runner_id: u64) -> Call<()> {
    call(Request::new("add a runner to a group", Method::Put, format!("{}/runners/{runner_id}", group_path(scope, group_id))))
}

pub fn remove_group_runner(scope: &Scope, group_id: u64, runner_id: u64) -> Call<()> {
    call(Request::new("remove a runner from a group", Method::Delete, format!("{}/runners/{runner_id}", group_path(scope, group_id))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::github::models::Visibility;

    #[test]
    fn group_bodies_use_the_scope_s_id_key_and_patch_sends_only_changes() {
        let e = Scope::Enterprise { slug: "e".into() };
        let o = Scope::Org { org: "o".into() };
        let settings = GroupSettings { name: "g".into(), visibility: Some(Visibility::Selected), selected_ids: vec![1, 2], ..Default::default() };
        assert_eq!(create_runner_group(&e, &settings).request.body.unwrap()["selected_organization_ids"], json!([1, 2]));
        assert_eq!(create_runner_group(&o, &settings).request.body.unwrap()["selected_repository_ids"], json!([1, 2]));
        let update = GroupUpdate { name: Some("h".into()), ..Default::default() };
        assert_eq!(update_runner_group(&o, 3, &update).request.body, Some(json!({ "name": "h" })));
        assert_eq!(set_group_access(&e, 3, &[5]).request.body, Some(json!({ "selected_organization_ids": [5] })));
        assert_eq!(set_group_access(&o, 3, &[5]).request.path, "/orgs/o/actions/runner-groups/3/repositories");
    }
}
