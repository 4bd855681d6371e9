//! Budgets read spending per day from the analytics rollup where it is current, and from the
//! rows themselves for days a change has not reached it yet: the answer is the same before
//! the rollup exists, while changes are pending, after a refresh, and after a change of time
//! zone (which makes the rollup stale as a whole).

use kakeibo_analytics::rollups;
use reqwest::{Method, StatusCode};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::json;

use super::{account_in, ana_in, budget, category, expect, money, progress, row};
use kakeibo_tests::{TestApp, TestUser};

/// January's spending of the Food and total budgets, and the Food budget's last week of
/// January (Monday 26th to Sunday, February 1st).
async fn january(
    app: &TestApp,
    user: &TestUser,
    budgets: &[String; 3],
) -> anyhow::Result<[Decimal; 3]> {
    let food = progress(app, user, &budgets[0], "2026-01-20").await?;
    let total = progress(app, user, &budgets[1], "2026-01-20").await?;
    let week = progress(app, user, &budgets[2], "2026-01-28").await?;
    Ok([
        money(&food["spent"]),
        money(&total["spent"]),
        money(&week["spent"]),
    ])
}

async fn pending_days(app: &TestApp, user: &TestUser) -> anyhow::Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT count(*) FROM analytics_dirty_days WHERE user_id = $1")
            .bind(user.id)
            .fetch_one(&app.db.pool)
            .await?,
    )
}

#[tokio::test]
async fn spending_is_the_same_from_the_rollup_the_rows_or_both() -> anyhow::Result<()> {
    let (app, user) = ana_in("America/New_York").await?;
    let checking = account_in(&app, &user, "Checking", "checking", "EUR").await?;
    let dollars = account_in(&app, &user, "Dollars", "checking", "USD").await?;
    sqlx::query(
        "INSERT INTO fx_rates (base, quote, rate_date, rate) VALUES ('EUR', 'USD', '2026-01-10', 1.25)",
    )
    .execute(&app.db.pool)
    .await?;
    // 10 dollars are 8 euros.
    let mut ids = Vec::new();
    for (account, day, amount, slug) in [
        (dollars, "2026-01-12", dec!(-10), "food.restaurants"),
        (checking, "2026-01-03", dec!(-80), "food.groceries"),
        (checking, "2026-01-10", dec!(-40), "food.restaurants"),
        (checking, "2026-01-15", dec!(-20), "food.groceries"),
        (checking, "2026-01-20", dec!(-100), "shopping.home"),
        (checking, "2026-01-25", dec!(-12), "food.groceries"),
        (checking, "2026-01-28", dec!(5), "food.groceries"),
    ] {
        ids.push(row(&app, &user, account, day, amount, Some(slug)).await?);
    }
    let (recategorized, split, deleted) = (ids[3], ids[4], ids[5]);
    let food = category(&app, &user, "food").await?;
    let mut budgets: [String; 3] = Default::default();
    for (id, body) in budgets.iter_mut().zip([
        json!({ "name": "Food", "category_id": food, "period": "monthly", "amount": "300", "currency": "EUR" }),
        json!({ "name": "All", "period": "monthly", "amount": "1000", "currency": "EUR" }),
        json!({ "name": "Food weekly", "category_id": food, "period": "weekly", "amount": "70", "currency": "EUR" }),
    ]) {
        *id = budget(&app, &user, body).await?;
    }
    // Food: 80 + 40 + 8 + 20 + 12 − 5; everything: that and the 100 at home; the last week
    // of January: the refund of 5.
    let before = [dec!(155), dec!(255), dec!(-5)];
    assert_eq!(
        january(&app, &user, &budgets).await?,
        before,
        "from the rows"
    );
    rollups::refresh(&app.db.pool, user.id).await?;
    assert_eq!(pending_days(&app, &user).await?, 0);
    assert_eq!(
        january(&app, &user, &budgets).await?,
        before,
        "from the rollup"
    );

    // Changes the rollup has not seen: a row on the last evening of January in New York
    // (February 1 in UTC), a recategorization, a split, a deletion.
    row(
        &app,
        &user,
        checking,
        "2026-01-31T23:30:00-05:00",
        dec!(-50),
        Some("food.groceries"),
    )
    .await?;
    let general = category(&app, &user, "shopping.general").await?;
    let groceries = category(&app, &user, "food.groceries").await?;
    let home = category(&app, &user, "shopping.home").await?;
    expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{recategorized}"),
        Some(json!({ "category_id": general })),
        StatusCode::OK,
    )
    .await?;
    expect(
        &app,
        &user,
        Method::POST,
        &format!("/transactions/{split}/split"),
        Some(json!({ "parts": [{ "amount": "-30", "category_id": &groceries }, { "amount": "-70", "category_id": home }] })),
        StatusCode::OK,
    )
    .await?;
    expect(
        &app,
        &user,
        Method::DELETE,
        &format!("/transactions/{deleted}"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await?;
    assert!(pending_days(&app, &user).await? > 0);
    // Food: 80 + 40 + 8 + 30 − 5 + 50; everything: 80 + 40 + 8 + 20 + 100 − 5 + 50; the
    // week: −5 + 50.
    let after = [dec!(203), dec!(293), dec!(45)];
    assert_eq!(
        january(&app, &user, &budgets).await?,
        after,
        "rollup and pending rows"
    );
    rollups::refresh(&app.db.pool, user.id).await?;
    assert_eq!(
        january(&app, &user, &budgets).await?,
        after,
        "refreshed rollup"
    );

    // In Tokyo the evening row falls on February 1 (still that week's Sunday): the rollup
    // built in New York no longer counts until it is rebuilt.
    expect(
        &app,
        &user,
        Method::PATCH,
        "/me",
        Some(json!({ "time_zone": "Asia/Tokyo" })),
        StatusCode::OK,
    )
    .await?;
    let in_tokyo = [dec!(153), dec!(243), dec!(45)];
    assert_eq!(
        january(&app, &user, &budgets).await?,
        in_tokyo,
        "zone changed"
    );
    rollups::refresh(&app.db.pool, user.id).await?;
    assert_eq!(
        january(&app, &user, &budgets).await?,
        in_tokyo,
        "rebuilt in Tokyo"
    );

    // And the current rollup is what is read: month totals for the monthly budgets in their
    // own currency, day totals for the week (once the spending kept from the last read is
    // gone, as any change of these rows would drop it).
    sqlx::query("DELETE FROM budget_period_spent WHERE user_id = $1")
        .bind(user.id)
        .execute(&app.db.pool)
        .await?;
    sqlx::query(
        "UPDATE analytics_monthly SET outflow = outflow - 1000
         WHERE user_id = $1 AND month = '2026-01-01' AND category_id = $2",
    )
    .bind(user.id)
    .bind(uuid::Uuid::parse_str(&groceries)?)
    .execute(&app.db.pool)
    .await?;
    sqlx::query(
        "UPDATE analytics_daily SET outflow = outflow - 100
         WHERE user_id = $1 AND day = '2026-01-28' AND category_id = $2",
    )
    .bind(user.id)
    .bind(uuid::Uuid::parse_str(&groceries)?)
    .execute(&app.db.pool)
    .await?;
    assert_eq!(
        january(&app, &user, &budgets).await?,
        [dec!(1153), dec!(1243), dec!(145)]
    );
    Ok(())
}
