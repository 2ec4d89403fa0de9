//! Serde types as GHES 3.19 documents them: optional fields are `Option`, unknown fields are ignored,
//! and open enums keep an `Other` arm so a newer server never breaks decoding.
use serde::{Deserialize, Serialize};

mod accounts;
mod audit;
mod bodies;
mod graphql;
mod rate_limit;
pub use accounts::{Meta, Organization, OrganizationList, OrganizationSimple, Owner, Repository, RepositoryList, Root, User};
pub use audit::AuditLogEvent;
pub use bodies::{GroupSettings, GroupUpdate, JitConfigRequest, Labels};
pub use graphql::{EnterpriseOrgs, EnterpriseOrgsData, GraphqlAnswer, GraphqlError, OrgConnection, OrgNode, PageInfo};
pub use rate_limit::{RateLimitEntry, RateLimitOverview, RateLimitResources};

macro_rules! open_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum $name {
            $($variant,)+
            /// A value this console does not know yet, kept verbatim.
            Other(String),
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                match s.as_str() {
                    $($text => $name::$variant,)+
                    _ => $name::Other(s),
                }
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.as_str().to_string()
            }
        }

        impl $name {
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Other(s) => s,
                }
            }
        }
    };
}

// After the macro, which it uses.
mod policy;
pub use policy::{EnabledRepositories, EnterpriseSelfHostedRunners, SelfHostedRepositoryList, SelfHostedRunnersSettings};

open_enum!(
    /// `read-only` labels are applied by the runner itself; `custom` ones by admins.
    LabelType { ReadOnly => "read-only", Custom => "custom" }
);
open_enum!(
    /// Who may use a runner group.
    Visibility { All => "all", Selected => "selected", Private => "private" }
);
open_enum!(
    /// A runner's connection status.
    RunnerStatus { Online => "online", Offline => "offline" }
);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunnerLabel {
    #[serde(default)]
    pub id: Option<u64>,
    pub name: String,
    #[serde(rename = "type", default)]
    pub label_type: Option<LabelType>,
}

impl RunnerLabel {
    pub fn is_read_only(&self) -> bool {
        self.label_type == Some(LabelType::ReadOnly)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Runner {
    pub id: u64,
    #[serde(default)]
    pub runner_group_id: Option<u64>,
    pub name: String,
    pub os: String,
    pub status: RunnerStatus,
    pub busy: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub labels: Vec<RunnerLabel>,
    #[serde(default)]
    pub ephemeral: Option<bool>,
    #[serde(default)]
    pub version: Option<String>,
}

impl Runner {
    pub fn custom_labels(&self) -> impl Iterator<Item = &RunnerLabel> {
        self.labels.iter().filter(|l| !l.is_read_only())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunnerList {
    pub total_count: u64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub runners: Vec<Runner>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelList {
    pub total_count: u64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub labels: Vec<RunnerLabel>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunnerApplication {
    pub os: String,
    pub architecture: String,
    pub download_url: String,
    pub filename: String,
    #[serde(default)]
    pub temp_download_token: Option<String>,
    #[serde(default)]
    pub sha256_checksum: Option<String>,
}

/// A registration or remove token. It is a secret: `Debug` does not show it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthenticationToken {
    pub token: String,
    pub expires_at: String,
}

impl std::fmt::Debug for AuthenticationToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthenticationToken").field("token", &"redacted").field("expires_at", &self.expires_at).finish()
    }
}

/// The answer to `generate-jitconfig`. The config is a secret: `Debug` does not show it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JitConfig {
    pub runner: Runner,
    pub encoded_jit_config: String,
}

impl std::fmt::Debug for JitConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JitConfig").field("runner", &self.runner).field("encoded_jit_config", &"redacted").finish()
    }
}

/// A runner group as the enterprise or an org sees it (`runner-groups-enterprise` / `runner-groups-org`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunnerGroup {
    /// The description types it as `number`; GitHub sends integers.
    #[serde(deserialize_with = "number_as_u64")]
    pub id: u64,
    pub name: String,
    pub visibility: Visibility,
    #[serde(default)]
    pub default: bool,
    #[serde(default)]
    pub selected_organizations_url: Option<String>,
    #[serde(default)]
    pub selected_repositories_url: Option<String>,
    #[serde(default)]
    pub runners_url: Option<String>,
    /// Org view only: the group comes from the enterprise.
    #[serde(default)]
    pub inherited: Option<bool>,
    #[serde(default)]
    pub inherited_allows_public_repositories: Option<bool>,
    #[serde(default)]
    pub allows_public_repositories: bool,
    #[serde(default)]
    pub workflow_restrictions_read_only: Option<bool>,
    #[serde(default)]
    pub restricted_to_workflows: Option<bool>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub selected_workflows: Vec<String>,
}

