//! Each budget period's spending is kept once computed (`budget_period_spent`), and every
//! change it depends on drops what it changed: rows (also on a day already waiting for the
//! rollup), the category tree, the budget's category, the time zone, exchange rates. The
//! answers stay the hand-computed ones throughout, and what is kept is checked each time.

use chrono::NaiveDate;
use kakeibo_analytics::rollups;
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::json;

use super::{account_in, ana_in, category, expect, food_budget, money, progress, row};

/// What is kept for `budget`: (first day, spent), oldest first.
async fn kept(
    app: &TestApp,
    user: &TestUser,
    budget: &str,
) -> anyhow::Result<Vec<(NaiveDate, Decimal)>> {
    Ok(sqlx::query_as(
        "SELECT start_day, spent FROM budget_period_spent
         WHERE user_id = $1 AND budget_id = $2::uuid ORDER BY start_day",
    )
    .bind(user.id)
    .bind(budget)
    .fetch_all(&app.db.pool)
    .await?)
}

/// 300 a month, leftovers and overspending carried from January 2026.
fn rolling_from_january() -> serde_json::Value {
    json!({ "period": "monthly", "amount": "300", "rollover": "both", "starts_on": "2026-01-01" })
}

/// Stores how many dollars a euro was worth from `on`.
async fn dollars_per_euro(app: &TestApp, on: &str, rate: Decimal) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO fx_rates (base, quote, rate_date, rate) VALUES ('EUR', 'USD', $1, $2)",
    )
    .bind(day(on))
    .bind(rate)
    .execute(&app.db.pool)
    .await?;
    Ok(())
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// (rolled over, spent) of March 2026.
async fn march(app: &TestApp, user: &TestUser, budget: &str) -> anyhow::Result<(Decimal, Decimal)> {
    let p = progress(app, user, budget, "2026-03-15").await?;
    Ok((money(&p["rolled_over"]), money(&p["spent"])))
}

async fn patch(
    app: &TestApp,
    user: &TestUser,
    path: &str,
    body: serde_json::Value,
) -> anyhow::Result<()> {
    expect(app, user, Method::PATCH, path, Some(body), StatusCode::OK).await?;
    Ok(())
}

#[tokio::test]
async fn kept_spending_is_read_and_each_change_drops_what_it_changed() -> anyhow::Result<()> {
    let (app, user) = ana_in("Europe/Berlin").await?;
    let checking = account_in(&app, &user, "Checking", "checking", "EUR").await?;
    let g = Some("food.groceries");
    row(&app, &user, checking, "2026-01-10", dec!(-40), g).await?;
    let february = row(&app, &user, checking, "2026-02-05", dec!(-20), g).await?;
    row(&app, &user, checking, "2026-03-03", dec!(-30), g).await?;
    let h = Some("shopping.home");
    row(&app, &user, checking, "2026-03-04", dec!(-15), h).await?;
    let food = food_budget(&app, &user, rolling_from_january()).await?;
    let home = category(&app, &user, "shopping.home").await?;

    // January and February carry (300 - 40) + (300 - 20); March spends 30. Computed from the
    // rows (nothing refreshed yet) and kept.
    assert_eq!(march(&app, &user, &food).await?, (dec!(540), dec!(30)));
    let computed = vec![
        (day("2026-01-01"), dec!(40)),
        (day("2026-02-01"), dec!(20)),
        (day("2026-03-01"), dec!(30)),
    ];
    assert_eq!(kept(&app, &user, &food).await?, computed);

    // The next read uses what is kept: a different January shows.
    sqlx::query(
        "UPDATE budget_period_spent SET spent = 140 WHERE user_id = $1 AND start_day = '2026-01-01'",
    )
        .bind(user.id)
        .execute(&app.db.pool)
        .await?;
    assert_eq!(march(&app, &user, &food).await?, (dec!(440), dec!(30)));

    // A row on January 10th, a day still waiting for the rollup: January goes, the rest stay.
    row(&app, &user, checking, "2026-01-10", dec!(-10), g).await?;
    assert_eq!(kept(&app, &user, &food).await?, computed[1..]);
    assert_eq!(march(&app, &user, &food).await?, (dec!(530), dec!(30)));

    // With the rollup current, a recategorization in February drops February only.
    rollups::refresh(&app.db.pool, user.id).await?;
    patch(
        &app,
        &user,
        &format!("/transactions/{february}"),
        json!({ "category_id": home }),
    )
    .await?;
    assert_eq!(
        kept(&app, &user, &food).await?,
        [(day("2026-01-01"), dec!(50)), (day("2026-03-01"), dec!(30))]
    );
    assert_eq!(march(&app, &user, &food).await?, (dec!(550), dec!(30)));

    // Home moves under Food: the tree changed, nothing of the user's is kept.
    patch(
        &app,
        &user,
        &format!("/categories/{home}"),
        json!({ "parent_id": category(&app, &user, "food").await? }),
    )
    .await?;
    assert!(kept(&app, &user, &food).await?.is_empty());
    assert_eq!(march(&app, &user, &food).await?, (dec!(530), dec!(45)));

    // The budget moves to Groceries: its own kept periods go.
    patch(
        &app,
        &user,
        &format!("/budgets/{food}"),
        json!({ "category_id": category(&app, &user, "food.groceries").await? }),
    )
    .await?;
    assert!(kept(&app, &user, &food).await?.is_empty());
    assert_eq!(march(&app, &user, &food).await?, (dec!(550), dec!(30)));

    // A row at 23:30 on February 28th in New York is March 1st in Berlin. Moving to New York
    // drops everything kept; the row then counts in February.
    let late_evening = "2026-02-28T23:30:00-05:00";
    row(&app, &user, checking, late_evening, dec!(-5), g).await?;
    assert_eq!(march(&app, &user, &food).await?, (dec!(550), dec!(35)));
    patch(
        &app,
        &user,
        "/me",
        json!({ "time_zone": "America/New_York" }),
    )
    .await?;
    assert!(kept(&app, &user, &food).await?.is_empty());
    assert_eq!(march(&app, &user, &food).await?, (dec!(545), dec!(30)));
    Ok(())
}

