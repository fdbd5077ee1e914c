//! Measuring relevance: graded nDCG@k and precision@k, and the format of the hand-judged
//! test set (`tests/fixtures/relevance/judgments.json`), shared by the relevance test and the
//! ranking benchmark. Judgments grade an item 2 (highly relevant), 1 (relevant) or 0 (not
//! judged relevant).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::page::PageContext;

/// The judged page contexts of a relevance test set.
#[derive(Debug, Clone, Deserialize)]
pub struct TestSet {
    /// The contexts, in file order.
    pub contexts: Vec<JudgedPage>,
}

/// One page context with the items judged relevant for it.
#[derive(Debug, Clone, Deserialize)]
pub struct JudgedPage {
    /// A short name.
    pub id: String,
    /// `dev` (may be tuned on) or `test` (held out).
    pub split: String,
    /// What the widget would read from the page.
    pub page: TestPage,
    /// Item id → grade (1 or 2); unlisted items are not relevant.
    pub judgments: HashMap<String, u8>,
}

/// A page as the test set describes it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TestPage {
    /// `data-topics`.
    #[serde(default)]
    pub topics: Vec<String>,
    /// Meta keywords.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// `<title>`.
    pub title: Option<String>,
    /// `<h1>`.
    pub heading: Option<String>,
    /// Meta description.
    pub description: Option<String>,
    /// Main text.
    pub main_text: Option<String>,
    /// The host organisation, whose items are excluded.
    pub organisation: Option<String>,
}

impl TestPage {
    /// The page context the widget would read from such a page.
    pub fn context(&self) -> PageContext {
        PageContext {
            topics: self.topics.clone(),
            keywords: self.keywords.clone(),
            description: self.description.clone(),
            title: self.title.clone(),
            heading: self.heading.clone(),
            main_text: self.main_text.clone(),
        }
    }
}

impl TestSet {
    /// nDCG@5 and P@5 of each context of `split`, for rankings (item ids, best first) given
    /// in context order: `(context id, nDCG@5, P@5)`.
    pub fn scores_at_5<'a>(
        &'a self,
        rankings: &[Vec<String>],
        split: &str,
    ) -> Vec<(&'a str, f64, f64)> {
        self.contexts
            .iter()
            .zip(rankings)
            .filter(|(c, _)| c.split == split)
            .map(|(c, ranking)| {
                let ids: Vec<&str> = ranking.iter().map(String::as_str).collect();
                (
                    c.id.as_str(),
                    ndcg_at(5, &ids, &c.judgments),
                    precision_at(5, &ids, &c.judgments),
                )
            })
            .collect()
    }

    /// Mean nDCG@5 and P@5 over the contexts of `split`.
    pub fn mean_at_5(&self, rankings: &[Vec<String>], split: &str) -> (f64, f64) {
        let scores = self.scores_at_5(rankings, split);
        let n = scores.len().max(1) as f64;
        (
            scores.iter().map(|s| s.1).sum::<f64>() / n,
            scores.iter().map(|s| s.2).sum::<f64>() / n,
        )
    }
}

/// A mean with its bootstrap confidence interval: `low..=high` holds the middle `level` of
/// the means of resampled sets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// The mean of the values themselves.
    pub mean: f64,
    /// The lower bound of the interval.
    pub low: f64,
    /// The upper bound of the interval.
    pub high: f64,
}

/// The mean of `values` with a percentile-bootstrap confidence interval at `level` (0.95
/// for 95 %): `resamples` times, as many values as there are are drawn with replacement
/// and averaged, and the interval is the middle `level` of those means. `None` for no
/// values.
///
/// With a few dozen judged contexts, a mean nDCG moves by hundredths when one context is
/// swapped for another; the interval says how far. The draws come from a fixed `seed`, so
/// a report is the same every time it is made.
pub fn bootstrap_mean(values: &[f64], resamples: usize, level: f64, seed: u64) -> Option<Interval> {
    if values.is_empty() {
        return None;
    }
    let n = values.len();
    let mean = values.iter().sum::<f64>() / n as f64;
    let mut random = SplitMix64(seed);
    let mut means: Vec<f64> = (0..resamples.max(1))
        .map(|_| (0..n).map(|_| values[random.below(n)]).sum::<f64>() / n as f64)
        .collect();
    means.sort_by(f64::total_cmp);
    let tail = (1.0 - level.clamp(0.0, 1.0)) / 2.0;
    let at = |q: f64| means[((q * means.len() as f64).floor() as usize).min(means.len() - 1)];
    Some(Interval {
        mean,
        low: at(tail),
        high: at(1.0 - tail),
    })
}

/// The mean of the paired differences `a[i] − b[i]` (two engines' scores on the same
/// contexts) with its bootstrap interval, resampling contexts: the pairing keeps a
/// context that is hard for both from widening the interval. `None` unless both have the
/// same, non-zero number of values.
pub fn bootstrap_difference(
    a: &[f64],
    b: &[f64],
    resamples: usize,
    level: f64,
    seed: u64,
) -> Option<Interval> {
    if a.len() != b.len() {
        return None;
    }
    let differences: Vec<f64> = a.iter().zip(b).map(|(a, b)| a - b).collect();
    bootstrap_mean(&differences, resamples, level, seed)
}

/// SplitMix64 (Steele, Lea and Flood, 2014), the seeded generator the bootstrap draws with:
/// eight lines with well-known statistical quality, where a crate would add a dependency
/// to `elders-core`, which the widget's Wasm is built from, for the benchmark's sake.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`, by the multiply-and-shift method (no modulo bias to speak of
    /// for the small `n` used here).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }
}

