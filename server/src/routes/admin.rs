//! `/api/admin/questions…`: moderation over HTTP for community managers' tools, the same
//! actions as `elders questions`. Every request needs `Authorization: Bearer TOKEN` with
//! the token from the `ELDERS_ADMIN_TOKEN` environment variable; without that variable the
//! admin API is off (`404`). The token is compared in constant time.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use super::state::AppState;
use crate::error::ApiError;
use crate::store::Status;

fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(expected) = state.admin_token.as_deref() else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "admin_api_off",
            "The admin API is off: start the server with ELDERS_ADMIN_TOKEN set.",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if constant_time_eq(given.as_bytes(), expected.as_bytes()) {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Send Authorization: Bearer with the admin token.",
        ))
    }
}

/// Equality whose time does not depend on where the inputs differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[derive(Debug, Deserialize)]
pub struct ListParams {
    status: Option<String>,
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
    headers: HeaderMap,
    Query(params): Query<ListParams>,
) -> Response {
    if let Err(e) = authorize(&state, &headers) {
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

async fn set_status(state: AppState, headers: HeaderMap, id: String, status: Status) -> Response {
    if let Err(e) = authorize(&state, &headers) {
        return e.into_response();
    }
    match state.questions.set_status(&id, status).await {
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
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    set_status(state, headers, id, Status::Approved).await
}

pub async fn reject(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    set_status(state, headers, id, Status::Rejected).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerBody {
    text: String,
    url: Option<String>,
}

pub async fn answer(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Option<Json<AnswerBody>>,
) -> Response {
    if let Err(e) = authorize(&state, &headers) {
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
    match state.questions.answer(&id, &text, url.as_deref()).await {
        Ok(true) => Json(json!({ "id": id, "status": Status::Answered })).into_response(),
        Ok(false) => not_found(&id),
        Err(e) => ApiError::internal(e).into_response(),
    }
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
