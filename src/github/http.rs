//! The transport, and the only file that talks to the browser: gloo-net fetches with an explicit
//! ETag cache, retries, rate-limit bookkeeping and abort signals. Whole lists are in `lists.rs`.
//!
//! Caching decision: every request goes out with `cache: no-store`, and GETs carry `If-None-Match`
//! from our own ETag cache. GitHub sends `Cache-Control: private, max-age=60`, so the browser's cache
//! would otherwise answer a refresh with a list up to a minute old, invisibly. With `no-store` the
//! browser neither serves nor stores; the server decides freshness on every read (a 304 costs no
//! rate limit and no body), and the console knows when data was unchanged.
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use gloo_net::http::{Method as GlooMethod, RequestBuilder};
use serde::de::DeserializeOwned;
use web_sys::RequestCache;

use super::base::ApiBase;
use super::error::{interpret, retry_policy, ApiError, RateLimit, RawResponse, Retry};
use super::request::{Call, Method, Request};
use super::server::{Feature, Server};
use super::token::Token;

const TIMEOUT_MS: u32 = 30_000;

/// What the client did, for tests and the status bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub requests: u32,
    pub not_modified: u32,
    pub retries: u32,
}

/// One ETag cache entry as it is saved: the answer a 304 stands for.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SavedEtag {
    pub url: String,
    pub etag: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// A wait the client is doing before it tries again, for the header to show with a countdown.
#[derive(Clone, Debug, PartialEq)]
pub struct Wait {
    /// What is waited for, in a sentence.
    pub reason: String,
    /// When the wait ends, in milliseconds since the Unix epoch.
    pub until_ms: f64,
}

/// Told when a wait starts (`Some`) and when it ends (`None`).
type WaitHook = Rc<dyn Fn(Option<Wait>)>;
/// Told whenever GitHub sends fresh `X-RateLimit-*` headers.
type RateHook = Rc<dyn Fn(&RateLimit)>;

thread_local! {
    static NEXT_ID: Cell<u64> = const { Cell::new(1) };
}

struct Inner {
    id: u64,
    base: ApiBase,
    token: Token,
    api_version_header: bool,
    /// Requests in flight while loading, as the user chose; `None`: by server.
    concurrency: Option<usize>,
    etags: RefCell<HashMap<String, (String, RawResponse)>>,
    rate: RefCell<Option<RateLimit>>,
    stats: Cell<Stats>,
    on_wait: RefCell<Option<WaitHook>>,
    on_rate: RefCell<Option<RateHook>>,
    /// What `whoami` found out about the server; `None` until then.
    server: RefCell<Option<Server>>,
}

/// A connection to one GitHub API with one token. Cheap to clone.
///
/// A page's copy carries the page's `AbortSignal` (`with_abort`): when the page goes, its requests
/// and its retry waits stop, while the ETag cache and the rate-limit state stay shared.
#[derive(Clone)]
pub struct Client {
    inner: Rc<Inner>,
    abort: Option<web_sys::AbortSignal>,
    /// A count of this copy's requests alone (`tallied`), beside the connection's.
    tally: Option<Rc<Cell<Stats>>>,
}

/// What a write needs for the activity log besides its answer: GitHub's request id.
#[derive(Clone, Debug, PartialEq)]
pub struct Traced<T> {
    pub result: Result<T, ApiError>,
    pub request_id: Option<String>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("api", &self.inner.base.api_root).field("token", &"redacted").finish()
    }
}

impl PartialEq for Client {
    /// The same connection, whichever page's abort signal a copy carries.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

pub(super) fn now() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

impl Client {
    pub fn new(base: ApiBase, token: Token) -> Client {
        Client::with_options(base, token, false, None)
    }

