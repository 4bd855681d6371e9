//! Follow-up jobs coalesce: a change joins the recompute already waiting for its user on each
//! downstream queue instead of queueing another, and never one that a worker has taken (or is
//! taking), so no change goes unseen. Workers are driven by apalis' own fetch function
//! (`apalis.get_jobs`, what every polling worker runs) where a test needs one mid-way.

use std::time::Duration;

use apalis::prelude::TaskSink;
use chrono::Datelike;
use kakeibo_core::jobs::{
    DOWNSTREAM_QUEUES, INSIGHTS_QUEUE, TransactionsChanged, announce_transactions_changed,
};
use kakeibo_tests::{TestApp, TestDb};
use reqwest::{Method, StatusCode};
use rust_decimal_macros::dec;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::analytics::{amounts, get, period};
use crate::budgets::{alerts, budget};
use kakeibo_tests::http::{account, category, expect};

/// (queue, status) of the user's downstream jobs, in order.
async fn jobs_of(pool: &PgPool, user_id: Uuid) -> anyhow::Result<Vec<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT job_type, status FROM apalis.jobs
         WHERE job_type = ANY($1) AND convert_from(job, 'UTF8')::jsonb ->> 'user_id' = $2::text
         ORDER BY job_type, status",
    )
    .bind(DOWNSTREAM_QUEUES)
    .bind(user_id)
    .fetch_all(pool)
    .await?)
}

/// `statuses` per downstream queue, the insights queue's replaced by `insights`.
fn expected(statuses: &[&str], insights: &[&str]) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = DOWNSTREAM_QUEUES
        .iter()
        .flat_map(|queue| {
            let these = if *queue == INSIGHTS_QUEUE {
                insights
            } else {
                statuses
            };
            these.iter().map(|s| (queue.to_string(), s.to_string()))
        })
        .collect();
    all.sort();
    all
}

/// Announces a change outside any transaction of the caller's (as the categorize job does).
async fn announce(pool: &PgPool, user_id: Uuid) -> anyhow::Result<()> {
    let mut conn = pool.acquire().await?;
    announce_transactions_changed(&mut conn, user_id).await?;
    Ok(())
}

/// A worker registered the way apalis registers one (the jobs table references it).
async fn worker(pool: &PgPool, name: &str) -> anyhow::Result<String> {
    sqlx::query(
        "INSERT INTO apalis.workers (id, worker_type, storage_name, started_at)
         VALUES ($1, $2, 'PostgresStorage', now())",
    )
    .bind(name)
    .bind(INSIGHTS_QUEUE)
    .execute(pool)
    .await?;
    Ok(name.to_string())
}

/// What a polling worker runs to take jobs: apalis' `get_jobs` (`FOR UPDATE SKIP LOCKED`,
/// then `Queued`), through `conn` so a test can hold its transaction open.
async fn fetch(conn: &mut sqlx::PgConnection, worker: &str) -> anyhow::Result<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM apalis.get_jobs($1, $2, 5)")
            .bind(worker)
            .bind(INSIGHTS_QUEUE)
            .fetch_all(conn)
            .await?,
    )
}

#[tokio::test]
async fn fifteen_changes_queue_one_job_per_queue_and_the_last_state_is_what_they_see()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let checking = account(&app, &user, "Checking").await?;
    let groceries = category(&app, &user, "food.groceries").await?;
    budget(
        &app,
        &user,
        json!({ "name": "Groceries", "category_id": groceries, "period": "monthly", "amount": "100", "currency": "EUR" }),
    )
    .await?;
    // The server's today, safe from midnight: the alerts are for its current month.
    let today = app.today("UTC").await?;
    for _ in 0..15 {
        expect(
            &app,
            &user,
            Method::POST,
            "/transactions",
            Some(
                json!({ "account_id": checking, "booked_on": today, "amount": "-10",
                         "description": "SHOP", "category_id": groceries }),
            ),
            StatusCode::CREATED,
        )
        .await?;
    }
    // The budget's own check and fifteen changes: one waiting job per queue.
    assert_eq!(
        jobs_of(&app.db.pool, user.id).await?,
        expected(&["Pending"], &["Pending"])
    );

    app.drain_jobs().await?;
    assert_eq!(
        jobs_of(&app.db.pool, user.id).await?,
        expected(&["Done"], &["Done"])
    );
    // The one budget check saw all fifteen rows: 150 of 100 crosses every threshold.
    let month = today.with_day(1).unwrap().to_string();
    assert_eq!(
        alerts(&app, &user).await?,
        [
            (80, month.clone()),
            (100, month.clone()),
            (120, month.clone())
        ]
    );
    // And the one analytics refresh did too.
    let report = get(
        &app,
        &user,
        &format!("/analytics/spending?from={month}&to={today}&interval=month"),
    )
    .await?;
    assert_eq!(
        amounts(period(&report, "periods", &month), "EUR"),
        [("Groceries".to_string(), dec!(150))].into()
    );
    Ok(())
}

