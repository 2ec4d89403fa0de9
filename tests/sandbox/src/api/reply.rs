//! What an operation answers, and GitHub's error bodies: basic errors, and the two validation shapes.
use serde_json::{json, Value};

const DOCS: &str = "https://docs.github.com/enterprise-server@3.19/rest";

/// What an operation answers; the HTTP layer adds the common headers.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Option<Body>,
    pub headers: Vec<(&'static str, String)>,
}

/// A reply's JSON: a value, or already written out (a long list, not built as values only to be
/// written).
#[derive(Debug)]
pub enum Body {
    Value(Value),
    Written(Vec<u8>),
}

impl Reply {
    pub fn json(status: u16, body: Value) -> Reply {
        Reply { status, body: Some(Body::Value(body)), headers: vec![] }
    }
    /// `body` written out now; a body that cannot be written is a 500, as a server's bug would be.
    pub fn written(status: u16, body: &impl serde::Serialize) -> Reply {
        match serde_json::to_vec(body) {
            Ok(bytes) => Reply { status, body: Some(Body::Written(bytes)), headers: vec![] },
            Err(e) => Reply::error(500, &format!("Server Error: {e}"), ""),
        }
    }
    pub fn no_content() -> Reply {
        Reply { status: 204, body: None, headers: vec![] }
    }
    pub fn error(status: u16, message: &str, doc: &str) -> Reply {
        Reply::json(status, json!({ "message": message, "documentation_url": format!("{DOCS}{doc}"), "status": status.to_string() }))
    }
    pub fn not_found() -> Reply {
        Reply::error(404, "Not Found", "")
    }
    /// GitHub's "validation failed, simple" shape: `errors` is a list of strings.
    pub fn invalid(message: &str, errors: Vec<String>) -> Reply {
        Reply::json(422, json!({ "message": message, "documentation_url": DOCS, "errors": errors }))
    }
    /// GitHub's full validation shape: `errors` are objects with `resource`, `field` and `code`.
    pub fn invalid_field(resource: &str, field: &str, code: &str, message: &str) -> Reply {
        Reply::json(
            422,
            json!({
                "message": "Validation Failed",
                "documentation_url": DOCS,
                "errors": [{ "resource": resource, "field": field, "code": code, "message": message }],
            }),
        )
    }
    pub fn with_header(mut self, name: &'static str, value: String) -> Reply {
        self.headers.push((name, value));
        self
    }
}
