//! The walker: one browser on the release build and a sandbox, and what it does at each stop (axe in
//! both colour schemes, or the width at 390 px, and the screenshots asked for).
use std::sync::Arc;

use serde_json::json;

use super::report::AxeView;
use super::*;
use crate::common;
use crate::csp::browser::Browser;
use crate::csp::site::{load_site, start_site};

pub const DESKTOP: (i64, i64) = (1280, 900);
pub const PHONE: (i64, i64) = (390, 844);

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// axe in both colour schemes at desktop width.
    Axe,
    /// scrollWidth at 390 px.
    Narrow,
}

/// A screenshot to take at a stop, in the view it names.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Shot {
    Light(&'static str),
    Dark(&'static str),
    Narrow(&'static str),
}

pub struct Walk {
    pub b: Browser,
    pub site: String,
    pub mode: Mode,
    pub axe: String,
    pub shots: Option<std::path::PathBuf>,
    pub axe_views: Vec<AxeView>,
    pub widths: Vec<(String, Width)>,
}

impl Walk {
    pub async fn start(mode: Mode) -> (Walk, common::Harness) {
        // Read first: a missing axe-core fails before anything starts.
        let axe = if mode == Mode::Axe { axe_source() } else { String::new() };
        let site = Arc::new(load_site());
        let sandbox = common::Harness::start().await;
        let origin = start_site(site).await;
        let b = Browser::start().await;
        allow_long_scripts(&b).await;
        // Overlay scrollbars, as on a phone: the viewport is the whole window, and screenshots are clean.
        hide_scrollbars(&b, true).await;
        set_window(&b, DESKTOP.0, DESKTOP.1).await;
        let w = Walk { b, site: origin, mode, axe, shots: screenshot_dir(), axe_views: Vec::new(), widths: Vec::new() };
        (w, sandbox)
    }

    pub async fn visit(&mut self, path: &str) {
        self.b.goto(&format!("{}{path}", self.site)).await;
    }

    /// Checks what is on screen now, as `page`, and takes the screenshots asked for.
    pub async fn check(&mut self, page: &str, shots: &[Shot]) {
        match self.mode {
            Mode::Axe => {
                for theme in [Theme::Light, Theme::Dark] {
                    let background = set_theme(&self.b, theme).await;
                    let AxeResults { violations, incomplete } = run_axe(&self.b, &self.axe).await;
                    let count = |impact: &str| violations.iter().filter(|v| v.impact == impact).count();
                    let review = if incomplete.is_empty() { String::new() } else { format!("; needs review: {}", incomplete.join(", ")) };
                    eprintln!(
                        "axe: {page} [{}, background {background}]: critical {}, serious {}, moderate {}, minor {}{review}",
                        theme.name(),
                        count("critical"),
                        count("serious"),
                        count("moderate"),
                        count("minor")
                    );
                    for shot in shots {
                        match (shot, theme) {
                            (Shot::Light(name), Theme::Light) | (Shot::Dark(name), Theme::Dark) => self.shot(name).await,
                            _ => {}
                        }
                    }
                    self.axe_views.push(AxeView { page: page.to_string(), theme, background, violations });
                }
                set_theme(&self.b, Theme::Light).await;
            }
            Mode::Narrow => {
                set_window(&self.b, PHONE.0, PHONE.1).await;
                let width = measure_width(&self.b).await;
                let verdict = if width.fits() { "fits" } else { "SCROLLS SIDEWAYS" };
                eprintln!("390px: {page}: scrollWidth {} / innerWidth {} (clientWidth {}): {verdict}", width.scroll_width, width.inner_width, width.client_width);
                for shot in shots {
                    if let Shot::Narrow(name) = shot {
                        self.shot(name).await;
                    }
                }
                self.widths.push((page.to_string(), width));
                set_window(&self.b, DESKTOP.0, DESKTOP.1).await;
            }
        }
    }

    pub async fn shot(&self, name: &str) {
        if let Some(dir) = &self.shots {
            screenshot(&self.b, dir, name).await;
        }
    }

    /// axe really runs, and sees the scheme in force: an image without alt text fails in both
    /// schemes, and near-black text only in the dark one. The probes go before anything is recorded.
    pub async fn negative_control(&mut self) {
        self.b
            .exec(
                "const img = document.createElement('img'); img.id = 'a11y-probe-img'; img.width = 8; img.height = 8; document.body.appendChild(img);\
            const p = document.createElement('p'); p.id = 'a11y-probe-text'; p.textContent = 'near-black text'; p.style.color = 'rgb(30, 35, 40)'; document.body.appendChild(p);",
            )
            .await;
        for theme in [Theme::Light, Theme::Dark] {
            set_theme(&self.b, theme).await;
            let found = run_axe(&self.b, &self.axe).await.violations;
            let on = |id: &str, probe: &str| found.iter().any(|v| v.id == id && v.nodes.iter().any(|n| n.html.contains(probe)));
            assert!(on("image-alt", "a11y-probe-img"), "negative control [{}]: axe did not report an <img> without alt text: {found:#?}", theme.name());
            let contrast = on("color-contrast", "a11y-probe-text");
            assert_eq!(contrast, theme == Theme::Dark, "negative control [{}]: near-black text on the page's background: axe's color-contrast verdict was {contrast}", theme.name());
        }
        self.b.exec("document.getElementById('a11y-probe-img').remove(); document.getElementById('a11y-probe-text').remove();").await;
        set_theme(&self.b, Theme::Light).await;
        eprintln!("axe: negative control passed (image-alt in both schemes, color-contrast in dark only)");
    }

    /// Opens `opener`'s confirm dialog, checks it as `page`, and cancels it.
    pub async fn check_dialog(&mut self, opener: &str, page: &str, shots: &[Shot]) {
        self.open_dialog(opener).await;
        self.check(page, shots).await;
        self.close_dialog().await;
    }

    /// Clicks `opener` and waits for its confirm dialog to be open as a modal.
    pub async fn open_dialog(&mut self, opener: &str) {
        self.b.click(opener).await;
        self.b
            .until("the confirm dialog to open as a modal", async |b| {
                (b.exec("const d = document.querySelector('[data-testid=dialog]'); return !!d && d.open && d.matches(':modal')").await == json!(true)).then_some(())
            })
            .await;
    }

    /// Cancels the open confirm dialog.
    pub async fn close_dialog(&mut self) {
        self.b.click("[data-testid=dialog-cancel]").await;
        self.b.wait_gone("[data-testid=dialog]").await;
    }
}
