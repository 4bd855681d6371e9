//! What a bank provider's sync changes in rows it sent before (bank-sync's `sync`): rows it
//! modified, rows it says no longer exist, and pending holds a snapshot no longer shows.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::PgConnection;
use uuid::Uuid;

/// A row the provider sent before, as it states it now.
#[derive(Debug, Clone, Copy)]
pub struct ProviderChange<'a> {
    pub account_id: Uuid,
    pub provider_transaction_id: &'a str,
    pub booked_at: DateTime<Utc>,
    pub amount: Decimal,
    pub payee: &'a str,
    pub description: &'a str,
    pub pending: bool,
}

/// Takes the provider's amount, text, date and state for its row. The user's own fields
/// (category, notes, tags, merchant) are other columns and stay. Answers the rows changed.
pub async fn apply_change(
    conn: &mut PgConnection,
    user_id: Uuid,
    change: &ProviderChange<'_>,
) -> Result<u64, sqlx::Error> {
    // A corrected date may lie in another chunk of the hypertable: move first.
    let ids: Vec<Uuid> = sqlx::query_scalar(
        "SELECT id FROM transactions
         WHERE user_id = $1 AND account_id = $2 AND provider_transaction_id = $3",
    )
    .bind(user_id)
    .bind(change.account_id)
    .bind(change.provider_transaction_id)
    .fetch_all(&mut *conn)
    .await?;
    let moves: Vec<(Uuid, DateTime<Utc>)> = ids.iter().map(|id| (*id, change.booked_at)).collect();
    crate::rebook::rebook(&mut *conn, user_id, &moves).await?;
    Ok(sqlx::query(
        "UPDATE transactions
         SET amount = $3, payee = $4, description = $5,
             status = CASE WHEN $6 THEN 'pending' ELSE 'posted' END
         WHERE user_id = $1 AND id = ANY($2)",
    )
    .bind(user_id)
    .bind(&ids)
    .bind(change.amount)
    .bind(change.payee)
    .bind(change.description)
    .bind(change.pending)
    .execute(&mut *conn)
    .await?
    .rows_affected())
}

/// Deletes the rows of `accounts` with these provider ids (the provider says they no longer
/// exist). Answers how many went.
pub async fn delete_by_provider_ids(
    conn: &mut PgConnection,
    user_id: Uuid,
    accounts: &[Uuid],
    provider_ids: &[String],
) -> Result<usize, sqlx::Error> {
    let ids: Vec<Uuid> = sqlx::query_scalar(
        "SELECT id FROM transactions
         WHERE user_id = $1 AND account_id = ANY($2) AND provider_transaction_id = ANY($3)",
    )
    .bind(user_id)
    .bind(accounts)
    .bind(provider_ids)
    .fetch_all(&mut *conn)
    .await?;
    delete_unlinking(conn, user_id, &ids).await
}

/// Deletes the live pending rows of `accounts` booked from `from` on, except the rows in
/// `kept` and the rows of `imports` (what this sync wrote or recognised): the bank cancelled
/// those holds. Posted rows are never touched here. Answers how many went.
pub async fn delete_vanished_pending(
    conn: &mut PgConnection,
    user_id: Uuid,
    accounts: &[Uuid],
    from: DateTime<Utc>,
    kept: &[Uuid],
    imports: &[Uuid],
) -> Result<usize, sqlx::Error> {
    let ids: Vec<Uuid> = sqlx::query_scalar(
        "SELECT id FROM transactions
         WHERE user_id = $1 AND account_id = ANY($2) AND status = 'pending' AND booked_at >= $3
           AND deleted_at IS NULL AND id <> ALL($4) AND (import_id IS NULL OR import_id <> ALL($5))",
    )
    .bind(user_id)
    .bind(accounts)
    .bind(from)
    .bind(kept)
    .bind(imports)
    .fetch_all(&mut *conn)
    .await?;
    delete_unlinking(conn, user_id, &ids).await
}

/// Deletes rows outright (they were never the user's record); a deleted half of a transfer
/// leaves its partner unlinked, not pointing at nothing.
async fn delete_unlinking(
    conn: &mut PgConnection,
    user_id: Uuid,
    ids: &[Uuid],
) -> Result<usize, sqlx::Error> {
    if ids.is_empty() {
        return Ok(0);
    }
    let deleted: i64 = sqlx::query_scalar(
        "WITH gone AS (
             DELETE FROM transactions WHERE user_id = $1 AND id = ANY($2)
             RETURNING id, transfer_id
         ), unlinked AS (
             UPDATE transactions t SET transfer_id = NULL FROM gone
             WHERE t.user_id = $1 AND t.id = gone.transfer_id AND t.transfer_id = gone.id
         )
         SELECT count(*) FROM gone",
    )
    .bind(user_id)
    .bind(ids)
    .fetch_one(conn)
    .await?;
    Ok(deleted as usize)
}
