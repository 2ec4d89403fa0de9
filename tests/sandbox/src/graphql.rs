//! GraphQL (`POST /graphql` on github.com, `POST /api/graphql` on GHES), for the one question the
//! console asks it: an enterprise's organizations,
//! `enterprise(slug:) { organizations(first:, after:) { nodes { login } pageInfo { hasNextPage endCursor } } }`.
//!
//! Answered as GitHub answers: HTTP 200 with `data` and/or `errors`; a field the sandbox does not model
//! is refused (errors only), never guessed at. `organizations` needs `read:enterprise` (or
//! `admin:enterprise`); pages hold at most 100, in login order, behind opaque cursors.
mod parse;

use serde_json::{json, Map, Value as Json};

use crate::world::World;
use parse::{Field, Operation, Value};

/// The GraphQL types the sandbox models, and their fields: (field, the type it leads to, if an object).
fn fields_of(type_name: &str) -> &'static [(&'static str, Option<&'static str>)] {
    match type_name {
        "Query" => &[("enterprise", Some("Enterprise")), ("__typename", None)],
        "Enterprise" => &[("organizations", Some("OrganizationConnection")), ("slug", None), ("name", None), ("id", None), ("databaseId", None), ("__typename", None)],
        "OrganizationConnection" => &[("nodes", Some("Organization")), ("edges", Some("OrganizationEdge")), ("pageInfo", Some("PageInfo")), ("totalCount", None), ("__typename", None)],
        "OrganizationEdge" => &[("cursor", None), ("node", Some("Organization")), ("__typename", None)],
        "Organization" => &[("login", None), ("id", None), ("databaseId", None), ("__typename", None)],
        "PageInfo" => &[("hasNextPage", None), ("hasPreviousPage", None), ("endCursor", None), ("startCursor", None), ("__typename", None)],
        _ => &[],
    }
}

/// The most a connection gives at once.
const MAX_PAGE: i64 = 100;
/// The scopes that may read an enterprise's organizations (`admin:enterprise` includes the other).
const ENTERPRISE_READ: [&str; 2] = ["read:enterprise", "admin:enterprise"];

fn error(message: String, field: Option<&Field>) -> Json {
    let mut e = Map::new();
    e.insert("message".into(), json!(message));
    if let Some(f) = field {
        e.insert("locations".into(), json!([{ "line": f.line, "column": f.column }]));
    }
    Json::Object(e)
}

fn typed_error(kind: &str, path: &[&str], field: &Field, message: String) -> Json {
    json!({ "type": kind, "path": path, "locations": [{ "line": field.line, "column": field.column }], "message": message })
}

/// Answers a GraphQL request body; the answer is always sent with HTTP 200. `web` is the server's web
/// address, for the settings page named in scope errors.
pub fn execute(w: &World, body: &Json, scopes: &[&str], web: &str) -> Json {
    let Some(query) = body.get("query").and_then(Json::as_str) else {
        return json!({ "errors": [error("A query attribute must be specified and must be a string.".into(), None)] });
    };
    let variables = body.get("variables").cloned().unwrap_or(Json::Null);
    let op = match parse::parse(query) {
        Ok(op) => op,
        Err(e) => return json!({ "errors": [{ "message": e.message, "locations": [{ "line": e.line, "column": e.column }] }] }),
    };
    if op.kind != "query" {
        return json!({ "errors": [error(format!("ghes-sandbox does not model a {}", op.kind), op.selection.first())] });
    }
    let mut errors = Vec::new();
    for f in &op.selection {
        validate(f, "Query", &mut errors);
    }
    if !errors.is_empty() {
        return json!({ "errors": errors });
    }
    // Scopes are checked before anything runs, as GitHub does.
    let granted: Vec<String> = scopes.iter().map(|s| format!("'{s}'")).collect();
    for e in op.selection.iter().filter(|f| f.name == "enterprise") {
        if let Some(orgs) = e.selection.iter().find(|f| f.name == "organizations") {
            if !scopes.iter().any(|s| ENTERPRISE_READ.contains(s)) {
                let message = format!(
                    "Your token has not been granted the required scopes to execute this query. The 'organizations' field requires one of the following scopes: ['read:enterprise'], \
                     but your token has only been granted the: [{}] scopes. Please modify your token's scopes at: {web}/settings/tokens.",
                    granted.join(", ")
                );
                return json!({ "errors": [{ "type": "INSUFFICIENT_SCOPES", "locations": [{ "line": orgs.line, "column": orgs.column }], "message": message }] });
            }
            if let Some(e) = pagination_error(orgs) {
                return json!({ "errors": [e] });
            }
        }
    }
    let mut data = Map::new();
    for f in &op.selection {
        let value = match f.name.as_str() {
            "__typename" => json!("Query"),
            _ => enterprise(w, f, &op, &variables, &mut errors),
        };
        data.insert(f.key().to_string(), value);
    }
    let mut out = Map::new();
    out.insert("data".into(), Json::Object(data));
    if !errors.is_empty() {
        out.insert("errors".into(), Json::Array(errors));
    }
    Json::Object(out)
}

