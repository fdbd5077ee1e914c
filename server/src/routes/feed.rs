//! `GET /feed.json`: the merged feed, public to every origin (`cors::public_feed`), with an ETag so that an
//! unchanged feed costs a `304` and no body, and sent gzip-compressed (compressed once at
//! start) to every client that accepts it.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::state::AppState;

/// Whether `Accept-Encoding` accepts gzip (and does not refuse it with `q=0`).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}

pub async fn get(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let feed = state.feed.current();
    let gzip = accepts_gzip(&headers);
    let (etag, body) = if gzip {
        (&feed.gzip_etag, &feed.gzip)
    } else {
        (&feed.etag, &feed.body)
    };
    let common = [
        (header::ETAG, etag.clone()),
        (
            header::CACHE_CONTROL,
            "public, max-age=60, must-revalidate".to_string(),
        ),
        (header::VARY, "Accept-Encoding".to_string()),
    ];
    let not_modified = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| {
            tags.split(',')
                .any(|t| t.trim() == etag.as_str() || t.trim() == "*")
        });
    if not_modified {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    let mut response = (
        common,
        [(header::CONTENT_TYPE, "application/feed+json; charset=utf-8")],
        body.clone(),
    )
        .into_response();
    if gzip {
        response.headers_mut().insert(
            header::CONTENT_ENCODING,
            header::HeaderValue::from_static("gzip"),
        );
    }
    response
}
