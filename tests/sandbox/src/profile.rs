//! Server profiles: which GitHub the sandbox answers as (a GHES version or github.com), and what each
//! one lacks or adds, as its own OpenAPI description documents it (`tests/spec/*-runners.json`).
use serde::{Deserialize, Serialize};

/// The servers the sandbox can be. Older GHES versions are modelled by what their description lacks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Profile {
    #[default]
    #[serde(rename = "ghes-3.19")]
    Ghes319,
    #[serde(rename = "ghes-3.9")]
    Ghes39,
    #[serde(rename = "ghes-3.4")]
    Ghes34,
    /// github.com, with the seeded enterprise as a GitHub Enterprise Cloud enterprise.
    #[serde(rename = "dotcom")]
    Dotcom,
}

impl Profile {
    pub const ALL: [Profile; 4] = [Profile::Ghes319, Profile::Ghes39, Profile::Ghes34, Profile::Dotcom];

    pub fn parse(name: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Profile::Ghes319 => "ghes-3.19",
            Profile::Ghes39 => "ghes-3.9",
            Profile::Ghes34 => "ghes-3.4",
            Profile::Dotcom => "dotcom",
        }
    }

    /// `(major, minor)` for GHES; `None` on github.com.
    pub fn ghes(self) -> Option<(u32, u32)> {
        match self {
            Profile::Ghes319 => Some((3, 19)),
            Profile::Ghes39 => Some((3, 9)),
            Profile::Ghes34 => Some((3, 4)),
            Profile::Dotcom => None,
        }
    }

    /// GHES 3.`minor` or later; github.com has everything a GHES has.
    pub fn since(self, minor: u32) -> bool {
        self.ghes().is_none_or(|(_, m)| m >= minor)
    }

    /// `installed_version` in `/meta` and `X-GitHub-Enterprise-Version`; `None` on github.com.
    pub fn installed_version(self) -> Option<String> {
        self.ghes().map(|(major, minor)| format!("{major}.{minor}.0"))
    }

    /// Where the REST API lives on the host: `/api/v3` on GHES, the root on github.com.
    pub fn api_prefix(self) -> &'static str {
        if self.ghes().is_some() {
            "/api/v3"
        } else {
            ""
        }
    }

    /// The start of every `documentation_url`.
    pub fn docs_base(self) -> String {
        match self.ghes() {
            Some((major, minor)) => format!("https://docs.github.com/enterprise-server@{major}.{minor}/"),
            None => "https://docs.github.com/".into(),
        }
    }

    /// The vendored description this profile's answers are checked against, for one API path:
    /// github.com's enterprise endpoints, and the org audit log its orgs have as GHEC orgs, are
    /// documented only in the GHEC description.
    pub fn description(self, api_path: &str) -> &'static str {
        let path = api_path.split('?').next().unwrap_or(api_path);
        let org_audit_log = matches!(path.split('/').filter(|s| !s.is_empty()).collect::<Vec<_>>().as_slice(), ["orgs", _, "audit-log"]);
        match self {
            Profile::Ghes319 => "ghes-3.19",
            Profile::Ghes39 => "ghes-3.9",
            Profile::Ghes34 => "ghes-3.4",
            Profile::Dotcom if api_path.starts_with("/enterprises/") || org_audit_log => "ghec",
            Profile::Dotcom => "api.github.com",
        }
    }

    /// `restricted_to_workflows`, `selected_workflows`, `workflow_restrictions_read_only`: GHES 3.5.
    pub fn has_workflow_restrictions(self) -> bool {
        self.since(5)
    }

    /// `visible_to_repository` / `visible_to_organization` on group lists: GHES 3.6; ignored before.
    pub fn has_visible_to_filters(self) -> bool {
        self.since(6)
    }

    /// The runner object's `runner_group_id`: GHES 3.8.
    pub fn has_runner_group_id(self) -> bool {
        self.since(8)
    }

    /// `POST .../runners/generate-jitconfig`: GHES 3.10; a 404 before.
    pub fn has_jit_config(self) -> bool {
        self.since(10)
    }

    /// The `name` filter on runner lists: GHES 3.11; ignored before.
    pub fn has_runner_name_filter(self) -> bool {
        self.since(11)
    }

    /// The runner object's `ephemeral`: GHES 3.13.
    pub fn has_runner_ephemeral(self) -> bool {
        self.since(13)
    }

    /// The runner object's `version`: GHES 3.17 (and github.com).
    pub fn has_runner_version(self) -> bool {
        self.since(17)
    }

    /// `…/actions/permissions/self-hosted-runners` at org and enterprise scope: GHES 3.19 (and
    /// github.com, whose enterprise ones the GHEC description documents); a 404 before.
    pub fn has_self_hosted_runner_policy(self) -> bool {
        self.since(19)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_features_follow_the_versions() {
        for p in Profile::ALL {
            assert_eq!(Profile::parse(p.name()), Some(p));
            assert_eq!(serde_json::to_value(p).unwrap(), p.name());
        }
        assert_eq!(Profile::parse("ghes-3.7"), None);
        assert_eq!(Profile::default(), Profile::Ghes319);
        let features = |p: Profile| {
            [p.has_workflow_restrictions(), p.has_visible_to_filters(), p.has_runner_group_id(), p.has_jit_config(), p.has_runner_name_filter(), p.has_runner_ephemeral(), p.has_runner_version()]
        };
        assert_eq!(features(Profile::Ghes34), [false; 7]);
        assert_eq!(features(Profile::Ghes39), [true, true, true, false, false, false, false]);
        assert_eq!(features(Profile::Ghes319), [true; 7]);
        assert_eq!(features(Profile::Dotcom), [true; 7]);
        assert_eq!(Profile::ALL.map(Profile::has_self_hosted_runner_policy), [true, false, false, true]);
        assert_eq!((Profile::Ghes39.installed_version().as_deref(), Profile::Dotcom.installed_version()), (Some("3.9.0"), None));
        assert_eq!((Profile::Ghes34.api_prefix(), Profile::Dotcom.api_prefix()), ("/api/v3", ""));
        assert_eq!(Profile::Ghes39.docs_base(), "https://docs.github.com/enterprise-server@3.9/");
        assert_eq!((Profile::Dotcom.description("/enterprises/acme/actions/runners"), Profile::Dotcom.description("/user")), ("ghec", "api.github.com"));
        assert_eq!(Profile::Dotcom.description("/orgs/acme-data/audit-log?phrase=x"), "ghec");
    }
}
