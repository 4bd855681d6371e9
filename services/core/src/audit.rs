//! The security audit log: one row per security event, readable by its user
//! (`GET /api/v1/audit-log`), kept for `retention.audit_log_days`.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::extract::ClientInfo;

/// Events, named `area.what`. Kept in one place so the log reads consistently.
pub mod event {
    pub const REGISTERED: &str = "account.registered";
    pub const EMAIL_VERIFIED: &str = "account.email_verified";
    pub const LOGIN_SUCCEEDED: &str = "login.succeeded";
    pub const LOGIN_FAILED: &str = "login.failed";
    pub const LOGOUT: &str = "logout";
    pub const LOGOUT_EVERYWHERE: &str = "logout.everywhere";
    pub const REFRESH_TOKEN_REUSED: &str = "session.refresh_token_reused";
    pub const SESSION_REVOKED: &str = "session.revoked";
    pub const PASSWORD_CHANGED: &str = "password.changed";
    pub const PASSWORD_RESET_REQUESTED: &str = "password.reset_requested";
    pub const PASSWORD_RESET: &str = "password.reset";
    pub const TWO_FACTOR_ENABLED: &str = "2fa.enabled";
    pub const TWO_FACTOR_DISABLED: &str = "2fa.disabled";
    pub const TWO_FACTOR_FAILED: &str = "2fa.failed";
    pub const RECOVERY_CODE_USED: &str = "2fa.recovery_code_used";
    pub const TOKEN_CREATED: &str = "api_token.created";
    pub const TOKEN_REVOKED: &str = "api_token.revoked";
    pub const EXPORT: &str = "privacy.export";
    pub const IMPORT: &str = "privacy.import";
    pub const ACCOUNT_DELETED: &str = "account.deleted";
    pub const ACCOUNT_DELETION_CANCELLED: &str = "account.deletion_cancelled";
    pub const LLM_CONSENT_CHANGED: &str = "privacy.llm_consent";
}

/// Appends one event. Takes a connection so the event commits with the change it records.
pub async fn record(
    conn: &mut PgConnection,
    user_id: Option<Uuid>,
    event: &str,
    client: &ClientInfo,
    details: Value,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (user_id, event, ip, user_agent, details) VALUES ($1, $2, $3::inet, $4, $5)",
    )
    .bind(user_id)
    .bind(event)
    .bind(client.ip.map(|ip| ip.to_string()))
    .bind(client.user_agent.as_deref())
    .bind(details)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct AuditEvent {
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    pub event: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    #[schema(value_type = Object)]
    pub details: Value,
}

/// The user's events, newest first, older than the keyset position `before` when given.
pub async fn page(
    conn: &mut PgConnection,
    user_id: Uuid,
    before: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> Result<Vec<AuditEvent>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, occurred_at, event, host(ip) AS ip, user_agent, details FROM audit_log
         WHERE user_id = $1 AND ($2::timestamptz IS NULL OR (occurred_at, id) < ($2, $3))
         ORDER BY occurred_at DESC, id DESC LIMIT $4",
    )
    .bind(user_id)
    .bind(before.map(|b| b.0))
    .bind(before.map(|b| b.1))
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Drops the log's chunks (`audit_log` is a hypertable) whose whole time range is older than
/// `keep_days`, and names them. For the retention sweep; idempotent.
pub async fn drop_older_than(
    pool: &sqlx::PgPool,
    keep_days: u32,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT chunk::text FROM drop_chunks('audit_log', older_than => now() - make_interval(days => $1)) AS chunk",
    )
    .bind(i32::try_from(keep_days).unwrap_or(i32::MAX))
    .fetch_all(pool)
    .await
}

/// The irreversible stand-in for an erased user's id in the events kept after erasure:
/// HMAC-SHA-256 of the id under a server key, cut to a UUID (version 8). The same user
/// always maps to the same pseudonym (so an operator can still see that the failed logins
/// before an erasure were one account's), and without the key nobody can go back to the id
/// or test a guessed id.
pub fn pseudonym(server_key: &[u8], user_id: Uuid) -> Uuid {
    use hmac::{Hmac, Mac};
    let mut mac =
        Hmac::<sha2::Sha256>::new_from_slice(server_key).expect("HMAC takes a key of any length");
    mac.update(b"kakeibo audit pseudonym v1\0");
    mac.update(user_id.as_bytes());
    let digest = mac.finalize().into_bytes();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

/// Erasure (issue 23): the user's security events stay for their retention period, but
/// under `pseudonym(server_key, user_id)`, without the IP address and user agent, and
/// without any detail naming the user's id or `email`. Idempotent: a second run finds no
/// event under the real id. Answers how many events it rewrote.
pub async fn pseudonymize_user(
    conn: &mut PgConnection,
    user_id: Uuid,
    email: Option<&str>,
    server_key: &[u8],
) -> Result<u64, sqlx::Error> {
    // Details are small objects; a value mentioning the address or the id goes, whatever
    // its key is called (`email`, `new_email`, a nested object).
    let updated = sqlx::query(
        "UPDATE audit_log SET user_id = $2, ip = NULL, user_agent = NULL,
             details = (SELECT coalesce(jsonb_object_agg(d.key, d.value), '{}'::jsonb)
                        FROM jsonb_each(CASE WHEN jsonb_typeof(details) = 'object' THEN details ELSE '{}'::jsonb END) d
                        WHERE strpos(d.value::text, $1::text) = 0
                          AND ($3::text IS NULL OR strpos(lower(d.value::text), lower($3)) = 0))
         WHERE user_id = $1",
    )
    .bind(user_id)
    .bind(pseudonym(server_key, user_id))
    .bind(email)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(updated)
}

/// The user's security events, for the data export (issue 23).
pub async fn export_user(
    conn: &mut PgConnection,
    sink: &mut dyn crate::export::RecordSink,
    user_id: Uuid,
) -> Result<(), crate::export::ExportError> {
    crate::export::stream_rows(
        conn,
        sink,
        "audit_event",
        "SELECT (to_jsonb(a) - 'user_id')::text FROM audit_log a WHERE user_id = $1 ORDER BY occurred_at, id",
        user_id,
    )
    .await?;
    Ok(())
}
