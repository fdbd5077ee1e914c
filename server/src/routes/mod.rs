//! The HTTP surface (`docs/architecture.md`): which path is served by which module, and
//! the layers every response passes through.
//!
//! Handlers live one per module below and depend only on [`AppState`] (`state.rs`) and
//! the modules under them, never on this one.

mod admin;
mod ask_form;
mod demo;
mod desk;
mod embed;
mod feed;
mod health;
mod language;
mod manage;
mod page_style;
mod question_page;
mod questions;
mod setup;
mod state;
mod widget;

use std::path::PathBuf;

use axum::handler::Handler;
use axum::routing::{get, post};
use axum::Router;

use crate::cors;

pub use admin::{MIN_TOKEN_CHARS, WRONG_TOKENS_PER_MINUTE};
pub use state::AppState;

/// Builds the router. `dist` is the folder with the built widget files.
pub fn router(state: AppState, dist: PathBuf) -> Router {
    Router::new()
        .route("/", get(demo::page))
        .route("/demo/intranet.css", get(demo::stylesheet))
        .route(
            "/feed.json",
            get(feed::get.layer(cors::public_feed())).options(cors::feed_preflight),
        )
        .route(
            "/api/questions",
            get(questions::list)
                .post(questions::create)
                .options(cors::questions_preflight),
        )
        .route("/api/questions/{id}", get(questions::one))
        .route(
            "/api/questions/{id}/answers",
            post(questions::create_answer).options(cors::questions_preflight),
        )
        .route(
            "/api/questions/{id}/reports",
            post(questions::report_question).options(cors::questions_preflight),
        )
        .route(
            "/api/questions/{id}/answers/{answer}/reports",
            post(questions::report_answer).options(cors::questions_preflight),
        )
        .route("/api/admin/questions", get(admin::list))
        .route("/api/admin/questions/{id}/approve", post(admin::approve))
        .route("/api/admin/questions/{id}/reject", post(admin::reject))
        .route("/api/admin/questions/{id}/answer", post(admin::answer))
        .route("/api/admin/answers", get(admin::answers::list))
        .route(
            "/api/admin/answers/{id}/approve",
            post(admin::answers::approve),
        )
        .route(
            "/api/admin/answers/{id}/reject",
            post(admin::answers::reject),
        )
        .route(
            "/api/admin/answers/{id}/accept",
            post(admin::answers::accept),
        )
        .route("/admin", get(desk::home))
        .route("/admin/desk.css", get(desk::stylesheet))
        .route(
            "/admin/sign-in",
            get(desk::sign_in_form).post(desk::sign_in),
        )
        .route("/admin/sign-out", post(desk::sign_out))
        .route(
            "/admin/questions",
            get(desk::questions).post(desk::decide_questions),
        )
        .route(
            "/admin/answers",
            get(desk::answers).post(desk::decide_answers),
        )
        .route(
            "/admin/reported",
            get(desk::reported).post(desk::decide_reported),
        )
        .route(
            "/admin/questions/{id}",
            get(desk::item).post(desk::act_on_item),
        )
        .route("/admin/log", get(desk::log))
        .route("/admin/overview", get(desk::overview::page))
        .route("/admin/overview.csv", get(desk::overview::csv))
        .route("/api/admin/sources", get(admin::sources))
        .route("/api/admin/health", get(admin::health))
        .route("/questions/question.css", get(question_page::stylesheet))
        .route("/questions/{id}", get(question_page::get))
        .route(
            "/questions/{id}/manage",
            get(manage::page).post(manage::change),
        )
        .route("/embed", get(embed::get))
        .route("/embed/embed.css", get(embed::stylesheet))
        .route("/setup", get(setup::page))
        .route("/setup/setup.js", get(setup::script))
        .route("/setup/setup.css", get(setup::stylesheet))
        .route("/ask", get(ask_form::form).post(ask_form::submit))
        .route("/ask/ask.css", get(ask_form::stylesheet))
        .route("/ask/sent/{id}", get(ask_form::sent))
        .route("/healthz", get(health::get))
        .route("/api/sources", get(health::sources))
        .nest("/elders", widget::files(dist))
        .layer(axum::middleware::from_fn_with_state(
            state.request_timeout,
            crate::security::deadline,
        ))
        .with_state(state)
        .layer(axum::middleware::from_fn(
            crate::security::limit_header_size,
        ))
        .layer(axum::middleware::from_fn(crate::security::headers))
        .layer(tower_http::trace::TraceLayer::new_for_http())
}
