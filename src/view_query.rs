//! The runners list's view state ↔ the URL query, so a filtered, sorted view can be shared. Pure.
use crate::fleet::{Filter, SortKey, Status};

/// The query as ordered pairs, the way the page keeps it.
pub type Pairs = Vec<(String, String)>;

/// The keys the filter bar owns, cleared together by "Clear filters".
pub const FILTER_KEYS: [&str; 5] = ["q", "status", "os", "group", "label"];

pub fn get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

pub fn filter_of(pairs: &[(String, String)]) -> Filter {
    Filter {
        text: get(pairs, "q").unwrap_or_default().to_string(),
        status: get(pairs, "status").and_then(Status::from_key),
        labels: get(pairs, "label").map(|l| l.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect()).unwrap_or_default(),
        os: get(pairs, "os").filter(|s| !s.is_empty()).map(str::to_string),
        group: get(pairs, "group").and_then(|g| g.parse().ok()),
    }
}

pub fn sort_of(pairs: &[(String, String)]) -> (SortKey, bool) {
    (get(pairs, "sort").and_then(SortKey::from_key).unwrap_or_default(), get(pairs, "desc") == Some("1"))
}

/// The exact runner name to ask the server for, if any.
pub fn server_name_of(pairs: &[(String, String)]) -> Option<String> {
    get(pairs, "name").filter(|n| !n.is_empty()).map(str::to_string)
}

/// Sets (or with `None` or an empty value, removes) one key, keeping the others in order.
pub fn set(pairs: &mut Pairs, key: &str, value: Option<String>) {
    pairs.retain(|(k, _)| k != key);
    if let Some(v) = value.filter(|v| !v.is_empty()) {
        pairs.push((key.to_string(), v));
    }
}

/// The next sort after a click on `key`'s header: the same column flips, another starts ascending.
pub fn toggle_sort(pairs: &mut Pairs, key: SortKey) {
    let (current, desc) = sort_of(pairs);
    let desc = current == key && !desc;
    set(pairs, "sort", Some(key.key().to_string()));
    set(pairs, "desc", desc.then(|| "1".to_string()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(q: &[(&str, &str)]) -> Pairs {
        q.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn a_query_becomes_a_filter_and_junk_is_ignored() {
        let f = filter_of(&pairs(&[("q", "gpu"), ("status", "offline"), ("label", "linux,,x64"), ("os", "Linux"), ("group", "8")]));
        assert_eq!(f, Filter { text: "gpu".into(), status: Some(Status::Offline), labels: vec!["linux".into(), "x64".into()], os: Some("Linux".into()), group: Some(8) });
        let junk = filter_of(&pairs(&[("status", "sleeping"), ("group", "deploy"), ("os", "")]));
        assert!(junk.is_empty(), "{junk:?}");
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
        assert_eq!(server_name_of(&pairs(&[("name", "")])), None);
    }
}
