//! `GET /audit-log`: the user's own security events, newest first, with keyset pagination.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, SecondsFormat, Utc};
use kakeibo_core::{ApiError, ApiQuery, AppState, AuthUser};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct Page {
    /// `next_cursor` of the previous page.
    pub before: Option<String>,
    /// 1 to 200; 50 by default.
    pub limit: Option<i64>,
}

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

fn parse_cursor(cursor: &str) -> Option<(DateTime<Utc>, Uuid)> {
    let (time, id) = cursor.split_once('_')?;
    Some((
        DateTime::parse_from_rfc3339(time).ok()?.with_timezone(&Utc),
        id.parse().ok()?,
    ))
}

#[utoipa::path(get, path = "/audit-log", tag = "account", security(("bearer" = [])), params(Page),
    responses((status = 200, body = AuditPage), (status = 400, description = "Bad cursor")))]
pub async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(page): ApiQuery<Page>,
) -> Result<Json<AuditPage>, ApiError> {
    let limit = page.limit.unwrap_or(50).clamp(1, 200);
    let before = match page.before.as_deref() {
        Some(c) => Some(parse_cursor(c).ok_or_else(|| {
            ApiError::bad_request("invalid_cursor", "`before` is not a cursor from this list")
        })?),
        None => None,
    };
    let events: Vec<AuditEvent> = sqlx::query_as(
        "SELECT id, occurred_at, event, host(ip) AS ip, user_agent, details FROM audit_log
         WHERE user_id = $1 AND ($2::timestamptz IS NULL OR (occurred_at, id) < ($2, $3))
         ORDER BY occurred_at DESC, id DESC LIMIT $4",
    )
    .bind(user.user_id)
    .bind(before.map(|b| b.0))
    .bind(before.map(|b| b.1))
    .bind(limit)
    .fetch_all(&state.db)
    .await?;
    let next_cursor = (events.len() as i64 == limit)
        .then(|| {
            events
                .last()
                // `Z`, not `+00:00`: a cursor pasted into a URL unencoded must survive.
                .map(|e| {
                    format!(
                        "{}_{}",
                        e.occurred_at.to_rfc3339_opts(SecondsFormat::Micros, true),
                        e.id
                    )
                })
        })
        .flatten();
    Ok(Json(AuditPage {
        events,
        next_cursor,
    }))
}
