//! Untrusted feed text in, a [`Feed`](crate::feed::Feed) plus a list of [`Problem`]s out.
//!
//! The rule publishers can rely on: one bad item never costs the rest of the feed. An item
//! whose required field (`id`, `title`, `summary`) is missing or invalid is skipped with an
//! [`Severity::Error`]; an optional field that is invalid (an unsafe link, a date that does
//! not parse, an unknown phase, an over-long tag) is dropped from its item with a
//! [`Severity::Warning`] and the item is kept. An item that nests arrays and objects
//! deeper than the JSON reader reads ([`crate::json::MAX_DEPTH`]) is skipped with an error
//! too, like an item over any other limit. Only a document that is not a feed at all (not
//! JSON, no `items`, too large, or nested too deep outside its items) fails as a whole,
//! with a [`FeedError`].
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
use crate::scan;

pub use crate::plain_text::{is_unwanted_control, quoted};
pub use collector::FeedCollector;
pub(crate) use collector::ITEM_DEPTH;
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
    match json::parse(text.as_bytes()) {
        Ok(value) => validate_feed(&value),
        Err(e) if e.is_too_deep() => parse_feed_skipping_deep_items(text),
        Err(e) => Err(e.into()),
    }
}

/// Validates an already parsed JSON document.
pub fn validate_feed(value: &Json<'_>) -> Result<ParsedFeed, FeedError> {
    collect(value, &[])
}

/// The feed's own fields, then its items; the items at the positions in `too_deep`
/// (ascending) were nested too deep to read and are skipped as such.
fn collect(value: &Json<'_>, too_deep: &[usize]) -> Result<ParsedFeed, FeedError> {
    let top = value.as_object().ok_or(FeedError::NotAnObject)?;
    let raw_items = top.get("items").and_then(Json::as_array);
    // The feed's own fields are checked first, so that a document that is no feed at all
    // is reported as such rather than as "no items".
    let mut collector = FeedCollector::new(top, raw_items.map_or(0, <[_]>::len))?;
    let raw_items = raw_items.ok_or(FeedError::Items)?;
    for (index, raw) in raw_items.iter().enumerate() {
        if too_deep.binary_search(&index).is_ok() {
            collector.push_too_deep();
        } else {
            collector.push(raw);
        }
    }
    Ok(collector.finish())
}

/// A document the JSON reader refused for nesting too deep. Each item that nests too deep
/// where it sits (the stepped loader's rule, [`json::parse_nested`]) is skipped with its
/// path; the document with those items written as `0` must then be JSON, as strictly as
/// any other feed, or it fails whole (nested too deep outside its items, or broken
/// elsewhere). The stand-in keeps the lines and columns of what follows, so that an error
/// there is reported where it is.
fn parse_feed_skipping_deep_items(text: &str) -> Result<ParsedFeed, FeedError> {
    let bytes = text.as_bytes();
    let layout = scan::scan(text)?;
    let spans = layout.items.unwrap_or_default();
    let too_deep: Vec<usize> = (0..spans.len())
        .filter(|&i| {
            json::parse_nested(&bytes[spans[i].clone()], ITEM_DEPTH).is_err_and(|e| e.is_too_deep())
        })
        .collect();
    let mut rest = Vec::with_capacity(bytes.len());
    let mut from = 0;
    for span in too_deep.iter().map(|&i| &spans[i]) {
        rest.extend_from_slice(&bytes[from..span.start]);
        stand_in(&bytes[span.clone()], &mut rest);
        from = span.end;
    }
    rest.extend_from_slice(&bytes[from..]);
    let value = json::parse(&rest)?;
    collect(&value, &too_deep)
}

/// `0` in place of an array or object (whose first character, its bracket, is one byte),
/// then a space for each further character of it and its line breaks, so that what
/// follows keeps its line and column.
fn stand_in(value: &[u8], out: &mut Vec<u8>) {
    out.push(b'0');
    out.extend(
        value
            .iter()
            .skip(1)
            .filter(|&&b| b & 0xC0 != 0x80)
            .map(|&b| if b == b'\n' { b'\n' } else { b' ' }),
    );
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

    /// Items `a`, `b` and `c`, where `b` holds `levels` arrays inside one another (with
    /// text that is not ASCII at the bottom), and `extra` as the last top-level member.
    fn feed_with_deep_middle_item(levels: usize, extra: &str) -> String {
        let deep = format!("{}\"é\"{}", "[".repeat(levels), "]".repeat(levels));
        let b = format!(r#"{{"id": "b", "title": "Diep", "summary": "Te diep.", "x": {deep}}}"#);
        let items = [good_item("a").to_string(), b, good_item("c").to_string()];
        format!(
            r#"{{"version": "{JSON_FEED_VERSION}", "title": "T", "items": [{}], "extra": {extra}}}"#,
            items.join(",\n")
        )
    }

    #[test]
    fn an_item_nested_too_deep_is_skipped_with_its_json_path() {
        let parsed = parse_feed(&feed_with_deep_middle_item(200, "null")).unwrap();
        let ids: Vec<&str> = parsed.feed.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
        assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
        let problem = &parsed.problems[0];
        assert_eq!(problem.path, "$.items[1]");
        assert_eq!(problem.severity, Severity::Error);
        assert_eq!(
            problem.message,
            "nests arrays and objects more than 125 levels deep; the item was skipped"
        );
        assert_eq!(parsed.skipped_items(), 1);
    }

    #[test]
    fn a_feed_nested_too_deep_outside_its_items_fails_whole() {
        let deep_member = format!("{}{}", "[".repeat(200), "]".repeat(200));
        for item_levels in [1, 200] {
            let text = feed_with_deep_middle_item(item_levels, &deep_member);
            assert!(
                matches!(
                    parse_feed(&text),
                    Err(FeedError::Json(m)) if m.contains("recursion limit exceeded")
                ),
                "items {item_levels} levels deep"
            );
        }
    }

    #[test]
    fn a_deep_item_does_not_hide_a_broken_top_level() {
        // Broken after the deep item, on the line where it ends: reported where it is.
        let text = feed_with_deep_middle_item(200, "tru");
        let at = text.find("tru}").unwrap() + 3;
        let expected = crate::json::JsonError::at(text.as_bytes(), at, "expected ident");
        assert_eq!(
            parse_feed(&text),
            Err(FeedError::Json(expected.to_string()))
        );
        // The top-level object never closes.
        let unclosed = feed_with_deep_middle_item(200, "null");
        let unclosed = unclosed.strip_suffix('}').unwrap();
        assert!(matches!(
            parse_feed(unclosed),
            Err(FeedError::Json(m)) if m.starts_with("EOF while parsing an object")
        ));
        // No object at all.
        let array = format!("[{}]", "[".repeat(200) + &"]".repeat(200));
        assert_eq!(parse_feed(&array), Err(FeedError::NotAnObject));
    }

    #[test]
    fn a_validated_feed_serialises_to_a_feed_that_validates_unchanged() {
        let parsed = parse_feed(&feed_with(json!([good_item("a")]))).unwrap();
        let again = parse_feed(&serde_json::to_string(&parsed.feed).unwrap()).unwrap();
        assert_eq!(again.feed, parsed.feed);
        assert!(again.problems.is_empty());
    }
}
