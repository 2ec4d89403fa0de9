//! The scripts' text, the refusals and their messages; the shells' own tests live beside.
mod corpus;
mod powershell;
mod time;

mod cmd;

#[cfg(not(target_arch = "wasm32"))]
mod bash;

use super::*;
use corpus::*;

#[test]
fn the_linux_script_is_complete_quoted_and_fails_closed() {
    let o = SetupOptions { name: "it's-me".into(), labels: vec!["gpu".into(), "x64".into()], runner_group: "build".into(), ephemeral: true, unattended: true, service: false };
    let s = setup_script(&linux(), CONFIG_URL, "TOKEN123", &o).unwrap();
    let expected = [
        "(",
        "set -euo pipefail",
        "mkdir -p actions-runner",
        "cd actions-runner",
        &format!("curl --fail -L -o 'actions-runner-linux-x64-2.329.0.tar.gz' --url '{URL}'"),
        &format!("echo '{SHA}  actions-runner-linux-x64-2.329.0.tar.gz' | shasum -a 256 -c"),
        "tar xzf 'actions-runner-linux-x64-2.329.0.tar.gz'",
        r"./config.sh --url 'https://ghe.example.com/acme' --token 'TOKEN123' --name 'it'\''s-me' --labels 'gpu,x64' --runnergroup 'build' --ephemeral --unattended",
        "./run.sh",
        ")",
    ];
    assert_eq!(s.lines().collect::<Vec<_>>(), expected);
    let svc = setup_script(&RunnerApplication { sha256_checksum: None, ..linux() }, CONFIG_URL, "t", &SetupOptions { service: true, ..Default::default() }).unwrap();
    assert!(!svc.contains("shasum"), "no checksum line without a checksum");
    assert!(svc.ends_with("sudo ./svc.sh install && sudo ./svc.sh start\n)"), "{svc}");
}

#[test]
fn macos_installs_the_service_without_sudo() {
    let mac = RunnerApplication { os: "osx".into(), filename: "actions-runner-osx-arm64-2.329.0.tar.gz".into(), ..linux() };
    let s = setup_script(&mac, CONFIG_URL, "t", &SetupOptions { service: true, ..Default::default() }).unwrap();
    assert!(s.ends_with("\n./svc.sh install && ./svc.sh start\n)"), "{s}");
    assert!(!s.contains("sudo"), "svc.sh refuses sudo on macOS: {s}");
}

#[test]
fn the_windows_script_uses_powershell_and_fails_closed() {
    let s = setup_script(&windows(), "https://github.com/o/r", "T", &SetupOptions::default()).unwrap();
    let lines: Vec<&str> = s.lines().collect();
    assert_eq!(lines[..3], ["& {", "$ErrorActionPreference = 'Stop'", "$ProgressPreference = 'SilentlyContinue'"]);
    assert_eq!(lines[3], "New-Item -ItemType Directory -Force -Path 'actions-runner' | Out-Null");
    assert_eq!(lines[4], "Set-Location -LiteralPath 'actions-runner'");
    assert_eq!(lines[5], "Invoke-WebRequest -UseBasicParsing -Uri 'https://x.example/r.zip' -OutFile 'actions-runner-win-x64-2.329.0.zip'");
    let check = lines.iter().position(|l| l.contains("Get-FileHash")).unwrap();
    let expand = lines.iter().position(|l| l.starts_with("Expand-Archive")).unwrap();
    assert!(check < expand, "the checksum is checked before unpacking");
    assert!(lines[check].contains(&format!("-ne '{}') {{ throw ", SHA.to_ascii_uppercase())), "{}", lines[check]);
    assert_eq!(lines[expand], "Expand-Archive -LiteralPath 'actions-runner-win-x64-2.329.0.zip' -DestinationPath .");
    assert_eq!(lines[expand + 1], "./config.cmd --url 'https://github.com/o/r' --token 'T'");
    assert_eq!(lines[expand + 2], "if ($LASTEXITCODE -ne 0) { throw 'config.cmd failed' }");
    assert_eq!(lines[expand + 3..], ["./run.cmd", "}"]);
    let svc = setup_script(&windows(), "https://github.com/o/r", "T", &SetupOptions { service: true, ..Default::default() }).unwrap();
    assert!(svc.contains("--token 'T' --runasservice\n") && !svc.contains("run.cmd"), "{svc}");
}

