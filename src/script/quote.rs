//! Quoting for each shell a script targets, and the checks for what no quoting can make safe.
//!
//! - bash and sh: inside single quotes nothing is special, so `'` is the only character to spell
//!   out (`'\''`: close, an escaped quote, reopen).
//! - PowerShell: a single-quoted (verbatim) string ends at any of five single-quote characters,
//!   ' ‘ ’ ‚ ‛ (U+0027, U+2018–U+201B), and two of them in a row stand for one. So each of the
//!   five is doubled (about_Quoting_Rules; the PowerShell language specification, "Verbatim
//!   string literals").
//! - cmd.exe: Windows runs `config.cmd` and `run.cmd` through cmd.exe, which reads their arguments
//!   again when the batch file forwards `%*` (the "BatBadBut" class, CVE-2024-24576). cmd.exe has
//!   no quoting that survives that second reading, so its metacharacters are refused instead.
use super::refusal::{Field, Problem, ScriptRefusal};

/// The characters PowerShell reads as a single quote.
pub const PS_SINGLE_QUOTES: [char; 5] = ['\'', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}'];

/// What cmd.exe acts on in a batch file's arguments: command separators and pipes, redirections,
/// its escape, variable expansion (`%`, and `!` under delayed expansion), the quote that toggles
/// its quoting, and the parentheses of the `IF … ( … ) ELSE ( … )` block config.cmd forwards `%*` in.
pub const CMD_METACHARACTERS: [char; 10] = ['&', '|', '<', '>', '^', '%', '!', '"', '(', ')'];

/// Quotes for a POSIX shell: single quotes, with `'` spelled `'\''`.
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// Quotes for PowerShell: single quotes, with each of the five single-quote characters doubled.
pub fn ps_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        if PS_SINGLE_QUOTES.contains(&c) {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// Refuses what no shell's quoting makes safe in a pasted script: line breaks, NUL, other control
/// characters (ESC can end a terminal's bracketed paste) and bidirectional controls.
pub fn check_text(field: Field, value: &str) -> Result<(), ScriptRefusal> {
    for c in value.chars() {
        let problem = match c {
            '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => Problem::LineBreak,
            '\0' => Problem::Nul,
            c if c.is_control() => Problem::Control(c),
            // They reorder what a terminal shows, so the text read is not the text run (CVE-2021-42574).
            c if crate::text::is_bidi_control(c) => Problem::Bidi(c),
            _ => continue,
        };
        return Err(ScriptRefusal::new(field, problem));
    }
    Ok(())
}

/// A value that follows an option of `config.sh`/`config.cmd`: not empty, and not one the
/// runner's parser would take for an option of its own.
pub fn check_option_value(field: Field, value: &str) -> Result<(), ScriptRefusal> {
    check_text(field, value)?;
    if value.is_empty() {
        return Err(ScriptRefusal::new(field, Problem::Empty));
    }
    if value.starts_with('-') {
        return Err(ScriptRefusal::new(field, Problem::LeadingDash));
    }
    Ok(())
}

/// A value that reaches a `.cmd` batch file: nothing cmd.exe would act on, and no trailing
/// backslash (PowerShell wraps a value with a space in `"…"`, and `\"` is an escaped quote to the
/// runner, which splits its command line by the Microsoft C runtime's rules).
pub fn check_cmd_arg(field: Field, value: &str) -> Result<(), ScriptRefusal> {
    check_text(field, value)?;
    if let Some(c) = value.chars().find(|c| CMD_METACHARACTERS.contains(c)) {
        return Err(ScriptRefusal::new(field, Problem::Cmd(c)));
    }
    if value.ends_with('\\') {
        return Err(ScriptRefusal::new(field, Problem::TrailingBackslash));
    }
    Ok(())
}
