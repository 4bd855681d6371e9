//! TOTP two-factor authentication (RFC 6238: SHA-1, 6 digits, 30 s steps, ±1 step of skew)
//! with ten single-use recovery codes. A code is accepted once: its time step must be newer
//! than the last one accepted.

use axum::Json;
use axum::extract::State;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use kakeibo_core::audit::{self, event};
use kakeibo_core::auth::token_hash;
use kakeibo_core::{ApiError, AppState, AuthUser, ClientInfo, FieldError, Validate, ValidatedJson};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::PgConnection;
use totp_rs::{Builder, Secret, Totp};
use uuid::Uuid;

use crate::{password, rate_limit};

pub const RECOVERY_CODES: usize = 10;

fn totp(secret: &[u8], issuer: &str, account: &str) -> Result<Totp, ApiError> {
    Builder::new()
        .with_secret(Secret::from(secret.to_vec()))
        .with_issuer(Some(issuer))
        .with_account_name(account)
        .build()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("TOTP setup: {e:?}")))
}

fn now_secs() -> u64 {
    chrono::Utc::now().timestamp().max(0) as u64
}

/// Accepts `code` if it matches the user's confirmed secret in a step newer than the last
/// accepted one, and records that step. False for a wrong, stale or replayed code.
pub async fn accept_code(
    conn: &mut PgConnection,
    user_id: Uuid,
    code: &str,
) -> Result<bool, ApiError> {
    let row: Option<(Option<Vec<u8>>, Option<i64>, String)> = sqlx::query_as(
        "SELECT totp_secret, totp_last_step, email FROM users WHERE id = $1 FOR UPDATE",
    )
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((Some(secret), last_step, email)) = row else {
        return Ok(false);
    };
    let Some(step) = matching_step(&secret, &email, code)? else {
        return Ok(false);
    };
    if last_step.is_some_and(|last| step <= last) {
        return Ok(false);
    }
    sqlx::query("UPDATE users SET totp_last_step = $2 WHERE id = $1")
        .bind(user_id)
        .bind(step)
        .execute(conn)
        .await?;
    Ok(true)
}

fn matching_step(secret: &[u8], email: &str, code: &str) -> Result<Option<i64>, ApiError> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    Ok(totp(secret, "Kakeibo", email)?
        .check(code, now_secs())
        .and_then(|step| i64::try_from(step).ok()))
}

/// Marks one unused recovery code as used; false if none matches.
pub async fn use_recovery_code(
    conn: &mut PgConnection,
    user_id: Uuid,
    code: &str,
) -> Result<bool, ApiError> {
    let normalized = normalize_recovery_code(code);
    let done = sqlx::query(
        "UPDATE recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL",
    )
    .bind(user_id)
    .bind(token_hash(&normalized))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Users type codes with or without dashes, in any case.
fn normalize_recovery_code(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase()
}

/// 16 base32 characters (80 bits), shown as `xxxx-xxxx-xxxx-xxxx`.
fn new_recovery_code() -> String {
    let raw = Secret::generate().to_base32().to_lowercase();
    let chars: Vec<char> = raw.chars().take(16).collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Enrollment {
    /// Scan this in an authenticator app…
    pub qr_png_base64: String,
    /// …or open / paste this.
    pub otpauth_url: String,
    pub secret_base32: String,
}

/// Starts enrollment: a new secret waits for a code that proves the app has it.
#[utoipa::path(post, path = "/auth/2fa/enable", tag = "2fa", security(("bearer" = [])),
    responses((status = 200, body = Enrollment), (status = 409, description = "2FA is already on")))]
pub async fn enable(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<Enrollment>, ApiError> {
    user.session_id()?;
    let (email, enabled): (String, bool) =
        sqlx::query_as("SELECT email, totp_secret IS NOT NULL FROM users WHERE id = $1")
            .bind(user.user_id)
            .fetch_one(&state.db)
            .await?;
    if enabled {
        return Err(ApiError::conflict(
            "2fa_already_enabled",
            "two-factor authentication is already on",
        ));
    }
    let secret = Secret::generate();
    let totp = totp(secret.as_bytes(), "Kakeibo", &email)?;
    sqlx::query("UPDATE users SET totp_pending_secret = $2 WHERE id = $1")
        .bind(user.user_id)
        .bind(secret.as_bytes())
        .execute(&state.db)
        .await?;
    let png = totp
        .to_qr_png()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("QR code: {e:?}")))?;
    Ok(Json(Enrollment {
        qr_png_base64: STANDARD.encode(png),
        otpauth_url: totp
            .to_url()
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("otpauth URL: {e:?}")))?,
        secret_base32: secret.to_base32(),
    }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeRequest {
    pub code: String,
}

impl Validate for CodeRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        if self.code.len() > 32 {
            return Err(vec![FieldError::new("code", "too long")]);
        }
        Ok(())
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RecoveryCodes {
    /// Shown once. Each logs in once when the authenticator is lost.
    pub recovery_codes: Vec<String>,
}

