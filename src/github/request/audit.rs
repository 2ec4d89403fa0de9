//! The audit log: which log a scope reads, the `phrase` that asks it for runner events, and paging by
//! the cursors GitHub gives in `Link` (never built here). Pure.
use super::{call, encode, Call, Method, Request, Scope};
use crate::github::models::AuditLogEvent;

/// What happened to a runner, as the console groups GitHub's audit-log actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RunnerEventKind {
    /// Registered with a token (`config.sh`), or configured just-in-time.
    Registered,
    Removed,
    Online,
    Offline,
    /// The runner application updated itself.
    Updated,
    /// A runner group was created, changed or removed, or its runners changed.
    Group,
}

impl RunnerEventKind {
    pub const ALL: [RunnerEventKind; 6] = [Self::Registered, Self::Removed, Self::Online, Self::Offline, Self::Updated, Self::Group];

    pub fn key(self) -> &'static str {
        match self {
            Self::Registered => "registered",
            Self::Removed => "removed",
            Self::Online => "online",
            Self::Offline => "offline",
            Self::Updated => "updated",
            Self::Group => "group",
        }
    }

    pub fn from_key(s: &str) -> Option<RunnerEventKind> {
        Self::ALL.into_iter().find(|k| k.key() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Registered => "Registered",
            Self::Removed => "Removed",
            Self::Online => "Came online",
            Self::Offline => "Went offline",
            Self::Updated => "Updated",
            Self::Group => "Group change",
        }
    }

    /// GitHub's operations for it, after the `enterprise.`, `org.` or `repo.` category. (The
    /// misspelt `visiblity` is GitHub's own.)
    pub fn operations(self) -> &'static [&'static str] {
        match self {
            Self::Registered => &["register_self_hosted_runner", "configure_self_hosted_jit_runner"],
            Self::Removed => &["remove_self_hosted_runner"],
            Self::Online => &["self_hosted_runner_online"],
            Self::Offline => &["self_hosted_runner_offline"],
            Self::Updated => &["self_hosted_runner_updated"],
            Self::Group => &[
                "runner_group_created",
                "runner_group_updated",
                "runner_group_renamed",
                "runner_group_removed",
                "runner_group_runners_added",
                "runner_group_runners_updated",
                "runner_group_runner_removed",
                "runner_group_visiblity_updated",
            ],
        }
    }

    /// The kind of an operation (`self_hosted_runner_online`), if it is a runner event.
    pub fn of(operation: &str) -> Option<RunnerEventKind> {
        Self::ALL.into_iter().find(|k| k.operations().contains(&operation))
    }
}

/// The categories a scope's runner events are filed under: an enterprise's runners are `enterprise.`;
/// an organization's `org.`, and its repositories' `repo.` (both in the org's log); a repository's `repo.`.
pub fn categories(scope: &Scope) -> &'static [&'static str] {
    match scope {
        Scope::Enterprise { .. } => &["enterprise"],
        Scope::Org { .. } => &["org", "repo"],
        Scope::Repo { .. } => &["repo"],
    }
}

/// What the Runner events page filters by; each is a `phrase` qualifier, so GitHub filters and pages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// None: every runner event.
    pub kinds: Vec<RunnerEventKind>,
    /// A GitHub login.
    pub actor: Option<String>,
    /// `YYYY-MM-DD`: on or after that day (UTC).
    pub since: Option<String>,
}

/// GitHub logins: letters, digits and hyphens; apps end in `[bot]`.
fn valid_login(s: &str) -> bool {
    let base = s.strip_suffix("[bot]").unwrap_or(s);
    !base.is_empty() && base.len() <= 39 && base.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10 && b[4] == b'-' && b[7] == b'-' && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// The `phrase` for a scope's runner events: one `action:` qualifier per action (the same key given
/// twice means either), `repo:` at repository scope, then the actor and the date. A value that is not
/// a login or a date is refused with a sentence, never sent.
pub fn runner_phrase(scope: &Scope, filter: &AuditFilter) -> Result<String, String> {
    let kinds: &[RunnerEventKind] = if filter.kinds.is_empty() { &RunnerEventKind::ALL } else { &filter.kinds };
    let mut terms = Vec::new();
    for category in categories(scope) {
        for kind in kinds {
            // Repositories have no runner groups.
            if *kind == RunnerEventKind::Group && *category == "repo" {
                continue;
            }
            terms.extend(kind.operations().iter().map(|op| format!("action:{category}.{op}")));
        }
    }
    if terms.is_empty() {
        return Err("Repositories have no runner groups, so there are no group changes to show here.".into());
    }
    if let Scope::Repo { owner, repo } = scope {
        terms.push(format!("repo:{owner}/{repo}"));
    }
    if let Some(actor) = filter.actor.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        if !valid_login(actor) {
            return Err(format!("“{}” is not a GitHub username: use letters, digits and hyphens.", actor.chars().take(40).collect::<String>()));
        }
        terms.push(format!("actor:{actor}"));
    }
    if let Some(since) = filter.since.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        if !valid_date(since) {
            return Err(format!("“{}” is not a date: use YYYY-MM-DD.", since.chars().take(20).collect::<String>()));
        }
        terms.push(format!("created:>={since}"));
    }
    Ok(terms.join(" "))
}

