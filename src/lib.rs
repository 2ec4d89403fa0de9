//! Runnerdeck: a browser console for GitHub Actions self-hosted runners.
pub mod app;
pub mod audit;
pub mod components;
pub mod cordon;
pub mod data;
pub mod enterprise_fleet;
pub mod export;
pub mod fleet;
pub mod github;
pub mod groups;
pub mod pages;
pub mod routes;
pub mod script;
pub mod session;
pub mod text;
pub mod versions;
pub mod view_query;
