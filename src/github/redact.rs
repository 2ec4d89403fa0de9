//! Keeping the token out of every message: a server may echo it back in an error, and messages end
//! up on screen, in the activity log and in exported reports. Redaction runs on the whole text,
//! before anything is shortened for display, so a cut can never leave a prefix of the token behind.
use super::error::ApiError;

const REDACTED: &str = "[redacted]";
/// GitHub's token prefixes (classic, OAuth, user-to-server, server-to-server, refresh, fine-grained).
const TOKEN_PREFIXES: [&str; 6] = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"];

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '=' | '+' | '/')
}

/// Replaces `secret` and anything that looks like a credential: a word with a GitHub token prefix,
/// or a long word right after `Bearer` or `token` (how an echoed `Authorization` header reads).
pub fn scrub(text: &str, secret: &str) -> String {
    let text = if secret.is_empty() { text.to_string() } else { text.replace(secret, REDACTED) };
    let mut out = String::with_capacity(text.len());
    let mut previous_word = String::new();
    let mut only_spaces_since = true;
    let mut rest = text.as_str();
    while let Some(c) = rest.chars().next() {
        if is_token_char(c) {
            let end = rest.find(|c: char| !is_token_char(c)).unwrap_or(rest.len());
            // A full stop ending a sentence is not part of the word.
            let end = rest[..end].trim_end_matches('.').len().max(1);
            let (word, tail) = rest.split_at(end);
            let after_scheme = only_spaces_since && (previous_word.eq_ignore_ascii_case("bearer") || previous_word.eq_ignore_ascii_case("token"));
            let prefixed = TOKEN_PREFIXES.iter().any(|p| word.starts_with(p)) && word.chars().count() >= 20;
            if prefixed || (after_scheme && word.chars().count() >= 16) {
                out.push_str(REDACTED);
            } else {
                out.push_str(word);
            }
            previous_word = word.to_string();
            only_spaces_since = true;
            rest = tail;
        } else {
            out.push(c);
            only_spaces_since &= c == ' ';
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// At most `max` characters of `text`, with `…` when something was cut. Char-safe.
pub fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

impl ApiError {
    /// Scrubs the secret (and anything credential-like) from every text the error carries.
    pub fn redact(self, secret: &str) -> ApiError {
        let r = |s: String| scrub(&s, secret);
        match self {
            ApiError::MissingScope { needed, granted } => ApiError::MissingScope { needed: needed.into_iter().map(r).collect(), granted: granted.into_iter().map(r).collect() },
            ApiError::Forbidden { message } => ApiError::Forbidden { message: r(message) },
            ApiError::SsoRequired { url } => ApiError::SsoRequired { url: url.map(r) },
            ApiError::NotFound { operation } => ApiError::NotFound { operation: r(operation) },
            ApiError::Conflict { message } => ApiError::Conflict { message: r(message) },
            ApiError::Validation { message, errors } => ApiError::Validation { message: r(message), errors: errors.into_iter().map(r).collect() },
            ApiError::Server { status, request_id } => ApiError::Server { status, request_id: request_id.map(r) },
            ApiError::Network { host, detail } => ApiError::Network { host: r(host), detail: r(detail) },
            ApiError::Undecodable { operation, detail } => ApiError::Undecodable { operation: r(operation), detail: r(detail) },
            ApiError::Http { status, message } => ApiError::Http { status, message: r(message) },
            ApiError::Unsendable { reason } => ApiError::Unsendable { reason: r(reason) },
            other @ (ApiError::BadCredentials | ApiError::RateLimited(_) | ApiError::NotConnected | ApiError::Aborted) => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::github::error::{error_from, interpret, RawResponse};

    // Fake by construction: the sandbox's style, not a real token's.
    const TOKEN: &str = "sandbox-secret-0123456789-abcdefghij";

    /// Every 6-character piece of the token: none may survive, or a prefix leaked.
    fn leaks(shown: &str) -> Option<String> {
        let chars: Vec<char> = TOKEN.chars().collect();
        chars.windows(6).map(|w| w.iter().collect::<String>()).find(|piece| shown.contains(piece.as_str()))
    }

    fn resp(status: u16, headers: &[(&str, &str)], body: &str) -> RawResponse {
        RawResponse { status, headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(), body: body.into() }
    }

    /// `text` with the token starting at character `offset`.
    fn echo_at(offset: usize) -> String {
        format!("{}{TOKEN} and more after it", "x".repeat(offset))
    }

    #[test]
    fn every_variant_is_scrubbed_wherever_the_token_is_echoed() {
        for offset in [0, 195, 199] {
            let text = echo_at(offset);
            let json = serde_json::json!({ "message": text, "errors": [text, { "message": text }] }).to_string();
            let mut errors = Vec::new();
            for status in [403, 404, 409, 418, 422, 500, 502] {
                for body in [text.as_str(), json.as_str()] {
                    let headers = [("x-github-request-id", text.as_str()), ("x-accepted-oauth-scopes", "admin:org"), ("x-oauth-scopes", text.as_str())];
                    errors.push(error_from(&text, &resp(status, &headers, body), 0));
                    errors.push(error_from(&text, &resp(status, &[], body), 0));
                }
            }
            errors.push(interpret::<u64>(&text, &resp(200, &[], &serde_json::json!(text).to_string()), 0).unwrap_err());
            errors.push(interpret::<u64>(&text, &resp(200, &[], &text), 0).unwrap_err());
            errors.push(ApiError::Network { host: text.clone(), detail: text.clone() });
            let kinds: std::collections::BTreeSet<String> = errors.iter().map(|e| format!("{e:?}").split([' ', '(', '{']).next().unwrap_or_default().to_string()).collect();
            for kind in ["Forbidden", "MissingScope", "NotFound", "Conflict", "Validation", "Server", "Http", "Undecodable", "Network"] {
                assert!(kinds.contains(kind), "the corpus covers {kind}: {kinds:?}");
            }
            for e in errors {
                let e = e.redact(TOKEN);
                let shown = format!("{e} {e:?}");
                assert_eq!(leaks(&shown), None, "offset {offset}: {shown}");
            }
        }
    }

    #[test]
    fn credential_shapes_are_scrubbed_even_when_they_are_not_this_token() {
        // Assembled here so that no token-shaped literal sits in the source.
        let other = ["ghp", "_", "fake", "-sandbox-value-0123456789"].concat();
        assert_eq!(scrub(&format!("got {other}."), TOKEN), "got [redacted].");
        assert_eq!(scrub("Authorization: Bearer abcdefghijklmnop1234 rejected", TOKEN), "Authorization: Bearer [redacted] rejected");
        assert_eq!(scrub("header was token 0123456789abcdef0123", TOKEN), "header was token [redacted]");
        assert_eq!(scrub(&format!("Bearer {TOKEN}"), TOKEN), "Bearer [redacted]");
        // Ordinary prose about tokens stays readable.
        assert_eq!(scrub("The token cannot see this runner group", TOKEN), "The token cannot see this runner group");
        assert_eq!(scrub("Bearer é ünïcode", TOKEN), "Bearer é ünïcode");
    }

    #[test]
    fn clipping_is_char_safe_and_comes_after_redaction() {
        assert_eq!(clip("ééé", 2), "éé…");
        assert_eq!(clip("abc", 3), "abc");
        let long = format!("{}{TOKEN}", "é".repeat(199));
        let shown = clip(&scrub(&long, TOKEN), 200);
        assert_eq!(leaks(&shown), None, "{shown}");
        assert!(shown.ends_with("[…"), "{shown}");
    }
}
