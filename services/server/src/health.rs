//! Liveness and readiness. `/health` says the process answers; `/ready` says it can serve,
//! which needs the database.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kakeibo_core::{AppState, db};
use serde_json::{Value, json};

const READY_TIMEOUT: Duration = Duration::from_secs(2);

pub async fn health() -> Json<Value> {
    Json(json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

pub async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let database = match tokio::time::timeout(READY_TIMEOUT, db::ping(&state.db)).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: database query failed");
            Err("unreachable")
        }
        Err(_) => Err("timed out"),
    };
    match database {
        Ok(()) => (
            StatusCode::OK,
            Json(json!({
                "status": "ready",
                "checks": { "database": "ok" },
                "timescaledb_license": state.timescale_license,
            })),
        ),
        Err(why) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "unavailable", "checks": { "database": why } })),
        ),
    }
}
