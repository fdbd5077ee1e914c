//! Feeds as they exist, read wherever a feed is accepted (`--feed`, `elders feed check`,
//! `elders feed import`; `docs/architecture.md` §10): an Elders feed as it is; an ordinary
//! JSON Feed 1.1 with what it lacks filled in ([`fill`]: a summary from its content, a
//! title from its first words, each a warning; the organisation from the admin's
//! `--feed-organisation` or the feed's author); and RSS 2.0 or Atom, read by feed-rs
//! ([`syndication`]) into the same JSON Feed first. Everything then goes through core's
//! `parse_feed`, so that every feed meets the same rules.
//!
//! An Elders feed costs one parse, as before: the second, filling pass runs only when the
//! first finds an item that lacks a summary or a title, or names no organisation.

mod fill;
mod html_text;
mod syndication;

use elders_core::feed::Organisation;
use elders_core::validate::{parse_feed, FeedError, ParsedFeed};
use serde_json::Value;

/// Why a document is not a usable feed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// JSON, but not a usable JSON Feed (core's reasons).
    #[error(transparent)]
    Feed(#[from] FeedError),
    /// XML, but neither RSS nor Atom.
    #[error("{0}")]
    Syndication(String),
}

/// Reads `text` as an Elders feed, a JSON Feed, RSS or Atom; `organisation`, when the
/// admin named one for this feed, for the items that name none.
pub fn read_feed(text: &str, organisation: Option<&Organisation>) -> Result<ParsedFeed, ReadError> {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim_start().starts_with('<') {
        let mut feed = syndication::to_json_feed(text).map_err(ReadError::Syndication)?;
        return checked(&mut feed, organisation);
    }
    let first = parse_feed(text)?;
    if !needs_filling(&first) {
        return Ok(first);
    }
    // A document core read but serde_json cannot (nested too deep, say) keeps core's
    // reading.
    let Ok(mut feed) = serde_json::from_str::<Value>(text) else {
        return Ok(first);
    };
    checked(&mut feed, organisation)
}

/// Whether an item was skipped for a missing summary or title, or names no organisation.
fn needs_filling(parsed: &ParsedFeed) -> bool {
    parsed.errors().any(|p| {
        p.path.starts_with("$.items[")
            && (p.path.ends_with("].summary") || p.path.ends_with("].title"))
    }) || parsed.feed.items.iter().any(|i| i.organisation().is_none())
}

/// Fills `feed` and checks it by core's rules, the warnings for what was filled among the
/// problems, in item order.
fn checked(feed: &mut Value, organisation: Option<&Organisation>) -> Result<ParsedFeed, ReadError> {
    let notes = fill::fill(feed, organisation);
    let mut parsed = parse_feed(&feed.to_string())?;
    parsed.problems.extend(notes);
    parsed.problems.sort_by_key(|p| item_index(&p.path));
    Ok(parsed)
}

/// The item a problem's path is in (`$.items[3].title` → 3); the feed's own fields first.
fn item_index(path: &str) -> Option<usize> {
    path.strip_prefix("$.items[")?
        .split(']')
        .next()?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use elders_core::validate::Severity;

    #[test]
    fn a_plain_blog_feed_is_read_with_warnings_not_skips() {
        let blog = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Blog",
            "authors": [{"name": "Innovatielab DUO"}],
            "items": [
              {"id": "1", "title": "Leren met AI", "url": "https://duo.example/1",
               "content_html": "<p>We <b>proberen</b> AI uit bij het <a href='x'>leren</a>.</p>",
               "tags": ["ai"]},
              {"id": "2", "content_text": "Een tweede bericht, zonder titel."}
            ]}"#;
        let parsed = read_feed(blog, None).unwrap();
        assert_eq!(parsed.skipped_items(), 0);
        let items = &parsed.feed.items;
        assert_eq!(items[0].summary, "We proberen AI uit bij het leren.");
        assert_eq!(items[1].title, "Een tweede bericht, zonder titel.");
        assert_eq!(items[0].organisation().unwrap().name, "Innovatielab DUO");
        let warnings: Vec<&str> = parsed.problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            warnings,
            [
                "$.items[0].summary",
                "$.items[1].summary",
                "$.items[1].title"
            ]
        );
        assert!(parsed
            .problems
            .iter()
            .all(|p| p.severity == Severity::Warning));
    }

    #[test]
    fn an_elders_feed_is_read_once_as_it_is() {
        let feed = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "F",
            "items": [{"id": "1", "title": "T", "summary": "S",
              "_elders": {"organisation": {"name": "SVB"}}}]}"#;
        let parsed = read_feed(
            feed,
            Some(&Organisation {
                name: "Ander".into(),
                uri: None,
            }),
        )
        .unwrap();
        assert_eq!(parsed.feed.items[0].organisation().unwrap().name, "SVB");
        assert!(parsed.problems.is_empty());
    }

    #[test]
    fn xml_that_is_no_feed_and_json_that_is_no_feed_say_so() {
        assert!(matches!(
            read_feed("<html></html>", None),
            Err(ReadError::Syndication(_))
        ));
        assert!(matches!(read_feed("[1, 2]", None), Err(ReadError::Feed(_))));
    }
}
