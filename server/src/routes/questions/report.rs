//! Storing a reader's report ("Melden") of a published question or answer, in the steps of
//! a question (`ask.rs`, whose checks it reuses): the body must be JSON naming one of the
//! fixed reasons, and only a new report counts against the client's rate limit (the one
//! limit questions and answers share), so a widget resending a report it is unsure of is
//! never locked out. One client's reports of one item count once (`store::reports`).

use axum::body::Body;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use elders_core::ReportReason;
use serde::Deserialize;
use serde_json::json;

use super::ask::{count_if_new, read_json, require_json};
use crate::client::Client;
use crate::error::{ApiError, Contribution};
use crate::routes::language::language;
use crate::routes::state::AppState;
use crate::store::{Reportable, Reported};

/// Largest request body: `{"reason": "…"}` with room to spare.
const MAX_BODY_BYTES: usize = 1024;

/// The JSON body of a report.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportBody {
    reason: String,
}

/// Stores the report a `POST` carries: `201` for a new one, `200` when this client's
/// report of the item is already open, both with `{"id", "status"}` (`open`, or `hidden`
/// once reports have hidden the item); `404` when the item is not published.
pub async fn store_report(
    state: &AppState,
    item: Reportable<'_>,
    client: Client,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let lang = language(headers);
    require_json(headers)?;
    let body: ReportBody = read_json(body, MAX_BODY_BYTES, "report").await?;
    let reason = ReportReason::parse(&body.reason).ok_or_else(|| {
        let names: Vec<&str> = ReportReason::ALL.iter().map(|r| r.as_str()).collect();
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_reason",
            format!(
                "The reason {:?} is not one of {}.",
                body.reason,
                names.join(", ")
            ),
        )
    })?;
    let key = client.rate_key();
    let seen = state
        .reports
        .has_open(item, &key)
        .await
        .map_err(ApiError::internal)?;
    count_if_new(state, seen, client, Contribution::Report, lang).await?;
    match state.reports.report(item, &key, reason).await {
        Ok(Reported::Stored { id, new, hidden }) => {
            let status = if new {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            let state = if hidden { "hidden" } else { "open" };
            Ok((status, Json(json!({ "id": id, "status": state }))).into_response())
        }
        Ok(Reported::NotFound) => Err(not_found(item)),
        Err(e) => Err(ApiError::internal(e)),
    }
}

fn not_found(item: Reportable<'_>) -> ApiError {
    match item {
        Reportable::Question(id) => ApiError::question_not_found(id),
        Reportable::Answer { answer, .. } => ApiError::new(
            StatusCode::NOT_FOUND,
            "answer_not_found",
            format!("There is no published answer {answer:?} to this question."),
        ),
    }
}
