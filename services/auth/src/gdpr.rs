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

/// Deletes the account and everything auth keeps about it: rate-limit windows counted for
/// its address, its id or one of `other_subjects` (another crate's subject for the user,
/// such as the bot's chat id), e-mail links, recovery codes, API tokens, sessions with
/// their refresh tokens, and the user row (last, so an interrupted erasure can still find
/// the user by address and run again). Idempotent.
pub async fn erase_user(
    conn: &mut PgConnection,
    user_id: Uuid,
    other_subjects: &[String],
) -> Result<(), sqlx::Error> {
    let mut subjects = other_subjects.to_vec();
    subjects.push(user_id.to_string());
    subjects.extend(email_of(conn, user_id).await?);
    // Keys are `limit name:subject` (`rate_limit::key`): the subject is the whole suffix.
    sqlx::query(
        "DELETE FROM rate_limits r WHERE EXISTS (
             SELECT 1 FROM unnest($1::text[]) AS s(subject) WHERE right(r.key, length(s.subject) + 1) = ':' || s.subject)",
    )
    .bind(&subjects)
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
