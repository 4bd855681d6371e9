//! The user's login sessions: list them, end one, or end them all ("log out everywhere").

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use kakeibo_core::audit::{self, event};
use kakeibo_core::{ApiError, ApiPath, AppState, AuthUser, ClientInfo};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::session;

#[derive(Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct SessionInfo {
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
    pub last_used_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// The session this request was made with.
    pub current: bool,
}

/// Active sessions, newest first.
#[utoipa::path(get, path = "/auth/sessions", operation_id = "list_sessions", tag = "sessions", security(("bearer" = [])),
    responses((status = 200, body = [SessionInfo])))]
pub async fn list(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<Vec<SessionInfo>>, ApiError> {
    let current = user.session_id()?;
    let sessions = sqlx::query_as(
        "SELECT id, created_at, last_used_at, expires_at, host(ip) AS ip, user_agent, id = $2 AS current
         FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now()
         ORDER BY created_at DESC LIMIT 200",
    )
    .bind(user.user_id)
    .bind(current)
    .fetch_all(&state.db)
    .await?;
    Ok(Json(sessions))
}

/// Ends one session (404 if it is not one of yours).
#[utoipa::path(delete, path = "/auth/sessions/{id}", operation_id = "revoke_session", tag = "sessions", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The session's id")), responses((status = 204), (status = 404)))]
pub async fn revoke(
    State(state): State<AppState>,
    user: AuthUser,
    client: ClientInfo,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    user.session_id()?;
    let mut tx = state.db.begin().await?;
    if !session::revoke(&mut tx, user.user_id, id, "revoked by user").await? {
        return Err(ApiError::NotFound);
    }
    audit::record(
        &mut tx,
        Some(user.user_id),
        event::SESSION_REVOKED,
        &client,
        json!({ "session_id": id }),
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Logs out everywhere, this session included.
#[utoipa::path(delete, path = "/auth/sessions", tag = "sessions", security(("bearer" = [])),
    responses((status = 204)))]
pub async fn revoke_all(
    State(state): State<AppState>,
    user: AuthUser,
    client: ClientInfo,
) -> Result<StatusCode, ApiError> {
    user.session_id()?;
    let mut tx = state.db.begin().await?;
    let ended = session::revoke_all(&mut tx, user.user_id, None, "logout everywhere").await?;
    audit::record(
        &mut tx,
        Some(user.user_id),
        event::LOGOUT_EVERYWHERE,
        &client,
        json!({ "sessions": ended }),
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
