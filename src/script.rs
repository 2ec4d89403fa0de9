//! The ready-to-paste runner setup scripts and the token countdown. Pure.
use crate::github::models::RunnerApplication;

/// What the add-runner form asks for, beyond the token.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SetupOptions {
    pub name: String,
    pub labels: Vec<String>,
    pub runner_group: String,
    pub ephemeral: bool,
    pub unattended: bool,
    /// Install as a service (Linux and macOS `svc.sh`, Windows `--runasservice`) instead of `run`.
    pub service: bool,
}

/// Quotes for a POSIX shell: single quotes, with `'` spelled `'\''`.
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// Quotes for PowerShell: single quotes, with `'` doubled.
pub fn ps_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn is_windows(app: &RunnerApplication) -> bool {
    app.os.eq_ignore_ascii_case("win") || app.filename.ends_with(".zip")
}

/// The whole script: make a folder, download, check the SHA-256 when GitHub gives one, unpack,
/// configure against `config_url` with `token`, then run (or install the service).
pub fn setup_script(app: &RunnerApplication, config_url: &str, token: &str, o: &SetupOptions) -> String {
    let windows = is_windows(app);
    let q = if windows { ps_quote } else { sh_quote };
    let mut config = vec![format!("--url {}", q(config_url)), format!("--token {}", q(token))];
    if !o.name.trim().is_empty() {
        config.push(format!("--name {}", q(o.name.trim())));
    }
    if !o.labels.is_empty() {
        config.push(format!("--labels {}", q(&o.labels.join(","))));
    }
    if !o.runner_group.trim().is_empty() {
        config.push(format!("--runnergroup {}", q(o.runner_group.trim())));
    }
    if o.ephemeral {
        config.push("--ephemeral".into());
    }
    if o.unattended {
        config.push("--unattended".into());
    }
    let mut lines = Vec::new();
    if windows {
        lines.push("mkdir actions-runner; cd actions-runner".to_string());
        lines.push(format!("Invoke-WebRequest -Uri {} -OutFile {}", ps_quote(&app.download_url), ps_quote(&app.filename)));
        if let Some(sha) = &app.sha256_checksum {
            lines.push(format!("if ((Get-FileHash -Path {} -Algorithm SHA256).Hash.ToUpper() -ne {}.ToUpper()) {{ throw 'Computed checksum did not match' }}", ps_quote(&app.filename), ps_quote(sha)));
        }
        lines.push(format!("Expand-Archive -Path {} -DestinationPath .", ps_quote(&app.filename)));
        if o.service {
            config.push("--runasservice".into());
        }
        lines.push(format!("./config.cmd {}", config.join(" ")));
        if !o.service {
            lines.push("./run.cmd".into());
        }
    } else {
        lines.push("mkdir actions-runner && cd actions-runner".to_string());
        lines.push(format!("curl -o {} -L {}", sh_quote(&app.filename), sh_quote(&app.download_url)));
        if let Some(sha) = &app.sha256_checksum {
            lines.push(format!("echo {}  | shasum -a 256 -c", sh_quote(&format!("{sha}  {}", app.filename))));
        }
        lines.push(format!("tar xzf {}", sh_quote(&app.filename)));
        lines.push(format!("./config.sh {}", config.join(" ")));
        if o.service {
            lines.push("sudo ./svc.sh install && sudo ./svc.sh start".into());
        } else {
            lines.push("./run.sh".into());
        }
    }
    lines.join("\n")
}

pub fn remove_command(windows: bool, token: &str) -> String {
    if windows {
        format!("./config.cmd remove --token {}", ps_quote(token))
    } else {
        format!("./config.sh remove --token {}", sh_quote(token))
    }
}

pub fn jit_command(windows: bool, encoded: &str) -> String {
    if windows {
        format!("./run.cmd --jitconfig {}", ps_quote(encoded))
    } else {
        format!("./run.sh --jitconfig {}", sh_quote(encoded))
    }
}

