//! Measuring relevance: graded nDCG@k and precision@k, as used by the relevance test set
//! (`tests/fixtures/relevance/`) and the ranking benchmark. Judgments grade an item 2
//! (highly relevant), 1 (relevant) or 0 (not judged relevant).

use std::collections::HashMap;

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
    fn known_value() {
        // grades in rank order: 0, 2 → dcg = 3/log2(3); ideal: 2 → 3/log2(2) = 3.
        let j = judged(&[("a", 2)]);
        let expected = (3.0 / 3f64.log2()) / 3.0;
        assert!((ndcg_at(5, &["x", "a"], &j) - expected).abs() < 1e-9);
    }
}
