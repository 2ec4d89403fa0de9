//! Pagination: Link-header parsing, page counts, and "fetch all" as a bounded concurrent fan-out
//! that notices when the list changed under it.
use std::future::Future;

use futures::stream::{self, StreamExt};

use super::error::ApiError;
use super::models::{Repository, Runner, RunnerGroup};
use super::request::PER_PAGE;

/// More pages than this (a million runners) means the server's count cannot be trusted.
pub const MAX_PAGES: u32 = 10_000;

/// `<url>; rel="next", <url>; rel="last"` → `[("next", url), ("last", url)]`. Malformed parts are skipped.
pub fn parse_link(header: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = header;
    while let Some(start) = rest.find('<') {
        let Some(end) = rest[start..].find('>') else { break };
        let url = rest[start + 1..start + end].trim().to_string();
        let after = &rest[start + end + 1..];
        let params_end = after.find('<').unwrap_or(after.len());
        let params = &after[..params_end];
        for param in params.split(';') {
            let param = param.trim().trim_end_matches(',').trim();
            if let Some(value) = param.strip_prefix("rel=") {
                for rel in value.trim_matches('"').split_whitespace() {
                    if !url.is_empty() {
                        out.push((rel.to_string(), url.clone()));
                    }
                }
            }
        }
        rest = &after[params_end..];
    }
    out
}

/// The `page` query parameter of a URL.
pub fn page_param(url: &str) -> Option<u32> {
    let query = url.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or(query);
    query.split('&').find_map(|pair| pair.strip_prefix("page=")).and_then(|v| v.parse().ok())
}

/// The number of pages: from `total_count` when the body has it, else from `Link rel=last`.
pub fn page_count(total_count: Option<u64>, last_link: Option<u32>) -> u32 {
    let pages = match (total_count, last_link) {
        (Some(total), _) => total.div_ceil(PER_PAGE as u64).max(1),
        (None, Some(last)) => last.max(1) as u64,
        (None, None) => 1,
    };
    pages.min(MAX_PAGES as u64) as u32
}

/// Items with a stable identity, so pages that overlap after a change are merged without duplicates.
pub trait Keyed {
    fn key(&self) -> u64;
}

impl Keyed for Runner {
    fn key(&self) -> u64 {
        self.id
    }
}

impl Keyed for RunnerGroup {
    fn key(&self) -> u64 {
        self.id
    }
}

impl Keyed for Repository {
    fn key(&self) -> u64 {
        self.id
    }
}

impl Keyed for super::models::OrganizationSimple {
    fn key(&self) -> u64 {
        self.id
    }
}

