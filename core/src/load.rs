//! Feed text → validated feed + search index, in small steps.
//!
//! The widget runs on the host page's main thread, and a Web Worker is no way out: a strict
//! intranet Content-Security-Policy and the cross-origin script rule forbid one. So the work
//! is cut into steps that each take well under a millisecond (scan at most
//! [`SCAN_BYTES_PER_STEP`] bytes, or parse and validate one item, or index one item), and
//! the caller decides when to give the browser a turn. Natively, [`load`] simply runs every
//! step.
//!
//! For a document that is valid JSON the result is exactly that of
//! [`crate::validate::parse_feed`] plus [`Index::build`], also when an item nests deeper
//! than the JSON reader's limit: each part is read at the depth it sits at in the document
//! ([`json::parse_nested`]), so both skip the same items. Where the two differ, this path
//! is the more forgiving one: JSON broken inside one item costs only that item.
//!
//! A load for one page ([`FeedLoader::for_page`]) analyses that page once, to know which
//! terms to index, and hands the query back with the result ([`Loaded::query`]): ranking
//! the page then needs no second analysis, and cannot use a query that differs from the
//! one the index was built for.

use std::ops::Range;

use crate::json::{self, Object};
use crate::page::{PageContext, Query};
use crate::rank::{Index, IndexBuilder};
use crate::scan::Scanner;
use crate::validate::{FeedCollector, FeedError, ParsedFeed, ITEM_DEPTH, MAX_FEED_BYTES};

/// Bytes scanned per step: about 0.1 ms of work in a browser.
pub const SCAN_BYTES_PER_STEP: usize = 64 * 1024;

enum Stage {
    Scanning(Scanner),
    Parsing {
        spans: Vec<Range<usize>>,
        next: usize,
        collector: FeedCollector,
        builder: IndexBuilder,
    },
    Indexing {
        feed: ParsedFeed,
        builder: IndexBuilder,
        /// The page's query, when the index is for one page.
        query: Option<Query>,
    },
    /// Every item indexed and the builder's scratch freed (a step of its own).
    Finishing {
        feed: ParsedFeed,
        builder: IndexBuilder,
        query: Option<Query>,
    },
    /// Finished (the result was handed out) or failed.
    Done,
}

/// Where a load is, for progress reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Bytes scanned so far of the document's total.
    Scanning { done: usize, total: usize },
    /// Items parsed and validated so far.
    Parsing { done: usize, total: usize },
    /// Items indexed so far.
    Indexing { done: usize, total: usize },
    /// Finished or failed.
    Done,
}

/// A finished load: the validated feed, its index and, for a load for one page, that
/// page's query.
#[derive(Debug)]
pub struct Loaded {
    /// The valid items, and what was skipped or dropped on the way.
    pub parsed: ParsedFeed,
    /// The search index over `parsed`'s items.
    pub index: Index,
    /// The query of the page the index was built for ([`FeedLoader::for_page`]), exactly
    /// as [`Index::query`] would give it for that page: rank with it. `None` when the
    /// loader had no page; then build the query with [`Index::query`].
    pub query: Option<Query>,
}

/// One feed document being loaded. Call [`FeedLoader::advance`] (or [`FeedLoader::step`])
/// until it hands out the result.
pub struct FeedLoader<'t> {
    text: &'t [u8],
    stage: Stage,
    /// The one page the index is for, if it is for one ([`FeedLoader::for_page`]).
    page: Option<&'t PageContext>,
}

impl std::fmt::Debug for FeedLoader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FeedLoader")
            .field("bytes", &self.text.len())
            .field("progress", &self.progress())
            .finish()
    }
}

