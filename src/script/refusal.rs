//! Why a script was not produced: which field holds what, and what the admin can do about it.
use std::fmt;

/// The value a refusal is about, named as the page and the API name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    RunnerName,
    Labels,
    RunnerGroup,
    ConfigUrl,
    Token,
    DownloadUrl,
    Filename,
    Checksum,
    JitConfig,
}

impl Field {
    fn noun(self) -> &'static str {
        match self {
            Field::RunnerName => "runner name",
            Field::Labels => "labels",
            Field::RunnerGroup => "group name",
            Field::ConfigUrl => "configuration URL",
            Field::Token => "token",
            Field::DownloadUrl => "download URL",
            Field::Filename => "file name",
            Field::Checksum => "checksum",
            Field::JitConfig => "JIT config",
        }
    }

    fn plural(self) -> bool {
        self == Field::Labels
    }

    fn remedy(self) -> &'static str {
        match self {
            Field::RunnerName => "choose another name",
            Field::Labels => "change the labels",
            Field::RunnerGroup => "rename the group",
            Field::ConfigUrl => "check the connection's address",
            Field::Token => "create a new token",
            Field::DownloadUrl | Field::Filename | Field::Checksum => "the server's runner download looks wrong, so no script was made",
            Field::JitConfig => "generate a new JIT config",
        }
    }
}

/// What is wrong with the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// `\n`, `\r`, NEL, U+2028 or U+2029.
    LineBreak,
    Nul,
    /// Any other C0 or C1 control character, or DEL.
    Control(char),
    /// A bidirectional override, isolate or mark.
    Bidi(char),
    Empty,
    LeadingDash,
    /// A label with a comma, which the runner's comma-separated `--labels` would split.
    CommaInLabel,
    /// A character cmd.exe acts on when it re-reads the arguments of a `.cmd`.
    Cmd(char),
    /// A backslash at the end, which escapes the closing quote when the runner splits its command line.
    TrailingBackslash,
    NotHttps,
    /// Why the file name is not a plain file name, as "contains `/`" or "is `..`".
    NotPlainFileName(String),
    NotHex,
}

/// A script that was not produced, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptRefusal {
    pub field: Field,
    pub problem: Problem,
}

impl ScriptRefusal {
    pub(super) fn new(field: Field, problem: Problem) -> Self {
        ScriptRefusal { field, problem }
    }
}

/// "contains" or "contain", and the like, for the field's number.
fn verb(field: Field, singular: &'static str, plural: &'static str) -> &'static str {
    if field.plural() {
        plural
    } else {
        singular
    }
}

/// Why cmd.exe cannot be given the character: what it would do with it.
fn cmd_effect(c: char) -> &'static str {
    match c {
        '&' | '|' => "which cmd.exe would run as a command",
        '<' | '>' => "which cmd.exe would read as a redirection",
        '^' => "which cmd.exe would read as an escape and drop",
        '%' => "which cmd.exe would expand as a variable",
        '!' => "which cmd.exe expands as a variable when delayed expansion is on",
        '"' => "which would end cmd.exe's quoting and expose the rest of the value",
        '(' | ')' => "which cmd.exe would read as a block inside config.cmd",
        _ => "which cmd.exe would read as syntax",
    }
}

impl fmt::Display for ScriptRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = self.field;
        let contains = verb(field, "contains", "contain");
        let (what, why) = match &self.problem {
            Problem::LineBreak => (format!("{contains} a line break"), "which would end the command early and run the rest as a command of its own"),
            Problem::Nul => (format!("{contains} a NUL character"), "which would cut the value short"),
            Problem::Control(c) => {
                (format!("{contains} the control character U+{:04X}", *c as u32), "which a terminal can act on instead of pasting (ESC can end a bracketed paste and run what follows)")
            }
            Problem::Bidi(c) => (format!("{contains} the bidirectional control U+{:04X}", *c as u32), "which can make the script look different from what it runs"),
            Problem::Empty => (verb(field, "is empty", "are empty").to_string(), "which would let the next option be read as its value"),
            Problem::LeadingDash => (format!("{} with `-`", verb(field, "starts", "start")), "which the runner would read as an option"),
            Problem::CommaInLabel => (format!("{contains} a label with `,`"), "which the runner would read as two labels"),
            Problem::Cmd(c) => (format!("{contains} `{c}`"), cmd_effect(*c)),
            Problem::TrailingBackslash => (format!("{} with `\\`", verb(field, "ends", "end")), "which would escape the closing quote when the runner reads its arguments"),
            Problem::NotHttps => {
                (format!("{} with `https://`", verb(field, "does not start", "do not start")), "so the download could be changed on the way (plain `http://` is allowed only for a loopback sandbox)")
            }
            Problem::NotPlainFileName(detail) => (detail.clone(), "which is not a plain file name inside the runner's folder"),
            Problem::NotHex => (verb(field, "is not", "are not").to_string() + " a SHA-256 in 64 hexadecimal digits", "so the download could not be checked"),
        };
        let remedy = field.remedy();
        let windows_only = matches!(self.problem, Problem::Cmd(_) | Problem::TrailingBackslash);
        let elsewhere = if windows_only && field != Field::JitConfig { " or register from Linux" } else { "" };
        write!(f, "The {} {what}, {why}; {remedy}{elsewhere}.", field.noun())
    }
}
