//! Items → postings, one item at a time and in two passes, so that a large feed is indexed
//! in steps small enough for a browser's main thread (see [`crate::load`]).
//!
//! The invariant: building in steps gives exactly the index [`Index::build`] gives, item
//! for item, and an index focused on one page ([`IndexBuilder::focus`]) ranks that page
//! exactly as the whole index does.

use rustc_hash::FxHashMap as HashMap;

use super::focus::Focus;
use super::score::{B, K1};
use super::{Doc, Index, TermId};
use crate::compound::Vocabulary;
use crate::feed::{Item, OrganisationKey};
use crate::order::sort_numbers;
use crate::page::{PageContext, Query};
use crate::text::{fold_into, is_term_word, phrase_key, word_runs, Analyzer};
use crate::themes::Themes;

/// Weight of an item's title in its bag of terms.
const W_TITLE: f32 = 3.0;
/// Weight of each tag and theme.
const W_TAGS: f32 = 2.5;
/// Weight of the summary.
const W_SUMMARY: f32 = 1.5;
/// Weight of `_elders.outcome` (lessons learned).
const W_OUTCOME: f32 = 1.0;
/// Weight of the body text.
const W_CONTENT: f32 = 0.7;
/// Weight of the organisation's name.
const W_ORGANISATION: f32 = 0.5;

/// Hands `visit` each of an item's text fields with its weight, unfolded.
fn for_each_field(item: &Item, visit: &mut dyn FnMut(f32, &str)) {
    visit(W_TITLE, &item.title);
    visit(W_SUMMARY, &item.summary);
    let elders = item.elders.as_ref();
    let themes = elders.map(|e| e.themes.as_slice()).unwrap_or_default();
    for label in item.tags.iter().chain(themes) {
        visit(W_TAGS, label);
    }
    if let Some(outcome) = elders.and_then(|e| e.outcome.as_deref()) {
        visit(W_OUTCOME, outcome);
    }
    if let Some(content) = &item.content_text {
        visit(W_CONTENT, content);
    }
    if let Some(org) = item.organisation() {
        visit(W_ORGANISATION, &org.name);
    }
}

/// A distinct folded word's number while building.
type WordId = u32;

/// What [`IndexBuilder`] remembers for a run of word characters that is no search term
/// (a stop word, a number): no word has this number.
const NOT_A_TERM: WordId = WordId::MAX;

/// One learned item: its distinct words with their summed field weights, and its length.
#[derive(Debug, Default)]
struct LearnedItem {
    words: Vec<(WordId, f32)>,
    length: f32,
}

impl Index {
    /// Tokenises every item once, in one go; see [`IndexBuilder`] for doing it in steps.
    pub fn build(items: &[Item]) -> Index {
        Index::build_with(items, Themes::builtin())
    }

    /// [`Index::build`] with another theme vocabulary than the built-in one: the widget's
    /// cards module builds its indexes of questions with the vocabulary its feed's pack
    /// brought, so that it never holds the vocabulary's text itself.
    pub fn build_with(items: &[Item], themes: Themes) -> Index {
        let mut builder = IndexBuilder::with_themes(themes);
        for item in items {
            builder.learn(item);
        }
        for item in items {
            builder.index(item);
        }
        builder.finish()
    }
}

/// Builds an [`Index`] one item at a time, so that a caller on a browser's main thread can
/// yield between items (see [`crate::load`]). Two passes, because compounds split into
/// parts this feed actually uses: first [`IndexBuilder::learn`] every item (in order), then
/// [`IndexBuilder::index`] every item (in the same order), then [`IndexBuilder::finish`].
///
/// Start-up time is dominated by per-word work, so each word occurrence costs one hash
/// lookup, in the first pass; the second pass works on word numbers only, and each distinct
/// word is stemmed and split once.
#[derive(Debug)]
pub struct IndexBuilder {
    pub(super) analyzer: Analyzer,
    pub(super) vocabulary: Vocabulary,
    themes: Themes,
    /// Folded run of word characters → its word's number ([`NOT_A_TERM`] for runs that
    /// are none); `word_list` is the reverse.
    words: HashMap<String, WordId>,
    pub(super) word_list: Vec<String>,
    /// By word number: its weighted terms, once the word has been expanded.
    expansions: Vec<Option<Vec<(TermId, f32)>>>,
    dictionary: HashMap<String, TermId>,
    learned: Vec<LearnedItem>,
    postings: Vec<Vec<(u32, f32)>>,
    docs: Vec<Doc>,
    lengths: Vec<f32>,
    total_length: f32,
    labels: HashMap<String, u32>,
    label_items: Vec<Vec<u32>>,
    /// Tag or theme as written → its place in `label_items`: feeds repeat their labels
    /// from item to item, and each is made a comparison key once.
    written_labels: HashMap<String, u32>,
    /// One item's summed weights by word, then by term.
    item_words: Tally,
    bag: Tally,
    /// The field being learned, folded: one buffer for all of them.
    folded: String,
    /// Set by [`IndexBuilder::focus`]: only the query's terms are indexed.
    focus: Option<Focus>,
}

