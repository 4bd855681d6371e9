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
/// Queue of the budget checks: recompute utilization and thresholds.
pub const BUDGET_QUEUE: &str = "kakeibo.budget_check";
/// Queue of the analytics rollups: bring a user's aggregates up to date.
pub const ANALYTICS_QUEUE: &str = "kakeibo.analytics_refresh";
/// Queue of the pattern finders: recurring payments, anomalies, insights.
pub const INSIGHTS_QUEUE: &str = "kakeibo.insights";

/// Queues that recompute from stored state whenever a user's transactions change.
pub const DOWNSTREAM_QUEUES: [&str; 3] = [BUDGET_QUEUE, ANALYTICS_QUEUE, INSIGHTS_QUEUE];

/// "These rows are new": what an import tells the categorizer and the budgets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct NewTransactions {
    pub user_id: uuid::Uuid,
    pub account_id: uuid::Uuid,
    pub import_id: uuid::Uuid,
    pub rows_added: usize,
}

/// Tells the categorizer, once per import (the import id is the idempotency key). The
/// categorizer announces [`TransactionsChanged`] when it is done, so budgets and analytics see
/// categorized rows.
pub async fn announce_new_transactions(
    conn: &mut PgConnection,
    event: &NewTransactions,
) -> Result<(), sqlx::Error> {
    let key = event.import_id.to_string();
    enqueue_in(conn, CATEGORIZE_QUEUE, event, Some(&key)).await?;
    Ok(())
}

/// "This user's transactions changed" (categorized, edited, split, deleted, linked as a
/// transfer): the downstream consumers recompute from stored state, so the job carries only
/// the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct TransactionsChanged {
    pub user_id: uuid::Uuid,
}

/// Queues one job per downstream consumer, in the caller's transaction so the jobs exist
/// exactly when the change does. No idempotency key: the consumers are idempotent, and a key
/// would also block later changes once the first job is done.
pub async fn announce_transactions_changed(
    conn: &mut PgConnection,
    user_id: uuid::Uuid,
) -> Result<(), sqlx::Error> {
    let event = TransactionsChanged { user_id };
    for queue in DOWNSTREAM_QUEUES {
        enqueue_in(&mut *conn, queue, &event, None).await?;
    }
    Ok(())
}
