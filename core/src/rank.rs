//! Relevance: which work elsewhere fits this page.
//!
//! A BM25F model: each item's fields are tokenised once into one weighted bag of terms
//! (title counts most, then tags and themes, summary, lessons learned, body text), stored
//! as postings sorted by item. Terms are interned as numbers, so building allocates once per
//! distinct word, not per occurrence, and a query touches only the postings of its own
//! terms: ranking 10,000 items costs well under a millisecond natively.
//!
//! On top of text relevance: a boost per exact match between the page's topics/keywords and
//! an item's tags/themes, and a mild preference for recently updated work. The page's own
//! organisation is excluded ("elsewhere"). Ties break on date, then id, so the same page
//! always shows the same cards.

use rustc_hash::FxHashMap as HashMap;

use crate::compound::Vocabulary;
use crate::feed::{Item, OrganisationKey};
use crate::order::{best_by, sort_numbers};
use crate::page::{PageContext, Query};
use crate::text::{fold, fold_into, is_term_word, phrase_key, word_runs, words, Analyzer};

const K1: f32 = 1.2;
const B: f32 = 0.75;
const W_TITLE: f32 = 3.0;
const W_TAGS: f32 = 2.5;
const W_SUMMARY: f32 = 1.5;
const W_OUTCOME: f32 = 1.0;
const W_CONTENT: f32 = 0.7;
const W_ORGANISATION: f32 = 0.5;
/// Score multiplier per exact tag/theme match with a page topic, up to three matches.
const TAG_BOOST: f32 = 0.3;
/// Largest recency multiplier (for work updated today), decaying with a two-year scale.
const RECENCY_BOOST: f32 = 0.15;
const SECONDS_PER_YEAR: f32 = 365.25 * 86_400.0;
/// Most reasons shown on one card.
const MAX_REASONS: usize = 4;

/// A term's number in the index's dictionary.
type TermId = u32;

/// The multiplier on an item's text score: exact tag/theme matches with the page's topics
/// (up to three count) and how recently it was updated.
fn boost(doc: &Doc, exact_matches: u8, now: Option<i64>) -> f32 {
    let mut boost = 1.0 + TAG_BOOST * f32::from(exact_matches.min(3));
    if let (Some(now), Some(updated)) = (now, doc.updated_at) {
        let age_years = ((now - updated).max(0) as f32) / SECONDS_PER_YEAR;
        boost *= 1.0 + RECENCY_BOOST * (-age_years / 2.0).exp();
    }
    boost
}

/// What the index keeps per item besides its postings.
#[derive(Debug, Clone)]
struct Doc {
    /// BM25's length normalisation, `k1 · (1 − b + b · length / average length)`.
    norm: f32,
    /// Tags and themes as written, for explanations.
    labels: Vec<String>,
    updated_at: Option<i64>,
    organisation: Option<OrganisationKey>,
    id: String,
}

/// The search index for one feed. Build it once when the feed arrives; query it per page.
#[derive(Debug)]
pub struct Index {
    docs: Vec<Doc>,
    /// term → its id.
    dictionary: HashMap<String, TermId>,
    /// By term id: (item index, weighted term frequency), sorted by item index.
    postings: Vec<Vec<(u32, f32)>>,
    /// Tag or theme (as a comparison key) → its place in `label_items`, for exact-match
    /// boosts. Every string-keyed map in the crate maps to a `u32`: each key and value
    /// type compiles its own hash-table code (see "Size: where the bytes go" in
    /// docs/benchmarks.md).
    labels: HashMap<String, u32>,
    /// By label place: the items that carry the label.
    label_items: Vec<Vec<u32>>,
    analyzer: Analyzer,
    /// The corpus' words plus the built-in lexicon, for splitting compounds in queries.
    vocabulary: Vocabulary,
}

/// One ranked item.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// Index of the item in the slice the [`Index`] was built from.
    pub index: usize,
    /// Relevance; only comparable within one query.
    pub score: f32,
    /// Why it is shown: the item's tags/themes that match the page, or else the page's
    /// words that matched, in the page's spelling.
    pub reasons: Vec<String>,
}

