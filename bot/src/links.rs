//! Linking a chat to a user: one-time codes (only their SHA-256 stored), the link itself,
//! and the reads every other part of the bot starts from (which user is this chat).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::PgConnection;
use uuid::Uuid;

/// How long a link code works.
pub const CODE_TTL: Duration = Duration::minutes(10);

/// A chat linked to a user, as the dashboard shows it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Link {
    pub chat_id: i64,
    /// The private chat's name at linking.
    pub chat_title: Option<String>,
    /// Its @username at linking, without the @.
    pub chat_username: Option<String>,
    pub linked_at: DateTime<Utc>,
}

/// Why a code did not link the chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeRefused {
    /// No code like it was ever given.
    Unknown,
    Expired,
    Used,
}

fn hash(code: &str) -> Vec<u8> {
    Sha256::digest(code.trim().as_bytes()).to_vec()
}

/// A new code for `user_id`, valid until the returned time; the user's unused codes stop
/// working. 128 random bits, URL-safe: it fits a `/start` deep link (64 characters of
/// `A-Za-z0-9_-` at most).
pub async fn new_code(
    conn: &mut PgConnection,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(String, DateTime<Utc>), sqlx::Error> {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    let code = URL_SAFE_NO_PAD.encode(bytes);
    let expires_at = now + CODE_TTL;
    sqlx::query("DELETE FROM telegram_link_codes WHERE user_id = $1 AND used_at IS NULL")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO telegram_link_codes (code_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(hash(&code))
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *conn)
    .await?;
    Ok((code, expires_at))
}

/// Spends `code` and links `chat_id` to its user (replacing the user's earlier chat, and
/// unlinking whoever had this chat). Run it in a transaction: the code is used exactly when
/// the link is made.
pub async fn redeem(
    conn: &mut PgConnection,
    code: &str,
    chat_id: i64,
    chat_title: Option<&str>,
    chat_username: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Result<Uuid, CodeRefused>, sqlx::Error> {
    let row: Option<(Uuid, DateTime<Utc>, Option<DateTime<Utc>>)> = sqlx::query_as(
        "SELECT user_id, expires_at, used_at FROM telegram_link_codes WHERE code_hash = $1 FOR UPDATE",
    )
    .bind(hash(code))
    .fetch_optional(&mut *conn)
    .await?;
    let user_id = match row {
        None => return Ok(Err(CodeRefused::Unknown)),
        Some((_, _, Some(_))) => return Ok(Err(CodeRefused::Used)),
        Some((_, expires_at, None)) if expires_at <= now => {
            return Ok(Err(CodeRefused::Expired));
        }
        Some((user_id, _, None)) => user_id,
    };
    sqlx::query("UPDATE telegram_link_codes SET used_at = $2 WHERE code_hash = $1")
        .bind(hash(code))
        .bind(now)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM telegram_links WHERE chat_id = $1 OR user_id = $2")
        .bind(chat_id)
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO telegram_links (user_id, chat_id, chat_title, chat_username, linked_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user_id)
    .bind(chat_id)
    .bind(chat_title)
    .bind(chat_username)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    forget_chat_state(conn, chat_id).await?;
    Ok(Ok(user_id))
}

/// The user this chat is linked to.
pub async fn user_of_chat(
    conn: &mut PgConnection,
    chat_id: i64,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar("SELECT user_id FROM telegram_links WHERE chat_id = $1")
        .bind(chat_id)
        .fetch_optional(conn)
        .await
}

/// The user's linked chat.
pub async fn link_of_user(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<Option<Link>, sqlx::Error> {
    sqlx::query_as(
        "SELECT chat_id, chat_title, chat_username, linked_at FROM telegram_links WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await
}

/// Unlinks the user's chat; answers the chat that was linked.
pub async fn unlink_user(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<Option<i64>, sqlx::Error> {
    let chat: Option<i64> =
        sqlx::query_scalar("DELETE FROM telegram_links WHERE user_id = $1 RETURNING chat_id")
            .bind(user_id)
            .fetch_optional(&mut *conn)
            .await?;
    if let Some(chat_id) = chat {
        forget_chat_state(conn, chat_id).await?;
    }
    Ok(chat)
}

/// Buttons and the conversation of a chat belong to the link they were made under.
async fn forget_chat_state(conn: &mut PgConnection, chat_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM telegram_callbacks WHERE chat_id = $1")
        .bind(chat_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM telegram_conversations WHERE chat_id = $1")
        .bind(chat_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The user's linked chat and its conversation pointer, for the data export (issue 23).
/// Link codes (hashes) and button ids (short-lived) stay out.
pub async fn export_user(
    conn: &mut PgConnection,
    sink: &mut dyn kakeibo_core::export::RecordSink,
    user_id: Uuid,
) -> Result<(), kakeibo_core::export::ExportError> {
    kakeibo_core::export::stream_tables(
        conn,
        sink,
        user_id,
        &[
            (
                "telegram_link",
                "SELECT (to_jsonb(l) - 'user_id')::text FROM telegram_links l WHERE user_id = $1",
            ),
            (
                "telegram_conversation",
                "SELECT (to_jsonb(c) - 'user_id')::text FROM telegram_conversations c WHERE user_id = $1 ORDER BY chat_id",
            ),
        ],
    )
    .await
}

/// Erases what the bot keeps about a user (codes, link, buttons, conversation pointers).
pub async fn erase_user(conn: &mut PgConnection, user_id: Uuid) -> Result<(), sqlx::Error> {
    for table in [
        "DELETE FROM telegram_callbacks WHERE user_id = $1",
        "DELETE FROM telegram_conversations WHERE user_id = $1",
        "DELETE FROM telegram_links WHERE user_id = $1",
        "DELETE FROM telegram_link_codes WHERE user_id = $1",
    ] {
        sqlx::query(table).bind(user_id).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Drops codes that expired a day before `now` (used or not: a used code's link is the
/// link row); answers how many.
pub async fn prune_codes(conn: &mut PgConnection, now: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM telegram_link_codes WHERE expires_at < $1")
            .bind(now - Duration::days(1))
            .execute(conn)
            .await?
            .rows_affected(),
    )
}
