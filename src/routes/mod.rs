//! Typed console paths: the one place that builds a URL of the console itself.
use crate::github::request::encode;
use crate::github::Scope;

mod place;
pub use place::{place, Place, ScopePage};

/// `/enterprises/acme`, `/orgs/acme`, `/repos/o/r`: the scope's own root, each name percent-encoded.
pub fn scope_root(scope: &Scope) -> String {
    match scope {
        Scope::Enterprise { slug } => ["/enterprises/", &encode(slug)].concat(),
        Scope::Org { org } => ["/orgs/", &encode(org)].concat(),
        Scope::Repo { owner, repo } => ["/repos/", &encode(owner), "/", &encode(repo)].concat(),
    }
}

pub fn runners(scope: &Scope) -> String {
    scope_root(scope) + "/runners"
}

/// The runners list with a query, e.g. a filter: `pairs` are encoded here.
pub fn runners_with(scope: &Scope, pairs: &[(&str, &str)]) -> String {
    with_query(runners(scope), pairs)
}

pub fn runner(scope: &Scope, id: u64) -> String {
    format!("{}/runners/{id}", scope_root(scope))
}

pub fn add_runner(scope: &Scope) -> String {
    scope_root(scope) + "/runners/new"
}

pub fn groups(scope: &Scope) -> String {
    scope_root(scope) + "/runner-groups"
}

/// The groups a repository or organization can use.
pub fn groups_visible_to(scope: &Scope, name: &str) -> String {
    with_query(groups(scope), &[("visible_to", name)])
}

pub fn group(scope: &Scope, id: u64) -> String {
    format!("{}/runner-groups/{id}", scope_root(scope))
}

pub fn new_group(scope: &Scope) -> String {
    scope_root(scope) + "/runner-groups/new"
}

/// Who may use repository-level self-hosted runners: an organization's or the enterprise's policy.
pub fn policy(scope: &Scope) -> String {
    scope_root(scope) + "/policy"
}

/// The scope's runner events, from its audit log (a repository's from its organization's).
pub fn runner_events(scope: &Scope) -> String {
    scope_root(scope) + "/runner-events"
}

/// Every runner of an enterprise, its organizations and their repositories.
pub fn fleet(slug: &str) -> String {
    format!("/enterprises/{}/fleet", encode(slug))
}

/// Every write the console made in this tab, and the bulk jobs.
pub fn activity() -> String {
    "/activity".to_string()
}

pub fn connect() -> String {
    "/".to_string()
}

/// Appends `?k=v&…`, leaving out empty values.
pub fn with_query(path: String, pairs: &[(&str, &str)]) -> String {
    let qs: Vec<String> = pairs.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| [encode(k), encode(v)].join("=")).collect();
    if qs.is_empty() {
        path
    } else {
        path + "?" + &qs.join("&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_encode_names_and_round_trip_through_scope_parse() {
        for s in [Scope::Enterprise { slug: "acme".into() }, Scope::Org { org: "acme-platform".into() }, Scope::Repo { owner: "acme".into(), repo: "web.app".into() }] {
            assert_eq!(Scope::parse(&scope_root(&s)), Ok(s.clone()));
            assert_eq!(Scope::parse(&runners(&s)), Ok(s.clone()));
        }
        let org = Scope::Org { org: "acme".into() };
        assert_eq!(runner(&org, 42), "/orgs/acme/runners/42");
        assert_eq!(group(&org, 7), "/orgs/acme/runner-groups/7");
        assert_eq!(policy(&Scope::Enterprise { slug: "a b".into() }), "/enterprises/a%20b/policy");
        assert_eq!(runner_events(&org), "/orgs/acme/runner-events");
        assert_eq!(groups_visible_to(&org, "web app"), "/orgs/acme/runner-groups?visible_to=web%20app");
        assert_eq!(runners_with(&org, &[("status", "offline"), ("q", "")]), "/orgs/acme/runners?status=offline");
        assert_eq!(runners_with(&org, &[("q", "a&b=c")]), "/orgs/acme/runners?q=a%26b%3Dc");
    }
}
