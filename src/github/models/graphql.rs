//! GraphQL answers the console reads: an enterprise's organizations, a page at a time. GitHub answers
//! GraphQL with HTTP 200 and puts failures in `errors`.
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GraphqlAnswer<T> {
    #[serde(default = "none")]
    pub data: Option<T>,
    #[serde(default)]
    pub errors: Vec<GraphqlError>,
}

fn none<T>() -> Option<T> {
    None
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GraphqlError {
    /// `NOT_FOUND`, `INSUFFICIENT_SCOPES`, `FORBIDDEN`, …; absent on syntax errors.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnterpriseOrgsData {
    /// `null` when there is no such enterprise (with a `NOT_FOUND` error).
    pub enterprise: Option<EnterpriseOrgs>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnterpriseOrgs {
    pub organizations: OrgConnection,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgConnection {
    /// A node is `null` where the viewer may not see the organization.
    #[serde(default)]
    pub nodes: Vec<Option<OrgNode>>,
    #[serde(rename = "pageInfo")]
    pub page_info: PageInfo,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgNode {
    pub login: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PageInfo {
    #[serde(rename = "hasNextPage")]
    pub has_next_page: bool,
    #[serde(rename = "endCursor", default)]
    pub end_cursor: Option<String>,
}
