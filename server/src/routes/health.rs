//! `GET /healthz`: for load balancers and admins. `200` when the database answers (a
//! failing feed source does not take an instance out: every instance would fail alike);
//! says which kind of database it is and how many feed sources fail.
//!
//! `GET /api/sources`: every feed source's health, for admins and publishers.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use super::state::AppState;

pub async fn get(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let sources = state.feed.health();
    let failing = sources
        .iter()
        .filter(|s| s.status == crate::federation::source::Status::Failing)
        .count();
    let database = state.database.ping().await;
    let status = if database.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(json!({
            "status": if database.is_ok() { "ok" } else { "degraded" },
            "database": database.map_or_else(|e| e.to_string(), |()| "ok".to_string()),
            "backend": state.database.backend().name(),
            "feed_items": state.feed.current().items,
            "feed_sources": sources.len(),
            "feed_sources_failing": failing,
        })),
    )
}

pub async fn sources(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "sources": state.feed.health() }))
}
