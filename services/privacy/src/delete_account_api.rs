//! `POST /privacy/delete-account`: the owner deletes their account. It is deactivated at
//! once (sessions, refresh and API tokens revoked, the Telegram chat unlinked) and erased
//! after `privacy.erasure_grace_days` by the retention sweep; logging in meanwhile cancels.
//! With a grace period of 0 it is erased before the answer.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use kakeibo_core::{ApiError, AppState, AuthUser, ClientInfo, FieldError, Validate, ValidatedJson};
use serde::{Deserialize, Serialize};

use crate::erase::{Eraser, erase_user};

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeleteAccountRequest {
    pub password: String,
    /// A current 2FA code or a recovery code; needed when 2FA is on.
    #[serde(default)]
    pub code: Option<String>,
}

impl Validate for DeleteAccountRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.password.chars().count() > kakeibo_auth::password::MAX_LENGTH {
            errors.push(FieldError::new("password", "too long"));
        }
        if self.code.as_ref().is_some_and(|c| c.len() > 32) {
            errors.push(FieldError::new("code", "too long"));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DeletionScheduled {
    /// When the account's data is erased, unless the owner logs in before.
    pub erase_after: DateTime<Utc>,
    /// Already erased (a grace period of 0 days).
    pub erased: bool,
}

/// Deletes the signed-in user's account after the grace period; needs the password, and a
/// 2FA code when 2FA is on.
#[utoipa::path(post, path = "/privacy/delete-account", tag = "privacy", security(("bearer" = [])),
    request_body = DeleteAccountRequest,
    responses((status = 202, body = DeletionScheduled),
        (status = 401, description = "Wrong password or code"),
        (status = 403, description = "An API token, not a login session"),
        (status = 422, description = "2FA is on and no code was given"),
        (status = 429, description = "Too many attempts")))]
pub async fn delete_account(
    State(state): State<AppState>,
    user: AuthUser,
    client: ClientInfo,
    ValidatedJson(req): ValidatedJson<DeleteAccountRequest>,
) -> Result<(StatusCode, Json<DeletionScheduled>), ApiError> {
    user.session_id()?;
    kakeibo_auth::gdpr::confirm_owner(
        &state.db,
        user.user_id,
        req.password,
        req.code.as_deref(),
        &client,
    )
    .await?;
    let grace_days = state.settings.privacy.erasure_grace_days;
    let erase_after = Utc::now() + Duration::days(i64::from(grace_days));
    let mut tx = state.db.begin().await?;
    kakeibo_auth::gdpr::request_deletion(&mut tx, user.user_id, erase_after, &client).await?;
    kakeibo_bot::links::unlink_user(&mut tx, user.user_id).await?;
    tx.commit().await?;
    tracing::info!(user = %kakeibo_core::telemetry::user_hash(user.user_id), %erase_after, "account deletion requested");

    let erased = grace_days == 0;
    if erased {
        let eraser = Eraser::from_settings(&state.settings, state.db.clone())
            .map_err(|e| ApiError::Internal(e.into()))?;
        erase_user(&eraser, user.user_id, None)
            .await
            .map_err(|e| ApiError::Internal(e.into()))?;
    }
    Ok((
        StatusCode::ACCEPTED,
        Json(DeletionScheduled {
            erase_after,
            erased,
        }),
    ))
}
