//! Why a card is shown: the item's own tags and themes that meet the page, or else the
//! page's words that matched, in the page's spelling; and apart from those, the subjects
//! it was found by through the theme vocabulary ([`crate::themes`]), or lifted by as a
//! label the best items share: "Gedeelde onderwerpen: klantcontact · Verwant onderwerp:
//! voicebot".
//!
//! The invariant: a reason is always something the reader can see on the card or on the
//! page, or a term of the vocabulary as written there, never a stem; a related subject is
//! never called shared; and there are at most [`MAX_REASONS`] of them.

use super::{Index, TermId};
use crate::text::{fold, phrase_key, words};

/// Most reasons shown on one card.
const MAX_REASONS: usize = 4;
/// Most related subjects among them: the page's own subjects say more, and one says
/// what the vocabulary made of the page ("Verwant onderwerp: …").
const MAX_RELATED: usize = 1;

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

    /// The places in `label_items` of an item's labels, in the order of its labels.
    pub(super) fn label_places(&self, doc: usize) -> Vec<u32> {
        self.docs[doc]
            .labels
            .iter()
            .filter_map(|label| self.labels.get(&phrase_key(label)).copied())
            .collect()
    }

    /// The explanation for one shown item: its shared subjects, then its related ones.
    /// `matched` holds the query's terms that are in the dictionary, heaviest first, with
    /// their words and whether the theme vocabulary brought them in. A label is a shared
    /// subject when it meets one of the page's own terms, and a related one when it meets
    /// only related terms or is among `feedback` (the places of the labels the best items
    /// share, which lifted it); an item without such labels is explained by the words
    /// themselves. At most [`MAX_REASONS`] in all, of which at most [`MAX_RELATED`]
    /// related, and at least one of each kind the item has.
    pub(super) fn reasons(
        &self,
        doc: usize,
        matched: &[(TermId, &str, bool)],
        feedback: &[u32],
    ) -> (Vec<String>, Vec<String>) {
        let d = &self.docs[doc];
        let hits: Vec<(TermId, &str, bool)> = matched
            .iter()
            .copied()
            .filter(|(id, _, _)| self.contains(doc, *id))
            .collect();
        // Each label once, with the kind of term it meets: a page's own term wins.
        let mut shared: Vec<String> = Vec::new();
        let mut related: Vec<String> = Vec::new();
        for label in &d.labels {
            let terms = self.label_terms(label);
            let meets = |related: bool| {
                hits.iter()
                    .any(|(id, _, r)| *r == related && terms.contains(id))
            };
            // A label the best items share lifted the item: it says so, as related.
            let lifted = self
                .labels
                .get(&phrase_key(label))
                .is_some_and(|place| feedback.contains(place));
            if meets(false) {
                push_new(&mut shared, label);
            } else if meets(true) || lifted {
                push_new(&mut related, label);
            }
        }
        for (kind, list) in [(false, &mut shared), (true, &mut related)] {
            if list.is_empty() {
                for (_, surface, _) in hits.iter().filter(|h| h.2 == kind) {
                    push_new(list, surface);
                }
            }
        }
        related.retain(|r| !shared.contains(r));
        // Room for at least one related subject, however many shared ones there are.
        related.truncate(MAX_RELATED.min(MAX_REASONS - shared.len().min(MAX_REASONS - 1)));
        shared.truncate(MAX_REASONS - related.len());
        (shared, related)
    }
}

/// Adds `reason` to `list` unless it is there already.
fn push_new(list: &mut Vec<String>, reason: &str) {
    if !list.iter().any(|r| r == reason) {
        list.push(reason.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{corpus, query};
    use super::super::{Index, RankOptions};

    fn reasons_of(topics: &str, id: &str) -> (Vec<String>, Vec<String>) {
        let items = corpus();
        let index = Index::build(&items);
        let ranked = index.rank(
            &query(topics),
            &RankOptions {
                limit: 10,
                ..Default::default()
            },
        );
        let found = ranked
            .into_iter()
            .find(|r| items[r.index].id == id)
            .unwrap_or_else(|| panic!("{id} is shown for {topics:?}"));
        (found.reasons, found.related)
    }

    #[test]
    fn a_label_met_by_the_pages_own_word_is_shared() {
        let (shared, related) = reasons_of("klantcontact", "letters");
        assert_eq!(shared, ["klantcontact"]);
        assert!(related.is_empty(), "{related:?}");
    }

    #[test]
    fn a_label_met_only_through_the_vocabulary_is_related_and_named_as_written() {
        // "plain language" is the vocabulary's equivalent of "begrijpelijke taal".
        let (shared, related) = reasons_of("plain language", "letters");
        assert!(shared.is_empty(), "{shared:?}");
        assert_eq!(related, ["taal"], "the item's own label");
    }

    #[test]
    fn shared_and_related_subjects_are_told_apart_on_one_card() {
        // "voicebot" is related to "spraakherkenning" in the vocabulary.
        let (shared, related) = reasons_of("klantcontact, voicebot", "speech");
        assert_eq!(shared, ["klantcontact"]);
        assert_eq!(related, ["spraakherkenning"]);
    }

    #[test]
    fn without_a_matching_label_the_words_explain_in_readable_form() {
        // "hydrogen" meets the item's "waterstof" through the vocabulary; the item's
        // labels are "waterstof" and "energie", so its label says it.
        let (shared, related) = reasons_of("hydrogen", "hydrogen");
        assert!(shared.is_empty());
        assert_eq!(related, ["waterstof"]);
        // "haven" is in the title only: the page's word, as the page wrote it.
        let (shared, related) = reasons_of("Haven", "hydrogen");
        assert_eq!(shared, ["haven"]);
        assert!(related.is_empty());
    }
}