/// One page of a list.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// `total_count` from the body, where the list has one.
    pub total_count: Option<u64>,
    /// The page number `Link rel=last` names.
    pub last_page: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Completeness {
    Complete,
    /// The list changed while it was read, twice in a row; what was loaded is shown with a warning.
    Changed {
        expected: u64,
        loaded: u64,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Loaded<T> {
    pub items: Vec<T>,
    pub pages: u32,
    pub requests: u32,
    pub completeness: Completeness,
}

/// Reads page 1, works out the page count, then reads the rest with at most `concurrency` requests in
/// flight. `progress(done, total)` is called as pages arrive. Items come back in page order, without
/// duplicates. If the count moved or items went missing meanwhile, the whole read is tried once more,
/// and if it still does not add up the result says so instead of hiding it.
pub async fn fetch_all<T, F, Fut>(fetch: F, concurrency: usize, progress: &dyn Fn(u32, u32)) -> Result<Loaded<T>, ApiError>
where
    T: Keyed,
    F: Fn(u32) -> Fut,
    Fut: Future<Output = Result<Page<T>, ApiError>>,
{
    fetch_all_showing_first(fetch, concurrency, progress, &|_| {}).await
}

/// As [`fetch_all`], and `first` is given page 1's items as soon as they arrive, before the rest
/// are asked for: a long list can be shown in part while it loads.
pub async fn fetch_all_showing_first<T, F, Fut>(fetch: F, concurrency: usize, progress: &dyn Fn(u32, u32), first: &dyn Fn(&[T])) -> Result<Loaded<T>, ApiError>
where
    T: Keyed,
    F: Fn(u32) -> Fut,
    Fut: Future<Output = Result<Page<T>, ApiError>>,
{
    let shown = first;
    let concurrency = concurrency.max(1);
    let mut requests = 0;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let first = fetch(1).await?;
        requests += 1;
        let pages = page_count(first.total_count, first.last_page);
        progress(1, pages);
        shown(&first.items);
        let mut done = 1;
        let mut rest: Vec<(u32, Page<T>)> = Vec::with_capacity(pages as usize);
        let mut stream = stream::iter(2..=pages).map(|p| {
            let fut = fetch(p);
            async move { (p, fut.await) }
        });
        let mut in_flight = (&mut stream).buffer_unordered(concurrency);
        while let Some((p, result)) = in_flight.next().await {
            requests += 1;
            rest.push((p, result?));
            done += 1;
            progress(done, pages);
        }
        crate::order::sort_by_key(&mut rest, |(p, _)| *p);

        let expected = first.total_count;
        let counts_agree = rest.iter().all(|(_, page)| page.total_count == expected);
        let mut seen = std::collections::HashSet::new();
        let mut items = Vec::new();
        for item in first.items.into_iter().chain(rest.into_iter().flat_map(|(_, page)| page.items)) {
            if seen.insert(item.key()) {
                items.push(item);
            }
        }
        let loaded = items.len() as u64;
        let adds_up = match expected {
            Some(total) => counts_agree && loaded == total,
            None => true,
        };
        if adds_up {
            return Ok(Loaded { items, pages, requests, completeness: Completeness::Complete });
        }
        if attempt >= 2 {
            let expected = expected.unwrap_or(loaded);
            return Ok(Loaded { items, pages, requests, completeness: Completeness::Changed { expected, loaded } });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::{Cell, RefCell};

    #[derive(Clone, Debug, PartialEq)]
    struct Item(u64);
    impl Keyed for Item {
        fn key(&self) -> u64 {
            self.0
        }
    }

    fn page_of(all: &[u64], p: u32) -> Page<Item> {
        let items = all.iter().skip((p as usize - 1) * 100).take(100).map(|i| Item(*i)).collect();
        Page { items, total_count: Some(all.len() as u64), last_page: None }
    }

    #[test]
    fn link_headers_parse_and_tolerate_garbage() {
        let h = r#"<https://x/api/v3/orgs/o/actions/runners?per_page=100&page=2>; rel="next", <https://x/api/v3/orgs/o/actions/runners?per_page=100&page=37>; rel="last""#;
        let links = parse_link(h);
        assert_eq!(links.len(), 2);
        assert_eq!(links[1].0, "last");
        assert_eq!(page_param(&links[1].1), Some(37));
        assert_eq!(parse_link(""), vec![]);
        assert_eq!(parse_link("garbage; rel=next"), vec![]);
        assert_eq!(parse_link("<unterminated; rel=\"next\""), vec![]);
        assert_eq!(parse_link("<a>; rel=\"prev next\""), vec![("prev".into(), "a".into()), ("next".into(), "a".into())]);
        assert_eq!(parse_link("<a>; rel=last, <>; rel=\"next\""), vec![("last".into(), "a".into())]);
        assert_eq!(page_param("https://x/y?page=abc"), None);
        assert_eq!(page_param("https://x/y"), None);
        assert_eq!(page_param("https://x/y?per_page=100&page=3#frag"), Some(3));
    }

    #[test]
    fn page_counts_come_from_total_or_link_and_are_bounded() {
        assert_eq!(page_count(Some(0), None), 1);
        assert_eq!(page_count(Some(100), None), 1);
        assert_eq!(page_count(Some(101), None), 2);
        assert_eq!(page_count(Some(10_000), Some(3)), 100, "total_count wins");
        assert_eq!(page_count(None, Some(7)), 7);
        assert_eq!(page_count(Some(u64::MAX), None), MAX_PAGES, "a huge total_count is capped");
    }

    #[test]
    fn the_first_page_is_shown_before_the_rest_is_asked_for() {
        let all: Vec<u64> = (1..=350).collect();
        let asked = RefCell::new(vec![]);
        let shown = RefCell::new(vec![]);
        let loaded = futures::executor::block_on(fetch_all_showing_first(
            |p| {
                asked.borrow_mut().push(p);
                futures::future::ready(Ok(page_of(&all, p)))
            },
            4,
            &|_, _| {},
            &|items: &[Item]| shown.borrow_mut().push((items.len(), items.first().cloned(), asked.borrow().clone())),
        ))
        .unwrap();
        assert_eq!(loaded.items.len(), 350);
        assert_eq!(*shown.borrow(), vec![(100, Some(Item(1)), vec![1])], "page 1 alone, once, before page 2 is asked for");
    }

    #[test]
    fn fetches_every_page_concurrently_in_page_order() {
        let all: Vec<u64> = (1..=1050).collect();
        let in_flight = Cell::new(0);
        let peak = Cell::new(0);
        let progress = RefCell::new(vec![]);
        let loaded = futures::executor::block_on(fetch_all(
            |p| {
                let all = all.clone();
                let (in_flight, peak) = (&in_flight, &peak);
                async move {
                    in_flight.set(in_flight.get() + 1);
                    peak.set(peak.get().max(in_flight.get()));
                    futures::future::ready(()).await;
                    let page = page_of(&all, p);
                    in_flight.set(in_flight.get() - 1);
                    Ok(page)
                }
            },
            4,
            &|done, total| progress.borrow_mut().push((done, total)),
        ))
        .unwrap();
        assert_eq!(loaded.items.iter().map(|i| i.0).collect::<Vec<_>>(), all);
        assert_eq!((loaded.pages, loaded.requests), (11, 11));
        assert_eq!(loaded.completeness, Completeness::Complete);
        assert!(peak.get() <= 4);
        let p = progress.borrow();
        assert_eq!(p.first(), Some(&(1, 11)));
        assert_eq!(p.last(), Some(&(11, 11)));
    }

    #[test]
    fn a_list_that_shifts_meanwhile_is_read_again_not_duplicated() {
        // The first read sees a runner deleted between page 1 and page 2: page 2 overlaps page 1.
        let calls = Cell::new(0);
        let loaded = futures::executor::block_on(fetch_all(
            |p| {
                calls.set(calls.get() + 1);
                let shifted = calls.get() <= 2;
                async move {
                    if shifted && p == 2 {
                        let after: Vec<u64> = (2..=150).collect();
                        let mut page = page_of(&after, 1);
                        page.items = after.iter().skip(99).take(100).map(|i| Item(*i)).collect();
                        page.total_count = Some(149);
                        Ok(page)
                    } else {
                        let all: Vec<u64> = if shifted { (1..=150).collect() } else { (2..=150).collect() };
                        Ok(page_of(&all, p))
                    }
                }
            },
            2,
            &|_, _| {},
        ))
        .unwrap();
        assert_eq!(loaded.completeness, Completeness::Complete);
        assert_eq!(loaded.items.len(), 149);
        assert_eq!(loaded.requests, 4, "one retry of both pages");
    }

    #[test]
    fn a_list_that_keeps_changing_is_reported_not_hidden() {
        let calls = Cell::new(0u64);
        let loaded = futures::executor::block_on(fetch_all(
            |p| {
                calls.set(calls.get() + 1);
                let n = calls.get();
                async move {
                    let all: Vec<u64> = (1..=150 + n).collect();
                    Ok(page_of(&all, p))
                }
            },
            4,
            &|_, _| {},
        ))
        .unwrap();
        assert!(matches!(loaded.completeness, Completeness::Changed { .. }), "{:?}", loaded.completeness);
    }

    #[test]
    fn an_error_on_any_page_fails_the_whole_read() {
        let r = futures::executor::block_on(fetch_all(
            |p| async move {
                if p == 3 {
                    Err(ApiError::Server { status: 500, request_id: None })
                } else {
                    Ok(page_of(&(1..=500).collect::<Vec<_>>(), p))
                }
            },
            4,
            &|_, _| {},
        ));
        assert_eq!(r.unwrap_err(), ApiError::Server { status: 500, request_id: None });
    }
}
