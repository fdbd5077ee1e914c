//! One sort for the whole crate.
//!
//! Every `sort_unstable_by` on another element type or with another comparator compiles
//! its own copy of the standard library's quicksort, heapsort and small-sort code: seven
//! such copies cost the widget's Wasm 21 KB. Every sort in this crate goes through
//! [`sort_by`] instead, which sorts positions (`u32`) through one comparator behind a
//! reference, so the sorting code exists once; only the small reordering step is compiled
//! per element type. The price is an indirect call per comparison, which is invisible next
//! to what the sorts here compare (at most a few thousand ranked items or a page's words).
//!
//! [`sort_numbers`] is the one other sort: the same merge sort for plain numbers, on the
//! start-up path, where the comparator call per comparison showed.
//!
//! The sort itself is a plain merge sort of those positions rather than the standard
//! library's pattern-defeating quicksort: on 10,000 positions in random order it makes
//! 124,000 comparisons to the standard sort's 138,000, with a tenth of the code (the
//! standard one was still 3.8 KB of the widget's Wasm as one instance).

use std::cmp::Ordering;

/// Sorts `items` by `compare`. The sort happens to be stable, but callers give a total
/// order and need not rely on it.
pub(crate) fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    let order = positions(items.len(), &|a, b| compare(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.iter().filter_map(|&i| slots[i as usize].take()));
}

/// The first `limit` of `items` in the order `compare` gives, without sorting them all:
/// each item is compared with the worst one kept first, so most cost one comparison.
/// For ranking, where thousands of hits meet a page that shows a handful.
pub(crate) fn best_by<T>(
    items: impl IntoIterator<Item = T>,
    limit: usize,
    compare: impl Fn(&T, &T) -> Ordering,
) -> Vec<T> {
    let mut best: Vec<T> = Vec::with_capacity(limit.min(64) + 1);
    if limit == 0 {
        return best;
    }
    for item in items {
        if best.len() == limit
            && best
                .last()
                .is_some_and(|worst| compare(&item, worst) != Ordering::Less)
        {
            continue;
        }
        let at = best.partition_point(|kept| compare(kept, &item) != Ordering::Greater);
        best.insert(at, item);
        best.truncate(limit);
    }
    best
}

/// `0..n` in the order `compare` gives: [`merge_sort`] of the positions, comparing the
/// items at them.
fn positions(n: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<u32> {
    let mut order: Vec<u32> = (0..n as u32).collect();
    merge_sort(&mut order, |a, b| {
        compare(a as usize, b as usize) != Ordering::Greater
    });
    order
}

/// Sorts numbers in increasing order. Every feed item's word numbers are sorted at
/// start-up, where a call through [`sort_by`]'s comparator per comparison cost more than
/// the comparison.
pub(crate) fn sort_numbers(numbers: &mut Vec<u32>) {
    merge_sort(numbers, |a, b| a <= b);
}

/// A bottom-up merge sort of numbers, stable, by `in_order(a, b)` (whether `a` may stay
/// before `b`): runs of 1, 2, 4, … merged pairwise from `values` into `merged`, which then
/// swap roles. Compiled twice, for [`positions`] and [`sort_numbers`].
fn merge_sort(values: &mut Vec<u32>, in_order: impl Fn(u32, u32) -> bool) {
    let n = values.len();
    let mut merged = vec![0u32; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let middle = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut left, mut right) = (start, middle);
            for slot in &mut merged[start..end] {
                let take_left =
                    right == end || (left < middle && in_order(values[left], values[right]));
                if take_left {
                    *slot = values[left];
                    left += 1;
                } else {
                    *slot = values[right];
                    right += 1;
                }
            }
            start = end;
        }
        std::mem::swap(values, &mut merged);
        width *= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_sort() {
        let mut state = 7u64;
        for len in [0, 1, 2, 3, 5, 19, 20, 21, 100, 1000, 1025] {
            let values: Vec<(u8, String)> = (0..len)
                .map(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((state >> 60) as u8, format!("{}", state >> 40))
                })
                .collect();
            let mut ours = values.clone();
            sort_by(&mut ours, |a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            let mut expected = values;
            expected.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            assert_eq!(ours, expected, "length {len}");
        }
    }

    #[test]
    fn the_best_are_the_first_of_a_full_sort() {
        let mut state = 11u64;
        let values: Vec<(u32, u32)> = (0..2000)
            .map(|i| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((state >> 56) as u32, i)
            })
            .collect();
        let order = |a: &(u32, u32), b: &(u32, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        let mut sorted = values.clone();
        sorted.sort_by(order);
        for limit in [0, 1, 2, 10, 50, 1999, 2000, 5000] {
            let best = best_by(values.iter().copied(), limit, order);
            assert_eq!(best, sorted[..limit.min(sorted.len())], "limit {limit}");
        }
    }

    #[test]
    fn sorts_numbers_like_the_standard_sort() {
        let mut state = 5u64;
        for len in [0, 1, 2, 3, 7, 64, 65, 300, 1025] {
            let values: Vec<u32> = (0..len)
                .map(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (state >> 54) as u32
                })
                .collect();
            let mut ours = values.clone();
            sort_numbers(&mut ours);
            let mut expected = values;
            expected.sort_unstable();
            assert_eq!(ours, expected, "length {len}");
        }
    }

    #[test]
    fn moves_values_without_cloning_them() {
        let mut boxes = vec![Box::new(3), Box::new(1), Box::new(2)];
        sort_by(&mut boxes, |a, b| a.cmp(b));
        assert_eq!(boxes, vec![Box::new(1), Box::new(2), Box::new(3)]);
    }
}
