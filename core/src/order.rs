//! One sort for the whole crate.
//!
//! Every `sort_unstable_by` on another element type or with another comparator compiles
//! its own copy of the standard library's quicksort, heapsort and small-sort code: seven
//! such copies cost the widget's Wasm 21 KB. Every sort in this crate goes through
//! [`sort_by`] instead, which sorts positions (`u32`) through one comparator behind a
//! reference, so the sorting code exists once; only the small reordering step is compiled
//! per element type. The price is an indirect call per comparison, which is invisible next
//! to what the sorts here compare (at most a few thousand ranked items or a page's words).

use std::cmp::Ordering;

/// Sorts `items` by `compare`, not stably: callers give a total order, so the result is
/// exact and deterministic anyway.
pub(crate) fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    let order = positions(items.len(), &|a, b| compare(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.iter().filter_map(|&i| slots[i as usize].take()));
}

/// `0..n` in the order `compare` gives; the crate's one instance of the standard sort.
fn positions(n: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<u32> {
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_unstable_by(|&a, &b| compare(a as usize, b as usize));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_sort() {
        let mut state = 7u64;
        for len in [0, 1, 2, 3, 19, 20, 21, 100, 1000] {
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
    fn moves_values_without_cloning_them() {
        let mut boxes = vec![Box::new(3), Box::new(1), Box::new(2)];
        sort_by(&mut boxes, |a, b| a.cmp(b));
        assert_eq!(boxes, vec![Box::new(1), Box::new(2), Box::new(3)]);
    }
}
