//! The generated bash script, run for real by /bin/bash against stubs: every hostile value arrives
//! as exactly one argument, intact, or the script was refused; nothing runs after a failed step.
mod harness;

use super::corpus::*;
use crate::github::models::RunnerApplication;
use crate::script::{setup_script, sh_quote, Field, SetupOptions};
use harness::*;

fn app(sha: &str) -> RunnerApplication {
    RunnerApplication { sha256_checksum: Some(sha.into()), ..linux() }
}

fn same_dir(a: &std::path::Path, b: &std::path::Path) -> bool {
    a.canonicalize().ok() == b.canonicalize().ok()
}

/// Runs the script for `o` and checks each step got exactly its arguments.
fn assert_runs_intact(m: &Machine, app: &RunnerApplication, o: &SetupOptions, token: &str, what: &str) {
    let script = setup_script(app, CONFIG_URL, token, o).unwrap();
    let out = m.run(&script, GOOD_ARCHIVE, None);
    assert!(out.success, "{what}: the script failed: {}\n{script}", out.stderr);
    assert_eq!(out.names(), ["curl", "tar", "config.sh", "run.sh"], "{what}");
    assert_eq!(out.call("curl").unwrap().args, ["--fail", "-L", "-o", &app.filename, "--url", &app.download_url], "{what}");
    assert_eq!(out.call("tar").unwrap().args, ["xzf", &app.filename], "{what}");
    let config = out.call("config.sh").unwrap();
    assert_eq!(config.args, expected_config_args(o, token), "{what}");
    assert!(same_dir(&config.cwd, &m.work.join("actions-runner")), "{what}: config.sh ran in {}", config.cwd.display());
    assert!(!m.work.join("pwned").exists() && !m.work.join("actions-runner/pwned").exists(), "{what}: something ran that should not have");
}

#[test]
fn sh_quote_gives_bash_back_every_value_it_can_hold() {
    for v in hostile() {
        if v.contains('\0') {
            continue; // no command line can carry NUL; the generator refuses it
        }
        let out = std::process::Command::new(BASH).args(["--noprofile", "--norc", "-c"]).arg(format!("printf '%s\\0' {}", sh_quote(&v))).output().expect("/bin/bash must exist");
        assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("{v}\0"), "{v:?}");
    }
}

#[test]
fn hostile_values_arrive_as_one_intact_argument_or_are_refused() {
    let sha = sha256_hex(GOOD_ARCHIVE);
    std::thread::scope(|s| {
        for field in FIELDS {
            let sha = &sha;
            s.spawn(move || {
                let m = Machine::new(&format!("{field:?}"));
                for v in hostile() {
                    let (o, token) = with_value(field, &v);
                    let what = format!("{field:?} = {v:?}");
                    match setup_script(&app(sha), CONFIG_URL, &token, &o) {
                        Err(r) => assert!(refused_everywhere(field, &v), "{what} refused: {r}"),
                        Ok(_) => {
                            assert!(!refused_everywhere(field, &v), "{what} must be refused");
                            let _ = std::fs::remove_dir_all(m.work.join("actions-runner"));
                            assert_runs_intact(&m, &app(sha), &o, &token, &what);
                        }
                    }
                }
            });
        }
    });
}

#[test]
fn hostile_download_urls_and_file_names_arrive_intact() {
    let sha = sha256_hex(GOOD_ARCHIVE);
    let m = Machine::new("download");
    let o = SetupOptions { name: "n".into(), unattended: true, ..Default::default() };
    for url in ["https://x.example/a'b\"c", "https://x.example/$(touch pwned)`touch pwned`", "https://x.example/a;b&c|d", "https://x.example/ a*?~#!%^", "http://127.0.0.1:8080/日本語"] {
        let a = RunnerApplication { download_url: url.into(), ..app(&sha) };
        let _ = std::fs::remove_dir_all(m.work.join("actions-runner"));
        assert_runs_intact(&m, &a, &o, "T", url);
    }
    for file in ["it's.tar.gz", "a b.tar.gz", "$(touch pwned).tar.gz", "`touch pwned`.tar.gz", "a;b&c|d.tar.gz", "’‘.tar.gz", "ü.tar.gz", "~x.tar.gz", "#x.tar.gz"] {
        let a = RunnerApplication { filename: file.into(), ..app(&sha) };
        let _ = std::fs::remove_dir_all(m.work.join("actions-runner"));
        assert_runs_intact(&m, &a, &o, "T", file);
    }
}

#[test]
fn a_tampered_download_stops_the_script_at_the_checksum() {
    let m = Machine::new("tampered");
    let script = setup_script(&app(&sha256_hex(GOOD_ARCHIVE)), CONFIG_URL, "T", &SetupOptions { service: true, ..Default::default() }).unwrap();
    let out = m.run(&script, TAMPERED_ARCHIVE, None);
    assert!(!out.success, "a checksum mismatch must fail the script");
    assert_eq!(out.names(), ["curl"], "nothing after the checksum runs: {:?}", out.calls);
    assert!(!m.work.join("actions-runner/config.sh").exists());
}

