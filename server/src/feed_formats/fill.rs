//! What an ordinary JSON Feed lacks for Elders, filled in before core checks it: a blog's
//! feed has `content_html` and tags but often no `summary` (which an Elders card needs),
//! sometimes no `title`, and never an `_elders.organisation` (without which the widget
//! cannot tell whether the work is "elsewhere"). Each filled summary or title is a warning
//! at its item's path, as `elders feed check` reports everything else; the organisation
//! comes from the admin (`--feed-organisation`) or the feed's own author, and is no
//! problem of the feed's.

use elders_core::feed::Organisation;
use elders_core::validate::{Problem, Severity};
use serde_json::{json, Value};

use super::html_text::plain_text;

/// Longest summary made from an item's content: about two sentences.
const SUMMARY_CHARS: usize = 300;
/// Longest title made from an item's first words.
const TITLE_CHARS: usize = 80;

/// Fills in `feed` (a JSON Feed as a value) the summaries and titles its items lack and,
/// where an item names no organisation, `organisation` or else the feed's first author;
/// the warnings for what was made up.
pub fn fill(feed: &mut Value, organisation: Option<&Organisation>) -> Vec<Problem> {
    let organisation = organisation.cloned().or_else(|| feed_author(feed));
    let Some(items) = feed.get_mut("items").and_then(Value::as_array_mut) else {
        return Vec::new();
    };
    let mut notes = Vec::new();
    for (index, item) in items.iter_mut().enumerate() {
        let Some(fields) = item.as_object_mut() else {
            continue;
        };
        let item_id = fields.get("id").and_then(Value::as_str).map(String::from);
        let mut note = |field: &str, message: &str| {
            notes.push(Problem {
                path: format!("$.items[{index}].{field}"),
                item_id: item_id.clone(),
                message: message.into(),
                severity: Severity::Warning,
            })
        };
        if !has_text(fields.get("summary")) {
            let from_text = fields
                .get("content_text")
                .and_then(Value::as_str)
                .map(collapse);
            let from_html = || {
                fields
                    .get("content_html")
                    .and_then(Value::as_str)
                    .map(plain_text)
            };
            let (made, from) = match from_text.filter(|t| !t.is_empty()) {
                Some(text) => (Some(text), "content_text"),
                None => (
                    from_html().filter(|t| !t.is_empty()),
                    "the plain text of content_html",
                ),
            };
            if let Some(text) = made {
                fields.insert("summary".into(), shortened(&text, SUMMARY_CHARS).into());
                note("summary", &format!("missing; made from {from}"));
            }
        }
        if !has_text(fields.get("title")) {
            if let Some(summary) = fields.get("summary").and_then(Value::as_str) {
                let title = shortened(summary, TITLE_CHARS);
                fields.insert("title".into(), title.into());
                note("title", "missing; made from the first words of the summary");
            }
        }
        if let Some(organisation) = &organisation {
            let elders = fields.entry("_elders").or_insert_with(|| json!({}));
            if let Some(elders) = elders.as_object_mut() {
                if !elders.contains_key("organisation") {
                    let mut named = json!({ "name": organisation.name });
                    if let Some(uri) = &organisation.uri {
                        named["uri"] = uri.clone().into();
                    }
                    elders.insert("organisation".into(), named);
                }
            }
        }
    }
    notes
}

fn has_text(value: Option<&Value>) -> bool {
    value
        .and_then(Value::as_str)
        .is_some_and(|s| !s.trim().is_empty())
}

/// The feed's first author with a name (`authors`, or JSON Feed 1.0's `author`), as the
/// organisation of its items.
fn feed_author(feed: &Value) -> Option<Organisation> {
    let author = feed
        .get("authors")
        .and_then(|a| a.get(0))
        .or_else(|| feed.get("author"))?;
    let name = author.get("name").and_then(Value::as_str)?.trim();
    (!name.is_empty()).then(|| Organisation {
        name: name.to_string(),
        uri: None,
    })
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` cut to at most `max` characters: at the end of a sentence past half way, else at
/// a word, with "…".
fn shortened(text: &str, max: usize) -> String {
    let text = collapse(text);
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    if let Some(end) = cut.rfind(". ").filter(|&end| end > cut.len() / 2) {
        return cut[..=end].to_string();
    }
    match cut.rfind(' ') {
        Some(space) => format!("{}…", &cut[..space]),
        None => format!("{cut}…"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blog_item_gets_a_summary_and_a_title_with_warnings() {
        let mut feed = json!({"items": [
            {"id": "a", "content_html": "<p>Het <em>lab</em> testte een voicebot.</p>"},
            {"id": "b", "title": "Eigen titel", "content_text": "  Tekst\n zonder opmaak. "},
            {"id": "c", "title": "Niets", "summary": "Al een samenvatting."},
        ]});
        let notes = fill(&mut feed, None);
        assert_eq!(feed["items"][0]["summary"], "Het lab testte een voicebot.");
        assert_eq!(feed["items"][0]["title"], "Het lab testte een voicebot.");
        assert_eq!(feed["items"][1]["summary"], "Tekst zonder opmaak.");
        assert_eq!(feed["items"][1]["title"], "Eigen titel");
        assert_eq!(feed["items"][2]["summary"], "Al een samenvatting.");
        let paths: Vec<&str> = notes.iter().map(|n| n.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "$.items[0].summary",
                "$.items[0].title",
                "$.items[1].summary"
            ]
        );
        assert!(notes[0].message.contains("content_html"));
        assert!(notes.iter().all(|n| n.severity == Severity::Warning));
    }

    #[test]
    fn the_organisation_comes_from_the_admin_or_the_feeds_author() {
        let mut feed = json!({"authors": [{"name": "Innovatielab UWV"}], "items": [
            {"id": "a"}, {"id": "b", "_elders": {"organisation": {"name": "SVB"}}}
        ]});
        fill(&mut feed, None);
        assert_eq!(
            feed["items"][0]["_elders"]["organisation"]["name"],
            "Innovatielab UWV"
        );
        assert_eq!(feed["items"][1]["_elders"]["organisation"]["name"], "SVB");
        let given = Organisation {
            name: "UWV".into(),
            uri: Some("https://identifier.overheid.nl/tooi/id/zbo/zb000144".into()),
        };
        let mut feed = json!({"items": [{"id": "a"}]});
        fill(&mut feed, Some(&given));
        assert_eq!(
            feed["items"][0]["_elders"]["organisation"]["uri"],
            "https://identifier.overheid.nl/tooi/id/zbo/zb000144"
        );
    }

    #[test]
    fn long_content_is_cut_at_a_sentence_or_a_word() {
        let long = format!(
            "{} Tweede zin.",
            "Een lange eerste zin met veel woorden erin. ".repeat(8)
        );
        let cut = shortened(&long, 300);
        assert!(cut.ends_with('.') && cut.chars().count() <= 300, "{cut}");
        let words = "woord ".repeat(100);
        assert!(shortened(&words, 80).ends_with("woord…"));
    }
}