#[tokio::test]
async fn each_user_gets_a_job_of_their_own() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    let (ana, ben) = (Uuid::new_v4(), Uuid::new_v4());
    for user in [ana, ben, ana, ben] {
        announce(&db.pool, user).await?;
    }
    for user in [ana, ben] {
        assert_eq!(
            jobs_of(&db.pool, user).await?,
            expected(&["Pending"], &["Pending"])
        );
    }
    Ok(())
}

#[tokio::test]
async fn a_job_a_worker_has_taken_does_not_absorb_a_change() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    let user = Uuid::new_v4();
    let worker = worker(&db.pool, "insights-1").await?;
    announce(&db.pool, user).await?;
    let taken = fetch(&mut *db.pool.acquire().await?, &worker).await?;
    assert_eq!(taken.len(), 1);

    // The taken job may already have read the state: the change needs a job of its own.
    announce(&db.pool, user).await?;
    assert_eq!(
        jobs_of(&db.pool, user).await?,
        expected(&["Pending"], &["Pending", "Queued"])
    );
    // A job that is running (apalis' lock after the fetch) does not absorb one either.
    sqlx::query("UPDATE apalis.jobs SET status = 'Running' WHERE id = $1")
        .bind(&taken[0])
        .execute(&db.pool)
        .await?;
    announce(&db.pool, user).await?;
    assert_eq!(
        jobs_of(&db.pool, user).await?,
        expected(&["Pending"], &["Pending", "Running"])
    );
    Ok(())
}

#[tokio::test]
async fn a_worker_cannot_take_the_joined_job_before_the_change_commits() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    let user = Uuid::new_v4();
    let worker = worker(&db.pool, "insights-1").await?;
    announce(&db.pool, user).await?;
    let waiting: String = sqlx::query_scalar("SELECT id FROM apalis.jobs WHERE job_type = $1")
        .bind(INSIGHTS_QUEUE)
        .fetch_one(&db.pool)
        .await?;

    // A change joins the waiting job inside its own, still open, transaction.
    let mut change = db.pool.begin().await?;
    announce_transactions_changed(&mut change, user).await?;
    assert_eq!(
        jobs_of(&db.pool, user).await?,
        expected(&["Pending"], &["Pending"])
    );
    // A worker polling now passes over it: it would read the state without the change.
    let mut conn = db.pool.acquire().await?;
    assert_eq!(fetch(&mut conn, &worker).await?, Vec::<String>::new());

    change.commit().await?;
    assert_eq!(fetch(&mut conn, &worker).await?, [waiting]);
    Ok(())
}

#[tokio::test]
async fn a_job_a_worker_is_taking_does_not_absorb_a_change() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    let user = Uuid::new_v4();
    let worker = worker(&db.pool, "insights-1").await?;
    announce(&db.pool, user).await?;

    // The worker's fetch holds the row, not yet committed as Queued.
    let mut fetching = db.pool.begin().await?;
    assert_eq!(fetch(&mut fetching, &worker).await?.len(), 1);
    // The change neither waits for the worker nor joins its job.
    tokio::time::timeout(Duration::from_secs(10), announce(&db.pool, user)).await??;
    fetching.commit().await?;
    assert_eq!(
        jobs_of(&db.pool, user).await?,
        expected(&["Pending"], &["Pending", "Queued"])
    );
    Ok(())
}

#[tokio::test]
async fn a_job_queued_through_apalis_itself_is_joined_too() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    let user = Uuid::new_v4();
    // apalis' own sink and JSON codec write the same bytes as ours.
    let mut queue = kakeibo_server::jobs::storage::<TransactionsChanged>(&db.pool, INSIGHTS_QUEUE);
    queue.push(TransactionsChanged { user_id: user }).await?;
    announce(&db.pool, user).await?;
    assert_eq!(
        jobs_of(&db.pool, user).await?,
        expected(&["Pending"], &["Pending"])
    );
    Ok(())
}
