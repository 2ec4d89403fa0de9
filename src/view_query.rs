//! The runners list's view state ↔ the URL query, so a filtered, sorted view can be shared. Pure.
use crate::fleet::{Filter, SortKey, Status};
use crate::github::models::RunnerGroup;

/// The query as ordered pairs, the way the page keeps it.
pub type Pairs = Vec<(String, String)>;

/// The keys the filter bar owns, cleared together by "Clear filters".
pub const FILTER_KEYS: [&str; 7] = ["q", "status", "os", "group", "label", crate::versions::KEYS[0], crate::versions::KEYS[1]];

pub fn get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// The filter a query asks for, given the scope's runner groups, and a sentence for every value that
/// cannot be applied (never silently dropped). A group is named by name or by id.
pub fn filter_of(pairs: &[(String, String)], groups: &[RunnerGroup]) -> (Filter, Vec<String>) {
    let mut unapplied = Vec::new();
    let status = get(pairs, "status").filter(|s| !s.is_empty()).and_then(|s| {
        let status = Status::from_key(s);
        if status.is_none() {
            unapplied.push(format!("The status “{s}” in the address is not one of idle, active or offline, so it is not applied."));
        }
        status
    });
    let group = get(pairs, "group").filter(|g| !g.is_empty()).and_then(|g| {
        let id = resolve_group(g, groups);
        if id.is_none() {
            unapplied.push(if groups.is_empty() {
                format!("The group “{g}” in the address is not applied: this scope's runner groups could not be read.")
            } else {
                format!("The group “{g}” in the address is not a runner group here, so it is not applied.")
            });
        }
        id
    });
    let version = crate::versions::filter_of(pairs, &mut unapplied);
    let filter = Filter { text: get(pairs, "q").unwrap_or_default().to_string(), status, labels: labels_of(pairs), os: get(pairs, "os").filter(|s| !s.is_empty()).map(str::to_string), group, version };
    (filter, unapplied)
}

/// The labels a query asks for, in order, without blanks or repeats.
pub fn labels_of(pairs: &[(String, String)]) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    for l in get(pairs, "label").unwrap_or_default().split(',').map(str::trim).filter(|s| !s.is_empty()) {
        if !labels.iter().any(|x| x.eq_ignore_ascii_case(l)) {
            labels.push(l.to_string());
        }
    }
    labels
}

/// A group named in the URL: an id it has, else its name (any case). Without the group list an id
/// is taken on trust, as runners carry their group's id.
fn resolve_group(value: &str, groups: &[RunnerGroup]) -> Option<u64> {
    if let Ok(id) = value.parse::<u64>() {
        if groups.is_empty() || groups.iter().any(|g| g.id == id) {
            return Some(id);
        }
    }
    groups.iter().find(|g| g.name.eq_ignore_ascii_case(value)).map(|g| g.id)
}

/// How the URL names a group: by name, so a shared link reads well; by id when the name would be
/// read as an id or is not unique.
pub fn group_value(groups: &[RunnerGroup], id: u64) -> String {
    match groups.iter().find(|g| g.id == id) {
        Some(g) if g.name.parse::<u64>().is_err() && groups.iter().filter(|x| x.name.eq_ignore_ascii_case(&g.name)).count() == 1 => g.name.clone(),
        _ => id.to_string(),
    }
}

/// The label filter's query value with one label added (a no-op if it is there).
pub fn with_label(labels: &[String], label: &str) -> String {
    let mut labels = labels.to_vec();
    if !labels.iter().any(|x| x.eq_ignore_ascii_case(label)) {
        labels.push(label.to_string());
    }
    labels.join(",")
}

/// The label filter's query value with one label taken out.
pub fn without_label(labels: &[String], label: &str) -> String {
    labels.iter().filter(|x| !x.eq_ignore_ascii_case(label)).cloned().collect::<Vec<_>>().join(",")
}

pub fn sort_of(pairs: &[(String, String)]) -> (SortKey, bool) {
    (get(pairs, "sort").and_then(SortKey::from_key).unwrap_or_default(), get(pairs, "desc") == Some("1"))
}

/// The exact runner name to ask the server for, if any.
pub fn server_name_of(pairs: &[(String, String)]) -> Option<String> {
    get(pairs, "name").filter(|n| !n.is_empty()).map(str::to_string)
}

