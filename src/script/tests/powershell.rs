//! PowerShell's quoting, modeled (there is no pwsh here), and the Windows script checked against it.
//!
//! The rules modeled, from Microsoft's about_Quoting_Rules and about_Parsing and the PowerShell
//! language specification (section 2.3.5.2, "String literals"):
//! - A verbatim string begins with a single-quote-character: ' (U+0027), ‘ (U+2018), ’ (U+2019),
//!   ‚ (U+201A) or ‛ (U+201B). Any of the five ends it, unless another of the five follows at
//!   once: that pair stands for one literal quote (the tokenizer keeps the second).
//! - Inside a verbatim string nothing else is special: no `$` expansion, no backtick escapes, and
//!   line breaks are part of the string.
//! - Outside strings, a double-quote-character (" “ ” „) starts an expandable string, where `$`
//!   and backticks act; `#` starts a comment; a backtick escapes the next character. The model
//!   reports any of these, since a script made only of verbatim strings never needs them.
use super::cmd;
use super::corpus::*;
use crate::script::{jit_command, ps_quote, remove_command, setup_script, PS_SINGLE_QUOTES};

/// A script split into its verbatim strings and its code, each string replaced by `'…'` (U+2026).
#[derive(Debug, PartialEq)]
pub struct Parsed {
    pub strings: Vec<String>,
    pub code: String,
}

fn is_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

pub fn parse(text: &str) -> Result<Parsed, String> {
    let mut chars = text.chars().peekable();
    let (mut strings, mut code) = (Vec::new(), String::new());
    while let Some(c) = chars.next() {
        if is_single_quote(c) {
            let mut s = String::new();
            loop {
                match chars.next() {
                    None => return Err(format!("unterminated string after {code:?}")),
                    Some(q) if is_single_quote(q) => match chars.peek() {
                        Some(&next) if is_single_quote(next) => {
                            s.push(next);
                            chars.next();
                        }
                        _ => break,
                    },
                    Some(other) => s.push(other),
                }
            }
            strings.push(s);
            code.push_str("'…'");
        } else if matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '#' | '`') {
            return Err(format!("{c:?} outside a verbatim string, after {code:?}"));
        } else {
            code.push(c);
        }
    }
    Ok(Parsed { strings, code })
}

/// The arguments of the command on `line`: its bare words and verbatim strings, split at spaces.
pub fn arguments(line: &str) -> Result<Vec<String>, String> {
    let mut args = Vec::new();
    let mut rest = line;
    while !rest.is_empty() {
        rest = rest.trim_start_matches(' ');
        let Some(first) = rest.chars().next() else { break };
        if is_single_quote(first) {
            // Find the string's end with the same rules as `parse`.
            let mut end = None;
            let mut it = rest.char_indices().skip(1).peekable();
            while let Some((i, c)) = it.next() {
                if is_single_quote(c) {
                    if it.peek().is_some_and(|&(_, n)| is_single_quote(n)) {
                        it.next();
                    } else {
                        end = Some(i + c.len_utf8());
                        break;
                    }
                }
            }
            let end = end.ok_or("unterminated string")?;
            let parsed = parse(&rest[..end])?;
            args.extend(parsed.strings);
            rest = &rest[end..];
            if !(rest.is_empty() || rest.starts_with(' ')) {
                return Err(format!("a string runs into {rest:?}"));
            }
        } else {
            let word: String = rest.chars().take_while(|c| *c != ' ').collect();
            if let Some(bad) = word.chars().find(|c| !(c.is_ascii_alphanumeric() || "-./_".contains(*c))) {
                return Err(format!("{bad:?} in the bare word {word:?}"));
            }
            rest = &rest[word.len()..];
            args.push(word);
        }
    }
    Ok(args)
}

/// The line that starts with `program`.
fn line_of<'a>(script: &'a str, program: &str) -> &'a str {
    script.lines().find(|l| l.starts_with(program)).unwrap_or_else(|| panic!("no {program} line in {script}"))
}

#[test]
fn the_model_sees_the_injection_that_doubling_only_the_ascii_quote_allows() {
    let old_quote = |s: &str| format!("'{}'", s.replace('\'', "''"));
    let attack = "x’; Start-Process calc; ’";
    let parsed = parse(&format!("./config.cmd --runnergroup {}", old_quote(attack))).unwrap();
    assert!(parsed.code.contains("Start-Process calc"), "{parsed:?}");
    assert_eq!(parse(&format!("./config.cmd --runnergroup {}", ps_quote(attack))).unwrap().strings, [attack]);
    assert_eq!(parse("'it''s' ‘a’’b’").unwrap().strings, ["it's", "a’b"]);
    assert!(parse("\"$(calc)\"").is_err() && parse("'open").is_err());
}

#[test]
fn ps_quote_gives_powershell_back_every_value() {
    for v in hostile().into_iter().chain(PS_SINGLE_QUOTES.iter().map(|q| format!("{q}{q}x{q}"))) {
        let parsed = parse(&ps_quote(&v)).unwrap_or_else(|e| panic!("{v:?}: {e}"));
        assert_eq!(parsed, Parsed { strings: vec![v.clone()], code: "'…'".into() }, "{v:?}");
    }
}

#[test]
fn hostile_values_stay_one_intact_string_through_powershell_and_cmd_or_are_refused() {
    let benign = |field| {
        let (o, token) = with_value(field, "benign");
        parse(&setup_script(&windows(), CONFIG_URL, &token, &o).unwrap()).unwrap()
    };
    for field in FIELDS {
        let template = benign(field);
        for v in hostile() {
            let (o, token) = with_value(field, &v);
            let what = format!("{field:?} = {v:?}");
            let script = match setup_script(&windows(), CONFIG_URL, &token, &o) {
                Err(r) => {
                    assert!(refused_on_windows(field, &v), "{what} refused: {r}");
                    continue;
                }
                Ok(s) => s,
            };
            assert!(!refused_on_windows(field, &v), "{what} must be refused");
            let parsed = parse(&script).unwrap_or_else(|e| panic!("{what}: {e}\n{script}"));
            assert_eq!(parsed.code, template.code, "{what}: the script's code changed");
            let expected: Vec<String> = template.strings.iter().map(|s| if s == "benign" { v.clone() } else { s.clone() }).collect();
            assert_eq!(parsed.strings, expected, "{what}");
            let args = arguments(line_of(&script, "./config.cmd ")).unwrap();
            assert_eq!(args[1..], expected_config_args(&o, &token), "{what}");
            assert_eq!(cmd::through_batch_file(&args[1..], true), Ok(args[1..].to_vec()), "{what}: what the runner receives");
        }
    }
}

#[test]
fn remove_and_jit_lines_survive_powershell_and_cmd() {
    for v in hostile() {
        for (line, program) in [(remove_command(true, &v), "./config.cmd"), (jit_command(true, &v), "./run.cmd")] {
            let Ok(line) = line else { continue };
            let args = arguments(&line).unwrap();
            assert_eq!(args[0], program);
            assert_eq!(args.last(), Some(&v), "{line}");
            assert_eq!(cmd::through_batch_file(&args[1..], true), Ok(args[1..].to_vec()), "{v:?}");
        }
    }
}
