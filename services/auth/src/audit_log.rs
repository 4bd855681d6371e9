//! `GET /audit-log`: the user's own security events, newest first, with keyset pagination.

use axum::Json;
use axum::extract::State;
use kakeibo_core::audit::{self, AuditEvent};
use kakeibo_core::page::Page;
use kakeibo_core::{ApiError, ApiQuery, AppState, AuthUser};
use serde::Serialize;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditPage {
    pub events: Vec<AuditEvent>,
    pub next_cursor: Option<String>,
}

/// The account's security events (logins, 2FA, tokens), newest first.
#[utoipa::path(get, path = "/audit-log", operation_id = "list_audit_log", tag = "account", security(("bearer" = [])), params(Page),
    responses((status = 200, body = AuditPage), (status = 400, description = "Bad cursor")))]
pub async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(page): ApiQuery<Page>,
) -> Result<Json<AuditPage>, ApiError> {
    let page = page.keyset()?;
    let mut conn = state.db.acquire().await?;
    let events = audit::page(&mut conn, user.user_id, page.before, page.limit).await?;
    let next_cursor = page.next_cursor(events.len(), events.last().map(|e| (e.occurred_at, e.id)));
    Ok(Json(AuditPage {
        events,
        next_cursor,
    }))
}
