//! HTTP for the dashboard: a link code (and its deep link), the linked chat, unlinking.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use kakeibo_core::{ApiError, AppState, AuthUser};
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::links::{self, Link};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_link_code))
        .routes(routes!(get_link, delete_link))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LinkCode {
    /// Send `/start <code>` to the bot, or open `deep_link`. Works once.
    pub code: String,
    /// 10 minutes from now.
    pub expires_at: DateTime<Utc>,
    /// `https://t.me/<bot>?start=<code>`: opens the bot with the code filled in (the
    /// dashboard shows it as a QR code).
    pub deep_link: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LinkStatus {
    pub linked: bool,
    /// The linked chat; null when none is.
    pub chat: Option<Link>,
}

fn bot_username(state: &AppState) -> Result<&str, ApiError> {
    let telegram = &state.settings.telegram;
    if !telegram.enabled() {
        return Err(ApiError::conflict(
            "telegram_not_configured",
            "this server has no Telegram bot (its operator sets telegram.bot_token)",
        ));
    }
    Ok(&telegram.bot_username)
}

/// A one-time code that links a Telegram chat to your account: valid 10 minutes, used
/// once; asking again replaces an unused code. Only its hash is stored.
#[utoipa::path(post, path = "/telegram/link-code", tag = "telegram", security(("bearer" = [])),
    responses((status = 201, body = LinkCode),
              (status = 409, description = "This server has no Telegram bot configured")))]
pub async fn create_link_code(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<(StatusCode, Json<LinkCode>), ApiError> {
    let username = bot_username(&state)?.to_owned();
    let mut tx = state.db.begin().await?;
    let (code, expires_at) = links::new_code(&mut tx, user.user_id, Utc::now()).await?;
    tx.commit().await?;
    let deep_link = format!("https://t.me/{username}?start={code}");
    Ok((
        StatusCode::CREATED,
        Json(LinkCode {
            code,
            expires_at,
            deep_link,
        }),
    ))
}

/// Whether a Telegram chat is linked to your account, and which.
#[utoipa::path(get, path = "/telegram/link", tag = "telegram", security(("bearer" = [])),
    responses((status = 200, body = LinkStatus)))]
pub async fn get_link(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<LinkStatus>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let chat = links::link_of_user(&mut conn, user.user_id).await?;
    Ok(Json(LinkStatus {
        linked: chat.is_some(),
        chat,
    }))
}

/// Unlinks your Telegram chat: it gets no alerts and answers nothing until linked again.
#[utoipa::path(delete, path = "/telegram/link", tag = "telegram", security(("bearer" = [])),
    responses((status = 204, description = "Unlinked"), (status = 404, description = "No chat is linked")))]
pub async fn delete_link(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.begin().await?;
    links::unlink_user(&mut tx, user.user_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
