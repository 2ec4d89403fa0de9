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

    /// Why the token cannot be sent, if it cannot: a header carries visible ASCII only, and a
    /// browser throws on anything else (a line break, a space, a typographic character).
    pub fn problem(&self) -> Option<String> {
        let (position, c) = self.0.chars().enumerate().find(|(_, c)| !c.is_ascii_graphic())?;
        let what = match c {
            '\n' | '\r' => "a line break".to_string(),
            ' ' | '\t' => "a space".to_string(),
            c if c.is_control() => format!("the control character U+{:04X}", c as u32),
            c if c.is_whitespace() => format!("an invisible space (U+{:04X})", c as u32),
            c => format!("the character “{c}” (U+{:04X})", c as u32),
        };
        Some(format!("The token contains {what} at character {}. GitHub tokens are plain letters, digits and underscores: paste it again, exactly as GitHub showed it.", position + 1))
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

    #[test]
    fn only_visible_ascii_can_be_sent() {
        assert_eq!(Token::new("sandbox-abcDEF0123").problem(), None);
        for (bad, what) in [("ghp_abc\ndef", "a line break at character 8"), ("ghp abc", "a space"), ("ghp_é", "“é”"), ("ghp_\u{200b}x", "U+200B"), ("ghp_\u{1b}x", "control character U+001B")] {
            let problem = Token::new(bad).problem().unwrap_or_default();
            assert!(problem.contains(what), "{bad:?}: {problem}");
            assert!(!problem.contains("ghp"), "the message never repeats the token: {problem}");
        }
    }
}
