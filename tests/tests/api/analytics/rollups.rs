//! The rollups always equal what the raw rows say, computed here a second way (from the
//! tables themselves, not the view the refresh reads): after an import, edits, a split, a
//! delete, rows arriving late, and a change of time zone. The job does the work; the
//! dirty-day queue is empty once the jobs are drained.

use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::json;

use super::{categories, set_time_zone};
use crate::transactions::{id_of, import_into, statement};
use kakeibo_tests::http::{account, expect};

type Rows = Vec<(
    chrono::NaiveDate,
    Option<uuid::Uuid>,
    String,
    Decimal,
    Decimal,
    i64,
)>;

/// Money per local day, category and currency, straight from transactions and splits.
const DIRECT_DAILY: &str = "
    WITH zone AS (SELECT time_zone FROM users WHERE id = $1),
    counted AS (
        SELECT t.booked_at, t.category_id, t.currency, t.amount FROM transactions t
        WHERE t.user_id = $1 AND t.deleted_at IS NULL AND t.transfer_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM transaction_splits s WHERE s.transaction_id = t.id)
        UNION ALL
        SELECT t.booked_at, s.category_id, t.currency, s.amount
        FROM transaction_splits s JOIN transactions t ON t.id = s.transaction_id
        WHERE t.user_id = $1 AND t.deleted_at IS NULL AND t.transfer_id IS NULL
    ),
    local AS (
        SELECT CASE WHEN booked_at = date_trunc('day', booked_at, 'UTC')
                    THEN timezone('UTC', booked_at)::date
                    ELSE timezone((SELECT time_zone FROM zone), booked_at)::date END AS day,
               category_id, currency, amount
        FROM counted
    )
    SELECT day, category_id, currency::text, sum(greatest(amount, 0)), sum(least(amount, 0)), count(*)
    FROM local GROUP BY 1, 2, 3 ORDER BY 1, 2 NULLS FIRST, 3";

const ROLLUP_DAILY: &str = "
    SELECT day, category_id, currency::text, inflow, outflow, row_count::bigint FROM analytics_daily
    WHERE user_id = $1 ORDER BY 1, 2 NULLS FIRST, 3";

const DIRECT_MONTHLY: &str = "
    SELECT date_trunc('month', day)::date, category_id, currency::text, sum(inflow), sum(outflow), sum(row_count)::bigint
    FROM analytics_daily WHERE user_id = $1 GROUP BY 1, 2, 3 ORDER BY 1, 2 NULLS FIRST, 3";

const ROLLUP_MONTHLY: &str = "
    SELECT month, category_id, currency::text, inflow, outflow, row_count::bigint FROM analytics_monthly
    WHERE user_id = $1 ORDER BY 1, 2 NULLS FIRST, 3";

async fn rows(app: &TestApp, user: &TestUser, sql: &'static str) -> anyhow::Result<Rows> {
    Ok(sqlx::query_as(sql)
        .bind(user.id)
        .fetch_all(&app.db.pool)
        .await?)
}

/// Drains the jobs, then compares.
pub(super) async fn assert_rollups_match(
    app: &TestApp,
    user: &TestUser,
    step: &str,
) -> anyhow::Result<()> {
    app.drain_jobs().await?;
    let direct = rows(app, user, DIRECT_DAILY).await?;
    assert!(!direct.is_empty(), "{step}: no rows");
    assert_eq!(
        rows(app, user, ROLLUP_DAILY).await?,
        direct,
        "{step}: daily"
    );
    assert_eq!(
        rows(app, user, ROLLUP_MONTHLY).await?,
        rows(app, user, DIRECT_MONTHLY).await?,
        "{step}: monthly"
    );
    let pending: i64 =
        sqlx::query_scalar("SELECT count(*) FROM analytics_dirty_days WHERE user_id = $1")
            .bind(user.id)
            .fetch_one(&app.db.pool)
            .await?;
    assert_eq!(pending, 0, "{step}: the job left dirty days");
    Ok(())
}