/// Summed weights by a dense number (a word's or a term's), for one item at a time. An
/// array indexed by the number instead of a hash table: start-up adds every word of every
/// item, and a hash and a probe each cost more than an index, most of all in the browser's
/// baseline Wasm compiler.
#[derive(Debug, Default)]
struct Tally {
    sums: Vec<f32>,
    counted: Vec<bool>,
    /// The numbers added since the last [`Tally::take`], in the order first added (which
    /// the owner may sort before taking).
    touched: Vec<u32>,
}

impl Tally {
    fn add(&mut self, id: u32, weight: f32) {
        let slot = id as usize;
        if slot >= self.sums.len() {
            self.sums.resize(slot + 1, 0.0);
            self.counted.resize(slot + 1, false);
        }
        if !self.counted[slot] {
            self.counted[slot] = true;
            self.touched.push(id);
        }
        self.sums[slot] += weight;
    }

    /// The numbers added and their sums, in the order of `touched`; empties the tally.
    fn take(&mut self) -> Vec<(u32, f32)> {
        let mut out = Vec::with_capacity(self.touched.len());
        for id in self.touched.drain(..) {
            let slot = id as usize;
            out.push((id, self.sums[slot]));
            self.sums[slot] = 0.0;
            self.counted[slot] = false;
        }
        out
    }
}

impl Default for IndexBuilder {
    fn default() -> Self {
        IndexBuilder::new()
    }
}

impl IndexBuilder {
    /// An empty builder, with the built-in theme vocabulary.
    pub fn new() -> IndexBuilder {
        IndexBuilder::with_themes(Themes::builtin())
    }

    /// An empty builder that expands queries with `themes`.
    pub fn with_themes(themes: Themes) -> IndexBuilder {
        IndexBuilder {
            analyzer: Analyzer,
            vocabulary: Vocabulary::with_lexicon(),
            themes,
            words: HashMap::default(),
            word_list: Vec::new(),
            expansions: Vec::new(),
            dictionary: HashMap::default(),
            learned: Vec::new(),
            postings: Vec::new(),
            docs: Vec::new(),
            lengths: Vec::new(),
            total_length: 0.0,
            labels: HashMap::default(),
            label_items: Vec::new(),
            written_labels: HashMap::default(),
            item_words: Tally::default(),
            bag: Tally::default(),
            folded: String::new(),
            focus: None,
        }
    }

    /// The number of a run of word characters, or [`NOT_A_TERM`]. Each distinct run is
    /// judged once ([`is_term_word`]); its other occurrences cost one lookup.
    fn word_id(&mut self, run: &str) -> WordId {
        if let Some(&id) = self.words.get(run) {
            return id;
        }
        let id = if is_term_word(run) {
            self.word_list.push(run.to_string());
            self.vocabulary.insert(run);
            (self.word_list.len() - 1) as WordId
        } else {
            NOT_A_TERM
        };
        self.words.insert(run.to_string(), id);
        id
    }

    /// First pass: learns one item's words (for compound splitting) and counts them.
    pub fn learn(&mut self, item: &Item) {
        let mut length = 0.0;
        let mut folded = std::mem::take(&mut self.folded);
        for_each_field(item, &mut |weight, text| {
            fold_into(text, &mut folded);
            for run in word_runs(&folded) {
                let id = self.word_id(run);
                if id != NOT_A_TERM {
                    self.item_words.add(id, weight);
                    length += weight;
                }
            }
        });
        self.folded = folded;
        // In word order, so that terms sum their words' weights in the same order however
        // the item's words came.
        sort_numbers(&mut self.item_words.touched);
        let words = self.item_words.take();
        self.learned.push(LearnedItem { words, length });
    }

    /// Makes the index one for `page` alone, once every item is learned and before the
    /// first is indexed: only the terms of the page's query are indexed, and words that
    /// cannot have one are never stemmed or split (see `Focus`). Ranking for that page
    /// gives exactly what the whole index gives; for another page, it misses terms.
    /// The widget ranks each feed for its own page once, and most of the index's
    /// building is the feed's words it never asks about.
    ///
    /// Returns the page's query: the one [`Index::query`] gives for `page` once the index
    /// is finished (the vocabulary that splits compounds no longer changes after the first
    /// pass), so that the caller can rank with it instead of analysing the page again.
    pub fn focus(&mut self, page: &PageContext) -> Query {
        let query = page.to_query(&self.analyzer, &self.vocabulary, &self.themes);
        for term in &query.terms {
            let next = self.dictionary.len() as TermId;
            self.dictionary.entry(term.stem.clone()).or_insert(next);
        }
        self.focus = Some(Focus::new(&query));
        query
    }

    /// How many items have been indexed.
    pub fn indexed(&self) -> usize {
        self.docs.len()
    }

