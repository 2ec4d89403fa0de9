//! The lists the client reads whole, and who the token is: built on `Client::raw` and `send`, with
//! the concurrent page fan-out of `paginate`. Nothing here talks to the browser directly.
use serde::de::DeserializeOwned;

use super::error::{interpret, ApiError};
use super::http::{now, Client};
use super::models::*;
use super::paginate::{fetch_all_showing_first, page_param, parse_link, Keyed, Loaded, Page};
use super::request::{self, Request, Scope};
use super::server::{Feature, Product, Server};

impl Client {
    /// Runs a typed call and also returns the page number `Link rel=last` names.
    async fn send_page<T: DeserializeOwned>(&self, request: Request) -> Result<(T, Option<u32>), ApiError> {
        let raw = self.raw(&request).await?;
        let last = raw.header("link").map(parse_link).and_then(|links| links.into_iter().find(|(rel, _)| rel == "last")).and_then(|(_, url)| page_param(&url));
        let value = interpret(request.operation, &raw, now()).map_err(|e| e.redact(self.token().expose()))?;
        Ok((value, last))
    }

    async fn all<T, L>(&self, first: Request, split: fn(L) -> (Vec<T>, Option<u64>), progress: &dyn Fn(u32, u32)) -> Result<Loaded<T>, ApiError>
    where
        T: Keyed,
        L: DeserializeOwned,
    {
        self.all_showing_first(first, split, progress, &|_| {}).await
    }

    async fn all_showing_first<T, L>(&self, first: Request, split: fn(L) -> (Vec<T>, Option<u64>), progress: &dyn Fn(u32, u32), shown: &dyn Fn(&[T])) -> Result<Loaded<T>, ApiError>
    where
        T: Keyed,
        L: DeserializeOwned,
    {
        fetch_all_showing_first(
            |p| {
                let req = first.with_page(p);
                async move {
                    let (list, last_page) = self.send_page::<L>(req).await?;
                    let (items, total_count) = split(list);
                    Ok(Page { items, total_count, last_page })
                }
            },
            self.concurrency(),
            progress,
            shown,
        )
        .await
    }

    /// Every runner of a scope (optionally only those named `name`), concurrently.
    /// On a server without the `name` filter the whole list is read and filtered here.
    pub async fn all_runners(&self, scope: &Scope, name: Option<&str>, progress: &dyn Fn(u32, u32)) -> Result<Loaded<Runner>, ApiError> {
        self.all_runners_showing_first(scope, name, progress, &|_| {}).await
    }

    /// As [`Client::all_runners`], and `first` is given the first page's runners as soon as they
    /// arrive, for a long list to be shown in part while the rest loads.
    pub async fn all_runners_showing_first(&self, scope: &Scope, name: Option<&str>, progress: &dyn Fn(u32, u32), first: &dyn Fn(&[Runner])) -> Result<Loaded<Runner>, ApiError> {
        let on_server = name.filter(|_| self.has(Feature::RunnerNameFilter));
        let filtered_here = name.filter(|_| on_server.is_none());
        let shown = |items: &[Runner]| match filtered_here {
            Some(name) => first(&items.iter().filter(|r| r.name == name).cloned().collect::<Vec<_>>()),
            None => first(items),
        };
        let mut loaded = self.all_showing_first(request::list_runners(scope, on_server, 1).request, |l: RunnerList| (l.runners, Some(l.total_count)), progress, &shown).await?;
        if let (Some(name), None) = (name, on_server) {
            loaded.items.retain(|r| r.name == name);
        }
        Ok(loaded)
    }

    pub async fn all_runner_groups(&self, scope: &Scope, visible_to: Option<&str>) -> Result<Loaded<RunnerGroup>, ApiError> {
        self.all(request::list_runner_groups(scope, visible_to, 1).request, |l: RunnerGroupList| (l.runner_groups, Some(l.total_count)), &|_, _| {}).await
    }

    pub async fn all_group_runners(&self, scope: &Scope, group_id: u64) -> Result<Loaded<Runner>, ApiError> {
        self.all(request::list_group_runners(scope, group_id, 1).request, |l: RunnerList| (l.runners, Some(l.total_count)), &|_, _| {}).await
    }

