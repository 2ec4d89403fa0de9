//! Who and where: organizations, repositories, users, and what the API root and `/meta` say.
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationSimple {
    pub login: String,
    pub id: u64,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub avatar_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganizationList {
    #[serde(deserialize_with = "super::number_as_u64")]
    pub total_count: u64,
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub organizations: Vec<OrganizationSimple>,
}

/// `organization-full`, reduced to what the console shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    pub login: String,
    pub id: u64,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub html_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    pub login: String,
    #[serde(default)]
    pub id: Option<u64>,
}

/// `minimal-repository` (and the parts of `full-repository` the console shows).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repository {
    pub id: u64,
    pub name: String,
    pub full_name: String,
    pub owner: Owner,
    #[serde(default)]
    pub private: bool,
    #[serde(default)]
    pub visibility: Option<String>,
    #[serde(default)]
    pub html_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RepositoryList {
    #[serde(deserialize_with = "super::number_as_u64")]
    pub total_count: u64,
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub repositories: Vec<Repository>,
}

/// `private-user` / `public-user`, reduced to who the token is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub login: String,
    pub id: u64,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub site_admin: Option<bool>,
}

/// The API root; only its presence matters (it proves the URL is a GitHub API).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Root {
    pub current_user_url: String,
    #[serde(default)]
    pub organization_url: Option<String>,
}

/// `GET /meta`: on GHES it names the version (`installed_version`); github.com sends none.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    #[serde(default)]
    pub installed_version: Option<String>,
}
