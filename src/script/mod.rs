//! The ready-to-paste runner setup scripts and the token countdown. Pure.
//!
//! Every value is quoted for the shell that reads it, whatever cannot be made safe is refused with
//! a [`ScriptRefusal`] naming the field, and each script stops at the first failed step.
mod download;
mod posix;
mod quote;
mod refusal;
mod time;
mod windows;

#[cfg(test)]
mod tests;

pub use quote::{ps_quote, sh_quote, CMD_METACHARACTERS, PS_SINGLE_QUOTES};
pub use refusal::{Field, Problem, ScriptRefusal};
pub use time::{countdown, parse_timestamp, Expiry, JIT_CONFIG_LIFETIME_SECS};

use crate::github::models::RunnerApplication;
use quote::{check_cmd_arg, check_option_value, check_text};

/// What the add-runner form asks for, beyond the token. Values are used as given: the page trims.
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

/// Which shell the script is written for, from the download's OS.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Linux,
    MacOs,
    Windows,
}

fn target(app: &RunnerApplication) -> Target {
    if app.os.eq_ignore_ascii_case("win") || app.filename.ends_with(".zip") {
        Target::Windows
    } else if app.os.eq_ignore_ascii_case("osx") {
        Target::MacOs
    } else {
        Target::Linux
    }
}

/// One argument of `config.sh`/`config.cmd`: an option, and the value that follows it.
struct ConfigArg {
    option: &'static str,
    value: Option<(Field, String)>,
}

impl ConfigArg {
    fn flag(option: &'static str) -> Self {
        ConfigArg { option, value: None }
    }

    fn with(option: &'static str, field: Field, value: &str) -> Result<Self, ScriptRefusal> {
        check_option_value(field, value)?;
        Ok(ConfigArg { option, value: Some((field, value.to_string())) })
    }
}

fn config_args(config_url: &str, token: &str, o: &SetupOptions) -> Result<Vec<ConfigArg>, ScriptRefusal> {
    let mut args = vec![ConfigArg::with("--url", Field::ConfigUrl, config_url)?, ConfigArg::with("--token", Field::Token, token)?];
    if !o.name.is_empty() {
        args.push(ConfigArg::with("--name", Field::RunnerName, &o.name)?);
    }
    let labels: Vec<&str> = o.labels.iter().map(String::as_str).filter(|l| !l.is_empty()).collect();
    if !labels.is_empty() {
        for label in &labels {
            check_text(Field::Labels, label)?;
            if label.contains(',') {
                return Err(ScriptRefusal::new(Field::Labels, Problem::CommaInLabel));
            }
        }
        args.push(ConfigArg::with("--labels", Field::Labels, &labels.join(","))?);
    }
    if !o.runner_group.is_empty() {
        args.push(ConfigArg::with("--runnergroup", Field::RunnerGroup, &o.runner_group)?);
    }
    if o.ephemeral {
        args.push(ConfigArg::flag("--ephemeral"));
    }
    if o.unattended {
        args.push(ConfigArg::flag("--unattended"));
    }
    Ok(args)
}

/// The whole script: make a folder, download, check the SHA-256 when GitHub gives one, unpack,
/// configure against `config_url` with `token`, then run (or install the service).
pub fn setup_script(app: &RunnerApplication, config_url: &str, token: &str, o: &SetupOptions) -> Result<String, ScriptRefusal> {
    let download = download::check_download(app)?;
    let mut args = config_args(config_url, token, o)?;
    match target(app) {
        Target::Windows => {
            if o.service {
                args.push(ConfigArg::flag("--runasservice"));
            }
            windows::setup(&download, &args, o.service)
        }
        Target::Linux => Ok(posix::setup(&download, &args, o.service, true)),
        Target::MacOs => Ok(posix::setup(&download, &args, o.service, false)),
    }
}

/// A warning about options that work against each other, shown beside the script.
pub fn options_warning(o: &SetupOptions) -> Option<&'static str> {
    (o.ephemeral && o.service)
        .then_some("An ephemeral runner unregisters after its one job, so the service would then keep restarting a runner that no longer exists. Choose ephemeral or the service, not both.")
}

/// The line that unregisters a runner, run in its folder.
pub fn remove_command(windows: bool, token: &str) -> Result<String, ScriptRefusal> {
    check_option_value(Field::Token, token)?;
    if windows {
        check_cmd_arg(Field::Token, token)?;
        Ok(format!("./config.cmd remove --token {}", ps_quote(token)))
    } else {
        Ok(format!("./config.sh remove --token {}", sh_quote(token)))
    }
}

/// The line that starts a just-in-time runner, run in its folder.
pub fn jit_command(windows: bool, encoded: &str) -> Result<String, ScriptRefusal> {
    check_option_value(Field::JitConfig, encoded)?;
    if windows {
        check_cmd_arg(Field::JitConfig, encoded)?;
        Ok(format!("./run.cmd --jitconfig {}", ps_quote(encoded)))
    } else {
        Ok(format!("./run.sh --jitconfig {}", sh_quote(encoded)))
    }
}
