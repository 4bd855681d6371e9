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

/// The user's corrections (the examples their edits taught), for the data export (issue
/// 23): the text and the category; not the embedding, which any Kakeibo recomputes.
pub async fn export_user(
    conn: &mut PgConnection,
    sink: &mut dyn kakeibo_core::export::RecordSink,
    user_id: Uuid,
) -> Result<(), kakeibo_core::export::ExportError> {
    kakeibo_core::export::stream_rows(
        conn,
        sink,
        "correction",
        "SELECT jsonb_build_object('model', model, 'text', text, 'category_id', category_id,
                                   'created_at', created_at)::text
         FROM user_examples WHERE user_id = $1 ORDER BY created_at, text",
        user_id,
    )
    .await?;
    Ok(())
}
