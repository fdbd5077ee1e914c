//! What the public, and the asker, may see of a stored question: core's
//! [`PublicQuestion`], the type the widget reads back, with its one feed item.

use elders_core::PublicQuestion;
use serde_json::{json, Value};

use crate::store::StoredQuestion;

/// What the public may see of a question: the e-mail address only with consent.
pub fn public_view(q: &StoredQuestion) -> PublicQuestion {
    PublicQuestion {
        id: q.id.clone(),
        question: q.question.clone(),
        topics: q.topics.clone(),
        organisation: q.organisation.clone(),
        name: q.name.clone(),
        email: q.email.clone().filter(|_| q.consent_contact),
        status: q.status,
        answer: q.answer.clone(),
        answer_url: q.answer_url.clone(),
        created_at: q.created_at.clone(),
        updated_at: Some(q.updated_at.clone()),
    }
}

/// What the asker gets back from a `POST`: the public view, with their own e-mail address
/// whether or not they consented to its being shown to others.
pub fn asker_view(question: &StoredQuestion) -> Value {
    let mut body = serde_json::to_value(public_view(question)).unwrap_or_default();
    if let (Some(obj), Some(email)) = (body.as_object_mut(), &question.email) {
        obj.insert("email".into(), json!(email));
    }
    body
}

/// A published question as a JSON Feed item ([`PublicQuestion::feed_item`]): a valid feed
/// item, so that the widget ranks questions with the same code and rules as projects.
pub fn feed_item(q: &StoredQuestion) -> Value {
    serde_json::to_value(public_view(q).feed_item()).unwrap_or_default()
}
