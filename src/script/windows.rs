//! The PowerShell script for Windows.
//!
//! It runs as one script block, `& { … }`: the console reads the whole block before running it,
//! and `$ErrorActionPreference = 'Stop'` makes a failed cmdlet or a `throw` end the block, so
//! nothing after a failed checksum runs. A native program's exit code does not stop PowerShell,
//! so `config.cmd`'s is checked by hand. Values reach `config.cmd` through PowerShell and then
//! cmd.exe, so each must pass both: quoted for the first, refused unless harmless to the second.
use super::download::Download;
use super::quote::{check_cmd_arg, ps_quote};
use super::{ConfigArg, ScriptRefusal};

pub fn setup(d: &Download, args: &[ConfigArg], service: bool) -> Result<String, ScriptRefusal> {
    let mut config = Vec::with_capacity(args.len());
    for a in args {
        match &a.value {
            Some((field, v)) => {
                check_cmd_arg(*field, v)?;
                config.push(format!("{} {}", a.option, ps_quote(v)));
            }
            None => config.push(a.option.to_string()),
        }
    }
    let file = ps_quote(&d.filename);
    let mut lines = vec![
        "& {".to_string(),
        "$ErrorActionPreference = 'Stop'".to_string(),
        "$ProgressPreference = 'SilentlyContinue'".to_string(),
        "New-Item -ItemType Directory -Force -Path 'actions-runner' | Out-Null".to_string(),
        "Set-Location -LiteralPath 'actions-runner'".to_string(),
        format!("Invoke-WebRequest -UseBasicParsing -Uri {} -OutFile {file}", ps_quote(&d.url)),
    ];
    if let Some(sha) = &d.sha256 {
        // `-ne` compares strings without regard to case; Get-FileHash answers in upper case.
        lines.push(format!("if ((Get-FileHash -LiteralPath {file} -Algorithm SHA256).Hash -ne {}) {{ throw 'Computed checksum did not match' }}", ps_quote(&sha.to_ascii_uppercase())));
    }
    lines.push(format!("Expand-Archive -LiteralPath {file} -DestinationPath ."));
    lines.push(format!("./config.cmd {}", config.join(" ")));
    lines.push("if ($LASTEXITCODE -ne 0) { throw 'config.cmd failed' }".to_string());
    if !service {
        lines.push("./run.cmd".to_string());
    }
    lines.push("}".to_string());
    Ok(lines.join("\n"))
}
