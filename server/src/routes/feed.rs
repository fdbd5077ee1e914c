//! `GET /feed.json`: the merged feed, public to every origin, with an ETag so that an
//! unchanged feed costs a `304` and no body.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::AppState;

pub async fn get(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let feed = &state.feed;
    let common = [
        (header::ETAG, feed.etag.clone()),
        (
            header::CACHE_CONTROL,
            "public, max-age=60, must-revalidate".to_string(),
        ),
        (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*".to_string()),
        (header::ACCESS_CONTROL_EXPOSE_HEADERS, "ETag".to_string()),
        (header::VARY, "Accept-Encoding".to_string()),
    ];
    let not_modified = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| {
            tags.split(',')
                .any(|t| t.trim() == feed.etag || t.trim() == "*")
        });
    if not_modified {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    (
        common,
        [(header::CONTENT_TYPE, "application/feed+json; charset=utf-8")],
        feed.body.clone(),
    )
        .into_response()
}

/// Lets a page elsewhere send `If-None-Match` (not a CORS-safelisted header).
pub async fn preflight() -> impl IntoResponse {
    (
        StatusCode::NO_CONTENT,
        [
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
            (header::ACCESS_CONTROL_ALLOW_METHODS, "GET"),
            (header::ACCESS_CONTROL_ALLOW_HEADERS, "if-none-match"),
            (header::ACCESS_CONTROL_MAX_AGE, "600"),
        ],
    )
}
