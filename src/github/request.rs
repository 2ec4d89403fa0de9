//! Pure request builders: one typed function per operation, from arguments to method, path, query
//! and body. Nothing here touches the network.
use std::marker::PhantomData;

use serde::Serialize;
use serde_json::{json, Value};

use super::models::*;
pub use super::scope::Scope;

mod policy;
pub use policy::*;
mod audit;
pub use audit::*;
mod groups;
pub use groups::*;

/// The page size for every list call: GitHub's maximum.
pub const PER_PAGE: u32 = 100;
/// The REST API version sent when the user switches the header on.
pub const API_VERSION: &str = "2022-11-28";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// One HTTP request, fully described.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// A few words naming the operation, for messages: "list runners".
    pub operation: &'static str,
    pub method: Method,
    /// Starts with `/`; every segment percent-encoded.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<Value>,
    /// Sent without the token: the API root, read before the token has been shown to the host.
    pub anonymous: bool,
}

impl Request {
    fn new(operation: &'static str, method: Method, path: String) -> Request {
        Request { operation, method, path, query: vec![], body: None, anonymous: false }
    }

    fn query(mut self, key: &str, value: impl ToString) -> Request {
        self.query.push((key.to_string(), value.to_string()));
        self
    }

    fn body(mut self, body: impl Serialize) -> Request {
        self.body = Some(serde_json::to_value(body).expect("request bodies serialise"));
        self
    }

    /// The full URL below the API root.
    pub fn url(&self, api_root: &str) -> String {
        let mut url = format!("{api_root}{}", self.path);
        if !self.query.is_empty() {
            let q: Vec<String> = self.query.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
            url.push('?');
            url.push_str(&q.join("&"));
        }
        url
    }

    /// Only GETs are retried or revalidated.
    pub fn is_read(&self) -> bool {
        self.method == Method::Get
    }

    /// The headers every call carries. The token goes only here.
    pub fn headers(&self, token: &str, api_version_header: bool) -> Vec<(&'static str, String)> {
        let mut h = vec![("Accept", "application/vnd.github+json".to_string())];
        if !self.anonymous {
            h.push(("Authorization", format!("Bearer {token}")));
        }
        if api_version_header {
            h.push(("X-GitHub-Api-Version", API_VERSION.to_string()));
        }
        if self.body.is_some() {
            h.push(("Content-Type", "application/json".to_string()));
        }
        h
    }

    /// The same request for another page.
    pub fn with_page(&self, page: u32) -> Request {
        let mut r = self.clone();
        r.query.retain(|(k, _)| k != "page");
        r.query.push(("page".into(), page.to_string()));
        r
    }
}

/// A request whose answer decodes to `T`.
#[derive(Debug, PartialEq)]
pub struct Call<T> {
    pub request: Request,
    answer: PhantomData<fn() -> T>,
}

impl<T> Clone for Call<T> {
    fn clone(&self) -> Self {
        Call { request: self.request.clone(), answer: PhantomData }
    }
}

fn call<T>(request: Request) -> Call<T> {
    Call { request, answer: PhantomData }
}

/// Percent-encodes one path segment or query component (RFC 3986 unreserved characters pass).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Undoes `%XX` escapes, as `decodeURIComponent` would: a malformed escape is kept as written, and
/// bytes that are not UTF-8 become U+FFFD.
pub fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn page(r: Request, page: u32) -> Request {
    r.query("per_page", PER_PAGE).query("page", page.max(1))
}

// ---- runners (each at enterprise, org and repo scope) -----------------------------------------

pub fn list_runners(scope: &Scope, name: Option<&str>, page_no: u32) -> Call<RunnerList> {
    let mut r = Request::new("list runners", Method::Get, format!("{}/actions/runners", scope.prefix()));
    if let Some(n) = name.filter(|n| !n.is_empty()) {
        r = r.query("name", n);
    }
    call(page(r, page_no))
}

pub fn list_runner_applications(scope: &Scope) -> Call<Vec<RunnerApplication>> {
    call(Request::new("list runner downloads", Method::Get, format!("{}/actions/runners/downloads", scope.prefix())))
}

pub fn create_registration_token(scope: &Scope) -> Call<AuthenticationToken> {
    call(Request::new("create a registration token", Method::Post, format!("{}/actions/runners/registration-token", scope.prefix())))
}

pub fn create_remove_token(scope: &Scope) -> Call<AuthenticationToken> {
    call(Request::new("create a remove token", Method::Post, format!("{}/actions/runners/remove-token", scope.prefix())))
}

pub fn generate_jitconfig(scope: &Scope, config: &JitConfigRequest) -> Call<JitConfig> {
    call(Request::new("generate a JIT runner config", Method::Post, format!("{}/actions/runners/generate-jitconfig", scope.prefix())).body(config))
}

pub fn get_runner(scope: &Scope, runner_id: u64) -> Call<Runner> {
    call(Request::new("get a runner", Method::Get, format!("{}/actions/runners/{runner_id}", scope.prefix())))
}

pub fn delete_runner(scope: &Scope, runner_id: u64) -> Call<()> {
    call(Request::new("delete a runner", Method::Delete, format!("{}/actions/runners/{runner_id}", scope.prefix())))
}

pub fn list_labels(scope: &Scope, runner_id: u64) -> Call<LabelList> {
    call(Request::new("list a runner's labels", Method::Get, format!("{}/actions/runners/{runner_id}/labels", scope.prefix())))
}

pub fn add_custom_labels(scope: &Scope, runner_id: u64, labels: &[String]) -> Call<LabelList> {
    call(Request::new("add custom labels", Method::Post, format!("{}/actions/runners/{runner_id}/labels", scope.prefix())).body(Labels { labels: labels.to_vec() }))
}