    /// `concurrency`: requests in flight while loading; `None` chooses by server ([`Client::concurrency`]).
    pub fn with_options(base: ApiBase, token: Token, api_version_header: bool, concurrency: Option<usize>) -> Client {
        let id = NEXT_ID.with(|n| {
            let id = n.get();
            n.set(id + 1);
            id
        });
        Client {
            abort: None,
            tally: None,
            inner: Rc::new(Inner {
                id,
                base,
                token,
                api_version_header,
                concurrency: concurrency.map(|c| c.clamp(1, super::server::MAX_CONCURRENCY)),
                etags: RefCell::new(HashMap::new()),
                rate: RefCell::new(None),
                stats: Cell::new(Stats::default()),
                on_wait: RefCell::new(None),
                on_rate: RefCell::new(None),
                server: RefCell::new(None),
            }),
        }
    }

    /// The same connection, with every request it sends tied to `signal`: aborting it cancels them.
    pub fn with_abort(&self, signal: &web_sys::AbortSignal) -> Client {
        Client { inner: self.inner.clone(), abort: Some(signal.clone()), tally: self.tally.clone() }
    }

    /// A copy that also counts its own requests (and its copies'), in the cell returned: what one
    /// piece of work cost, whatever other pages send meanwhile.
    pub fn tallied(&self) -> (Client, Rc<Cell<Stats>>) {
        let tally = Rc::new(Cell::new(Stats::default()));
        (Client { inner: self.inner.clone(), abort: self.abort.clone(), tally: Some(tally.clone()) }, tally)
    }

    /// Identifies the connection (not the abort signal): the same for every copy of one client.
    pub fn id(&self) -> u64 {
        self.inner.id
    }

    fn aborted(&self) -> bool {
        self.abort.as_ref().is_some_and(|s| s.aborted())
    }

    pub fn base(&self) -> &ApiBase {
        &self.inner.base
    }

    /// The token, for the opt-in session storage only.
    pub fn token(&self) -> &Token {
        &self.inner.token
    }

    pub fn api_version_header(&self) -> bool {
        self.inner.api_version_header
    }

    /// Requests in flight while loading: the user's choice, else the server's default
    /// ([`super::server::Product::default_concurrency`]), and github.com's until the server is known.
    pub fn concurrency(&self) -> usize {
        self.inner.concurrency.unwrap_or_else(|| self.inner.server.borrow().as_ref().map_or(super::server::CLOUD_CONCURRENCY, |s| s.product.default_concurrency()))
    }

    /// The concurrency the user chose, if they chose one.
    pub fn chosen_concurrency(&self) -> Option<usize> {
        self.inner.concurrency
    }

    /// The server, once `whoami` has asked.
    pub fn server(&self) -> Option<Server> {
        self.inner.server.borrow().clone()
    }

    pub(super) fn set_server(&self, server: Server) {
        *self.inner.server.borrow_mut() = Some(server);
    }

    /// Whether the server has `feature`; assumed until the server is known, as a new one would.
    pub fn has(&self, feature: Feature) -> bool {
        self.inner.server.borrow().as_ref().is_none_or(|s| s.has(feature))
    }

    /// The last `X-RateLimit-*` values GitHub sent.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.inner.rate.borrow().clone()
    }

    pub fn stats(&self) -> Stats {
        self.inner.stats.get()
    }

    /// Told when the client starts waiting before a retry (backoff or rate limit), and when it stops.
    pub fn on_wait(&self, f: impl Fn(Option<Wait>) + 'static) {
        *self.inner.on_wait.borrow_mut() = Some(Rc::new(f));
    }

    /// Told whenever GitHub sends fresh rate-limit headers.
    pub fn on_rate(&self, f: impl Fn(&RateLimit) + 'static) {
        *self.inner.on_rate.borrow_mut() = Some(Rc::new(f));
    }

    fn tell_wait(&self, wait: Option<Wait>) {
        let hook = self.inner.on_wait.borrow().clone();
        if let Some(f) = hook {
            f(wait);
        }
    }

