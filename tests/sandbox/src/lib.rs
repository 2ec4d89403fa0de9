//! ghes-sandbox: an in-memory, stateful stand-in for GitHub Enterprise Server's Actions runner API.
//!
//! The REST surface lives under `/api/v3`; test controls (faults, counters, reset) under `/_sandbox/`.
pub mod api;
pub mod openapi;
pub mod world;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::Router;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

pub use world::SeedConfig;
use world::{Owner, User, World};

pub const GHES_VERSION: &str = "3.19.0";
const RATE_LIMIT: u64 = 5000;

/// The fixed tokens, so tests and docs can rely on them.
pub const TOKENS: [(&str, &str, &[&str]); 4] = [
    ("sandbox-admin", "octo-admin", &["repo", "admin:org", "manage_runners:enterprise", "admin:enterprise", "read:user"]),
    ("sandbox-org", "org-admin", &["admin:org"]),
    ("sandbox-repo", "repo-admin", &["repo"]),
    ("sandbox-none", "no-scopes", &[]),
];

/// A status forced for requests whose path matches `path` (segments, `*` for one, a final `**` for the rest).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ForcedStatus {
    #[serde(default)]
    pub method: Option<String>,
    pub path: String,
    pub status: u16,
    /// How many requests it applies to; absent means every one.
    #[serde(default)]
    pub times: Option<u32>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SecondaryLimit {
    /// 403 or 429, as GitHub may send either.
    #[serde(default = "default_secondary_status")]
    pub status: u16,
    pub retry_after: u64,
    #[serde(default)]
    pub times: Option<u32>,
}