/// Where a page starts: GitHub's cursors, taken whole from its `Link` header.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Cursor {
    /// The entries after this one (older, newest-first): `rel="next"`.
    After(String),
    /// The entries before this one (newer): `rel="prev"`.
    Before(String),
}

/// Which log a scope reads: the enterprise's, or the organization's (a repository's is its
/// organization's, asked for with `repo:` in the phrase).
pub fn audit_log_path(scope: &Scope) -> String {
    match scope {
        Scope::Enterprise { slug } => format!("/enterprises/{}/audit-log", encode(slug)),
        Scope::Org { org } => format!("/orgs/{}/audit-log", encode(org)),
        Scope::Repo { owner, .. } => format!("/orgs/{}/audit-log", encode(owner)),
    }
}

/// One page of the scope's log, newest first.
pub fn get_audit_log(scope: &Scope, phrase: &str, per_page: u32, cursor: Option<&Cursor>) -> Call<Vec<AuditLogEvent>> {
    let mut r = Request::new("read the audit log", Method::Get, audit_log_path(scope)).query("phrase", phrase).query("per_page", per_page.clamp(1, 100));
    match cursor {
        Some(Cursor::After(c)) => r = r.query("after", c),
        Some(Cursor::Before(c)) => r = r.query("before", c),
        None => {}
    }
    call(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_ask_each_scope_for_its_categories_and_refuse_odd_values() {
        let org = Scope::Org { org: "acme".into() };
        let only = |kinds: Vec<RunnerEventKind>| AuditFilter { kinds, ..Default::default() };
        assert_eq!(runner_phrase(&org, &only(vec![RunnerEventKind::Offline])).unwrap(), "action:org.self_hosted_runner_offline action:repo.self_hosted_runner_offline");
        let repo = Scope::Repo { owner: "acme".into(), repo: "api".into() };
        let p = runner_phrase(&repo, &AuditFilter { kinds: vec![RunnerEventKind::Registered], actor: Some(" octo-admin ".into()), since: Some("2024-05-01".into()) }).unwrap();
        assert_eq!(p, "action:repo.register_self_hosted_runner action:repo.configure_self_hosted_jit_runner repo:acme/api actor:octo-admin created:>=2024-05-01");
        assert!(runner_phrase(&repo, &only(vec![RunnerEventKind::Group])).is_err());
        let all = runner_phrase(&Scope::Enterprise { slug: "e".into() }, &AuditFilter::default()).unwrap();
        assert_eq!(all.matches("action:enterprise.").count(), 14);
        assert!(runner_phrase(&org, &AuditFilter { actor: Some("a b:c".into()), ..Default::default() }).unwrap_err().contains("not a GitHub username"));
        assert!(runner_phrase(&org, &AuditFilter { actor: Some("dependabot[bot]".into()), ..Default::default() }).is_ok());
        assert!(runner_phrase(&org, &AuditFilter { since: Some("yesterday".into()), ..Default::default() }).is_err());
        assert_eq!(RunnerEventKind::of("runner_group_runner_removed"), Some(RunnerEventKind::Group));
        assert_eq!(RunnerEventKind::of("add_member"), None);
    }

    #[test]
    fn a_repository_reads_its_organization_s_log_and_cursors_are_passed_whole() {
        let repo = Scope::Repo { owner: "acme".into(), repo: "api".into() };
        let r = get_audit_log(&repo, "action:repo.x", 500, Some(&Cursor::After("MS4+/=".into()))).request;
        assert_eq!(r.url(""), "/orgs/acme/audit-log?phrase=action%3Arepo.x&per_page=100&after=MS4%2B%2F%3D");
        let e = get_audit_log(&Scope::Enterprise { slug: "acme".into() }, "", 30, Some(&Cursor::Before("b".into()))).request;
        assert_eq!(e.url(""), "/enterprises/acme/audit-log?phrase=&per_page=30&before=b");
    }
}
