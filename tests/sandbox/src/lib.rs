//! ghes-sandbox: an in-memory, stateful stand-in for GitHub Enterprise Server's runner API.
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

/// The whole HTTP surface, ready to serve.
pub fn app() -> Router {
    Router::new().route("/api/v3/", get(root)).route("/api/v3", get(root))
}

async fn root() -> Json<serde_json::Value> {
    Json(json!({
        "current_user_url": "/api/v3/user",
        "organization_url": "/api/v3/orgs/{org}",
    }))
}