impl<'t> FeedLoader<'t> {
    /// Starts loading `text`; fails at once when it is too large.
    pub fn new(text: &'t str) -> Result<FeedLoader<'t>, FeedError> {
        FeedLoader::from_bytes(text.as_bytes())
    }

    /// Starts loading a document as it came off the network. The bytes are not checked for
    /// UTF-8 as a whole (megabytes in one go): each part is, when it is parsed, so broken
    /// UTF-8 inside one item costs only that item.
    pub fn from_bytes(text: &'t [u8]) -> Result<FeedLoader<'t>, FeedError> {
        if text.len() > MAX_FEED_BYTES {
            return Err(FeedError::TooLarge {
                size: text.len(),
                max: MAX_FEED_BYTES,
            });
        }
        Ok(FeedLoader {
            text,
            stage: Stage::Scanning(Scanner::new()),
            page: None,
        })
    }

    /// Builds the index for ranking `page` alone ([`IndexBuilder::focus`]): much less
    /// work, and the same ranking for that page. The page's query comes back with the
    /// result ([`Loaded::query`]).
    pub fn for_page(mut self, page: &'t PageContext) -> FeedLoader<'t> {
        self.page = Some(page);
        self
    }

    /// Where the load is.
    pub fn progress(&self) -> Progress {
        match &self.stage {
            Stage::Scanning(scanner) => Progress::Scanning {
                done: scanner.position(),
                total: self.text.len(),
            },
            Stage::Parsing { spans, next, .. } => Progress::Parsing {
                done: *next,
                total: spans.len(),
            },
            Stage::Indexing { feed, builder, .. } | Stage::Finishing { feed, builder, .. } => {
                Progress::Indexing {
                    done: builder.indexed(),
                    total: feed.feed.items.len(),
                }
            }
            Stage::Done => Progress::Done,
        }
    }

    /// Does one small piece of work, like [`FeedLoader::advance`], but hands out only the
    /// feed and its index: for callers that rank no page, or build its query themselves.
    pub fn step(&mut self) -> Result<Option<(ParsedFeed, Index)>, FeedError> {
        Ok(self.advance()?.map(|loaded| (loaded.parsed, loaded.index)))
    }

    /// Does one small piece of work; returns the [`Loaded`] result after the last one. A
    /// document that is not a feed at all fails here; a bad item is skipped and reported in
    /// the [`ParsedFeed`]'s problems. Once done or failed, further calls do nothing.
    pub fn advance(&mut self) -> Result<Option<Loaded>, FeedError> {
        let text = self.text;
        match std::mem::replace(&mut self.stage, Stage::Done) {
            Stage::Scanning(mut scanner) => {
                self.stage = match scanner
                    .scan(text, SCAN_BYTES_PER_STEP)
                    .map_err(FeedError::from)?
                {
                    None => Stage::Scanning(scanner),
                    Some(layout) => {
                        let mut top = Object::default();
                        for (key, range) in layout.members {
                            let value = json::parse_nested(&text[range], 1)
                                .map_err(|e| FeedError::Json(format!("$.{key}: {e}")))?;
                            top.push(key.into(), value);
                        }
                        let spans = layout.items;
                        let collector =
                            FeedCollector::new(&top, spans.as_ref().map_or(0, Vec::len))?;
                        Stage::Parsing {
                            spans: spans.ok_or(FeedError::Items)?,
                            next: 0,
                            collector,
                            builder: IndexBuilder::new(),
                        }
                    }
                };
            }
            Stage::Parsing {
                spans,
                mut next,
                mut collector,
                mut builder,
            } => {
                if let Some(span) = spans.get(next) {
                    match json::parse_nested(&text[span.clone()], ITEM_DEPTH) {
                        Ok(raw) => {
                            if let Some(item) = collector.push(&raw) {
                                builder.learn(item);
                            }
                        }
                        Err(e) if e.is_too_deep() => collector.push_too_deep(),
                        Err(e) => collector.push_unreadable(e.to_string()),
                    }
                    next += 1;
                    self.stage = Stage::Parsing {
                        spans,
                        next,
                        collector,
                        builder,
                    };
                } else {
                    let query = self.page.map(|page| builder.focus(page));
                    self.stage = Stage::Indexing {
                        feed: collector.finish(),
                        builder,
                        query,
                    };
                }
            }
            Stage::Indexing {
                feed,
                mut builder,
                query,
            } => match feed.feed.items.get(builder.indexed()) {
                Some(item) => {
                    builder.index(item);
                    self.stage = Stage::Indexing {
                        feed,
                        builder,
                        query,
                    };
                }
                None => {
                    builder.release_scratch();
                    self.stage = Stage::Finishing {
                        feed,
                        builder,
                        query,
                    };
                }
            },
            Stage::Finishing {
                feed,
                builder,
                query,
            } => {
                return Ok(Some(Loaded {
                    parsed: feed,
                    index: builder.finish(),
                    query,
                }))
            }
            Stage::Done => {}
        }
        Ok(None)
    }
}

/// Loads a whole feed in one go (for the server, tests and benchmarks).
pub fn load(text: &str) -> Result<(ParsedFeed, Index), FeedError> {
    let mut loader = FeedLoader::new(text)?;
    loop {
        if let Some(loaded) = loader.step()? {
            return Ok(loaded);
        }
    }
}

/// Loads a whole feed in one go with an index for ranking `page` alone, and that page's
/// query ([`Loaded::query`] is always `Some`).
pub fn load_for_page(text: &str, page: &PageContext) -> Result<Loaded, FeedError> {
    let mut loader = FeedLoader::new(text)?.for_page(page);
    loop {
        if let Some(loaded) = loader.advance()? {
            return Ok(loaded);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::PageContext;
    use crate::rank::RankOptions;
    use crate::validate::parse_feed;

    const SAMPLE: &str = include_str!("../../feeds/sample.json");

    #[test]
    fn same_feed_and_ranking_as_parsing_whole() {
        let (feed, index) = load(SAMPLE).unwrap();
        let whole = parse_feed(SAMPLE).unwrap();
        assert_eq!(feed, whole);
        let reference = Index::build(&whole.feed.items);
        let page = PageContext {
            topics: vec!["spraaktechnologie".into(), "klantcontact".into()],
            title: Some("Chatbots en spraak in de dienstverlening".into()),
            ..PageContext::default()
        };
        let options = RankOptions {
            limit: 10,
            ..RankOptions::default()
        };
        let ranked = index.rank(&index.query(&page), &options);
        assert!(!ranked.is_empty());
        assert_eq!(ranked, reference.rank(&reference.query(&page), &options));
    }

    #[test]
    fn a_load_for_a_page_hands_back_the_query_its_index_was_built_for() {
        let whole = parse_feed(SAMPLE).unwrap();
        let reference = Index::build(&whole.feed.items);
        let page = PageContext {
            topics: vec!["spraaktechnologie".into(), "klantcontact".into()],
            title: Some("Chatbots en spraak in de dienstverlening".into()),
            ..PageContext::default()
        };
        let options = RankOptions {
            limit: 10,
            ..RankOptions::default()
        };
        let loaded = load_for_page(SAMPLE, &page).unwrap();
        assert_eq!(loaded.parsed, whole);
        let query = loaded
            .query
            .as_ref()
            .expect("a load for a page has its query");
        assert_eq!(query, &loaded.index.query(&page), "the same analysis");
        assert_eq!(query, &reference.query(&page), "and the whole index's");
        let ranked = loaded.index.rank(query, &options);
        assert!(!ranked.is_empty());
        assert_eq!(ranked, reference.rank(&reference.query(&page), &options));

        let mut loader = FeedLoader::new(SAMPLE).unwrap();
        let without_page = loop {
            if let Some(done) = loader.advance().unwrap() {
                break done;
            }
        };
        assert_eq!(without_page.query, None, "no page, no query");
    }

    #[test]
    fn every_step_is_small() {
        let mut loader = FeedLoader::new(SAMPLE).unwrap();
        let mut steps = 0;
        let mut last = loader.progress();
        while loader.step().unwrap().is_none() {
            let now = loader.progress();
            if let (Progress::Scanning { done: a, .. }, Progress::Scanning { done: b, .. }) =
                (last, now)
            {
                assert!(b - a <= SCAN_BYTES_PER_STEP);
            }
            last = now;
            steps += 1;
        }
        let items = parse_feed(SAMPLE).unwrap().feed.items.len();
        assert!(steps > 2 * items, "one item per step: {steps} steps");
    }

    #[test]
    fn broken_json_in_one_item_costs_only_that_item() {
        let text = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": [
            {"id": "a", "title": "Een", "summary": "Goed."},
            {"id": "b", "title": tru, "summary": "Kapot."},
            {"id": "c", "title": "Drie", "summary": "Goed."}
        ]}"#;
        assert!(parse_feed(text).is_err(), "the strict parser rejects all");
        let (feed, index) = load(text).unwrap();
        let ids: Vec<&str> = feed.feed.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
        assert_eq!(index.len(), 2);
        assert_eq!(feed.problems.len(), 1);
        assert_eq!(feed.problems[0].path, "$.items[1]");
        assert!(feed.problems[0].message.starts_with("not valid JSON"));
    }

    /// Items `a`, `b` and `c`, where `b` holds `levels` arrays inside one another.
    fn feed_with_deep_middle_item(levels: usize) -> String {
        let deep = format!("{}{}", "[".repeat(levels), "]".repeat(levels));
        format!(
            r#"{{"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": [
            {{"id": "a", "title": "Een", "summary": "Goed."}},
            {{"id": "b", "title": "Diep", "summary": "Te diep.", "x": {deep}}},
            {{"id": "c", "title": "Drie", "summary": "Goed."}}
        ]}}"#
        )
    }

