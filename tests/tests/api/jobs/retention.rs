//! The retention job, end to end: enqueued in Postgres, run by the real apalis worker, and
//! dropping whole TimescaleDB chunks of the audit log.

use apalis::prelude::TaskSink;
use chrono::{DateTime, Duration, TimeZone, Utc};
use kakeibo_ask::conversations::{self, NewTurn};
use kakeibo_privacy::jobs as retention;
use kakeibo_privacy::retention::{PrunedRows, RetentionReport};
use kakeibo_server::jobs;
use kakeibo_tests::{TestDb, drain_jobs};
use uuid::Uuid;

/// The sweeps below run at this fixed instant, never today's date.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 15, 3, 17, 0).unwrap()
}

fn days_ago(days: i64) -> DateTime<Utc> {
    now() - Duration::days(days)
}

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
    let mut settings = db.settings();
    settings.retention.audit_log_days = 0;
    let report = kakeibo_privacy::retention::sweep(&db.pool, &settings, now()).await?;
    assert!(report.dropped_chunks.is_empty());
    assert_eq!(audit_rows(&db).await?, ["old"]);
    Ok(())
}

async fn user(db: &TestDb, email: &str) -> anyhow::Result<Uuid> {
    Ok(
        sqlx::query_scalar(
            "INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id",
        )
        .bind(email)
        .fetch_one(&db.pool)
        .await?,
    )
}

fn pruned<'a>(report: &'a RetentionReport, table: &str) -> Option<&'a PrunedRows> {
    report.pruned_rows.iter().find(|t| t.table == table)
}

/// One notification row as the outbox holds it, `age` days before [`now`].
async fn notification(
    db: &TestDb,
    user_id: Uuid,
    key: &str,
    channel: &str,
    status: &str,
    read: bool,
    age: i64,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, channel, dedupe_key, status, attempts, created_at, read_at)
         VALUES ($1, 'goal_reached', $2, $3, $4, 0, $5, CASE WHEN $6 THEN $5 END)",
    )
    .bind(user_id)
    .bind(channel)
    .bind(key)
    .bind(status)
    .bind(days_ago(age))
    .bind(read)
    .execute(&db.pool)
    .await?;
    Ok(())
}

async fn notification_keys(db: &TestDb) -> anyhow::Result<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT dedupe_key FROM notifications ORDER BY dedupe_key")
            .fetch_all(&db.pool)
            .await?,
    )
}

#[tokio::test]
async fn notifications_older_than_the_period_go_unless_still_being_delivered() -> anyhow::Result<()>
{
    let db = TestDb::new().await?;
    let ann = user(&db, "ann@example.com").await?;
    let bob = user(&db, "bob@example.com").await?;
    notification(&db, ann, "a-read", "in_app", "sent", true, 400).await?;
    notification(&db, ann, "a-unread", "in_app", "sent", false, 400).await?;
    notification(&db, ann, "a-failed", "email", "failed", false, 400).await?;
    // Still being delivered: a retry waiting for its backoff, and one a worker holds.
    notification(&db, ann, "a-retrying", "email", "pending", false, 400).await?;
    notification(&db, ann, "a-sending", "email", "sending", false, 400).await?;
    notification(&db, ann, "a-recent", "in_app", "sent", false, 10).await?;
    notification(&db, bob, "b-365", "telegram", "suppressed", false, 365).await?;
    notification(&db, bob, "b-364", "in_app", "sent", true, 364).await?;
    // Settings the sweep must not touch.
    sqlx::query(
        "INSERT INTO notification_channel_prefs (user_id, kind, channel, enabled, updated_at)
         VALUES ($1, 'anomaly', 'email', true, $2)",
    )
    .bind(ann)
    .bind(days_ago(1000))
    .execute(&db.pool)
    .await?;

    // The default keeps 365 days.
    let settings = db.settings();
    let report = kakeibo_privacy::retention::sweep(&db.pool, &settings, now()).await?;
    assert_eq!(
        pruned(&report, "notifications"),
        Some(&PrunedRows {
            table: "notifications".into(),
            keep_days: 365,
            rows: 4
        }),
        "{report:?}"
    );
    assert_eq!(
        notification_keys(&db).await?,
        ["a-recent", "a-retrying", "a-sending", "b-364"]
    );
    let prefs: i64 = sqlx::query_scalar("SELECT count(*) FROM notification_channel_prefs")
        .fetch_one(&db.pool)
        .await?;
    assert_eq!(prefs, 1);

    // Idempotent.
    let again = kakeibo_privacy::retention::sweep(&db.pool, &settings, now()).await?;
    assert_eq!(pruned(&again, "notifications").map(|t| t.rows), Some(0));
    assert_eq!(notification_keys(&db).await?.len(), 4);

    // A deleted row's key stays used: the alert is not sent again; a new key is.
    let mut conn = db.pool.acquire().await?;
    let kind = kakeibo_notifications::kinds::GOAL_REACHED;
    let json = serde_json::json!({});
    let repeated =
        kakeibo_notifications::notify_at(&mut conn, ann, kind, "a-read", json.clone(), now())
            .await?;
    assert!(repeated.rows.is_empty(), "{repeated:?}");
    let fresh =
        kakeibo_notifications::notify_at(&mut conn, ann, kind, "a-new", json, now()).await?;
    assert_eq!(fresh.rows.len(), 1, "{fresh:?}");
    Ok(())
}

