//! Who may call what from another origin, and every CORS header the server sends.
//!
//! Reading is public: the widget files, the feed and the list of published questions carry
//! `Access-Control-Allow-Origin: *` (no credentials are ever involved). Writing is not:
//! only the origins an admin lists with `--allow-origin`, and the server's own origin (its
//! demo page), may POST questions. A POST with any other `Origin` is refused by the server
//! itself with a `403` the widget can read and show (the preflight is answered for every
//! origin for that reason): the browser's CORS check is not what keeps the database clean.
//!
//! | path | policy | here |
//! | --- | --- | --- |
//! | `GET /feed.json` | any origin; `ETag` readable | [`public_feed`] (tower-http's `CorsLayer`) |
//! | `OPTIONS /feed.json` | `204`; `If-None-Match` may be sent | [`feed_preflight`] |
//! | `GET /api/questions`, `GET /api/questions/{id}` | any origin | [`readable_by_any_origin`] |
//! | `POST /api/questions`, `POST /api/questions/{id}/answers` | the page's origin echoed, on refusals too | [`readable_by_the_page`], [`OriginPolicy`] |
//! | `OPTIONS /api/questions`, `…/{id}/answers`, `…/reports` | `204` for every origin | [`questions_preflight`] |
//! | `/elders/*` | any origin, on every answer | [`widget_files`] |
//! | `GET /embed` (in an iframe) | framed only by `--allow-origin` origins | [`OriginPolicy::frame_ancestors`] |
//!
//! tower-http's `CorsLayer` is used where its answers are exactly this server's; the rest
//! is a few lines here, each saying where `CorsLayer` would answer differently. Clients
//! (browsers, caches, other servers' checks) see the same headers either way.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tower_http::cors::{Any, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

/// How long a browser may reuse a preflight's answer, in seconds.
const PREFLIGHT_MAX_AGE: &str = "600";

/// `GET /feed.json`: readable from any origin, with its `ETag` readable too, so that a
/// widget reading the feed directly can revalidate it.
///
/// `CorsLayer` adds `Access-Control-Allow-Origin: *` to every answer, `304`s included, and
/// no `Vary` (the answer does not depend on the origin). It is put on the `GET` handler
/// only, because it would also answer every `OPTIONS` itself (see [`feed_preflight`]).
/// `Access-Control-Expose-Headers` is set beside it because `CorsLayer` writes header names
/// in lower case, and the feed has always said `ETag`.
pub fn public_feed() -> (CorsLayer, SetResponseHeaderLayer<HeaderValue>) {
    (
        CorsLayer::new().allow_origin(Any).vary([]),
        SetResponseHeaderLayer::overriding(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("ETag"),
        ),
    )
}

/// `OPTIONS /feed.json`: lets a page elsewhere send `If-None-Match` (not a CORS-safelisted
/// header). Not `CorsLayer`, which answers preflights with `200` where this answers `204`.
pub async fn feed_preflight() -> Response {
    (
        StatusCode::NO_CONTENT,
        [
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
            (header::ACCESS_CONTROL_ALLOW_METHODS, "GET"),
            (header::ACCESS_CONTROL_ALLOW_HEADERS, "if-none-match"),
            (header::ACCESS_CONTROL_MAX_AGE, PREFLIGHT_MAX_AGE),
        ],
    )
        .into_response()
}

/// `GET /api/questions`: the published questions, readable from any origin. Not
/// `CorsLayer`, which would mark every answer, the `500` of a failing database included,
/// and that answer has never been readable across origins.
pub fn readable_by_any_origin(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

/// `POST /api/questions` and its answers: echoes the page's `Origin` (with `Vary: Origin`) on every answer,
/// the `403` for an origin that may not post included, so that the widget can read why.
/// Whether the origin may post is [`OriginPolicy`]'s decision, not the browser's. Not
/// `CorsLayer`, which would also add `Vary` to answers to requests without an `Origin`.
pub fn readable_by_the_page(mut response: Response, request: &HeaderMap) -> Response {
    if let Some(origin) = request.get(header::ORIGIN) {
        let h = response.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    response
}

/// `OPTIONS /api/questions` and `/api/questions/{id}/answers`: answered for every origin, because whether an origin may post
/// is decided by the POST, which refuses with a readable JSON reason; refusing here instead
/// would leave the reader with an opaque network error and no idea why. Not `CorsLayer`,
/// which answers `200` where this answers `204`.
pub async fn questions_preflight(request: HeaderMap) -> Response {
    let response = (
        StatusCode::NO_CONTENT,
        [
            (header::ACCESS_CONTROL_ALLOW_METHODS, "GET, POST"),
            (
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                "content-type, idempotency-key, accept-language",
            ),
            (header::ACCESS_CONTROL_MAX_AGE, PREFLIGHT_MAX_AGE),
        ],
    )
        .into_response();
    readable_by_the_page(response, &request)
}

/// `/elders/*`: module scripts and the Wasm they load are always fetched with CORS, and the
/// intranet page is normally on another origin, so every answer (a `404` included) is
/// readable from any origin. Not `CorsLayer`, which would answer an `OPTIONS` for a widget
/// file itself, where the files answer `405` as to any method they do not serve.
pub fn widget_files() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    )
}