#[test]
fn remove_and_jit_commands() {
    assert_eq!(remove_command(true, "R").unwrap(), "./config.cmd remove --token 'R'");
    assert_eq!(remove_command(false, "R").unwrap(), "./config.sh remove --token 'R'");
    assert_eq!(jit_command(false, "abc=").unwrap(), "./run.sh --jitconfig 'abc='");
    assert_eq!(jit_command(true, "ab+/c=").unwrap(), "./run.cmd --jitconfig 'ab+/c='");
    assert_eq!(remove_command(true, "a&b").unwrap_err().to_string(), "The token contains `&`, which cmd.exe would run as a command; create a new token or register from Linux.");
    assert!(remove_command(false, "a\u{1b}b").is_err());
    assert!(jit_command(false, "").is_err());
    for v in hostile() {
        for windows in [false, true] {
            let refused = if windows { refused_on_windows(Field::Token, &v) } else { refused_everywhere(Field::Token, &v) };
            assert_eq!(remove_command(windows, &v).is_err(), refused, "remove {v:?} windows={windows}");
            assert_eq!(jit_command(windows, &v).is_err(), refused, "jit {v:?} windows={windows}");
        }
    }
}

#[test]
fn refusals_name_the_field_and_the_character() {
    let refuse = |app: &RunnerApplication, field: Field, v: &str| {
        let (o, token) = with_value(field, v);
        setup_script(app, CONFIG_URL, &token, &o).unwrap_err().to_string()
    };
    assert_eq!(refuse(&windows(), Field::RunnerGroup, "a&calc"), "The group name contains `&`, which cmd.exe would run as a command; rename the group or register from Linux.");
    assert_eq!(
        refuse(&windows(), Field::RunnerGroup, "b\"|calc"),
        "The group name contains `\"`, which would end cmd.exe's quoting and expose the rest of the value; rename the group or register from Linux."
    );
    assert_eq!(refuse(&windows(), Field::RunnerName, "100%"), "The runner name contains `%`, which cmd.exe would expand as a variable; choose another name or register from Linux.");
    assert_eq!(refuse(&windows(), Field::Labels, "x>y"), "The labels contain `>`, which cmd.exe would read as a redirection; change the labels or register from Linux.");
    assert_eq!(
        refuse(&linux(), Field::RunnerName, "a\u{1b}[201~b"),
        "The runner name contains the control character U+001B, which a terminal can act on instead of pasting (ESC can end a bracketed paste and run what follows); choose another name."
    );
    assert_eq!(refuse(&linux(), Field::RunnerGroup, "a\nb"), "The group name contains a line break, which would end the command early and run the rest as a command of its own; rename the group.");
    assert_eq!(refuse(&linux(), Field::RunnerGroup, "a\0b"), "The group name contains a NUL character, which would cut the value short; rename the group.");
    assert_eq!(
        refuse(&linux(), Field::RunnerName, "a\u{202e}b"),
        "The runner name contains the bidirectional control U+202E, which can make the script look different from what it runs; choose another name."
    );
    assert_eq!(refuse(&linux(), Field::RunnerGroup, "--replace"), "The group name starts with `-`, which the runner would read as an option; rename the group.");
    assert_eq!(refuse(&linux(), Field::Labels, "a,b"), "The labels contain a label with `,`, which the runner would read as two labels; change the labels.");
    assert_eq!(
        refuse(&windows(), Field::RunnerGroup, "a\\"),
        "The group name ends with `\\`, which would escape the closing quote when the runner reads its arguments; rename the group or register from Linux."
    );
    // What cmd.exe alone cannot take is fine for bash.
    let (o, token) = with_value(Field::RunnerGroup, "a&calc");
    assert!(setup_script(&linux(), CONFIG_URL, &token, &o).is_ok());
}

