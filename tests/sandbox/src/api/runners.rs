//! Runner operations: list, get, delete, labels; what registering needs is in [`super::registration`].
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{json, Value};

use super::paging::{page_of, paginate, with_link};
use super::{Ctx, Reply};
use crate::profile::Profile;
use crate::world::{Owner, Runner, World};

pub(super) fn list_runners(w: &World, owner: Owner, ctx: &Ctx) -> Reply {
    // Before GHES 3.11 the filter does not exist: the parameter is ignored and every runner listed.
    let name = ctx.query.get("name").filter(|n| !n.is_empty() && ctx.profile.has_runner_name_filter());
    if let Some(name) = name {
        let runners: Vec<&Runner> = w.runners_of(owner).filter(|r| r.name == *name).collect();
        return runner_page(w, &runners, ctx);
    }
    // Unfiltered: the count, and only the page's runners looked at.
    let total = w.runner_count_of(owner);
    let (range, link) = page_of(total, ctx);
    runners_reply(w, total, &w.runner_page_of(owner, range), link, ctx)
}

pub(super) fn runner_page(w: &World, runners: &[&Runner], ctx: &Ctx) -> Reply {
    let (page, link) = paginate(runners, ctx);
    runners_reply(w, runners.len(), &page, link, ctx)
}

fn runners_reply(w: &World, total: usize, page: &[&Runner], link: Option<String>, ctx: &Ctx) -> Reply {
    let runners: Vec<RunnerOut> = page.iter().map(|r| RunnerOut { w, r, profile: ctx.profile }).collect();
    with_link(Reply::written(200, &ListOut { runners, total_count: total }), link)
}

/// A page of runners as GitHub writes it (keys in the order a `json!` map would have them).
#[derive(serde::Serialize)]
struct ListOut<'a> {
    runners: Vec<RunnerOut<'a>>,
    total_count: usize,
}

/// A runner as `profile` documents it: `runner_group_id` since GHES 3.8, `ephemeral` since 3.13,
/// `version` since 3.17. Written straight out, as a list of thousands would otherwise be built as
/// values first; [`runner_json`] is the same as a value.
struct RunnerOut<'a> {
    w: &'a World,
    r: &'a Runner,
    profile: Profile,
}

impl Serialize for RunnerOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (r, profile) = (self.r, self.profile);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("busy", &r.busy)?;
        if profile.has_runner_ephemeral() {
            m.serialize_entry("ephemeral", &r.ephemeral)?;
        }
        m.serialize_entry("id", &r.id)?;
        m.serialize_entry("labels", &LabelsOut { w: self.w, r, with_custom: true })?;
        m.serialize_entry("name", &r.name)?;
        m.serialize_entry("os", &r.os)?;
        if let Some(g) = r.group.filter(|_| profile.has_runner_group_id()) {
            m.serialize_entry("runner_group_id", &g)?;
        }
        m.serialize_entry("status", if r.online { "online" } else { "offline" })?;
        if profile.has_runner_version() {
            m.serialize_entry("version", &r.version)?;
        }
        m.end()
    }
}

/// A runner's labels: the read-only ones its machine gives it, then (`with_custom`) its own.
struct LabelsOut<'a> {
    w: &'a World,
    r: &'a Runner,
    with_custom: bool,
}

impl LabelsOut<'_> {
    fn len(&self) -> usize {
        3 + if self.with_custom { self.r.custom_labels.len() } else { 0 }
    }
}

impl Serialize for LabelsOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.r;
        let read_only = r.read_only_labels().map(|name| (name, "read-only"));
        let custom = r.custom_labels.iter().filter(|_| self.with_custom).map(|name| (name.as_str(), "custom"));
        let mut list = s.serialize_seq(Some(self.len()))?;
        for (name, kind) in read_only.into_iter().chain(custom) {
            list.serialize_element(&LabelOut { id: label_id(self.w, name), name, kind })?;
        }
        list.end()
    }
}

struct LabelOut<'a> {
    id: u64,
    name: &'a str,
    kind: &'static str,
}

impl Serialize for LabelOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("id", &self.id)?;
        m.serialize_entry("name", self.name)?;
        m.serialize_entry("type", self.kind)?;
        m.end()
    }
}

/// A label's id, by its name in any case (0 for one the world has never seen).
fn label_id(w: &World, name: &str) -> u64 {
    let id = |key: &str| w.label_ids.get(key).copied().unwrap_or(0);
    if name.chars().any(char::is_uppercase) {
        id(&name.to_lowercase())
    } else {
        id(name)
    }
}

/// [`RunnerOut`] as a value, for the answers that hold one runner.
pub fn runner_json(w: &World, r: &Runner, profile: Profile) -> Value {
    serde_json::to_value(RunnerOut { w, r, profile }).unwrap_or(Value::Null)
}

fn labels_json(w: &World, r: &Runner, with_custom: bool) -> Value {
    serde_json::to_value(LabelsOut { w, r, with_custom }).unwrap_or(Value::Null)
}

fn labels_reply(w: &World, id: u64, with_custom: bool) -> Reply {
    let r = &w.runners[&id];
    let labels = labels_json(w, r, with_custom);
    let total = labels.as_array().map_or(0, Vec::len);
    Reply::json(200, json!({ "total_count": total, "labels": labels }))
}