/// Discounted cumulative gain of grades in ranked order, with gain 2^grade − 1.
fn dcg(grades: impl Iterator<Item = u8>) -> f64 {
    grades
        .enumerate()
        .map(|(i, g)| (2f64.powi(i32::from(g)) - 1.0) / ((i as f64) + 2.0).log2())
        .sum()
}

/// nDCG@k of a ranking (item ids, best first) against graded judgments: 1 when the top k
/// are the best judged items in the best order, 0 when none of them is relevant.
pub fn ndcg_at(k: usize, ranking: &[&str], judgments: &HashMap<String, u8>) -> f64 {
    let grade = |id: &&str| judgments.get(*id).copied().unwrap_or(0);
    let actual = dcg(ranking.iter().take(k).map(grade));
    let mut ideal: Vec<u8> = judgments.values().copied().filter(|g| *g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let best = dcg(ideal.into_iter().take(k));
    if best == 0.0 {
        0.0
    } else {
        actual / best
    }
}

/// Precision@k: the share of the top k that is relevant (grade ≥ 1). Fewer than k results
/// count the missing places as not relevant.
pub fn precision_at(k: usize, ranking: &[&str], judgments: &HashMap<String, u8>) -> f64 {
    let hits = ranking
        .iter()
        .take(k)
        .filter(|id| judgments.get(**id).is_some_and(|g| *g > 0))
        .count();
    hits as f64 / k as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(pairs: &[(&str, u8)]) -> HashMap<String, u8> {
        pairs.iter().map(|(id, g)| (id.to_string(), *g)).collect()
    }

    #[test]
    fn perfect_order_scores_one_and_nothing_relevant_scores_zero() {
        let j = judged(&[("a", 2), ("b", 1)]);
        assert!((ndcg_at(5, &["a", "b", "x"], &j) - 1.0).abs() < 1e-9);
        assert_eq!(ndcg_at(5, &["x", "y"], &j), 0.0);
        assert!(ndcg_at(5, &["b", "a"], &j) < 1.0, "order matters");
        assert_eq!(precision_at(5, &["a", "x", "b"], &j), 0.4);
    }

    #[test]
    fn bootstrap_of_equal_values_is_that_value() {
        let interval = bootstrap_mean(&[0.75; 9], 1_000, 0.95, 1).unwrap();
        assert_eq!(
            (interval.mean, interval.low, interval.high),
            (0.75, 0.75, 0.75)
        );
        assert_eq!(bootstrap_mean(&[], 1_000, 0.95, 1), None);
    }

    #[test]
    fn bootstrap_of_two_values_spans_both() {
        // Means of two draws from {0, 1}: 0, 0.5, 1 with chances 1/4, 1/2, 1/4, so the
        // middle 95 % reaches both ends and the middle 40 % is 0.5 alone.
        let wide = bootstrap_mean(&[0.0, 1.0], 10_000, 0.95, 7).unwrap();
        assert_eq!((wide.mean, wide.low, wide.high), (0.5, 0.0, 1.0));
        let narrow = bootstrap_mean(&[0.0, 1.0], 10_000, 0.4, 7).unwrap();
        assert_eq!((narrow.low, narrow.high), (0.5, 0.5));
    }

    #[test]
    fn bootstrap_is_reproducible_and_brackets_the_mean() {
        let values: Vec<f64> = (0..20).map(|i| f64::from(i % 7) / 6.0).collect();
        let first = bootstrap_mean(&values, 10_000, 0.95, 42).unwrap();
        assert_eq!(Some(first), bootstrap_mean(&values, 10_000, 0.95, 42));
        assert!(first.low < first.mean && first.mean < first.high);
        assert!(first.low > 0.0 && first.high < 1.0, "{first:?}");
        // The standard error of this mean is about 0.074: a 95 % interval about ±0.145.
        let width = first.high - first.low;
        assert!((0.22..0.36).contains(&width), "{first:?}");
        let other_seed = bootstrap_mean(&values, 10_000, 0.95, 43).unwrap();
        assert!((other_seed.low - first.low).abs() < 0.03);
    }

    #[test]
    fn paired_difference_ignores_what_both_share() {
        // B scores 0.1 below A on every context, however hard the context: the difference
        // is exactly 0.1, with no spread, although each engine's own scores spread widely.
        let a = [0.9, 0.3, 0.6, 1.0, 0.2];
        let b: Vec<f64> = a.iter().map(|x| x - 0.1).collect();
        let difference = bootstrap_difference(&a, &b, 2_000, 0.95, 3).unwrap();
        for bound in [difference.mean, difference.low, difference.high] {
            assert!((bound - 0.1).abs() < 1e-12, "{difference:?}");
        }
        let alone = bootstrap_mean(&a, 2_000, 0.95, 3).unwrap();
        assert!(alone.high - alone.low > 0.3);
        assert_eq!(bootstrap_difference(&a, &b[..4], 2_000, 0.95, 3), None);
    }

    #[test]
    fn known_value() {
        // grades in rank order: 0, 2 → dcg = 3/log2(3); ideal: 2 → 3/log2(2) = 3.
        let j = judged(&[("a", 2)]);
        let expected = (3.0 / 3f64.log2()) / 3.0;
        assert!((ndcg_at(5, &["x", "a"], &j) - expected).abs() < 1e-9);
    }
}
