//! Delivery history: the user's e-mail and Telegram rows with their state, so a bounce, a
//! server that kept refusing, or a suppressed send is visible (the feed shows in-app rows only).

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use kakeibo_core::page::Page;
use kakeibo_core::{ApiError, ApiQuery, AppState, AuthUser};
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct DeliveryRecord {
    pub id: Uuid,
    pub kind: String,
    /// `email` or `telegram`.
    pub channel: String,
    /// `pending` (waiting, or retrying after `last_error`), `sending`, `sent`, `suppressed`
    /// or `failed`.
    pub status: String,
    pub attempts: i32,
    /// Why the last attempt did not send (the mail server's answer, say).
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// When the next attempt is due, for a pending row.
    pub deliver_after: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DeliveryPage {
    pub deliveries: Vec<DeliveryRecord>,
    pub next_cursor: Option<String>,
}

/// Your e-mail and Telegram deliveries, newest first, with their status and last error.
#[utoipa::path(get, path = "/notifications/deliveries", tag = "notifications",
    security(("bearer" = [])), params(Page),
    responses((status = 200, body = DeliveryPage), (status = 400)))]
pub async fn list_deliveries(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(page): ApiQuery<Page>,
) -> Result<Json<DeliveryPage>, ApiError> {
    let keyset = page.keyset()?;
    let (before_time, before_id) = keyset.before.unzip();
    let deliveries: Vec<DeliveryRecord> = sqlx::query_as(
        "SELECT id, kind, channel, status, attempts, last_error, created_at, sent_at, deliver_after
         FROM notifications
         WHERE user_id = $1 AND channel <> 'in_app'
           AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3))
         ORDER BY created_at DESC, id DESC
         LIMIT $4",
    )
    .bind(user.user_id)
    .bind(before_time)
    .bind(before_id)
    .bind(keyset.limit)
    .fetch_all(&state.db)
    .await?;
    let next_cursor = keyset.next_cursor(
        deliveries.len(),
        deliveries.last().map(|d| (d.created_at, d.id)),
    );
    Ok(Json(DeliveryPage {
        deliveries,
        next_cursor,
    }))
}
