//! Which server answers, and what it can do: github.com, GHEC with data residency, or a GHES of a
//! given version. Features a server lacks are never offered and never sent.
use std::fmt;

/// The product behind the API root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Product {
    /// `api.github.com`: github.com, and GitHub Enterprise Cloud, which shares its API.
    Dotcom,
    /// GHEC with data residency: `api.SUBDOMAIN.ghe.com`.
    DataResidency,
    /// GitHub Enterprise Server, with the version `/meta` gave (`major.minor`), if it gave one.
    Ghes { version: Option<(u32, u32)> },
}

/// The oldest and newest GHES versions whose API this console was checked against.
pub const OLDEST_MODELLED: (u32, u32) = (3, 4);
pub const NEWEST_MODELLED: (u32, u32) = (3, 19);

/// Requests in flight while loading on github.com and GHEC, unless the user chose otherwise:
/// GitHub allows 100 concurrent requests per token before its secondary rate limit, and octokit's
/// throttling sends 10; so does this, well inside the limit. Also used until the server is known.
pub const CLOUD_CONCURRENCY: usize = 10;
/// On GitHub Enterprise Server: it often runs without rate limits, and a load of 10,000 runners (100
/// pages) then takes five waves of requests after the first page instead of ten.
pub const GHES_CONCURRENCY: usize = 20;
/// The most the connect form accepts: half of github.com's concurrent-request limit.
pub const MAX_CONCURRENCY: usize = 50;

impl Product {
    /// Requests in flight while loading, unless the user chose.
    pub fn default_concurrency(&self) -> usize {
        match self {
            Product::Dotcom | Product::DataResidency => CLOUD_CONCURRENCY,
            Product::Ghes { .. } => GHES_CONCURRENCY,
        }
    }
}

/// What the server is, as far as the console could tell, and anything odd it found out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Server {
    pub product: Product,
    /// `installed_version` exactly as `/meta` gave it.
    pub installed_version: Option<String>,
    /// Said beside the server's name: a missing, unknown or very old version.
    pub note: Option<String>,
}

/// What some servers lack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feature {
    /// `restricted_to_workflows` and `selected_workflows` on runner groups.
    WorkflowRestrictions,
    /// `visible_to_repository` / `visible_to_organization` on the runner-group lists.
    VisibleToFilter,
    /// `generate-jitconfig`.
    JitConfig,
    /// The `name` filter on the runner lists.
    RunnerNameFilter,
    /// The runner object's `version`.
    RunnerVersion,
    /// `…/actions/permissions/self-hosted-runners`: who may use repository-level self-hosted runners.
    SelfHostedRunnerPolicy,
}

impl Feature {
    /// The GHES version that brought it, checked in `@octokit/openapi`'s descriptions.
    pub fn since(self) -> (u32, u32) {
        match self {
            Feature::WorkflowRestrictions => (3, 5),
            Feature::VisibleToFilter => (3, 6),
            Feature::JitConfig => (3, 10),
            Feature::RunnerNameFilter => (3, 11),
            Feature::RunnerVersion => (3, 17),
            Feature::SelfHostedRunnerPolicy => (3, 19),
        }
    }

    fn what(self) -> &'static str {
        match self {
            Feature::WorkflowRestrictions => "Workflow restrictions on runner groups need",
            Feature::VisibleToFilter => "Filtering groups by who can use them needs",
            Feature::JitConfig => "JIT runner configs need",
            Feature::RunnerNameFilter => "Filtering runners by name on the server needs",
            Feature::RunnerVersion => "Runner versions need",
            Feature::SelfHostedRunnerPolicy => "The self-hosted runner policy needs",
        }
    }
}

/// `3.9.2` (or `3.9`, `3.19.0.rc1`) to `(3, 9)`.
pub fn parse_version(text: &str) -> Option<(u32, u32)> {
    let mut parts = text.trim().trim_start_matches(['v', 'V']).split('.');
    let major = parts.next()?.parse().ok()?;
    let minor_text = parts.next()?;
    let digits: String = minor_text.chars().take_while(char::is_ascii_digit).collect();
    Some((major, digits.parse().ok()?))
}

impl Server {
    pub fn dotcom() -> Server {
        Server { product: Product::Dotcom, installed_version: None, note: None }
    }

    /// A GHES from what `/meta` said: its `installed_version`, or nothing.
    pub fn ghes(installed_version: Option<&str>) -> Server {
        let Some(text) = installed_version.map(str::trim).filter(|t| !t.is_empty()) else {
            return Server {
                product: Product::Ghes { version: None },
                installed_version: None,
                note: Some(format!("The server did not say its version (no installed_version in /meta), so features that need a newer GHES than {} are off.", show(OLDEST_MODELLED))),
            };
        };
        let shown = crate::github::redact::clip(text, 40);
        match parse_version(text) {
            None => Server {
                product: Product::Ghes { version: None },
                installed_version: Some(shown.clone()),
                note: Some(format!("The server's version “{shown}” is not one Runnerdeck can read, so features that need a newer GHES than {} are off.", show(OLDEST_MODELLED))),
            },
            Some(v) if v < OLDEST_MODELLED => Server {
                product: Product::Ghes { version: Some(v) },
                installed_version: Some(shown),
                note: Some(format!("GHES {} is older than any version Runnerdeck was checked against; it is treated as {}, and some pages may not work.", show(v), show(OLDEST_MODELLED))),
            },
            Some(v) => Server { product: Product::Ghes { version: Some(v) }, installed_version: Some(shown), note: None },
        }
    }

