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

use rustc_hash::FxHashMap as HashMap;
use std::fmt;

use crate::date::{parse_date, parse_rfc3339};
use crate::feed::{Author, Contact, Elders, Feed, Item, Organisation, Phase, JSON_FEED_VERSION};
use crate::json::{Json, JsonError, Object};
use crate::link::{check_link, check_web_link, is_plausible_email, MAX_EMAIL_LEN};
use crate::order::sort_by;
use crate::plain_text::survey;
pub use crate::plain_text::{is_unwanted_control, quoted};

/// Largest feed document accepted, in bytes.
pub const MAX_FEED_BYTES: usize = 64 * 1024 * 1024;
/// Most items in one feed.
pub const MAX_ITEMS: usize = 50_000;
/// Longest `id`.
pub const MAX_ID_CHARS: usize = 200;
/// Longest `title`.
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest `summary`.
pub const MAX_SUMMARY_CHARS: usize = 1_000;
/// Longest `content_text`.
pub const MAX_CONTENT_CHARS: usize = 20_000;
/// Longest `_elders.outcome`.
pub const MAX_OUTCOME_CHARS: usize = 4_000;
/// Longest organisation, contact or author name.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest tag or theme.
pub const MAX_TAG_CHARS: usize = 60;
/// Most tags on one item.
pub const MAX_TAGS: usize = 30;
/// Most themes on one item.
pub const MAX_THEMES: usize = 20;
/// Most partners or authors on one item.
pub const MAX_PEOPLE: usize = 20;

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

/// Validates a feed item by item: the feed's own fields first, then each item in document
/// order, skipping bad ones and duplicate ids. [`validate_feed`] uses it on a whole parsed
/// document; [`crate::load::FeedLoader`] feeds it one item at a time so that a large feed
/// never blocks a browser's main thread.
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

/// Validates one item; `None` (with an error in `problems`) when it must be skipped.
fn validate_item(raw: &Json<'_>, place: Place<'_>, problems: &mut Vec<Problem>) -> Option<Item> {
    let Some(obj) = raw.as_object() else {
        problems.push(Problem {
            path: place.path(),
            item_id: None,
            message: "an item must be a JSON object".into(),
            severity: Severity::Error,
        });
        return None;
    };
    // The id first, so that every later problem can name it.
    let item_id = obj
        .get_str("id")
        .map(str::trim)
        .filter(|s| !s.is_empty() && s.chars().count() <= MAX_ID_CHARS);
    let mut f = Fields {
        obj,
        place,
        item_id,
        problems,
    };
    let id = f.required_text("id", MAX_ID_CHARS);
    let title = f.required_text("title", MAX_TITLE_CHARS);
    let summary = f.required_text("summary", MAX_SUMMARY_CHARS);
    let url = f.web_link("url");
    let content_text = f.optional_text("content_text", MAX_CONTENT_CHARS);
    let date_published = f.timestamp("date_published");
    let date_modified = f.timestamp("date_modified");
    let tags = f.words("tags", MAX_TAGS);
    let language = f.optional_text("language", 35);
    let authors = f.objects("authors", MAX_PEOPLE, |a| {
        let name = a.optional_text("name", MAX_NAME_CHARS);
        let url = a.web_link("url");
        (name.is_some() || url.is_some()).then_some(Author { name, url })
    });
    let elders = f.object("_elders", validate_elders);
    Some(Item {
        id: id?,
        url,
        title: title?,
        summary: summary?,
        content_text,
        date_published,
        date_modified,
        tags,
        language,
        authors,
        elders,
    })
}

fn validate_elders(f: &mut Fields<'_, '_, '_>) -> Option<Elders> {
    let organisation = f.object("organisation", validate_organisation);
    let partners = f.objects("partners", MAX_PEOPLE, validate_organisation);
    let phase = match f.obj.get("phase") {
        None | Some(Json::Null) => None,
        Some(Json::String(s)) if Phase::parse(s.trim()).is_some() => Phase::parse(s.trim()),
        Some(other) => {
            let expected: Vec<&str> = Phase::ALL.iter().map(|p| p.as_str()).collect();
            let found = match other {
                Json::String(s) => quoted(s),
                other => other.kind().to_string(),
            };
            f.warn(
                "phase",
                format!(
                    "unknown phase {found}; expected one of {}",
                    expected.join(", ")
                ),
            );
            None
        }
    };
    let start_date = f.date("start_date");
    let mut end_date = f.date("end_date");
    if let (Some(start), Some(end)) = (&start_date, &end_date) {
        if parse_date(end) < parse_date(start) {
            f.warn(
                "end_date",
                format!("{end} is before start_date {start}; end_date dropped"),
            );
            end_date = None;
        }
    }
    let themes = f.words("themes", MAX_THEMES);
    let outcome = f.optional_text("outcome", MAX_OUTCOME_CHARS);
    let contact = f.object("contact", |c| {
        let name = c.optional_text("name", MAX_NAME_CHARS);
        let email = c.email("email");
        let url = c.web_link("url");
        (name.is_some() || email.is_some() || url.is_some()).then_some(Contact { name, email, url })
    });
    let source_feed = f.web_link("source_feed");
    Some(Elders {
        organisation,
        partners,
        phase,
        start_date,
        end_date,
        themes,
        outcome,
        contact,
        source_feed,
    })
}

