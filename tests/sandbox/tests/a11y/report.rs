//! What the a11y walk prints: every failure with what a person fixing it needs, and the rest briefly.
use super::{Theme, Violation, Width};

/// axe's verdict on one page in one colour scheme.
pub struct AxeView {
    pub page: String,
    pub theme: Theme,
    pub background: String,
    pub violations: Vec<Violation>,
}

/// Prints each serious or critical violation with its nodes (selector, html, axe's summary), then the
/// moderate and minor ones in a line each; gives the number of serious or critical ones.
pub fn report_axe(views: &[AxeView]) -> usize {
    let mut serious = 0;
    for view in views {
        for v in view.violations.iter().filter(|v| v.serious()) {
            serious += 1;
            eprintln!("\nVIOLATION on {} [{}]: {} ({}): {}", view.page, view.theme.name(), v.id, v.impact, v.help);
            for node in &v.nodes {
                eprintln!("  at {}\n     {}", node.target_text(), node.html);
                for line in node.summary.lines() {
                    eprintln!("     | {line}");
                }
            }
        }
    }
    for view in views {
        for v in view.violations.iter().filter(|v| !v.serious()) {
            let targets: Vec<String> = v.nodes.iter().map(|n| n.target_text()).collect();
            eprintln!("not asserted ({}): {} [{}]: {}: {} at {}", v.impact, view.page, view.theme.name(), v.id, v.help, targets.join(", "));
        }
    }
    eprintln!("\naxe: {} views ({} pages × light and dark), {serious} serious or critical violations", views.len(), views.len() / 2);
    serious
}

/// Prints each page that scrolls sideways with what sticks out; gives their number.
pub fn report_widths(widths: &[(String, Width)]) -> usize {
    let wide: Vec<&(String, Width)> = widths.iter().filter(|(_, w)| !w.fits()).collect();
    for (page, width) in &wide {
        eprintln!("\nTOO WIDE at 390 px: {page}: scrollWidth {} > innerWidth {} (clientWidth {})", width.scroll_width, width.inner_width, width.client_width);
        for culprit in &width.culprits {
            eprintln!("  sticks out: {culprit}");
        }
    }
    eprintln!("\n390px: {} pages, {} scroll sideways", widths.len(), wide.len());
    wide.len()
}
