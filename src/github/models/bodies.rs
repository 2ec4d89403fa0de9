//! What the console sends: the request bodies of its writes.
use serde::Serialize;

use super::Visibility;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Labels {
    pub labels: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct JitConfigRequest {
    pub name: String,
    pub runner_group_id: u64,
    pub labels: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub work_folder: Option<String>,
}

/// The fields of a group create; `selected_ids` go out as organization or repository ids by scope.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GroupSettings {
    pub name: String,
    pub visibility: Option<Visibility>,
    pub selected_ids: Vec<u64>,
    pub runners: Vec<u64>,
    pub allows_public_repositories: Option<bool>,
    pub restricted_to_workflows: Option<bool>,
    pub selected_workflows: Option<Vec<String>>,
}

/// A PATCH: only what changed is sent.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GroupUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Visibility>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allows_public_repositories: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restricted_to_workflows: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selected_workflows: Option<Vec<String>>,
}
