//! Why a card is shown: the item's own tags and themes that meet the page, or else the
//! page's words that matched, in the page's spelling.
//!
//! The invariant: a reason is always something the reader can see on the card or on the
//! page, never a stem, and there are at most [`MAX_REASONS`] of them.

use super::{Index, TermId};
use crate::text::{fold, words};

/// Most reasons shown on one card.
const MAX_REASONS: usize = 4;

impl Index {
    fn contains(&self, doc: usize, term: TermId) -> bool {
        self.postings[term as usize]
            .binary_search_by_key(&(doc as u32), |p| p.0)
            .is_ok()
    }

    /// The terms of one of an item's labels, as its words were expanded when the item was
    /// indexed (they are the item's own words, so every stem is in the dictionary). Worked
    /// out for the few items shown, not for every item at start-up.
    fn label_terms(&self, label: &str) -> Vec<TermId> {
        let mut terms = Vec::new();
        for word in words(&fold(label)) {
            for term in self.analyzer.expand(word, &self.vocabulary) {
                if let Some(&id) = self.dictionary.get(&term.stem) {
                    terms.push(id);
                }
            }
        }
        terms
    }

    /// The explanation for one shown item. `matched` holds the query's terms that are in
    /// the dictionary, heaviest first, with the page's words for them.
    pub(super) fn reasons(&self, doc: usize, matched: &[(TermId, &str)]) -> Vec<String> {
        let d = &self.docs[doc];
        let hits: Vec<(TermId, &str)> = matched
            .iter()
            .copied()
            .filter(|(id, _)| self.contains(doc, *id))
            .collect();
        let mut reasons: Vec<String> = d
            .labels
            .iter()
            .filter(|label| {
                self.label_terms(label)
                    .iter()
                    .any(|t| hits.iter().any(|(id, _)| id == t))
            })
            .take(MAX_REASONS)
            .cloned()
            .collect();
        if reasons.is_empty() {
            reasons = hits
                .iter()
                .map(|(_, surface)| surface.to_string())
                .take(MAX_REASONS)
                .collect();
        }
        reasons
    }
}
