//! An index in the pack ([`crate::pack`]): what building it cost, kept, so that a reader
//! of the pack never tokenises, stems or splits the feed's words again.
//!
//! What is written: per item its length normalisation, its last update and its
//! organisation's key (from a table of the feed's organisations); the corpus' words for
//! splitting compounds in queries; the theme vocabulary queries are expanded with, a line
//! per entry; every term with its postings, sorted by term; every
//! tag and theme with its items. An item's labels and id are its own, read with it.
//!
//! The invariant, as for an index built for one page ([`super::IndexBuilder::focus`]):
//! [`Unpack`] reads the postings of the page's query terms alone, and
//! ranks that page exactly as the whole index does (a test checks every judged page).

use rustc_hash::FxHashMap as HashMap;

use super::{Doc, Index, TermId};
use crate::compound::Vocabulary;
use crate::feed::{Item, OrganisationKey};
use crate::pack::wire::{Reader, Writer};
use crate::pack::PackError;
use crate::page::{PageContext, Query};
use crate::text::Analyzer;
use crate::themes::Themes;

/// The fewest bytes a posting takes: a one-byte item step and its weight.
const LEAST_POSTING_BYTES: usize = 5;

impl Index {
    /// Writes the index for `items`, the items it was built from, in their order.
    pub fn pack(&self, items: &[Item], w: &mut Writer) {
        let Index {
            docs,
            dictionary,
            postings,
            labels,
            label_items,
            analyzer: _,
            vocabulary,
            themes,
        } = self;
        debug_assert_eq!(docs.len(), items.len());

        // Organisations: a table, then each item's place in it (0 for none).
        let mut organisations: Vec<&OrganisationKey> = Vec::new();
        let mut places = Vec::with_capacity(docs.len());
        for doc in docs {
            places.push(match &doc.organisation {
                None => 0,
                Some(key) => match organisations.iter().position(|k| *k == key) {
                    Some(i) => i + 1,
                    None => {
                        organisations.push(key);
                        organisations.len()
                    }
                },
            });
        }
        w.count(organisations.len());
        for key in &organisations {
            let (uri, name) = key.parts();
            w.maybe_text(uri);
            w.text(name);
        }
        w.count(docs.len());
        for (doc, place) in docs.iter().zip(places) {
            w.float(doc.norm);
            w.maybe_signed(doc.updated_at);
            w.count(place);
        }

        let mut words: Vec<&str> = vocabulary.learned_words().collect();
        words.sort_unstable();
        w.count(words.len());
        for word in words {
            w.text(word);
        }
        // The theme vocabulary the queries are expanded with, a line per entry: reading
        // it is the heaviest step of the reader (3 ms natively for the whole), so it is
        // read a few hundred lines per turn, as every other part is.
        w.count(themes.text().lines().count());
        for line in themes.text().lines() {
            w.text(line);
        }

        // Terms sorted, each with its postings' length in bytes, so that a reader skips
        // the terms its page does not have without reading their postings.
        let mut terms: Vec<(&String, &TermId)> = dictionary.iter().collect();
        terms.sort_unstable();
        w.count(terms.len());
        let mut block = Writer::default();
        for (term, &id) in terms {
            block.bytes.clear();
            let list = &postings[id as usize];
            block.count(list.len());
            let mut previous = 0;
            for &(doc, weight) in list {
                block.number(u64::from(doc - previous));
                block.float(weight);
                previous = doc;
            }
            w.text(term);
            w.count(block.bytes.len());
            w.bytes.extend_from_slice(&block.bytes);
        }

        let mut keys: Vec<(&String, &u32)> = labels.iter().collect();
        keys.sort_unstable();
        w.count(keys.len());
        for (key, &place) in keys {
            w.text(key);
            let list = &label_items[place as usize];
            w.count(list.len());
            let mut previous = 0;
            for &doc in list {
                w.number(u64::from(doc - previous));
                previous = doc;
            }
        }
    }
}

/// Where an [`Unpack`] is: each part of the index, and how many of its entries are left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Organisations,
    Docs,
    Words,
    Themes,
    Terms,
    Labels,
    Done,
}

/// Reading what [`Index::pack`] wrote, a few entries at a time, so that a browser's main
/// thread gets a turn in between (see [`crate::pack::PackLoader`]). Only the postings of
/// the page's query terms are kept: the same index, and the same query, as a builder
/// focused on that page ([`super::IndexBuilder::focus`]) gives.
#[derive(Debug)]
pub(crate) struct Unpack {
    part: Part,
    /// Entries of `part` not read yet (`None` before its count is read).
    left: Option<usize>,
    organisations: Vec<OrganisationKey>,
    docs: Vec<Doc>,
    vocabulary: Vocabulary,
    themes: Themes,
    query: Option<Query>,
    dictionary: HashMap<String, TermId>,
    postings: Vec<Vec<(u32, f32)>>,
    labels: HashMap<String, u32>,
    label_items: Vec<Vec<u32>>,
}

/// Reads an item number written as the step from the previous one, which must stay within
/// the feed's `n` items.
fn next_doc(r: &mut Reader, previous: u32, n: usize) -> Result<u32, PackError> {
    u32::try_from(r.number()?)
        .ok()
        .and_then(|step| previous.checked_add(step))
        .filter(|&d| (d as usize) < n)
        .ok_or(PackError::Malformed("an item beyond the feed"))
}

