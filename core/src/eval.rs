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
