//! `/elders/*`: the built widget (loader, glue, Wasm, CSS) from `dist/elders/`.
//!
//! Module scripts and the Wasm they load are always fetched with CORS, and the normal
//! deployment puts the intranet page on another origin, so every file carries
//! `Access-Control-Allow-Origin: *` and `Cross-Origin-Resource-Policy: cross-origin`.
//! `.wasm` goes out as `application/wasm` so the browser compiles while downloading.

use std::path::PathBuf;

use axum::http::{header, HeaderName, HeaderValue};
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use super::AppState;

pub fn files(dist: PathBuf) -> Router<AppState> {
    if !dist.join("elders.js").is_file() {
        tracing::warn!(dist = %dist.display(), "widget files not found; run `cargo xtask dist` first");
    }
    Router::new()
        .fallback_service(ServeDir::new(dist).precompressed_br().precompressed_gzip())
        .layer(SetResponseHeaderLayer::overriding(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
}
