//! Untrusted feed text in, a [`Feed`](crate::feed::Feed) plus a list of [`Problem`]s out.
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
//! items one at a time, refusing duplicate ids; `report` holds the result, its problems and
//! the reasons a document fails whole. This module holds the entry points.

mod collector;
mod fields;
mod item;
mod report;

use crate::json::{self, Json};

pub use crate::plain_text::{is_unwanted_control, quoted};
pub use collector::FeedCollector;
pub use item::{
    MAX_CONTENT_CHARS, MAX_ID_CHARS, MAX_NAME_CHARS, MAX_OUTCOME_CHARS, MAX_PEOPLE,
    MAX_SUMMARY_CHARS, MAX_TAGS, MAX_TAG_CHARS, MAX_THEMES, MAX_TITLE_CHARS,
};
pub use report::{FeedError, ParsedFeed, Problem, Severity, MAX_FEED_BYTES, MAX_ITEMS};

/// Parses and validates feed text. See the module docs for what is skipped and what fails.
pub fn parse_feed(text: &str) -> Result<ParsedFeed, FeedError> {
    if text.len() > MAX_FEED_BYTES {
        return Err(FeedError::TooLarge {
            size: text.len(),
            max: MAX_FEED_BYTES,
        });
    }
    let value = json::parse(text.as_bytes()).map_err(FeedError::from)?;
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
    use crate::feed::{Phase, JSON_FEED_VERSION};
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
