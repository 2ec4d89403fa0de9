//! The server's side of a setup script: the download URL, file name and checksum, checked before
//! any of them is written into a script.
use super::quote::check_text;
use super::refusal::{Field, Problem, ScriptRefusal};
use crate::github::models::RunnerApplication;

/// A download every script may name: https (or http to a loopback sandbox), a plain file name,
/// and a SHA-256 in lower-case hex when the server gave one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Download {
    pub url: String,
    pub filename: String,
    pub sha256: Option<String>,
}

pub fn check_download(app: &RunnerApplication) -> Result<Download, ScriptRefusal> {
    check_url(&app.download_url)?;
    check_filename(&app.filename)?;
    let sha256 = match &app.sha256_checksum {
        Some(sha) => Some(check_sha256(sha)?),
        None => None,
    };
    Ok(Download { url: app.download_url.clone(), filename: app.filename.clone(), sha256 })
}

fn refuse<T>(field: Field, problem: Problem) -> Result<T, ScriptRefusal> {
    Err(ScriptRefusal::new(field, problem))
}

fn check_url(url: &str) -> Result<(), ScriptRefusal> {
    check_text(Field::DownloadUrl, url)?;
    let scheme_is = |s: &str| url.get(..s.len()).is_some_and(|head| head.eq_ignore_ascii_case(s));
    if scheme_is("https://") && url.len() > "https://".len() {
        return Ok(());
    }
    if scheme_is("http://") && is_loopback_authority(&url["http://".len()..]) {
        return Ok(());
    }
    refuse(Field::DownloadUrl, Problem::NotHttps)
}

/// Whether what follows `http://` names 127.0.0.1, ::1 or localhost, with an optional port. Strict
/// on purpose: anything else in the authority (a user name, a backslash, which some URL parsers
/// read as a slash) could make curl or .NET connect somewhere else.
fn is_loopback_authority(rest: &str) -> bool {
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_and_port = |host: &str| {
        authority.get(..host.len()).is_some_and(|h| h.eq_ignore_ascii_case(host)) && {
            let port = &authority[host.len()..];
            port.is_empty() || port.strip_prefix(':').is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        }
    };
    ["127.0.0.1", "[::1]", "localhost"].into_iter().any(host_and_port)
}

fn check_filename(name: &str) -> Result<(), ScriptRefusal> {
    check_text(Field::Filename, name)?;
    let not_plain = |detail: String| refuse(Field::Filename, Problem::NotPlainFileName(detail));
    match name {
        "" => return not_plain("is empty".into()),
        "." | ".." => return not_plain(format!("is `{name}`")),
        _ => {}
    }
    if name.starts_with('-') {
        return not_plain("starts with `-`".into());
    }
    // `/` and `\` leave the folder; `:` names a drive or an NTFS stream; `* ? [ ]` are wildcards
    // to PowerShell's `-Path` parameters.
    if let Some(c) = name.chars().find(|c| matches!(c, '/' | '\\' | ':' | '*' | '?' | '[' | ']')) {
        return not_plain(format!("contains `{c}`"));
    }
    Ok(())
}

fn check_sha256(sha: &str) -> Result<String, ScriptRefusal> {
    check_text(Field::Checksum, sha)?;
    if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return refuse(Field::Checksum, Problem::NotHex);
    }
    Ok(sha.to_ascii_lowercase())
}