fn validate_organisation(f: &mut Fields<'_, '_, '_>) -> Option<Organisation> {
    let name = f.optional_text("name", MAX_NAME_CHARS);
    let uri = f.web_link("uri");
    match name {
        Some(name) => Some(Organisation { name, uri }),
        None => {
            if !f.obj.contains_key("name") {
                f.warn(
                    "name",
                    "an organisation needs a name; it was dropped".into(),
                );
            }
            None
        }
    }
}

/// Checks one plain-text value: a string, not blank, within `max` characters, without
/// control characters other than line breaks and tabs. Returns it trimmed.
fn text(value: Option<&Json<'_>>, max: usize) -> Result<String, String> {
    let s = match value {
        None | Some(Json::Null) => return Err("is required".into()),
        Some(Json::String(s)) => s.trim(),
        Some(other) => return Err(format!("must be a string, not {}", other.kind())),
    };
    if s.is_empty() {
        return Err("must not be empty".into());
    }
    let (chars, unwanted) = survey(s);
    if chars > max {
        return Err(format!("is {chars} characters; the limit is {max}"));
    }
    if unwanted {
        return Err("contains control characters or direction overrides".into());
    }
    Ok(s.to_string())
}

/// Where an object is in the document. Written out as a JSON path only when a problem is
/// reported there: nearly every object has none, and formatting a path for each would be
/// most of the allocations validation makes.
#[derive(Debug, Clone, Copy)]
enum Place<'a> {
    /// The document: `$`.
    Root,
    /// An item: `$.items[3]`.
    Item(usize),
    /// A member of an object: `….contact`.
    Member(&'a Place<'a>, &'a str),
    /// An element of an object's array member: `….partners[2]`.
    Element(&'a Place<'a>, &'a str, usize),
}

impl Place<'_> {
    fn write(&self, out: &mut String) {
        use std::fmt::Write;
        let _ = match *self {
            Place::Root => write!(out, "$"),
            Place::Item(index) => write!(out, "$.items[{index}]"),
            Place::Member(parent, key) => {
                parent.write(out);
                write!(out, ".{key}")
            }
            Place::Element(parent, key, index) => {
                parent.write(out);
                write!(out, ".{key}[{index}]")
            }
        };
    }

    fn path(&self) -> String {
        let mut path = String::new();
        self.write(&mut path);
        path
    }
}

/// Reads the fields of one JSON object, recording problems under the object's place.
struct Fields<'a, 'q, 'p> {
    obj: &'a Object<'a>,
    place: Place<'q>,
    item_id: Option<&'q str>,
    problems: &'p mut Vec<Problem>,
}

impl<'a> Fields<'a, '_, '_> {
    fn push(&mut self, key: &str, message: String, severity: Severity) {
        self.problems.push(Problem {
            path: Place::Member(&self.place, key).path(),
            item_id: self.item_id.map(str::to_string),
            message,
            severity,
        });
    }

    fn warn(&mut self, key: &str, message: String) {
        self.push(
            key,
            format!("{message}; the field was dropped"),
            Severity::Warning,
        );
    }

    fn present(&self, key: &str) -> Option<&'a Json<'a>> {
        self.obj.get(key).filter(|v| !v.is_null())
    }

    fn required_text(&mut self, key: &str, max: usize) -> Option<String> {
        match text(self.obj.get(key), max) {
            Ok(s) => Some(s),
            Err(e) => {
                self.push(key, format!("{e}; the item was skipped"), Severity::Error);
                None
            }
        }
    }

    fn optional_text(&mut self, key: &str, max: usize) -> Option<String> {
        let value = self.present(key)?;
        match text(Some(value), max) {
            Ok(s) => Some(s),
            Err(e) => {
                self.warn(key, e);
                None
            }
        }
    }

    fn web_link(&mut self, key: &str) -> Option<String> {
        let s = self.optional_text(key, crate::link::MAX_URL_LEN + 100)?;
        match check_web_link(&s) {
            Ok(url) => Some(url.to_string()),
            Err(e) => {
                self.warn(key, e.to_string());
                None
            }
        }
    }