impl Unpack {
    pub(crate) fn new() -> Unpack {
        Unpack {
            part: Part::Organisations,
            left: None,
            organisations: Vec::new(),
            docs: Vec::new(),
            vocabulary: Vocabulary::with_lexicon(),
            themes: Themes::default(),
            query: None,
            dictionary: HashMap::default(),
            postings: Vec::new(),
            labels: HashMap::default(),
            label_items: Vec::new(),
        }
    }

    /// Reads up to `budget` entries for the index of `items` (the pack's items, read
    /// before), ranking `page`; `true` once the whole index is read.
    pub(crate) fn step(
        &mut self,
        r: &mut Reader,
        items: &[Item],
        page: &PageContext,
        budget: usize,
    ) -> Result<bool, PackError> {
        for _ in 0..budget {
            if self.part == Part::Done {
                return Ok(true);
            }
            let left = match self.left {
                Some(left) => left,
                None => {
                    let least = match self.part {
                        Part::Docs => 6,
                        Part::Words => 1,
                        _ => 2,
                    };
                    let n = r.count(least)?;
                    if self.part == Part::Docs && n != items.len() {
                        return Err(PackError::Malformed("an index of another number of items"));
                    }
                    n
                }
            };
            if left == 0 {
                self.finish_part(page);
                continue;
            }
            self.left = Some(left - 1);
            self.entry(r, items)?;
        }
        Ok(self.part == Part::Done)
    }

    /// Moves on from a part whose entries are all read.
    fn finish_part(&mut self, page: &PageContext) {
        self.left = None;
        self.part = match self.part {
            Part::Organisations => Part::Docs,
            Part::Docs => Part::Words,
            Part::Words => Part::Themes,
            Part::Themes => {
                // The corpus' words and the vocabulary are known: the page's query is what
                // the whole index would make of it. Its terms first, in its order, as a
                // focused builder numbers them.
                let query = page.to_query(&Analyzer, &self.vocabulary, &self.themes);
                for term in &query.terms {
                    let next = self.dictionary.len() as TermId;
                    self.dictionary.entry(term.stem.clone()).or_insert(next);
                }
                self.postings = vec![Vec::new(); self.dictionary.len()];
                self.query = Some(query);
                Part::Terms
            }
            Part::Terms => Part::Labels,
            Part::Labels | Part::Done => Part::Done,
        };
    }

    /// Reads one entry of the current part.
    fn entry(&mut self, r: &mut Reader, items: &[Item]) -> Result<(), PackError> {
        match self.part {
            Part::Organisations => {
                let uri = r.maybe_text()?;
                let name = r.text()?.to_string();
                self.organisations
                    .push(OrganisationKey::from_parts(uri, name));
            }
            Part::Docs => {
                let item = &items[self.docs.len()];
                let norm = r.float()?;
                let updated_at = r.maybe_signed()?;
                let organisation = match r.number()? {
                    0 => None,
                    n => Some(
                        self.organisations
                            .get(n as usize - 1)
                            .ok_or(PackError::Malformed("an unknown organisation"))?
                            .clone(),
                    ),
                };
                let themes = item.elders.as_ref().map(|e| e.themes.as_slice());
                self.docs.push(Doc {
                    norm,
                    labels: item
                        .tags
                        .iter()
                        .chain(themes.unwrap_or_default())
                        .cloned()
                        .collect(),
                    updated_at,
                    organisation,
                    id: item.id.clone(),
                });
            }
            Part::Words => self.vocabulary.insert(r.text()?),
            Part::Themes => self.themes.add_line(r.text()?),
            Part::Terms => {
                let term = r.text()?;
                let len = r.count(1)?;
                let block = r.take(len)?;
                if let Some(&id) = self.dictionary.get(term) {
                    let mut b = Reader::new(block);
                    let n = b.count(LEAST_POSTING_BYTES)?;
                    let mut list = Vec::with_capacity(n);
                    let mut doc = 0;
                    for _ in 0..n {
                        doc = next_doc(&mut b, doc, self.docs.len())?;
                        list.push((doc, b.float()?));
                    }
                    self.postings[id as usize] = list;
                }
            }
            Part::Labels => {
                let key = r.text()?.to_string();
                let n = r.count(1)?;
                let mut list = Vec::with_capacity(n);
                let mut doc = 0;
                for _ in 0..n {
                    doc = next_doc(r, doc, self.docs.len())?;
                    list.push(doc);
                }
                self.labels.insert(key, self.label_items.len() as u32);
                self.label_items.push(list);
            }
            Part::Done => {}
        }
        Ok(())
    }

    /// The index and the page's query, once [`Unpack::step`] said it is all read.
    pub(crate) fn finish(self) -> Option<(Index, Query)> {
        let index = Index {
            docs: self.docs,
            dictionary: self.dictionary,
            postings: self.postings,
            labels: self.labels,
            label_items: self.label_items,
            analyzer: Analyzer,
            vocabulary: self.vocabulary,
            themes: self.themes,
        };
        Some((index, self.query?))
    }
}