/// Options for one ranking.
#[derive(Debug, Clone, Default)]
pub struct RankOptions<'a> {
    /// The host's organisation (TOOI URI or name); its items are not shown.
    pub exclude_organisation: Option<&'a str>,
    /// Now, in Unix seconds, for the recency preference; `None` ranks without it.
    pub now: Option<i64>,
    /// How many results at most.
    pub limit: usize,
}

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
    analyzer: Analyzer,
    vocabulary: Vocabulary,
    /// Folded run of word characters → its word's number ([`NOT_A_TERM`] for runs that
    /// are none); `word_list` is the reverse.
    words: HashMap<String, WordId>,
    word_list: Vec<String>,
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

/// Which words can have one of a query's terms among their terms, for an index of that
/// query's terms alone ([`IndexBuilder::focus`]). Most of a feed's distinct words have
/// none, and telling so by their letters is much cheaper than stemming and splitting them.
///
/// A stem is what is left of a word, or of a compound's part (itself a piece of the
/// word), once suffixes are cut off, with two exceptions ([`crate::stem`]): a final
/// `heden` becomes `heid`, and a doubled vowel before the final consonant is made single.
/// So whatever the stem `s` of an ASCII word, the word holds `s` without its last
/// letter, or without a final `heid`: the stem's *key*. A word that holds no query term's
/// key has none of its terms. Checked by the keys' first three letters, in a bitmap;
/// letters in common only cost the usual expansion.
#[derive(Debug)]
struct Focus {
    /// By [`trigram_bit`]: whether some key begins with those three bytes.
    trigrams: Vec<u64>,
    /// A key is shorter than three bytes (a stem of up to three letters): every word
    /// is expanded.
    every_word: bool,
}

/// Bits in [`Focus::trigrams`].
const TRIGRAM_BITS: usize = 1 << 16;

