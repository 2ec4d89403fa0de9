//! Checking JSON against GitHub's OpenAPI descriptions: loading them, and operation lookup; the
//! validator for the OpenAPI 3.0 schema subset they use is in [`validate`].
mod validate;

use serde_json::Value;

/// The descriptions vendored, trimmed, under `tests/spec/` (see `tests/spec/regenerate.sh`).
pub const DESCRIPTIONS: [&str; 5] = ["ghes-3.19", "ghes-3.9", "ghes-3.4", "api.github.com", "ghec"];

/// The vendored, trimmed GHES 3.19 description.
pub fn vendored_spec() -> Value {
    vendored("ghes-3.19")
}

/// One vendored, trimmed description, by name (one of [`DESCRIPTIONS`]).
pub fn vendored(description: &str) -> Value {
    let path = format!("{}/../spec/{description}-runners.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"))
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
    /// GHES 3.19's description.
    pub fn load() -> Spec {
        Spec { doc: vendored_spec() }
    }

    pub fn load_description(description: &str) -> Spec {
        Spec { doc: vendored(description) }
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

    #[test]
    fn strict_validation_refuses_what_a_version_does_not_document() {
        let runner = json!({ "$ref": "#/components/schemas/runner" });
        let with_version = json!({ "id": 1, "name": "a", "os": "Linux", "status": "online", "busy": false, "labels": [], "version": "2.329.0" });
        assert!(Spec::load().validate_strict(&runner, &with_version).is_empty());
        let old = Spec::load_description("ghes-3.4");
        assert!(old.validate(&runner, &with_version).is_empty(), "the description does not forbid more");
        assert!(old.validate_strict(&runner, &with_version).iter().any(|e| e.contains("\"version\"")));
        let nested = json!({ "id": 1, "name": "a", "os": "Linux", "status": "online", "busy": false, "labels": [{ "name": "x", "colour": "red" }] });
        assert!(old.validate_strict(&runner, &nested).iter().any(|e| e.starts_with("/labels/0") && e.contains("colour")));
        for d in DESCRIPTIONS {
            assert!(Spec::load_description(d).operation("GET", "/meta").is_some(), "{d} has /meta");
        }
    }
}