#[tokio::test]
async fn rollups_follow_every_change() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    set_time_zone(&app, &user, "America/New_York").await?;
    let checking = account(&app, &user, "Checking").await?;
    let cats = categories(&app, &user).await?;
    import_into(
        &app,
        &user,
        checking,
        &statement(&[
            (40, dec!(-42.10), "REWE", "REWE SAGT DANKE 123"),
            (35, dec!(-9.99), "NETFLIX", "NETFLIX.COM"),
            (31, dec!(-120), "COSTCO", "COSTCO WHOLESALE"),
            (20, dec!(2500), "ACME GMBH", "GEHALT"),
            (3, dec!(-15.50), "", "BURGER PLACE"),
            (1, dec!(-60), "SHELL", "SHELL 4711"),
        ]),
    )
    .await?;
    assert_rollups_match(&app, &user, "import").await?;

    let burger = id_of(&app, &user, "BURGER PLACE").await?;
    expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{burger}"),
        Some(json!({ "category_id": cats["food.restaurants"] })),
        StatusCode::OK,
    )
    .await?;
    assert_rollups_match(&app, &user, "edit").await?;

    let costco = id_of(&app, &user, "COSTCO WHOLESALE").await?;
    expect(
        &app,
        &user,
        Method::POST,
        &format!("/transactions/{costco}/split"),
        Some(json!({ "parts": [
            { "amount": "-100", "category_id": cats["food.groceries"] },
            { "amount": "-20", "category_id": null },
        ] })),
        StatusCode::OK,
    )
    .await?;
    assert_rollups_match(&app, &user, "split").await?;

    let netflix = id_of(&app, &user, "NETFLIX.COM").await?;
    expect(
        &app,
        &user,
        Method::DELETE,
        &format!("/transactions/{netflix}"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await?;
    assert_rollups_match(&app, &user, "delete").await?;

    // Rows from more than a year ago arrive after the rest.
    import_into(
        &app,
        &user,
        checking,
        &statement(&[
            (400, dec!(-33), "IKEA", "IKEA"),
            (401, dec!(5), "IKEA", "IKEA RETURN"),
        ]),
    )
    .await?;
    // And a provider's row with a time of day, late in the evening in New York.
    super::add_at(
        &app,
        &user,
        checking,
        "2025-06-30 23:30 America/New_York",
        dec!(-8),
        None,
    )
    .await?;
    assert_rollups_match(&app, &user, "late rows").await?;

    // Deleting a category uncategorizes its rows through a cascade.
    expect(
        &app,
        &user,
        Method::DELETE,
        &format!("/categories/{}", cats["food.restaurants"]),
        None,
        StatusCode::NO_CONTENT,
    )
    .await?;
    assert_rollups_match(&app, &user, "category deleted").await?;

    set_time_zone(&app, &user, "Asia/Tokyo").await?;
    // Nothing enqueues a job for a new zone: the next read rebuilds.
    super::get(&app, &user, "/analytics/summary").await?;
    assert_rollups_match(&app, &user, "time zone").await?;
    let june_30: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM analytics_daily WHERE user_id = $1 AND day = '2025-07-01'",
    )
    .bind(user.id)
    .fetch_one(&app.db.pool)
    .await?;
    assert_eq!(june_30, 1, "23:30 in New York is the next day in Tokyo");

    // Deleting the account takes its rows, and their rollups, with it.
    sqlx::query("DELETE FROM accounts WHERE id = $1")
        .bind(checking)
        .execute(&app.db.pool)
        .await?;
    app.drain_jobs().await?;
    super::get(&app, &user, "/analytics/summary").await?;
    assert!(rows(&app, &user, ROLLUP_DAILY).await?.is_empty());
    Ok(())
}

/// A change to a day that is already waiting for the refresh, still uncommitted when a
/// refresh takes that day: the refresh neither waits for it nor loses it. The change's own
/// dirty row outlives the refresh, and the next one reads the change.
#[tokio::test]
async fn a_change_to_a_waiting_day_outlives_a_refresh_beside_it() -> anyhow::Result<()> {
    let (app, user) = crate::budgets::ana_in("Europe/Berlin").await?;
    let checking =
        kakeibo_tests::http::account_in(&app, &user, "Checking", "checking", "EUR").await?;
    let g = Some("food.groceries");
    crate::budgets::row(&app, &user, checking, "2026-03-02", dec!(-20), g).await?;
    kakeibo_analytics::rollups::refresh(&app.db.pool, user.id).await?;
    let late = crate::budgets::row(&app, &user, checking, "2026-03-03", dec!(-5), g).await?;

    let mut change = app.db.pool.begin().await?;
    sqlx::query("UPDATE transactions SET amount = -7 WHERE user_id = $1 AND id = $2")
        .bind(user.id)
        .bind(late)
        .execute(&mut *change)
        .await?;
    let refresh = kakeibo_analytics::rollups::refresh(&app.db.pool, user.id);
    tokio::time::timeout(std::time::Duration::from_secs(10), refresh)
        .await
        .map_err(|_| anyhow::anyhow!("the refresh waited for the uncommitted change"))??;
    change.commit().await?;

    let waiting: Vec<chrono::NaiveDate> =
        sqlx::query_scalar("SELECT DISTINCT day FROM analytics_dirty_days WHERE user_id = $1")
            .bind(user.id)
            .fetch_all(&app.db.pool)
            .await?;
    assert_eq!(
        waiting,
        [chrono::NaiveDate::from_ymd_opt(2026, 3, 3).unwrap()]
    );
    // The next read refreshes first.
    super::get(&app, &user, "/analytics/summary").await?;
    assert_rollups_match(&app, &user, "changed during a refresh").await
}
