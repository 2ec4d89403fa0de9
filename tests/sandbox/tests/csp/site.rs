//! dist/, served as a host should serve it, with the policy as a header.
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

pub struct Site {
    /// URL path (`/index.html`) → (content type, body).
    pub files: HashMap<String, (&'static str, Bytes)>,
    /// The Content-Security-Policy header: the meta's policy plus what only a header can say.
    pub csp: String,
}

pub fn dist_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dist")
}

pub fn load_site() -> Site {
    let dist = dist_dir();
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).unwrap_or_else(|e| panic!("cannot read {} ({e}): {BUILD_HINT}", index.display()));
    let policy = meta_csp(&html).unwrap_or_else(|| panic!("{} has no <meta http-equiv=\"Content-Security-Policy\" content=…>: {BUILD_HINT}", index.display()));
    assert!(!policy.contains("BOOT_SCRIPT_HASHES"), "the CSP in {} still holds the placeholder BOOT_SCRIPT_HASHES (the post_build hook did not run): {BUILD_HINT}", index.display());
    assert!(!policy.trim().is_empty(), "the CSP meta in {} is empty: {BUILD_HINT}", index.display());
    let csp = format!("{}; frame-ancestors 'none'", policy.trim().trim_end_matches(';').trim_end());
    let mut files = HashMap::new();
    add_files(&dist, &dist, &mut files);
    Site { files, csp }
}

pub fn add_files(root: &Path, dir: &Path, files: &mut HashMap<String, (&'static str, Bytes)>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {} ({e}): {BUILD_HINT}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            add_files(root, &path, files);
            continue;
        }
        let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
        let body = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {} ({e})", path.display()));
        files.insert(format!("/{rel}"), (content_type(&rel), Bytes::from(body)));
    }
}

pub fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).as_deref() {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json" | "map") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Any path that is not a file is a client-side route: it gets index.html.
pub async fn serve(State(site): State<Arc<Site>>, uri: Uri) -> Response {
    let (kind, body) = site.files.get(uri.path()).or_else(|| site.files.get("/index.html")).cloned().expect("index.html was loaded");
    let headers = [
        (header::CONTENT_TYPE, kind.to_string()),
        (header::CONTENT_SECURITY_POLICY, site.csp.clone()),
        (header::REFERRER_POLICY, "no-referrer".to_string()),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        (header::CACHE_CONTROL, "no-store".to_string()),
    ];
    (headers, body).into_response()
}

pub async fn start_site(site: Arc<Site>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new().fallback(serve).with_state(site);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

/// The `content` of the first `<meta http-equiv="Content-Security-Policy">`, outside comments.
pub fn meta_csp(html: &str) -> Option<String> {
    let mut text = html.to_string();
    while let Some(start) = text.find("<!--") {
        let end = text[start..].find("-->").map(|e| start + e + 3).unwrap_or(text.len());
        text.replace_range(start..end, "");
    }
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<meta") {
        let (attrs, end) = tag_attributes(&text, from + i + "<meta".len());
        from = end;
        let is_csp = attrs.iter().any(|(k, v)| k == "http-equiv" && v.eq_ignore_ascii_case("content-security-policy"));
        if is_csp {
            return attrs.into_iter().find(|(k, _)| k == "content").map(|(_, v)| v);
        }
    }
    None
}

/// A tag's attributes (names lowercased, values entity-decoded) from `at` to its `>`, and where it ends.
pub fn tag_attributes(text: &str, mut at: usize) -> (Vec<(String, String)>, usize) {
    let bytes = text.as_bytes();
    let mut attrs = Vec::new();
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        if at >= bytes.len() || bytes[at] == b'>' {
            return (attrs, at);
        }
        let name_start = at;
        while at < bytes.len() && !bytes[at].is_ascii_whitespace() && !matches!(bytes[at], b'=' | b'>' | b'/') {
            at += 1;
        }
        let name = text[name_start..at].to_ascii_lowercase();
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let mut value = String::new();
        if at < bytes.len() && bytes[at] == b'=' {
            at += 1;
            while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            if at < bytes.len() && matches!(bytes[at], b'"' | b'\'') {
                let quote = bytes[at];
                let start = at + 1;
                let end = text[start..].find(quote as char).map(|e| start + e).unwrap_or(text.len());
                value = text[start..end].to_string();
                at = (end + 1).min(text.len());
            } else {
                let start = at;
                while at < bytes.len() && !bytes[at].is_ascii_whitespace() && bytes[at] != b'>' {
                    at += 1;
                }
                value = text[start..at].to_string();
            }
        }
        let value = value.replace("&quot;", "\"").replace("&#39;", "'").replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        attrs.push((name, value));
    }
}