#[tokio::test]
async fn notifications_days_zero_keeps_every_notification() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    let ann = user(&db, "ann@example.com").await?;
    notification(&db, ann, "ancient", "in_app", "sent", true, 5000).await?;
    let mut settings = db.settings();
    settings.retention.notifications_days = 0;
    let report = kakeibo_privacy::retention::sweep(&db.pool, &settings, now()).await?;
    assert_eq!(pruned(&report, "notifications"), None);
    assert_eq!(notification_keys(&db).await?, ["ancient"]);
    Ok(())
}

/// A conversation of one question asked `age` days before [`now`], kept `keep_days`.
async fn conversation(
    db: &TestDb,
    user_id: Uuid,
    question: &str,
    keep_days: u32,
    age: i64,
) -> anyhow::Result<Uuid> {
    let mut conn = db.pool.acquire().await?;
    let turn = NewTurn {
        question,
        language: "en",
        intent: None,
        tools: serde_json::json!([]),
        answer: "an answer",
        data: serde_json::json!({}),
    };
    Ok(
        conversations::record(&mut conn, user_id, None, &turn, keep_days, days_ago(age))
            .await?
            .expect("a new conversation"),
    )
}

async fn conversation_titles(db: &TestDb) -> anyhow::Result<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT title FROM ask_conversations ORDER BY title")
            .fetch_all(&db.pool)
            .await?,
    )
}

#[tokio::test]
async fn ask_conversations_go_when_their_period_ends() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    let ann = user(&db, "ann@example.com").await?;
    let bob = user(&db, "bob@example.com").await?;
    conversation(&db, ann, "expired", 30, 31).await?;
    conversation(&db, ann, "live", 30, 29).await?;
    // Stamped "forever" under an earlier setting of 0: the 30 days now set apply to it.
    conversation(&db, bob, "kept forever once", 0, 400).await?;
    conversation(&db, bob, "bob live", 30, 1).await?;

    let settings = db.settings();
    assert_eq!(settings.retention.ask_conversations_days, 30);
    let report = kakeibo_privacy::retention::sweep(&db.pool, &settings, now()).await?;
    assert_eq!(
        pruned(&report, "ask_conversations").map(|t| (t.keep_days, t.rows)),
        Some((30, 2)),
        "{report:?}"
    );
    assert_eq!(conversation_titles(&db).await?, ["bob live", "live"]);
    let turns: i64 = sqlx::query_scalar("SELECT count(*) FROM ask_turns")
        .fetch_one(&db.pool)
        .await?;
    assert_eq!(turns, 2, "the deleted conversations' turns went with them");

    let again = kakeibo_privacy::retention::sweep(&db.pool, &settings, now()).await?;
    assert_eq!(pruned(&again, "ask_conversations").map(|t| t.rows), Some(0));
    Ok(())
}

#[tokio::test]
async fn ask_conversations_days_zero_keeps_conversations_without_an_expiry() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    let ann = user(&db, "ann@example.com").await?;
    let id = conversation(&db, ann, "old question", 0, 1000).await?;
    let mut settings = db.settings();
    settings.retention.ask_conversations_days = 0;
    let report = kakeibo_privacy::retention::sweep(&db.pool, &settings, now()).await?;
    assert_eq!(pruned(&report, "ask_conversations"), None, "{report:?}");
    let mut conn = db.pool.acquire().await?;
    let kept = conversations::get(&mut conn, ann, id, now())
        .await?
        .expect("still readable");
    assert_eq!(kept.expires_at, None);
    Ok(())
}

async fn cache_row(db: &TestDb, byte: u8, age: i64) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO llm_cache (key, model, response, prompt_tokens, completion_tokens, created_at)
         VALUES ($1, 'm', '{}', 1, 1, $2)",
    )
    .bind(vec![byte; 32])
    .bind(days_ago(age))
    .execute(&db.pool)
    .await?;
    Ok(())
}

async fn cache_ages(db: &TestDb) -> anyhow::Result<Vec<i32>> {
    Ok(
        sqlx::query_scalar("SELECT get_byte(key, 0) FROM llm_cache ORDER BY key")
            .fetch_all(&db.pool)
            .await?,
    )
}

#[tokio::test]
async fn cached_model_answers_go_after_llm_cache_days() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    cache_row(&db, 31, 31).await?;
    cache_row(&db, 30, 30).await?;
    cache_row(&db, 29, 29).await?;
    let mut settings = db.settings();
    assert_eq!(settings.llm.cache_days, 30);
    let report = kakeibo_privacy::retention::sweep(&db.pool, &settings, now()).await?;
    assert_eq!(
        pruned(&report, "llm_cache").map(|t| (t.keep_days, t.rows)),
        Some((30, 2))
    );
    assert_eq!(cache_ages(&db).await?, [29]);

    // 0 reuses no answer, so none is kept.
    settings.llm.cache_days = 0;
    let report = kakeibo_privacy::retention::sweep(&db.pool, &settings, now()).await?;
    assert_eq!(pruned(&report, "llm_cache").map(|t| t.rows), Some(1));
    assert!(cache_ages(&db).await?.is_empty());
    Ok(())
}
