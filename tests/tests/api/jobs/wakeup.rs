//! An idle worker takes a newly queued job at once, not at its next heartbeat: the queue's
//! insert notification wakes it.

use std::time::Duration;

use kakeibo_core::mail::{self, OutgoingMail};
use kakeibo_tests::TestDb;
use tokio_util::sync::CancellationToken;

/// The longest heartbeat the settings allow: without the wake-up the mail would wait this long.
const HEARTBEAT_SECS: u64 = 300;
/// Far below the heartbeat, far above a loaded machine's delivery time.
const WAIT_LIMIT: Duration = Duration::from_secs(60);

fn outbox_files(db: &TestDb) -> usize {
    let new = db.outbox_dir().join("new");
    let dir = if new.exists() { new } else { db.outbox_dir() };
    std::fs::read_dir(dir).map_or(0, |entries| entries.count())
}

#[tokio::test]
async fn a_job_queued_while_workers_idle_runs_long_before_their_heartbeat() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    let mut settings = db.settings();
    settings.worker.heartbeat_secs = HEARTBEAT_SECS;
    let shutdown = CancellationToken::new();
    let workers = tokio::spawn({
        let pool = db.pool.clone();
        let shutdown = shutdown.clone();
        async move { kakeibo_server::jobs::run_workers(&settings, pool, shutdown).await }
    });
    // Idle: the e-mail worker has registered and found its queue empty.
    let registered = tokio::time::Instant::now();
    loop {
        let workers: i64 =
            sqlx::query_scalar("SELECT count(*) FROM apalis.workers WHERE worker_type = $1")
                .bind(mail::QUEUE)
                .fetch_one(&db.pool)
                .await?;
        if workers > 0 {
            break;
        }
        anyhow::ensure!(
            registered.elapsed() < WAIT_LIMIT,
            "the e-mail worker never started"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;

    mail::enqueue(
        &db.pool,
        OutgoingMail {
            to: "idle@example.com".into(),
            subject: "Wake up".into(),
            text: "A job queued while every worker waited.\n".into(),
            ..OutgoingMail::default()
        },
    )
    .await?;
    let queued = tokio::time::Instant::now();
    while outbox_files(&db) == 0 {
        anyhow::ensure!(
            queued.elapsed() < WAIT_LIMIT,
            "the queued e-mail waited for the worker's {HEARTBEAT_SECS} s heartbeat"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    shutdown.cancel();
    workers.await??;
    Ok(())
}
