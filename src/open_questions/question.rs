//! A published question (`GET /api/questions` gives a JSON Feed whose items carry an
//! `_elders_question` extension), read from the API's JSON. Each question becomes a core
//! [`Item`] too, so that it is ranked for the page exactly like a project.

use elders_core::feed::{Elders, Item, Organisation};
use elders_core::json::{self, Json};

/// A published question as the widget shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenQuestion {
    /// Public id.
    pub id: String,
    /// The question.
    pub question: String,
    /// Its topics.
    pub topics: Vec<String>,
    /// The asker's organisation.
    pub organisation: Option<String>,
    /// The asker's name.
    pub name: Option<String>,
    /// The asker's e-mail address, present only with their consent.
    pub email: Option<String>,
    /// A moderator's answer.
    pub answer: Option<String>,
    /// A link with the answer.
    pub answer_url: Option<String>,
    /// RFC 3339.
    pub created_at: String,
}

impl OpenQuestion {
    /// The question as a feed item, for ranking.
    pub fn as_item(&self) -> Item {
        Item {
            id: self.id.clone(),
            url: None,
            title: self.question.chars().take(120).collect(),
            summary: self.question.clone(),
            content_text: None,
            date_published: Some(self.created_at.clone()),
            date_modified: None,
            tags: self.topics.clone(),
            language: None,
            authors: Vec::new(),
            elders: Some(Elders {
                organisation: self
                    .organisation
                    .clone()
                    .map(|name| Organisation { name, uri: None }),
                ..Elders::default()
            }),
        }
    }
}

/// The questions in a `GET /api/questions` body. An entry without an id, a question or
/// a date is skipped, as is a field of the wrong type; links and addresses are kept only
/// when they pass the same checks as a feed's.
///
/// Read with the JSON reader the widget has for feeds: derived deserialisers would add
/// code of their own for these few fields to the Wasm that every page view loads.
pub fn parse(body: &[u8]) -> Result<Vec<OpenQuestion>, String> {
    let feed = json::parse(body).map_err(|e| e.to_string())?;
    let items = feed.get("items").and_then(Json::as_array);
    Ok(items
        .into_iter()
        .flatten()
        .filter_map(|item| question(item.get("_elders_question")?))
        .collect())
}

fn question(fields: &Json<'_>) -> Option<OpenQuestion> {
    let text = |key: &str| fields.get_str(key).map(str::to_string);
    let topics = fields.get("topics").and_then(Json::as_array);
    Some(OpenQuestion {
        id: text("id")?,
        question: text("question")?,
        topics: topics
            .into_iter()
            .flatten()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect(),
        organisation: text("organisation"),
        name: text("name"),
        // Shown as links: only what passes the same checks as feed links.
        email: text("email").filter(|e| elders_core::link::is_plausible_email(e)),
        answer: text("answer"),
        answer_url: text("answer_url").filter(|u| elders_core::link::check_web_link(u).is_ok()),
        created_at: text("created_at")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_questions_and_checks_their_links() {
        let body = br#"{"version": "https://jsonfeed.org/version/1.1", "items": [
            {"id": "q1", "_elders_question": {"id": "q1", "question": "Wie werkt met spraak?",
              "topics": ["spraak", 3, "klantcontact"], "organisation": "UWV", "name": "Ans",
              "email": "ans@example.nl", "answer": "Zie het lab.", "answer_url": "https://example.nl/lab",
              "created_at": "2026-11-01T10:00:00Z"}},
            {"id": "q2", "_elders_question": {"id": "q2", "question": "En chatbots?",
              "email": "geen adres", "answer_url": "javascript:alert(1)", "answer": null,
              "created_at": "2026-11-02T10:00:00Z"}}
        ]}"#;
        let questions = parse(body).unwrap();
        assert_eq!(
            questions[0],
            OpenQuestion {
                id: "q1".into(),
                question: "Wie werkt met spraak?".into(),
                topics: vec!["spraak".into(), "klantcontact".into()],
                organisation: Some("UWV".into()),
                name: Some("Ans".into()),
                email: Some("ans@example.nl".into()),
                answer: Some("Zie het lab.".into()),
                answer_url: Some("https://example.nl/lab".into()),
                created_at: "2026-11-01T10:00:00Z".into(),
            }
        );
        let second = &questions[1];
        assert_eq!((second.id.as_str(), second.topics.len()), ("q2", 0));
        assert_eq!(
            (&second.email, &second.answer, &second.answer_url),
            (&None, &None, &None)
        );
    }

    #[test]
    fn skips_entries_without_what_a_question_needs() {
        let body = br#"{"items": [
            {"id": "a"},
            {"_elders_question": {"question": "no id", "created_at": "2026-11-01T10:00:00Z"}},
            {"_elders_question": {"id": "b", "question": 7, "created_at": "2026-11-01T10:00:00Z"}},
            {"_elders_question": {"id": "c", "question": "no date"}},
            {"_elders_question": "not an object"},
            {"_elders_question": {"id": "d", "question": "kept", "created_at": "2026-11-01T10:00:00Z"}}
        ]}"#;
        let ids: Vec<String> = parse(body).unwrap().into_iter().map(|q| q.id).collect();
        assert_eq!(ids, ["d"]);
    }

    #[test]
    fn a_body_that_is_no_feed_is_an_error_or_empty() {
        assert!(parse(b"<html>").is_err());
        assert_eq!(parse(b"{}").unwrap(), []);
        assert_eq!(parse(br#"{"items": {"not": "a list"}}"#).unwrap(), []);
    }
}
