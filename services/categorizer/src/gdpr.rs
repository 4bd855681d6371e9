//! The user's learned examples and the cached embeddings of texts only they had, for
//! erasure (issue 23).

use sqlx::PgConnection;
use uuid::Uuid;

/// Deletes the user's corrections (`user_examples`) and the cached embeddings of
/// `merchant_keys`: the texts no other user has (`kakeibo_transactions::gdpr::
/// merchant_keys_only_of`, asked before the transactions go). Texts other users share stay
/// in the shared cache: nothing in them is this user's alone. Idempotent.
pub async fn erase_user(
    conn: &mut PgConnection,
    user_id: Uuid,
    merchant_keys: &[Vec<u8>],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM user_examples WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM text_embeddings WHERE text_hash = ANY($1)")
        .bind(merchant_keys)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
