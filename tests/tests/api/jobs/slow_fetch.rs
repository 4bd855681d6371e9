//! A worker whose queue fetches take longer than its heartbeat keeps beating and records the
//! end of its jobs. apalis only looks at its heartbeat timer (and at the finished jobs'
//! acknowledgements) between fetches; a timer that fired during a fetch used to be lost, and
//! the worker slept until the next job was queued. Its last job then stayed "Running"
//! (a CI run waited 60 s on a budget check that had long finished).

use std::time::Duration;

use kakeibo_core::mail::{self, OutgoingMail};
use kakeibo_tests::TestDb;
use sqlx::postgres::PgPoolOptions;
use tokio_util::sync::CancellationToken;

const HEARTBEAT_SECS: u64 = 1;
/// Longer than the heartbeat, so the heartbeat timer always fires while a fetch is running.
/// (the fetch's `pg_sleep(1.5)` below).
/// Many heartbeats: a beating worker is seen well within it, a stalled one never.
const WAIT_LIMIT: Duration = Duration::from_secs(30);

/// Slows every fetch of every queue (apalis' `get_jobs`) in this test's database only.
async fn slow_down_fetches(db: &TestDb) -> anyhow::Result<()> {
    sqlx::query(
        "CREATE FUNCTION public.slow_fetch() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
             IF current_query() LIKE '%get_jobs%' THEN PERFORM pg_sleep(1.5); END IF;
             RETURN NULL;
         END $$",
    )
    .execute(&db.pool)
    .await?;
    sqlx::query(
        "CREATE TRIGGER slow_fetch BEFORE UPDATE ON apalis.jobs
         FOR EACH STATEMENT EXECUTE FUNCTION public.slow_fetch()",
    )
    .execute(&db.pool)
    .await?;
    Ok(())
}

async fn last_seen_secs_ago(db: &TestDb) -> anyhow::Result<Option<f64>> {
    Ok(sqlx::query_scalar(
        "SELECT extract(epoch FROM now() - last_seen)::float8 FROM apalis.workers
         WHERE worker_type = $1",
    )
    .bind(mail::QUEUE)
    .fetch_optional(&db.pool)
    .await?)
}

#[tokio::test]
async fn a_worker_whose_fetches_outlast_its_heartbeat_keeps_beating_and_acknowledges_jobs()
-> anyhow::Result<()> {
    let db = TestDb::new().await?;
    slow_down_fetches(&db).await?;
    let mut settings = db.settings();
    settings.worker.heartbeat_secs = HEARTBEAT_SECS;
    // Every queue fetches slowly at once: enough connections that none waits for the pool.
    let worker_pool = PgPoolOptions::new()
        .max_connections(30)
        .connect(db.url())
        .await?;
    let shutdown = CancellationToken::new();
    let workers = tokio::spawn({
        let shutdown = shutdown.clone();
        let pool = worker_pool.clone();
        async move { kakeibo_server::jobs::run_workers(&settings, pool, shutdown).await }
    });

    // Several heartbeats in, the e-mail worker has still beaten recently.
    let started = tokio::time::Instant::now();
    while last_seen_secs_ago(&db).await?.is_none() {
        anyhow::ensure!(
            started.elapsed() < WAIT_LIMIT,
            "the e-mail worker never registered"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(6)).await;
    let quiet_for = last_seen_secs_ago(&db).await?.unwrap_or(f64::MAX);
    anyhow::ensure!(
        quiet_for < 4.0,
        "the idle e-mail worker last beat {quiet_for:.1} s ago (heartbeat {HEARTBEAT_SECS} s)"
    );

    // A job it takes is recorded as done, not left running.
    mail::enqueue(
        &db.pool,
        OutgoingMail {
            to: "slow@example.com".into(),
            subject: "Slow fetches".into(),
            text: "Fetched slowly, acknowledged all the same.\n".into(),
            ..OutgoingMail::default()
        },
    )
    .await?;
    let queued = tokio::time::Instant::now();
    loop {
        let statuses: Vec<String> =
            sqlx::query_scalar("SELECT status FROM apalis.jobs WHERE job_type = $1")
                .bind(mail::QUEUE)
                .fetch_all(&db.pool)
                .await?;
        if statuses == ["Done"] {
            break;
        }
        anyhow::ensure!(
            queued.elapsed() < WAIT_LIMIT,
            "the e-mail job is {statuses:?} {WAIT_LIMIT:?} after it was queued"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    shutdown.cancel();
    workers.await??;
    worker_pool.close().await;
    Ok(())
}