    pub fn is_ghes(&self) -> bool {
        matches!(self.product, Product::Ghes { .. })
    }

    /// `Ok` when the server has the feature; otherwise the sentence that says why it is off.
    pub fn supports(&self, feature: Feature) -> Result<(), String> {
        match &self.product {
            Product::Dotcom | Product::DataResidency => Ok(()),
            Product::Ghes { version: Some(v) } if *v >= feature.since() => Ok(()),
            Product::Ghes { version } => {
                let runs = match version {
                    Some(v) => format!("this server runs {}", show(*v)),
                    None => "this server did not say which version it runs".to_string(),
                };
                Err(format!("{} GHES {} or later; {runs}.", feature.what(), show(feature.since())))
            }
        }
    }

    pub fn has(&self, feature: Feature) -> bool {
        self.supports(feature).is_ok()
    }
}

fn show((major, minor): (u32, u32)) -> String {
    format!("{major}.{minor}")
}

impl fmt::Display for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.product, &self.installed_version) {
            (Product::Dotcom, _) => write!(f, "github.com (or GitHub Enterprise Cloud)"),
            (Product::DataResidency, _) => write!(f, "GitHub Enterprise Cloud with data residency"),
            (Product::Ghes { .. }, Some(v)) => write!(f, "GitHub Enterprise Server {v}"),
            (Product::Ghes { .. }, None) => write!(f, "GitHub Enterprise Server (version unknown)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrency_is_chosen_by_server_unless_the_user_chose() {
        use crate::github::{ApiBase, Client, Token};
        let base = ApiBase::parse("https://ghe.example.com/api/v3").unwrap();
        let auto = Client::with_options(base.clone(), Token::new("t"), false, None);
        assert_eq!(auto.concurrency(), CLOUD_CONCURRENCY, "github.com's, until the server is known");
        auto.set_server(Server::ghes(Some("3.19.0")));
        assert_eq!((auto.concurrency(), auto.chosen_concurrency()), (GHES_CONCURRENCY, None));
        auto.set_server(Server::dotcom());
        assert_eq!(auto.concurrency(), CLOUD_CONCURRENCY);
        let chosen = Client::with_options(base.clone(), Token::new("t"), false, Some(3));
        chosen.set_server(Server::ghes(Some("3.19.0")));
        assert_eq!((chosen.concurrency(), chosen.chosen_concurrency()), (3, Some(3)));
        assert_eq!(Client::with_options(base.clone(), Token::new("t"), false, Some(0)).concurrency(), 1);
        assert_eq!(Client::with_options(base, Token::new("t"), false, Some(500)).concurrency(), MAX_CONCURRENCY);
    }

    #[test]
    fn versions_are_read_leniently_and_never_panic() {
        assert_eq!(parse_version("3.9.2"), Some((3, 9)));
        assert_eq!(parse_version("3.19"), Some((3, 19)));
        assert_eq!(parse_version(" v3.10.0.rc1 "), Some((3, 10)));
        assert_eq!(parse_version("3.12rc2"), Some((3, 12)));
        for bad in ["", "3", "three.nine", "3.x", "é.é", ".", "3..", "99999999999.1"] {
            assert_eq!(parse_version(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn features_follow_the_version_and_say_what_they_need() {
        let old = Server::ghes(Some("3.7.12"));
        assert_eq!(old.to_string(), "GitHub Enterprise Server 3.7.12");
        assert_eq!(old.supports(Feature::JitConfig), Err("JIT runner configs need GHES 3.10 or later; this server runs 3.7.".to_string()));
        assert!(old.has(Feature::WorkflowRestrictions) && old.has(Feature::VisibleToFilter) && !old.has(Feature::RunnerNameFilter));
        assert!(!Server::ghes(Some("3.4.0")).has(Feature::WorkflowRestrictions));
        assert!(Server::ghes(Some("3.19.1")).has(Feature::RunnerVersion));
        assert!(Server::ghes(Some("3.25.0")).has(Feature::JitConfig), "newer than modelled has everything");
        assert!(Server::dotcom().has(Feature::JitConfig));
        assert_eq!(Server::ghes(Some("3.18.2")).supports(Feature::SelfHostedRunnerPolicy), Err("The self-hosted runner policy needs GHES 3.19 or later; this server runs 3.18.".to_string()));
        assert!(Server::ghes(Some("3.19.0")).has(Feature::SelfHostedRunnerPolicy) && Server::dotcom().has(Feature::SelfHostedRunnerPolicy));
    }

    #[test]
    fn a_missing_unknown_or_ancient_version_is_said_and_treated_as_the_oldest() {
        for (given, says) in [(None, "did not say its version"), (Some(""), "did not say"), (Some("banana"), "“banana”"), (Some("2.22.1"), "older than any version")] {
            let s = Server::ghes(given);
            let note = s.note.clone().unwrap_or_default();
            assert!(note.contains(says), "{given:?}: {note}");
            assert!(!s.has(Feature::WorkflowRestrictions) && !s.has(Feature::JitConfig), "{given:?} gets the oldest profile");
        }
        assert_eq!(Server::ghes(Some("3.9.0")).note, None);
    }
}
