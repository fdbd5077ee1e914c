//! The theme vocabulary: what a page's words also mean in the words of government work.
//!
//! A page and the work that fits it often use different words: the page names a practice
//! and the items the field it belongs to ("dementie" and "zorgtechnologie"), one says
//! "transportschaarste" and the other "netcongestie", or the page is in English about
//! Dutch work ("procurement" and "aanbesteding"). Stemming and compound splitting cannot
//! bridge that; a small vocabulary of equivalent and related terms can. It is data,
//! `core/data/themes.txt`, built into the crate, one concept per line:
//!
//! - `a = b = c`: equivalents (synonyms, abbreviations, the Dutch and English names);
//! - `a > b, c`: `a` is broader than `b` and `c`;
//! - `a ~ b, c`: `b` and `c` are related to `a`.
//!
//! A line may be both: `a = b ~ c`. A term is an equivalence line's first term or stands
//! for itself; the terms after a `>` or `~` are related to the line's first term (and through it to its equivalents), not to each
//! other. Broader and narrower terms count as related: a page about "dementie" wants work
//! on "ouderenzorg", and one about "ouderenzorg" work on "dementie", about as much.
//!
//! The invariant: expansion only adds terms a page did not have, each marked
//! [`QueryTerm::related`] and weaker than the page term it came from, and never expands an
//! added term again, so a page's own words always lead and the reasons on a card can tell
//! the page's words from the vocabulary's.

use rustc_hash::FxHashMap as HashMap;

use crate::page::QueryTerm;
use crate::text::{fold, words, Analyzer};

/// The vocabulary's text: `core/data/themes.txt` (format above, sources in its header)
/// without its comments, as `core/build.rs` writes it.
const THEMES: &str = include_str!(concat!(env!("OUT_DIR"), "/themes.txt"));

/// An added equivalent's weight, relative to the page term it stands for. Chosen on the
/// dev split of the relevance test set (docs/benchmarks.md, "How the ranking was tuned").
pub const EQUIVALENT_WEIGHT: f32 = 0.5;
/// An added related (broader, narrower) term's weight, relative to the page term.
pub const RELATED_WEIGHT: f32 = 0.4;

/// One term of the vocabulary.
#[derive(Debug, Clone)]
struct Term {
    /// The stems of its words, as [`Analyzer`] makes them.
    stems: Vec<String>,
    /// As written in the vocabulary: what a card shows as a reason.
    written: String,
    /// Its equivalence line's first term (itself when it is on none).
    canonical: u32,
}

/// A theme vocabulary, analysed the way pages and items are: the built-in one, or the one
/// a pack carries (`crate::pack`), so that the widget's cards module never holds the
/// vocabulary's text itself.
#[derive(Debug, Clone, Default)]
pub struct Themes {
    /// The lines it was read from, without comments, for writing it into a pack.
    text: String,
    terms: Vec<Term>,
    /// A term's first stem → its place in `by_first_stem`. Every string-keyed map in the
    /// crate maps to a `u32` (see "Size: where the bytes go" in docs/benchmarks.md).
    first_stems: HashMap<String, u32>,
    /// By place: the terms whose first stem it is.
    by_first_stem: Vec<Vec<u32>>,
    /// By canonical term: its equivalents (itself included).
    equivalents: Vec<Vec<u32>>,
    /// By canonical term: its related terms.
    related: Vec<Vec<u32>>,
    /// Written term → its number, while lines are read. Every string-keyed map in the
    /// crate maps to a `u32` and has `String` keys: each key and value type compiles its
    /// own hash-table code.
    numbers: HashMap<String, u32>,
}

impl Themes {
    /// The vocabulary of `core/data/themes.txt`.
    pub fn builtin() -> Themes {
        Themes::parse(THEMES)
    }

    /// The lines the vocabulary was read from, without comments, one per line.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Reads a vocabulary in the format above; lines it cannot read are skipped (the
    /// built-in one is checked by a test).
    pub fn parse(text: &str) -> Themes {
        let mut themes = Themes::default();
        for line in text.lines() {
            themes.add_line(line);
        }
        themes
    }

