//! Moving transactions to another booking date. The hypertable refuses an UPDATE that moves
//! `booked_at` into another chunk, so every change of a row's date goes through here: the
//! database function `transactions_rebook` moves the rows by insert and delete, carrying
//! their ids, the user's edits, split parts and transfer links along (see its migration).

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

/// Moves each of the user's rows `id` to its new `booked_at`, in the caller's transaction.
/// Rows already on that date, and ids that are not the user's, are left alone. Answers how
/// many rows moved.
pub async fn rebook(
    conn: &mut PgConnection,
    user_id: Uuid,
    moves: &[(Uuid, DateTime<Utc>)],
) -> Result<u64, sqlx::Error> {
    if moves.is_empty() {
        return Ok(0);
    }
    let (ids, dates): (Vec<Uuid>, Vec<DateTime<Utc>>) = moves.iter().copied().unzip();
    let moved: i32 = sqlx::query_scalar("SELECT transactions_rebook($1, $2, $3)")
        .bind(user_id)
        .bind(ids)
        .bind(dates)
        .fetch_one(conn)
        .await?;
    Ok(moved as u64)
}
