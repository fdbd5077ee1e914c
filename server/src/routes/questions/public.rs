//! What the public, and the asker, may see of a stored question.

use serde::Serialize;
use serde_json::{json, Value};

use crate::store::{Status, StoredQuestion};

/// What the public may see of a question: the e-mail address only with consent.
#[derive(Debug, Serialize)]
pub struct PublicQuestion<'a> {
    id: &'a str,
    question: &'a str,
    topics: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    organisation: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    answer_url: Option<&'a str>,
    created_at: &'a str,
}

impl<'a> From<&'a StoredQuestion> for PublicQuestion<'a> {
    fn from(q: &'a StoredQuestion) -> Self {
        PublicQuestion {
            id: &q.id,
            question: &q.question,
            topics: &q.topics,
            organisation: q.organisation.as_deref(),
            name: q.name.as_deref(),
            email: q.email.as_deref().filter(|_| q.consent_contact),
            status: q.status,
            answer: q.answer.as_deref(),
            answer_url: q.answer_url.as_deref(),
            created_at: &q.created_at,
        }
    }
}

/// What the asker gets back from a `POST`: the public view, with their own e-mail address
/// whether or not they consented to its being shown to others.
pub fn asker_view(question: &StoredQuestion) -> Value {
    let mut body = serde_json::to_value(PublicQuestion::from(question)).unwrap_or_default();
    if let (Some(obj), Some(email)) = (body.as_object_mut(), &question.email) {
        obj.insert("email".into(), json!(email));
    }
    body
}

/// A published question as a JSON Feed item. Title and summary make every question a valid
/// feed item, so that the widget ranks questions with the same code and rules as projects.
pub fn feed_item(q: &StoredQuestion) -> Value {
    let title: String = q.question.chars().take(120).collect();
    let summary: String = q.question.chars().take(1_000).collect();
    json!({
        "id": q.id,
        "title": title,
        "summary": summary,
        "content_text": q.question,
        "date_published": q.created_at,
        "date_modified": q.updated_at,
        "tags": q.topics,
        "_elders_question": PublicQuestion::from(q),
    })
}
