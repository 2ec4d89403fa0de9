//! One routed page per file.
mod connect;
mod not_found;

pub use connect::ConnectPage;
pub use not_found::NotFoundPage;
