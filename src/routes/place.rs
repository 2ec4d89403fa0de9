//! The route table as data: which page a console path names. The shell renders the page this says
//! (`app.rs`), so the table is matched once, here, instead of through a nested route tree whose
//! every branch the router's generics copied into the wasm (about 170 KB of it, raw).
use crate::github::request::decode;
use crate::github::Scope;

/// What a path (below the hosting prefix, without query or fragment) opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    Connect,
    Activity,
    /// A page of an enterprise, an organization or a repository. `scope` is `None` when the names in
    /// the path are not valid GitHub names: the page then says so.
    Scope {
        scope: Option<Scope>,
        page: ScopePage,
    },
    NotFound,
}

/// The pages under a scope's root. `Runner` and `Group` carry the id the path names, if it is one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopePage {
    /// The root itself, which opens the runners.
    Home,
    Runners,
    AddRunner,
    Runner(Option<u64>),
    Groups,
    NewGroup,
    Group(Option<u64>),
    Fleet,
    Policy,
    RunnerEvents,
}

/// The page `path` names: `/`, `/connect`, `/activity`, or a scope's page. A trailing slash is
/// ignored; an empty segment, an unknown page, or a page the scope's kind does not have (a
/// repository's runner groups, an organization's fleet) is `NotFound`.
pub fn place(path: &str) -> Place {
    let trimmed = path.trim_end_matches('/');
    let segments: Vec<String> = trimmed.split('/').skip(1).map(decode).collect();
    if segments.iter().any(String::is_empty) {
        return Place::NotFound;
    }
    let parts: Vec<&str> = segments.iter().map(String::as_str).collect();
    let (kind, root, rest) = match parts.as_slice() {
        [] => return Place::Connect,
        ["connect"] => return Place::Connect,
        ["activity"] => return Place::Activity,
        ["enterprises", slug, rest @ ..] => (Kind::Enterprise, ["enterprises/", slug].concat(), rest),
        ["orgs", org, rest @ ..] => (Kind::Org, ["orgs/", org].concat(), rest),
        ["repos", owner, repo, rest @ ..] => (Kind::Repo, ["repos/", owner, "/", repo].concat(), rest),
        _ => return Place::NotFound,
    };
    let page = match rest {
        [] => ScopePage::Home,
        ["runners"] => ScopePage::Runners,
        ["runners", "new"] => ScopePage::AddRunner,
        ["runners", id] => ScopePage::Runner(id.parse().ok()),
        ["runner-events"] => ScopePage::RunnerEvents,
        ["runner-groups"] if kind != Kind::Repo => ScopePage::Groups,
        ["runner-groups", "new"] if kind != Kind::Repo => ScopePage::NewGroup,
        ["runner-groups", id] if kind != Kind::Repo => ScopePage::Group(id.parse().ok()),
        ["policy"] if kind != Kind::Repo => ScopePage::Policy,
        ["fleet"] if kind == Kind::Enterprise => ScopePage::Fleet,
        _ => return Place::NotFound,
    };
    Place::Scope { scope: Scope::parse(&root).ok(), page }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Enterprise,
    Org,
    Repo,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org() -> Option<Scope> {
        Some(Scope::Org { org: "acme".into() })
    }

    fn at(scope: Option<Scope>, page: ScopePage) -> Place {
        Place::Scope { scope, page }
    }

    #[test]
    fn every_page_of_every_scope_kind() {
        let ent = Some(Scope::Enterprise { slug: "acme".into() });
        let repo = Some(Scope::Repo { owner: "acme".into(), repo: "web.app".into() });
        assert_eq!(place("/"), Place::Connect);
        assert_eq!(place(""), Place::Connect);
        assert_eq!(place("/connect"), Place::Connect);
        assert_eq!(place("/activity/"), Place::Activity);
        assert_eq!(place("/orgs/acme"), at(org(), ScopePage::Home));
        assert_eq!(place("/orgs/acme/runners"), at(org(), ScopePage::Runners));
        assert_eq!(place("/orgs/acme/runners/"), at(org(), ScopePage::Runners));
        assert_eq!(place("/orgs/acme/runners/new"), at(org(), ScopePage::AddRunner));
        assert_eq!(place("/orgs/acme/runners/42"), at(org(), ScopePage::Runner(Some(42))));
        assert_eq!(place("/orgs/acme/runners/abc"), at(org(), ScopePage::Runner(None)));
        assert_eq!(place("/orgs/acme/runner-groups"), at(org(), ScopePage::Groups));
        assert_eq!(place("/orgs/acme/runner-groups/new"), at(org(), ScopePage::NewGroup));
        assert_eq!(place("/orgs/acme/runner-groups/7"), at(org(), ScopePage::Group(Some(7))));
        assert_eq!(place("/orgs/acme/policy"), at(org(), ScopePage::Policy));
        assert_eq!(place("/orgs/acme/runner-events"), at(org(), ScopePage::RunnerEvents));
        assert_eq!(place("/enterprises/acme/fleet"), at(ent.clone(), ScopePage::Fleet));
        assert_eq!(place("/enterprises/acme/runner-groups/3"), at(ent, ScopePage::Group(Some(3))));
        assert_eq!(place("/repos/acme/web.app"), at(repo.clone(), ScopePage::Home));
        assert_eq!(place("/repos/acme/web.app/runners/9"), at(repo.clone(), ScopePage::Runner(Some(9))));
        assert_eq!(place("/repos/acme/web.app/runner-events"), at(repo, ScopePage::RunnerEvents));
    }

    #[test]
    fn pages_a_scope_kind_lacks_and_unknown_paths_are_not_found() {
        for path in [
            "/orgs/acme/fleet",
            "/repos/acme/web/runner-groups",
            "/repos/acme/web/runner-groups/new",
            "/repos/acme/web/policy",
            "/orgs/acme/nope",
            "/orgs/acme/runners/1/extra",
            "/orgs",
            "/repos/acme",
            "/orgs//runners",
            "//orgs/acme",
            "/nowhere",
        ] {
            assert_eq!(place(path), Place::NotFound, "{path}");
        }
    }

    #[test]
    fn names_are_unescaped_then_checked() {
        assert_eq!(place("/orgs/a%2Db/runners"), at(Some(Scope::Org { org: "a-b".into() }), ScopePage::Runners));
        // Not a GitHub name: the scope page says so instead of calling the API with it.
        assert_eq!(place("/orgs/a%20b/runners"), at(None, ScopePage::Runners));
        assert_eq!(place("/orgs/%E2%80%AE/runners"), at(None, ScopePage::Runners));
        assert_eq!(place("/orgs/%zz/runners"), at(None, ScopePage::Runners));
        assert_eq!(place("/orgs/%FF/runners"), at(None, ScopePage::Runners));
    }
}
