//! kakeibo-auth — accounts and authentication: registration with e-mail verification,
//! argon2id passwords, password reset, 15-minute access tokens with rotating refresh tokens,
//! TOTP 2FA with recovery codes, personal API tokens, sessions, rate limits and the
//! user-readable audit log. Checking a request's token is `kakeibo_core::auth`'s job.
//!
//! This crate owns its tables: other services call its functions, never its SQL.

mod account;
mod api_tokens;
mod audit_log;
mod device;
pub mod email_address;
mod email_tokens;
pub mod gdpr;
pub mod llm_consent;
pub mod local_time;
mod login;
pub mod password;
pub mod profile;
pub mod rate_limit;
mod secret;
mod session;
mod sessions;
pub mod tool_users;
mod two_factor;

use kakeibo_core::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use session::{REFRESH_COOKIE, TokenResponse};

/// Every auth endpoint, relative to `/api/v1`, with its OpenAPI description.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(account::register))
        .routes(routes!(login::login))
        .routes(routes!(login::login_second_factor))
        .routes(routes!(login::refresh))
        .routes(routes!(login::logout))
        .routes(routes!(account::verify_email))
        .routes(routes!(account::resend_verification))
        .routes(routes!(account::forgot_password))
        .routes(routes!(account::reset_password))
        .routes(routes!(account::change_password))
        .routes(routes!(two_factor::enable))
        .routes(routes!(two_factor::confirm))
        .routes(routes!(two_factor::disable))
        .routes(routes!(sessions::list, sessions::revoke_all))
        .routes(routes!(sessions::revoke))
        .routes(routes!(api_tokens::list, api_tokens::create))
        .routes(routes!(api_tokens::revoke))
        .routes(routes!(account::me, account::update_me))
        .routes(routes!(audit_log::list))
        .routes(routes!(
            llm_consent::get_llm_consent,
            llm_consent::set_llm_consent
        ))
}

/// The id of the user with this e-mail address, for administrators' commands.
pub async fn user_id_by_email(
    db: &sqlx::PgPool,
    email: &str,
) -> Result<Option<uuid::Uuid>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM users WHERE email = lower($1)")
        .bind(email.trim())
        .fetch_optional(db)
        .await
}

/// Creates a verified account with `password` unless `email` exists; answers its id either
/// way. For the demo user and administrators' scripts, not for sign-ups (those verify by mail).
pub async fn ensure_verified_user(
    db: &sqlx::PgPool,
    email: &str,
    password: &str,
) -> anyhow::Result<uuid::Uuid> {
    let email = email_address::normalize(email).map_err(|e| anyhow::anyhow!("{}", e.message))?;
    if let Some(id) = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(&email)
        .fetch_optional(db)
        .await?
    {
        return Ok(id);
    }
    let hash = password::hash(password.to_string()).await?;
    Ok(sqlx::query_scalar(
        "INSERT INTO users (email, password_hash, email_verified_at, display_name) VALUES ($1, $2, now(), 'Demo')
         ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING id",
    )
    .bind(&email)
    .bind(hash)
    .fetch_one(db)
    .await?)
}