/// Every field is one the sandbox models, with a selection where it needs one.
fn validate(f: &Field, on: &str, errors: &mut Vec<Json>) {
    let Some((_, leads_to)) = fields_of(on).iter().find(|(n, _)| *n == f.name) else {
        errors.push(error(format!("ghes-sandbox does not model the field '{}' on type '{on}'", f.name), Some(f)));
        return;
    };
    match (leads_to, f.selection.is_empty()) {
        (Some(t), true) => errors.push(error(format!("Field must have selections (field '{}' returns {t} but has no selections. Did you mean '{} {{ ... }}'?)", f.name, f.name), Some(f))),
        (None, false) => errors.push(error(
            format!("Selections can't be made on scalars (field '{}' returns a scalar but has selections [{}])", f.name, f.selection.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(", ")),
            Some(f),
        )),
        (Some(t), false) => f.selection.iter().for_each(|s| validate(s, t, errors)),
        (None, true) => {}
    }
}

/// GitHub's refusals of a connection's `first`/`last`: missing, or over 100.
fn pagination_error(orgs: &Field) -> Option<Json> {
    if orgs.arg("last").is_some() || orgs.arg("before").is_some() {
        return Some(error("ghes-sandbox pages enterprise organizations forward only (first/after)".into(), Some(orgs)));
    }
    match orgs.arg("first") {
        None => Some(
            json!({ "type": "MISSING_PAGINATION_BOUNDARIES", "locations": [{ "line": orgs.line, "column": orgs.column }], "message": "You must provide a `first` or `last` value to properly paginate the `organizations` connection." }),
        ),
        Some(Value::Int(n)) if *n > MAX_PAGE => Some(
            json!({ "type": "EXCESSIVE_PAGINATION", "locations": [{ "line": orgs.line, "column": orgs.column }], "message": format!("Requesting {n} records on the `organizations` connection exceeds the `first` limit of {MAX_PAGE} records.") }),
        ),
        _ => None,
    }
}

/// An argument's value with variables put in (a variable not given: its default, or null).
fn resolve(v: &Value, op: &Operation, variables: &Json) -> Json {
    match v {
        Value::Var(name) => variables.get(name).cloned().or_else(|| op.defaults.iter().find(|(n, _)| n == name).map(|(_, d)| resolve(d, op, variables))).unwrap_or(Json::Null),
        Value::Str(s) | Value::Enum(s) => json!(s),
        Value::Int(i) => json!(i),
        Value::Float(f) => json!(f),
        Value::Bool(b) => json!(b),
        Value::Null => Json::Null,
        Value::List(items) => Json::Array(items.iter().map(|i| resolve(i, op, variables)).collect()),
        Value::Object(fields) => Json::Object(fields.iter().map(|(k, v)| (k.clone(), resolve(v, op, variables))).collect()),
    }
}

