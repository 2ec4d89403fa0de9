//! The token, wrapped so that it cannot leak through `Debug`, `Display` or serde by accident.
use std::fmt;

/// A personal access token. Its text is reachable only through [`Token::expose`], at the transport.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(text: impl Into<String>) -> Self {
        Token(text.into().trim().to_string())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The raw token, for the `Authorization` header and the opt-in session storage only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(redacted)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_token() {
        let t = Token::new(" sandbox-admin-secret ");
        assert_eq!(t.expose(), "sandbox-admin-secret");
        let shown = format!("{t:?} {:?}", Some(t.clone()));
        assert!(!shown.contains("secret"), "{shown}");
    }
}