    #[test]
    fn an_item_nested_too_deep_costs_only_that_item() {
        let text = feed_with_deep_middle_item(200);
        let (feed, index) = load(&text).unwrap();
        let ids: Vec<&str> = feed.feed.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
        assert_eq!(index.len(), 2);
        assert_eq!(feed.problems.len(), 1);
        assert_eq!(feed.problems[0].path, "$.items[1]");
        assert_eq!(feed.problems[0].severity, crate::validate::Severity::Error);
        assert_eq!(
            feed,
            parse_feed(&text).unwrap(),
            "the same as parsing whole"
        );
    }

    #[test]
    fn the_deepest_item_a_feed_may_hold_is_read_alike_both_ways() {
        // An item of 125 levels (the object and 124 arrays) sits 127 deep in the feed:
        // the most the JSON reader reads. One level more, and it is skipped.
        for (arrays, kept) in [(124, 3), (125, 2)] {
            let text = feed_with_deep_middle_item(arrays);
            let whole = parse_feed(&text).unwrap();
            assert_eq!(whole.feed.items.len(), kept, "{arrays} arrays");
            let (stepped, index) = load(&text).unwrap();
            assert_eq!(stepped, whole, "{arrays} arrays");
            assert_eq!(index.len(), kept);
        }
    }

