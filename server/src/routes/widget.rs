//! `/elders/*`: the built widget (loader, glue, Wasm) from `dist/elders/`.
//!
//! Module scripts and the Wasm they load are always fetched with CORS, and the normal
//! deployment puts the intranet page on another origin, so every file is readable from any
//! origin (`cors::widget_files`) and carries `Cross-Origin-Resource-Policy: cross-origin`.
//! `.wasm` goes out as `application/wasm` so the browser compiles while downloading.
//!
//! Caching: the glue and the Wasm carry their content's hash in their names
//! (`cargo xtask dist`), so they never change and are cached for a year, `immutable`; the
//! loader, the one name pages write, is cached for five minutes, so a new version reaches
//! every page within minutes of a deployment.

use std::path::PathBuf;

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use super::state::AppState;
use crate::cors;

pub fn files(dist: PathBuf) -> Router<AppState> {
    if !dist.join("elders.js").is_file() {
        tracing::warn!(dist = %dist.display(), "widget files not found; run `cargo xtask dist` first");
    }
    Router::new()
        .fallback_service(ServeDir::new(dist).precompressed_br().precompressed_gzip())
        .layer(cors::widget_files())
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("cross-origin"),
        ))
        .layer(middleware::from_fn(cache_policy))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
}

/// Whether a file's name carries its content's hash: a part of exactly 16 hex digits
/// between dots, as in `elders_widget_bg.0123456789abcdef.wasm`.
fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && parts[1..parts.len() - 1]
            .iter()
            .any(|part| part.len() == 16 && part.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A year and `immutable` for content-hashed files that were found; five minutes otherwise.
async fn cache_policy(request: Request, next: Next) -> Response {
    let hashed = is_content_hashed(request.uri().path());
    let mut response = next.run(request).await;
    let found = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    let policy = if hashed && found {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=300"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}

#[cfg(test)]
mod tests {
    use super::is_content_hashed;

    #[test]
    fn only_names_with_a_content_hash_count_as_hashed() {
        assert!(is_content_hashed("/elders_widget_bg.0123456789abcdef.wasm"));
        assert!(is_content_hashed(
            "/elders/elders_widget.fedcba9876543210.js"
        ));
        assert!(!is_content_hashed("/elders.js"));
        assert!(!is_content_hashed("/elders_widget_bg.wasm"));
        assert!(
            !is_content_hashed("/x.0123456789abcdef"),
            "a hash as the extension"
        );
        assert!(!is_content_hashed("/x.0123456789abcdeg.js"), "not hex");
        assert!(!is_content_hashed("/x.0123456789abcde.js"), "15 digits");
    }
}
