//! `/api/admin/answers…`: moderating colleagues' answers over HTTP, the same actions as
//! `elders answers`, behind the same token check as every admin route (`mod.rs`).

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use super::{authorize, ListParams};
use crate::client::Client;
use crate::error::ApiError;
use crate::routes::state::AppState;
use crate::store::{Accept, AnswerStatus};

/// `GET /api/admin/answers?status=…`: answers with that status (default `pending`), newest
/// first, with everything stored about them.
pub async fn list(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    Query(params): Query<ListParams>,
) -> Response {
    if let Err(e) = authorize(&state, client, &headers).await {
        return e.into_response();
    }
    let status = match params.status.as_deref().map(AnswerStatus::parse) {
        None => AnswerStatus::Pending,
        Some(Some(status)) => status,
        Some(None) => {
            return ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_status",
                "status must be pending, approved or rejected",
            )
            .into_response()
        }
    };
    match state.answers.list(status, 1_000).await {
        Ok(answers) => Json(json!({ "answers": answers })).into_response(),
        Err(e) => ApiError::internal(e).into_response(),
    }
}

async fn set_status(
    state: AppState,
    client: Client,
    headers: HeaderMap,
    id: String,
    status: AnswerStatus,
) -> Response {
    if let Err(e) = authorize(&state, client, &headers).await {
        return e.into_response();
    }
    match state.answers.set_status(&id, status, super::ADMIN).await {
        Ok(true) => Json(json!({ "id": id, "status": status })).into_response(),
        Ok(false) => not_found(&id),
        Err(e) => ApiError::internal(e).into_response(),
    }
}

fn not_found(id: &str) -> Response {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("No answer with id {id}."),
    )
    .into_response()
}

/// `POST /api/admin/answers/{id}/approve`: publishes the answer.
pub async fn approve(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    set_status(state, client, headers, id, AnswerStatus::Approved).await
}

/// `POST /api/admin/answers/{id}/reject`: the answer is never shown.
pub async fn reject(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    set_status(state, client, headers, id, AnswerStatus::Rejected).await
}

/// `POST /api/admin/answers/{id}/accept`: marks a published answer as the one that helped
/// the asker; `409` for an answer that is not published.
pub async fn accept(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Err(e) = authorize(&state, client, &headers).await {
        return e.into_response();
    }
    match state.answers.accept(&id, super::ADMIN).await {
        Ok(Accept::Accepted) => Json(json!({ "id": id, "accepted": true })).into_response(),
        Ok(Accept::NotFound) => not_found(&id),
        Ok(Accept::NotPublished) => ApiError::new(
            StatusCode::CONFLICT,
            "answer_not_published",
            format!("Answer {id} is not published; approve it first."),
        )
        .into_response(),
        Err(e) => ApiError::internal(e).into_response(),
    }
}
