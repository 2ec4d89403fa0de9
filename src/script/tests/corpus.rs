//! Hostile values for every field a script embeds, and what each shell must do with them, stated
//! independently of the generator.
use crate::github::models::RunnerApplication;
use crate::script::{Field, SetupOptions};

/// Every quote kind, expansions, separators, globs, escapes, whitespace, control characters,
/// bidirectional controls, non-ASCII, option look-alikes and long values.
pub fn hostile() -> Vec<String> {
    let mut v: Vec<String> = [
        // quotes: ASCII, backtick, PowerShell's four typographic single quotes, and double ones
        "it's",
        "'",
        "''",
        "a\"b",
        "a`b",
        "‘x’",
        "x’; Start-Process calc; ’",
        "‚low‛",
        "a‛b‚c",
        "“double” „low“",
        "'; touch pwned; '",
        "\"; touch pwned; \"",
        // expansions
        "$(touch pwned)",
        "${HOME}",
        "$HOME",
        "`touch pwned`",
        "$(calc)",
        "$env:USERPROFILE",
        "@(1)",
        // separators, operators and redirections
        "a;b",
        "a&b",
        "a&calc",
        "a&&b",
        "a|b",
        "b\"|calc",
        "b\" |calc",
        "a||b",
        "a<b",
        "a>b",
        "a>>pwned",
        "a)&calc",
        "(a)",
        // globs, home, comments, history, cmd's own
        "*",
        "?",
        "[ab]",
        "~",
        "~root",
        "#comment",
        "a #b",
        "!",
        "!!",
        "!x!",
        "%PATH%",
        "%",
        "^x",
        "a^",
        // whitespace
        "a b",
        " lead",
        "trail ",
        "a\tb",
        "a\u{a0}b",
        "a\u{3000}b",
        // line breaks, NUL, ESC (one ends a bracketed paste), DEL, C1 controls
        "a\nb",
        "a\r\nb",
        "a\rb",
        "a\0b",
        "a\u{1b}b",
        "\u{1b}[201~touch pwned",
        "a\u{7f}b",
        "a\u{85}b",
        "a\u{9b}b",
        "a\u{2028}b",
        // bidirectional controls
        "a\u{202e}b",
        "a\u{202a}b",
        "a\u{2066}b",
        "a\u{2069}b",
        "a\u{200e}b",
        "a\u{200f}b",
        "a\u{61c}b",
        // non-ASCII
        "日本語",
        "😀-runner",
        "é",
        "e\u{301}",
        "Ω≈ç√",
        // backslashes
        "a\\b",
        "a\\",
        "a\\\"b",
        "\\\\server\\share",
        // option look-alikes
        "-x",
        "--replace",
        "--token=x",
        "-",
        // commas (labels)
        "a,b",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    v.push("x".repeat(300));
    v.push("'".repeat(300));
    v.push("’".repeat(150) + &"$(touch pwned)".repeat(10));
    v.push(format!("{}&{}", "a".repeat(150), "b".repeat(149)));
    v
}

/// The fields a test puts a hostile value in.
pub const FIELDS: [Field; 4] = [Field::RunnerName, Field::Labels, Field::RunnerGroup, Field::Token];

/// What no shell can be given: line breaks, NUL, control and bidirectional characters, values the
/// runner would read as options, and empty ones.
pub fn refused_everywhere(field: Field, v: &str) -> bool {
    let bidi = |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}');
    v.is_empty() || v.starts_with('-') || v.chars().any(|c| c.is_control() || bidi(c) || c == '\u{2028}' || c == '\u{2029}') || (field == Field::Labels && v.contains(','))
}

/// What cmd.exe cannot be given as well: its metacharacters, and a trailing backslash.
pub fn refused_on_windows(field: Field, v: &str) -> bool {
    refused_everywhere(field, v) || v.chars().any(|c| "&|<>^%!\"()".contains(c)) || v.ends_with('\\')
}

pub const SHA: &str = "6f1c0e2a9d3b4c5e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6";
pub const URL: &str = "https://github.com/actions/runner/releases/download/v2.329.0/actions-runner-linux-x64-2.329.0.tar.gz";
pub const CONFIG_URL: &str = "https://ghe.example.com/acme";

pub fn linux() -> RunnerApplication {
    RunnerApplication {
        os: "linux".into(),
        architecture: "x64".into(),
        download_url: URL.into(),
        filename: "actions-runner-linux-x64-2.329.0.tar.gz".into(),
        temp_download_token: None,
        sha256_checksum: Some(SHA.into()),
    }
}

pub fn windows() -> RunnerApplication {
    RunnerApplication { os: "win".into(), filename: "actions-runner-win-x64-2.329.0.zip".into(), download_url: "https://x.example/r.zip".into(), ..linux() }
}

/// Benign values everywhere, with `value` in `field`. Returns the options and the token.
pub fn with_value(field: Field, value: &str) -> (SetupOptions, String) {
    let mut o = SetupOptions { name: "box-1".into(), labels: vec!["gpu".into()], runner_group: "build".into(), ephemeral: false, unattended: true, service: false };
    let mut token = "AABBCCDDTOKEN".to_string();
    match field {
        Field::RunnerName => o.name = value.into(),
        Field::Labels => o.labels = vec![value.into()],
        Field::RunnerGroup => o.runner_group = value.into(),
        Field::Token => token = value.into(),
        other => unreachable!("no hostile values for {other:?}"),
    }
    (o, token)
}

/// The arguments `config.sh`/`config.cmd` must receive, one value each, intact.
pub fn expected_config_args(o: &SetupOptions, token: &str) -> Vec<String> {
    let mut a = vec!["--url".to_string(), CONFIG_URL.into(), "--token".into(), token.into()];
    if !o.name.is_empty() {
        a.extend(["--name".to_string(), o.name.clone()]);
    }
    if !o.labels.is_empty() {
        a.extend(["--labels".to_string(), o.labels.join(",")]);
    }
    if !o.runner_group.is_empty() {
        a.extend(["--runnergroup".to_string(), o.runner_group.clone()]);
    }
    if o.ephemeral {
        a.push("--ephemeral".into());
    }
    if o.unattended {
        a.push("--unattended".into());
    }
    a
}
