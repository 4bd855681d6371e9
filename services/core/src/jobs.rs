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

/// Queues the job of a cron tick once, even when several schedulers run: the tick's time
/// (`tick_timestamp`, seconds) is the idempotency key, and the second insert finds it taken
/// (apalis' own push would fail on the unique index instead). `job` gets the tick's time.
pub async fn enqueue_once_per_tick<T: Serialize>(
    pool: &sqlx::PgPool,
    queue: &str,
    tick_timestamp: u64,
    job: impl FnOnce(chrono::DateTime<chrono::Utc>) -> T,
) -> Result<(), sqlx::Error> {
    let requested_at = i64::try_from(tick_timestamp)
        .ok()
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(chrono::Utc::now);
    let key = tick_timestamp.to_string();
    let mut conn = pool.acquire().await?;
    enqueue_in(&mut conn, queue, &job(requested_at), Some(&key)).await?;
    Ok(())
}

/// Holds a failed job back for [`retry_delay`] of its attempt before a worker takes it again.
/// apalis-postgres takes a failed job that has attempts left at its next poll (every
/// heartbeat), so a job failing on something that lasts (a full or read-only disk, a mail
/// server down) used up its 25 attempts within two minutes and was dropped. A handler calls
/// this as it fails; apalis records the failure without touching `run_at`.
pub async fn retry_later(
    pool: &sqlx::PgPool,
    job_id: &str,
    attempt: usize,
) -> Result<std::time::Duration, sqlx::Error> {
    let delay = retry_delay(attempt);
    sqlx::query("UPDATE apalis.jobs SET run_at = now() + make_interval(secs => $2) WHERE id = $1")
        .bind(job_id)
        .bind(delay.as_secs_f64())
        .execute(pool)
        .await?;
    Ok(delay)
}

/// The wait after a job's `attempt`-th failure: 2 s, doubling, at most 10 minutes, so
/// apalis' 25 attempts span about 3 hours.
pub fn retry_delay(attempt: usize) -> std::time::Duration {
    let doubled = 1u64 << attempt.clamp(1, 10);
    std::time::Duration::from_secs(doubled.min(600))
}

/// What job handlers get besides their arguments (apalis `Data`); each service's handlers
/// live in its own `jobs` module, and the server wires them to their queues.
#[derive(Clone)]
pub struct JobContext {
    pub db: sqlx::PgPool,
    /// The read replica (`database.replica_url`), for jobs that only read a user's data
    /// (the export); pick with `replica::route`.
    pub replica: Option<sqlx::PgPool>,
    pub settings: std::sync::Arc<crate::Settings>,
    pub mailer: std::sync::Arc<dyn crate::mail::MailSender>,
    /// The linked-chat transport (Telegram), when `telegram.bot_token` is set.
    pub chat: Option<std::sync::Arc<dyn crate::chat::ChatSender>>,
    /// Writes weekly summaries (analytics' `WeeklySummaries`); `None` where no summary is sent.
    pub summaries: Option<std::sync::Arc<dyn crate::mail::SummaryWriter>>,
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
/// exactly when the change does, unless one for this user is already waiting there (see
/// [`enqueue_coalesced`]): a burst of edits costs one recompute per consumer, not one per
/// edit. No idempotency key: a key would also block later changes once the first job is done.
pub async fn announce_transactions_changed(
    conn: &mut PgConnection,
    user_id: uuid::Uuid,
) -> Result<(), sqlx::Error> {
    enqueue_coalesced(conn, &DOWNSTREAM_QUEUES, &[TransactionsChanged { user_id }]).await?;
    Ok(())
}

/// Queues each of `args` on each of `queues`, except where an identical job (same queue, same
/// encoded arguments) is already pending and due there: that job has not started, so it will
/// see whatever the caller's transaction changed. Returns how many jobs were added.
///
/// Race-free with apalis' fetch (its `get_jobs` takes `Pending` rows `FOR UPDATE SKIP LOCKED`
/// and marks them `Queued` in one statement): the pending job found here is locked until the
/// caller commits, so no worker can take it before the change is visible; a job a worker holds
/// or has taken is skipped (locked) or no longer `Pending` (re-checked on the latest row
/// version), and then a new job is added. See docs/decisions.md, "Coalesced follow-up jobs".
pub async fn enqueue_coalesced<T: Serialize>(
    conn: &mut PgConnection,
    queues: &[&str],
    args: &[T],
) -> Result<u64, sqlx::Error> {
    let mut ids = Vec::with_capacity(queues.len() * args.len());
    let mut job_types = Vec::with_capacity(ids.capacity());
    let mut jobs = Vec::with_capacity(ids.capacity());
    for arg in args {
        // The same bytes apalis' JSON codec writes for these arguments.
        let job = serde_json::to_vec(arg).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        for queue in queues {
            ids.push(ulid::Ulid::generate().to_string());
            job_types.push(*queue);
            jobs.push(job.clone());
        }
    }
    // `md5(job)` matches the index of migration 20261125000021 (the bytes themselves may be
    // too long for a b-tree in other queues); `job = w.job` makes a collision harmless.
    let added = sqlx::query(
        "INSERT INTO apalis.jobs (id, job_type, job, status, attempts, max_attempts, run_at, priority, metadata, idempotency_key)
         SELECT w.id, w.job_type, w.job, 'Pending', 0, $4, now(), 0, ''::hstore, NULL
         FROM unnest($1::text[], $2::text[], $3::bytea[]) AS w(id, job_type, job)
         WHERE NOT EXISTS (
             SELECT 1 FROM apalis.jobs j
             WHERE j.job_type = w.job_type AND j.status = 'Pending'
               AND md5(j.job) = md5(w.job) AND j.job = w.job
               AND j.run_at <= clock_timestamp()
             FOR UPDATE SKIP LOCKED
         )",
    )
    .bind(&ids)
    .bind(&job_types)
    .bind(&jobs)
    .bind(MAX_ATTEMPTS)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(added)
}

/// Erasure (issue 23): removes every job, waiting or finished, whose arguments, result,
/// idempotency key or metadata name one of `needles` (the user's id and e-mail address).
/// apalis stores arguments as JSON in `bytea`, read here as text. A job a worker holds at
/// this moment goes too: its handler then finds the user gone. Answers how many went.
pub async fn erase_mentioning(
    conn: &mut PgConnection,
    needles: &[String],
) -> Result<u64, sqlx::Error> {
    let needles: Vec<String> = needles.iter().map(|n| n.to_lowercase()).collect();
    let removed = sqlx::query(
        "DELETE FROM apalis.jobs j WHERE EXISTS (
             SELECT 1 FROM unnest($1::text[]) AS n(needle)
             WHERE strpos(lower(encode(j.job, 'escape') || ' ' || coalesce(j.last_result::text, '') || ' '
                                || coalesce(j.idempotency_key, '') || ' ' || coalesce(j.metadata::text, '')),
                          n.needle) > 0)",
    )
    .bind(&needles)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(removed)
}

