//! Single-use links sent by e-mail: address verification and password reset.

use chrono::{Duration, Utc};
use kakeibo_core::auth::token_hash;
use kakeibo_core::mail::OutgoingMail;
use kakeibo_core::{ApiError, AppState};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::secret;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    ResetPassword,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::ResetPassword => "reset_password",
        }
    }

    fn ttl(self, state: &AppState) -> Duration {
        match self {
            Self::VerifyEmail => {
                Duration::hours(i64::from(state.settings.auth.email_token_ttl_hours))
            }
            Self::ResetPassword => {
                Duration::minutes(i64::from(state.settings.auth.password_reset_ttl_minutes))
            }
        }
    }
}

/// Creates a token (earlier unused ones of the same purpose stop working) and returns it.
pub async fn issue(
    conn: &mut PgConnection,
    state: &AppState,
    user_id: Uuid,
    email: &str,
    purpose: Purpose,
) -> Result<String, ApiError> {
    sqlx::query("UPDATE email_tokens SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL")
        .bind(user_id)
        .bind(purpose.as_str())
        .execute(&mut *conn)
        .await?;
    let token = secret::random_token(32);
    sqlx::query(
        "INSERT INTO email_tokens (user_id, purpose, token_hash, email, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user_id)
    .bind(purpose.as_str())
    .bind(token_hash(&token))
    .bind(email)
    .bind(Utc::now() + purpose.ttl(state))
    .execute(conn)
    .await?;
    Ok(token)
}

/// Uses a token once. `None` when it is unknown, used, expired, or for an address the
/// account no longer has.
pub async fn consume(
    conn: &mut PgConnection,
    token: &str,
    purpose: Purpose,
) -> Result<Option<(Uuid, String)>, ApiError> {
    let row: Option<(Uuid, String)> = sqlx::query_as(
        "UPDATE email_tokens t SET used_at = now()
         FROM users u
         WHERE t.token_hash = $1 AND t.purpose = $2 AND t.used_at IS NULL AND t.expires_at > now()
           AND u.id = t.user_id AND u.email = t.email
         RETURNING t.user_id, t.email",
    )
    .bind(token_hash(token))
    .bind(purpose.as_str())
    .fetch_optional(conn)
    .await?;
    Ok(row)
}

pub fn verification_mail(state: &AppState, email: &str, token: &str) -> OutgoingMail {
    let link = format!(
        "{}/verify-email?token={token}",
        state.settings.server.public_url.trim_end_matches('/')
    );
    OutgoingMail {
        to: email.to_string(),
        subject: "Confirm your e-mail address for Kakeibo".into(),
        text: format!(
            "Welcome to Kakeibo.\n\nConfirm that this is your address by opening this link:\n\n{link}\n\n\
             The link works once and expires in {} hours. If you did not sign up, ignore this message.\n",
            state.settings.auth.email_token_ttl_hours
        ),
        ..OutgoingMail::default()
    }
}

pub fn reset_mail(state: &AppState, email: &str, token: &str) -> OutgoingMail {
    let link = format!(
        "{}/reset-password?token={token}",
        state.settings.server.public_url.trim_end_matches('/')
    );
    OutgoingMail {
        to: email.to_string(),
        subject: "Reset your Kakeibo password".into(),
        text: format!(
            "Someone asked to reset the password of your Kakeibo account.\n\nChoose a new password here:\n\n{link}\n\n\
             The link works once and expires in {} minutes. If it was not you, ignore this message: \
             your password stays as it is.\n",
            state.settings.auth.password_reset_ttl_minutes
        ),
        ..OutgoingMail::default()
    }
}

/// Queues the message (after the transaction committed: the link must work when it arrives).
pub async fn send(state: &AppState, mail: OutgoingMail) -> Result<(), ApiError> {
    kakeibo_core::mail::enqueue(&state.db, mail)
        .await
        .map_err(ApiError::Internal)
}
