//! chromedriver, spoken to over the WebDriver HTTP protocol.
#![allow(unused_imports)]
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, Uri};
use axum::response::{IntoResponse, Response};
use reqwest::Method;
use serde_json::{json, Value};
use tokio::net::TcpListener;

use super::*;

/// Owns the chromedriver process: on drop, even while a failed test unwinds, it ends the browser
/// session (so Chromium quits) and kills chromedriver.
pub struct Chromedriver {
    pub child: Child,
    pub port: u16,
    pub session: Option<String>,
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        if let Some(id) = self.session.take() {
            delete_session_blocking(self.port, &id);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain blocking `DELETE /session/{id}`: it runs inside `Drop`, where nothing can be awaited.
pub fn delete_session_blocking(port: u16, id: &str) {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else { return };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(15)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let request = format!("DELETE /session/{id} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_ok() {
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub struct Browser {
    pub http: reqwest::Client,
    pub base: String,
    pub session: String,
    pub _driver: Chromedriver,
}

impl Browser {
    pub async fn start() -> Browser {
        let binary = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".to_string());
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
        let port = free_port();
        let child = Command::new(&binary)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start chromedriver {binary} ({e}); set CHROMEDRIVER to its path"));
        let mut driver = Chromedriver { child, port, session: None };
        let http = reqwest::Client::builder().timeout(Duration::from_secs(60)).build().unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + WAIT;
        loop {
            let ready = match http.get(format!("{base}/status")).send().await {
                Ok(r) => r.json::<Value>().await.map(|v| v["value"]["ready"] == json!(true)).unwrap_or(false),
                Err(_) => false,
            };
            if ready {
                break;
            }
            if let Ok(Some(status)) = driver.child.try_wait() {
                panic!("chromedriver {binary} exited at start: {status}");
            }
            assert!(Instant::now() < deadline, "chromedriver {binary} was not ready on port {port} after {WAIT:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--window-size=1280,900",
        ];
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": chromium, "args": args },
            "goog:loggingPrefs": { "browser": "ALL" },
        }}});
        let res = http.post(format!("{base}/session")).json(&caps).send().await.unwrap_or_else(|e| panic!("chromedriver: new session: {e}"));
        let body: Value = res.json().await.unwrap_or_else(|e| panic!("chromedriver: new session answered no JSON: {e}"));
        let session = body["value"]["sessionId"].as_str().unwrap_or_else(|| panic!("chromedriver could not start {chromium}: {}", body["value"])).to_string();
        driver.session = Some(session.clone());
        Browser { http, base, session, _driver: driver }
    }

    pub async fn try_cmd(&self, method: Method, path: &str, body: Option<Value>) -> Result<Value, String> {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let mut req = self.http.request(method.clone(), &url);
        if method != Method::GET && method != Method::DELETE {
            req = req.json(&body.unwrap_or_else(|| json!({})));
        }
        let res = req.send().await.map_err(|e| format!("{method} {path}: {e}"))?;
        let status = res.status();
        let v: Value = res.json().await.map_err(|e| format!("{method} {path} -> {status}: no JSON ({e})"))?;
        if status.is_success() {
            Ok(v["value"].clone())
        } else {
            Err(format!("{method} {path} -> {status}: {} {}", v["value"]["error"], v["value"]["message"]))
        }
    }

    pub async fn cmd(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        self.try_cmd(method, path, body).await.unwrap_or_else(|e| panic!("chromedriver {e}"))
    }

    pub async fn exec(&self, script: &str) -> Value {
        self.cmd(Method::POST, "/execute/sync", Some(json!({ "script": script, "args": [] }))).await
    }

    /// Resolves after the browser has rendered two more frames: queued events and effects have run.
    pub async fn settle(&self) {
        let script = "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
        self.cmd(Method::POST, "/execute/async", Some(json!({ "script": script, "args": [] }))).await;
    }

    pub async fn goto(&self, url: &str) {
        self.cmd(Method::POST, "/url", Some(json!({ "url": url }))).await;
    }

    pub async fn find_all(&self, css: &str) -> Vec<String> {
        let found = self.cmd(Method::POST, "/elements", Some(json!({ "using": "css selector", "value": css }))).await;
        found.as_array().map(|a| a.iter().filter_map(|e| e[ELEMENT].as_str().map(str::to_string)).collect()).unwrap_or_default()
    }

    pub async fn count(&self, css: &str) -> usize {
        self.find_all(css).await.len()
    }

    /// What is on screen, for a failure message.
    pub async fn describe(&self) -> String {
        let url = self.try_cmd(Method::GET, "/url", None).await.unwrap_or_default();
        let text = self.try_cmd(Method::POST, "/execute/sync", Some(json!({ "script": "return document.body ? document.body.innerText : '(no body)'", "args": [] }))).await.unwrap_or_default();
        let text: String = text.as_str().unwrap_or("").chars().take(1200).collect();
        let logs: Vec<String> = self.browser_log().await.into_iter().map(|(level, msg)| format!("  {level} {msg}")).collect();
        format!("at {url}\n--- page text ---\n{text}\n--- browser console ---\n{}", logs.join("\n"))
    }

    /// Polls until `check` gives `Some`; fails after `WAIT` with what the page shows.
    pub async fn until<T>(&self, what: &str, mut check: impl AsyncFnMut(&Browser) -> Option<T>) -> T {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(v) = check(self).await {
                return v;
            }
            if Instant::now() >= deadline {
                panic!("timed out after {WAIT:?} waiting for {what}\n{}", self.describe().await);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits for `css` to match; gives the number of matches.
    pub async fn wait_for(&self, css: &str) -> usize {
        self.until(css, async |b| Some(b.count(css).await).filter(|n| *n > 0)).await
    }

    pub async fn wait_gone(&self, css: &str) {
        self.until(&format!("{css} to go away"), async |b| (b.count(css).await == 0).then_some(())).await
    }

    /// Clicks the first match of `css`, retrying while it is being re-rendered.
    pub async fn click(&self, css: &str) {
        self.until(&format!("a clickable {css}"), async |b| {
            let el = b.find_all(css).await.into_iter().next()?;
            b.try_cmd(Method::POST, &format!("/element/{el}/click"), None).await.ok()
        })
        .await;
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        self.until(&format!("an editable {css}"), async |b| {
            let el = b.find_all(css).await.into_iter().next()?;
            b.try_cmd(Method::POST, &format!("/element/{el}/value"), Some(json!({ "text": text }))).await.ok()
        })
        .await;
    }

    /// Adds a script that runs in every new document before the page's own.
    pub async fn on_new_document(&self, source: &str) {
        let params = json!({ "cmd": "Page.addScriptToEvaluateOnNewDocument", "params": { "source": source } });
        self.cmd(Method::POST, "/goog/cdp/execute", Some(params)).await;
    }

    /// The violations this document recorded since the last call; fails if the listener is missing.
    pub async fn take_violations(&self) -> Vec<String> {
        let v = self.exec("if (!Array.isArray(window.__csp)) return null; const v = window.__csp.slice(); window.__csp.length = 0; return v;").await;
        let list = v.as_array().unwrap_or_else(|| panic!("the securitypolicyviolation listener is missing from this document\n{}", "(Page.addScriptToEvaluateOnNewDocument did not run)"));
        list.iter().map(|x| x.as_str().unwrap_or_default().to_string()).collect()
    }

    /// Browser console entries since the last call, as (level, message).
    pub async fn browser_log(&self) -> Vec<(String, String)> {
        let body = Some(json!({ "type": "browser" }));
        let entries = match self.try_cmd(Method::POST, "/se/log", body.clone()).await {
            Ok(v) => v,
            Err(_) => self.try_cmd(Method::POST, "/log", body).await.unwrap_or(Value::Null),
        };
        entries.as_array().map(|a| a.iter().map(|e| (e["level"].as_str().unwrap_or("?").to_string(), e["message"].as_str().unwrap_or("").to_string())).collect()).unwrap_or_default()
    }
}
