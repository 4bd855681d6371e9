//! Running queued jobs to completion from a test, through the real workers.

use std::time::Duration;

use anyhow::{Result, bail};
use tokio_util::sync::CancellationToken;

use crate::TestDb;

/// Generous: a loaded 2-core machine runs jobs slowly, and a burst of changes leaves one
/// follow-up job per queue and user (they coalesce). Only a stuck queue should hit this.
const DRAIN_LIMIT: Duration = Duration::from_secs(60);

/// Runs every worker until no job is pending or running, then stops them. Fails if any job
/// ended failed or killed: a test must not leave broken jobs behind.
pub async fn drain_jobs(db: &TestDb) -> Result<()> {
    drain_jobs_with(db, |_| {}).await
}

/// Like [`drain_jobs`], with the workers' settings adjusted (e.g. an SMTP server).
pub async fn drain_jobs_with(
    db: &TestDb,
    configure: impl FnOnce(&mut kakeibo_core::Settings),
) -> Result<()> {
    drain_jobs_within(db, DRAIN_LIMIT, configure).await
}

/// Like [`drain_jobs_with`], waiting up to `limit` (a benchmark's thousands of jobs).
pub async fn drain_jobs_within(
    db: &TestDb,
    limit: Duration,
    configure: impl FnOnce(&mut kakeibo_core::Settings),
) -> Result<()> {
    let mut settings = db.settings();
    configure(&mut settings);
    let shutdown = CancellationToken::new();
    // A pool of their own: stopping workers can cancel one mid-BEGIN, and such a connection
    // must not go back to the pool the app under test uses.
    let worker_pool = sqlx::PgPool::connect(db.url()).await?;
    let workers = tokio::spawn({
        let pool = worker_pool.clone();
        let shutdown = shutdown.clone();
        async move { kakeibo_server::jobs::run_workers(&settings, pool, shutdown).await }
    });

    let started = tokio::time::Instant::now();
    let mut poll = tokio::time::interval(Duration::from_millis(25));
    loop {
        poll.tick().await;
        let open: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM apalis.jobs WHERE status IN ('Pending', 'Queued', 'Running')",
        )
        .fetch_one(&db.pool)
        .await?;
        if open == 0 {
            break;
        }
        if started.elapsed() > limit {
            shutdown.cancel();
            // Which jobs, in which state, since when: a stuck queue is found from this.
            let stuck: Vec<(String, String, i32, String, Option<String>)> = sqlx::query_as(
                "SELECT job_type, status, attempts, run_at::text, lock_by
                 FROM apalis.jobs WHERE status IN ('Pending', 'Queued', 'Running')
                 ORDER BY status DESC, run_at LIMIT 20",
            )
            .fetch_all(&db.pool)
            .await?;
            bail!(
                "{open} jobs still open after {limit:?} (now {}); the first 20: {stuck:?}",
                chrono::Utc::now()
            );
        }
    }
    shutdown.cancel();
    workers.await??;
    worker_pool.close().await;

    let failed: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT job_type, status, last_result::text FROM apalis.jobs WHERE status IN ('Failed', 'Killed')",
    )
    .fetch_all(&db.pool)
    .await?;
    if !failed.is_empty() {
        bail!("jobs ended badly: {failed:?}");
    }
    Ok(())
}