pub(super) fn runner_op(w: &mut World, id: u64, method: &str, rest: &[&str], ctx: &Ctx) -> Reply {
    match (method, rest) {
        ("GET", []) => Reply::json(200, runner_json(w, &w.runners[&id], ctx.profile)),
        ("DELETE", []) => {
            if w.runners[&id].busy {
                let message = format!("Runner \"{}\" is still running a job; it cannot be deleted until the job finishes.", w.runners[&id].name);
                return Reply::invalid(&message, vec![]);
            }
            if let Some(gone) = w.remove_runner(id) {
                w.audit(gone.owner, "remove_self_hosted_runner", Some(ctx.user), vec![]);
            }
            Reply::no_content()
        }
        ("GET", ["labels"]) => labels_reply(w, id, true),
        ("POST", ["labels"]) | ("PUT", ["labels"]) => {
            let adding = method == "POST";
            let labels = match label_list(ctx.body, if adding { 1 } else { 0 }) {
                Ok(l) => l,
                Err(reply) => return reply,
            };
            let runner = &w.runners[&id];
            let read_only = runner.read_only_labels();
            if let Some(l) = labels.iter().find(|l| read_only.iter().any(|ro| ro.eq_ignore_ascii_case(l))) {
                return Reply::invalid("Validation Failed", vec![format!("Label \"{l}\" is a read-only label and cannot be added as a custom label.")]);
            }
            let mut custom = if adding { runner.custom_labels.clone() } else { vec![] };
            for l in labels {
                if !custom.iter().any(|c| c.eq_ignore_ascii_case(&l)) {
                    custom.push(l);
                }
            }
            if custom.len() > 100 {
                return Reply::invalid("Validation Failed", vec!["A runner can have at most 100 custom labels.".into()]);
            }
            for l in &custom {
                w.label_id(l);
            }
            if let Some(runner) = w.runners.get_mut(&id) {
                runner.custom_labels = custom;
            }
            labels_reply(w, id, true)
        }
        ("DELETE", ["labels"]) => {
            if let Some(runner) = w.runners.get_mut(&id) {
                runner.custom_labels.clear();
            }
            labels_reply(w, id, false)
        }
        ("DELETE", ["labels", name]) => {
            let Some(runner) = w.runners.get_mut(&id) else { return Reply::not_found() };
            if runner.read_only_labels().iter().any(|ro| ro.eq_ignore_ascii_case(name)) {
                return Reply::invalid("Validation Failed", vec![format!("Label \"{name}\" is read-only and cannot be removed.")]);
            }
            let before = runner.custom_labels.len();
            runner.custom_labels.retain(|c| !c.eq_ignore_ascii_case(name));
            if runner.custom_labels.len() == before {
                return Reply::not_found();
            }
            labels_reply(w, id, true)
        }
        _ => Reply::not_found(),
    }
}

/// GitHub's label rules: 1-100 names, each non-empty, at most 256 characters, no commas or control
/// characters, no surrounding whitespace, no duplicates (case-insensitive).
pub fn validate_label_names(labels: &[String], min: usize) -> Result<(), Vec<String>> {
    let mut errors = Vec::new();
    if labels.len() < min {
        errors.push(format!("At least {min} label is required."));
    }
    if labels.len() > 100 {
        errors.push("At most 100 labels can be sent at once.".into());
    }
    let mut seen: Vec<String> = Vec::new();
    for l in labels {
        if l.trim().is_empty() {
            errors.push("Label names cannot be empty.".into());
        } else if l.chars().count() > 256 {
            errors.push(format!("Label \"{}…\" is longer than 256 characters.", l.chars().take(20).collect::<String>()));
        } else if l.trim() != l {
            errors.push(format!("Label \"{l}\" starts or ends with whitespace."));
        } else if l.contains(',') || l.chars().any(char::is_control) {
            errors.push(format!("Label \"{}\" contains a comma or a control character.", l.escape_debug()));
        }
        let key = l.to_lowercase();
        if seen.contains(&key) {
            errors.push(format!("Label \"{l}\" is listed more than once."));
        }
        seen.push(key);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

pub(super) fn label_list(body: Option<&Value>, min: usize) -> Result<Vec<String>, Reply> {
    let Some(labels) = body.and_then(|b| b.get("labels")) else {
        return Err(Reply::invalid("Invalid request.\n\n\"labels\" wasn't supplied.", vec!["\"labels\" wasn't supplied.".into()]));
    };
    let Some(items) = labels.as_array() else {
        return Err(Reply::invalid("Invalid request.\n\nFor 'properties/labels', it is not an array.", vec!["labels is not an array".into()]));
    };
    let mut names = Vec::new();
    for item in items {
        match item.as_str() {
            Some(s) => names.push(s.to_string()),
            None => return Err(Reply::invalid("Invalid request.\n\nFor 'items', it is not a string.", vec![format!("{item} is not a string")])),
        }
    }
    validate_label_names(&names, min).map_err(|errors| Reply::invalid("Validation Failed", errors))?;
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_rules() {
        assert!(validate_label_names(&["gpu".into(), "🚀-fast".into(), "עברית".into()], 1).is_ok());
        assert!(validate_label_names(&[], 1).is_err());
        assert!(validate_label_names(&[], 0).is_ok());
        assert!(validate_label_names(&["a,b".into()], 1).is_err());
        assert!(validate_label_names(&["GPU".into(), "gpu".into()], 1).is_err());
        assert!(validate_label_names(&[" x".into()], 1).is_err());
        assert!(validate_label_names(&["x".repeat(257)], 1).is_err());
    }
}
