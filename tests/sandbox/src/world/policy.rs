//! The self-hosted runner policy: which repositories of each organization may use repository-level
//! self-hosted runners (`enabled_repositories`), and whether the enterprise disables them in every
//! organization (`disable_self_hosted_runners_for_all_orgs`).
use std::collections::BTreeMap;

/// `enabled_repositories`' values, as the description's enum lists them.
pub const ENABLED_REPOSITORIES: [&str; 3] = ["all", "selected", "none"];

#[derive(Clone, Debug, Default)]
pub struct SelfHostedPolicy {
    /// By org id; an org not listed has GitHub's default: all repositories, an empty list.
    orgs: BTreeMap<u64, OrgSelfHosted>,
    /// The enterprise's switch: repository-level runners off in every organization.
    pub enterprise_disabled: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgSelfHosted {
    /// One of [`ENABLED_REPOSITORIES`].
    pub enabled_repositories: String,
    /// Repo ids, in the order they were given; kept while the policy is not `selected`.
    pub selected: Vec<u64>,
}

impl Default for OrgSelfHosted {
    fn default() -> Self {
        OrgSelfHosted { enabled_repositories: "all".into(), selected: vec![] }
    }
}

impl SelfHostedPolicy {
    /// An org's policy.
    pub fn of(&self, org: u64) -> OrgSelfHosted {
        self.orgs.get(&org).cloned().unwrap_or_default()
    }

    pub fn of_mut(&mut self, org: u64) -> &mut OrgSelfHosted {
        self.orgs.entry(org).or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orgs_have_github_s_default_until_told_otherwise() {
        let mut p = SelfHostedPolicy::default();
        assert_eq!(p.of(101), OrgSelfHosted { enabled_repositories: "all".into(), selected: vec![] });
        *p.of_mut(101) = OrgSelfHosted { enabled_repositories: "selected".into(), selected: vec![5] };
        p.of_mut(102).enabled_repositories = "none".into();
        assert_eq!((p.of(101).selected, p.of(102).enabled_repositories.as_str(), p.of(103).enabled_repositories.as_str()), (vec![5], "none", "all"));
    }
}
