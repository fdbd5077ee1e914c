//! The HTTP surface (DESIGN.md §5): which path is served by which module.

mod admin;
mod demo;
mod feed;
mod health;
mod question_page;
mod questions;
mod widget;

use std::path::PathBuf;
use std::sync::Arc;

use axum::routing::get;
use axum::Router;

use crate::cors::OriginPolicy;
use crate::federation::FeedHub;
use crate::store::{QuestionStore, Status};

/// Everything a request may need, cloned cheaply into each handler.
#[derive(Clone)]
pub struct AppState {
    /// The merged feed and its sources.
    pub feed: Arc<FeedHub>,
    /// Questions.
    pub store: QuestionStore,
    /// Who may post questions.
    pub origins: Arc<OriginPolicy>,
    /// The status a new question gets.
    pub new_question_status: Status,
    /// New questions per client per minute.
    pub limiter: Arc<crate::rate_limit::RateLimiter>,
    /// The admin API's bearer token; `None` turns the admin API off.
    pub admin_token: Option<Arc<str>>,
    /// Longest a request may take to be answered (its body included).
    pub request_timeout: std::time::Duration,
}

/// The reader's language from `Accept-Language` (the first of `nl` or `en` it names), for
/// messages people read; Dutch when it names neither.
pub fn language(headers: &axum::http::HeaderMap) -> elders_core::Lang {
    headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.split(',')
                .find_map(|tag| elders_core::Lang::from_tag(tag.split(';').next().unwrap_or("")))
        })
        .unwrap_or_default()
}

/// Builds the router. `dist` is the folder with the built widget files.
pub fn router(state: AppState, dist: PathBuf) -> Router {
    Router::new()
        .route("/", get(demo::page))
        .route("/demo/intranet.css", get(demo::stylesheet))
        .route("/feed.json", get(feed::get).options(feed::preflight))
        .route(
            "/api/questions",
            get(questions::list)
                .post(questions::create)
                .options(questions::preflight),
        )
        .route("/api/admin/questions", get(admin::list))
        .route(
            "/api/admin/questions/{id}/approve",
            axum::routing::post(admin::approve),
        )
        .route(
            "/api/admin/questions/{id}/reject",
            axum::routing::post(admin::reject),
        )
        .route(
            "/api/admin/questions/{id}/answer",
            axum::routing::post(admin::answer),
        )
        .route("/questions/question.css", get(question_page::stylesheet))
        .route("/questions/{id}", get(question_page::get))
        .route("/healthz", get(health::get))
        .route("/api/sources", get(health::sources))
        .nest("/elders", widget::files(dist))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::security::deadline,
        ))
        .with_state(state)
        .layer(axum::middleware::from_fn(
            crate::security::limit_header_size,
        ))
        .layer(axum::middleware::from_fn(crate::security::headers))
        .layer(tower_http::trace::TraceLayer::new_for_http())
}