    fn bump(&self, f: impl Fn(&mut Stats)) {
        let mut s = self.inner.stats.get();
        f(&mut s);
        self.inner.stats.set(s);
        if let Some(t) = &self.tally {
            let mut s = t.get();
            f(&mut s);
            t.set(s);
        }
    }

    /// The ETag cache's entries whose URL starts with `prefix`: (URL, ETag, status, headers, body).
    /// Kept with a saved fleet scan, so the next visit revalidates instead of reading everything again.
    pub fn etags_under(&self, prefix: &str) -> Vec<SavedEtag> {
        self.inner
            .etags
            .borrow()
            .iter()
            .filter(|(url, _)| url.starts_with(prefix))
            .map(|(url, (etag, raw))| SavedEtag { url: url.clone(), etag: etag.clone(), headers: raw.headers.clone(), body: raw.body.clone() })
            .collect()
    }

    /// Fills the ETag cache from a saved scan; only URLs below this client's API root are taken.
    pub fn prime_etags(&self, saved: Vec<SavedEtag>) {
        let root = format!("{}/", self.inner.base.api_root);
        let mut cache = self.inner.etags.borrow_mut();
        for e in saved.into_iter().filter(|e| e.url.starts_with(&root)) {
            cache.entry(e.url).or_insert((e.etag, RawResponse { status: 200, headers: e.headers, body: e.body }));
        }
    }

    /// One attempt, no retries. GETs revalidate against the ETag cache; a 304 returns the cached answer.
    async fn attempt(&self, req: &Request) -> Result<RawResponse, ApiError> {
        if self.aborted() {
            return Err(ApiError::Aborted);
        }
        if let Some(reason) = self.inner.token.problem() {
            return Err(ApiError::Unsendable { reason });
        }
        let url = req.url(&self.inner.base.api_root);
        let method = match req.method {
            Method::Get => GlooMethod::GET,
            Method::Post => GlooMethod::POST,
            Method::Put => GlooMethod::PUT,
            Method::Patch => GlooMethod::PATCH,
            Method::Delete => GlooMethod::DELETE,
        };
        let mut builder = RequestBuilder::new(&url).method(method).cache(RequestCache::NoStore);
        for (k, v) in req.headers(self.inner.token.expose(), self.inner.api_version_header) {
            builder = builder.header(k, &v);
        }
        let cached = if req.is_read() { self.inner.etags.borrow().get(&url).cloned() } else { None };
        // gloo throws (it does not return an error) on a value the Headers API refuses.
        if let Some((etag, _)) = cached.as_ref().filter(|(etag, _)| etag.chars().all(|c| c == '\t' || (' '..='~').contains(&c))) {
            builder = builder.header("If-None-Match", etag);
        }
        let controller = web_sys::AbortController::new().ok();
        if let Some(c) = &controller {
            // The timeout's signal, and the page's when there is one: either cancels the fetch.
            let signal = match &self.abort {
                Some(page) => web_sys::AbortSignal::any(&js_sys::Array::of2(&c.signal(), page)),
                None => c.signal(),
            };
            builder = builder.abort_signal(Some(&signal));
        }
        let timeout = controller.clone().map(|c| gloo_timers::callback::Timeout::new(TIMEOUT_MS, move || c.abort()));
        let host = self.inner.base.host().to_string();
        let network = |detail: String| ApiError::Network { host: host.clone(), detail }.redact(self.inner.token.expose());
        let sent = match &req.body {
            Some(body) => builder.body(body.to_string()).map_err(|e| network(e.to_string()))?.send().await,
            None => builder.send().await,
        };
        self.bump(|s| s.requests += 1);
        let response = match sent {
            Ok(r) => r,
            Err(_) if self.aborted() => return Err(ApiError::Aborted),
            Err(e) => {
                let aborted = controller.as_ref().is_some_and(|c| c.signal().aborted());
                let detail = if aborted { format!("no answer within {} s", TIMEOUT_MS / 1000) } else { e.to_string() };
                return Err(network(detail));
            }
        };
        let status = response.status();
        let headers: Vec<(String, String)> = response.headers().entries().map(|(k, v)| (k.to_ascii_lowercase(), v)).collect();
        let body = match response.text().await {
            Ok(b) => b,
            Err(_) if self.aborted() => return Err(ApiError::Aborted),
            Err(e) => return Err(network(format!("the answer broke off: {e}"))),
        };
        drop(timeout);
        let raw = RawResponse { status, headers, body };
        if let Some(rate) = RateLimit::from_headers(&raw) {
            let hook = self.inner.on_rate.borrow().clone();
            if let Some(f) = hook {
                f(&rate);
            }
            *self.inner.rate.borrow_mut() = Some(rate);
        }
        if status == 304 {
            if let Some((_, mut previous)) = cached {
                self.bump(|s| s.not_modified += 1);
                // The fresh headers (rate limit, Link) win; any the 304 left out keep their cached value.
                for (k, v) in raw.headers {
                    match previous.headers.iter_mut().find(|(pk, _)| *pk == k) {
                        Some(slot) => slot.1 = v,
                        None => previous.headers.push((k, v)),
                    }
                }
                previous.status = 200;
                return Ok(previous);
            }
        }
        if req.is_read() && status == 200 {
            if let Some(etag) = raw.header("etag") {
                self.inner.etags.borrow_mut().insert(url, (etag.to_string(), raw.clone()));
            }
        }
        Ok(raw)
    }