    pub async fn all_org_access(&self, scope: &Scope, group_id: u64) -> Result<Loaded<OrganizationSimple>, ApiError> {
        self.all(request::list_org_access(scope, group_id, 1).request, |l: OrganizationList| (l.organizations, Some(l.total_count)), &|_, _| {}).await
    }

    pub async fn all_repo_access(&self, scope: &Scope, group_id: u64) -> Result<Loaded<Repository>, ApiError> {
        self.all(request::list_repo_access(scope, group_id, 1).request, |l: RepositoryList| (l.repositories, Some(l.total_count)), &|_, _| {}).await
    }

    /// The repositories an org's self-hosted runner policy lists (GHES 3.19, github.com).
    pub async fn all_self_hosted_repositories(&self, org: &str) -> Result<Loaded<Repository>, ApiError> {
        self.all(request::list_self_hosted_runners_repositories(org, 1).request, |l: SelfHostedRepositoryList| (l.repositories, l.total_count), &|_, _| {}).await
    }

    /// An org's repositories: a plain array, paged by `Link`.
    pub async fn all_org_repos(&self, org: &str) -> Result<Loaded<Repository>, ApiError> {
        self.all(request::list_org_repos(org, 1).request, |l: Vec<Repository>| (l, None), &|_, _| {}).await
    }

    /// Who the token is, what it may do, and which server answers. Reads the root first, without the
    /// token: it proves the base URL is a GitHub API before the token is sent there.
    pub async fn whoami(&self) -> Result<Identity, ApiError> {
        let root = request::get_root().request;
        let answer = self.raw(&root).await?;
        // GHES in private mode asks for authentication even at the root; its 401 is still GitHub's.
        if !(answer.status == 401 && answer.header("x-github-request-id").is_some() && serde_json::from_str::<serde_json::Value>(&answer.body).is_ok_and(|v| v.get("message").is_some())) {
            interpret::<Root>(root.operation, &answer, now()).map_err(|e| e.redact(self.token().expose()))?;
        }
        let req = request::get_authenticated_user().request;
        let raw = self.raw(&req).await?;
        let user: User = interpret(req.operation, &raw, now()).map_err(|e| e.redact(self.token().expose()))?;
        let scopes = raw.header("x-oauth-scopes").map(|s| s.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect());
        let server = self.detect_server().await?;
        self.set_server(server.clone());
        Ok(Identity { user, scopes, server })
    }

    /// The product from the API root's host, and for GHES the version from `/meta`: browsers
    /// cannot read GitHub's `X-GitHub-Enterprise-Version` header (it is not exposed by CORS).
    pub(super) async fn detect_server(&self) -> Result<Server, ApiError> {
        let root = &self.base().api_root;
        if root == "https://api.github.com" {
            return Ok(Server::dotcom());
        }
        let host = self.base().host();
        if host.starts_with("api.") && host.ends_with(".ghe.com") {
            return Ok(Server { product: Product::DataResidency, installed_version: None, note: None });
        }
        let ghes_path = root.ends_with("/api/v3");
        // A `/meta` that fails does not fail the connection: the server is then taken as the
        // oldest modelled, which is said beside its name.
        match self.send(request::get_meta()).await {
            Ok(Meta { installed_version: Some(v) }) => Ok(Server::ghes(Some(&v))),
            Err(ApiError::Aborted) => Err(ApiError::Aborted),
            // Without `/api/v3` the API lives at the host's root, as github.com's does.
            _ if !ghes_path => Ok(Server::dotcom()),
            _ => Ok(Server::ghes(None)),
        }
    }
}

/// Who a token belongs to, as `GET /user` and its headers say.
#[derive(Clone, Debug, PartialEq)]
pub struct Identity {
    pub user: User,
    /// Classic token scopes from `X-OAuth-Scopes`; `None` for fine-grained tokens, which send none.
    pub scopes: Option<Vec<String>>,
    /// Which server answers, and so what it can do.
    pub server: Server,
}