fn enterprise(w: &World, f: &Field, op: &Operation, variables: &Json, errors: &mut Vec<Json>) -> Json {
    let slug = f.arg("slug").map(|v| resolve(v, op, variables)).unwrap_or(Json::Null);
    let Some(slug) = slug.as_str() else {
        errors.push(error(format!("Argument 'slug' on Field '{}' has an invalid value ({slug}). Expected type 'String!'.", f.key()), Some(f)));
        return Json::Null;
    };
    if !slug.eq_ignore_ascii_case(&w.enterprise_slug) {
        errors.push(typed_error("NOT_FOUND", &[f.key()], f, format!("Could not resolve to an Enterprise with the slug of '{slug}'.")));
        return Json::Null;
    }
    let mut out = Map::new();
    for s in &f.selection {
        let value = match s.name.as_str() {
            "slug" | "name" => json!(w.enterprise_slug),
            "id" => json!(format!("E_sandbox{}", crate::world::ENTERPRISE_ID)),
            "databaseId" => json!(crate::world::ENTERPRISE_ID),
            "__typename" => json!("Enterprise"),
            _ => match organizations(w, s, op, variables) {
                Ok(v) => v,
                Err(message) => {
                    // organizations is non-null: its failure makes the enterprise null.
                    errors.push(typed_error("INVALID_CURSOR_ARGUMENTS", &[f.key(), s.key()], s, message));
                    return Json::Null;
                }
            },
        };
        out.insert(s.key().to_string(), value);
    }
    Json::Object(out)
}

fn organizations(w: &World, f: &Field, op: &Operation, variables: &Json) -> Result<Json, String> {
    let first = f.arg("first").map(|v| resolve(v, op, variables)).and_then(|v| v.as_i64()).unwrap_or(MAX_PAGE).clamp(0, MAX_PAGE) as usize;
    let after = f.arg("after").map(|v| resolve(v, op, variables)).unwrap_or(Json::Null);
    let start = match after.as_str() {
        None => 0,
        Some(c) => decode_cursor(c).ok_or_else(|| format!("`{c}` does not appear to be a valid cursor."))?,
    };
    let mut orgs: Vec<_> = w.orgs.iter().collect();
    orgs.sort_by_key(|o| o.login.to_lowercase());
    let page: Vec<(usize, &crate::world::Org)> = orgs.iter().copied().enumerate().skip(start).take(first).collect();
    let org_json = |sel: &[Field], o: &crate::world::Org| {
        Json::Object(
            sel.iter()
                .map(|s| {
                    let v = match s.name.as_str() {
                        "login" => json!(o.login),
                        "id" => json!(format!("O_sandbox{}", o.id)),
                        "databaseId" => json!(o.id),
                        _ => json!("Organization"),
                    };
                    (s.key().to_string(), v)
                })
                .collect(),
        )
    };
    let mut out = Map::new();
    for s in &f.selection {
        let value = match s.name.as_str() {
            "nodes" => Json::Array(page.iter().map(|(_, o)| org_json(&s.selection, o)).collect()),
            "edges" => Json::Array(
                page.iter()
                    .map(|(i, o)| {
                        Json::Object(
                            s.selection
                                .iter()
                                .map(|e| {
                                    let v = match e.name.as_str() {
                                        "cursor" => json!(encode_cursor(i + 1)),
                                        "node" => org_json(&e.selection, o),
                                        _ => json!("OrganizationEdge"),
                                    };
                                    (e.key().to_string(), v)
                                })
                                .collect(),
                        )
                    })
                    .collect(),
            ),
            "pageInfo" => Json::Object(
                s.selection
                    .iter()
                    .map(|p| {
                        let v = match p.name.as_str() {
                            "hasNextPage" => json!(start + page.len() < orgs.len()),
                            "hasPreviousPage" => json!(start > 0 && !orgs.is_empty()),
                            "endCursor" => page.last().map_or(Json::Null, |(i, _)| json!(encode_cursor(i + 1))),
                            "startCursor" => page.first().map_or(Json::Null, |(i, _)| json!(encode_cursor(i + 1))),
                            _ => json!("PageInfo"),
                        };
                        (p.key().to_string(), v)
                    })
                    .collect(),
            ),
            "totalCount" => json!(orgs.len()),
            _ => json!("OrganizationConnection"),
        };
        out.insert(s.key().to_string(), value);
    }
    Ok(Json::Object(out))
}

