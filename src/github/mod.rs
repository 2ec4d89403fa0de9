//! The REST client: everything that knows GitHub's API, and nothing that renders.
pub mod base;
pub mod token;

pub use base::ApiBase;
pub use token::Token;
