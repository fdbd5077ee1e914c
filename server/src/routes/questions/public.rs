//! What the public, and the asker or answerer, may see of a stored question and its
//! answers: core's [`PublicQuestion`] and [`PublicAnswer`], the types the widget reads
//! back, with the question's one feed item.

use elders_core::{AnsweredQuestion, PublicAnswer, PublicQuestion};
use serde_json::{json, Value};

use crate::store::{StoredAnswer, StoredQuestion};

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
    }
}

/// What the public may see of an answer: the name and organisation only when the answerer
/// agreed to show them (`public_name`), never the e-mail address.
pub fn public_answer(a: &StoredAnswer) -> PublicAnswer {
    PublicAnswer {
        id: a.id.clone(),
        answer: a.answer.clone(),
        url: a.url.clone(),
        name: a.name.clone().filter(|_| a.public_name),
        organisation: a.organisation.clone().filter(|_| a.public_name),
        created_at: a.created_at.clone(),
        accepted: a.accepted,
    }
}

/// What the answerer gets back from a `POST`: the public view of their answer, with the
/// question it answers, where it is in moderation, and their own name, organisation and
/// e-mail address whether or not they agreed to show them to others.
pub fn answerer_view(answer: &StoredAnswer) -> Value {
    let mut body = serde_json::to_value(public_answer(answer)).unwrap_or_default();
    if let Some(obj) = body.as_object_mut() {
        obj.insert("question_id".into(), json!(answer.question_id));
        obj.insert("status".into(), json!(answer.status));
        for (field, value) in [
            ("name", &answer.name),
            ("organisation", &answer.organisation),
            ("email", &answer.email),
        ] {
            if let Some(value) = value {
                obj.insert(field.into(), json!(value));
            }
        }
    }
    body
}

/// What the asker gets back from a `POST`: the public view, with their own name,
/// organisation and e-mail address whether or not they agreed to show them to others, and
/// whether they will get mail about it.
pub fn asker_view(question: &StoredQuestion) -> Value {
    let mut body = serde_json::to_value(public_view(question)).unwrap_or_default();
    if let Some(obj) = body.as_object_mut() {
        obj.insert("notify".into(), json!(question.notify));
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

/// A published question as a JSON Feed item ([`AnsweredQuestion::feed_item`]): a valid
/// feed item, so that the widget ranks questions with the same code and rules as projects,
/// with its published `answers` (as the store lists them: the accepted one first, then the
/// newest) in its `_elders_question`.
pub fn feed_item(q: &StoredQuestion, answers: &[StoredAnswer]) -> Value {
    let answered = AnsweredQuestion {
        question: public_view(q),
        answers: answers.iter().map(public_answer).collect(),
    };
    serde_json::to_value(answered.feed_item()).unwrap_or_default()
}

/// The original of a question asked before, as its duplicate's `duplicate_of` shows it:
/// its id, text, public page (`url`, a path on this server) and published answers; `None`
/// when it is no longer published.
pub async fn original_of(
    state: &crate::routes::AppState,
    id: &str,
) -> Result<Option<Value>, crate::store::StoreError> {
    let Some(original) = state
        .questions
        .get(id)
        .await?
        .filter(|q| q.status.is_public())
    else {
        return Ok(None);
    };
    let mut answers = state.answers.published_for(&[id]).await?;
    let answers: Vec<PublicAnswer> = answers
        .remove(id)
        .unwrap_or_default()
        .iter()
        .map(public_answer)
        .collect();
    Ok(Some(json!({
        "id": original.id,
        "question": original.question,
        "url": format!("/questions/{}", original.id),
        "answer": original.answer,
        "answers": answers,
    })))
}
