//! A harness for the sandbox's HTTP tests: starts a sandbox on a free port, and checks every
//! response against the description of the server it answers as (GHES 3.19 by default): status
//! documented, body conforming, and no property that version does not document.
#![allow(dead_code)]
pub mod audit_fields;
pub mod ops;
pub mod policy_ops;

use std::collections::BTreeSet;
use std::future::Future;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use ghes_sandbox::openapi::{Spec, DESCRIPTIONS};
use ghes_sandbox::{Faults, Limits, Profile, Sandbox, SeedConfig, ServerConfig, ServerState};
use reqwest::header::HeaderMap;
use serde_json::{json, Value};
use tokio::net::TcpListener;

pub const ADMIN: &str = "sandbox-admin";

/// A vendored description by name, loaded once.
pub fn spec(description: &str) -> &'static Spec {
    static SPECS: OnceLock<Vec<(&'static str, Spec)>> = OnceLock::new();
    let specs = SPECS.get_or_init(|| DESCRIPTIONS.iter().map(|d| (*d, Spec::load_description(d))).collect());
    specs.iter().find(|(d, _)| *d == description).map(|(_, s)| s).unwrap_or_else(|| panic!("no vendored description {description}"))
}

/// Statuses GitHub sends for any operation although the description lists them only on some.
const UNIVERSAL: [u16; 9] = [400, 401, 403, 404, 429, 500, 502, 503, 504];

#[derive(Clone)]
pub struct Harness {
    pub root: String,
    /// The API base: `root/api/v3` on GHES, `root` on github.com.
    pub api: String,
    /// The server the sandbox answers as; responses are checked against its description.
    pub profile: Profile,
    client: reqwest::Client,
    /// (METHOD, template) of every operation a test called.
    pub covered: Arc<Mutex<BTreeSet<(String, String)>>>,
}

pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub json: Value,
}

impl Resp {
    pub fn header(&self, name: &str) -> String {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_string()
    }
}

impl Harness {
    pub async fn start() -> Harness {
        Harness::start_with(SeedConfig::default(), Faults::default()).await
    }

    pub async fn start_with(seed: SeedConfig, faults: Faults) -> Harness {
        Harness::start_with_limits(seed, faults, Limits::default()).await
    }

    /// A sandbox with these secondary limits (the flags' values: what a reset returns to).
    pub async fn start_with_limits(seed: SeedConfig, faults: Faults, limits: Limits) -> Harness {
        Harness::start_full(seed, faults, limits, ServerConfig::default()).await
    }

    /// A sandbox answering as `profile`.
    pub async fn start_as(profile: Profile) -> Harness {
        Harness::start_server(ServerConfig { state: ServerState { profile, ..ServerState::default() }, ..ServerConfig::default() }).await
    }

    pub async fn start_server(server: ServerConfig) -> Harness {
        Harness::start_full(SeedConfig::default(), Faults::default(), Limits::default(), server).await
    }

    pub async fn start_full(seed: SeedConfig, faults: Faults, limits: Limits, server: ServerConfig) -> Harness {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let profile = server.state.profile;
        let sandbox = Sandbox::build(&seed, faults, limits, &server).unwrap();
        tokio::spawn(async move { axum::serve(listener, ghes_sandbox::app(sandbox)).await.unwrap() });
        let root = format!("http://{addr}");
        Harness { api: format!("{root}{}", profile.api_prefix()), root, profile, client: reqwest::Client::new(), covered: Arc::new(Mutex::new(BTreeSet::new())) }
    }

    /// Switches the running sandbox to `profile` (`PUT /_sandbox/server`); later calls go to its API
    /// base and are checked against its description.
    pub async fn switch(&mut self, profile: Profile) {
        let answer = self.admin("PUT", "/server", Some(json!({ "profile": profile.name() }))).await;
        assert_eq!(answer["profile"], profile.name());
        self.profile = profile;
        self.api = format!("{}{}", self.root, profile.api_prefix());
    }

    pub async fn call(&self, token: Option<&str>, method: &str, path: &str, body: Option<Value>) -> Resp {
        self.call_with(token, method, path, body, &[]).await
    }