/// Turns 2FA on once a code from the new secret checks out; answers the recovery codes.
#[utoipa::path(post, path = "/auth/2fa/confirm", tag = "2fa", security(("bearer" = [])), request_body = CodeRequest,
    responses((status = 200, body = RecoveryCodes), (status = 422, description = "Wrong code or no enrollment")))]
pub async fn confirm(
    State(state): State<AppState>,
    user: AuthUser,
    client: ClientInfo,
    ValidatedJson(req): ValidatedJson<CodeRequest>,
) -> Result<Json<RecoveryCodes>, ApiError> {
    user.session_id()?;
    rate_limit::hit(
        &state.db,
        rate_limit::TWO_FACTOR_PER_ACCOUNT,
        &user.user_id.to_string(),
    )
    .await?;
    let mut tx = state.db.begin().await?;
    let (pending, email): (Option<Vec<u8>>, String) =
        sqlx::query_as("SELECT totp_pending_secret, email FROM users WHERE id = $1 FOR UPDATE")
            .bind(user.user_id)
            .fetch_one(&mut *tx)
            .await?;
    let pending =
        pending.ok_or_else(|| ApiError::invalid("code", "start with POST /auth/2fa/enable"))?;
    let step = matching_step(&pending, &email, &req.code)?.ok_or_else(|| {
        ApiError::invalid(
            "code",
            "the code does not match; check the time on your device",
        )
    })?;
    sqlx::query(
        "UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL,
                          totp_enabled_at = now(), totp_last_step = $2 WHERE id = $1",
    )
    .bind(user.user_id)
    .bind(step)
    .execute(&mut *tx)
    .await?;
    let codes = replace_recovery_codes(&mut tx, user.user_id).await?;
    audit::record(
        &mut tx,
        Some(user.user_id),
        event::TWO_FACTOR_ENABLED,
        &client,
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(RecoveryCodes {
        recovery_codes: codes,
    }))
}

async fn replace_recovery_codes(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<Vec<String>, ApiError> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| new_recovery_code()).collect();
    let hashes: Vec<Vec<u8>> = codes
        .iter()
        .map(|c| token_hash(&normalize_recovery_code(c)))
        .collect();
    sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) SELECT $1, unnest($2::bytea[])")
        .bind(user_id)
        .bind(hashes)
        .execute(conn)
        .await?;
    Ok(codes)
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisableRequest {
    pub password: String,
    pub code: String,
}

impl Validate for DisableRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.password.chars().count() > password::MAX_LENGTH {
            errors.push(FieldError::new("password", "too long"));
        }
        if self.code.len() > 32 {
            errors.push(FieldError::new("code", "too long"));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Turns 2FA off; needs the password and a current code (or a recovery code).
#[utoipa::path(post, path = "/auth/2fa/disable", tag = "2fa", security(("bearer" = [])), request_body = DisableRequest,
    responses((status = 204), (status = 401, description = "Wrong password or code")))]
pub async fn disable(
    State(state): State<AppState>,
    user: AuthUser,
    client: ClientInfo,
    ValidatedJson(req): ValidatedJson<DisableRequest>,
) -> Result<axum::http::StatusCode, ApiError> {
    user.session_id()?;
    rate_limit::hit(
        &state.db,
        rate_limit::TWO_FACTOR_PER_ACCOUNT,
        &user.user_id.to_string(),
    )
    .await?;
    let stored: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(user.user_id)
        .fetch_one(&state.db)
        .await?;
    let password_ok = password::verify(req.password, Some(stored)).await?;
    let mut tx = state.db.begin().await?;
    let code_ok = password_ok
        && (accept_code(&mut tx, user.user_id, &req.code).await?
            || use_recovery_code(&mut tx, user.user_id, &req.code).await?);
    if !code_ok {
        audit::record(
            &mut tx,
            Some(user.user_id),
            event::TWO_FACTOR_FAILED,
            &client,
            json!({ "action": "disable" }),
        )
        .await?;
        tx.commit().await?;
        return Err(ApiError::unauthorized(
            "invalid_credentials",
            "wrong password or code",
        ));
    }
    sqlx::query(
        "UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL,
                          totp_last_step = NULL WHERE id = $1",
    )
    .bind(user.user_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user.user_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        Some(user.user_id),
        event::TWO_FACTOR_DISABLED,
        &client,
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_have_80_bits_and_normalize() {
        let code = new_recovery_code();
        assert_eq!(code.len(), 19, "{code}");
        assert_eq!(
            normalize_recovery_code(&code.to_uppercase()),
            code.replace('-', "")
        );
    }

    #[test]
    fn a_code_matches_its_step_only() {
        let secret = [7u8; 20];
        let t = totp(&secret, "Kakeibo", "a@b.co").unwrap();
        let now = now_secs();
        let code = t.generate(now).to_string();
        assert_eq!(
            matching_step(&secret, "a@b.co", &code).unwrap(),
            Some((now / 30) as i64)
        );
        assert_eq!(matching_step(&secret, "a@b.co", "12345x").unwrap(), None);
    }
}