/// The bit of three bytes in [`Focus::trigrams`].
fn trigram_bit(bytes: &[u8]) -> usize {
    let n = u32::from(bytes[0]) << 16 | u32::from(bytes[1]) << 8 | u32::from(bytes[2]);
    (n.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

impl Focus {
    fn new(query: &Query) -> Focus {
        let mut focus = Focus {
            trigrams: vec![0; TRIGRAM_BITS / 64],
            every_word: false,
        };
        for term in &query.terms {
            let stem = term.stem.as_bytes();
            let key = match stem.strip_suffix(b"heid") {
                Some(key) => key,
                None => &stem[..stem.len().saturating_sub(1)],
            };
            if key.len() < 3 {
                focus.every_word = true;
            } else {
                let bit = trigram_bit(key);
                focus.trigrams[bit / 64] |= 1 << (bit % 64);
            }
        }
        focus
    }

    /// Whether `word` (folded) may have one of the query's terms among its terms.
    fn may_match(&self, word: &str) -> bool {
        self.every_word
            || !word.is_ascii()
            || word.as_bytes().windows(3).any(|three| {
                let bit = trigram_bit(three);
                self.trigrams[bit / 64] & (1 << (bit % 64)) != 0
            })
    }
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
    /// An empty builder.
    pub fn new() -> IndexBuilder {
        IndexBuilder {
            analyzer: Analyzer,
            vocabulary: Vocabulary::with_lexicon(),
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
    /// cannot have one are never stemmed or split (see [`Focus`]). Ranking for that page
    /// gives exactly what the whole index gives; for another page, it misses terms.
    /// The widget ranks each feed for its own page once, and most of the index's
    /// building is the feed's words it never asks about.
    pub fn focus(&mut self, page: &PageContext) {
        let query = page.to_query(&self.analyzer, &self.vocabulary);
        for term in &query.terms {
            let next = self.dictionary.len() as TermId;
            self.dictionary.entry(term.stem.clone()).or_insert(next);
        }
        self.focus = Some(Focus::new(&query));
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
        }
    }
}

/// An [`Index`] being freed one large part at a time ([`Index::into_release`]): a
/// 10,000-item index is hundreds of thousands of small strings and lists, and freeing it
/// in one go took 20–50 ms in a browser, a long task on the host page's main thread after
/// the cards. It answers no queries.
#[derive(Debug)]
pub struct IndexRelease(Index);

impl IndexRelease {
    /// Frees the next large part of the index (its documents, terms, lists, labels or
    /// words); whether there was one.
    pub fn step(&mut self) -> bool {
        let index = &mut self.0;
        if !index.docs.is_empty() {
            drop(std::mem::take(&mut index.docs));
        } else if !index.dictionary.is_empty() {
            drop(std::mem::take(&mut index.dictionary));
        } else if !index.postings.is_empty() {
            drop(std::mem::take(&mut index.postings));
        } else if !index.labels.is_empty() || !index.label_items.is_empty() {
            drop(std::mem::take(&mut index.labels));
            drop(std::mem::take(&mut index.label_items));
        } else if !index.vocabulary.is_empty() {
            drop(std::mem::take(&mut index.vocabulary));
        } else {
            return false;
        }
        true
    }
}

impl Index {
    /// Hands the index over to be freed a part at a time ([`IndexRelease::step`]).
    pub fn into_release(self) -> IndexRelease {
        IndexRelease(self)
    }

    /// Tokenises every item once, in one go; see [`IndexBuilder`] for doing it in steps.
    pub fn build(items: &[Item]) -> Index {
        let mut builder = IndexBuilder::new();
        for item in items {
            builder.learn(item);
        }
        for item in items {
            builder.index(item);
        }
        builder.finish()
    }

    /// The query for a page, analysed the way the items were.
    pub fn query(&self, page: &PageContext) -> Query {
        page.to_query(&self.analyzer, &self.vocabulary)
    }

    /// How many items the index holds.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether the index holds no items.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    fn idf(&self, document_frequency: usize) -> f32 {
        let n = self.docs.len() as f32;
        let df = document_frequency as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// Ranks the items for a query: only items that match at least one query term, best
    /// first, at most `options.limit`.
    pub fn rank(&self, query: &Query, options: &RankOptions<'_>) -> Vec<Ranked> {
        let mut scores = vec![0.0f32; self.docs.len()];
        let mut matched: Vec<(TermId, &str)> = Vec::with_capacity(query.terms.len());
        for term in &query.terms {
            let Some(&id) = self.dictionary.get(&term.stem) else {
                continue;
            };
            let weight = term.weight;
            matched.push((id, &term.surface));
            let list = &self.postings[id as usize];
            let idf = self.idf(list.len());
            for &(doc, tf) in list {
                let norm = self.docs[doc as usize].norm;
                scores[doc as usize] += weight * idf * tf * (K1 + 1.0) / (tf + norm);
            }
        }
        // Exact tag/theme matches with the page's topics, counted per item.
        let mut exact = vec![0u8; self.docs.len()];
        for phrase in &query.phrases {
            let place = self.labels.get(phrase);
            let docs = place.map_or(&[][..], |&place| &self.label_items[place as usize]);
            for &doc in docs {
                exact[doc as usize] = exact[doc as usize].saturating_add(1);
            }
        }
        let host = options.exclude_organisation.map(OrganisationKey::host);
        let excluded = |doc: &Doc| match (&host, &doc.organisation) {
            (Some(host), Some(org)) => org.matches(host),
            _ => false,
        };
        let hits = scores
            .iter()
            .enumerate()
            .filter(|&(i, &s)| s > 0.0 && !excluded(&self.docs[i]))
            .map(|(i, &s)| (i, s * boost(&self.docs[i], exact[i], options.now)));
        // A total order (ids are unique), so the best are exactly determined.
        let by_rank = |a: &(usize, f32), b: &(usize, f32)| {
            let (da, db) = (&self.docs[a.0], &self.docs[b.0]);
            b.1.total_cmp(&a.1)
                .then_with(|| db.updated_at.cmp(&da.updated_at))
                .then_with(|| da.id.cmp(&db.id))
        };
        best_by(hits, options.limit, by_rank)
            .into_iter()
            .map(|(index, score)| Ranked {
                index,
                score,
                reasons: self.reasons(index, &matched),
            })
            .collect()
    }

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
    fn reasons(&self, doc: usize, matched: &[(TermId, &str)]) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::{Elders, Organisation};

    /// Every term of every word of the relevance feed, and of words made for the
    /// stemmer's two rules that do more than cut off an ending, passes the filter of a
    /// query made of that term alone.
    #[test]
    fn a_focus_lets_through_every_word_with_one_of_its_terms() {
        let text = include_str!("../../tests/fixtures/relevance/feed.json");
        let feed = crate::validate::parse_feed(text).unwrap();
        let mut builder = IndexBuilder::new();
        for item in &feed.feed.items {
            builder.learn(item);
        }
        let made = [
            "gelegenheden",
            "mogelijkheden",
            "moeilijkheden",
            "naam",
            "maatregelen",
            "straat",
            "bedrijfsvoeringsmaatregelen",
            "zonneparkgelegenheden",
            "zorgloket",
        ];
        let words: Vec<String> = builder
            .word_list
            .iter()
            .cloned()
            .chain(made.iter().map(|w| w.to_string()))
            .collect();
        // A query whose term most of these words lack, for how often the filter lets a
        // word through whose terms are others.
        let other = Focus::new(&Query {
            terms: vec![crate::page::QueryTerm {
                stem: "spraakherkenn".into(),
                weight: 1.0,
                surface: String::new(),
            }],
            phrases: Vec::new(),
        });
        let (mut checked, mut passed_by) = (0, 0);
        for word in &words {
            for term in builder.analyzer.expand(word, &builder.vocabulary) {
                let query = Query {
                    terms: vec![crate::page::QueryTerm {
                        stem: term.stem.clone(),
                        weight: 1.0,
                        surface: term.word,
                    }],
                    phrases: Vec::new(),
                };
                let focus = Focus::new(&query);
                assert!(
                    focus.may_match(word),
                    "{word:?} has the term {:?}",
                    term.stem
                );
                checked += 1;
                passed_by += usize::from(other.may_match(word) && !word.contains("spraak"));
            }
        }
        assert!(checked > 3000, "{checked} terms");
        assert!(
            passed_by * 20 < checked,
            "{passed_by} of {checked} let through in vain"
        );
    }

    fn item(id: &str, title: &str, tags: &[&str], org: &str) -> Item {
        Item {
            id: id.into(),
            url: None,
            title: title.into(),
            summary: format!("Over {title}."),
            content_text: None,
            date_published: Some("2025-01-01T00:00:00Z".into()),
            date_modified: None,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            language: None,
            authors: vec![],
            elders: Some(Elders {
                organisation: Some(Organisation {
                    name: org.into(),
                    uri: None,
                }),
                ..Elders::default()
            }),
        }
    }

    fn query(topics: &str) -> Query {
        PageContext {
            topics: crate::page::split_list(topics),
            ..Default::default()
        }
        .to_query(&Analyzer, &Vocabulary::with_lexicon())
    }

    fn corpus() -> Vec<Item> {
        vec![
            item(
                "hydrogen",
                "Waterstof in de haven",
                &["waterstof", "energie"],
                "Rotterdam",
            ),
            item(
                "speech",
                "Spraakherkenning aan de telefoon",
                &["spraakherkenning", "klantcontact"],
                "SVB",
            ),
            item(
                "letters",
                "Begrijpelijke brieven",
                &["klantcontact", "taal"],
                "UWV",
            ),
            item(
                "own",
                "Spraakherkenning bij ons",
                &["spraakherkenning"],
                "BZK",
            ),
        ]
    }

    #[test]
    fn an_index_is_freed_a_large_part_at_a_time() {
        let items = corpus();
        let mut release = Index::build(&items).into_release();
        let mut steps = 0;
        while release.step() {
            steps += 1;
            assert!(steps <= 5, "the release never ends");
        }
        assert_eq!(steps, 5, "documents, terms, lists, labels, words");
        let index = &release.0;
        assert!(index.docs.is_empty() && index.dictionary.is_empty() && index.postings.is_empty());
        assert!(
            index.labels.is_empty() && index.label_items.is_empty() && index.vocabulary.is_empty()
        );
        assert!(!release.step(), "and it stays done");
    }

    #[test]
    fn a_topic_match_ranks_above_a_non_match() {
        let items = corpus();
        let index = Index::build(&items);
        let ranked = index.rank(
            &query("spraakherkenning"),
            &RankOptions {
                limit: 10,
                ..Default::default()
            },
        );
        let ids: Vec<&str> = ranked.iter().map(|r| items[r.index].id.as_str()).collect();
        assert!(ids.contains(&"speech"));
        assert!(
            !ids.contains(&"hydrogen"),
            "items that share nothing are not shown"
        );
        assert_eq!(ranked[0].reasons, ["spraakherkenning"]);
    }

    #[test]
    fn the_host_organisation_is_hidden() {
        let items = corpus();
        let index = Index::build(&items);
        let options = RankOptions {
            exclude_organisation: Some("bzk"),
            limit: 10,
            now: None,
        };
        let ranked = index.rank(&query("spraakherkenning"), &options);
        let ids: Vec<&str> = ranked.iter().map(|r| items[r.index].id.as_str()).collect();
        assert_eq!(ids, ["speech"]);
    }

    #[test]
    fn more_shared_topics_rank_higher_and_ties_are_deterministic() {
        let items = corpus();
        let index = Index::build(&items);
        let options = RankOptions {
            limit: 10,
            ..Default::default()
        };
        let ranked = index.rank(&query("spraakherkenning, klantcontact"), &options);
        let ids: Vec<&str> = ranked.iter().map(|r| items[r.index].id.as_str()).collect();
        assert_eq!(ids[0], "speech");
        assert_eq!(ids, ["speech", "own", "letters"]);
        assert_eq!(
            ranked,
            index.rank(&query("spraakherkenning, klantcontact"), &options)
        );
    }

    #[test]
    fn a_compound_on_the_page_finds_work_sharing_a_part() {
        let items = corpus();
        let index = Index::build(&items);
        let page = PageContext {
            topics: vec!["spraaktechnologie".into()],
            ..Default::default()
        };
        let ranked = index.rank(
            &index.query(&page),
            &RankOptions {
                limit: 10,
                ..Default::default()
            },
        );
        let ids: Vec<&str> = ranked.iter().map(|r| items[r.index].id.as_str()).collect();
        assert!(
            ids.contains(&"speech"),
            "spraaktechnologie meets spraakherkenning via spraak: {ids:?}"
        );
        assert_eq!(
            ranked[0].reasons,
            ["spraakherkenning"],
            "the matching tag explains it"
        );
    }

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

    #[test]
    fn limit_keeps_the_best() {
        let items = corpus();
        let index = Index::build(&items);
        let ranked = index.rank(
            &query("klantcontact spraakherkenning"),
            &RankOptions {
                limit: 1,
                ..Default::default()
            },
        );
        assert_eq!(ranked.len(), 1);
        assert_eq!(items[ranked[0].index].id, "speech");
    }

    #[test]
    fn recent_work_wins_a_tie() {
        let mut old = item("old", "Waterstof", &["waterstof"], "A");
        old.date_published = Some("2019-01-01T00:00:00Z".into());
        let new = item("new", "Waterstof", &["waterstof"], "A");
        let index = Index::build(&[old, new]);
        let now = crate::date::parse_rfc3339("2026-01-01T00:00:00Z");
        let ranked = index.rank(
            &query("waterstof"),
            &RankOptions {
                limit: 2,
                now,
                ..Default::default()
            },
        );
        assert_eq!(ranked[0].index, 1);
        assert!(ranked[0].score > ranked[1].score);
    }
}