    fn email(&mut self, key: &str) -> Option<String> {
        let s = self.optional_text(key, MAX_EMAIL_LEN)?;
        let bare = s.strip_prefix("mailto:").unwrap_or(&s);
        if is_plausible_email(bare) && check_link(&format!("mailto:{bare}")).is_ok() {
            Some(bare.to_string())
        } else {
            self.warn(key, format!("{} is not an e-mail address", quoted(&s)));
            None
        }
    }

    fn timestamp(&mut self, key: &str) -> Option<String> {
        let s = self.optional_text(key, 40)?;
        if parse_rfc3339(&s).is_some() {
            Some(s)
        } else {
            self.warn(
                key,
                format!(
                    "{} is not an RFC 3339 date-time such as 2025-03-14T09:00:00+01:00",
                    quoted(&s)
                ),
            );
            None
        }
    }

    fn date(&mut self, key: &str) -> Option<String> {
        let s = self.optional_text(key, 10)?;
        if parse_date(&s).is_some() {
            Some(s)
        } else {
            self.warn(
                key,
                format!("{} is not a date such as 2025-03-14", quoted(&s)),
            );
            None
        }
    }

    /// An array of short strings (tags, themes). Bad entries are dropped one by one.
    fn words(&mut self, key: &str, max_count: usize) -> Vec<String> {
        let Some(value) = self.present(key) else {
            return Vec::new();
        };
        let Some(array) = value.as_array() else {
            self.warn(
                key,
                format!("must be an array of strings, not {}", value.kind()),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, entry) in array.iter().enumerate() {
            if out.len() == max_count {
                self.warn(key, format!("has more than {max_count} entries; the rest"));
                break;
            }
            match text(Some(entry), MAX_TAG_CHARS) {
                Ok(s) if !out.contains(&s) => out.push(s),
                Ok(_) => {}
                Err(e) => self.warn(&format!("{key}[{i}]"), e),
            }
        }
        out
    }

    /// A nested object, validated by `read`.
    fn object<T>(
        &mut self,
        key: &str,
        read: impl FnOnce(&mut Fields<'a, '_, '_>) -> Option<T>,
    ) -> Option<T> {
        let value = self.present(key)?;
        let Some(obj) = value.as_object() else {
            self.warn(key, format!("must be an object, not {}", value.kind()));
            return None;
        };
        let before = self.problems.len();
        let mut nested = Fields {
            obj,
            place: Place::Member(&self.place, key),
            item_id: self.item_id,
            problems: self.problems,
        };
        let read = read(&mut nested);
        if read.is_none() && self.problems.len() == before {
            self.warn(key, "has none of the fields it needs".into());
        }
        read
    }

    /// An array of objects, each validated by `read`; bad entries are dropped one by one.
    fn objects<T>(
        &mut self,
        key: &str,
        max_count: usize,
        mut read: impl FnMut(&mut Fields<'a, '_, '_>) -> Option<T>,
    ) -> Vec<T> {
        let Some(value) = self.present(key) else {
            return Vec::new();
        };
        let Some(array) = value.as_array() else {
            self.warn(key, format!("must be an array, not {}", value.kind()));
            return Vec::new();
        };
        let mut out = Vec::new();
        if array.len() > max_count {
            self.warn(key, format!("has more than {max_count} entries; the rest"));
        }
        for (i, entry) in array.iter().take(max_count).enumerate() {
            match entry.as_object() {
                Some(obj) => {
                    let before = self.problems.len();
                    let mut nested = Fields {
                        obj,
                        place: Place::Element(&self.place, key, i),
                        item_id: self.item_id,
                        problems: self.problems,
                    };
                    let read = read(&mut nested);
                    if read.is_none() && self.problems.len() == before {
                        self.warn(
                            &format!("{key}[{i}]"),
                            "has none of the fields it needs".into(),
                        );
                    }
                    out.extend(read);
                }
                None => self.warn(
                    &format!("{key}[{i}]"),
                    format!("must be an object, not {}", entry.kind()),
                ),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use serde_json::{json, Value};

    fn feed_with(items: Value) -> String {
        json!({"version": JSON_FEED_VERSION, "title": "Test", "items": items}).to_string()
    }

    fn good_item(id: &str) -> Value {
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
    fn bad_item_is_skipped_with_its_json_path() {
        let mut no_title = good_item("no-title");
        no_title.as_object_mut().unwrap().remove("title");
        let mut numeric_summary = good_item("numeric-summary");
        numeric_summary["summary"] = json!(42);
        let parsed = parse_feed(&feed_with(json!([
            good_item("ok"),
            no_title,
            "not an object",
            numeric_summary,
            {"title": "no id", "summary": "x"},
        ])))
        .unwrap();
        assert_eq!(parsed.feed.items.len(), 1);
        assert_eq!(parsed.feed.items[0].id, "ok");
        let errors: Vec<String> = parsed.errors().map(|p| p.to_string()).collect();
        assert_eq!(errors.len(), 4, "{errors:#?}");
        assert!(errors[0].starts_with("error: $.items[1].title (item \"no-title\"): is required"));
        assert!(errors[1].starts_with("error: $.items[2]: an item must be a JSON object"));
        assert!(
            errors[2].contains("$.items[3].summary")
                && errors[2].contains("must be a string, not a number")
        );
        assert!(errors[3].contains("$.items[4].id") && errors[3].contains("is required"));
        assert_eq!(parsed.skipped_items(), 4);
    }

    #[test]
    fn unsafe_url_schemes_are_dropped_and_reported() {
        let mut item = good_item("x");
        item["url"] = json!("javascript:alert(document.cookie)");
        item["_elders"]["contact"]["url"] = json!("data:text/html,<b>hi</b>");
        let parsed = parse_feed(&feed_with(json!([item]))).unwrap();
        let item = &parsed.feed.items[0];
        assert_eq!(item.url, None);
        assert_eq!(
            item.elders.as_ref().unwrap().contact.as_ref().unwrap().url,
            None
        );
        let paths: Vec<&str> = parsed.problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["$.items[0].url", "$.items[0]._elders.contact.url"]);
        assert!(parsed
            .problems
            .iter()
            .all(|p| p.severity == Severity::Warning));
    }

    #[test]
    fn problems_deep_in_an_item_name_their_whole_path() {
        let mut item = good_item("x");
        item["_elders"]["partners"] = json!([{"name": "UWV"}, {"uri": "https://x.example"}, 3]);
        item["authors"] = json!([{"name": "A", "url": "ftp://x"}]);
        let parsed = parse_feed(&feed_with(json!([good_item("a"), item]))).unwrap();
        let paths: Vec<&str> = parsed.problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "$.items[1].authors[0].url",
                "$.items[1]._elders.partners[1].name",
                "$.items[1]._elders.partners[2]",
            ]
        );
        assert!(parsed
            .problems
            .iter()
            .all(|p| p.item_id.as_deref() == Some("x")));
        assert_eq!(
            parsed.feed.items[1].elders.as_ref().unwrap().partners.len(),
            1
        );
    }

    #[test]
    fn duplicate_ids_keep_the_first() {
        let mut second = good_item("same");
        second["title"] = json!("Tweede");
        let parsed = parse_feed(&feed_with(json!([good_item("same"), second]))).unwrap();
        assert_eq!(parsed.feed.items.len(), 1);
        assert_eq!(parsed.feed.items[0].title, "Spraakherkenning");
        assert!(parsed.problems[0].message.contains("duplicate id"));
    }

    #[test]
    fn optional_fields_that_are_wrong_are_dropped_not_fatal() {
        let mut item = good_item("x");
        item["_elders"]["phase"] = json!("almost done");
        item["_elders"]["end_date"] = json!("2020-01-01");
        item["date_modified"] = json!("gisteren");
        item["tags"] = json!(["ok", 3, "x".repeat(61), "ok"]);
        item["_elders"]["contact"]["email"] = json!("not-an-address");
        let parsed = parse_feed(&feed_with(json!([item]))).unwrap();
        let item = &parsed.feed.items[0];
        let elders = item.elders.as_ref().unwrap();
        assert_eq!(elders.phase, None);
        assert_eq!(elders.end_date, None);
        assert_eq!(item.date_modified, None);
        assert_eq!(item.tags, ["ok"]);
        assert_eq!(elders.contact.as_ref().unwrap().email, None);
        assert_eq!(parsed.problems.len(), 6, "{:#?}", parsed.problems);
        assert_eq!(parsed.errors().count(), 0);
    }

    #[test]
    fn an_unknown_phase_is_named_in_the_warning() {
        let message = |phase: Value| {
            let mut item = good_item("x");
            item["_elders"]["phase"] = phase;
            let parsed = parse_feed(&feed_with(json!([item]))).unwrap();
            assert_eq!(parsed.feed.items[0].elders.as_ref().unwrap().phase, None);
            parsed.problems[0].message.clone()
        };
        assert!(message(json!("almost done"))
            .starts_with("unknown phase \"almost done\"; expected one of idea, "));
        assert!(message(json!(3)).starts_with("unknown phase a number; expected one of"));
    }

    #[test]
    fn control_characters_and_overlong_text_are_refused() {
        let mut item = good_item("x");
        item["title"] = json!("a\u{0007}b");
        let mut long = good_item("y");
        long["summary"] = json!("s".repeat(MAX_SUMMARY_CHARS + 1));
        let parsed = parse_feed(&feed_with(json!([item, long]))).unwrap();
        assert!(parsed.feed.items.is_empty());
        assert!(parsed.problems[0].message.contains("control characters"));
        assert!(parsed.problems[1].message.contains("the limit is 1000"));
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
