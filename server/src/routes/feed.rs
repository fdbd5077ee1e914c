//! `GET /feed.json`: the merged feed, public to every origin (`cors::public_feed`), with an ETag so that an
//! unchanged feed costs a `304` and no body, and sent gzip-compressed (compressed once at
//! start) to every client that accepts it. A client that asks for the feed's pack
//! (`Accept: application/vnd.elders.pack`, as the widget does) gets the feed with its
//! search index instead (`elders_core::pack`), from the same URL: an admin's `data-feed`
//! works whether it names this server or a static JSON file.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use elders_core::pack;

use super::state::AppState;

/// Whether a header of the `Accept` family (`Accept`, `Accept-Encoding`) lists a value
/// that `wanted` takes, without refusing it with `q=0`.
fn accepts(headers: &HeaderMap, name: header::HeaderName, wanted: impl Fn(&str) -> bool) -> bool {
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|listed| {
            let mut parts = listed.split(';').map(str::trim);
            let value = parts.next().unwrap_or_default();
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            wanted(value) && !refused
        })
}

/// Whether `Accept-Encoding` accepts gzip.
fn accepts_gzip(headers: &HeaderMap) -> bool {
    accepts(headers, header::ACCEPT_ENCODING, |coding| {
        coding.eq_ignore_ascii_case("gzip") || coding == "*"
    })
}

/// Whether `Accept` names the pack's media type. Only the exact type counts: `*/*` is
/// every browser's default and means JSON here. The questions API asks the same.
pub(super) fn accepts_pack(headers: &HeaderMap) -> bool {
    accepts(headers, header::ACCEPT, |range| {
        range.eq_ignore_ascii_case(pack::MEDIA_TYPE)
    })
}

pub async fn get(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let feed = state.feed.current();
    let gzip = accepts_gzip(&headers);
    let packed = accepts_pack(&headers);
    let (etag, body) = match (packed, gzip) {
        (true, true) => (&feed.pack_gzip_etag, &feed.pack_gzip),
        (true, false) => (&feed.pack_etag, &feed.pack),
        (false, true) => (&feed.gzip_etag, &feed.gzip),
        (false, false) => (&feed.etag, &feed.body),
    };
    let common = [
        (header::ETAG, etag.clone()),
        (
            header::CACHE_CONTROL,
            "public, max-age=60, must-revalidate".to_string(),
        ),
        (header::VARY, "Accept, Accept-Encoding".to_string()),
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
        [(
            header::CONTENT_TYPE,
            if packed {
                pack::MEDIA_TYPE
            } else {
                "application/feed+json; charset=utf-8"
            },
        )],
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
