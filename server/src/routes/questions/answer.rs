//! Storing a posted answer to a published question, as the same sequence of steps as a
//! question (`ask.rs`, whose steps it reuses), with one more in front: the question must
//! be published. An answer to a question nobody may see (pending, rejected, erased) would
//! be published beside nothing, so such a question is `404`, as it is everywhere else.
//! As for questions, nothing is counted against the rate limit (shared with questions),
//! and nothing is stored, before the request has proved to be a valid answer.

use axum::body::Body;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use elders_core::AnswerInput;

use super::ask::{count_if_new, idempotency_key, read_json, require_json};
use super::public::answerer_view;
use crate::client::Client;
use crate::error::{ApiError, Contribution};
use crate::routes::language::language;
use crate::routes::state::AppState;
use crate::store::{Insert, StoredAnswer};

/// Largest request body: a 5,000-character answer in JSON with room to spare.
pub const MAX_BODY_BYTES: usize = 32 * 1024;

/// Stores the answer a `POST` carries for question `question_id` and answers `201` with
/// what the answerer may see, for a new answer and for a retry of one already stored alike.
pub async fn store_answer(
    state: &AppState,
    question_id: &str,
    client: Client,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let lang = language(headers);
    require_published_question(state, question_id).await?;
    require_json(headers)?;
    let key = idempotency_key(headers)?;
    let input: AnswerInput = read_json(body, MAX_BODY_BYTES, "answer").await?;
    let answer = input
        .validate()
        .map_err(|errors| ApiError::invalid(&errors, lang))?;
    let seen = state
        .answers
        .has_key(&key)
        .await
        .map_err(ApiError::internal)?;
    count_if_new(state, seen, client, Contribution::Answer, lang).await?;
    let stored = insert_once(state, &key, question_id, &answer).await?;
    Ok((StatusCode::CREATED, Json(answerer_view(&stored))).into_response())
}

/// `404` unless the question exists and is published.
async fn require_published_question(state: &AppState, id: &str) -> Result<(), ApiError> {
    let question = state.questions.get(id).await.map_err(ApiError::internal)?;
    if question.is_some_and(|q| q.is_visible()) {
        Ok(())
    } else {
        Err(ApiError::question_not_found(id))
    }
}

/// Stores the answer under its key, or finds the one a retry stored before. A key already
/// used for a *different* answer (or for this answer to another question) is refused with
/// `409` rather than answered with the old one; a question erased since it was found
/// published is `404`, as if it had never been found.
async fn insert_once(
    state: &AppState,
    key: &str,
    question_id: &str,
    answer: &AnswerInput,
) -> Result<StoredAnswer, ApiError> {
    match state
        .answers
        .insert(key, question_id, answer, state.new_answer_status)
        .await
    {
        Ok(Some(Insert::Created(stored) | Insert::Replayed(stored))) => Ok(stored),
        Ok(None) => Err(ApiError::question_not_found(question_id)),
        Ok(Some(Insert::KeyReused)) => Err(ApiError::new(
            StatusCode::CONFLICT,
            "idempotency_key_reused",
            "This Idempotency-Key was already used for a different answer; send a new key.",
        )),
        Err(e) => Err(ApiError::internal(e)),
    }
}
