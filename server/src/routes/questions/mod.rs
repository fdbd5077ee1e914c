//! `/api/questions`: asking the wider community (DESIGN.md §4).
//!
//! `POST` takes a question with an `Idempotency-Key` header: the widget keeps the key with
//! its draft and retries with it, so a question sent twice (a lost response, a reload, a
//! flaky network) is stored once. `GET` is the public JSON Feed of published questions.

mod ask;
mod public;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use elders_core::feed::JSON_FEED_VERSION;
use elders_core::text::phrase_key;
use elders_core::Lang;
use serde::Deserialize;
use serde_json::json;

use super::language::language;
use super::state::AppState;
use crate::error::ApiError;
use crate::store::Status;

/// Most questions in one `GET`.
const MAX_LIST: u32 = 200;

fn with_cors(mut response: Response, origin: Option<HeaderValue>) -> Response {
    if let Some(origin) = origin {
        let h = response.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    response
}

/// `403` for a page whose origin is not on the `--allow-origin` list, telling the reader
/// (and the admin they ask) the exact flag that would allow it.
fn forbidden_origin(origin: &str, lang: Lang) -> ApiError {
    tracing::info!(%origin, "question refused: origin not on the --allow-origin list");
    let message = match lang {
        Lang::Nl => format!(
            "Vragen vanaf deze pagina ({origin}) worden nog niet aangenomen. De beheerder van de Elders-server kan dit aanzetten met --allow-origin {origin}."
        ),
        Lang::En => format!(
            "Questions from this page ({origin}) are not accepted yet. The Elders server admin can allow them with --allow-origin {origin}."
        ),
    };
    ApiError::new(StatusCode::FORBIDDEN, "origin_not_allowed", message)
}

fn echo_origin(headers: &HeaderMap) -> Option<HeaderValue> {
    headers.get(header::ORIGIN).cloned()
}

/// Answers every preflight: whether an origin may post is decided by `create`, which
/// refuses with a readable JSON reason. Refusing here instead would leave the reader with
/// an opaque network error and no idea why.
pub async fn preflight(headers: HeaderMap) -> Response {
    with_cors(
        (
            StatusCode::NO_CONTENT,
            [
                (header::ACCESS_CONTROL_ALLOW_METHODS, "GET, POST"),
                (
                    header::ACCESS_CONTROL_ALLOW_HEADERS,
                    "content-type, idempotency-key, accept-language",
                ),
                (header::ACCESS_CONTROL_MAX_AGE, "600"),
            ],
        )
            .into_response(),
        echo_origin(&headers),
    )
}

/// `POST`: refuses origins off the allow-list with a readable `403`, then stores the
/// question (`ask.rs`). Every answer echoes the page's origin, so the widget can read it.
pub async fn create(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let origin = echo_origin(&headers);
    if let Err(refused) = state.origins.check(&headers) {
        return with_cors(
            forbidden_origin(&refused, language(&headers)).into_response(),
            origin,
        );
    }
    let response = match ask::store_question(&state, peer.ip(), &headers, body).await {
        Ok(response) => response,
        Err(error) => {
            if error.status().is_server_error() {
                tracing::warn!(status = %error.status(), "question not stored");
            }
            error.into_response()
        }
    };
    with_cors(response, origin)
}

#[derive(Debug, Deserialize)]
pub struct ListParams {
    /// Comma-separated topics; questions sharing any of them are listed.
    topics: Option<String>,
    limit: Option<u32>,
}

/// `GET`: the published questions as a JSON Feed, optionally only those sharing a topic.
pub async fn list(State(state): State<AppState>, Query(params): Query<ListParams>) -> Response {
    let limit = params.limit.unwrap_or(50).clamp(1, MAX_LIST);
    let wanted: Vec<String> = params
        .topics
        .as_deref()
        .map(|t| {
            elders_core::page::split_list(t)
                .iter()
                .map(|t| phrase_key(t))
                .collect()
        })
        .unwrap_or_default();
    let published = match state
        .questions
        .list(&[Status::Approved, Status::Answered], 1_000)
        .await
    {
        Ok(questions) => questions,
        Err(e) => return ApiError::internal(e).into_response(),
    };
    let items: Vec<serde_json::Value> = published
        .iter()
        .filter(|q| wanted.is_empty() || q.topics.iter().any(|t| wanted.contains(&phrase_key(t))))
        .take(limit as usize)
        .map(public::feed_item)
        .collect();
    let feed = json!({
        "version": JSON_FEED_VERSION,
        "title": "Elders: open vragen",
        "items": items,
    });
    (
        [
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
            (header::CACHE_CONTROL, "no-cache"),
            (header::CONTENT_TYPE, "application/feed+json; charset=utf-8"),
        ],
        serde_json::to_string(&feed).unwrap_or_default(),
    )
        .into_response()
}
