//! What the a11y walk asks of the browser beyond the CSP walk's: axe-core, the colour scheme, the
//! window's width, and screenshots.
use std::path::PathBuf;

use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use super::csp::browser::Browser;

pub mod fleet;
pub mod report;
pub mod walk;

pub const SETUP_HINT: &str = "run `bash scripts/setup.sh`, which installs axe-core from npm";

/// The folder npm installs the project's tools into (scripts/env.sh says the same).
pub fn tools_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("RUNNERDECK_TOOLS").filter(|d| !d.is_empty()) {
        return dir.into();
    }
    let cache = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()).map(PathBuf::from);
    cache.unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache")).join("runnerdeck-tools")
}

/// axe-core's browser bundle. Missing is a failure, never a skip: a walk that checks nothing would pass.
pub fn axe_source() -> String {
    let path = tools_dir().join("node_modules/axe-core/axe.min.js");
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read axe-core at {} ({e}): {SETUP_HINT}", path.display()));
    assert!(source.contains("axe"), "{} does not look like axe-core: {SETUP_HINT}", path.display());
    source
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// One axe rule that failed, with the nodes it failed on.
#[derive(Clone, Debug, Deserialize)]
pub struct Violation {
    pub id: String,
    pub impact: String,
    pub help: String,
    pub nodes: Vec<Node>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Node {
    /// A CSS selector per frame or shadow root on the way to the node.
    pub target: Vec<Value>,
    pub html: String,
    #[serde(default)]
    pub summary: String,
}

impl Node {
    pub fn target_text(&self) -> String {
        let steps: Vec<String> = self.target.iter().map(|t| t.as_str().map(str::to_string).unwrap_or_else(|| t.to_string())).collect();
        steps.join(" >>> ")
    }
}

impl Violation {
    pub fn serious(&self) -> bool {
        matches!(self.impact.as_str(), "serious" | "critical")
    }
}

/// What the overflow check measured, at the window's current size.
#[derive(Clone, Debug, Deserialize)]
pub struct Width {
    #[serde(rename = "scrollWidth")]
    pub scroll_width: i64,
    #[serde(rename = "innerWidth")]
    pub inner_width: i64,
    /// The layout viewport: innerWidth less a classic scrollbar, if one shows.
    #[serde(rename = "clientWidth")]
    pub client_width: i64,
    /// The elements that stick out of the viewport and are not clipped by a scrolling ancestor.
    pub culprits: Vec<String>,
}

impl Width {
    /// Nothing to scroll sideways to, in the window or in the viewport a scrollbar leaves.
    pub fn fits(&self) -> bool {
        self.scroll_width <= self.inner_width && self.scroll_width <= self.client_width
    }
}

/// Runs `script` as an async WebDriver script: it gets a `done` callback as its last argument.
pub async fn exec_async(b: &Browser, script: &str) -> Value {
    b.cmd(Method::POST, "/execute/async", Some(json!({ "script": script, "args": [] }))).await
}

/// axe on a big page takes a few seconds; WebDriver's default script timeout is 30 s.
pub async fn allow_long_scripts(b: &Browser) {
    b.cmd(Method::POST, "/timeouts", Some(json!({ "script": 120_000 }))).await;
}

/// What axe found on one document.
#[derive(Clone, Debug, Deserialize)]
pub struct AxeResults {
    pub violations: Vec<Violation>,
    /// Rules axe could not decide on some nodes ("needs review"), as `rule ×nodes`: not failures.
    pub incomplete: Vec<String>,
}

/// Injects axe-core into the current document unless it is there already, then runs every rule
/// axe runs by default on the whole document.
pub async fn run_axe(b: &Browser, source: &str) -> AxeResults {
    if b.exec("return typeof window.axe === 'object' && typeof window.axe.run === 'function'").await != json!(true) {
        // WebDriver runs the script as a function body; axe's bundle then sets `window.axe`.
        b.exec(&format!("{source}\n;return typeof window.axe;")).await;
        let ok = b.exec("return typeof window.axe === 'object' && typeof window.axe.run === 'function'").await;
        assert_eq!(ok, json!(true), "axe-core did not load into the page: {SETUP_HINT}");
    }
    let script = "const done = arguments[arguments.length - 1];\
        window.axe.run(document, { resultTypes: ['violations'] }).then(r => done(JSON.stringify({\
            violations: r.violations.map(v => ({\
                id: v.id, impact: v.impact || 'none', help: v.help,\
                nodes: v.nodes.map(n => ({ target: n.target, html: n.html, summary: n.failureSummary || '' })),\
            })),\
            incomplete: r.incomplete.map(v => v.id + ' ×' + v.nodes.length + ' (' + v.nodes.slice(0, 2).map(n => n.target.join(' >>> ')).join(', ') + ')'),\
        }))).catch(e => done(JSON.stringify({ error: String(e && e.stack || e) })));";
    let answer = exec_async(b, script).await;
    let text = answer.as_str().unwrap_or_else(|| panic!("axe.run answered {answer}"));
    let value: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("axe.run answered no JSON ({e}): {text}"));
    if let Some(error) = value.get("error") {
        panic!("axe.run failed: {}\n{}", error.as_str().unwrap_or(""), b.describe().await);
    }
    serde_json::from_value(value).unwrap_or_else(|e| panic!("axe.run answered an unexpected shape ({e}): {text}"))
}

/// The page's background as the browser paints it (the body's, or the root's when the body has none).
const BACKGROUND: &str = "const bg = e => getComputedStyle(e).backgroundColor;\
    const clear = c => c === 'rgba(0, 0, 0, 0)' || c === 'transparent';\
    return [matchMedia('(prefers-color-scheme: dark)').matches, clear(bg(document.body)) ? bg(document.documentElement) : bg(document.body)];";

/// Emulates `prefers-color-scheme` through CDP (it holds for this tab across navigations until set
/// again), and waits until the media query matches and the page's background has been recomputed.
/// Gives the background.
pub async fn set_theme(b: &Browser, theme: Theme) -> String {
    let params = json!({ "media": "", "features": [{ "name": "prefers-color-scheme", "value": theme.name() }] });
    b.cmd(Method::POST, "/goog/cdp/execute", Some(json!({ "cmd": "Emulation.setEmulatedMedia", "params": params }))).await;
    let want_dark = theme == Theme::Dark;
    let background = b
        .until(&format!("prefers-color-scheme: {} to apply", theme.name()), async |b| {
            let v = b.exec(BACKGROUND).await;
            (v[0] == json!(want_dark)).then(|| v[1].as_str().unwrap_or("").to_string())
        })
        .await;
    b.settle().await;
    background
}

/// Sets the window's size and waits until the page's viewport has followed.
pub async fn set_window(b: &Browser, width: i64, height: i64) {
    b.cmd(Method::POST, "/window/rect", Some(json!({ "width": width, "height": height }))).await;
    b.until(&format!("a {width} px wide viewport"), async |b| (b.exec("return window.innerWidth").await.as_i64() == Some(width)).then_some(())).await;
    b.settle().await;
}

/// scrollWidth against innerWidth and clientWidth (the viewport less a classic scrollbar), and what
/// sticks out: the deepest elements whose box or visible overflow ends past the viewport's right edge
/// and that no scrolling ancestor clips, each with its nearest ancestors. A scroller clips an
/// absolutely positioned element only when it is, or holds, the element's containing block: an
/// absolute element with no positioned ancestor escapes every scroller.
const MEASURE: &str = "const w = document.documentElement.clientWidth, out = [];\
    const style = e => getComputedStyle(e);\
    const scrolls = p => style(p).overflowX !== 'visible';\
    const clipped = e => {\
      const pos = style(e).position;\
      if (pos === 'fixed') return false;\
      const p = pos === 'absolute' ? e.offsetParent : e.parentElement;\
      return !!p && p !== document.body && (scrolls(p) || clipped(p));\
    };\
    const right = e => { const r = e.getBoundingClientRect(); return Math.max(r.right, scrolls(e) ? r.right : r.left + e.scrollWidth); };\
    const past = e => right(e) > w + 0.5;\
    const name = e => {\
      const pos = style(e).position, cb = e.offsetParent;\
      return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.dataset && e.dataset.testid ? '[data-testid=' + e.dataset.testid + ']' : '')\
        + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '')\
        + (pos === 'absolute' || pos === 'fixed' ? '{position: ' + pos + '; containing block ' + (cb && cb !== document.body ? cb.tagName.toLowerCase() + (cb.className ? '.' + cb.className : '') : 'the page: no positioned ancestor') + '}' : '');\
    };\
    const path = e => { const names = []; for (let p = e; p && p !== document.body && names.length < 4; p = p.parentElement) names.unshift(name(p)); return names.join(' > '); };\
    const seen = new Map();\
    for (const e of document.body.querySelectorAll('*')) {\
      if (!past(e) || clipped(e) || (!scrolls(e) && [...e.children].some(past))) continue;\
      const key = path(e), edge = Math.round(right(e)), was = seen.get(key);\
      seen.set(key, was ? { n: was.n + 1, edge: Math.max(was.edge, edge) } : { n: 1, edge });\
    }\
    for (const [key, { n, edge }] of seen) if (out.length < 8) out.push(key + ' (' + n + (n === 1 ? ' element' : ' elements') + ', right edge up to ' + edge + ' px)');\
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, clientWidth: w, culprits: out };";

/// Hides classic scrollbars, as a phone's are (overlay): the viewport is then the whole window.
pub async fn hide_scrollbars(b: &Browser, hidden: bool) {
    b.cmd(Method::POST, "/goog/cdp/execute", Some(json!({ "cmd": "Emulation.setScrollbarsHidden", "params": { "hidden": hidden } }))).await;
}

pub async fn measure_width(b: &Browser) -> Width {
    let v = b.exec(MEASURE).await;
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("the width probe answered an unexpected shape ({e}): {v}"))
}

