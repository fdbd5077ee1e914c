//! Untrusted feed text in, a [`Feed`] plus a list of [`Problem`]s out.
//!
//! The rule publishers can rely on: one bad item never costs the rest of the feed. An item
//! whose required field (`id`, `title`, `summary`) is missing or invalid is skipped with an
//! [`Severity::Error`]; an optional field that is invalid (an unsafe link, a date that does
//! not parse, an unknown phase, an over-long tag) is dropped from its item with a
//! [`Severity::Warning`] and the item is kept. Only a document that is not a feed at all
//! (not JSON, no `items`, too large) fails as a whole, with a [`FeedError`].
//!
//! Every problem names its JSON path (`$.items[3]._elders.phase`) so that a publisher can
//! find it, and the item id where there is one.
//!
//! The work is split by concept: `fields` reads one JSON object's fields (plain text,
//! dates, links, lists) and records what it drops; `item` applies those checks to one item
//! and its `_elders` extension; `collector` checks the feed's own fields and gathers the
//! items one at a time, refusing duplicate ids. This module holds what a caller sees: the
//! entry points, the result and the reasons a document fails whole.

mod collector;
mod fields;
mod item;

use std::fmt;

use crate::feed::{Feed, JSON_FEED_VERSION};
use crate::json::{Json, JsonError};
use crate::order::sort_by;

pub use crate::plain_text::{is_unwanted_control, quoted};
pub use collector::FeedCollector;
pub use item::{
    MAX_CONTENT_CHARS, MAX_ID_CHARS, MAX_NAME_CHARS, MAX_OUTCOME_CHARS, MAX_PEOPLE,
    MAX_SUMMARY_CHARS, MAX_TAGS, MAX_TAG_CHARS, MAX_THEMES, MAX_TITLE_CHARS,
};

/// Largest feed document accepted, in bytes.
pub const MAX_FEED_BYTES: usize = 64 * 1024 * 1024;
/// Most items in one feed.
pub const MAX_ITEMS: usize = 50_000;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The item was skipped.
    Error,
    /// A field was dropped; the item was kept.
    Warning,
}

/// One thing wrong with a feed, located by JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where, e.g. `$.items[3].title`.
    pub path: String,
    /// The item's id, when it has a usable one.
    pub item_id: Option<String>,
    /// What is wrong and, where it helps, what to do.
    pub message: String,
    /// Whether the item was skipped or only the field dropped.
    pub severity: Severity,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}", self.path)?;
        if let Some(id) = &self.item_id {
            write!(f, " (item {})", quoted(id))?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A document that is not a usable feed at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    /// Larger than [`MAX_FEED_BYTES`].
    #[error("the feed is {size} bytes; the limit is {max} bytes")]
    TooLarge {
        /// The document's size.
        size: usize,
        /// The limit.
        max: usize,
    },
    /// Not JSON.
    #[error("the feed is not valid JSON: {0}")]
    Json(String),
    /// JSON, but not an object.
    #[error("$: a feed must be a JSON object with \"version\", \"title\" and \"items\"")]
    NotAnObject,
    /// Not a JSON Feed.
    #[error("$.version: expected \"{JSON_FEED_VERSION}\", found {0}")]
    Version(String),
    /// No feed title.
    #[error("$.title: {0}")]
    Title(String),
    /// No items array.
    #[error("$.items: missing or not an array")]
    Items,
    /// More than [`MAX_ITEMS`] items.
    #[error("$.items: {count} items; the limit is {max}")]
    TooManyItems {
        /// How many there are.
        count: usize,
        /// The limit.
        max: usize,
    },
}

impl From<JsonError> for FeedError {
    fn from(error: JsonError) -> FeedError {
        FeedError::Json(error.to_string())
    }
}

/// A feed that could be read, with what had to be skipped or dropped on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFeed {
    /// The valid items (and the feed's own fields).
    pub feed: Feed,
    /// Every problem found, in document order.
    pub problems: Vec<Problem>,
}

