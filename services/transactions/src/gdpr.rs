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

/// The user's categories (parents first), rules, transactions (deleted ones included, with
/// their notes, tags and where each category came from) and split parts, for the data
/// export (issue 23). The merchant key is left out: a hash of the merchant text, recomputed.
pub async fn export_user(
    conn: &mut PgConnection,
    sink: &mut dyn kakeibo_core::export::RecordSink,
    user_id: Uuid,
) -> Result<(), kakeibo_core::export::ExportError> {
    use kakeibo_core::export::{TableRows, stream_table, stream_tables};
    stream_tables(
        conn,
        sink,
        user_id,
        &[
            (
                "category",
                "SELECT (to_jsonb(c) - 'user_id')::text FROM categories c WHERE user_id = $1
                 ORDER BY parent_id IS NOT NULL, position, id",
            ),
            (
                "rule",
                "SELECT (to_jsonb(r) - 'user_id')::text FROM rules r WHERE user_id = $1 ORDER BY position, id",
            ),
        ],
    )
    .await?;
    let transactions = TableRows {
        table: "transactions",
        omit: &["user_id", "merchant_key"],
        as_text: &["amount"],
        filter: "WHERE t.user_id = $1 ORDER BY t.booked_at, t.id",
    };
    stream_table(conn, sink, "transaction", &transactions, user_id).await?;
    let splits = TableRows {
        table: "transaction_splits",
        omit: &["user_id"],
        as_text: &["amount"],
        filter: "WHERE t.user_id = $1 ORDER BY t.booked_at, t.transaction_id, t.position",
    };
    stream_table(conn, sink, "split", &splits, user_id).await?;
    Ok(())
}

/// Deletes the categories a new account was seeded with, before an import brings the
/// user's own (portability, issue 23).
pub async fn clear_seeded_categories(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM categories WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether the user's categories are still exactly the ones they were given (none added,
/// renamed, moved, archived or deleted): such an account holds no categories of its own, and
/// an import may replace them (issue 23).
pub async fn categories_as_seeded(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT count(*) = (SELECT count(*) FROM default_categories)
                AND coalesce(bool_and(default_slug IS NOT NULL AND archived_at IS NULL AND updated_at = created_at), true)
         FROM categories WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_one(conn)
    .await
}

/// Imports one record of an export if its type is this crate's; answers whether it was.
pub async fn import_record(
    conn: &mut PgConnection,
    kind: &str,
    record: &serde_json::Value,
) -> Result<bool, sqlx::Error> {
    let sql = match kind {
        "category" => {
            "INSERT INTO categories SELECT * FROM jsonb_populate_record(NULL::categories, $1)"
        }
        "rule" => "INSERT INTO rules SELECT * FROM jsonb_populate_record(NULL::rules, $1)",
        "transaction" => {
            "INSERT INTO transactions SELECT * FROM jsonb_populate_record(NULL::transactions, $1)"
        }
        "split" => {
            "INSERT INTO transaction_splits SELECT * FROM jsonb_populate_record(NULL::transaction_splits, $1)"
        }
        _ => return Ok(false),
    };
    kakeibo_core::export::insert_record(conn, sql, record).await?;
    Ok(true)
}
