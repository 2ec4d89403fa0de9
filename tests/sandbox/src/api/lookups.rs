//! The look-ups around the runner API: the root, the user, organizations and repositories (the lists of
//! organizations are in [`super::org_lists`]).
use serde_json::{json, Map, Value};

use super::paging::{paginate, with_link};
use super::{Ctx, Reply};
use crate::world::{Org, Repo, User, World};

pub(super) fn root(ctx: &Ctx) -> Reply {
    let a = ctx.api;
    let w = ctx.web;
    let mut root = json!({
        "current_user_url": format!("{a}/user"),
        "current_user_authorizations_html_url": format!("{w}/settings/connections/applications{{/client_id}}"),
        "authorizations_url": format!("{a}/authorizations"),
        "code_search_url": format!("{a}/search/code?q={{query}}{{&page,per_page,sort,order}}"),
        "commit_search_url": format!("{a}/search/commits?q={{query}}{{&page,per_page,sort,order}}"),
        "emails_url": format!("{a}/user/emails"),
        "emojis_url": format!("{a}/emojis"),
        "events_url": format!("{a}/events"),
        "feeds_url": format!("{a}/feeds"),
        "followers_url": format!("{a}/user/followers"),
        "following_url": format!("{a}/user/following{{/target}}"),
        "gists_url": format!("{a}/gists{{/gist_id}}"),
        "issue_search_url": format!("{a}/search/issues?q={{query}}{{&page,per_page,sort,order}}"),
        "issues_url": format!("{a}/issues"),
        "keys_url": format!("{a}/user/keys"),
        "label_search_url": format!("{a}/search/labels?q={{query}}&repository_id={{repository_id}}{{&page,per_page}}"),
        "notifications_url": format!("{a}/notifications"),
        "organization_url": format!("{a}/orgs/{{org}}"),
        "organization_repositories_url": format!("{a}/orgs/{{org}}/repos{{?type,page,per_page,sort}}"),
        "organization_teams_url": format!("{a}/orgs/{{org}}/teams"),
        "public_gists_url": format!("{a}/gists/public"),
        "rate_limit_url": format!("{a}/rate_limit"),
        "repository_url": format!("{a}/repos/{{owner}}/{{repo}}"),
        "repository_search_url": format!("{a}/search/repositories?q={{query}}{{&page,per_page,sort,order}}"),
        "current_user_repositories_url": format!("{a}/user/repos{{?type,page,per_page,sort}}"),
        "starred_url": format!("{a}/user/starred{{/owner}}{{/repo}}"),
        "starred_gists_url": format!("{a}/gists/starred"),
        "user_url": format!("{a}/users/{{user}}"),
        "user_organizations_url": format!("{a}/user/orgs"),
        "user_repositories_url": format!("{a}/users/{{user}}/repos{{?type,page,per_page,sort}}"),
        "user_search_url": format!("{a}/search/users?q={{query}}{{&page,per_page,sort,order}}"),
    });
    // Required by the 3.4 and 3.9 descriptions, optional by 3.19's.
    if !ctx.profile.since(17) {
        root["hub_url"] = json!(format!("{a}/hub"));
    }
    Reply::json(200, root)
}

fn user_urls(a: &str, login: &str) -> Map<String, Value> {
    let mut o = Map::new();
    let u = format!("{a}/users/{login}");
    for (k, v) in [
        ("url", u.clone()),
        ("followers_url", format!("{u}/followers")),
        ("following_url", format!("{u}/following{{/other_user}}")),
        ("gists_url", format!("{u}/gists{{/gist_id}}")),
        ("starred_url", format!("{u}/starred{{/owner}}{{/repo}}")),
        ("subscriptions_url", format!("{u}/subscriptions")),
        ("organizations_url", format!("{u}/orgs")),
        ("repos_url", format!("{u}/repos")),
        ("events_url", format!("{u}/events{{/privacy}}")),
        ("received_events_url", format!("{u}/received_events")),
    ] {
        o.insert(k.into(), json!(v));
    }
    o
}

