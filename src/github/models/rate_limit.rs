//! `GET /rate_limit`: what is left of each limit. Reading it costs nothing against them.
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimitOverview {
    pub resources: RateLimitResources,
    /// The core limit again, kept by GitHub for old clients.
    pub rate: RateLimitEntry,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimitResources {
    pub core: RateLimitEntry,
    #[serde(default)]
    pub graphql: Option<RateLimitEntry>,
    #[serde(default)]
    pub search: Option<RateLimitEntry>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimitEntry {
    pub limit: u64,
    pub remaining: u64,
    /// When the window resets, in seconds since the epoch.
    pub reset: u64,
    /// Older descriptions (GHES 3.4) do not have it.
    #[serde(default)]
    pub used: u64,
}
