//! One feed item and its `_elders` extension: which fields are required (the item is
//! skipped without them) and which are optional (dropped alone when invalid), and the
//! limits on each.
//!
//! The invariant: an [`Item`] that leaves here has a non-blank `id`, `title` and
//! `summary` within their limits, and every optional field it keeps passed its check.

use super::fields::{Fields, Place};
use super::report::{Problem, Severity};
use crate::date::parse_date;
use crate::feed::{Author, Contact, Elders, Item, Organisation, Phase};
use crate::json::Json;
use crate::plain_text::quoted;

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

/// Validates one item; `None` (with an error in `problems`) when it must be skipped.
pub(super) fn validate_item(
    raw: &Json<'_>,
    place: Place<'_>,
    problems: &mut Vec<Problem>,
) -> Option<Item> {
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
    let tags = f.words("tags", MAX_TAGS, MAX_TAG_CHARS);
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
    let themes = f.words("themes", MAX_THEMES, MAX_TAG_CHARS);
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

#[cfg(test)]
mod tests {
    use super::super::parse_feed;
    use super::super::tests::{feed_with, good_item};
    use serde_json::{json, Value};

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
}
