//! Storing a posted question, as a sequence of steps. Each step either hands the next one
//! what it needs or refuses with the status and JSON reason the widget shows beside the
//! form; the order matters: nothing is counted against the rate limit, and nothing is
//! stored, before the request has proved to be a valid question. The steps after reading
//! the request are [`ask`], which the form without JavaScript (`routes/ask_form/`) takes
//! too, so that a question is checked, counted and stored the same way however it came.

use axum::body::{to_bytes, Body};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use elders_core::{FieldError, Lang, QuestionInput};
use serde::de::DeserializeOwned;

use super::public::asker_view;
use crate::client::Client;
use crate::error::{ApiError, Contribution};
use crate::routes::language::language;
use crate::routes::state::AppState;
use crate::store::{Insert, StoredQuestion};

/// Largest request body: a 2,000-character question in JSON with room to spare.
pub const MAX_BODY_BYTES: usize = 16 * 1024;
/// Longest idempotency key.
const MAX_KEY_LEN: usize = 200;

/// Stores the question a `POST` carries and answers `201` with what the asker may see,
/// for a new question and for a retry of one already stored alike.
pub async fn store_question(
    state: &AppState,
    client: Client,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let lang = language(headers);
    require_json(headers)?;
    let key = idempotency_key(headers)?;
    let input: QuestionInput = read_json(body, MAX_BODY_BYTES, "question").await?;
    let stored = ask(state, client, &key, &input, lang)
        .await
        .map_err(|refused| refused.into_api_error(lang))?;
    Ok((StatusCode::CREATED, Json(asker_view(&stored))).into_response())
}

/// Why a question was not stored, for the API to answer in JSON and the form without
/// JavaScript (`routes/ask_form/`) to show on its page.
#[derive(Debug)]
pub enum NotStored {
    /// Core's rules refused it: every problem, in the form's order.
    Invalid(Vec<FieldError>),
    /// The client sent too many new questions and answers; it may again in this many
    /// seconds.
    RateLimited(u64),
    /// The key was used before for a different question.
    KeyReused,
    /// The store failed; the cause is logged.
    Failed,
}

impl NotStored {
    /// The API's answer: `422`, `429` with `Retry-After`, `409`, or `500`.
    pub fn into_api_error(self, lang: Lang) -> ApiError {
        match self {
            NotStored::Invalid(errors) => ApiError::invalid(&errors, lang),
            NotStored::RateLimited(seconds) => {
                ApiError::too_many(seconds, Contribution::Question, lang)
            }
            NotStored::KeyReused => ApiError::new(
                StatusCode::CONFLICT,
                "idempotency_key_reused",
                "This Idempotency-Key was already used for a different question; send a new key.",
            ),
            NotStored::Failed => ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Something went wrong on the server; please try again later.",
            ),
        }
    }
}

/// Stores a question under its idempotency `key`, once, whichever way it came (the API's
/// JSON, the form's fields): core's rules first, then the rate limit for a key not seen
/// before, then the insert that a retry with the same key finds instead of repeating.
/// `lang` is the language of the page it was asked on, kept for the asker's mails when
/// the question does not say its own.
pub async fn ask(
    state: &AppState,
    client: Client,
    key: &str,
    input: &QuestionInput,
    lang: Lang,
) -> Result<StoredQuestion, NotStored> {
    let mut question = input.validate().map_err(NotStored::Invalid)?;
    // Mail only where the server sends it; in the language the asker wrote in, or else
    // the one their page was in.
    question.notify &= state.mail.is_some();
    if question.lang.is_none() {
        question.lang = Some(lang.tag().to_string());
    }
    let seen = state.questions.has_key(key).await.map_err(failed)?;
    if !seen {
        if let Err(seconds) = state
            .limiter
            .check(&client.rate_key())
            .await
            .map_err(failed)?
        {
            return Err(NotStored::RateLimited(seconds));
        }
    }
    insert_once(state, key, &question).await
}