pub(super) fn user_json(user: &User, ctx: &Ctx) -> Value {
    let o = user_urls(ctx.api, &user.login);
    let extra = json!({
        "login": user.login, "id": user.id, "node_id": format!("U_sandbox{}", user.id),
        "avatar_url": format!("{}/avatars/u/{}", ctx.web, user.id), "gravatar_id": "",
        "html_url": format!("{}/{}", ctx.web, user.login), "type": "User", "site_admin": user.login == "octo-admin",
        "name": user.name, "company": "Acme", "blog": "", "location": null, "email": null, "hireable": null, "bio": null,
        "public_repos": 0, "public_gists": 0, "followers": 0, "following": 0,
        "created_at": "2024-01-02T03:04:05Z", "updated_at": "2026-01-02T03:04:05Z",
        "private_gists": 0, "total_private_repos": 0, "owned_private_repos": 0, "disk_usage": 0, "collaborators": 0,
        "two_factor_authentication": true,
    });
    merged(o, extra)
}

/// `o` with the fields of the object `extra` added.
fn merged(mut o: Map<String, Value>, extra: Value) -> Value {
    if let Value::Object(extra) = extra {
        o.extend(extra);
    }
    Value::Object(o)
}

/// An org's login; every repo has its org, and orgs are never deleted.
fn org_login(w: &World, org_id: u64) -> &str {
    w.org(org_id).map_or("", |o| o.login.as_str())
}

fn org_urls(a: &str, login: &str) -> Map<String, Value> {
    let u = format!("{a}/orgs/{login}");
    let mut o = Map::new();
    for (k, v) in [
        ("url", u.clone()),
        ("repos_url", format!("{u}/repos")),
        ("events_url", format!("{u}/events")),
        ("hooks_url", format!("{u}/hooks")),
        ("issues_url", format!("{u}/issues")),
        ("members_url", format!("{u}/members{{/member}}")),
        ("public_members_url", format!("{u}/public_members{{/member}}")),
    ] {
        o.insert(k.into(), json!(v));
    }
    o
}

pub(super) fn org_simple_json(org: &Org, ctx: &Ctx) -> Value {
    let mut o = org_urls(ctx.api, &org.login);
    o.insert("login".into(), json!(org.login));
    o.insert("id".into(), json!(org.id));
    o.insert("node_id".into(), json!(format!("O_sandbox{}", org.id)));
    o.insert("avatar_url".into(), json!(format!("{}/avatars/o/{}", ctx.web, org.id)));
    o.insert("description".into(), json!(org.description));
    Value::Object(o)
}

pub(super) fn org_full_json(w: &World, org: &Org, ctx: &Ctx) -> Value {
    let id = org.id;
    let Value::Object(o) = org_simple_json(org, ctx) else { return Value::Null };
    let extra = json!({
        "html_url": format!("{}/{}", ctx.web, org.login), "name": org.login, "type": "Organization",
        "has_organization_projects": true, "has_repository_projects": true,
        "public_repos": w.repos.values().filter(|r| r.org_id == id && !r.private).count(),
        "public_gists": 0, "followers": 0, "following": 0, "total_private_repos": w.repos.values().filter(|r| r.org_id == id && r.private).count(),
        "created_at": "2024-01-02T03:04:05Z", "updated_at": "2026-01-02T03:04:05Z", "archived_at": null,
    });
    let mut full = merged(o, extra);
    // The 3.4 description does not have it (3.9's requires it).
    if let Some(o) = full.as_object_mut().filter(|_| !ctx.profile.since(9)) {
        o.remove("archived_at");
    }
    full
}

fn owner_json(w: &World, org_id: u64, ctx: &Ctx) -> Value {
    let Some(org) = w.org(org_id) else { return Value::Null };
    let o = user_urls(ctx.api, &org.login);
    merged(
        o,
        json!({
            "login": org.login, "id": org.id, "node_id": format!("O_sandbox{}", org.id),
            "avatar_url": format!("{}/avatars/o/{}", ctx.web, org.id), "gravatar_id": "",
            "html_url": format!("{}/{}", ctx.web, org.login), "type": "Organization", "site_admin": false,
        }),
    )
}

