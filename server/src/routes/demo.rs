//! The demo intranet page at `/`: a stand-in for a ministry intranet article, embedding the
//! widget with nothing but its script tag. It is served under the strict Content-Security-
//! Policy the README recommends to intranet admins, so the demo proves that policy works.

use axum::http::header;
use axum::response::IntoResponse;

/// The policy from the README's intranet-admin section, for a page on the Elders host.
pub const DEMO_CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
                            connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; \
                            frame-ancestors 'none'";

const PAGE: &str = include_str!("../../../index.html");
const STYLESHEET: &str = include_str!("../../../demo/intranet.css");

pub async fn page() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, DEMO_CSP),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        PAGE,
    )
}

pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        STYLESHEET,
    )
}
