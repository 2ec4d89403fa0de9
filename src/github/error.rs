//! What went wrong, in words a user can act on: `ApiError`, built from a status, GitHub's headers
//! and its error JSON. Also the response interpretation and the retry policy, all pure.
use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::redact::clip;
pub use super::retry::{retry_policy, RateLimit, Retry};

/// A response as the transport saw it. Header names are lower-case.
#[derive(Clone, Debug, PartialEq)]
pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RateLimitKind {
    /// The hourly budget is spent; it refills at `reset_at` (Unix seconds).
    Primary { reset_at: u64 },
    /// GitHub asks to slow down for `retry_after` seconds.
    Secondary { retry_after: u64 },
    /// A secondary limit with no `Retry-After`: GitHub says to wait at least a minute.
    SecondaryUnstated,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    BadCredentials,
    MissingScope {
        needed: Vec<String>,
        granted: Vec<String>,
    },
    Forbidden {
        message: String,
    },
    /// GHEC's SAML single sign-on: the token has not been authorized for the organization. `url`
    /// is where the user authorizes it (from `X-GitHub-SSO`), when GitHub gave a usable one.
    SsoRequired {
        url: Option<String>,
    },
    RateLimited(RateLimitKind),
    NotFound {
        operation: String,
    },
    Conflict {
        message: String,
    },
    Validation {
        message: String,
        errors: Vec<String>,
    },
    Server {
        status: u16,
        request_id: Option<String>,
    },
    /// The request never got an answer the page may read: offline, DNS, refused, TLS, or CORS.
    Network {
        host: String,
        detail: String,
    },
    Undecodable {
        operation: String,
        detail: String,
    },
    /// Any other status.
    Http {
        status: u16,
        message: String,
    },
    /// No connection to send the request with.
    NotConnected,
    /// The page that sent the request went away, and the request with it.
    Aborted,
    /// The request was never sent: the browser would refuse it (e.g. a header holding a line break).
    Unsendable {
        reason: String,
    },
}

/// How much of a server's text a message shows.
const MESSAGE_MAX: usize = 200;

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::BadCredentials => write!(f, "GitHub rejected the token (401 Bad credentials). Check that it was pasted whole and has not expired or been revoked, then connect again."),
            ApiError::MissingScope { needed, granted } => {
                let granted = if granted.is_empty() { "no scopes".to_string() } else { granted.join(", ") };
                if needed.is_empty() {
                    write!(f, "The token is not allowed to do this (403). It has {granted}.")
                } else {
                    write!(f, "The token lacks the scope this needs: {} (403). It has {granted}. Create a token with {} and connect again.", needed.join(" or "), needed.join(" or "))
                }
            }
            ApiError::Forbidden { message } => write!(f, "GitHub refused this (403): {}", clip(message, MESSAGE_MAX)),
            ApiError::SsoRequired { url } => {
                write!(f, "Your token is not authorized for this organization's SAML single sign-on (403). ")?;
                match url {
                    Some(_) => write!(f, "Authorize it for the organization, then try again."),
                    None => write!(f, "On GitHub, open the token's settings, choose “Configure SSO” and authorize it for the organization; then try again."),
                }
            }
            ApiError::RateLimited(RateLimitKind::Primary { reset_at }) => write!(f, "The token's API rate limit is used up. GitHub resets it at {} UTC; try again then.", clock(*reset_at)),
            ApiError::RateLimited(RateLimitKind::Secondary { retry_after }) => {
                write!(f, "GitHub's secondary rate limit stopped this: too many requests at once. Wait {retry_after} s and try again, or lower the concurrency.")
            }
            ApiError::RateLimited(RateLimitKind::SecondaryUnstated) => {
                write!(f, "GitHub's secondary rate limit stopped this: too many requests at once. Wait a minute and try again, or lower the pace.")
            }
            ApiError::NotFound { operation } => {
                write!(f, "Not found (404) while trying to {operation}. It may have been deleted or renamed — or the token cannot see it: GitHub also answers 404 when a token lacks access.")
            }
            ApiError::Conflict { message } => write!(f, "Conflict (409): {}", clip(message, MESSAGE_MAX)),
            ApiError::Validation { message, errors } => {
                write!(f, "GitHub did not accept the request (422): {}", clip(message, MESSAGE_MAX))?;
                for e in errors {
                    write!(f, "\n• {}", clip(e, MESSAGE_MAX))?;
                }
                Ok(())
            }
            ApiError::Server { status, request_id } => {
                write!(f, "GitHub had a server error ({status}). Nothing suggests the request was wrong; try again in a moment.")?;
                if let Some(id) = request_id {
                    write!(f, " If it persists, give your administrator the request id {id}.")?;
                }
                Ok(())
            }
            ApiError::Network { host, detail } => write!(
                f,
                "Could not reach {host}: the browser got no readable answer ({}). Check the API URL, your network or VPN, and that {host} allows this page's origin (CORS); then try again.",
                clip(detail, MESSAGE_MAX)
            ),
            ApiError::Undecodable { operation, detail } => write!(f, "GitHub's answer to “{operation}” could not be read ({}). Is the base URL really a GitHub API root?", clip(detail, MESSAGE_MAX)),
            ApiError::Http { status, message } => write!(f, "GitHub answered {status}: {}", clip(message, MESSAGE_MAX)),
            ApiError::NotConnected => write!(f, "Not connected. Connect on the first page, then try again."),
            ApiError::Aborted => write!(f, "Cancelled: the page that asked for this was closed."),
            ApiError::Unsendable { reason } => write!(f, "Not sent: {reason}"),
        }
    }
}

