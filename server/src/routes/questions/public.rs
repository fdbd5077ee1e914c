//! What the public, and the asker, may see of a stored question: core's
//! [`PublicQuestion`], the type the widget reads back, with its one feed item.

use elders_core::PublicQuestion;
use serde_json::{json, Value};

use crate::store::StoredQuestion;

/// What the public may see of a question: the name and organisation only when the asker
/// agreed to show them (`public_name`), the e-mail address only when they agreed to be
/// contacted (`consent_contact`).
pub fn public_view(q: &StoredQuestion) -> PublicQuestion {
    PublicQuestion {
        id: q.id.clone(),
        question: q.question.clone(),
        topics: q.topics.clone(),
        organisation: q.organisation.clone().filter(|_| q.public_name),
        name: q.name.clone().filter(|_| q.public_name),
        email: q.email.clone().filter(|_| q.consent_contact),
        status: q.status,
        answer: q.answer.clone(),
        answer_url: q.answer_url.clone(),
        created_at: q.created_at.clone(),
        updated_at: Some(q.updated_at.clone()),
        answers: Vec::new(),
    }
}

/// What the asker gets back from a `POST`: the public view, with their own name,
/// organisation and e-mail address whether or not they agreed to show them to others.
pub fn asker_view(question: &StoredQuestion) -> Value {
    let mut body = serde_json::to_value(public_view(question)).unwrap_or_default();
    if let Some(obj) = body.as_object_mut() {
        for (field, value) in [
            ("name", &question.name),
            ("organisation", &question.organisation),
            ("email", &question.email),
        ] {
            if let Some(value) = value {
                obj.insert(field.into(), json!(value));
            }
        }
    }
    body
}

/// A published question as a JSON Feed item ([`PublicQuestion::feed_item`]): a valid feed
/// item, so that the widget ranks questions with the same code and rules as projects.
pub fn feed_item(q: &StoredQuestion) -> Value {
    serde_json::to_value(public_view(q).feed_item()).unwrap_or_default()
}