    #[test]
    fn a_top_level_member_nested_too_deep_fails_the_feed() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let text = format!(
            r#"{{"version": "https://jsonfeed.org/version/1.1", "title": "T", "x": {deep}, "items": []}}"#
        );
        assert!(matches!(
            load(&text),
            Err(FeedError::Json(m)) if m.starts_with("$.x: recursion limit exceeded")
        ));
        assert!(parse_feed(&text).is_err());
    }

    #[test]
    fn broken_utf8_in_one_item_costs_only_that_item() {
        let mut text = br#"{"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": [
            {"id": "a", "title": "Een", "summary": "Goed."},
            {"id": "b", "title": "XX", "summary": "Kapot."}
        ]}"#
        .to_vec();
        let at = text.windows(2).position(|w| w == b"XX").unwrap();
        text[at] = 0xff;
        let mut loader = FeedLoader::from_bytes(&text).unwrap();
        let (feed, _) = loop {
            if let Some(done) = loader.step().unwrap() {
                break done;
            }
        };
        assert_eq!(feed.feed.items.len(), 1);
        assert_eq!(feed.problems[0].path, "$.items[1]");
    }

    #[test]
    fn documents_that_are_no_feed_fail_as_a_whole() {
        assert!(matches!(load("[1, 2]"), Err(FeedError::NotAnObject)));
        assert!(matches!(load("{\"items\": [1"), Err(FeedError::Json(_))));
        assert!(matches!(
            load(r#"{"version": "https://jsonfeed.org/version/1.1", "title": "T"}"#),
            Err(FeedError::Items)
        ));
        assert!(matches!(
            load(r#"{"version": "2", "items": []}"#),
            Err(FeedError::Version(_))
        ));
        assert!(matches!(
            load(r#"{"version": "https://jsonfeed.org/version/1.1", "title": tru, "items": []}"#),
            Err(FeedError::Json(m)) if m.starts_with("$.title")
        ));
    }
}
