//! Reading one JSON object's fields: plain text, dates, links, e-mail addresses, lists of
//! words and nested objects, each checked on its own.
//!
//! The invariant: a field that fails its check is dropped with a [`Problem`] that names
//! its whole JSON path and the item's id, and never takes its neighbours with it. Whether
//! a missing field costs the item is the caller's choice ([`Fields::required_text`]).

use super::report::{Problem, Severity};
use crate::date::{parse_date, parse_rfc3339};
use crate::json::{Json, Object};
use crate::link::{check_web_link, is_email_address, MAX_EMAIL_LEN, MAX_URL_LEN};
use crate::plain_text::{quoted, survey};

/// Checks one plain-text value: a string, not blank, within `max` characters, without
/// control characters other than line breaks and tabs. Returns it trimmed.
pub(super) fn text(value: Option<&Json<'_>>, max: usize) -> Result<String, String> {
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
pub(super) enum Place<'a> {
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

    pub(super) fn path(&self) -> String {
        let mut path = String::new();
        self.write(&mut path);
        path
    }
}

/// Reads the fields of one JSON object, recording problems under the object's place.
pub(super) struct Fields<'a, 'q, 'p> {
    pub(super) obj: &'a Object<'a>,
    pub(super) place: Place<'q>,
    pub(super) item_id: Option<&'q str>,
    pub(super) problems: &'p mut Vec<Problem>,
}

impl<'a> Fields<'a, '_, '_> {
    pub(super) fn push(&mut self, key: &str, message: String, severity: Severity) {
        self.problems.push(Problem {
            path: Place::Member(&self.place, key).path(),
            item_id: self.item_id.map(str::to_string),
            message,
            severity,
        });
    }

    pub(super) fn warn(&mut self, key: &str, message: String) {
        self.push(
            key,
            format!("{message}; the field was dropped"),
            Severity::Warning,
        );
    }

    pub(super) fn present(&self, key: &str) -> Option<&'a Json<'a>> {
        self.obj.get(key).filter(|v| !v.is_null())
    }

    pub(super) fn required_text(&mut self, key: &str, max: usize) -> Option<String> {
        match text(self.obj.get(key), max) {
            Ok(s) => Some(s),
            Err(e) => {
                self.push(key, format!("{e}; the item was skipped"), Severity::Error);
                None
            }
        }
    }

    pub(super) fn optional_text(&mut self, key: &str, max: usize) -> Option<String> {
        let value = self.present(key)?;
        match text(Some(value), max) {
            Ok(s) => Some(s),
            Err(e) => {
                self.warn(key, e);
                None
            }
        }
    }

    pub(super) fn web_link(&mut self, key: &str) -> Option<String> {
        let s = self.optional_text(key, MAX_URL_LEN + 100)?;
        match check_web_link(&s) {
            Ok(url) => Some(url.to_string()),
            Err(e) => {
                self.warn(key, e.to_string());
                None
            }
        }
    }

    pub(super) fn email(&mut self, key: &str) -> Option<String> {
        let s = self.optional_text(key, MAX_EMAIL_LEN)?;
        let bare = s.strip_prefix("mailto:").unwrap_or(&s);
        if is_email_address(bare) {
            Some(bare.to_string())
        } else {
            self.warn(
                key,
                format!(
                    "{} is not one e-mail address such as team@organisation.example \
                     (no name, no second address, no ?, &, % or =)",
                    quoted(&s)
                ),
            );
            None
        }
    }

    pub(super) fn timestamp(&mut self, key: &str) -> Option<String> {
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

    pub(super) fn date(&mut self, key: &str) -> Option<String> {
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

    /// An array of short strings (tags, themes), at most `max_count` of them and each within
    /// `max_chars`. Bad entries are dropped one by one, repeats silently.
    pub(super) fn words(&mut self, key: &str, max_count: usize, max_chars: usize) -> Vec<String> {
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
            match text(Some(entry), max_chars) {
                Ok(s) if !out.contains(&s) => out.push(s),
                Ok(_) => {}
                Err(e) => self.warn(&format!("{key}[{i}]"), e),
            }
        }
        out
    }

    /// A nested object, validated by `read`.
    pub(super) fn object<T>(
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
    pub(super) fn objects<T>(
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
    use super::super::tests::{feed_with, good_item};
    use super::super::{parse_feed, Severity, MAX_SUMMARY_CHARS};
    use serde_json::json;

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
    fn a_contact_address_that_adds_recipients_is_dropped_with_its_path() {
        let mut item = good_item("x");
        item["_elders"]["contact"]["email"] = json!("ceo%40min.example?cc=spy@evil.example");
        let mut named = good_item("y");
        named["_elders"]["contact"]["email"] = json!("Lab <lab@svb.example>");
        let mut linked = good_item("z");
        linked["_elders"]["contact"]["email"] = json!("mailto:lab@svb.example");
        let parsed = parse_feed(&feed_with(json!([item, named, linked]))).unwrap();
        let emails: Vec<Option<&str>> = parsed
            .feed
            .items
            .iter()
            .map(|i| {
                i.elders
                    .as_ref()
                    .unwrap()
                    .contact
                    .as_ref()
                    .unwrap()
                    .email
                    .as_deref()
            })
            .collect();
        assert_eq!(emails, [None, None, Some("lab@svb.example")]);
        let paths: Vec<&str> = parsed.problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "$.items[0]._elders.contact.email",
                "$.items[1]._elders.contact.email"
            ]
        );
        assert!(parsed.problems[0]
            .message
            .contains("not one e-mail address"));
        assert!(parsed
            .problems
            .iter()
            .all(|p| p.severity == Severity::Warning));
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
}
