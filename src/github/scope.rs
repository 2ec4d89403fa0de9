//! Where runners live (`Scope`): parsing what a user types, and the API prefix, token scope and
//! `config.sh --url` of each kind.
use std::fmt;

use super::base::ApiBase;
use super::request::encode;

/// Where runners live: an enterprise, an organization or a repository.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Scope {
    Enterprise { slug: String },
    Org { org: String },
    Repo { owner: String, repo: String },
}

impl Scope {
    /// Reads what a user types: `enterprises/acme` (or `enterprise:acme`), `acme-platform`, `owner/repo`,
    /// or a pasted console path such as `/orgs/acme-platform/runners`.
    pub fn parse(input: &str) -> Result<Scope, String> {
        let s = input.trim().trim_matches('/');
        let parts: Vec<&str> = s.split('/').filter(|p| !p.is_empty()).collect();
        let scope = match parts.as_slice() {
            [] => return Err("Enter an enterprise (enterprises/SLUG), an organization, or OWNER/REPO.".into()),
            ["enterprises"] | ["orgs"] | ["repos"] | ["repos", _] => return Err("That names no enterprise, organization or repository yet: enterprises/SLUG, ORG or OWNER/REPO.".into()),
            ["enterprises", slug, ..] => Scope::Enterprise { slug: slug.to_string() },
            [single] if single.to_ascii_lowercase().starts_with("enterprise:") => Scope::Enterprise { slug: single["enterprise:".len()..].trim().to_string() },
            ["orgs", org, ..] => Scope::Org { org: org.to_string() },
            ["repos", owner, repo, ..] => Scope::Repo { owner: owner.to_string(), repo: repo.to_string() },
            [org] => Scope::Org { org: org.to_string() },
            [owner, repo] => Scope::Repo { owner: owner.to_string(), repo: repo.to_string() },
            _ => return Err(format!("“{}” is not an enterprise, an organization or OWNER/REPO.", s.chars().take(80).collect::<String>())),
        };
        for name in scope.names() {
            if name.is_empty() || name.len() > 100 || !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) || name == "." || name == ".." {
                return Err(format!("“{}” is not a valid GitHub name: use letters, digits, '-', '_' and '.'.", name.chars().take(80).collect::<String>()));
            }
        }
        Ok(scope)
    }

    fn names(&self) -> Vec<&str> {
        match self {
            Scope::Enterprise { slug } => vec![slug],
            Scope::Org { org } => vec![org],
            Scope::Repo { owner, repo } => vec![owner, repo],
        }
    }

    /// The REST path prefix, percent-encoded: `/enterprises/acme`, `/orgs/acme`, `/repos/o/r`.
    pub fn prefix(&self) -> String {
        match self {
            Scope::Enterprise { slug } => format!("/enterprises/{}", encode(slug)),
            Scope::Org { org } => format!("/orgs/{}", encode(org)),
            Scope::Repo { owner, repo } => format!("/repos/{}/{}", encode(owner), encode(repo)),
        }
    }

    /// The classic token scope GitHub asks for here.
    pub fn token_scope(&self) -> &'static str {
        match self {
            Scope::Enterprise { .. } => "manage_runners:enterprise",
            Scope::Org { .. } => "admin:org",
            Scope::Repo { .. } => "repo",
        }
    }

    /// What a fine-grained token needs here, in GitHub's words.
    pub fn fine_grained_permission(&self) -> &'static str {
        match self {
            Scope::Enterprise { .. } => "a classic token (fine-grained tokens cannot manage enterprise runners)",
            Scope::Org { .. } => "the organization permission “Self-hosted runners” (read and write)",
            Scope::Repo { .. } => "the repository permission “Administration” (read and write)",
        }
    }

    /// The URL `config.sh --url` wants: the web host, not the API.
    pub fn config_url(&self, base: &ApiBase) -> String {
        match self {
            Scope::Enterprise { slug } => format!("{}/enterprises/{slug}", base.web_root),
            Scope::Org { org } => format!("{}/{org}", base.web_root),
            Scope::Repo { owner, repo } => format!("{}/{owner}/{repo}", base.web_root),
        }
    }

    /// Runner groups exist at enterprise and org scope only.
    pub fn has_groups(&self) -> bool {
        !matches!(self, Scope::Repo { .. })
    }

    /// The key GitHub uses for the access list of this scope's groups.
    pub fn access_kind(&self) -> &'static str {
        match self {
            Scope::Enterprise { .. } => "organizations",
            _ => "repositories",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Enterprise { slug } => write!(f, "enterprise {slug}"),
            Scope::Org { org } => write!(f, "organization {org}"),
            Scope::Repo { owner, repo } => write!(f, "repository {owner}/{repo}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_parse_from_what_users_type() {
        assert_eq!(Scope::parse("acme-platform"), Ok(Scope::Org { org: "acme-platform".into() }));
        assert_eq!(Scope::parse(" acme/api "), Ok(Scope::Repo { owner: "acme".into(), repo: "api".into() }));
        assert_eq!(Scope::parse("enterprises/acme"), Ok(Scope::Enterprise { slug: "acme".into() }));
        assert_eq!(Scope::parse("enterprise:acme"), Ok(Scope::Enterprise { slug: "acme".into() }));
        assert_eq!(Scope::parse("/orgs/acme/runners/42"), Ok(Scope::Org { org: "acme".into() }));
        assert_eq!(Scope::parse("/repos/o/r/runners/new"), Ok(Scope::Repo { owner: "o".into(), repo: "r".into() }));
        for bad in ["", "a/b/c", "<script>", "org name", "../etc", "enterprises/"] {
            assert!(Scope::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn scopes_know_prefix_token_scope_and_config_url() {
        let ghes = ApiBase::parse("https://ghe.example.com").unwrap();
        let dotcom = ApiBase::parse("github.com").unwrap();
        let e = Scope::Enterprise { slug: "acme".into() };
        let o = Scope::Org { org: "acme-platform".into() };
        let r = Scope::Repo { owner: "acme-platform".into(), repo: "api".into() };
        assert_eq!(e.prefix(), "/enterprises/acme");
        assert_eq!(r.prefix(), "/repos/acme-platform/api");
        assert_eq!((e.token_scope(), o.token_scope(), r.token_scope()), ("manage_runners:enterprise", "admin:org", "repo"));
        assert_eq!(e.config_url(&ghes), "https://ghe.example.com/enterprises/acme");
        assert_eq!(o.config_url(&ghes), "https://ghe.example.com/acme-platform");
        assert_eq!(r.config_url(&dotcom), "https://github.com/acme-platform/api");
    }
}
