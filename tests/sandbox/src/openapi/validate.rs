//! A validator for the OpenAPI 3.0 schema subset GitHub's descriptions use, loose (what the schema
//! says) or strict (also no property the schema does not document).
use serde_json::Value;

use super::Spec;

impl Spec {
    /// Every problem found, as `pointer: message`; empty when `value` conforms.
    pub fn validate(&self, schema: &Value, value: &Value) -> Vec<String> {
        let mut errors = Vec::new();
        self.check(schema, value, "", &mut errors, Strict::No);
        errors
    }

    /// As [`Spec::validate`], and also every property the schema does not document is a problem
    /// (where it leaves `additionalProperties` unsaid): a server never sends a field its version lacks.
    pub fn validate_strict(&self, schema: &Value, value: &Value) -> Vec<String> {
        let mut errors = Vec::new();
        self.check(schema, value, "", &mut errors, Strict::Yes);
        errors
    }

    /// The properties a schema documents (defined or required), its `allOf` parts' included; `None`
    /// where it allows any.
    fn documented_properties<'a>(&'a self, schema: &'a Value, into: &mut Vec<&'a str>) -> Option<()> {
        let schema = self.resolve(schema);
        if schema.get("additionalProperties").is_some_and(|a| a != &Value::Bool(false)) || schema.get("anyOf").is_some() || schema.get("oneOf").is_some() {
            return None;
        }
        into.extend(schema.get("properties").and_then(Value::as_object).into_iter().flat_map(|p| p.keys().map(String::as_str)));
        // Some descriptions require a property they never define (3.9's organization-full, `archived_at`).
        into.extend(schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str));
        for part in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
            self.documented_properties(part, into)?;
        }
        Some(())
    }

    fn check(&self, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>, strict: Strict) {
        let schema = self.resolve(schema);
        if strict == Strict::Yes {
            if let Some(obj) = value.as_object() {
                let mut documented = Vec::new();
                if self.documented_properties(schema, &mut documented).is_some() && !documented.is_empty() {
                    for k in obj.keys().filter(|k| !documented.contains(&k.as_str())) {
                        errors.push(format!("{at}: property {k:?} is not in this version's schema"));
                    }
                }
            }
        }
        // Below this level every object is checked again; an allOf part is this level, already checked.
        let below = if strict == Strict::No { Strict::No } else { Strict::Yes };
        let part = if strict == Strict::No { Strict::No } else { Strict::Below };
        if value.is_null() {
            if schema.get("nullable").and_then(Value::as_bool) == Some(true) || schema.get("type").is_none() && schema.get("enum").is_none() && !has_composition(schema) {
                return;
            }
            // A nullable branch inside anyOf/oneOf also admits null.
            if has_composition(schema) {
                let branches = ["anyOf", "oneOf"].iter().filter_map(|k| schema.get(*k)?.as_array()).flatten();
                if branches.clone().any(|b| self.resolve(b).get("nullable").and_then(Value::as_bool) == Some(true)) {
                    return;
                }
            } else {
                errors.push(format!("{at}: null where the schema does not allow it"));
                return;
            }
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            for s in all {
                self.check(s, value, at, errors, part);
            }
        }
        // GitHub's oneOf branches overlap (private-user is also a public-user), so any match is enough.
        for key in ["anyOf", "oneOf"] {
            if let Some(branches) = schema.get(key).and_then(Value::as_array) {
                let fits = branches.iter().any(|b| {
                    let mut e = Vec::new();
                    self.check(b, value, at, &mut e, below);
                    e.is_empty()
                });
                if !fits {
                    errors.push(format!("{at}: matches none of the {key} branches"));
                }
            }
        }
        if let Some(options) = schema.get("enum").and_then(Value::as_array) {
            if !value.is_null() && !options.contains(value) {
                errors.push(format!("{at}: {value} is not one of {}", Value::Array(options.clone())));
            }
        }
        let Some(ty) = schema.get("type").and_then(Value::as_str) else { return };
        let fits = match ty {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            _ => true,
        };
        if !fits {
            errors.push(format!("{at}: expected {ty}, got {}", short(value)));
            return;
        }
        match ty {
            "object" => {
                let obj = value.as_object().unwrap();
                for req in schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
                    if !obj.contains_key(req) {
                        errors.push(format!("{at}: missing required property {req:?}"));
                    }
                }
                let props = schema.get("properties").and_then(Value::as_object);
                for (k, v) in obj {
                    match props.and_then(|p| p.get(k)) {
                        Some(s) => self.check(s, v, &format!("{at}/{k}"), errors, below),
                        None => match schema.get("additionalProperties") {
                            Some(Value::Bool(false)) => errors.push(format!("{at}: unexpected property {k:?}")),
                            Some(s @ Value::Object(_)) => self.check(s, v, &format!("{at}/{k}"), errors, below),
                            _ => {}
                        },
                    }
                }
            }
            "array" => {
                let items = value.as_array().unwrap();
                if let Some(min) = schema.get("minItems").and_then(Value::as_u64) {
                    if (items.len() as u64) < min {
                        errors.push(format!("{at}: {} items, fewer than minItems {min}", items.len()));
                    }
                }
                if let Some(max) = schema.get("maxItems").and_then(Value::as_u64) {
                    if items.len() as u64 > max {
                        errors.push(format!("{at}: {} items, more than maxItems {max}", items.len()));
                    }
                }
                if let Some(item_schema) = schema.get("items") {
                    for (i, v) in items.iter().enumerate() {
                        self.check(item_schema, v, &format!("{at}/{i}"), errors, below);
                    }
                }
            }
            "string" if schema.get("format").and_then(Value::as_str) == Some("date-time") && !value.as_str().is_some_and(is_date_time) => {
                errors.push(format!("{at}: {value} is not an RFC 3339 date-time"));
            }
            _ => {}
        }
    }
}

/// Whether undocumented properties count: `Below` skips this level (an `allOf` part of a level
/// already checked as a whole) and checks every level under it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Strict {
    No,
    Yes,
    Below,
}

fn has_composition(schema: &Value) -> bool {
    schema.get("anyOf").is_some() || schema.get("oneOf").is_some() || schema.get("allOf").is_some()
}

fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 20 && b[4] == b'-' && b[7] == b'-' && b[10] == b'T' && b[13] == b':' && b[16] == b':' && (s.ends_with('Z') || s[19..].contains(['+', '-']))
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 60 {
        format!("{}…", &s[..s.char_indices().nth(60).map_or(s.len(), |(i, _)| i)])
    } else {
        s
    }
}
