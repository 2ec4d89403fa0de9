//! Checking JSON against GitHub's OpenAPI description: operation lookup and a validator for the
//! OpenAPI 3.0 schema subset GitHub's description uses.
use serde_json::Value;

/// The vendored, trimmed GHES 3.19 description (see `tests/spec/regenerate.sh`).
pub fn vendored_spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/ghes-3.19-runners.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    serde_json::from_str(&text).expect("the vendored spec is JSON")
}

pub struct Spec {
    pub doc: Value,
}

/// One operation of the description, found by method and concrete path.
pub struct Operation<'a> {
    pub template: String,
    pub method: String,
    pub op: &'a Value,
}

impl Spec {
    pub fn load() -> Spec {
        Spec { doc: vendored_spec() }
    }

    /// Matches `/orgs/acme/actions/runners/5` to `/orgs/{org}/actions/runners/{runner_id}`. Literal
    /// segments win over parameters, so `runners/downloads` is not taken for `runners/{runner_id}`.
    pub fn operation(&self, method: &str, path: &str) -> Option<Operation<'_>> {
        let path = path.split('?').next().unwrap_or(path);
        let have: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let mut best: Option<(usize, &String, &Value)> = None;
        for (template, item) in self.doc["paths"].as_object()? {
            let want: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
            if want.len() != have.len() {
                continue;
            }
            let mut literal = 0;
            let ok = want.iter().zip(&have).all(|(w, h)| {
                if w.starts_with('{') {
                    true
                } else {
                    literal += 1;
                    w == h
                }
            });
            if ok && item.get(method.to_lowercase()).is_some() && best.is_none_or(|(n, ..)| literal > n) {
                best = Some((literal, template, item));
            }
        }
        let (_, template, item) = best?;
        Some(Operation { template: template.clone(), method: method.to_lowercase(), op: &item[method.to_lowercase()] })
    }

    pub fn resolve<'a>(&'a self, node: &'a Value) -> &'a Value {
        let mut node = node;
        while let Some(r) = node.get("$ref").and_then(Value::as_str) {
            let mut target = &self.doc;
            for part in r.trim_start_matches("#/").split('/') {
                target = &target[part];
            }
            node = target;
        }
        node
    }

    /// The JSON schema of the response for `status`, if the operation documents one with a body.
    pub fn response_schema<'a>(&'a self, op: &Operation<'a>, status: u16) -> Option<&'a Value> {
        let response = op.op["responses"].get(status.to_string())?;
        let response = self.resolve(response);
        response.get("content")?.get("application/json")?.get("schema")
    }

    pub fn documented_statuses(&self, op: &Operation) -> Vec<u16> {
        op.op["responses"].as_object().map(|r| r.keys().filter_map(|k| k.parse().ok()).collect()).unwrap_or_default()
    }

    pub fn request_schema<'a>(&'a self, op: &Operation<'a>) -> Option<&'a Value> {
        self.resolve(op.op.get("requestBody")?).get("content")?.get("application/json")?.get("schema")
    }

    /// Every problem found, as `pointer: message`; empty when `value` conforms.
    pub fn validate(&self, schema: &Value, value: &Value) -> Vec<String> {
        let mut errors = Vec::new();
        self.check(schema, value, "", &mut errors);
        errors
    }

    fn check(&self, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
        let schema = self.resolve(schema);
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
                self.check(s, value, at, errors);
            }
        }
        // GitHub's oneOf branches overlap (private-user is also a public-user), so any match is enough.
        for key in ["anyOf", "oneOf"] {
            if let Some(branches) = schema.get(key).and_then(Value::as_array) {
                let fits = branches.iter().any(|b| {
                    let mut e = Vec::new();
                    self.check(b, value, at, &mut e);
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
                        Some(s) => self.check(s, v, &format!("{at}/{k}"), errors),
                        None => match schema.get("additionalProperties") {
                            Some(Value::Bool(false)) => errors.push(format!("{at}: unexpected property {k:?}")),
                            Some(s @ Value::Object(_)) => self.check(s, v, &format!("{at}/{k}"), errors),
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
                        self.check(item_schema, v, &format!("{at}/{i}"), errors);
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_operations_preferring_literal_segments() {
        let spec = Spec::load();
        let op = spec.operation("GET", "/orgs/acme/actions/runners/downloads").unwrap();
        assert_eq!(op.template, "/orgs/{org}/actions/runners/downloads");
        let op = spec.operation("DELETE", "/orgs/acme/actions/runners/5/labels/gpu").unwrap();
        assert_eq!(op.template, "/orgs/{org}/actions/runners/{runner_id}/labels/{name}");
        assert!(spec.operation("PATCH", "/orgs/acme/actions/runners/5").is_none());
    }

    #[test]
    fn the_validator_catches_what_it_should() {
        let spec = Spec::load();
        let runner = json!({ "$ref": "#/components/schemas/runner" });
        let good = json!({ "id": 1, "name": "a", "os": "Linux", "status": "online", "busy": false, "labels": [], "version": null });
        assert_eq!(spec.validate(&runner, &good), Vec::<String>::new());
        let missing = json!({ "id": 1, "name": "a", "os": "Linux", "busy": false, "labels": [] });
        assert!(spec.validate(&runner, &missing).iter().any(|e| e.contains("status")));
        let wrong_type = json!({ "id": "1", "name": "a", "os": "Linux", "status": "online", "busy": false, "labels": [] });
        assert!(!spec.validate(&runner, &wrong_type).is_empty());
        let bad_label = json!({ "id": 1, "name": "a", "os": "Linux", "status": "online", "busy": false, "labels": [{ "name": "x", "type": "weird" }] });
        assert!(spec.validate(&runner, &bad_label).iter().any(|e| e.contains("/labels/0/type")));
        let null_name = json!({ "id": 1, "name": null, "os": "Linux", "status": "online", "busy": false, "labels": [] });
        assert!(!spec.validate(&runner, &null_name).is_empty());
    }
}