    /// One request with the retry policy applied; any status comes back as a response.
    pub async fn raw(&self, req: &Request) -> Result<RawResponse, ApiError> {
        let mut attempt = 0;
        loop {
            let outcome = self.attempt(req).await;
            match retry_policy(req.is_read(), attempt, &outcome, now()) {
                Retry::Give => return outcome,
                Retry::After { ms, reason } => {
                    self.bump(|s| s.retries += 1);
                    self.tell_wait(Some(Wait { reason: format!("Retrying “{}”: {reason}", req.operation), until_ms: js_sys::Date::now() + ms as f64 }));
                    gloo_timers::future::sleep(std::time::Duration::from_millis(ms)).await;
                    self.tell_wait(None);
                    if self.aborted() {
                        return Err(ApiError::Aborted);
                    }
                    attempt += 1;
                }
            }
        }
    }

    /// Runs a typed call.
    pub async fn send<T: DeserializeOwned>(&self, call: Call<T>) -> Result<T, ApiError> {
        self.send_traced(call).await.result
    }

    /// Runs a typed call and keeps GitHub's request id, for the activity log.
    pub async fn send_traced<T: DeserializeOwned>(&self, call: Call<T>) -> Traced<T> {
        match self.raw(&call.request).await {
            Ok(raw) => {
                Traced { request_id: raw.header("x-github-request-id").map(str::to_string), result: interpret(call.request.operation, &raw, now()).map_err(|e| e.redact(self.inner.token.expose())) }
            }
            Err(e) => Traced { result: Err(e), request_id: None },
        }
    }

    /// After a network error: can the host be reached at all? An opaque `no-cors` answer means the
    /// server is up and the browser blocked the real call (CORS); a failure means it is unreachable.
    /// `None` when the page is cross-origin isolated: there the probe itself is blocked unless the
    /// server sends `Cross-Origin-Resource-Policy`, so a failure proves nothing.
    pub async fn host_answers(&self) -> Option<bool> {
        let answered = RequestBuilder::new(&format!("{}/", self.inner.base.api_root)).mode(web_sys::RequestMode::NoCors).cache(RequestCache::NoStore).send().await.is_ok();
        let isolated = web_sys::window().and_then(|w| js_sys::Reflect::get(&w, &"crossOriginIsolated".into()).ok()).and_then(|v| v.as_bool()).unwrap_or(false);
        match (answered, isolated) {
            (true, _) => Some(true),
            (false, false) => Some(false),
            (false, true) => None,
        }
    }
}
