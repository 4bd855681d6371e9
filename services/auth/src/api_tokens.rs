//! Personal API tokens for scripts and the Telegram bot: scoped (read, write), stored as a
//! SHA-256 hash, shown once, revocable.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use kakeibo_core::audit::{self, event};
use kakeibo_core::auth::{API_TOKEN_PREFIX, Scope, token_hash};
use kakeibo_core::{
    ApiError, ApiPath, AppState, AuthUser, ClientInfo, FieldError, Validate, ValidatedJson,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::secret;

const MAX_TOKENS: i64 = 50;

#[derive(Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ApiTokenInfo {
    pub id: Uuid,
    pub name: String,
    /// The token's first characters, to tell tokens apart.
    pub display_hint: String,
    pub scopes: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// The user's API tokens (names and last use; never the secret).
#[utoipa::path(get, path = "/auth/tokens", operation_id = "list_api_tokens", tag = "tokens", security(("bearer" = [])),
    responses((status = 200, body = [ApiTokenInfo])))]
pub async fn list(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<Vec<ApiTokenInfo>>, ApiError> {
    user.session_id()?;
    let tokens = sqlx::query_as(
        "SELECT id, name, display_hint, scopes, created_at, last_used_at, expires_at FROM api_tokens
         WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC",
    )
    .bind(user.user_id)
    .fetch_all(&state.db)
    .await?;
    Ok(Json(tokens))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateToken {
    pub name: String,
    /// `read`, `write`, or both. Reads are GET requests; everything else is a write.
    pub scopes: Vec<String>,
    /// Omit for a token that lasts until revoked.
    pub expires_in_days: Option<u32>,
}

impl Validate for CreateToken {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            errors.push(FieldError::new("name", "use 1 to 100 printable characters"));
        }
        if self.scopes.is_empty() || self.scopes.len() > 2 {
            errors.push(FieldError::new("scopes", "choose read, write or both"));
        }
        for (i, scope) in self.scopes.iter().enumerate() {
            if Scope::parse(scope).is_none() {
                errors.push(FieldError::new(
                    format!("scopes[{i}]"),
                    "must be read or write",
                ));
            }
        }
        if self.expires_in_days.is_some_and(|d| d == 0 || d > 3650) {
            errors.push(FieldError::new("expires_in_days", "between 1 and 3650"));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedToken {
    #[serde(flatten)]
    pub info: ApiTokenInfo,
    /// The token itself. Shown this once; only its hash is kept.
    pub token: String,
}

/// Creates a token (needs a verified e-mail address and a login session).
#[utoipa::path(post, path = "/auth/tokens", tag = "tokens", security(("bearer" = [])), request_body = CreateToken,
    responses((status = 201, body = CreatedToken), (status = 403, description = "E-mail not verified, or called with an API token")))]
pub async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    client: ClientInfo,
    ValidatedJson(req): ValidatedJson<CreateToken>,
) -> Result<(StatusCode, Json<CreatedToken>), ApiError> {
    user.session_id()?;
    user.require_verified_email()?;
    let mut scopes: Vec<String> = req
        .scopes
        .iter()
        .filter_map(|s| Scope::parse(s))
        .map(|s| s.as_str().to_string())
        .collect();
    scopes.sort();
    scopes.dedup();
    let token = format!("{API_TOKEN_PREFIX}{}", secret::random_token(32));
    let display_hint = token
        .chars()
        .take(API_TOKEN_PREFIX.len() + 6)
        .collect::<String>();
    let expires_at = req
        .expires_in_days
        .map(|d| Utc::now() + Duration::days(i64::from(d)));

    let mut tx = state.db.begin().await?;
    let active: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL",
    )
    .bind(user.user_id)
    .fetch_one(&mut *tx)
    .await?;
    if active >= MAX_TOKENS {
        return Err(ApiError::conflict(
            "too_many_tokens",
            format!("revoke a token first (at most {MAX_TOKENS})"),
        ));
    }
    let info: ApiTokenInfo = sqlx::query_as(
        "INSERT INTO api_tokens (user_id, name, token_hash, display_hint, scopes, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, name, display_hint, scopes, created_at, last_used_at, expires_at",
    )
    .bind(user.user_id)
    .bind(req.name.trim())
    .bind(token_hash(&token))
    .bind(&display_hint)
    .bind(&scopes)
    .bind(expires_at)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(user.user_id),
        event::TOKEN_CREATED,
        &client,
        json!({ "token_id": info.id, "scopes": scopes }),
    )
    .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(CreatedToken { info, token })))
}

/// Revokes an API token.
#[utoipa::path(delete, path = "/auth/tokens/{id}", operation_id = "revoke_api_token", tag = "tokens", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The API token's id")), responses((status = 204), (status = 404)))]
pub async fn revoke(
    State(state): State<AppState>,
    user: AuthUser,
    client: ClientInfo,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    user.session_id()?;
    let mut tx = state.db.begin().await?;
    let done = sqlx::query("UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL")
        .bind(id)
        .bind(user.user_id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(ApiError::NotFound);
    }
    audit::record(
        &mut tx,
        Some(user.user_id),
        event::TOKEN_REVOKED,
        &client,
        json!({ "token_id": id }),
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