/// The POST allow-list.
#[derive(Debug, Clone, Default)]
pub struct OriginPolicy {
    allowed: Vec<String>,
}

impl OriginPolicy {
    /// Builds the list from `--allow-origin` values (`https://intranet.example`, no path).
    pub fn new(origins: &[String]) -> OriginPolicy {
        OriginPolicy {
            allowed: origins.iter().map(|o| normalise(o)).collect(),
        }
    }

    /// Whether the request may post: yes without an `Origin` (not from a browser page) and
    /// for listed or own origins; `Err(origin)` otherwise.
    pub fn check(&self, headers: &HeaderMap) -> Result<(), String> {
        let Some(origin) = headers.get(axum::http::header::ORIGIN) else {
            return Ok(());
        };
        let text = origin.to_str().unwrap_or_default();
        let host = headers
            .get(axum::http::header::HOST)
            .and_then(|h| h.to_str().ok());
        if self.may_post(text, host) {
            Ok(())
        } else {
            Err(text.to_string())
        }
    }

    /// Whether pages on `origin` (`https://intranet.example`) may post: the server's own
    /// (on `host`, as the request names it) and the listed ones. The form without
    /// JavaScript records the page a question came from only on such an origin.
    pub fn may_post(&self, origin: &str, host: Option<&str>) -> bool {
        let own = host.is_some_and(|host| {
            origin
                .split_once("://")
                .is_some_and(|(_, rest)| rest.eq_ignore_ascii_case(host))
        });
        own || self.allowed.iter().any(|a| *a == normalise(origin))
    }
}

impl OriginPolicy {
    /// The `frame-ancestors` sources of `/embed`: the same `--allow-origin` list, since an
    /// intranet that frames the cards is the one whose readers post from them, or `'none'`
    /// when the list is empty. Only values that are an `http(s)` origin go in, written as
    /// the browser compares them (`https://intranet.example`, a default port left out):
    /// anything else (a path, `;`, a space) could change the policy's meaning. `*` is not a
    /// wildcard: the list holds origins, not patterns, as for posting, so `*` frames for
    /// no one rather than for every site on the web.
    pub fn frame_ancestors(&self) -> String {
        let mut origins: Vec<String> = Vec::new();
        for allowed in &self.allowed {
            if let Some(origin) = web_origin(allowed) {
                if !origins.contains(&origin) {
                    origins.push(origin);
                }
            }
        }
        if origins.is_empty() {
            "'none'".to_string()
        } else {
            origins.join(" ")
        }
    }
}

/// `https://host[:port]` as browsers serialise an origin, or `None` when `text` is not
/// exactly an http(s) origin (no path, query, fragment or credentials).
fn web_origin(text: &str) -> Option<String> {
    let url = url::Url::parse(text).ok()?;
    let bare = matches!(url.path(), "" | "/")
        && url.query().is_none()
        && url.fragment().is_none()
        && url.username().is_empty()
        && url.password().is_none();
    if !bare || !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let origin = url.origin();
    origin.is_tuple().then(|| origin.ascii_serialization())
}

fn normalise(origin: &str) -> String {
    origin.trim().trim_end_matches('/').to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(origin: Option<&str>, host: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("host", HeaderValue::from_str(host).unwrap());
        if let Some(o) = origin {
            h.insert("origin", HeaderValue::from_str(o).unwrap());
        }
        h
    }

    #[test]
    fn frame_ancestors_lists_only_real_origins() {
        assert_eq!(OriginPolicy::new(&[]).frame_ancestors(), "'none'");
        let policy = OriginPolicy::new(&[
            "https://Intranet.example/".into(),
            "http://127.0.0.1:8080".into(),
            "https://intranet.example:443".into(),
            "*".into(),
            "https://evil.example; script-src *".into(),
            "https://host.example/path".into(),
            "javascript:alert(1)".into(),
        ]);
        assert_eq!(
            policy.frame_ancestors(),
            "https://intranet.example http://127.0.0.1:8080"
        );
        assert_eq!(
            OriginPolicy::new(&["*".into()]).frame_ancestors(),
            "'none'",
            "a star is no wildcard here"
        );
    }

    #[test]
    fn listed_own_and_absent_origins_may_post_others_may_not() {
        let policy = OriginPolicy::new(&["https://Intranet.example/".into()]);
        assert!(policy
            .check(&headers(Some("https://intranet.example"), "elders.example"))
            .is_ok());
        assert!(policy
            .check(&headers(Some("http://127.0.0.1:8080"), "127.0.0.1:8080"))
            .is_ok());
        assert!(policy.check(&headers(None, "elders.example")).is_ok());
        assert_eq!(
            policy.check(&headers(Some("https://evil.example"), "elders.example")),
            Err("https://evil.example".into())
        );
    }
}
