//! The retention job, end to end: enqueued in Postgres, run by the real apalis worker, and
//! dropping whole TimescaleDB chunks of the audit log.

use apalis::prelude::TaskSink;
use kakeibo_privacy::jobs as retention;
use kakeibo_server::jobs;
use kakeibo_tests::{TestDb, drain_jobs};

async fn audit_rows(db: &TestDb) -> anyhow::Result<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT event FROM audit_log ORDER BY occurred_at")
            .fetch_all(&db.pool)
            .await?,
    )
}

#[tokio::test]
async fn retention_job_drops_expired_audit_chunks_and_keeps_recent_ones() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    sqlx::query(
        "INSERT INTO audit_log (event, occurred_at) VALUES
            ('login.ok', now() - interval '1000 days'),
            ('login.failed', now() - interval '900 days'),
            ('login.ok', now() - interval '10 days'),
            ('token.created', now())",
    )
    .execute(&db.pool)
    .await?;

    let mut queue = jobs::storage::<retention::RetentionSweep>(&db.pool, retention::QUEUE);
    queue
        .push(retention::RetentionSweep {
            requested_at: chrono::Utc::now(),
        })
        .await?;
    drain_jobs(&db).await?;

    // The default keeps 730 days.
    assert_eq!(audit_rows(&db).await?, ["login.ok", "token.created"]);
    let (status, result): (String, Option<serde_json::Value>) =
        sqlx::query_as("SELECT status, last_result FROM apalis.jobs WHERE job_type = $1")
            .bind(retention::QUEUE)
            .fetch_one(&db.pool)
            .await?;
    assert_eq!(status, "Done");
    // apalis stores a handler's return value as `{"Ok": <value>}`.
    let report = result.expect("the worker stored the job's report");
    let dropped = &report["Ok"]["dropped_chunks"][0];
    assert_eq!(dropped["keep_days"], 730, "{report}");
    assert_eq!(dropped["table"], "audit_log");
    assert_eq!(dropped["chunks"].as_array().map(Vec::len), Some(2));

    // Running it again drops nothing more.
    queue
        .push(retention::RetentionSweep {
            requested_at: chrono::Utc::now(),
        })
        .await?;
    drain_jobs(&db).await?;
    assert_eq!(audit_rows(&db).await?, ["login.ok", "token.created"]);
    Ok(())
}

#[tokio::test]
async fn retention_zero_keeps_everything() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    sqlx::query(
        "INSERT INTO audit_log (event, occurred_at) VALUES ('old', now() - interval '5000 days')",
    )
    .execute(&db.pool)
    .await?;
    let settings = kakeibo_core::config::RetentionSettings { audit_log_days: 0 };
    let report = kakeibo_privacy::retention::sweep(&db.pool, &settings).await?;
    assert!(report.dropped_chunks.is_empty());
    assert_eq!(audit_rows(&db).await?, ["old"]);
    Ok(())
}