/// One queue's backlog as `/metrics` shows it (read at scrape time).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QueueDepth {
    pub queue: String,
    /// Jobs due to run (waiting, or failed with attempts left and their backoff over).
    pub waiting: i64,
    pub running: i64,
    /// Jobs apalis gave up on (killed, or failed with no attempts left).
    pub dead: i64,
    /// Age of the oldest due job, 0 when none waits.
    pub oldest_waiting_secs: f64,
}

/// Every queue with unfinished or dead jobs. The status filter keeps finished jobs (most of
/// the table) out of the scan; apalis indexes `status`.
pub async fn queue_depths(pool: &sqlx::PgPool) -> Result<Vec<QueueDepth>, sqlx::Error> {
    sqlx::query_as(
        "WITH open AS (
             SELECT job_type, status, run_at, attempts < max_attempts AS retryable
             FROM apalis.jobs
             WHERE status IN ('Pending', 'Queued', 'Running', 'Failed', 'Killed'))
         SELECT job_type AS queue,
                count(*) FILTER (WHERE due) AS waiting,
                count(*) FILTER (WHERE status = 'Running') AS running,
                count(*) FILTER (WHERE status = 'Killed' OR (status = 'Failed' AND NOT retryable)) AS dead,
                coalesce(extract(epoch FROM now() - min(run_at) FILTER (WHERE due)), 0)::float8 AS oldest_waiting_secs
         FROM (SELECT *, run_at <= now() AND (status IN ('Pending', 'Queued') OR (status = 'Failed' AND retryable)) AS due
               FROM open) o
         GROUP BY job_type",
    )
    .fetch_all(pool)
    .await
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::retry_delay;

    #[test]
    fn retries_back_off_to_ten_minutes_and_span_hours() {
        assert_eq!(retry_delay(0), Duration::from_secs(2));
        assert_eq!(retry_delay(1), Duration::from_secs(2));
        assert_eq!(retry_delay(4), Duration::from_secs(16));
        assert_eq!(retry_delay(40), Duration::from_secs(600));
        let total: Duration = (1..25).map(retry_delay).sum();
        assert!(total > Duration::from_secs(2 * 3600), "{total:?}");
    }
}