fn default_secondary_status() -> u16 {
    429
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PrimaryExhausted {
    /// Seconds until `X-RateLimit-Reset`.
    pub reset_in: u64,
    #[serde(default)]
    pub times: Option<u32>,
}

/// Fault injection for the console's tests; set by flags or `PUT /_sandbox/faults`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Faults {
    #[serde(default)]
    pub latency_ms: u64,
    /// Share of API requests (0.0 to 1.0) answered with 500 or 502.
    #[serde(default)]
    pub failure_rate: f64,
    #[serde(default)]
    pub force: Vec<ForcedStatus>,
    #[serde(default)]
    pub secondary_rate_limit: Option<SecondaryLimit>,
    #[serde(default)]
    pub primary_exhausted: Option<PrimaryExhausted>,
    /// Send no CORS headers on the API, as a GHES that does not allow the console's origin.
    #[serde(default)]
    pub disable_cors: bool,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Counters {
    pub total: u64,
    pub ok: u64,
    pub not_modified: u64,
    pub client_errors: u64,
    pub server_errors: u64,
    pub preflight: u64,
    /// Requests that carried `X-GitHub-Api-Version`.
    pub with_api_version: u64,
    pub by_status: HashMap<u16, u64>,
    pub by_method: HashMap<String, u64>,
}

struct RateState {
    used: u64,
    reset: u64,
}

pub struct Sandbox {
    seed: World,
    world: Mutex<World>,
    faults: Mutex<Faults>,
    initial_faults: Faults,
    counters: Mutex<Counters>,
    rate: Mutex<HashMap<String, RateState>>,
    rng: Mutex<u64>,
    request_seq: AtomicU64,
}

impl Sandbox {
    pub fn new(seed: &SeedConfig, faults: Faults) -> Arc<Sandbox> {
        let world = World::seed(seed);
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(1);
        Arc::new(Sandbox {
            world: Mutex::new(world.clone()),
            seed: world,
            faults: Mutex::new(faults.clone()),
            initial_faults: faults,
            counters: Mutex::new(Counters::default()),
            rate: Mutex::new(HashMap::new()),
            rng: Mutex::new(nanos | 1),
            request_seq: AtomicU64::new(1),
        })
    }

    /// A summary of the seed, printed at start.
    pub fn describe(&self) -> String {
        let w = self.world.lock().unwrap();
        let orgs: Vec<String> = w
            .orgs
            .iter()
            .map(|o| format!("{} ({} repos, {} runners)", o.login, w.repo_ids_of(o.id).len(), w.runners_of(Owner::Org(o.id)).count()))
            .collect();
        format!(
            "enterprise {} ({} runners, {} groups); orgs: {}; {} repo runners; {} runners in all",
            w.enterprise_slug,
            w.runners_of(Owner::Enterprise).count(),
            w.groups.values().filter(|g| g.owner == Owner::Enterprise).count(),
            orgs.join(", "),
            w.runners.values().filter(|r| matches!(r.owner, Owner::Repo(_))).count(),
            w.runners.len()
        )
    }

    fn random(&self) -> u64 {
        let mut s = self.rng.lock().unwrap();
        // xorshift64*
        *s ^= *s >> 12;
        *s ^= *s << 25;
        *s ^= *s >> 27;
        s.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn reset(&self) {
        *self.world.lock().unwrap() = self.seed.clone();
        *self.faults.lock().unwrap() = self.initial_faults.clone();
        *self.counters.lock().unwrap() = Counters::default();
        self.rate.lock().unwrap().clear();
    }
}

/// The whole HTTP surface, ready to serve.
pub fn app(sandbox: Arc<Sandbox>) -> Router {
    Router::new().fallback(handle).with_state(sandbox)
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

async fn handle(State(sb): State<Arc<Sandbox>>, req: Request) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let query_string = req.uri().query().unwrap_or("").to_string();
    let headers = req.headers().clone();

    let api_cors = !sb.faults.lock().unwrap().disable_cors || !path.starts_with("/api/v3");
    let cors = move |r: Response| if api_cors { cors(r) } else { r };
    if method == Method::OPTIONS {
        sb.counters.lock().unwrap().preflight += 1;
        return cors(Response::builder().status(204).header("access-control-max-age", "86400").body(Body::empty()).unwrap());
    }
    let body = match to_bytes(req.into_body(), 8 * 1024 * 1024).await {
        Ok(b) => b,
        Err(_) => return cors(plain(413, json!({ "message": "Request body too large" }))),
    };
    if let Some(rest) = path.strip_prefix("/_sandbox") {
        return cors(admin(&sb, &method, rest, &body));
    }
    let Some(api_path) = path.strip_prefix("/api/v3") else {
        return cors(plain(404, json!({ "message": "Not Found", "documentation_url": "https://docs.github.com/enterprise-server@3.19/rest" })));
    };
    let api_path = if api_path.is_empty() { "/" } else { api_path }.to_string();

    let latency = sb.faults.lock().unwrap().latency_ms;
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let response = serve_api(&sb, &method, &api_path, &query_string, &headers, &body);
    let status = response.status().as_u16();
    {
        let mut c = sb.counters.lock().unwrap();
        c.total += 1;
        match status {
            304 => c.not_modified += 1,
            200..=299 => c.ok += 1,
            400..=499 => c.client_errors += 1,
            500..=599 => c.server_errors += 1,
            _ => {}
        }
        *c.by_status.entry(status).or_default() += 1;
        *c.by_method.entry(method.to_string()).or_default() += 1;
        if headers.contains_key("x-github-api-version") {
            c.with_api_version += 1;
        }
    }
    cors(response)
}

fn serve_api(sb: &Sandbox, method: &Method, api_path: &str, query_string: &str, headers: &HeaderMap, body: &[u8]) -> Response {
    let request_id = format!("{:04X}:{:06X}:{:08X}", 0x5b0u32, std::process::id() & 0xFFFFFF, sb.request_seq.fetch_add(1, Ordering::Relaxed));
    let host = headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1").to_string();
    let web = format!("http://{host}");
    let api = format!("{web}/api/v3");
    let segments: Vec<String> = api_path.split('/').filter(|s| !s.is_empty()).map(decode).collect();
    let segs: Vec<&str> = segments.iter().map(String::as_str).collect();
    let accepted = accepted_scope(&segs);

    // Authentication: the root answers anonymously, as GitHub's does.
    let token = headers.get("authorization").and_then(|h| h.to_str().ok()).and_then(|h| {
        let (scheme, value) = h.trim().split_once(' ')?;
        (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("token")).then(|| value.trim().to_string())
    });
    let identity = token.as_deref().and_then(|t| TOKENS.iter().find(|(name, ..)| *name == t));
    let finish = |reply: api::Reply, scopes: Option<&[&str]>| -> Response {
        let rate_key = token.clone().unwrap_or_else(|| "anonymous".into());
        let limit = if token.is_some() { RATE_LIMIT } else { 60 };
        build_response(sb, method, reply, scopes, accepted, &request_id, &rate_key, limit, headers)
    };
    let anonymous_root = token.is_none() && segs.is_empty() && method == Method::GET;
    let (login, scopes): (&str, &[&str]) = match identity {
        Some((_, login, scopes)) => (login, scopes),
        None if anonymous_root => ("", &[]),
        None => {
            let message = if token.is_none() { "Requires authentication" } else { "Bad credentials" };
            return finish(api::Reply::error(401, message, ""), None);
        }
    };

    // Faults, in the order GitHub would meet them: rate limits first, then failures.
    if let Some(reply) = injected_fault(sb, method, api_path) {
        return finish(reply, Some(scopes));
    }
    let query = parse_query(query_string);
    let body_json = if body.is_empty() {
        None
    } else {
        match serde_json::from_slice::<Value>(body) {
            Ok(v) => Some(v),
            Err(_) => return finish(api::Reply::error(400, "Problems parsing JSON", ""), Some(scopes)),
        }
    };
    let user = User { id: TOKENS.iter().position(|(_, l, _)| *l == login).unwrap_or(0) as u64 + 1, login: login.to_string(), name: login.replace('-', " ") };
    let owned_scopes: Vec<String> = scopes.iter().map(|s| s.to_string()).collect();
    let reply = {
        let mut world = sb.world.lock().unwrap();
        let mut random = || sb.random();
        let mut ctx = api::Ctx {
            api: &api,
            web: &web,
            path: api_path,
            query: &query,
            body: body_json.as_ref(),
            scopes: &owned_scopes,
            user: &user,
            now: now(),
            random: &mut random,
        };
        api::dispatch(&mut world, method.as_str(), &segs, &mut ctx)
    };
    finish(reply, Some(scopes))
}

/// The scope GitHub names in `X-Accepted-OAuth-Scopes` for a path.
fn accepted_scope(segs: &[&str]) -> &'static str {
    match segs {
        ["enterprises", _, "actions", ..] => "manage_runners:enterprise",
        ["orgs", _, "actions", ..] => "admin:org",
        ["repos", _, _, "actions", ..] => "repo",
        _ => "",
    }
}

fn injected_fault(sb: &Sandbox, method: &Method, api_path: &str) -> Option<api::Reply> {
    let mut f = sb.faults.lock().unwrap();
    if let Some(p) = f.primary_exhausted.clone() {
        consume(&mut f.primary_exhausted, |p| &mut p.times);
        let reset = now() + p.reset_in;
        let mut reply = api::Reply::error(403, "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID.", "/rest/overview/rate-limits-for-the-rest-api");
        reply.headers.push(("x-ratelimit-remaining", "0".into()));
        reply.headers.push(("x-ratelimit-reset", reset.to_string()));
        return Some(reply);
    }
    if let Some(s) = f.secondary_rate_limit.clone() {
        consume(&mut f.secondary_rate_limit, |s| &mut s.times);
        let mut reply = api::Reply::error(
            s.status,
            "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
            "/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
        );
        reply.headers.push(("retry-after", s.retry_after.to_string()));
        return Some(reply);
    }
    if let Some(i) = f.force.iter().position(|rule| rule_matches(rule, method, api_path)) {
        let status = f.force[i].status;
        if let Some(times) = f.force[i].times.as_mut() {
            *times -= 1;
            if *times == 0 {
                f.force.remove(i);
            }
        }
        return Some(forced_reply(status));
    }
    if f.failure_rate > 0.0 {
        drop(f);
        let roll = (sb.random() % 10_000) as f64 / 10_000.0;
        let rate = sb.faults.lock().unwrap().failure_rate;
        if roll < rate {
            return Some(forced_reply(if sb.random() % 2 == 0 { 500 } else { 502 }));
        }
    }
    None
}

fn consume<T>(slot: &mut Option<T>, times: impl Fn(&mut T) -> &mut Option<u32>) {
    if let Some(inner) = slot.as_mut() {
        if let Some(n) = times(inner).as_mut() {
            *n = n.saturating_sub(1);
            if *n == 0 {
                *slot = None;
            }
        }
    }
}

fn forced_reply(status: u16) -> api::Reply {
    match status {
        304 => api::Reply { status, body: None, headers: vec![] },
        204 => api::Reply::no_content(),
        _ => {
            let message = match status {
                500 => "Server Error",
                502 => "Bad Gateway",
                503 => "Service Unavailable",
                504 => "Gateway Timeout",
                404 => "Not Found",
                409 => "Conflict",
                422 => "Validation Failed",
                _ => "Injected fault",
            };
            api::Reply::error(status, message, "")
        }
    }
}

fn rule_matches(rule: &ForcedStatus, method: &Method, path: &str) -> bool {
    if rule.method.as_ref().is_some_and(|m| !m.eq_ignore_ascii_case(method.as_str())) {
        return false;
    }
    let want: Vec<&str> = rule.path.trim_start_matches("/api/v3").split('/').filter(|s| !s.is_empty()).collect();
    let have: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut i = 0;
    for (n, w) in want.iter().enumerate() {
        if *w == "**" && n == want.len() - 1 {
            return true;
        }
        match have.get(i) {
            Some(h) if *w == "*" || decode(h) == decode(w) => i += 1,
            _ => return false,
        }
    }
    i == have.len()
}

#[allow(clippy::too_many_arguments)]
fn build_response(
    sb: &Sandbox,
    method: &Method,
    reply: api::Reply,
    scopes: Option<&[&str]>,
    accepted: &str,
    request_id: &str,
    rate_key: &str,
    limit: u64,
    headers: &HeaderMap,
) -> Response {
    let body_bytes = reply.body.as_ref().map(|b| serde_json::to_vec(b).unwrap_or_default());
    let link = reply.headers.iter().find(|(k, _)| *k == "link").map(|(_, v)| v.clone()).unwrap_or_default();
    let etag = (method == Method::GET && reply.status == 200).then(|| {
        let mut h: u64 = 0xcbf29ce484222325;
        for b in body_bytes.iter().flatten().chain(link.as_bytes()) {
            h = (h ^ *b as u64).wrapping_mul(0x100000001b3);
        }
        format!("\"{h:016x}\"")
    });
    let not_modified = etag.as_ref().is_some_and(|tag| {
        headers.get("if-none-match").and_then(|v| v.to_str().ok()).is_some_and(|v| v.split(',').any(|t| t.trim().trim_start_matches("W/") == tag))
    });
    let status = if not_modified { 304 } else { reply.status };

    let (used, reset) = {
        let mut rates = sb.rate.lock().unwrap();
        let entry = rates.entry(rate_key.to_string()).or_insert(RateState { used: 0, reset: now() + 3600 });
        if now() >= entry.reset {
            *entry = RateState { used: 0, reset: now() + 3600 };
        }
        // GitHub does not charge a 304 against the rate limit.
        if status != 304 {
            entry.used += 1;
        }
        (entry.used, entry.reset)
    };

    let mut b = Response::builder()
        .status(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header("x-github-request-id", request_id)
        .header("x-github-enterprise-version", GHES_VERSION)
        .header("x-github-media-type", "github.v3; format=json")
        .header("x-ratelimit-limit", limit.to_string())
        .header("x-ratelimit-resource", "core");
    let overrides: Vec<&str> = reply.headers.iter().map(|(k, _)| *k).collect();
    if !overrides.contains(&"x-ratelimit-remaining") {
        b = b.header("x-ratelimit-remaining", limit.saturating_sub(used).to_string());
    }
    if !overrides.contains(&"x-ratelimit-reset") {
        b = b.header("x-ratelimit-reset", reset.to_string());
    }
    b = b.header("x-ratelimit-used", used.to_string());
    if let Some(scopes) = scopes {
        b = b.header("x-oauth-scopes", scopes.join(", "));
    }
    if !overrides.contains(&"x-accepted-oauth-scopes") {
        b = b.header("x-accepted-oauth-scopes", accepted);
    }
    for (k, v) in &reply.headers {
        if let Ok(v) = HeaderValue::from_str(v) {
            b = b.header(*k, v);
        }
    }
    if method == Method::GET {
        b = b.header("cache-control", "private, max-age=60, s-maxage=60").header("vary", "Accept, Authorization");
    } else {
        b = b.header("cache-control", "no-cache");
    }
    if let Some(tag) = &etag {
        b = b.header("etag", tag);
    }
    match (not_modified, body_bytes) {
        (false, Some(bytes)) => b.header("content-type", "application/json; charset=utf-8").body(Body::from(bytes)).unwrap(),
        _ => b.body(Body::empty()).unwrap(),
    }
}

fn cors(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    h.insert("access-control-allow-methods", HeaderValue::from_static("GET, POST, PATCH, PUT, DELETE"));
    h.insert(
        "access-control-allow-headers",
        HeaderValue::from_static("Authorization, Content-Type, If-None-Match, X-GitHub-Api-Version, Accept"),
    );
    h.insert(
        "access-control-expose-headers",
        HeaderValue::from_static(
            "ETag, Link, Location, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Reset, \
             X-RateLimit-Resource, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-GitHub-Request-Id, X-GitHub-Enterprise-Version",
        ),
    );
    response
}

fn plain(status: u16, body: Value) -> Response {
    Response::builder()
        .status(status)
        .header("content-type", "application/json; charset=utf-8")
        .header("cache-control", "no-store")
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// Test controls under `/_sandbox/`. They are not part of GitHub's API and cost nothing in the counters.
fn admin(sb: &Sandbox, method: &Method, path: &str, body: &[u8]) -> Response {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let parsed = || serde_json::from_slice::<Value>(body).map_err(|e| plain(400, json!({ "message": format!("bad JSON: {e}") })));
    match (method.as_str(), segs.as_slice()) {
        ("POST", ["reset"]) => {
            sb.reset();
            plain(200, json!({ "reset": true }))
        }
        ("GET", ["counters"]) => plain(200, serde_json::to_value(&*sb.counters.lock().unwrap()).unwrap()),
        ("DELETE", ["counters"]) => {
            *sb.counters.lock().unwrap() = Counters::default();
            plain(200, json!({ "reset": true }))
        }
        ("GET", ["faults"]) => plain(200, serde_json::to_value(&*sb.faults.lock().unwrap()).unwrap()),
        ("PUT", ["faults"]) => match parsed().and_then(|v| serde_json::from_value::<Faults>(v).map_err(|e| plain(422, json!({ "message": e.to_string() })))) {
            Ok(f) => {
                *sb.faults.lock().unwrap() = f.clone();
                plain(200, serde_json::to_value(f).unwrap())
            }
            Err(r) => r,
        },
        ("DELETE", ["faults"]) => {
            *sb.faults.lock().unwrap() = Faults::default();
            plain(200, json!({}))
        }
        ("PATCH", ["runners", id]) => {
            let v = match parsed() {
                Ok(v) => v,
                Err(r) => return r,
            };
            let mut w = sb.world.lock().unwrap();
            let Some(r) = id.parse::<u64>().ok().and_then(|id| w.runners.get_mut(&id)) else {
                return plain(404, json!({ "message": "no such runner" }));
            };
            if let Some(s) = v.get("status").and_then(Value::as_str) {
                r.online = s == "online";
            }
            if let Some(b) = v.get("busy").and_then(Value::as_bool) {
                r.busy = b;
            }
            if let Some(n) = v.get("name").and_then(Value::as_str) {
                r.name = n.to_string();
            }
            plain(200, json!({ "id": r.id, "status": if r.online { "online" } else { "offline" }, "busy": r.busy, "name": r.name }))
        }
        ("GET", ["world"]) => {
            let w = sb.world.lock().unwrap();
            plain(200, json!({ "runners": w.runners.len(), "groups": w.groups.len(), "orgs": w.orgs.len(), "repos": w.repos.len() }))
        }
        _ => plain(404, json!({ "message": "unknown sandbox control" })),
    }
}

pub fn parse_query(q: &str) -> HashMap<String, String> {
    q.split('&').filter(|p| !p.is_empty()).map(|p| {
        let (k, v) = p.split_once('=').unwrap_or((p, ""));
        (decode(k), decode(v))
    }).collect()
}

/// Percent-decoding (and `+` as space in queries is not GitHub's: a literal `+` stays `+`).
pub fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