/// `RUNNERDECK_SCREENSHOTS=docs/screenshots` (relative to the repository) turns screenshots on.
pub fn screenshot_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("RUNNERDECK_SCREENSHOTS").filter(|d| !d.is_empty())?;
    let dir = PathBuf::from(dir);
    Some(if dir.is_absolute() { dir } else { PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(dir) })
}

/// Saves the viewport as a PNG, once the page has settled.
pub async fn screenshot(b: &Browser, dir: &std::path::Path, name: &str) {
    // Two frames: the last state change is painted, and the focus ring of a just-opened dialog too.
    b.settle().await;
    let encoded = b.cmd(Method::GET, "/screenshot", None).await;
    let png = base64_decode(encoded.as_str().unwrap_or_default()).unwrap_or_else(|| panic!("the screenshot for {name} is not base64"));
    assert!(png.starts_with(b"\x89PNG"), "the screenshot for {name} is not a PNG");
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("cannot create {} ({e})", dir.display()));
    let path = dir.join(name);
    std::fs::write(&path, png).unwrap_or_else(|e| panic!("cannot write {} ({e})", path.display()));
    eprintln!("screenshot: {}", path.display());
}

/// Standard base64 (what WebDriver's screenshot answers), padding optional.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace() && *c != b'=') {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Presses Tab as a keyboard user would (WebDriver key actions, so focus moves natively).
pub async fn press_tab(b: &Browser) {
    let tab = "\u{E004}";
    b.cmd(Method::POST, "/actions", Some(json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": [{ "type": "keyDown", "value": tab }, { "type": "keyUp", "value": tab }] }] }))).await;
}

/// Whether the first match of `css` is rendered and not hidden.
pub async fn visible(b: &Browser, css: &str) -> bool {
    b.exec(&format!("const e = document.querySelector('{css}'); return !!e && e.checkVisibility()")).await == json!(true)
}