const CURSOR_PREFIX: &str = "cursor:v2:";
const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// An opaque cursor, as GitHub's look: base64 of `cursor:v2:` and the position after the item.
fn encode_cursor(position: usize) -> String {
    let bytes = format!("{CURSOR_PREFIX}{position}").into_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (*b as u32) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= chunk.len() { B64[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

fn decode_cursor(cursor: &str) -> Option<usize> {
    let mut bits = Vec::new();
    for c in cursor.trim_end_matches('=').bytes() {
        bits.push(B64.iter().position(|b| *b == c)? as u32);
    }
    let mut bytes = Vec::new();
    for chunk in bits.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, v)| n | v << (18 - 6 * i));
        for i in 0..chunk.len().saturating_sub(1) {
            bytes.push((n >> (16 - 8 * i) & 255) as u8);
        }
    }
    String::from_utf8(bytes).ok()?.strip_prefix(CURSOR_PREFIX)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::SeedConfig;

    const FLEET: &str = "query($cursor: String) { enterprise(slug: \"acme\") { organizations(first: 100, after: $cursor) { nodes { login } pageInfo { hasNextPage endCursor } } } }";

    #[test]
    fn cursors_round_trip_and_nonsense_is_no_cursor() {
        for n in [0, 1, 99, 100, 12345] {
            assert_eq!(decode_cursor(&encode_cursor(n)), Some(n));
        }
        assert_eq!(encode_cursor(1), "Y3Vyc29yOnYyOjE=");
        assert_eq!(decode_cursor("nope!"), None);
        assert_eq!(decode_cursor("Y3Vyc29y"), None, "cursor without a position");
    }

    #[test]
    fn pages_the_organizations_in_login_order() {
        let w = World::seed(&SeedConfig { orgs: 150, repos_per_org: 0, ..SeedConfig::default() });
        let first = execute(&w, &json!({ "query": FLEET }), &["admin:enterprise"], "http://h");
        let page = &first["data"]["enterprise"]["organizations"];
        assert_eq!(page["nodes"].as_array().unwrap().len(), 100);
        assert_eq!(page["nodes"][0]["login"], "acme-data");
        assert_eq!(page["pageInfo"]["hasNextPage"], true);
        let second = execute(&w, &json!({ "query": FLEET, "variables": { "cursor": page["pageInfo"]["endCursor"] } }), &["read:enterprise"], "http://h");
        let page = &second["data"]["enterprise"]["organizations"];
        assert_eq!(page["nodes"].as_array().unwrap().len(), 53);
        assert_eq!(page["pageInfo"]["hasNextPage"], false);
        assert_eq!(page["nodes"][52]["login"], "acme-platform");
        assert!(second.get("errors").is_none());
    }

    #[test]
    fn errors_are_github_s() {
        let w = World::seed(&SeedConfig::default());
        let none = execute(&w, &json!({ "query": FLEET.replace("\"acme\"", "\"x\"") }), &["admin:enterprise"], "http://h");
        assert_eq!(none["data"], json!({ "enterprise": null }));
        assert_eq!(none["errors"][0]["type"], "NOT_FOUND");
        assert_eq!(none["errors"][0]["message"], "Could not resolve to an Enterprise with the slug of 'x'.");
        let scopes = execute(&w, &json!({ "query": FLEET }), &["admin:org", "manage_runners:enterprise"], "http://h");
        assert_eq!(scopes["errors"][0]["type"], "INSUFFICIENT_SCOPES");
        assert!(scopes["errors"][0]["message"].as_str().unwrap().contains("granted the: ['admin:org', 'manage_runners:enterprise'] scopes"));
        assert!(scopes.get("data").is_none());
        let big = execute(&w, &json!({ "query": FLEET.replace("100", "101") }), &["admin:enterprise"], "http://h");
        assert_eq!(big["errors"][0]["type"], "EXCESSIVE_PAGINATION");
        let unknown = execute(&w, &json!({ "query": "{ enterprise(slug: \"acme\") { members { totalCount } } }" }), &["admin:enterprise"], "http://h");
        assert!(unknown["errors"][0]["message"].as_str().unwrap().contains("'members'"));
        let bad_cursor = execute(&w, &json!({ "query": FLEET, "variables": { "cursor": "abc" } }), &["admin:enterprise"], "http://h");
        assert_eq!((bad_cursor["data"]["enterprise"].clone(), bad_cursor["errors"][0]["type"].clone()), (Json::Null, json!("INVALID_CURSOR_ARGUMENTS")));
        assert!(execute(&w, &json!({}), &[], "http://h")["errors"][0]["message"].as_str().unwrap().starts_with("A query attribute"));
    }
}
