//! Request builders of the self-hosted runner policy (GHES 3.19, github.com and GHEC):
//! `/orgs/{org}/actions/permissions/self-hosted-runners` and its list of repositories, and
//! `/enterprises/{enterprise}/actions/permissions/self-hosted-runners`.
use serde_json::json;

use super::{call, encode, page, Call, Method, Request};
use crate::github::models::{EnabledRepositories, EnterpriseSelfHostedRunners, SelfHostedRepositoryList, SelfHostedRunnersSettings};

fn org_path(org: &str) -> String {
    format!("/orgs/{}/actions/permissions/self-hosted-runners", encode(org))
}

pub fn get_self_hosted_runners_permissions(org: &str) -> Call<SelfHostedRunnersSettings> {
    call(Request::new("read the self-hosted runner policy", Method::Get, org_path(org)))
}

pub fn set_self_hosted_runners_permissions(org: &str, enabled: &EnabledRepositories) -> Call<()> {
    call(Request::new("change the self-hosted runner policy", Method::Put, org_path(org)).body(json!({ "enabled_repositories": enabled })))
}

pub fn list_self_hosted_runners_repositories(org: &str, page_no: u32) -> Call<SelfHostedRepositoryList> {
    call(page(Request::new("list the repositories allowed self-hosted runners", Method::Get, format!("{}/repositories", org_path(org))), page_no))
}

pub fn set_self_hosted_runners_repositories(org: &str, ids: &[u64]) -> Call<()> {
    call(Request::new("replace the repositories allowed self-hosted runners", Method::Put, format!("{}/repositories", org_path(org))).body(json!({ "selected_repository_ids": ids })))
}

pub fn enable_self_hosted_runners_repository(org: &str, repository_id: u64) -> Call<()> {
    call(Request::new("allow a repository self-hosted runners", Method::Put, format!("{}/repositories/{repository_id}", org_path(org))))
}

pub fn disable_self_hosted_runners_repository(org: &str, repository_id: u64) -> Call<()> {
    call(Request::new("take self-hosted runners from a repository", Method::Delete, format!("{}/repositories/{repository_id}", org_path(org))))
}

fn enterprise_path(slug: &str) -> String {
    format!("/enterprises/{}/actions/permissions/self-hosted-runners", encode(slug))
}

pub fn get_enterprise_self_hosted_runners(slug: &str) -> Call<EnterpriseSelfHostedRunners> {
    call(Request::new("read the enterprise's self-hosted runner policy", Method::Get, enterprise_path(slug)))
}

pub fn set_enterprise_self_hosted_runners(slug: &str, disable: bool) -> Call<()> {
    let body = EnterpriseSelfHostedRunners { disable_self_hosted_runners_for_all_orgs: disable };
    call(Request::new("change the enterprise's self-hosted runner policy", Method::Put, enterprise_path(slug)).body(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_paths_and_bodies_are_github_s() {
        let r = set_self_hosted_runners_permissions("acme platform", &EnabledRepositories::None).request;
        assert_eq!((r.method, r.path.as_str()), (Method::Put, "/orgs/acme%20platform/actions/permissions/self-hosted-runners"));
        assert_eq!(r.body, Some(json!({ "enabled_repositories": "none" })));
        assert_eq!(list_self_hosted_runners_repositories("o", 2).request.url(""), "/orgs/o/actions/permissions/self-hosted-runners/repositories?per_page=100&page=2");
        assert_eq!(set_self_hosted_runners_repositories("o", &[3, 4]).request.body, Some(json!({ "selected_repository_ids": [3, 4] })));
        assert_eq!(disable_self_hosted_runners_repository("o", 7).request.path, "/orgs/o/actions/permissions/self-hosted-runners/repositories/7");
        let e = set_enterprise_self_hosted_runners("acme", true).request;
        assert_eq!((e.path.as_str(), e.body), ("/enterprises/acme/actions/permissions/self-hosted-runners", Some(json!({ "disable_self_hosted_runners_for_all_orgs": true }))));
    }
}
