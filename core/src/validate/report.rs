//! What validation reports: the [`ParsedFeed`] with every [`Problem`] found on the way, or
//! the [`FeedError`] for a document that is no usable feed at all.
//!
//! The invariant: a problem always names its JSON path, and its [`Severity`] says whether
//! it cost the item or only the field; a document fails whole only for what
//! [`FeedError`] lists.

use std::fmt;

use crate::feed::{Feed, JSON_FEED_VERSION};
use crate::json::JsonError;
use crate::order::sort_by;
use crate::plain_text::quoted;
use crate::scan::ScanError;

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

impl From<ScanError> for FeedError {
    fn from(error: ScanError) -> FeedError {
        match error {
            ScanError::NotAnObject => FeedError::NotAnObject,
            syntax => FeedError::Json(syntax.to_string()),
        }
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
