//! `GET /audit-log`: the user's own security events, newest first, with keyset pagination.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use kakeibo_core::page::Page;
use kakeibo_core::{ApiError, ApiQuery, AppState, AuthUser};
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct AuditEvent {
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    pub event: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditPage {
    pub events: Vec<AuditEvent>,
    pub next_cursor: Option<String>,
}

#[utoipa::path(get, path = "/audit-log", tag = "account", security(("bearer" = [])), params(Page),
    responses((status = 200, body = AuditPage), (status = 400, description = "Bad cursor")))]
pub async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(page): ApiQuery<Page>,
) -> Result<Json<AuditPage>, ApiError> {
    let page = page.keyset()?;
    let events: Vec<AuditEvent> = sqlx::query_as(
        "SELECT id, occurred_at, event, host(ip) AS ip, user_agent, details FROM audit_log
         WHERE user_id = $1 AND ($2::timestamptz IS NULL OR (occurred_at, id) < ($2, $3))
         ORDER BY occurred_at DESC, id DESC LIMIT $4",
    )
    .bind(user.user_id)
    .bind(page.before.map(|b| b.0))
    .bind(page.before.map(|b| b.1))
    .bind(page.limit)
    .fetch_all(&state.db)
    .await?;
    let next_cursor = page.next_cursor(events.len(), events.last().map(|e| (e.occurred_at, e.id)));
    Ok(Json(AuditPage {
        events,
        next_cursor,
    }))
}
