//! Where the API lives: turning what a user types into the API root and the web host.

/// The API root of a GitHub or GHES instance, plus the web host that `config.sh --url` wants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiBase {
    /// e.g. `https://api.github.com` or `https://ghe.example.com/api/v3`, never with a trailing slash.
    pub api_root: String,
    /// e.g. `https://github.com` or `https://ghe.example.com`.
    pub web_root: String,
}

impl ApiBase {
    /// Accepts `github.com`, `https://api.github.com`, `https://HOST`, `https://HOST/`, `https://HOST/api/v3`.
    pub fn parse(input: &str) -> Result<ApiBase, String> {
        let input = input.trim();
        if input.is_empty() {
            return Err("Enter the API base URL, e.g. https://api.github.com or https://ghe.example.com/api/v3.".into());
        }
        let (scheme, rest) = match input.split_once("://") {
            Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
            None if input.contains(':') && !looks_like_host_port(input) => return Err(format!("“{}” is not an http(s) URL. Use https://HOST or https://HOST/api/v3.", shorten(input))),
            None => ("https".to_string(), input),
        };
        if scheme != "http" && scheme != "https" {
            return Err(format!("The API URL must start with https:// (or http:// for a local server), not {scheme}://."));
        }
        if rest.contains(['?', '#', '@', ' ', '\\']) {
            return Err("The API URL must be just a host and an optional /api/v3 path, without query, fragment or credentials.".into());
        }
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], rest[i..].trim_end_matches('/')),
            None => (rest, ""),
        };
        let host = host.to_ascii_lowercase();
        if host.is_empty() || host.starts_with('.') || host.starts_with(':') {
            return Err("The API URL has no host name.".into());
        }
        if host == "github.com" || host == "www.github.com" || host == "api.github.com" {
            if !path.is_empty() {
                return Err("For github.com use https://api.github.com, without a path.".into());
            }
            return Ok(ApiBase { api_root: "https://api.github.com".into(), web_root: "https://github.com".into() });
        }
        // GHEC with data residency: the API is `api.SUBDOMAIN.ghe.com`, at its root.
        if let Some(sub) = host.strip_prefix("api.").and_then(|h| h.strip_suffix(".ghe.com")).filter(|s| !s.is_empty() && !s.contains(':')) {
            if !path.is_empty() {
                return Err(format!("For GitHub Enterprise Cloud use https://{host}, without a path."));
            }
            return Ok(ApiBase { api_root: format!("https://{host}"), web_root: format!("https://{sub}.ghe.com") });
        }
        let web_root = format!("{scheme}://{host}");
        match path {
            "" | "/api/v3" => Ok(ApiBase { api_root: format!("{web_root}/api/v3"), web_root }),
            other => Err(format!("A GitHub Enterprise Server API lives at https://HOST/api/v3, not at {}. Enter the host or the /api/v3 URL.", shorten(other))),
        }
    }

    /// The same host with the API at its root, as github.com serves it, for a host that has no
    /// `/api/v3` (tried when the user did not type the path).
    pub fn at_root(&self) -> Option<ApiBase> {
        let root = self.api_root.strip_suffix("/api/v3")?;
        Some(ApiBase { api_root: root.to_string(), web_root: self.web_root.clone() })
    }

    /// `http://` to anything but this machine: the token would cross the network unencrypted.
    pub fn is_plaintext_remote(&self) -> bool {
        self.api_root.starts_with("http://") && !is_loopback(self.host())
    }

    /// The host name a user recognises, for the header.
    pub fn host(&self) -> &str {
        self.web_root.split_once("://").map(|(_, h)| h).unwrap_or(&self.web_root)
    }
}

