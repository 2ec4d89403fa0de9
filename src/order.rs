//! One sort for the whole console. The standard library's sort is generic over the element and the
//! comparison, so every `sort_by` in the code carried its own copy of it, 1.3 to 3 KB of wasm each
//! (about 87 KB raw over the forty-odd copies). Here every sort orders positions through one
//! comparison object, so the release build holds one copy, and the items are then moved into that
//! order with swaps. All of it is stable, as `sort_by` is.
use std::cmp::Ordering;

/// The positions `0..len` in the order `cmp` gives them, ties kept in position order.
pub fn positions(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Sorts `items` by `cmp`, stably.
pub fn sort_by<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let order = positions(items.len(), &|a, b| cmp(&items[a], &items[b]));
    permute(items, &order);
}

/// Sorts `items` by the key `key` gives each, stably.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their natural order, stably.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// Rearranges `items` so that position `k` holds what was at `order[k]`, in place. Positions below
/// `k` are final when step `k` starts, so an element wanted from one of them has been swapped away,
/// and following `order` from there finds where it went.
fn permute<T>(items: &mut [T], order: &[usize]) {
    for k in 0..items.len().min(order.len()) {
        let mut from = order[k];
        while from < k {
            from = order[from];
        }
        items.swap(k, from);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every permutation of 0..n, by Heap's algorithm.
    fn permutations(n: usize) -> Vec<Vec<usize>> {
        fn go(k: usize, v: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
            if k <= 1 {
                out.push(v.clone());
                return;
            }
            for i in 0..k {
                go(k - 1, v, out);
                let j = if k.is_multiple_of(2) { i } else { 0 };
                v.swap(j, k - 1);
            }
        }
        let mut out = Vec::new();
        go(n, &mut (0..n).collect(), &mut out);
        out
    }

    #[test]
    fn permute_applies_every_permutation_of_seven() {
        let all = permutations(7);
        assert_eq!(all.len(), 5040);
        for order in all {
            let mut items: Vec<char> = "abcdefg".chars().collect();
            permute(&mut items, &order);
            let want: Vec<char> = order.iter().map(|&i| (b'a' + i as u8) as char).collect();
            assert_eq!(items, want, "order {order:?}");
        }
    }

    #[test]
    fn sorts_as_the_standard_sort_does_and_keeps_ties_in_order() {
        let mut seed = 7u64;
        for len in 0..60 {
            let mut items: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    ((seed >> 60) as u8, i)
                })
                .collect();
            let mut want = items.clone();
            want.sort_by_key(|x| x.0);
            sort_by_key(&mut items, |x| x.0);
            assert_eq!(items, want, "length {len}");
        }
        let mut words = vec!["pear", "apple", "fig", "apple"];
        sort(&mut words);
        assert_eq!(words, ["apple", "apple", "fig", "pear"]);
        let mut desc = vec![3, 1, 2];
        sort_by(&mut desc, |a, b| b.cmp(a));
        assert_eq!(desc, [3, 2, 1]);
    }
}
