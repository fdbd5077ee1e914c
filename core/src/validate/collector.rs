//! The feed's own fields, then its items one at a time.
//!
//! A [`FeedCollector`] is what lets a large feed be validated in small steps (see
//! [`crate::load`]) with exactly the result of validating it whole: it keeps the order of
//! the items, the problems in document order, and the first of two items with the same id.

use rustc_hash::FxHashMap as HashMap;

use super::fields::{text, Fields, Place};
use super::item::{validate_item, MAX_SUMMARY_CHARS, MAX_TITLE_CHARS};
use super::report::{FeedError, ParsedFeed, Problem, Severity, MAX_ITEMS};
use crate::feed::{Feed, Item, JSON_FEED_VERSION};
use crate::json::{Json, Object, MAX_DEPTH};
use crate::plain_text::quoted;

/// How deep a feed's items sit in its document: in the top-level object's `items` array.
pub(crate) const ITEM_DEPTH: usize = 2;
/// The most arrays and objects an item may open inside one another, itself included: what
/// is left of the JSON reader's limit where the item sits.
const MAX_ITEM_NESTING: usize = MAX_DEPTH - 1 - ITEM_DEPTH;

/// Validates a feed item by item: the feed's own fields first, then each item in document
/// order, skipping bad ones and duplicate ids. [`validate_feed`](super::validate_feed)
/// uses it on a whole parsed document; [`crate::load::FeedLoader`] feeds it one item at a
/// time so that a large feed never blocks a browser's main thread.
#[derive(Debug)]
pub struct FeedCollector {
    feed: Feed,
    problems: Vec<Problem>,
    /// Id → the item's index; `u32` like every string-keyed map in the crate (see
    /// "Size: where the bytes go" in docs/benchmarks.md).
    first_seen: HashMap<String, u32>,
    next_index: usize,
}

impl FeedCollector {
    /// Checks the feed's own fields (`top` is the document's object; its `items` member is
    /// not read) for a feed of `item_count` items.
    pub fn new(top: &Object<'_>, item_count: usize) -> Result<FeedCollector, FeedError> {
        let mut problems = Vec::new();
        match top.get_str("version") {
            Some(JSON_FEED_VERSION) => {}
            Some("https://jsonfeed.org/version/1") => problems.push(Problem {
                path: "$.version".into(),
                item_id: None,
                message: format!(
                    "JSON Feed 1.0 is read as 1.1; please publish \"{JSON_FEED_VERSION}\""
                ),
                severity: Severity::Warning,
            }),
            other => {
                return Err(FeedError::Version(
                    other.map_or_else(|| "nothing".to_string(), quoted),
                ))
            }
        }
        let title = text(top.get("title"), MAX_TITLE_CHARS).map_err(FeedError::Title)?;
        if item_count > MAX_ITEMS {
            return Err(FeedError::TooManyItems {
                count: item_count,
                max: MAX_ITEMS,
            });
        }

        let mut feed_fields = Fields {
            obj: top,
            place: Place::Root,
            item_id: None,
            problems: &mut problems,
        };
        let home_page_url = feed_fields.web_link("home_page_url");
        let feed_url = feed_fields.web_link("feed_url");
        let description = feed_fields.optional_text("description", MAX_SUMMARY_CHARS);
        let language = feed_fields.optional_text("language", 35);
        Ok(FeedCollector {
            feed: Feed {
                version: JSON_FEED_VERSION.into(),
                title,
                home_page_url,
                feed_url,
                description,
                language,
                items: Vec::with_capacity(item_count),
            },
            problems,
            first_seen: HashMap::with_capacity_and_hasher(item_count, Default::default()),
            next_index: 0,
        })
    }

    /// Validates the next item; returns the kept item, or `None` when it was skipped.
    pub fn push(&mut self, raw: &Json<'_>) -> Option<&Item> {
        let index = self.next_index;
        self.next_index += 1;
        let mut item_problems = Vec::new();
        let item = validate_item(raw, Place::Item(index), &mut item_problems);
        let failed = item_problems.iter().any(|p| p.severity == Severity::Error);
        self.problems.append(&mut item_problems);
        let item = item.filter(|_| !failed)?;
        if let Some(first) = self.first_seen.get(&item.id) {
            self.problems.push(Problem {
                path: format!("$.items[{index}].id"),
                item_id: Some(item.id.clone()),
                message: format!("duplicate id; the item at $.items[{first}] has it already"),
                severity: Severity::Error,
            });
            return None;
        }
        self.first_seen.insert(item.id.clone(), index as u32);
        self.feed.items.push(item);
        self.feed.items.last()
    }

    /// Records that the next item is not even JSON (found only when items are parsed one
    /// by one): it is skipped like any other broken item.
    pub fn push_unreadable(&mut self, message: String) {
        let index = self.next_index;
        self.next_index += 1;
        self.problems.push(Problem {
            path: format!("$.items[{index}]"),
            item_id: None,
            message: format!("not valid JSON: {message}"),
            severity: Severity::Error,
        });
    }

    /// Records that the next item nests arrays and objects deeper than the JSON reader
    /// reads ([`crate::json::MAX_DEPTH`], counted from the top of the document): it is
    /// skipped like any other item over a limit, and the rest of the feed is read.
    pub fn push_too_deep(&mut self) {
        let index = self.next_index;
        self.next_index += 1;
        self.problems.push(Problem {
            path: format!("$.items[{index}]"),
            item_id: None,
            message: format!(
                "nests arrays and objects more than {} levels deep; the item was skipped",
                MAX_ITEM_NESTING
            ),
            severity: Severity::Error,
        });
    }

    /// The kept items so far.
    pub fn items(&self) -> &[Item] {
        &self.feed.items
    }

    /// The feed with every kept item, and all problems in document order.
    pub fn finish(self) -> ParsedFeed {
        ParsedFeed {
            feed: self.feed,
            problems: self.problems,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_feed;
    use super::super::tests::{feed_with, good_item};
    use serde_json::json;

    #[test]
    fn duplicate_ids_keep_the_first() {
        let mut second = good_item("same");
        second["title"] = json!("Tweede");
        let parsed = parse_feed(&feed_with(json!([good_item("same"), second]))).unwrap();
        assert_eq!(parsed.feed.items.len(), 1);
        assert_eq!(parsed.feed.items[0].title, "Spraakherkenning");
        assert!(parsed.problems[0].message.contains("duplicate id"));
    }
}
