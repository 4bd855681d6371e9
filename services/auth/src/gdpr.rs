//! The user's account data for erasure (issue 23): what `kakeibo-privacy` calls, last of
//! all owners, since every other table's rows hang off the user.

use sqlx::PgConnection;
use uuid::Uuid;

/// The user's e-mail address, while the account exists.
pub async fn email_of(conn: &mut PgConnection, user_id: Uuid) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(conn)
        .await
}

/// Deletes the account and everything auth keeps about it: rate-limit windows naming its
/// address or id, e-mail links, recovery codes, API tokens, sessions with their refresh
/// tokens, and the user row (last, so an interrupted erasure can still find the user by
/// address and run again). Idempotent.
pub async fn erase_user(conn: &mut PgConnection, user_id: Uuid) -> Result<(), sqlx::Error> {
    let mut needles = vec![user_id.to_string()];
    if let Some(email) = email_of(conn, user_id).await? {
        needles.push(email.to_lowercase());
    }
    sqlx::query(
        "DELETE FROM rate_limits r WHERE EXISTS (
             SELECT 1 FROM unnest($1::text[]) AS n(needle) WHERE strpos(lower(r.key), n.needle) > 0)",
    )
    .bind(&needles)
    .execute(&mut *conn)
    .await?;
    for sql in [
        "DELETE FROM email_tokens WHERE user_id = $1",
        "DELETE FROM recovery_codes WHERE user_id = $1",
        "DELETE FROM api_tokens WHERE user_id = $1",
        "DELETE FROM refresh_tokens WHERE user_id = $1",
        "DELETE FROM sessions WHERE user_id = $1",
        "DELETE FROM users WHERE id = $1",
    ] {
        sqlx::query(sql).bind(user_id).execute(&mut *conn).await?;
    }
    Ok(())
}