impl RunnerGroup {
    pub fn is_inherited(&self) -> bool {
        self.inherited == Some(true)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunnerGroupList {
    #[serde(deserialize_with = "number_as_u64")]
    pub total_count: u64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub runner_groups: Vec<RunnerGroup>,
}

fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// Accepts `3` and `3.0`: the description types some ids and counts as `number`.
fn number_as_u64<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let n = serde_json::Number::deserialize(d)?;
    if let Some(u) = n.as_u64() {
        return Ok(u);
    }
    match n.as_f64() {
        Some(f) if f >= 0.0 && f.fract() == 0.0 && f < u64::MAX as f64 => Ok(f as u64),
        _ => Err(serde::de::Error::custom(format!("{n} is not a whole, non-negative number"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_enum_values_and_fields_decode() {
        let r: Runner = serde_json::from_value(json!({
            "id": 1, "name": "a", "os": "Plan9", "status": "hibernating", "busy": false,
            "labels": [{ "name": "x", "type": "system" }, { "name": "y" }], "brand_new_field": [1, 2]
        }))
        .unwrap();
        assert_eq!(r.status, RunnerStatus::Other("hibernating".into()));
        assert_eq!(r.labels[0].label_type, Some(LabelType::Other("system".into())));
        assert_eq!(r.labels[1].label_type, None);
        assert_eq!(r.ephemeral, None);
        assert_eq!(r.version, None);
    }

    #[test]
    fn nulls_and_empty_lists_decode() {
        let l: RunnerList = serde_json::from_value(json!({ "total_count": 0, "runners": null })).unwrap();
        assert!(l.runners.is_empty());
        let g: RunnerGroup = serde_json::from_value(json!({ "id": 2.0, "name": "g", "visibility": "quantum", "default": false, "runners_url": "u",
            "allows_public_repositories": false, "selected_workflows": null, "restricted_to_workflows": null }))
        .unwrap();
        assert_eq!(g.id, 2);
        assert_eq!(g.visibility, Visibility::Other("quantum".into()));
        assert!(g.selected_workflows.is_empty());
        let huge: RunnerList = serde_json::from_value(json!({ "total_count": 18446744073709551615u64, "runners": [] })).unwrap();
        assert_eq!(huge.total_count, u64::MAX);
    }

    #[test]
    fn bad_bodies_fail_to_decode_rather_than_invent_data() {
        assert!(serde_json::from_str::<Runner>("{\"id\": 1, \"name\": ").is_err());
        assert!(serde_json::from_value::<Runner>(json!({ "id": "1", "name": "a", "os": "x", "status": "online", "busy": false })).is_err());
        assert!(serde_json::from_value::<RunnerGroup>(json!({ "id": -1, "name": "g", "visibility": "all" })).is_err());
        assert!(serde_json::from_value::<RunnerGroup>(json!({ "id": 1.5, "name": "g", "visibility": "all" })).is_err());
    }

    #[test]
    fn secrets_stay_out_of_debug() {
        let t = AuthenticationToken { token: "AABBCCDD".into(), expires_at: "2026-01-01T00:00:00Z".into() };
        assert!(!format!("{t:?}").contains("AABBCCDD"));
        let j =
            JitConfig { runner: serde_json::from_value(json!({ "id": 1, "name": "a", "os": "x", "status": "offline", "busy": false, "labels": [] })).unwrap(), encoded_jit_config: "c2VjcmV0".into() };
        assert!(!format!("{j:?}").contains("c2VjcmV0"));
    }

    #[test]
    fn visibility_round_trips() {
        assert_eq!(serde_json::to_value(Visibility::Private).unwrap(), json!("private"));
        assert_eq!(serde_json::to_value(Visibility::Other("x".into())).unwrap(), json!("x"));
    }
}