pub fn set_custom_labels(scope: &Scope, runner_id: u64, labels: &[String]) -> Call<LabelList> {
    call(Request::new("set custom labels", Method::Put, format!("{}/actions/runners/{runner_id}/labels", scope.prefix())).body(Labels { labels: labels.to_vec() }))
}

pub fn remove_all_custom_labels(scope: &Scope, runner_id: u64) -> Call<LabelList> {
    call(Request::new("remove all custom labels", Method::Delete, format!("{}/actions/runners/{runner_id}/labels", scope.prefix())))
}

pub fn remove_custom_label(scope: &Scope, runner_id: u64, name: &str) -> Call<LabelList> {
    call(Request::new("remove a custom label", Method::Delete, format!("{}/actions/runners/{runner_id}/labels/{}", scope.prefix(), encode(name))))
}

// ---- look-ups ---------------------------------------------------------------------------------

/// Anonymous: it proves the host is a GitHub API before the token travels to it.
pub fn get_root() -> Call<Root> {
    call(Request { anonymous: true, ..Request::new("read the API root", Method::Get, "/".into()) })
}

pub fn get_meta() -> Call<Meta> {
    call(Request::new("read the server's meta information", Method::Get, "/meta".into()))
}

/// Free: it does not count against the limits it reports. On a GHES with rate limiting off it is 404.
pub fn get_rate_limit() -> Call<RateLimitOverview> {
    call(Request::new("read the rate limits", Method::Get, "/rate_limit".into()))
}

pub fn get_authenticated_user() -> Call<User> {
    call(Request::new("read who the token is", Method::Get, "/user".into()))
}

/// `since` is the last organization id seen (GitHub pages this list by id, not by page number).
pub fn list_organizations(since: Option<u64>) -> Call<Vec<OrganizationSimple>> {
    let mut r = Request::new("list organizations", Method::Get, "/organizations".into());
    if let Some(s) = since {
        r = r.query("since", s);
    }
    call(r.query("per_page", PER_PAGE))
}

/// The organizations the token's user belongs to: the fallback when GraphQL cannot list an enterprise's.
pub fn list_user_orgs(page_no: u32) -> Call<Vec<OrganizationSimple>> {
    call(page(Request::new("list your organizations", Method::Get, "/user/orgs".into()), page_no))
}

/// The GraphQL query for one page of an enterprise's organizations (at most 100 a page).
pub const ENTERPRISE_ORGS_QUERY: &str =
    "query($slug: String!, $after: String) { enterprise(slug: $slug) { organizations(first: 100, after: $after) { nodes { login } pageInfo { hasNextPage endCursor } } } }";

/// One page of an enterprise's organizations, by GraphQL: github.com and GHEC only; needs `read:enterprise`.
pub fn enterprise_organizations(slug: &str, after: Option<&str>) -> Call<GraphqlAnswer<EnterpriseOrgsData>> {
    call(Request::new("list the enterprise's organizations", Method::Post, "/graphql".into()).body(json!({ "query": ENTERPRISE_ORGS_QUERY, "variables": { "slug": slug, "after": after } })))
}

pub fn get_organization(org: &str) -> Call<Organization> {
    call(Request::new("read an organization", Method::Get, format!("/orgs/{}", encode(org))))
}

pub fn list_org_repos(org: &str, page_no: u32) -> Call<Vec<Repository>> {
    call(page(Request::new("list an organization's repositories", Method::Get, format!("/orgs/{}/repos", encode(org))), page_no))
}

pub fn get_repository(owner: &str, repo: &str) -> Call<Repository> {
    call(Request::new("read a repository", Method::Get, format!("/repos/{}/{}", encode(owner), encode(repo))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_percent_encoded_and_queries_built() {
        let o = Scope::Org { org: "acme".into() };
        let r = remove_custom_label(&o, 7, "gpu/fast ✓?#").request;
        assert_eq!(r.path, "/orgs/acme/actions/runners/7/labels/gpu%2Ffast%20%E2%9C%93%3F%23");
        let l = list_runners(&o, Some("a b&c"), 3).request;
        assert_eq!(l.url("https://x/api/v3"), "https://x/api/v3/orgs/acme/actions/runners?name=a%20b%26c&per_page=100&page=3");
        assert_eq!(l.with_page(4).url(""), "/orgs/acme/actions/runners?name=a%20b%26c&per_page=100&page=4");
        let g = list_runner_groups(&Scope::Enterprise { slug: "e".into() }, Some("acme-data"), 1).request;
        assert!(g.query.contains(&("visible_to_organization".into(), "acme-data".into())));
        let g = list_runner_groups(&o, Some("api"), 1).request;
        assert!(g.query.contains(&("visible_to_repository".into(), "api".into())));
    }

    #[test]
    fn headers_carry_the_token_and_optionally_the_version() {
        let r = get_authenticated_user().request;
        let h = r.headers("sekrit", false);
        assert!(h.contains(&("Accept", "application/vnd.github+json".into())));
        assert!(h.contains(&("Authorization", "Bearer sekrit".into())));
        assert!(!h.iter().any(|(k, _)| *k == "X-GitHub-Api-Version"), "off by default: browsers have rejected it in preflights");
        assert!(r.headers("t", true).contains(&("X-GitHub-Api-Version", API_VERSION.into())));
        assert!(!r.url("https://api.github.com").contains("sekrit"));
        let post = add_custom_labels(&Scope::Org { org: "o".into() }, 1, &["x".into()]).request;
        assert!(post.headers("t", false).contains(&("Content-Type", "application/json".into())));
        let root = get_root().request.headers("sekrit", true);
        assert!(!root.iter().any(|(k, v)| *k == "Authorization" || v.contains("sekrit")), "the root is read without the token: {root:?}");
    }
}
