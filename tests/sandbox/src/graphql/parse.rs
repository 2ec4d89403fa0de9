//! A small GraphQL reader: one operation's selection set, with aliases, arguments and variable
//! definitions (their defaults). Enough to find what a query asks for; fragments and directives are
//! refused by name rather than misread.
use std::iter::Peekable;
use std::str::Chars;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Var(String),
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Null,
    Enum(String),
    List(Vec<Value>),
    Object(Vec<(String, Value)>),
}

#[derive(Clone, Debug)]
pub struct Field {
    pub alias: Option<String>,
    pub name: String,
    pub args: Vec<(String, Value)>,
    pub selection: Vec<Field>,
    /// 1-based, as GraphQL error `locations` give them.
    pub line: usize,
    pub column: usize,
}

impl Field {
    /// The key this field's answer goes under.
    pub fn key(&self) -> &str {
        self.alias.as_deref().unwrap_or(&self.name)
    }

    pub fn arg(&self, name: &str) -> Option<&Value> {
        self.args.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

#[derive(Debug)]
pub struct Operation {
    /// `query` (also when the keyword is left out) or `mutation`.
    pub kind: String,
    /// Variables' defaults, from `($cursor: String = null)`.
    pub defaults: Vec<(String, Value)>,
    pub selection: Vec<Field>,
}

/// Why a document could not be read: a message and where.
#[derive(Debug, PartialEq)]
pub struct ParseError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Punct(char),
    Spread,
    Name(String),
    Str(String),
    Int(i64),
    Float(f64),
}

struct Lexer<'a> {
    chars: Peekable<Chars<'a>>,
    line: usize,
    column: usize,
}

impl Lexer<'_> {
    fn bump(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn tokens(mut self) -> Result<Vec<(Tok, usize, usize)>, ParseError> {
        let mut out = Vec::new();
        while let Some(&c) = self.chars.peek() {
            let (line, column) = (self.line, self.column);
            let err = |message: String| ParseError { message, line, column };
            match c {
                ' ' | '\t' | '\n' | '\r' | ',' | '\u{feff}' => {
                    self.bump();
                }
                '#' => {
                    while self.chars.peek().is_some_and(|c| *c != '\n') {
                        self.bump();
                    }
                }
                '{' | '}' | '(' | ')' | '[' | ']' | ':' | '$' | '!' | '=' | '@' | '|' | '&' => {
                    self.bump();
                    out.push((Tok::Punct(c), line, column));
                }
                '.' => {
                    for _ in 0..3 {
                        if self.bump() != Some('.') {
                            return Err(err("Expected \"...\"".into()));
                        }
                    }
                    out.push((Tok::Spread, line, column));
                }
                '"' => {
                    self.bump();
                    let mut s = String::new();
                    loop {
                        match self.bump() {
                            None | Some('\n') => return Err(err("Unterminated string".into())),
                            Some('"') => break,
                            Some('\\') => match self.bump() {
                                Some('n') => s.push('\n'),
                                Some('t') => s.push('\t'),
                                Some('u') => {
                                    let hex: String = (0..4).filter_map(|_| self.bump()).collect();
                                    s.push(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32).ok_or_else(|| err(format!("Bad unicode escape \\u{hex}")))?);
                                }
                                Some(c) => s.push(c),
                                None => return Err(err("Unterminated string".into())),
                            },
                            Some(c) => s.push(c),
                        }
                    }
                    out.push((Tok::Str(s), line, column));
                }
                c if c == '-' || c.is_ascii_digit() => {
                    let mut s = String::new();
                    while self.chars.peek().is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.')) {
                        s.extend(self.bump());
                    }
                    let tok = match (s.parse::<i64>(), s.parse::<f64>()) {
                        (Ok(i), _) => Tok::Int(i),
                        (_, Ok(f)) => Tok::Float(f),
                        _ => return Err(err(format!("Bad number {s}"))),
                    };
                    out.push((tok, line, column));
                }
                c if c == '_' || c.is_ascii_alphabetic() => {
                    let mut s = String::new();
                    while self.chars.peek().is_some_and(|c| *c == '_' || c.is_ascii_alphanumeric()) {
                        s.extend(self.bump());
                    }
                    out.push((Tok::Name(s), line, column));
                }
                other => return Err(err(format!("Parse error on \"{other}\""))),
            }
        }
        Ok(out)
    }
}