fn repo_base(w: &World, r: &Repo, ctx: &Ctx) -> Map<String, Value> {
    let owner = org_login(w, r.org_id);
    let full = format!("{owner}/{}", r.name);
    let u = format!("{}/repos/{full}", ctx.api);
    let mut o = Map::new();
    o.insert("id".into(), json!(r.id));
    o.insert("node_id".into(), json!(format!("R_sandbox{}", r.id)));
    o.insert("name".into(), json!(r.name));
    o.insert("full_name".into(), json!(full));
    o.insert("owner".into(), owner_json(w, r.org_id, ctx));
    o.insert("private".into(), json!(r.private));
    o.insert("visibility".into(), json!(if r.private { "private" } else { "internal" }));
    o.insert("html_url".into(), json!(format!("{}/{full}", ctx.web)));
    o.insert("description".into(), json!(format!("Seeded repository {full}")));
    o.insert("fork".into(), json!(false));
    o.insert("url".into(), json!(u));
    for (k, tail) in [
        ("archive_url", "/{archive_format}{/ref}"),
        ("assignees_url", "/assignees{/user}"),
        ("blobs_url", "/git/blobs{/sha}"),
        ("branches_url", "/branches{/branch}"),
        ("collaborators_url", "/collaborators{/collaborator}"),
        ("comments_url", "/comments{/number}"),
        ("commits_url", "/commits{/sha}"),
        ("compare_url", "/compare/{base}...{head}"),
        ("contents_url", "/contents/{+path}"),
        ("contributors_url", "/contributors"),
        ("deployments_url", "/deployments"),
        ("downloads_url", "/downloads"),
        ("events_url", "/events"),
        ("forks_url", "/forks"),
        ("git_commits_url", "/git/commits{/sha}"),
        ("git_refs_url", "/git/refs{/sha}"),
        ("git_tags_url", "/git/tags{/sha}"),
        ("hooks_url", "/hooks"),
        ("issue_comment_url", "/issues/comments{/number}"),
        ("issue_events_url", "/issues/events{/number}"),
        ("issues_url", "/issues{/number}"),
        ("keys_url", "/keys{/key_id}"),
        ("labels_url", "/labels{/name}"),
        ("languages_url", "/languages"),
        ("merges_url", "/merges"),
        ("milestones_url", "/milestones{/number}"),
        ("notifications_url", "/notifications{?since,all,participating}"),
        ("pulls_url", "/pulls{/number}"),
        ("releases_url", "/releases{/id}"),
        ("stargazers_url", "/stargazers"),
        ("statuses_url", "/statuses/{sha}"),
        ("subscribers_url", "/subscribers"),
        ("subscription_url", "/subscription"),
        ("tags_url", "/tags"),
        ("teams_url", "/teams"),
        ("trees_url", "/git/trees{/sha}"),
    ] {
        o.insert(k.into(), json!(format!("{u}{tail}")));
    }
    o
}

pub(super) fn org_repos(w: &World, org_id: u64, ctx: &Ctx) -> Reply {
    let repos: Vec<Value> = w.repos.values().filter(|r| r.org_id == org_id).map(|r| minimal_repo_json(w, r, ctx)).collect();
    let (page, link) = paginate(&repos, ctx);
    with_link(Reply::json(200, Value::Array(page)), link)
}

pub(super) fn minimal_repo_json(w: &World, r: &Repo, ctx: &Ctx) -> Value {
    let mut o = repo_base(w, r, ctx);
    o.insert("archived".into(), json!(false));
    o.insert("default_branch".into(), json!("main"));
    Value::Object(o)
}

pub(super) fn full_repo_json(w: &World, r: &Repo, ctx: &Ctx) -> Value {
    let o = repo_base(w, r, ctx);
    let owner = org_login(w, r.org_id);
    let host = ctx.web.split_once("://").map(|(_, h)| h).unwrap_or(ctx.web);
    merged(
        o,
        json!({
            "clone_url": format!("{}/{owner}/{}.git", ctx.web, r.name),
            "git_url": format!("git://{host}/{owner}/{}.git", r.name),
            "ssh_url": format!("git@{host}:{owner}/{}.git", r.name),
            "svn_url": format!("{}/{owner}/{}", ctx.web, r.name),
            "mirror_url": null, "homepage": null, "language": "Rust", "license": null,
            "default_branch": "main", "forks": 0, "forks_count": 0, "stargazers_count": 0, "watchers": 0, "watchers_count": 0,
            "open_issues": 0, "open_issues_count": 0, "size": 1024, "network_count": 0, "subscribers_count": 1,
            "has_issues": true, "has_projects": true, "has_wiki": false, "has_pages": false, "has_discussions": false, "has_downloads": true,
            "archived": false, "disabled": false,
            "pushed_at": "2026-01-02T03:04:05Z", "created_at": "2024-01-02T03:04:05Z", "updated_at": "2026-01-02T03:04:05Z",
        }),
    )
}