#[test]
fn every_hostile_value_is_refused_exactly_when_it_must_be() {
    for field in FIELDS {
        for v in hostile() {
            let (o, token) = with_value(field, &v);
            for (app, refused) in [(linux(), refused_everywhere(field, &v)), (windows(), refused_on_windows(field, &v))] {
                match setup_script(&app, CONFIG_URL, &token, &o) {
                    Ok(_) => assert!(!refused, "{field:?} {v:?} on {} should be refused", app.os),
                    Err(r) => {
                        assert!(refused, "{field:?} {v:?} on {} was refused: {r}", app.os);
                        assert_eq!(r.field, field, "{v:?}");
                    }
                }
            }
        }
    }
}

#[test]
fn downloads_must_be_https_plain_files_and_hex_checksums() {
    let with = |url: &str, file: &str, sha: Option<&str>| {
        let app = RunnerApplication { download_url: url.into(), filename: file.into(), sha256_checksum: sha.map(String::from), ..linux() };
        setup_script(&app, CONFIG_URL, "t", &SetupOptions::default()).map_err(|r| (r.field, r.to_string()))
    };
    let ok = |url: &str| with(url, "r.tar.gz", Some(SHA)).is_ok();
    assert!(ok("https://github.com/r.tar.gz") && ok("HTTPS://github.com/r") && ok("https://x/a'b;$(id)"));
    for sandbox in ["http://127.0.0.1:8080/r.tar.gz", "http://localhost/r", "http://[::1]:3000/r", "http://LOCALHOST:1"] {
        assert!(ok(sandbox), "{sandbox}");
    }
    for bad in [
        "http://ghe.example.com/r",
        "http://127.0.0.1@evil.example/r",
        "http://127.0.0.1.evil.example/r",
        "http://localhost\\@evil/r",
        "http://evil\\@127.0.0.1/r",
        "ftp://x/r",
        "-o/etc/passwd",
        "https://",
        "http://127.0.0.1:/r",
        "//x/r",
    ] {
        let (field, message) = with(bad, "r.tar.gz", Some(SHA)).unwrap_err();
        assert_eq!(field, Field::DownloadUrl, "{bad}");
        assert!(message.starts_with("The download URL does not start with `https://`"), "{message}");
    }
    for bad in ["", ".", "..", "../r.tar.gz", "a/b", "a\\b", "-rf", "c:r", "r*.zip", "r?.zip", "r[1].zip", "r\n.tar.gz"] {
        assert_eq!(with(URL, bad, Some(SHA)).unwrap_err().0, Field::Filename, "{bad:?}");
    }
    assert_eq!(
        with(URL, "../x", Some(SHA)).unwrap_err().1,
        "The file name contains `/`, which is not a plain file name inside the runner's folder; the server's runner download looks wrong, so no script was made."
    );
    for bad in ["", "abc123", &SHA[1..], &format!("{}g", &SHA[1..]), &format!("{SHA}0"), "' ; touch pwned '"] {
        assert_eq!(with(URL, "r.tar.gz", Some(bad)).unwrap_err().0, Field::Checksum, "{bad:?}");
    }
    let upper = with(URL, "r.tar.gz", Some(&SHA.to_ascii_uppercase())).unwrap();
    assert!(upper.contains(&format!("echo '{SHA}  r.tar.gz'")), "written in lower case for shasum");
}

#[test]
fn ephemeral_with_a_service_is_warned_about() {
    let both = SetupOptions { ephemeral: true, service: true, ..Default::default() };
    assert!(options_warning(&both).is_some_and(|w| w.contains("ephemeral") && w.contains("service")));
    assert_eq!(options_warning(&SetupOptions { ephemeral: true, ..Default::default() }), None);
    assert_eq!(options_warning(&SetupOptions { service: true, ..Default::default() }), None);
}
