//! The console's colours are readable: every text/background pair style/main.css uses meets WCAG AA
//! in the light and the dark palette. Lives here because this crate is the workspace's native test bed.
use std::collections::BTreeMap;

const CSS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../style/main.css"));

/// WCAG 2.x AA: 4.5:1 for text, 3:1 for the boundary of a control or a focus ring (1.4.11).
const TEXT: f64 = 4.5;
const UI: f64 = 3.0;

/// (foreground, background, minimum, where the stylesheet puts them together).
const PAIRS: &[(&str, &str, f64, &str)] = &[
    ("--text", "--bg", TEXT, "body, inputs, pre.command, hovered rows"),
    ("--text", "--panel", TEXT, "panels, header, tabs, table headings, dialogs"),
    ("--text", "--chip", TEXT, "custom label chips, a changed row's flash"),
    ("--muted", "--panel", TEXT, "hints, fact names, counts, offline status, badges"),
    ("--muted", "--bg", TEXT, "hints inside inset panels, offline status on a hovered row"),
    ("--muted", "--chip-ro", TEXT, "read-only label chips"),
    ("--accent", "--panel", TEXT, "links, the current tab, the jobs indicator"),
    ("--accent", "--bg", TEXT, "links in inset panels and on hovered rows"),
    ("--accent", "--chip", TEXT, "a runner's link during a changed row's flash"),
    ("--accent-text", "--accent", TEXT, "primary buttons"),
    ("--danger", "--panel", TEXT, "errors, danger buttons, removed diff lines"),
    ("--danger", "--bg", TEXT, "errors inside inset panels"),
    ("--danger", "--chip", TEXT, "the × that removes a label"),
    ("--danger-text", "--danger", TEXT, "destructive confirm buttons"),
    ("--ok", "--panel", TEXT, "success messages, idle status, online, added diff lines"),
    ("--ok", "--bg", TEXT, "success in inset panels, idle status on a hovered row"),
    ("--warn", "--panel", TEXT, "warnings, active status"),
    ("--warn", "--bg", TEXT, "warnings in inset panels, active status on a hovered row"),
    ("--focus", "--panel", UI, "focus ring on a panel"),
    ("--focus", "--bg", UI, "focus ring on the page and inset panels"),
    ("--focus", "--chip", UI, "focus ring on a label's remove button"),
    ("--control-border", "--bg", UI, "an input's border against its own fill"),
    ("--control-border", "--panel", UI, "an input's border against the panel around it"),
];

/// The custom properties of the first `{ ... }` block that follows `selector` from `from` on.
fn block<'a>(css: &'a str, from: usize, selector: &str) -> Option<(&'a str, usize)> {
    let start = from + css[from..].find(selector)?;
    let open = start + css[start..].find('{')? + 1;
    let close = open + css[open..].find('}')?;
    Some((&css[open..close], close))
}

fn hex_colours(body: &str) -> BTreeMap<String, [u8; 3]> {
    body.split(';')
        .filter_map(|decl| {
            let (name, value) = decl.split_once(':')?;
            let name = name.trim();
            let hex = value.trim().strip_prefix('#')?;
            name.starts_with("--").then(|| (name.to_string(), parse_hex(hex).unwrap_or_else(|| panic!("{name}: #{hex} is not a hex colour"))))
        })
        .collect()
}

fn parse_hex(hex: &str) -> Option<[u8; 3]> {
    let digits: Vec<u8> = hex.chars().map(|c| c.to_digit(16).map(|d| d as u8)).collect::<Option<_>>()?;
    match digits[..] {
        [r, g, b] => Some([r * 17, g * 17, b * 17]),
        [r1, r0, g1, g0, b1, b0] => Some([r1 * 16 + r0, g1 * 16 + g0, b1 * 16 + b0]),
        _ => None,
    }
}

fn without_comments(css: &str) -> String {
    let mut out = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start..].find("*/").map_or("", |end| &rest[start + end + 2..]);
    }
    out + rest
}

/// The light palette (the top-level `:root`) and the dark one (`:root` inside the dark media query).
fn palettes() -> (BTreeMap<String, [u8; 3]>, BTreeMap<String, [u8; 3]>) {
    let css = without_comments(CSS);
    let (light, _) = block(&css, 0, ":root").expect("a :root block");
    let media = css.find("@media (prefers-color-scheme: dark)").expect("a dark palette");
    let (dark, _) = block(&css, media, ":root").expect("a :root block in the dark media query");
    (hex_colours(light), hex_colours(dark))
}

fn luminance([r, g, b]: [u8; 3]) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
fn contrast_meets_wcag_aa_in_both_palettes() {
    let (light, dark) = palettes();
    let mut failures = Vec::new();
    for (theme, palette) in [("light", &light), ("dark", &dark)] {
        for &(fg, bg, min, used) in PAIRS {
            let colour = |name: &str| *palette.get(name).unwrap_or_else(|| panic!("{theme} palette has no {name}"));
            let ratio = contrast(colour(fg), colour(bg));
            // Rounded down, so a printed 4.5 never hides a 4.49.
            let shown = (ratio * 100.0).floor() / 100.0;
            let verdict = if ratio >= min { "ok" } else { "FAILS" };
            println!("{theme} {fg} on {bg}: {shown:.2}:1 (needs {min}:1, {used}) {verdict}");
            if ratio < min {
                failures.push(format!("{theme} {fg} on {bg}: {shown:.2}:1 < {min}:1 ({used})"));
            }
        }
    }
    assert!(failures.is_empty(), "colour pairs below WCAG AA:\n{}", failures.join("\n"));
}

#[test]
fn dark_palette_defines_every_light_colour() {
    let (light, dark) = palettes();
    assert!(light.len() >= 10, "the light palette parsed to only {light:?}");
    let missing: Vec<&String> = light.keys().filter(|k| !dark.contains_key(*k)).collect();
    assert!(missing.is_empty(), "the dark palette leaves these at their light value: {missing:?}");
}

#[test]
fn parser_reads_short_and_long_hex() {
    assert_eq!(parse_hex("fff"), Some([255, 255, 255]));
    assert_eq!(parse_hex("0969da"), Some([0x09, 0x69, 0xda]));
    assert_eq!(parse_hex("09g9da"), None);
    assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
}