/// `localhost`, `*.localhost`, `127.0.0.0/8` or `[::1]`, with or without a port.
pub fn is_loopback(host_port: &str) -> bool {
    let host = if host_port.starts_with('[') { host_port.split_once(']').map(|(h, _)| &h[1..]).unwrap_or(host_port) } else { host_port.rsplit_once(':').map(|(h, _)| h).unwrap_or(host_port) };
    let host = host.trim_end_matches('.');
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "::1"
        || host.strip_prefix("127.").is_some_and(|rest| rest.split('.').count() == 3 && rest.split('.').all(|o| o.parse::<u8>().is_ok()))
}

fn looks_like_host_port(input: &str) -> bool {
    // `localhost:8080` or `ghe.example.com:8443/api/v3`: a port, not a scheme.
    let head = input.split('/').next().unwrap_or_default();
    head.rsplit_once(':').is_some_and(|(_, port)| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()))
}

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(input: &str) -> (String, String) {
        let b = ApiBase::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        (b.api_root, b.web_root)
    }

    #[test]
    fn accepts_the_documented_forms() {
        let ghes = ("https://ghe.example.com/api/v3".to_string(), "https://ghe.example.com".to_string());
        assert_eq!(ok("https://ghe.example.com"), ghes);
        assert_eq!(ok("https://ghe.example.com/"), ghes);
        assert_eq!(ok("https://ghe.example.com/api/v3"), ghes);
        assert_eq!(ok("https://ghe.example.com/api/v3/"), ghes);
        assert_eq!(ok("  HTTPS://GHE.example.com  "), ghes);
        assert_eq!(ok("ghe.example.com"), ghes);
        let dotcom = ("https://api.github.com".to_string(), "https://github.com".to_string());
        assert_eq!(ok("github.com"), dotcom);
        assert_eq!(ok("https://api.github.com"), dotcom);
        assert_eq!(ok("https://github.com/"), dotcom);
        assert_eq!(ok("api.acme.ghe.com"), ("https://api.acme.ghe.com".to_string(), "https://acme.ghe.com".to_string()));
        assert!(ApiBase::parse("https://api.acme.ghe.com/api/v3").is_err());
        let ghes = ApiBase::parse("ghe.example.com").unwrap();
        assert_eq!(ghes.at_root().map(|b| b.api_root), Some("https://ghe.example.com".to_string()));
    }

    #[test]
    fn keeps_ports_and_plain_http_for_local_servers() {
        assert_eq!(ok("http://127.0.0.1:8787/api/v3"), ("http://127.0.0.1:8787/api/v3".to_string(), "http://127.0.0.1:8787".to_string()));
        assert_eq!(ok("localhost:8443").0, "https://localhost:8443/api/v3");
    }

    #[test]
    fn plain_http_is_plaintext_unless_it_stays_on_this_machine() {
        for local in ["http://127.0.0.1:8787", "http://localhost", "http://LOCALHOST:80/api/v3", "http://127.10.0.3:1", "http://[::1]:8080", "http://sandbox.localhost:9"] {
            assert!(!ApiBase::parse(local).map(|b| b.is_plaintext_remote()).unwrap_or(true), "{local} is loopback");
        }
        for remote in ["http://ghe.example.com", "http://127.0.0.1.evil.com", "http://localhost.evil.com:80", "http://10.0.0.5:8080", "http://[::2]", "http://127.0.0.1x"] {
            assert!(ApiBase::parse(remote).map(|b| b.is_plaintext_remote()).unwrap_or(false), "{remote} is remote");
        }
        assert!(!ApiBase::parse("https://ghe.example.com").map(|b| b.is_plaintext_remote()).unwrap_or(true));
    }

    #[test]
    fn rejects_what_is_not_an_http_api_root() {
        for bad in [
            "",
            "ftp://ghe.example.com",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://",
            "https://ghe.example.com/foo",
            "https://ghe.example.com/api/v3?x=1",
            "https://user:pw@ghe.example.com",
            "https://api.github.com/repos",
        ] {
            assert!(ApiBase::parse(bad).is_err(), "{bad:?} was accepted");
        }
        let msg = ApiBase::parse("ftp://x").unwrap_err();
        assert!(msg.contains("https://"), "{msg}");
    }
}
