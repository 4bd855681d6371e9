//! The user's transactions, splits, rules and categories for erasure (issue 23).

use sqlx::PgConnection;
use uuid::Uuid;

/// The merchant keys (SHA-256 of the normalized merchant text) of the user's transactions,
/// deleted ones included, that no other user's transaction has: the texts only this user
/// brought into the shared caches (the categorizer's `text_embeddings`).
pub async fn merchant_keys_only_of(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<Vec<Vec<u8>>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT t.merchant_key FROM transactions t
         WHERE t.user_id = $1 AND t.merchant_key IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM transactions o
                           WHERE o.merchant_key = t.merchant_key AND o.user_id <> $1)",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// Deletes the user's transactions (with their splits, notes and tags), rules and
/// categories. Idempotent.
pub async fn erase_user(conn: &mut PgConnection, user_id: Uuid) -> Result<(), sqlx::Error> {
    for sql in [
        "DELETE FROM transaction_splits WHERE user_id = $1",
        "DELETE FROM transactions WHERE user_id = $1",
        "DELETE FROM rules WHERE user_id = $1",
        "DELETE FROM categories WHERE user_id = $1",
    ] {
        sqlx::query(sql).bind(user_id).execute(&mut *conn).await?;
    }
    Ok(())
}