    pub async fn call_with(&self, token: Option<&str>, method: &str, path: &str, body: Option<Value>, extra: &[(&str, &str)]) -> Resp {
        let mut req = self.client.request(method.parse().unwrap(), format!("{}{path}", self.api)).header("accept", "application/vnd.github+json");
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let bytes = res.bytes().await.unwrap();
        // Asked for gzip (as a browser asks), it comes compressed; the contract is checked on what it says.
        let text = if headers.get("content-encoding").is_some_and(|e| e == "gzip") {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text).unwrap_or_else(|e| panic!("{method} {path}: not gzip ({e})"));
            text
        } else {
            String::from_utf8_lossy(&bytes).into_owned()
        };
        let json = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or_else(|e| panic!("{method} {path}: body is not JSON ({e}): {text}")) };
        self.check_contract(method, path, status, &json);
        Resp { status, headers, json }
    }

    fn check_contract(&self, method: &str, path: &str, status: u16, body: &Value) {
        let description = self.profile.description(path);
        let spec = spec(description);
        let Some(op) = spec.operation(method, path) else {
            // What this version lacks is not there: GitHub's 404.
            assert_eq!(status, 404, "{method} {path} is not an operation of the {description} description, so it must be 404: {body}");
            assert_eq!(body["message"], "Not Found", "{method} {path}");
            return;
        };
        self.covered.lock().unwrap().insert((method.to_string(), op.template.clone()));
        let documented = spec.documented_statuses(&op);
        let allowed = documented.contains(&status)
            || UNIVERSAL.contains(&status)
            || (status == 304 && method == "GET")
            // The description lists only 2xx for the runner-group operations; GHES answers 422 for
            // validation failures there as everywhere else.
            || (status == 422 && op.template.contains("/runner-groups"))
            // Descriptions before 3.19's do not list the 422 for deleting a busy runner; GHES sent it.
            || (status == 422 && method == "DELETE" && op.template.ends_with("/runners/{runner_id}"));
        assert!(allowed, "{method} {path} answered {status}; the description documents {documented:?} for {}", op.template);
        if status == 204 || status == 304 {
            assert!(body.is_null(), "{method} {path}: {status} must have no body, got {body}");
            return;
        }
        let schema = match spec.response_schema(&op, status) {
            Some(s) => s.clone(),
            None if status >= 400 && status != 422 => json!({ "$ref": "#/components/schemas/basic-error" }),
            None if status == 422 => json!({ "anyOf": [{ "$ref": "#/components/schemas/validation-error" }, { "$ref": "#/components/schemas/validation-error-simple" }] }),
            None => panic!("{method} {path}: {status} has no documented body schema"),
        };
        // The audit-log-event schema is a partial list: entries are checked loosely against it, and
        // their fields against GitHub's per-action reference.
        let audit_log = op.template.ends_with("/audit-log") && status == 200;
        let mut errors = if audit_log { spec.validate(&schema, body) } else { spec.validate_strict(&schema, body) };
        if audit_log {
            errors.extend(body.as_array().into_iter().flatten().flat_map(audit_fields::problems));
        }
        assert!(errors.is_empty(), "{method} {path} -> {status}: the body breaks the {description} schema:\n  {}\nbody: {body}", errors.join("\n  "));
        if status >= 400 {
            assert!(body["message"].is_string(), "{method} {path}: error bodies carry a message: {body}");
        }
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.call(Some(ADMIN), "GET", path, None).await
    }

    pub async fn send(&self, method: &str, path: &str, body: Value) -> Resp {
        let body = if body.is_null() { None } else { Some(body) };
        self.call(Some(ADMIN), method, path, body).await
    }

    pub async fn admin(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let mut req = self.client.request(method.parse().unwrap(), format!("{}/_sandbox{path}", self.root));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        assert!(res.status().is_success(), "sandbox control {method} {path}: {}", res.status());
        res.json().await.unwrap()
    }

    /// A sandbox control whatever it answers: (status, JSON body or null). `body` is sent as is.
    pub async fn admin_raw(&self, method: &str, path: &str, body: Option<&str>) -> (u16, Value) {
        let mut req = self.client.request(method.parse().unwrap(), format!("{}/_sandbox{path}", self.root));
        if let Some(b) = body {
            req = req.header("content-type", "application/json").body(b.to_string());
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// `GET /_sandbox/log`: the request log, oldest first.
    pub async fn log(&self) -> Vec<Value> {
        self.admin("GET", "/log", None).await.as_array().cloned().unwrap_or_default()
    }

    /// `POST` to the server's GraphQL endpoint (`/graphql` on github.com, `/api/graphql` on GHES).
    /// Not an operation of the REST descriptions, so not checked against them.
    pub async fn graphql(&self, token: Option<&str>, body: Value) -> Resp {
        let path = if self.profile.ghes().is_some() { "/api/graphql" } else { "/graphql" };
        let mut req = self.client.post(format!("{}{path}", self.root)).json(&body);
        if let Some(t) = token {
            req = req.header("authorization", format!("bearer {t}"));
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap();
        Resp { status, headers, json: serde_json::from_str(&text).unwrap_or_else(|e| panic!("GraphQL answered no JSON ({e}): {text}")) }
    }

    pub async fn raw(&self, method: &str, url: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        let mut req = self.client.request(method.parse().unwrap(), url);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.send().await.unwrap()
    }
}

/// Polls `check` every 20 ms until it gives `Some`, failing after `timeout`: a wait on a condition,
/// not a sleep standing in for one.
pub async fn eventually<T, F, Fut>(what: &str, timeout: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out after {timeout:?} waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Link header → (rel, url) pairs.
pub fn links(header: &str) -> Vec<(String, String)> {
    header
        .split(',')
        .filter_map(|part| {
            let (url, rel) = part.split_once(';')?;
            let url = url.trim().trim_start_matches('<').trim_end_matches('>').to_string();
            let rel = rel.trim().trim_start_matches("rel=").trim_matches('"').to_string();
            Some((rel, url))
        })
        .collect()
}

pub fn names(list: &Value, key: &str, field: &str) -> Vec<String> {
    list[key].as_array().unwrap().iter().map(|x| x[field].as_str().unwrap().to_string()).collect()
}
