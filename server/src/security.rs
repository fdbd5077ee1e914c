//! Security headers on every response the server sends, errors and 404s included, and a
//! limit on the size of request headers.
//!
//! The defaults are the strictest that still work: nothing the server sends may be framed,
//! sniffed into another type, or send a referrer onwards, and a response that does not set
//! its own policy gets a Content-Security-Policy that allows nothing at all (JSON and the
//! widget's files need none). The HTML pages (the demo, a question's public page, the
//! desk, `/embed`, `/ask` and `/setup`) set their own strict policies, which are left as
//! they are.
//!
//! One kind of page is meant to be framed: `/embed`, the cards for intranets that allow
//! iframes but no scripts. It marks its responses [`Frameable`] and names the pages that may
//! frame it in its own `frame-ancestors`; such a response gets every header here except
//! `X-Frame-Options: DENY`, which would forbid every frame (browsers that know
//! `frame-ancestors` ignore `X-Frame-Options` beside it, older ones would obey the `DENY`).

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// Most bytes of request headers (names and values) accepted. Generous for intranet
/// single-sign-on cookies, far below what the HTTP parser would otherwise buffer.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

/// The policy for responses that do not set one: no scripts, styles, frames or forms.
pub const DEFAULT_CSP: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Every header this module sets, with its value (the CSP only when absent).
pub const HEADERS: [(&str, &str); 6] = [
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
    // Browsers ignore it over plain HTTP; over HTTPS it keeps readers off plain HTTP.
    ("strict-transport-security", "max-age=31536000"),
    ("cross-origin-opener-policy", "same-origin"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    ),
];

/// A response extension: this response says in its own Content-Security-Policy
/// (`frame-ancestors`) which pages may frame it, so it gets no `X-Frame-Options`.
#[derive(Debug, Clone, Copy)]
pub struct Frameable;

/// Refuses requests whose headers add up to more than [`MAX_HEADER_BYTES`] with `431` and
/// a JSON reason, before any handler sees them.
pub async fn limit_header_size(request: Request, next: Next) -> Response {
    let size: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if size > MAX_HEADER_BYTES {
        return ApiError::new(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "headers_too_large",
            format!("The request's headers are larger than {MAX_HEADER_BYTES} bytes."),
        )
        .into_response();
    }
    next.run(request).await
}

/// Answers `408` with a JSON reason when a handler has not answered within the request
/// timeout: in practice a client that sends its body too slowly. Only the time to the
/// response's head counts; a slow reader of a large response is not cut off.
pub async fn deadline(State(timeout): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "request_timeout",
            format!(
                "The request took longer than {} s to arrive.",
                timeout.as_secs()
            ),
        )
        .into_response(),
    }
}

/// Adds the headers to a response; the CSP only when the handler set none, and
/// `X-Frame-Options` only when the response is not [`Frameable`].
pub async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let frameable = response.extensions().get::<Frameable>().is_some();
    let h = response.headers_mut();
    for (name, value) in HEADERS {
        if frameable && name == "x-frame-options" {
            continue;
        }
        h.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DEFAULT_CSP),
        );
    }
    response
}

/// Whether the browser says a form post came from a page on another site (the private
/// page's and the desk's forms refuse those):
/// `Sec-Fetch-Site` (which every current browser sends), else an `Origin` other than this
/// host. `Origin: null` proves nothing: browsers send it for this page's own forms, whose
/// `Referrer-Policy` is `no-referrer`. Mail programs' one-click unsubscribes send neither.
pub fn from_another_site(headers: &HeaderMap) -> bool {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    if let Some(site) = text(HeaderName::from_static("sec-fetch-site")) {
        return site == "cross-site" || site == "same-site";
    }
    match (text(header::ORIGIN), text(header::HOST)) {
        (Some("null") | None, _) => false,
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, rest)| rest) != Some(host),
        (Some(_), None) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.insert(*name, value.parse().unwrap());
        }
        h
    }

    #[test]
    fn forms_from_other_sites_are_refused() {
        assert!(
            !from_another_site(&headers(&[])),
            "a mail program's one click"
        );
        assert!(
            !from_another_site(&headers(&[
                ("sec-fetch-site", "same-origin"),
                ("host", "elders.example"),
                ("origin", "null"),
            ])),
            "this page's own form, under no-referrer"
        );
        assert!(!from_another_site(&headers(&[
            ("host", "elders.example"),
            ("origin", "https://elders.example"),
        ])));
        assert!(from_another_site(&headers(&[(
            "sec-fetch-site",
            "cross-site"
        )])));
        assert!(from_another_site(&headers(&[(
            "sec-fetch-site",
            "same-site"
        )])));
        assert!(from_another_site(&headers(&[
            ("host", "elders.example"),
            ("origin", "https://evil.example"),
        ])));
    }
}