/// Logs why the store failed (never the question: it holds the asker's details).
fn failed(cause: impl std::fmt::Display) -> NotStored {
    tracing::error!(%cause, "question not stored");
    NotStored::Failed
}

/// Whether `key` can be an idempotency key: 1 to [`MAX_KEY_LEN`] printable ASCII
/// characters, as the API's header and the form's hidden field must both be.
pub fn is_usable_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= MAX_KEY_LEN && key.bytes().all(|b| b.is_ascii_graphic())
}

/// Whether the request's `Content-Type` is `mime`, whatever its parameters (`charset`).
pub fn has_content_type(headers: &HeaderMap, mime: &str) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .eq_ignore_ascii_case(mime)
        })
}

/// Refuses anything but `Content-Type: application/json` with `415`: a form post or a
/// plain-text body from another page is not a question (or answer) the widget sent.
pub(super) fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
    if has_content_type(headers, "application/json") {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Send the request as JSON with Content-Type: application/json.",
        ))
    }
}

/// The request's one `Idempotency-Key`, trimmed. The widget keeps the key with its draft
/// and resends it on every retry, so the key is what stores a question once however often
/// it is sent; without exactly one usable key that promise cannot be kept, so `400`.
pub(super) fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let mut keys = headers.get_all("idempotency-key").iter();
    let key =
        match (keys.next(), keys.next()) {
            (Some(key), None) => String::from_utf8_lossy(key.as_bytes()).trim().to_string(),
            (Some(_), Some(_)) => return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "idempotency_key_invalid",
                "Send one Idempotency-Key header, not several: which one counts would be a guess.",
            )),
            (None, _) => String::new(),
        };
    if key.is_empty() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "idempotency_key_missing",
            "Send an Idempotency-Key header (e.g. a UUID) so that a retried question is stored only once.",
        ));
    }
    if !is_usable_key(&key) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "idempotency_key_invalid",
            format!(
                "The Idempotency-Key must be at most {MAX_KEY_LEN} printable ASCII characters."
            ),
        ));
    }
    Ok(key)
}

/// Reads at most `limit` bytes of body (`413` beyond: a valid `what` never needs more, and
/// a large body would only cost memory) and parses it as a `what` (`400` when it is not
/// one; whether its fields are acceptable is the next step's question).
pub(super) async fn read_json<T: DeserializeOwned>(
    body: Body,
    limit: usize,
    what: &str,
) -> Result<T, ApiError> {
    let bytes = to_bytes(body, limit).await.map_err(|_| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!("The request is larger than {limit} bytes."),
        )
    })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            format!("The request is not a valid {what}: {e}"),
        )
    })
}

/// Counts the request against the client's rate limit (`429` with `Retry-After` when over
/// it), unless its key was `seen` (already stored): a retry is answered from the store, so
/// a widget resending its queued question or answer is never locked out. Questions and
/// answers share the one limit per client.
pub(super) async fn count_if_new(
    state: &AppState,
    seen: bool,
    client: Client,
    sent: Contribution,
    lang: Lang,
) -> Result<(), ApiError> {
    if seen {
        return Ok(());
    }
    state
        .limiter
        .check(&client.rate_key())
        .await
        .map_err(ApiError::internal)?
        .map_err(|seconds| ApiError::too_many(seconds, sent, lang))
}

/// Stores the question under its key, or finds the one a retry stored before. A key
/// already used for a *different* question is refused rather than answered with the old
/// question, which the asker would take for theirs.
async fn insert_once(
    state: &AppState,
    key: &str,
    question: &QuestionInput,
) -> Result<StoredQuestion, NotStored> {
    match state
        .questions
        .insert(key, question, state.new_question_status)
        .await
    {
        Ok(Insert::Created(stored) | Insert::Replayed(stored)) => Ok(stored),
        Ok(Insert::KeyReused) => Err(NotStored::KeyReused),
        Err(e) => Err(failed(e)),
    }
}