    /// A learned word's weighted terms: its stem and its compound parts' stems. Only valid
    /// once every item is learned, since splitting depends on the whole vocabulary.
    fn terms(&mut self, word: WordId) -> &[(TermId, f32)] {
        let slot = word as usize;
        if self.expansions.len() <= slot {
            self.expansions.resize(self.word_list.len(), None);
        }
        if self.expansions[slot].is_none() {
            let word = &self.word_list[slot];
            let terms = match &self.focus {
                None => self
                    .analyzer
                    .expand(word, &self.vocabulary)
                    .into_iter()
                    .map(|term| {
                        let next = self.dictionary.len() as TermId;
                        (
                            *self.dictionary.entry(term.stem).or_insert(next),
                            term.weight,
                        )
                    })
                    .collect(),
                // Only the query's terms, which are in the dictionary already.
                Some(focus) if focus.may_match(word) => self
                    .analyzer
                    .expand(word, &self.vocabulary)
                    .into_iter()
                    .filter_map(|term| Some((*self.dictionary.get(&term.stem)?, term.weight)))
                    .collect(),
                Some(_) => Vec::new(),
            };
            self.expansions[slot] = Some(terms);
        }
        self.expansions[slot].as_deref().unwrap_or_default()
    }

    /// Second pass: indexes the next item. Items must come in the order they were learned,
    /// after all of them were.
    pub fn index(&mut self, item: &Item) {
        let i = self.docs.len();
        let learned = std::mem::take(&mut self.learned[i]);
        let mut bag = std::mem::take(&mut self.bag);
        for &(word, weight) in &learned.words {
            for &(term, w) in self.terms(word) {
                bag.add(term, weight * w);
            }
        }
        self.postings.resize_with(self.dictionary.len(), Vec::new);
        for (term, tf) in bag.take() {
            self.postings[term as usize].push((i as u32, tf));
        }
        self.bag = bag;
        self.total_length += learned.length;
        let themes = item
            .elders
            .as_ref()
            .map(|e| e.themes.as_slice())
            .unwrap_or_default();
        let labels: Vec<String> = item.tags.iter().chain(themes).cloned().collect();
        for label in &labels {
            let place = match self.written_labels.get(label) {
                Some(&place) => place,
                None => {
                    let items = &mut self.label_items;
                    let place = *self.labels.entry(phrase_key(label)).or_insert_with(|| {
                        items.push(Vec::new());
                        (items.len() - 1) as u32
                    });
                    self.written_labels.insert(label.clone(), place);
                    place
                }
            };
            let docs = &mut self.label_items[place as usize];
            if docs.last() != Some(&(i as u32)) {
                docs.push(i as u32);
            }
        }
        self.lengths.push(learned.length);
        self.docs.push(Doc {
            norm: 0.0,
            labels,
            updated_at: item.updated_at(),
            organisation: item.organisation().map(OrganisationKey::of),
            id: item.id.clone(),
        });
    }

    /// Frees what only the two passes needed: the word tables and the per-item word
    /// lists, tens of thousands of small allocations for a large feed. [`finish`] frees
    /// them too, but the stepwise loader calls this in a step of its own, so that the step
    /// which hands out the index, and is followed by ranking and the first cards, stays
    /// short.
    ///
    /// [`finish`]: IndexBuilder::finish
    pub fn release_scratch(&mut self) {
        self.words = HashMap::default();
        self.word_list = Vec::new();
        self.expansions = Vec::new();
        self.learned = Vec::new();
        self.written_labels = HashMap::default();
        self.item_words = Tally::default();
        self.bag = Tally::default();
        self.folded = String::new();
        self.focus = None;
    }

    /// The finished index: length normalisation needs every item's length.
    pub fn finish(self) -> Index {
        let mut docs = self.docs;
        let average_length = if docs.is_empty() {
            1.0
        } else {
            (self.total_length / docs.len() as f32).max(1.0)
        };
        for (doc, length) in docs.iter_mut().zip(self.lengths) {
            doc.norm = K1 * (1.0 - B + B * length / average_length);
        }
        Index {
            docs,
            dictionary: self.dictionary,
            postings: self.postings,
            labels: self.labels,
            label_items: self.label_items,
            analyzer: self.analyzer,
            vocabulary: self.vocabulary,
            themes: self.themes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{item, query};
    use super::super::{Index, RankOptions};

    #[test]
    fn stop_words_numbers_and_single_letters_are_not_indexed() {
        // They would make the second item longer, and so rank it lower.
        let items = [
            item("plain", "Waterstof haven", &["energie"], "A"),
            item(
                "padded",
                "Waterstof in de haven van 2025, en u",
                &["energie"],
                "B",
            ),
        ];
        let index = Index::build(&items);
        let ranked = index.rank(
            &query("waterstof"),
            &RankOptions {
                limit: 10,
                ..Default::default()
            },
        );
        assert_eq!(ranked.len(), 2);
        assert_eq!(ranked[0].score, ranked[1].score, "{ranked:?}");
    }
}
