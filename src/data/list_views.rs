//! Where each runners list was last left (its filters and sort), so "← All runners" returns there.
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct ListViews(RwSignal<Vec<(String, String)>>);

/// Lists remembered at once; the oldest is forgotten first.
const MAX: usize = 20;

impl ListViews {
    pub fn new() -> Self {
        ListViews(RwSignal::new(Vec::new()))
    }

    /// Remembers `url` (path and query) as the view of the list at `path`.
    pub fn remember(&self, path: &str, url: &str) {
        self.0.update(|v| {
            v.retain(|(p, _)| p != path);
            v.push((path.to_string(), url.to_string()));
            if v.len() > MAX {
                v.remove(0);
            }
        });
    }

    /// The list at `path` as it was left, or the plain list.
    pub fn url_for(&self, path: String) -> String {
        self.0.with(|v| v.iter().find(|(p, _)| *p == path).map(|(_, u)| u.clone())).unwrap_or(path)
    }
}

impl Default for ListViews {
    fn default() -> Self {
        Self::new()
    }
}
