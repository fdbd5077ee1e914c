//! `GET /healthz`: for load balancers. `200 {"status":"ok"}` when the database answers,
//! `503 {"status":"unavailable"}` when it does not; nothing more, since anyone can ask (a
//! failing feed source does not take an instance out: every instance would fail alike).
//!
//! `GET /api/sources`: every feed source by its public name (the origin of its URL), and
//! whether it works, for publishers and readers. Why a source fails, when it was last
//! fetched and the database's state are for the admin (`routes/admin.rs`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use super::state::AppState;

pub async fn get(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    match state.database.ping().await {
        Ok(()) => (StatusCode::OK, Json(json!({ "status": "ok" }))),
        Err(error) => {
            tracing::warn!(%error, "health check: the database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable" })),
            )
        }
    }
}

pub async fn sources(State(state): State<AppState>) -> Json<Value> {
    let sources: Vec<_> = state.feed.health().iter().map(|h| h.public()).collect();
    Json(json!({ "sources": sources }))
}