#[test]
fn a_failed_step_stops_the_script() {
    let m = Machine::new("failing");
    let script = setup_script(&app(&sha256_hex(GOOD_ARCHIVE)), CONFIG_URL, "T", &SetupOptions::default()).unwrap();
    for (failing, ran) in [("curl", vec!["curl"]), ("tar", vec!["curl", "tar"]), ("config.sh", vec!["curl", "tar", "config.sh"])] {
        let _ = std::fs::remove_dir_all(m.work.join("actions-runner"));
        let out = m.run(&script, GOOD_ARCHIVE, Some(failing));
        assert!(!out.success, "{failing} failed");
        assert_eq!(out.names(), ran, "nothing after a failed {failing}");
    }
}

#[test]
fn an_existing_runner_folder_is_used() {
    let m = Machine::new("existing");
    std::fs::create_dir_all(m.work.join("actions-runner")).unwrap();
    std::fs::write(m.work.join("actions-runner/keep"), "x").unwrap();
    let o = SetupOptions { name: "again".into(), ..Default::default() };
    assert_runs_intact(&m, &app(&sha256_hex(GOOD_ARCHIVE)), &o, "T", "existing folder");
    assert!(m.work.join("actions-runner/keep").exists());
}

#[test]
fn nothing_runs_in_the_current_folder_when_the_runner_folder_cannot_be_entered() {
    let script = setup_script(&app(&sha256_hex(GOOD_ARCHIVE)), CONFIG_URL, "T", &SetupOptions::default()).unwrap();
    // mkdir fails: a file is in the way.
    let m = Machine::new("mkdir-fails");
    std::fs::write(m.work.join("actions-runner"), "a file").unwrap();
    let out = m.run(&script, GOOD_ARCHIVE, None);
    assert!(!out.success && out.calls.is_empty(), "{:?}", out.calls);
    assert_eq!(std::fs::read_dir(&m.work).unwrap().count(), 1, "nothing was written beside the file");
    // cd fails: mkdir claims success without making the folder.
    let m = Machine::new("cd-fails");
    m.stub("mkdir");
    let out = m.run(&script, GOOD_ARCHIVE, None);
    assert!(!out.success, "cd into a missing folder must fail the script");
    assert_eq!(out.names(), ["mkdir"], "{:?}", out.calls);
    assert_eq!(std::fs::read_dir(&m.work).unwrap().count(), 0, "nothing was written in the current folder");
}

#[test]
fn the_service_is_installed_with_sudo_on_linux_and_without_on_macos() {
    let sha = sha256_hex(GOOD_ARCHIVE);
    let o = SetupOptions { service: true, unattended: true, ..Default::default() };
    let m = Machine::new("svc-linux");
    let out = m.run(&setup_script(&app(&sha), CONFIG_URL, "T", &o).unwrap(), GOOD_ARCHIVE, None);
    assert!(out.success, "{}", out.stderr);
    assert_eq!(out.names(), ["curl", "tar", "config.sh", "sudo", "svc.sh", "sudo", "svc.sh"]);
    let svc: Vec<_> = out.calls.iter().filter(|c| c.name == "svc.sh").map(|c| c.args.clone()).collect();
    assert_eq!(svc, [["install"], ["start"]]);
    let m = Machine::new("svc-macos");
    let mac = RunnerApplication { os: "osx".into(), ..app(&sha) };
    let out = m.run(&setup_script(&mac, CONFIG_URL, "T", &o).unwrap(), GOOD_ARCHIVE, None);
    assert!(out.success, "{}", out.stderr);
    assert_eq!(out.names(), ["curl", "tar", "config.sh", "svc.sh", "svc.sh"]);
    // A failed install does not start the service, and fails the script.
    let m = Machine::new("svc-fails");
    let out = m.run(&setup_script(&mac, CONFIG_URL, "T", &o).unwrap(), GOOD_ARCHIVE, Some("svc.sh"));
    assert!(!out.success);
    assert_eq!(out.names(), ["curl", "tar", "config.sh", "svc.sh"]);
}

#[test]
fn refused_fields_produce_no_script_at_all() {
    for v in ["a\nb; touch pwned", "a\0b", "\u{1b}[201~touch pwned", "a\u{202e}b", "--replace"] {
        let (o, token) = with_value(Field::RunnerGroup, v);
        assert!(setup_script(&app(&sha256_hex(GOOD_ARCHIVE)), CONFIG_URL, &token, &o).is_err(), "{v:?}");
    }
}
