//! GitHub's pagination: `per_page` (default 30, at most 100), `page`, and absolute `Link` URLs.
use super::{Ctx, Reply};

pub fn per_page(ctx: &Ctx) -> usize {
    match ctx.query.get("per_page").and_then(|s| s.parse::<usize>().ok()) {
        Some(0) | None => 30,
        Some(n) => n.min(100),
    }
}

/// Page-numbered pagination as GitHub does it: `Link` with absolute `prev`, `next`, `last`, `first`.
pub(crate) fn paginate<T: Clone>(items: &[T], ctx: &Ctx) -> (Vec<T>, Option<String>) {
    let (range, link) = page_of(items.len(), ctx);
    (items.get(range).map(<[T]>::to_vec).unwrap_or_default(), link)
}

/// The page `ctx` asks for out of `total` items: the positions it holds (empty past the end) and
/// its `Link` header.
pub(crate) fn page_of(total: usize, ctx: &Ctx) -> (std::ops::Range<usize>, Option<String>) {
    let per_page = per_page(ctx);
    let page = ctx.query.get("page").and_then(|s| s.parse::<usize>().ok()).filter(|p| *p > 0).unwrap_or(1);
    let last = total.div_ceil(per_page).max(1);
    let start = (page - 1).saturating_mul(per_page).min(total);
    let slice = start..start.saturating_add(per_page).min(total);
    let url = |p: usize| {
        let mut pairs: Vec<(String, String)> = ctx.query.iter().filter(|(k, _)| *k != "page" && *k != "per_page").map(|(k, v)| (k.clone(), v.clone())).collect();
        pairs.sort();
        let mut q: Vec<String> = pairs.into_iter().map(|(k, v)| format!("{}={}", encode(&k), encode(&v))).collect();
        q.push(format!("per_page={per_page}"));
        q.push(format!("page={p}"));
        format!("<{}{}?{}>", ctx.api, ctx.path, q.join("&"))
    };
    let mut rels = Vec::new();
    if page > 1 {
        rels.push(format!("{}; rel=\"prev\"", url((page - 1).min(last))));
    }
    if page < last {
        rels.push(format!("{}; rel=\"next\"", url(page + 1)));
        rels.push(format!("{}; rel=\"last\"", url(last)));
    }
    if page > 1 {
        rels.push(format!("{}; rel=\"first\"", url(1)));
    }
    (slice, (!rels.is_empty()).then(|| rels.join(", ")))
}

pub(crate) fn with_link(reply: Reply, link: Option<String>) -> Reply {
    match link {
        Some(l) => reply.with_header("link", l),
        None => reply,
    }
}

pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