    /// Reads one more line of a vocabulary: [`Themes::parse`] a line at a time, so that a
    /// pack's reader can read it in small steps (`crate::rank::Unpack`).
    pub fn add_line(&mut self, line: &str) {
        let analyzer = &Analyzer;
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            return;
        }
        self.text.push_str(line);
        self.text.push('\n');
        // `a = b ~ c, d`: an equivalence line, then what its first term relates to.
        let (equivalents, related) = match line.find(['>', '~']) {
            Some(at) => (&line[..at], &line[at + 1..]),
            None => (line, ""),
        };
        let mut members = equivalents.split('=');
        let first = members.next().unwrap_or_default().trim();
        let Some(head) = self.term(first, analyzer) else {
            return;
        };
        let head = self.terms[head as usize].canonical;
        for written in members {
            if let Some(t) = self.term(written.trim(), analyzer) {
                if self.terms[t as usize].canonical == t && t != head {
                    self.terms[t as usize].canonical = head;
                    self.equivalents[head as usize].push(t);
                }
            }
        }
        for written in related.split(',').filter(|w| !w.trim().is_empty()) {
            if let Some(other) = self.term(written.trim(), analyzer) {
                let other = self.terms[other as usize].canonical;
                self.relate(head, other);
            }
        }
    }

    /// The number of a written term, adding it when new; `None` when it has no words
    /// that can be search terms.
    fn term(&mut self, written: &str, analyzer: &Analyzer) -> Option<u32> {
        if let Some(&n) = self.numbers.get(written) {
            return Some(n);
        }
        let stems: Vec<String> = words(&fold(written)).map(|w| analyzer.stem(w)).collect();
        let first = stems.first()?.clone();
        let n = self.terms.len() as u32;
        self.terms.push(Term {
            stems,
            written: written.to_string(),
            canonical: n,
        });
        self.equivalents.push(vec![n]);
        self.related.push(Vec::new());
        let lists = &mut self.by_first_stem;
        let place = *self.first_stems.entry(first).or_insert_with(|| {
            lists.push(Vec::new());
            (lists.len() - 1) as u32
        });
        lists[place as usize].push(n);
        self.numbers.insert(written.to_string(), n);
        Some(n)
    }

    /// Whether a stem is a one-word term of the vocabulary: a word the vocabulary knows as
    /// naming a subject.
    pub fn knows(&self, stem: &str) -> bool {
        self.first_stems.get(stem).is_some_and(|&place| {
            self.by_first_stem[place as usize]
                .iter()
                .any(|&n| self.terms[n as usize].stems.len() == 1)
        })
    }

    /// Makes two canonical terms related, both ways.
    fn relate(&mut self, a: u32, b: u32) {
        if a == b {
            return;
        }
        for (from, to) in [(a, b), (b, a)] {
            let list = &mut self.related[from as usize];
            if !list.contains(&to) {
                list.push(to);
            }
        }
    }

    /// Adds to `terms` (a page's query terms, each stem once) the equivalents and related
    /// terms of the vocabulary's terms that the page has: every word of a vocabulary term
    /// must be among the page's terms, and the weakest of them sets its strength. An added
    /// term weighs [`EQUIVALENT_WEIGHT`] or [`RELATED_WEIGHT`] times that strength, spread
    /// over its words; a stem the page has itself is left as the page has it, and a stem
    /// added for several reasons keeps its heaviest weight.
    pub fn expand(&self, terms: &mut Vec<QueryTerm>) {
        // A query has tens of terms: a search is cheaper than a map of another type.
        let page = |stem: &str| {
            terms
                .iter()
                .find(|t| !t.related && t.stem == stem)
                .map(|t| t.weight)
        };
        let present = |stem: &str| terms.iter().any(|t| t.stem == stem);
        // (stem, weight, written), in a deterministic order: the page's terms' order,
        // then the vocabulary's.
        let mut added: Vec<(String, f32, &str)> = Vec::new();
        for term in terms.iter().filter(|t| !t.related) {
            let Some(&place) = self.first_stems.get(&term.stem) else {
                continue;
            };
            for &n in &self.by_first_stem[place as usize] {
                let found = &self.terms[n as usize];
                let strength = found
                    .stems
                    .iter()
                    .map(|s| page(s))
                    .try_fold(f32::INFINITY, |least, w| Some(least.min(w?)));
                let Some(strength) = strength else { continue };
                let canonical = found.canonical as usize;
                let targets = self.equivalents[canonical]
                    .iter()
                    .map(|&t| (t, EQUIVALENT_WEIGHT))
                    .chain(self.related[canonical].iter().flat_map(|&r| {
                        self.equivalents[r as usize]
                            .iter()
                            .map(|&t| (t, RELATED_WEIGHT))
                    }));
                for (t, factor) in targets {
                    let target = &self.terms[t as usize];
                    let weight = strength * factor / target.stems.len() as f32;
                    for stem in &target.stems {
                        if present(stem) {
                            continue;
                        }
                        match added.iter_mut().find(|a| &a.0 == stem) {
                            Some(a) if a.1 < weight => (a.1, a.2) = (weight, &target.written),
                            Some(_) => {}
                            None => added.push((stem.clone(), weight, &target.written)),
                        }
                    }
                }
            }
        }
        terms.extend(added.into_iter().map(|(stem, weight, written)| QueryTerm {
            stem,
            weight,
            surface: written.to_string(),
            related: true,
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_terms(pairs: &[(&str, f32)]) -> Vec<QueryTerm> {
        pairs
            .iter()
            .map(|(word, weight)| QueryTerm {
                stem: Analyzer.stem(word),
                weight: *weight,
                surface: word.to_string(),
                related: false,
            })
            .collect()
    }

    fn added(terms: &[QueryTerm]) -> Vec<(&str, f32)> {
        terms
            .iter()
            .filter(|t| t.related)
            .map(|t| (t.surface.as_str(), t.weight))
            .collect()
    }

    #[test]
    fn every_line_of_the_built_in_vocabulary_is_read() {
        let lines = THEMES
            .lines()
            .map(|l| l.split('#').next().unwrap_or_default().trim())
            .filter(|l| !l.is_empty());
        let themes = Themes::builtin();
        for line in lines {
            for written in line.split(['=', '>', '~', ',']) {
                let written = written.trim();
                assert!(
                    themes.terms.iter().any(|t| t.written == written),
                    "{written:?} of {line:?}"
                );
                assert_eq!(written, crate::text::lowercase(written), "lower case");
            }
        }
        assert!(themes.terms.len() > 400, "{}", themes.terms.len());
    }

    #[test]
    fn an_english_word_brings_in_its_dutch_equivalents_and_their_relations() {
        let themes = Themes::builtin();
        let mut terms = page_terms(&[("procurement", 4.0)]);
        themes.expand(&mut terms);
        let added = added(&terms);
        assert!(
            added.contains(&("inkoop", 4.0 * EQUIVALENT_WEIGHT)),
            "{added:?}"
        );
        assert!(added.contains(&("aanbesteding", 4.0 * EQUIVALENT_WEIGHT)));
        assert!(
            added.contains(&("leveranciers", 4.0 * RELATED_WEIGHT)),
            "related to its canonical term: {added:?}"
        );
        assert_eq!(
            terms[0].surface, "procurement",
            "the page's term stays first"
        );
    }

    #[test]
    fn a_narrower_term_brings_in_its_broader_one_and_not_its_siblings() {
        let themes = Themes::builtin();
        let mut terms = page_terms(&[("dementie", 2.0)]);
        themes.expand(&mut terms);
        let added = added(&terms);
        assert!(
            added.contains(&("ouderenzorg", 2.0 * RELATED_WEIGHT)),
            "{added:?}"
        );
        assert!(
            !added.iter().any(|(w, _)| *w == "verpleeghuis"),
            "a sibling under ouderenzorg is not related: {added:?}"
        );
    }

    #[test]
    fn a_multi_word_term_needs_all_its_words_and_spreads_its_weight() {
        let themes = Themes::builtin();
        let mut only_one = page_terms(&[("open", 1.0)]);
        themes.expand(&mut only_one);
        assert!(!added(&only_one).iter().any(|(w, _)| *w == "opendata"));
        let mut both = page_terms(&[("open", 1.0), ("data", 3.0)]);
        themes.expand(&mut both);
        assert!(
            added(&both).contains(&("opendata", EQUIVALENT_WEIGHT)),
            "the weaker word sets it"
        );
        let mut english = page_terms(&[("ai", 2.0)]);
        themes.expand(&mut english);
        let spread = 2.0 * EQUIVALENT_WEIGHT / 2.0;
        assert!(
            added(&english).contains(&("kunstmatige intelligentie", spread)),
            "{:?}",
            added(&english)
        );
    }

    #[test]
    fn the_page_keeps_its_own_words_and_nothing_is_expanded_twice() {
        let themes = Themes::builtin();
        let mut terms = page_terms(&[("droogte", 1.0), ("grondwater", 3.0)]);
        themes.expand(&mut terms);
        let grondwater = terms.iter().find(|t| t.surface == "grondwater").unwrap();
        assert_eq!((grondwater.weight, grondwater.related), (3.0, false));
        let stems: Vec<&str> = terms.iter().map(|t| t.stem.as_str()).collect();
        let mut distinct = stems.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), stems.len(), "each stem once");
        let before = terms.clone();
        themes.expand(&mut terms);
        assert_eq!(
            terms.len(),
            before.len(),
            "added terms bring in nothing more"
        );
        let mut empty = Vec::new();
        themes.expand(&mut empty);
        assert!(empty.is_empty());
    }
}
