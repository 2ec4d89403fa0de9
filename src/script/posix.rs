//! The bash script for Linux and macOS.
//!
//! It runs as one subshell under `set -euo pipefail`: an interactive shell reads the whole `( … )`
//! before running any of it, the first failing step ends it (nothing after a failed checksum
//! runs), and the admin's own shell keeps its directory and options. Steps stand on lines of their
//! own because `set -e` ignores a failure on the left of `&&`. There are no comments: zsh, macOS's
//! login shell, does not read them at its prompt.
use super::download::Download;
use super::quote::sh_quote;
use super::ConfigArg;

pub fn setup(d: &Download, args: &[ConfigArg], service: bool, linux: bool) -> String {
    let file = sh_quote(&d.filename);
    let mut lines =
        vec!["(".to_string(), "set -euo pipefail".to_string(), "mkdir -p actions-runner".to_string(), "cd actions-runner".to_string(), format!("curl --fail -L -o {file} --url {}", sh_quote(&d.url))];
    if let Some(sha) = &d.sha256 {
        lines.push(format!("echo {} | shasum -a 256 -c", sh_quote(&format!("{sha}  {}", d.filename))));
    }
    lines.push(format!("tar xzf {file}"));
    let config: Vec<String> = args
        .iter()
        .map(|a| match &a.value {
            Some((_, v)) => format!("{} {}", a.option, sh_quote(v)),
            None => a.option.to_string(),
        })
        .collect();
    lines.push(format!("./config.sh {}", config.join(" ")));
    // svc.sh needs root on Linux (it writes a systemd unit) and refuses sudo on macOS (it installs
    // a launchd agent for the user). As the last step, a failed install still fails the subshell.
    lines.push(match (service, linux) {
        (true, true) => "sudo ./svc.sh install && sudo ./svc.sh start".to_string(),
        (true, false) => "./svc.sh install && ./svc.sh start".to_string(),
        (false, _) => "./run.sh".to_string(),
    });
    lines.push(")".to_string());
    lines.join("\n")
}
