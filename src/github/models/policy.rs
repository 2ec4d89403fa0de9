//! The self-hosted runner policy as GHES 3.19 and github.com document it: which repositories of an
//! organization may use repository-level self-hosted runners, and the enterprise's switch that
//! disables them in every organization.
use serde::{Deserialize, Serialize};

use super::{null_as_default, Repository};

open_enum!(
    /// `enabled_repositories`: every repository, those on the list, or none.
    EnabledRepositories { All => "all", Selected => "selected", None => "none" }
);

/// `self-hosted-runners-settings`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfHostedRunnersSettings {
    pub enabled_repositories: EnabledRepositories,
    #[serde(default)]
    pub selected_repositories_url: Option<String>,
}

/// The answer of the list of repositories allowed to use self-hosted runners: neither field is
/// required by the description.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfHostedRepositoryList {
    #[serde(default)]
    pub total_count: Option<u64>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub repositories: Vec<Repository>,
}

/// An enterprise's self-hosted runner permissions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnterpriseSelfHostedRunners {
    /// When true, repository-level runners are disabled in every organization of the enterprise.
    pub disable_self_hosted_runners_for_all_orgs: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn policies_decode_as_documented_and_keep_unknown_values() {
        let s: SelfHostedRunnersSettings = serde_json::from_value(json!({ "enabled_repositories": "selected", "selected_repositories_url": "u" })).unwrap();
        assert_eq!(s.enabled_repositories, EnabledRepositories::Selected);
        let s: SelfHostedRunnersSettings = serde_json::from_value(json!({ "enabled_repositories": "private_only" })).unwrap();
        assert_eq!((s.enabled_repositories, s.selected_repositories_url), (EnabledRepositories::Other("private_only".into()), None));
        assert!(serde_json::from_value::<SelfHostedRunnersSettings>(json!({})).is_err());
        let l: SelfHostedRepositoryList = serde_json::from_value(json!({ "repositories": null })).unwrap();
        assert_eq!((l.total_count, l.repositories.len()), (None, 0));
        assert_eq!(serde_json::to_value(EnabledRepositories::None).unwrap(), json!("none"));
        assert!(serde_json::from_value::<EnterpriseSelfHostedRunners>(json!({ "disable_self_hosted_runners_for_all_orgs": "yes" })).is_err());
    }
}
