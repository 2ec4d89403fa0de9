//! The REST client: everything that knows GitHub's API, and nothing that renders.
pub mod audit_log;
pub mod base;
pub mod discovery;
pub mod error;
pub mod http;
pub mod lists;
pub mod models;
pub mod paginate;
pub mod redact;
pub mod request;
pub mod retry;
pub mod scope;
pub mod server;
pub mod token;

pub use base::ApiBase;
pub use error::{ApiError, RateLimit};
pub use http::{Client, SavedEtag};
pub use scope::Scope;
pub use server::{Feature, Server};
pub use token::Token;
