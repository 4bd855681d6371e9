//! Enqueueing apalis jobs inside the caller's database transaction: the job exists exactly
//! when the rows it is about do (new transactions and their categorize job commit together,
//! or neither does). apalis' own `push` takes a pool, not a transaction.
//!
//! Writes what apalis-postgres' `queries/task/sink.sql` writes: a ULID id, the queue as
//! `job_type`, the JSON-encoded arguments (its default codec), status `Pending`.

use serde::Serialize;
use sqlx::PgConnection;

/// apalis' default attempt budget, kept so our rows look like its own.
const MAX_ATTEMPTS: i32 = 25;

/// Queues `args` on `queue`. With an `idempotency_key`, a second job with the same key on
/// the same queue is not added (apalis keeps a unique index on the pair); returns whether
/// this call added one.
pub async fn enqueue_in<T: Serialize>(
    conn: &mut PgConnection,
    queue: &str,
    args: &T,
    idempotency_key: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let job = serde_json::to_vec(args).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let added = sqlx::query(
        "INSERT INTO apalis.jobs (id, job_type, job, status, attempts, max_attempts, run_at, priority, metadata, idempotency_key)
         VALUES ($1, $2, $3, 'Pending', 0, $4, now(), 0, ''::hstore, $5)
         ON CONFLICT (job_type, idempotency_key) DO NOTHING",
    )
    .bind(ulid::Ulid::generate().to_string())
    .bind(queue)
    .bind(job)
    .bind(MAX_ATTEMPTS)
    .bind(idempotency_key)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(added == 1)
}

/// Queue of the categorizer (issue 5): categorize the rows an import added.
pub const CATEGORIZE_QUEUE: &str = "kakeibo.categorize";
/// Queue of the budget checks (issue 6): recompute utilization and thresholds.
pub const BUDGET_QUEUE: &str = "kakeibo.budget_check";

/// "These rows are new": what an import tells the categorizer and the budgets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct NewTransactions {
    pub user_id: uuid::Uuid,
    pub account_id: uuid::Uuid,
    pub import_id: uuid::Uuid,
    pub rows_added: usize,
}

/// Tells both consumers, once per import (the import id is the idempotency key).
pub async fn announce_new_transactions(
    conn: &mut PgConnection,
    event: &NewTransactions,
) -> Result<(), sqlx::Error> {
    let key = event.import_id.to_string();
    enqueue_in(&mut *conn, CATEGORIZE_QUEUE, event, Some(&key)).await?;
    enqueue_in(conn, BUDGET_QUEUE, event, Some(&key)).await?;
    Ok(())
}
