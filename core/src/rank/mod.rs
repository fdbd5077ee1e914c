//! Relevance: which work elsewhere fits this page.
//!
//! A BM25F model: each item's fields are tokenised once into one weighted bag of terms
//! (title counts most, then tags and themes, summary, lessons learned, body text), stored
//! as postings sorted by item. Terms are interned as numbers, so building allocates once per
//! distinct word, not per occurrence, and a query touches only the postings of its own
//! terms: ranking 10,000 items costs well under a millisecond natively.
//!
//! On top of text relevance: a boost per exact match between the page's topics/keywords and
//! an item's tags/themes, a lift for the tags/themes the best few items share (feedback
//! from the labels, which every index holds in full), and a mild preference for recently
//! updated work. The page's own organisation is excluded ("elsewhere"). Ties break on
//! date, then id, so the same page always shows the same cards.
//!
//! The invariant every part keeps: an [`Index`] answers a query only from what it was
//! built from, so the same feed and the same page always give the same cards, on every
//! side. The parts: `build` turns items into postings ([`IndexBuilder`], in steps),
//! `focus` lets an index for one page skip the words that page cannot match, `score` is
//! the BM25F sum and its boosts, `reasons` says why a card is shown, and `release` frees a
//! large index a part at a time.

mod build;
mod focus;
mod pack;
mod reasons;
mod release;
mod score;

use rustc_hash::FxHashMap as HashMap;

use crate::compound::Vocabulary;
use crate::feed::OrganisationKey;
use crate::page::{PageContext, Query};
use crate::text::Analyzer;
use crate::themes::Themes;

pub use build::IndexBuilder;
pub(crate) use pack::Unpack;
pub use release::IndexRelease;

/// A term's number in the index's dictionary.
type TermId = u32;

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
    /// Equivalent and related terms, for expanding queries.
    themes: Themes,
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
    /// Why else it is shown: the item's tags/themes, or else the vocabulary's terms, that
    /// match terms related to the page's ([`crate::themes`]), not the page's own, and its
    /// tags/themes that the best items share and that lifted it.
    pub related: Vec<String>,
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

impl Index {
    /// The query for a page, analysed the way the items were.
    pub fn query(&self, page: &PageContext) -> Query {
        page.to_query(&self.analyzer, &self.vocabulary, &self.themes)
    }

    /// The theme vocabulary its queries are expanded with.
    pub fn themes(&self) -> &Themes {
        &self.themes
    }

    /// How many items the index holds.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether the index holds no items.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::{Elders, Item, Organisation};

    pub(super) fn item(id: &str, title: &str, tags: &[&str], org: &str) -> Item {
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

    pub(super) fn query(topics: &str) -> Query {
        PageContext {
            topics: crate::page::split_list(topics),
            ..Default::default()
        }
        .to_query(&Analyzer, &Vocabulary::with_lexicon(), &Themes::builtin())
    }

    pub(super) fn corpus() -> Vec<Item> {
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
}