#[tokio::test]
async fn a_new_exchange_rate_drops_converted_periods_from_its_day_on() -> anyhow::Result<()> {
    let (app, user) = ana_in("Europe/Berlin").await?;
    let checking = account_in(&app, &user, "Checking", "checking", "EUR").await?;
    let dollars = account_in(&app, &user, "Dollars", "checking", "USD").await?;
    dollars_per_euro(&app, "2026-01-01", dec!(1.25)).await?;
    let g = Some("food.groceries");
    row(&app, &user, checking, "2026-01-10", dec!(-40), g).await?;
    row(&app, &user, dollars, "2026-02-10", dec!(-10), g).await?;
    row(&app, &user, dollars, "2026-03-10", dec!(-10), g).await?;
    let food = food_budget(&app, &user, rolling_from_january()).await?;
    // 10 dollars are 8 euros.
    assert_eq!(march(&app, &user, &food).await?, (dec!(552), dec!(8)));
    assert_eq!(kept(&app, &user, &food).await?.len(), 3);

    // From March 1st 10 dollars are 5 euros: March goes; January (no dollars) and February
    // (before the rate) stay.
    dollars_per_euro(&app, "2026-03-01", dec!(2)).await?;
    assert_eq!(
        kept(&app, &user, &food).await?,
        [(day("2026-01-01"), dec!(40)), (day("2026-02-01"), dec!(8))]
    );
    assert_eq!(march(&app, &user, &food).await?, (dec!(552), dec!(5)));

    // A rate from before January: February was converted, so it goes too; January stays.
    dollars_per_euro(&app, "2025-12-01", dec!(1.1)).await?;
    assert_eq!(
        kept(&app, &user, &food).await?,
        [(day("2026-01-01"), dec!(40))]
    );
    Ok(())
}

#[tokio::test]
async fn a_read_beside_an_uncommitted_change_answers_but_keeps_nothing() -> anyhow::Result<()> {
    let (app, user) = ana_in("Europe/Berlin").await?;
    let checking = account_in(&app, &user, "Checking", "checking", "EUR").await?;
    row(
        &app,
        &user,
        checking,
        "2026-01-10",
        dec!(-40),
        Some("food.groceries"),
    )
    .await?;
    let food = food_budget(&app, &user, json!({ "period": "monthly", "amount": "300" })).await?;

    // A change in another month holds the user's lock until it commits; a read computed while
    // it runs could be outdated by it, so it is not kept.
    let mut change = app.db.pool.begin().await?;
    sqlx::query(
        "INSERT INTO transactions (user_id, account_id, booked_at, amount, currency, description)
         VALUES ($1, $2, '2026-05-01', -1, 'EUR', 'LATER')",
    )
    .bind(user.id)
    .bind(checking)
    .execute(&mut *change)
    .await?;
    assert_eq!(
        money(&progress(&app, &user, &food, "2026-01-20").await?["spent"]),
        dec!(40)
    );
    assert!(kept(&app, &user, &food).await?.is_empty());
    change.commit().await?;

    assert_eq!(
        money(&progress(&app, &user, &food, "2026-01-20").await?["spent"]),
        dec!(40)
    );
    assert_eq!(
        kept(&app, &user, &food).await?,
        [(day("2026-01-01"), dec!(40))]
    );
    Ok(())
}

#[tokio::test]
async fn a_yearly_budget_keeps_each_month_and_recomputes_only_the_changed_one() -> anyhow::Result<()>
{
    let (app, user) = ana_in("Europe/Berlin").await?;
    let checking = account_in(&app, &user, "Checking", "checking", "EUR").await?;
    let g = Some("food.groceries");
    row(&app, &user, checking, "2026-01-10", dec!(-40), g).await?;
    row(&app, &user, checking, "2026-03-03", dec!(-30), g).await?;
    let food = food_budget(&app, &user, json!({ "period": "yearly", "amount": "1200" })).await?;
    assert_eq!(
        money(&progress(&app, &user, &food, "2026-06-15").await?["spent"]),
        dec!(70)
    );
    let months = |march: Decimal| {
        (1..=12)
            .map(|m| {
                let spent = match m {
                    1 => dec!(40),
                    3 => march,
                    _ => dec!(0),
                };
                (NaiveDate::from_ymd_opt(2026, m, 1).unwrap(), spent)
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(kept(&app, &user, &food).await?, months(dec!(30)));

    row(&app, &user, checking, "2026-03-20", dec!(-5), g).await?;
    let mut without_march = months(dec!(30));
    without_march.remove(2);
    assert_eq!(kept(&app, &user, &food).await?, without_march);
    assert_eq!(
        money(&progress(&app, &user, &food, "2026-06-15").await?["spent"]),
        dec!(75)
    );
    assert_eq!(kept(&app, &user, &food).await?, months(dec!(35)));
    Ok(())
}
