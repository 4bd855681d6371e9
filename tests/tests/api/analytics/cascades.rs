//! Deleting a category or an account changes rows through foreign-key cascades, which run on
//! the transactions hypertable's chunks, where its statement triggers do not fire
//! (migrations/20261125000031_analytics_cascades.sql). The rollups, and the budgets that read
//! them, still follow: at once (budgets read the changed days from the rows), after the
//! refresh (which rebuilds only the months around the deleted rows), and when a refresh is
//! running at the moment of the delete.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use kakeibo_analytics::rollups::{self, Refreshed};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::json;
use uuid::Uuid;

use super::rollups::assert_rollups_match;
use crate::budgets::{
    account_in, ana_in, budget, category, expect, food_budget, money, progress, row,
};

/// The spending of each (budget, day of its period) pair.
async fn spent(
    app: &TestApp,
    user: &TestUser,
    checks: &[(&str, &str)],
) -> anyhow::Result<Vec<Decimal>> {
    let mut out = Vec::new();
    for (id, at) in checks {
        out.push(money(&progress(app, user, id, at).await?["spent"]));
    }
    Ok(out)
}

async fn delete_account(app: &TestApp, user: &TestUser, account: Uuid) -> anyhow::Result<()> {
    // No endpoint deletes an account (DESIGN.md §6 has none); the database is where the
    // cascade happens, whoever asks for it.
    let deleted = sqlx::query("DELETE FROM accounts WHERE user_id = $1 AND id = $2")
        .bind(user.id)
        .bind(account)
        .execute(&app.db.pool)
        .await?
        .rows_affected();
    assert_eq!(deleted, 1);
    Ok(())
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[tokio::test]
async fn deleted_categories_and_accounts_leave_rollups_and_budgets() -> anyhow::Result<()> {
    let (app, user) = ana_in("America/New_York").await?;
    let checking = account_in(&app, &user, "Checking", "checking", "EUR").await?;
    let card = account_in(&app, &user, "Card", "checking", "EUR").await?;
    let g = Some("food.groceries");
    let r = Some("food.restaurants");
    let h = Some("shopping.home");
    row(&app, &user, checking, "2025-06-03", dec!(-10), g).await?;
    row(&app, &user, checking, "2025-12-10", dec!(-60), g).await?;
    row(&app, &user, checking, "2026-01-05", dec!(-80), g).await?;
    row(&app, &user, checking, "2026-01-12", dec!(-40), r).await?;
    row(&app, &user, checking, "2026-01-20", dec!(-200), h).await?;
    row(&app, &user, card, "2025-12-20", dec!(-15), r).await?;
    row(&app, &user, card, "2026-01-08", dec!(-30), g).await?;
    let split = row(&app, &user, card, "2026-01-15", dec!(-120), h).await?;
    row(&app, &user, card, "2026-01-28", dec!(10), g).await?;
    // January 31 in New York, February 1 in UTC.
    row(&app, &user, card, "2026-01-31T23:30:00-05:00", dec!(-25), r).await?;
    let (groceries, restaurants, home) = (
        category(&app, &user, "food.groceries").await?,
        category(&app, &user, "food.restaurants").await?,
        category(&app, &user, "shopping.home").await?,
    );
    expect(
        &app,
        &user,
        Method::POST,
        &format!("/transactions/{split}/split"),
        Some(json!({ "parts": [
            { "amount": "-50", "category_id": groceries },
            { "amount": "-40", "category_id": restaurants },
            { "amount": "-30", "category_id": home },
        ] })),
        StatusCode::OK,
    )
    .await?;
    let food = food_budget(&app, &user, json!({ "period": "monthly", "amount": "300" })).await?;
    let all = budget(
        &app,
        &user,
        json!({ "name": "All", "period": "monthly", "amount": "1000", "currency": "EUR" }),
    )
    .await?;
    let checks = [
        (food.as_str(), "2025-12-15"),
        (all.as_str(), "2025-12-15"),
        (food.as_str(), "2026-01-15"),
        (all.as_str(), "2026-01-15"),
    ];
    rollups::refresh(&app.db.pool, user.id).await?;
    assert_rollups_match(&app, &user, "built").await?;
    // December: 60 + 15, all food. January's food: 80 + 40 + 30 + 50 + 40 − 10 + 25; all of
    // it: that, 200 and the split's 30 at home.
    assert_eq!(
        spent(&app, &user, &checks).await?,
        [dec!(75), dec!(75), dec!(255), dec!(485)]
    );

    // Restaurants go: their rows (40, 15, 25) and the split's part (40) become
    // uncategorized, still spending but no longer food. December's food: 60; January's:
    // 80 + 30 + 50 − 10.
    expect(
        &app,
        &user,
        Method::DELETE,
        &format!("/categories/{restaurants}"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await?;
    let after_category = [dec!(60), dec!(75), dec!(150), dec!(485)];
    assert_eq!(
        spent(&app, &user, &checks).await?,
        after_category,
        "before the refresh"
    );
    assert_rollups_match(&app, &user, "category deleted").await?;
    assert_eq!(
        spent(&app, &user, &checks).await?,
        after_category,
        "from the refreshed rollup"
    );

    // The card goes with its rows and the split's parts. December: 60; January's food: 80;
    // all of it: 80, the uncategorized 40, and 200.
    delete_account(&app, &user, card).await?;
    let after_account = [dec!(60), dec!(60), dec!(80), dec!(320)];
    assert_eq!(
        spent(&app, &user, &checks).await?,
        after_account,
        "before the refresh"
    );
    // Only the months around the card's days are rebuilt (its last row is on February 1 in
    // UTC), not June.
    assert_eq!(
        rollups::refresh(&app.db.pool, user.id).await?,
        Refreshed::Months(vec![
            day("2025-12-01"),
            day("2026-01-01"),
            day("2026-02-01")
        ])
    );
    assert_rollups_match(&app, &user, "account deleted").await?;
    assert_eq!(
        spent(&app, &user, &checks).await?,
        after_account,
        "from the refreshed rollup"
    );
    Ok(())
}

/// Waits until a statement that starts with `prefix` waits for a lock.
async fn until_blocked(app: &TestApp, prefix: &str) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let blocked: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity
                            WHERE datname = current_database() AND wait_event_type = 'Lock'
                              AND starts_with(query, $1))",
        )
        .bind(prefix)
        .fetch_one(&app.db.pool)
        .await?;
        if blocked {
            return Ok(());
        }
        anyhow::ensure!(Instant::now() < deadline, "nothing waits: {prefix}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn an_account_deleted_while_a_refresh_runs_still_leaves() -> anyhow::Result<()> {
    let (app, user) = ana_in("Europe/Berlin").await?;
    let checking = account_in(&app, &user, "Checking", "checking", "EUR").await?;
    let card = account_in(&app, &user, "Card", "checking", "EUR").await?;
    let g = Some("food.groceries");
    row(&app, &user, checking, "2026-03-02", dec!(-20), g).await?;
    row(&app, &user, card, "2026-01-10", dec!(-5), g).await?;
    row(&app, &user, card, "2026-03-10", dec!(-70), g).await?;
    let food = food_budget(&app, &user, json!({ "period": "monthly", "amount": "300" })).await?;
    let checks = [(food.as_str(), "2026-01-15"), (food.as_str(), "2026-03-15")];
    rollups::refresh(&app.db.pool, user.id).await?;
    assert_eq!(spent(&app, &user, &checks).await?, [dec!(5), dec!(90)]);

    // A change in March for the next refresh, which is held up right after it has read what
    // to do; meanwhile the card is deleted, and its January row is in no month that refresh
    // rebuilds.
    row(&app, &user, checking, "2026-03-20", dec!(-10), g).await?;
    let mut holder = app.db.pool.begin().await?;
    sqlx::query("SELECT 1 FROM analytics_dirty_days WHERE user_id = $1 FOR UPDATE")
        .bind(user.id)
        .execute(&mut *holder)
        .await?;
    let refreshing = tokio::spawn({
        let pool = app.db.pool.clone();
        let user_id = user.id;
        async move { rollups::refresh(&pool, user_id).await }
    });
    until_blocked(&app, "DELETE FROM analytics_dirty_days").await?;
    delete_account(&app, &user, card).await?;
    holder.rollback().await?;
    assert_eq!(
        refreshing.await??,
        Refreshed::Months(vec![day("2026-03-01")])
    );

    // January: nothing; March: 20 + 10. The January row's day waits for the next refresh.
    let after = [dec!(0), dec!(30)];
    assert_eq!(spent(&app, &user, &checks).await?, after, "pending");
    super::get(&app, &user, "/analytics/summary").await?;
    assert_rollups_match(&app, &user, "account deleted during a refresh").await?;
    assert_eq!(spent(&app, &user, &checks).await?, after, "refreshed");
    Ok(())
}
