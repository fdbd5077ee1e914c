//! `GET /healthz`: for load balancers and admins. `200` when the database answers; says
//! which kind of database it is.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use super::AppState;

pub async fn get(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let database = state.store.ping().await;
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
            "backend": state.store.backend().name(),
            "feed_items": state.feed.items,
        })),
    )
}