/// The router's query as the page keeps it.
pub fn pairs_of(query: &leptos_router::params::ParamsMap) -> Pairs {
    query.clone().into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// `path` with `pairs` as its query.
pub fn url(path: String, pairs: &[(String, String)]) -> String {
    crate::routes::with_query(path, &pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect::<Vec<_>>())
}

/// The pairs in a canonical order without blanks, for telling two queries apart.
pub fn normalized(pairs: &[(String, String)]) -> Pairs {
    let mut p: Pairs = pairs.iter().filter(|(_, v)| !v.is_empty()).cloned().collect();
    crate::order::sort(&mut p);
    p
}

/// Sets (or with `None` or an empty value, removes) one key, keeping the others in order.
pub fn set(pairs: &mut Pairs, key: &str, value: Option<String>) {
    pairs.retain(|(k, _)| k != key);
    if let Some(v) = value.filter(|v| !v.is_empty()) {
        pairs.push((key.to_string(), v));
    }
}

/// The next sort after a click on `key`'s header: the same column flips, another starts ascending,
/// except "Offline for", which starts with the longest offline: the point of the column.
pub fn toggle_sort(pairs: &mut Pairs, key: SortKey) {
    let (current, desc) = sort_of(pairs);
    let desc = if current == key { !desc } else { key == SortKey::OfflineFor };
    set(pairs, "sort", Some(key.key().to_string()));
    set(pairs, "desc", desc.then(|| "1".to_string()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(q: &[(&str, &str)]) -> Pairs {
        q.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn groups() -> Vec<RunnerGroup> {
        serde_json::from_value(serde_json::json!([
            { "id": 1, "name": "Default", "visibility": "all", "default": true },
            { "id": 8, "name": "deploy", "visibility": "all", "default": false },
        ]))
        .unwrap()
    }

    #[test]
    fn a_query_becomes_a_filter_and_groups_are_named_by_name_or_id() {
        let (f, unapplied) = filter_of(&pairs(&[("q", "gpu"), ("status", "offline"), ("label", "linux,,x64,Linux"), ("os", "Linux"), ("group", "8")]), &groups());
        assert_eq!(f, Filter { text: "gpu".into(), status: Some(Status::Offline), labels: vec!["linux".into(), "x64".into()], os: Some("Linux".into()), group: Some(8), version: Default::default() });
        assert!(unapplied.is_empty(), "{unapplied:?}");
        assert_eq!(filter_of(&pairs(&[("group", "DEPLOY")]), &groups()).0.group, Some(8));
        assert_eq!(group_value(&groups(), 8), "deploy");
        let mut tricky = groups();
        tricky[0].name = "8".into();
        assert_eq!(filter_of(&pairs(&[("group", "8")]), &tricky).0.group, Some(8), "an id wins over a name that looks like one");
        assert_eq!(group_value(&tricky, 1), "1", "a name that reads as a number is written as the id");
        tricky[0].name = "Deploy".into();
        assert_eq!(group_value(&tricky, 8), "8", "a name shared (in any case) by two groups is written as the id");
        // Without the group list (it could not be read) an id still filters, as runners carry it.
        assert_eq!(filter_of(&pairs(&[("group", "8")]), &[]).0.group, Some(8));
    }

    #[test]
    fn values_that_cannot_be_applied_are_reported() {
        let (f, unapplied) = filter_of(&pairs(&[("status", "sleeping"), ("group", "nightly"), ("os", "")]), &groups());
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(unapplied.len(), 2, "{unapplied:?}");
        assert!(unapplied[0].contains("“sleeping”") && unapplied[1].contains("“nightly”"), "{unapplied:?}");
        let (_, unapplied) = filter_of(&pairs(&[("group", "99")]), &groups());
        assert!(unapplied[0].contains("not a runner group here"), "{unapplied:?}");
        let (_, unapplied) = filter_of(&pairs(&[("group", "deploy")]), &[]);
        assert!(unapplied[0].contains("could not be read"), "{unapplied:?}");
    }

    #[test]
    fn labels_are_added_and_removed_one_at_a_time() {
        let p = labels_of(&pairs(&[("label", "docker,gpu")]));
        assert_eq!(with_label(&p, "large"), "docker,gpu,large");
        assert_eq!(with_label(&p, "GPU"), "docker,gpu");
        assert_eq!(without_label(&p, "Docker"), "gpu");
        assert_eq!(without_label(&[], "gpu"), "");
    }

    #[test]
    fn setting_keeps_order_and_empty_values_remove() {
        let mut p = pairs(&[("q", "a"), ("os", "Linux")]);
        set(&mut p, "q", Some("b".into()));
        assert_eq!(p, pairs(&[("os", "Linux"), ("q", "b")]));
        set(&mut p, "os", Some(String::new()));
        assert_eq!(p, pairs(&[("q", "b")]));
        for k in FILTER_KEYS {
            set(&mut p, k, None);
        }
        assert!(p.is_empty());
    }

    #[test]
    fn sorting_flips_on_the_same_column() {
        let mut p = Pairs::new();
        toggle_sort(&mut p, SortKey::Status);
        assert_eq!(sort_of(&p), (SortKey::Status, false));
        toggle_sort(&mut p, SortKey::Status);
        assert_eq!(sort_of(&p), (SortKey::Status, true));
        toggle_sort(&mut p, SortKey::default());
        assert_eq!(sort_of(&p), (SortKey::default(), false));
        toggle_sort(&mut p, SortKey::OfflineFor);
        assert_eq!(sort_of(&p), (SortKey::OfflineFor, true), "longest offline first");
        toggle_sort(&mut p, SortKey::OfflineFor);
        assert_eq!(sort_of(&p), (SortKey::OfflineFor, false));
        assert_eq!(server_name_of(&pairs(&[("name", "")])), None);
    }
}