impl ParsedFeed {
    /// Problems that caused an item to be skipped.
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
    }

    /// How many items were skipped.
    pub fn skipped_items(&self) -> usize {
        let mut paths: Vec<&str> = self.errors().map(|p| item_path_prefix(&p.path)).collect();
        sort_by(&mut paths, Ord::cmp);
        paths.dedup();
        paths.len()
    }
}

fn item_path_prefix(path: &str) -> &str {
    match path.find(']') {
        Some(end) => &path[..=end],
        None => path,
    }
}

/// Parses and validates feed text. See the module docs for what is skipped and what fails.
pub fn parse_feed(text: &str) -> Result<ParsedFeed, FeedError> {
    if text.len() > MAX_FEED_BYTES {
        return Err(FeedError::TooLarge {
            size: text.len(),
            max: MAX_FEED_BYTES,
        });
    }
    let value = crate::json::parse(text.as_bytes()).map_err(FeedError::from)?;
    validate_feed(&value)
}

/// Validates an already parsed JSON document.
pub fn validate_feed(value: &Json<'_>) -> Result<ParsedFeed, FeedError> {
    let top = value.as_object().ok_or(FeedError::NotAnObject)?;
    let raw_items = top.get("items").and_then(Json::as_array);
    // The feed's own fields are checked first, so that a document that is no feed at all
    // is reported as such rather than as "no items".
    let mut collector = FeedCollector::new(top, raw_items.map_or(0, <[_]>::len))?;
    let raw_items = raw_items.ok_or(FeedError::Items)?;
    for raw in raw_items {
        collector.push(raw);
    }
    Ok(collector.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::Phase;
    use serde_json::{json, Value};

    pub(crate) fn feed_with(items: Value) -> String {
        json!({"version": JSON_FEED_VERSION, "title": "Test", "items": items}).to_string()
    }

    pub(crate) fn good_item(id: &str) -> Value {
        json!({
            "id": id, "title": "Spraakherkenning", "summary": "Een proef.",
            "url": "https://svb.example/p",
            "date_published": "2025-03-14T09:00:00+01:00",
            "tags": ["spraaktechnologie"],
            "_elders": {
                "organisation": {"name": "SVB", "uri": "https://identifier.overheid.nl/tooi/id/zbo/zb000143"},
                "phase": "pilot", "start_date": "2024-03-01", "end_date": null,
                "themes": ["klantcontact"], "outcome": "Werkte.",
                "contact": {"name": "Lab", "email": "lab@svb.example"}
            }
        })
    }

    #[test]
    fn valid_feed_parses_with_every_field() {
        let parsed = parse_feed(&feed_with(json!([good_item("a"), good_item("b")]))).unwrap();
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(parsed.feed.items.len(), 2);
        let item = &parsed.feed.items[0];
        let elders = item.elders.as_ref().unwrap();
        assert_eq!(elders.phase, Some(Phase::Pilot));
        assert_eq!(
            elders.contact.as_ref().unwrap().email.as_deref(),
            Some("lab@svb.example")
        );
        assert_eq!(item.organisation().unwrap().name, "SVB");
    }

    #[test]
    fn documents_that_are_not_feeds_fail_whole() {
        assert!(matches!(parse_feed("{"), Err(FeedError::Json(_))));
        assert_eq!(parse_feed("[]"), Err(FeedError::NotAnObject));
        assert!(matches!(
            parse_feed(r#"{"version":"x","title":"t","items":[]}"#),
            Err(FeedError::Version(_))
        ));
        assert_eq!(
            parse_feed(&format!(
                r#"{{"version":"{JSON_FEED_VERSION}","title":"t"}}"#
            )),
            Err(FeedError::Items)
        );
    }

    #[test]
    fn a_validated_feed_serialises_to_a_feed_that_validates_unchanged() {
        let parsed = parse_feed(&feed_with(json!([good_item("a")]))).unwrap();
        let again = parse_feed(&serde_json::to_string(&parsed.feed).unwrap()).unwrap();
        assert_eq!(again.feed, parsed.feed);
        assert!(again.problems.is_empty());
    }
}
