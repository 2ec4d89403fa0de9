//! The CSP walk's two halves: the static host and the browser.
pub mod browser;
pub mod site;

pub use super::{BUILD_HINT, ELEMENT, WAIT};