/// Parses GitHub's `2026-11-21T23:14:10Z` (or with an offset or fraction) to Unix seconds.
pub fn parse_timestamp(s: &str) -> Option<i64> {
    let b = s.trim().as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || (b[10] != b'T' && b[10] != b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| std::str::from_utf8(&b[r]).ok()?.parse::<i64>().ok();
    let (y, mo, d, h, mi, sec) = (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut rest = &s.trim()[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        rest = frac.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let offset = match rest {
        "" | "Z" | "z" => 0,
        tz if tz.len() == 6 && (tz.starts_with('+') || tz.starts_with('-')) => {
            let sign = if tz.starts_with('-') { -1 } else { 1 };
            let oh: i64 = tz[1..3].parse().ok()?;
            let om: i64 = tz[4..6].parse().ok()?;
            sign * (oh * 3600 + om * 60)
        }
        _ => return None,
    };
    // Days from civil (Howard Hinnant).
    let y2 = if mo <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * (if mo > 2 { mo - 3 } else { mo + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + h * 3600 + mi * 60 + sec - offset)
}

/// "expires in 59:12", or "expired".
pub fn countdown(expires_at: i64, now: i64) -> String {
    let left = expires_at - now;
    if left <= 0 {
        return "expired".into();
    }
    if left >= 3600 {
        format!("expires in {}:{:02}:{:02}", left / 3600, left / 60 % 60, left % 60)
    } else {
        format!("expires in {}:{:02}", left / 60, left % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linux() -> RunnerApplication {
        RunnerApplication {
            os: "linux".into(),
            architecture: "x64".into(),
            download_url: "https://github.com/actions/runner/releases/download/v2.329.0/actions-runner-linux-x64-2.329.0.tar.gz".into(),
            filename: "actions-runner-linux-x64-2.329.0.tar.gz".into(),
            temp_download_token: None,
            sha256_checksum: Some("abc123".into()),
        }
    }

    #[test]
    fn the_linux_script_is_complete_and_quoted() {
        let o = SetupOptions { name: "it's-me".into(), labels: vec!["gpu".into(), "x64".into()], runner_group: "build".into(), ephemeral: true, unattended: true, service: false };
        let s = setup_script(&linux(), "https://ghe.example.com/acme", "TOKEN123", &o);
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[0], "mkdir actions-runner && cd actions-runner");
        assert_eq!(lines[1], "curl -o 'actions-runner-linux-x64-2.329.0.tar.gz' -L 'https://github.com/actions/runner/releases/download/v2.329.0/actions-runner-linux-x64-2.329.0.tar.gz'");
        assert_eq!(lines[2], "echo 'abc123  actions-runner-linux-x64-2.329.0.tar.gz'  | shasum -a 256 -c");
        assert_eq!(lines[3], "tar xzf 'actions-runner-linux-x64-2.329.0.tar.gz'");
        assert_eq!(lines[4], r"./config.sh --url 'https://ghe.example.com/acme' --token 'TOKEN123' --name 'it'\''s-me' --labels 'gpu,x64' --runnergroup 'build' --ephemeral --unattended");
        assert_eq!(lines[5], "./run.sh");
        let svc = setup_script(&RunnerApplication { sha256_checksum: None, ..linux() }, "u", "t", &SetupOptions { service: true, ..Default::default() });
        assert!(!svc.contains("shasum"), "no checksum line without a checksum");
        assert!(svc.ends_with("sudo ./svc.sh install && sudo ./svc.sh start"));
    }

    #[test]
    fn the_windows_script_uses_powershell() {
        let win = RunnerApplication { os: "win".into(), filename: "actions-runner-win-x64-2.329.0.zip".into(), download_url: "https://x/r.zip".into(), ..linux() };
        let s = setup_script(&win, "https://github.com/o/r", "T", &SetupOptions::default());
        assert!(s.contains("Invoke-WebRequest -Uri 'https://x/r.zip' -OutFile 'actions-runner-win-x64-2.329.0.zip'"));
        assert!(s.contains("Get-FileHash"));
        assert!(s.contains("Expand-Archive -Path 'actions-runner-win-x64-2.329.0.zip' -DestinationPath ."));
        assert!(s.contains("./config.cmd --url 'https://github.com/o/r' --token 'T'"));
        assert!(s.ends_with("./run.cmd"));
        assert_eq!(remove_command(true, "R"), "./config.cmd remove --token 'R'");
        assert_eq!(remove_command(false, "R"), "./config.sh remove --token 'R'");
        assert_eq!(jit_command(false, "abc="), "./run.sh --jitconfig 'abc='");
    }

    #[test]
    fn timestamps_and_countdowns() {
        assert_eq!(parse_timestamp("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_timestamp("2023-11-14T22:13:20Z"), Some(1_700_000_000));
        assert_eq!(parse_timestamp("2023-11-14T23:13:20.123+01:00"), Some(1_700_000_000));
        assert_eq!(parse_timestamp("yesterday"), None);
        assert_eq!(parse_timestamp("2023-13-14T22:13:20Z"), None);
        assert_eq!(countdown(3552, 0), "expires in 59:12");
        assert_eq!(countdown(3600, 0), "expires in 1:00:00");
        assert_eq!(countdown(5, 10), "expired");
    }
}