struct Parser {
    toks: Vec<(Tok, usize, usize)>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at).map(|(t, ..)| t)
    }

    fn here(&self) -> (usize, usize) {
        self.toks.get(self.at).or(self.toks.last()).map_or((1, 1), |(_, l, c)| (*l, *c))
    }

    fn fail<T>(&self, message: impl Into<String>) -> Result<T, ParseError> {
        let (line, column) = self.here();
        Err(ParseError { message: message.into(), line, column })
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.at).map(|(t, ..)| t.clone());
        self.at += 1;
        t
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(&Tok::Punct(c)) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: char) -> Result<(), ParseError> {
        if self.eat(c) {
            Ok(())
        } else {
            let found = self.peek().map_or("end of query".to_string(), |t| format!("{t:?}"));
            self.fail(format!("Parse error on {found}: expected \"{c}\""))
        }
    }

    fn name(&mut self) -> Result<String, ParseError> {
        match self.peek() {
            Some(Tok::Name(n)) => {
                let n = n.clone();
                self.at += 1;
                Ok(n)
            }
            _ => self.fail("Parse error: expected a name"),
        }
    }

    fn value(&mut self) -> Result<Value, ParseError> {
        if self.eat('$') {
            return Ok(Value::Var(self.name()?));
        }
        if self.eat('[') {
            let mut items = Vec::new();
            while !self.eat(']') {
                if self.peek().is_none() {
                    return self.fail("Parse error: unterminated list");
                }
                items.push(self.value()?);
            }
            return Ok(Value::List(items));
        }
        if self.eat('{') {
            let mut fields = Vec::new();
            while !self.eat('}') {
                let n = self.name()?;
                self.expect(':')?;
                fields.push((n, self.value()?));
            }
            return Ok(Value::Object(fields));
        }
        match self.next() {
            Some(Tok::Str(s)) => Ok(Value::Str(s)),
            Some(Tok::Int(i)) => Ok(Value::Int(i)),
            Some(Tok::Float(f)) => Ok(Value::Float(f)),
            Some(Tok::Name(n)) => Ok(match n.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                "null" => Value::Null,
                _ => Value::Enum(n),
            }),
            _ => {
                self.at -= 1;
                self.fail("Parse error: expected a value")
            }
        }
    }

    /// A type reference, read and dropped: `String`, `[ID!]!`.
    fn skip_type(&mut self) -> Result<(), ParseError> {
        if self.eat('[') {
            self.skip_type()?;
            self.expect(']')?;
        } else {
            self.name()?;
        }
        self.eat('!');
        Ok(())
    }

    fn selection(&mut self) -> Result<Vec<Field>, ParseError> {
        self.expect('{')?;
        let mut fields = Vec::new();
        while !self.eat('}') {
            match self.peek() {
                None => return self.fail("Parse error: unterminated selection set"),
                Some(Tok::Spread) => return self.fail("ghes-sandbox does not read fragments"),
                _ => {}
            }
            let (line, column) = self.here();
            let first = self.name()?;
            let (alias, name) = if self.eat(':') { (Some(first), self.name()?) } else { (None, first) };
            let mut args = Vec::new();
            if self.eat('(') {
                while !self.eat(')') {
                    let n = self.name()?;
                    self.expect(':')?;
                    args.push((n, self.value()?));
                }
            }
            if self.peek() == Some(&Tok::Punct('@')) {
                return self.fail("ghes-sandbox does not read directives");
            }
            let selection = if self.peek() == Some(&Tok::Punct('{')) { self.selection()? } else { Vec::new() };
            fields.push(Field { alias, name, args, selection, line, column });
        }
        Ok(fields)
    }

    fn operation(&mut self) -> Result<Operation, ParseError> {
        let mut kind = "query".to_string();
        let mut defaults = Vec::new();
        if let Some(Tok::Name(k)) = self.peek() {
            if k == "fragment" || k == "subscription" {
                return self.fail(format!("ghes-sandbox does not read a {k}"));
            }
            kind = self.name()?;
            if kind != "query" && kind != "mutation" {
                return self.fail(format!("Parse error on \"{kind}\""));
            }
            if matches!(self.peek(), Some(Tok::Name(_))) {
                self.name()?;
            }
            if self.eat('(') {
                while !self.eat(')') {
                    self.expect('$')?;
                    let n = self.name()?;
                    self.expect(':')?;
                    self.skip_type()?;
                    if self.eat('=') {
                        defaults.push((n, self.value()?));
                    }
                }
            }
        }
        let selection = self.selection()?;
        Ok(Operation { kind, defaults, selection })
    }
}

/// Reads the first operation of a document.
pub fn parse(source: &str) -> Result<Operation, ParseError> {
    let toks = Lexer { chars: source.chars().peekable(), line: 1, column: 1 }.tokens()?;
    let mut p = Parser { toks, at: 0 };
    if p.peek().is_none() {
        return p.fail("Unexpected end of document");
    }
    p.operation()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_fleet_query_with_variables_and_literals() {
        let q = "query($cursor: String = null, $slug: String!) {\n  enterprise(slug: $slug) { organizations(first: 100, after: $cursor) { nodes { login } pageInfo { hasNextPage endCursor } } }\n}";
        let op = parse(q).unwrap();
        assert_eq!(op.kind, "query");
        assert_eq!(op.defaults, vec![("cursor".to_string(), Value::Null)]);
        let e = &op.selection[0];
        assert_eq!((e.name.as_str(), e.line, e.column), ("enterprise", 2, 3));
        assert_eq!(e.arg("slug"), Some(&Value::Var("slug".into())));
        let orgs = &e.selection[0];
        assert_eq!((orgs.arg("first"), orgs.arg("after")), (Some(&Value::Int(100)), Some(&Value::Var("cursor".into()))));
        assert_eq!(orgs.selection.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["nodes", "pageInfo"]);

        let literal = parse(r#"{ e: enterprise(slug: "ac\"me") { organizations(first: 5) { totalCount } } }"#).unwrap();
        assert_eq!(literal.selection[0].key(), "e");
        assert_eq!(literal.selection[0].arg("slug"), Some(&Value::Str("ac\"me".into())));
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        assert!(parse("").is_err());
        assert!(parse("{ enterprise(slug: \"acme\") { ...F } }").unwrap_err().message.contains("fragments"));
        assert!(parse("{ enterprise(slug: \"acme\" { x } }").is_err());
        assert!(parse("{ a { b }").is_err());
        assert_eq!(parse("{\n  ?").unwrap_err(), ParseError { message: "Parse error on \"?\"".into(), line: 2, column: 3 });
    }
}
