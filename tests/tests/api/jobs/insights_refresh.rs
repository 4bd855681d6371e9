//! The daily refresh: a cron tick queues one refresh, which queues a recompute for every user
//! with transactions, so a subscription whose charge stopped coming is flagged missed without
//! any new transaction.

use apalis::prelude::Data;
use apalis_cron::Tick;
use chrono::{Datelike, Days, Months, NaiveDate, Utc};
use kakeibo_analytics::jobs as insights;
use kakeibo_core::jobs::INSIGHTS_QUEUE;
use kakeibo_tests::{TestApp, TestUser};
use serde_json::Value;
use uuid::Uuid;

use crate::analytics::get;
use kakeibo_tests::http::account;

/// A charge of Streamflix on `day`, stored as a sync stores it (no job queued).
async fn charge(
    app: &TestApp,
    user: &TestUser,
    account: Uuid,
    day: NaiveDate,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO transactions (user_id, account_id, booked_at, amount, currency, description, merchant)
         VALUES ($1, $2, $3, -12.99, 'EUR', 'STREAMFLIX.COM', 'Streamflix')",
    )
    .bind(user.id)
    .bind(account)
    .bind(day.and_hms_opt(0, 0, 0).unwrap().and_utc())
    .execute(&app.db.pool)
    .await?;
    Ok(())
}

async fn streamflix(app: &TestApp, user: &TestUser) -> anyhow::Result<Value> {
    let all = get(app, user, "/analytics/recurring").await?;
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 1, "{all:?}");
    Ok(all[0].clone())
}

#[tokio::test]
async fn the_daily_refresh_flags_a_payment_that_stopped_coming() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    app.verified_user("ben@example.com").await?;
    // Monthly on the same day (28th at the latest, so no month clamps it), the last charge
    // 40 to 43 days ago: the next was due 9 to 15 days ago, past its 5 days of grace.
    let mut last = Utc::now().date_naive() - Days::new(40);
    if last.day() > 28 {
        last = last.with_day(28).unwrap();
    }
    let card = account(&app, &ana, "Card").await?;
    for back in (0..4).rev() {
        charge(&app, &ana, card, last - Months::new(back)).await?;
    }
    let due = last + Months::new(1);

    // The insights job ran 20 days ago, when nothing was late yet.
    let then = Utc::now() - chrono::Duration::days(20);
    kakeibo_analytics::insights::recompute::recompute(&app.db.pool, None, ana.id, then).await?;
    let series = streamflix(&app, &ana).await?;
    assert_eq!(series["cadence"], "monthly");
    assert_eq!(series["day_of_month"], last.day());
    assert_eq!(series["status"], "active");
    assert_eq!(series["next_date"], due.to_string());

    // Today's tick, seen by two schedulers: one refresh.
    let tick = Utc::now().timestamp() as u64;
    for _ in 0..2 {
        insights::enqueue_refresh_on_tick(Tick::new(tick), Data::new(app.db.pool.clone()))
            .await
            .map_err(|e| anyhow::anyhow!(e))?;
    }
    app.drain_jobs().await?;

    let series = streamflix(&app, &ana).await?;
    assert_eq!(series["status"], "missed");
    assert_eq!(series["missed"], 1);
    assert_eq!(series["last_date"], last.to_string());
    assert_eq!(series["next_date"], (due + Months::new(1)).to_string());
    let insights = get(&app, &ana, "/insights").await?;
    let texts: Vec<&str> = insights["insights"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "missed_payment")
        .map(|i| i["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [format!(
            "The monthly payment to Streamflix (12.99 EUR) did not come; the last one was on {}.",
            last.format("%-d %B %Y")
        )]
    );

    // One refresh ran; it queued Ana's recompute and none for Ben, who has no transactions.
    let refreshes: Vec<Value> = sqlx::query_scalar(
        "SELECT last_result FROM apalis.jobs WHERE job_type = $1 AND status = 'Done'",
    )
    .bind(insights::REFRESH_QUEUE)
    .fetch_all(&app.db.pool)
    .await?;
    assert_eq!(refreshes.len(), 1);
    assert_eq!(refreshes[0]["Ok"]["users"], 1, "{refreshes:?}");
    assert_eq!(refreshes[0]["Ok"]["queued"], 1);
    let recomputes: Vec<String> = sqlx::query_scalar(
        "SELECT convert_from(job, 'UTF8')::jsonb ->> 'user_id' FROM apalis.jobs WHERE job_type = $1",
    )
    .bind(INSIGHTS_QUEUE)
    .fetch_all(&app.db.pool)
    .await?;
    assert_eq!(recomputes, [ana.id.to_string()]);
    Ok(())
}
