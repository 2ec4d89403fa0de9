//! What reaches the runner when PowerShell calls `config.cmd`: PowerShell's command line, cmd.exe's
//! two readings of it, and the runner's own argument splitting, modeled.
//!
//! Sources for the rules:
//! - PowerShell's legacy native argument passing (about_Parsing, "Passing arguments that contain
//!   quote characters"; `$PSNativeCommandArgumentPassing` in about_Preference_Variables): Windows
//!   PowerShell 5.1 always, and PowerShell 7.3+ for `.cmd`/`.bat` files, wrap an argument that
//!   contains whitespace (or is empty) in double quotes and escape nothing inside it.
//! - cmd.exe: a batch file is run by cmd.exe, which reads the command line, and then the line of
//!   the batch file that forwards `%*`, with its own rules (the BatBadBut advisory by RyotaK,
//!   CVE-2024-24576, and the Rust security advisory of 2024-04-09): `%…%` is expanded first; then
//!   `"` toggles quoting, and outside quotes `^` escapes the next character while `&`, `|`, `<` and
//!   `>` end the command or redirect it; inside a parenthesized block `(` and `)` are syntax too
//!   (config.cmd forwards `%*` inside `IF … ( … ) ELSE ( … )`); with delayed expansion on,
//!   `!…!` is expanded last. Not modeled: cmd's `/c` quote stripping, which the line CreateProcess
//!   builds for a batch file keeps intact.
//! - The runner, a .NET program, splits its command line as the Microsoft C runtime does
//!   ("Parsing C command-line arguments"): whitespace separates arguments outside quotes; `"`
//!   toggles quoting; 2n backslashes before `"` are n backslashes and the quote toggles, 2n+1 are
//!   n backslashes and a literal `"`; other backslashes are literal; `""` inside quotes is a `"`.
use super::corpus::*;

/// PowerShell's command line for a native command's arguments.
pub fn powershell_command_line(args: &[String]) -> String {
    let quote = |a: &String| if a.is_empty() || a.chars().any(char::is_whitespace) { format!("\"{a}\"") } else { a.clone() };
    args.iter().map(quote).collect::<Vec<_>>().join(" ")
}

/// One reading of `line` by cmd.exe: the text it passes on, or what it would do instead of passing
/// it on unchanged.
pub fn cmd_reads(line: &str, in_block: bool) -> Result<String, String> {
    if line.contains('%') {
        return Err("`%` is expanded before anything else is read".into());
    }
    if line.contains('!') {
        return Err("`!` is expanded when delayed expansion is on".into());
    }
    let (mut out, mut quoted, mut chars) = (String::new(), false, line.chars());
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\r' | '\0' => return Err(format!("{c:?} ends the line")),
            '"' => quoted = !quoted,
            _ if quoted => {}
            '^' => {
                out.extend(chars.next());
                continue;
            }
            '&' | '|' => return Err(format!("`{c}` starts another command")),
            '<' | '>' => return Err(format!("`{c}` redirects")),
            '(' | ')' if in_block => return Err(format!("`{c}` is block syntax")),
            _ => {}
        }
        out.push(c);
    }
    Ok(out)
}

/// The Microsoft C runtime's splitting of a command line into arguments.
pub fn split_like_msvcrt(line: &str) -> Vec<String> {
    let (mut args, mut cur, mut in_arg, mut quoted) = (Vec::new(), String::new(), false, false);
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            let n = chars[i..].iter().take_while(|c| **c == '\\').count();
            in_arg = true;
            if chars.get(i + n) == Some(&'"') {
                cur.extend(std::iter::repeat_n('\\', n / 2));
                if n % 2 == 1 {
                    cur.push('"');
                    i += n + 1;
                    continue;
                }
                i += n; // the quote is handled below
                continue;
            }
            cur.extend(std::iter::repeat_n('\\', n));
            i += n;
            continue;
        }
        match c {
            '"' if quoted && chars.get(i + 1) == Some(&'"') => {
                cur.push('"');
                i += 1;
            }
            '"' => {
                quoted = !quoted;
                in_arg = true;
            }
            ' ' | '\t' if !quoted => {
                if in_arg {
                    args.push(std::mem::take(&mut cur));
                    in_arg = false;
                }
            }
            _ => {
                cur.push(c);
                in_arg = true;
            }
        }
        i += 1;
    }
    if in_arg {
        args.push(cur);
    }
    args
}

/// The arguments the runner receives when PowerShell passes `args` to a `.cmd`: cmd.exe reads the
/// command line, then again the batch file's line with `%*` put in (inside a block when `in_block`).
pub fn through_batch_file(args: &[String], in_block: bool) -> Result<Vec<String>, String> {
    let line = powershell_command_line(args);
    let first = cmd_reads(&line, false)?;
    let forwarded = cmd_reads(&first, in_block)?;
    if forwarded != line {
        return Err(format!("cmd.exe changed the arguments to {forwarded:?}"));
    }
    Ok(split_like_msvcrt(&forwarded))
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_model_sees_the_batbadbut_injections() {
    for (value, why) in [("a&calc", "another command"), ("b\" |calc", "another command"), ("a b\" & calc & \"", "another command"), ("%PATH%", "expanded"), ("a)", "block"), ("x>y", "redirects")] {
        let err = through_batch_file(&strings(&["--runnergroup", value]), true).unwrap_err();
        assert!(err.contains(why), "{value:?}: {err}");
    }
    // Quoted or not, a `"` changes what the runner receives even where cmd.exe runs nothing.
    assert_ne!(through_batch_file(&strings(&["--name", "b\"|calc"]), true), Ok(strings(&["--name", "b\"|calc"])));
    assert_ne!(through_batch_file(&strings(&["--name", "a b\\"]), true), Ok(strings(&["--name", "a b\\"])));
    assert_eq!(through_batch_file(&strings(&["--name", "a b", "--labels", "x,y"]), true), Ok(strings(&["--name", "a b", "--labels", "x,y"])));
}

#[test]
fn the_runners_argument_splitting_follows_the_c_runtime() {
    assert_eq!(split_like_msvcrt(r#"a "b c" d"#), ["a", "b c", "d"]);
    assert_eq!(split_like_msvcrt(r#"a\\b "c\"d" e\\"f g""#), [r"a\\b", "c\"d", r"e\f g"]);
    assert_eq!(split_like_msvcrt(r#""a""b" """#), ["a\"b", ""]);
}

#[test]
fn whatever_the_model_rejects_is_refused_and_the_rest_is_refused_only_out_of_caution() {
    let field = crate::script::Field::RunnerName;
    for v in hostile() {
        if refused_everywhere(field, &v) {
            continue; // refused for every shell
        }
        let args = strings(&["--name", &v]);
        let intact = through_batch_file(&args, true) == Ok(args.clone());
        if !intact {
            assert!(refused_on_windows(field, &v), "{v:?} would not reach the runner intact, yet is allowed");
        } else if refused_on_windows(field, &v) {
            // cmd.exe's characters are refused even where PowerShell happens to quote the value
            // (it has whitespace), since that rests on PowerShell's version and settings; and a
            // trailing backslash is refused even where the value goes unquoted.
            assert!(v.chars().any(char::is_whitespace) || v.ends_with('\\'), "{v:?} is refused though it reaches the runner intact");
        }
    }
}
