//! `/api/admin/…`: moderation over HTTP for community managers' tools (the same actions as
//! `elders questions`, and as `elders answers` in `answers.rs`), and what only the admin may see: every feed source's health with
//! its errors (`/api/admin/sources`) and the instance's state (`/api/admin/health`).
//! Every request needs `Authorization: Bearer TOKEN` with the token from the
//! `ELDERS_ADMIN_TOKEN` environment variable (at least [`MIN_TOKEN_CHARS`] characters);
//! without that variable the admin API is off (`404`). The token is compared in constant
//! time, and a client that sends [`WRONG_TOKENS_PER_MINUTE`] wrong ones is refused (`429`)
//! for the rest of the minute, whatever it sends: guessing a token is hopeless.

pub mod answers;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use super::state::AppState;
use crate::client::Client;
use crate::error::ApiError;
use crate::store::{Actor, Status};

/// The shortest admin token `elders serve` accepts: a token is the one thing between the
/// internet and the moderation of every question.
pub const MIN_TOKEN_CHARS: usize = 32;

/// Who the audit log names for what is done through the admin API.
pub(crate) const ADMIN: Actor<'static> = Actor("admin");

/// Wrong tokens a client may send per minute.
pub const WRONG_TOKENS_PER_MINUTE: u32 = 10;

async fn authorize(state: &AppState, client: Client, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(expected) = state.admin_token.as_deref() else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "admin_api_off",
            "The admin API is off: start the server with ELDERS_ADMIN_TOKEN set.",
        ));
    };
    let key = format!("admin-token:{}", client.rate_key());
    let throttled = ApiError::too_many_wrong_tokens;
    state
        .admin_failures
        .is_over(&key)
        .await
        .map_err(ApiError::internal)?
        .map_err(throttled)?;
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if constant_time_eq(given.as_bytes(), expected.as_bytes()) {
        return Ok(());
    }
    tracing::warn!(client = %client.0, "wrong admin token");
    state
        .admin_failures
        .check(&key)
        .await
        .map_err(ApiError::internal)?
        .map_err(throttled)?;
    Err(ApiError::new(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "Send Authorization: Bearer with the admin token.",
    ))
}

/// Equality whose time does not depend on where the inputs differ.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[derive(Debug, Deserialize)]
pub struct ListParams {
    pub(super) status: Option<String>,
}

fn parse_status(s: &str) -> Option<Status> {
    [
        Status::Pending,
        Status::Approved,
        Status::Rejected,
        Status::Answered,
    ]
    .into_iter()
    .find(|st| st.as_str() == s)
}

pub async fn list(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    Query(params): Query<ListParams>,
) -> Response {
    if let Err(e) = authorize(&state, client, &headers).await {
        return e.into_response();
    }
    let status = match params.status.as_deref().map(parse_status) {
        None => Status::Pending,
        Some(Some(status)) => status,
        Some(None) => {
            return ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_status",
                "status must be pending, approved, rejected or answered",
            )
            .into_response()
        }
    };
    match state.questions.list(&[status], 1_000).await {
        Ok(questions) => Json(json!({ "questions": questions })).into_response(),
        Err(e) => ApiError::internal(e).into_response(),
    }
}

async fn set_status(
    state: AppState,
    client: Client,
    headers: HeaderMap,
    id: String,
    status: Status,
    reason: Option<String>,
) -> Response {
    if let Err(e) = authorize(&state, client, &headers).await {
        return e.into_response();
    }
    match state
        .questions
        .moderate(&id, status, reason.as_deref(), ADMIN)
        .await
    {
        Ok(true) => Json(json!({ "id": id, "status": status })).into_response(),
        Ok(false) => not_found(&id),
        Err(e) => ApiError::internal(e).into_response(),
    }
}

fn not_found(id: &str) -> Response {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("No question with id {id}."),
    )
    .into_response()
}

pub async fn approve(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    set_status(state, client, headers, id, Status::Approved, None).await
}

/// The optional body of a refusal: why, for the asker's mail.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RejectBody {
    reason: Option<String>,
}

/// Refuses a question; an optional JSON body `{"reason": "…"}` says why, in the asker's
/// mail.
pub async fn reject(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let reason = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        match serde_json::from_slice::<RejectBody>(&body) {
            Ok(body) => body.reason,
            Err(e) => {
                return ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_json",
                    format!("Send no body, or {{\"reason\": \"…\"}}: {e}"),
                )
                .into_response()
            }
        }
    };
    set_status(state, client, headers, id, Status::Rejected, reason).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerBody {
    text: String,
    url: Option<String>,
}

pub async fn answer(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Option<Json<AnswerBody>>,
) -> Response {
    if let Err(e) = authorize(&state, client, &headers).await {
        return e.into_response();
    }
    let Some(Json(body)) = body else {
        return ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            "Send JSON {\"text\": \"…\", \"url\": \"https://…\"} with Content-Type: application/json.",
        )
        .into_response();
    };
    let (text, url) = match elders_core::question::validate_answer(&body.text, body.url.as_deref())
    {
        Ok(valid) => valid,
        Err(message) => {
            return ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_answer", message)
                .into_response()
        }
    };
    match state
        .questions
        .answer(&id, &text, url.as_deref(), ADMIN)
        .await
    {
        Ok(true) => Json(json!({ "id": id, "status": Status::Answered })).into_response(),
        Ok(false) => not_found(&id),
        Err(e) => ApiError::internal(e).into_response(),
    }
}

/// `GET /api/admin/sources`: every feed source's health in full: its `--feed` (without a
/// password), why it fails, when it was fetched, the problems of its last good copy.
pub async fn sources(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
) -> Response {
    if let Err(e) = authorize(&state, client, &headers).await {
        return e.into_response();
    }
    Json(json!({ "sources": state.feed.health() })).into_response()
}

/// `GET /api/admin/health`: the instance's state: the database (with its error, without
/// secrets), the backend, the feed's items and the sources that fail.
pub async fn health(State(state): State<AppState>, client: Client, headers: HeaderMap) -> Response {
    if let Err(e) = authorize(&state, client, &headers).await {
        return e.into_response();
    }
    let sources = state.feed.health();
    let failing = sources
        .iter()
        .filter(|s| s.status == crate::federation::source::Status::Failing)
        .count();
    let database = state.database.ping().await;
    Json(json!({
        "status": if database.is_ok() { "ok" } else { "degraded" },
        "database": database.map_or_else(|e| e.to_string(), |()| "ok".to_string()),
        "backend": state.database.backend().name(),
        "feed_items": state.feed.current().indexed.items.len(),
        "feed_sources": sources.len(),
        "feed_sources_failing": failing,
    }))
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::constant_time_eq;

    #[test]
    fn tokens_compare_exactly() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret", b"secret2"));
        assert!(!constant_time_eq(b"", b"x"));
    }
}
