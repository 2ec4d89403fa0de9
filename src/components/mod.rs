//! Reusable widgets, one public component per file.
mod connection_status;

pub use connection_status::ConnectionStatus;