/// `HH:MM:SS` of a Unix time, for messages.
pub fn clock(unix: u64) -> String {
    let s = unix % 86_400;
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

fn message_of(body: &str) -> (String, Vec<String>) {
    let Ok(v) = serde_json::from_str::<Value>(body) else {
        // Kept whole: the transport redacts the token first, and Display shortens it after.
        return (if body.trim().is_empty() { "no details given".into() } else { body.to_string() }, vec![]);
    };
    let message = v.get("message").and_then(Value::as_str).unwrap_or("no details given").to_string();
    let errors = v
        .get("errors")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .map(|e| match e {
                    Value::String(s) => s.clone(),
                    Value::Object(o) => {
                        let text = o.get("message").and_then(Value::as_str).map(str::to_string);
                        let field = o.get("field").and_then(Value::as_str);
                        let code = o.get("code").and_then(Value::as_str);
                        match (text, field, code) {
                            (Some(t), _, _) => t,
                            (None, Some(field), Some(code)) => format!("{field}: {code}"),
                            _ => e.to_string(),
                        }
                    }
                    other => other.to_string(),
                })
                .collect()
        })
        .unwrap_or_default();
    (message, errors)
}

fn scopes(list: Option<&str>) -> Vec<String> {
    list.unwrap_or("").split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// The authorization URL of `X-GitHub-SSO: required; url=…`, if it is a web address a link may
/// safely point at (never `javascript:` or the like).
fn sso_url(header: &str) -> Option<String> {
    let url = header.split(';').map(str::trim).find_map(|part| part.strip_prefix("url="))?.trim();
    let loopback = url.strip_prefix("http://").and_then(|rest| rest.split(['/', '?']).next()).is_some_and(super::base::is_loopback);
    let safe = (url.starts_with("https://") || loopback) && !url.contains(['"', '<', '>', ' ', '\\']);
    safe.then(|| url.to_string())
}

/// Maps an error status to an `ApiError`.
pub fn error_from(operation: &str, r: &RawResponse, now: u64) -> ApiError {
    let (message, errors) = message_of(&r.body);
    let retry_after = r.header("retry-after").and_then(|v| v.trim().parse::<u64>().ok());
    match r.status {
        401 => ApiError::BadCredentials,
        403 | 429 => {
            if let Some(sso) = r.header("x-github-sso").filter(|v| v.trim_start().to_ascii_lowercase().starts_with("required")) {
                return ApiError::SsoRequired { url: sso_url(sso) };
            }
            if let Some(secs) = retry_after {
                return ApiError::RateLimited(RateLimitKind::Secondary { retry_after: secs });
            }
            if r.header("x-ratelimit-remaining").map(str::trim) == Some("0") {
                let reset_at = r.header("x-ratelimit-reset").and_then(|v| v.trim().parse().ok()).unwrap_or(now + 60);
                return ApiError::RateLimited(RateLimitKind::Primary { reset_at });
            }
            if message.to_lowercase().contains("secondary rate limit") || r.status == 429 {
                return ApiError::RateLimited(RateLimitKind::SecondaryUnstated);
            }
            let needed = scopes(r.header("x-accepted-oauth-scopes"));
            let granted = scopes(r.header("x-oauth-scopes"));
            if !needed.is_empty() && !needed.iter().any(|n| granted.contains(n)) {
                return ApiError::MissingScope { needed, granted };
            }
            ApiError::Forbidden { message }
        }
        404 => ApiError::NotFound { operation: operation.to_string() },
        409 => ApiError::Conflict { message },
        422 => ApiError::Validation { message, errors },
        500..=599 => ApiError::Server { status: r.status, request_id: r.header("x-github-request-id").map(str::to_string) },
        status => ApiError::Http { status, message },
    }
}

/// Turns a response into the operation's answer or an error. A 204 decodes as JSON `null`, so
/// operations without a body answer `()`.
pub fn interpret<T: DeserializeOwned>(operation: &str, r: &RawResponse, now: u64) -> Result<T, ApiError> {
    if !(200..300).contains(&r.status) {
        return Err(error_from(operation, r, now));
    }
    let body = if r.body.trim().is_empty() { "null" } else { r.body.as_str() };
    serde_json::from_str(body).map_err(|e| ApiError::Undecodable { operation: operation.to_string(), detail: e.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, headers: &[(&str, &str)], body: &str) -> RawResponse {
        RawResponse { status, headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(), body: body.into() }
    }

    #[test]
    fn statuses_map_to_errors_a_user_can_act_on() {
        let e = error_from("list runners", &resp(401, &[], r#"{"message":"Bad credentials"}"#), 0);
        assert_eq!(e, ApiError::BadCredentials);
        assert!(e.to_string().contains("token"));

        let e = error_from("x", &resp(403, &[("x-accepted-oauth-scopes", "admin:org"), ("x-oauth-scopes", "repo")], r#"{"message":"nope"}"#), 0);
        assert_eq!(e, ApiError::MissingScope { needed: vec!["admin:org".into()], granted: vec!["repo".into()] });
        assert!(e.to_string().contains("admin:org"), "{e}");

        let e = error_from("x", &resp(403, &[("x-accepted-oauth-scopes", "admin:org"), ("x-oauth-scopes", "admin:org, repo")], r#"{"message":"inherited"}"#), 0);
        assert_eq!(e, ApiError::Forbidden { message: "inherited".into() });

        let e = error_from("x", &resp(403, &[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "3723")], "{}"), 0);
        assert_eq!(e, ApiError::RateLimited(RateLimitKind::Primary { reset_at: 3723 }));
        assert!(e.to_string().contains("01:02:03"), "{e}");

        let e = error_from("x", &resp(429, &[("retry-after", "7")], "{}"), 0);
        assert_eq!(e, ApiError::RateLimited(RateLimitKind::Secondary { retry_after: 7 }));
        assert!(e.to_string().contains("7 s"));

        let e = error_from("get a runner", &resp(404, &[], r#"{"message":"Not Found"}"#), 0);
        assert!(e.to_string().contains("get a runner") && e.to_string().contains("lacks access"), "{e}");

        let e = error_from("x", &resp(409, &[], r#"{"message":"A runner named \"a\" already exists."}"#), 0);
        assert!(e.to_string().contains("already exists"));

        let e = error_from("x", &resp(422, &[], r#"{"message":"Validation Failed","errors":["bad label",{"resource":"RunnerGroup","field":"name","code":"already_exists"}]}"#), 0);
        assert_eq!(e, ApiError::Validation { message: "Validation Failed".into(), errors: vec!["bad label".into(), "name: already_exists".into()] });
        assert!(e.to_string().contains("• name: already_exists"));

        let e = error_from("x", &resp(502, &[("x-github-request-id", "AB:CD")], "<html>bad gateway</html>"), 0);
        assert_eq!(e, ApiError::Server { status: 502, request_id: Some("AB:CD".into()) });
        assert!(e.to_string().contains("AB:CD"));

        let sso = "required; url=https://github.com/orgs/acme-mobile/sso?authorization_request=A1B2";
        let e = error_from(
            "x",
            &resp(403, &[("x-github-sso", sso), ("x-accepted-oauth-scopes", "admin:org"), ("x-oauth-scopes", "admin:org")], r#"{"message":"Resource protected by organization SAML enforcement."}"#),
            0,
        );
        assert_eq!(e, ApiError::SsoRequired { url: Some("https://github.com/orgs/acme-mobile/sso?authorization_request=A1B2".into()) });
        assert!(e.to_string().contains("SAML single sign-on") && !e.to_string().contains("scope"), "{e}");
        for hostile in ["required; url=javascript:alert(1)", "required; url=http://evil.example/sso", "required"] {
            assert_eq!(error_from("x", &resp(403, &[("x-github-sso", hostile)], "{}"), 0), ApiError::SsoRequired { url: None }, "{hostile}");
        }
        let partial = error_from("x", &resp(403, &[("x-github-sso", "partial-results; organizations=1,2")], r#"{"message":"nope"}"#), 0);
        assert_eq!(partial, ApiError::Forbidden { message: "nope".into() }, "partial results are not a refusal");

        let e = error_from("x", &resp(418, &[], "teapot"), 0);
        assert!(e.to_string().contains("418") && e.to_string().contains("teapot"));
    }

    #[test]
    fn interpretation_decodes_successes_and_names_the_operation_when_it_cannot() {
        let ok: Vec<u32> = interpret("x", &resp(200, &[], "[1,2]"), 0).unwrap();
        assert_eq!(ok, vec![1, 2]);
        let unit: () = interpret("delete a runner", &resp(204, &[], ""), 0).unwrap();
        assert_eq!(unit, ());
        let bad = interpret::<Vec<u32>>("list runners", &resp(200, &[], "{\"runners\": [1,"), 0).unwrap_err();
        assert!(matches!(&bad, ApiError::Undecodable { operation, .. } if operation == "list runners"));
        assert!(bad.to_string().contains("list runners"));
        let html = interpret::<Vec<u32>>("read the API root", &resp(200, &[], "<!doctype html>"), 0).unwrap_err();
        assert!(html.to_string().contains("base URL"));
    }

    #[test]
    fn display_and_debug_never_carry_the_token() {
        let token = "sandbox-admin-0123456789";
        let echoed = error_from("x", &resp(422, &[], &format!(r#"{{"message":"bad {token}","errors":["{token}"]}}"#)), 0).redact(token);
        let shown = format!("{echoed} {echoed:?}");
        assert!(!shown.contains(token), "{shown}");
        assert!(shown.contains("[redacted]"));
        let net = ApiError::Network { host: "ghe.example.com".into(), detail: format!("x {token}") }.redact(token);
        assert!(!format!("{net} {net:?}").contains(token));
    }
}
