//! Threshold alerts: written by the budget worker when a change pushes the current period
//! past a threshold, once per budget, period and threshold, however the rows come and go.
//! A late row in a closed period writes none.

use chrono::{Datelike, Days, Utc};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use rust_decimal_macros::dec;
use serde_json::{Value, json};

use super::{account_in, alerts, ana_in, budget, category, expect, money, progress};

async fn add(
    app: &TestApp,
    user: &TestUser,
    account: uuid::Uuid,
    day: chrono::NaiveDate,
    amount: &str,
    category_id: &str,
) -> anyhow::Result<String> {
    let created = expect(
        app,
        user,
        Method::POST,
        "/transactions",
        Some(
            json!({ "account_id": account, "booked_on": day, "amount": amount,
                     "description": "SHOP", "category_id": category_id }),
        ),
        StatusCode::CREATED,
    )
    .await?;
    Ok(created["id"].as_str().unwrap().to_string())
}

async fn recategorize(
    app: &TestApp,
    user: &TestUser,
    id: &str,
    category_id: &str,
) -> anyhow::Result<()> {
    expect(
        app,
        user,
        Method::PATCH,
        &format!("/transactions/{id}"),
        Some(json!({ "category_id": category_id })),
        StatusCode::OK,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn each_threshold_fires_once_per_period() -> anyhow::Result<()> {
    let (app, user) = ana_in("UTC").await?;
    let checking = account_in(&app, &user, "Checking", "checking", "EUR").await?;
    let groceries = category(&app, &user, "food.groceries").await?;
    let clothing = category(&app, &user, "shopping.clothing").await?;
    let id = budget(
        &app,
        &user,
        json!({ "name": "Groceries", "category_id": groceries, "period": "monthly", "amount": "100", "currency": "EUR" }),
    )
    .await?;
    // The server's today, safe from midnight: the alerts are for its current period.
    let today = app.today("UTC").await?;
    let month = today.with_day(1).unwrap().to_string();

    let shop = add(&app, &user, checking, today, "-85", &groceries).await?;
    app.drain_jobs().await?;
    assert_eq!(alerts(&app, &user).await?, [(80, month.clone())]);
    let payload: Value = sqlx::query_scalar(
        "SELECT payload FROM notifications WHERE user_id = $1 AND channel = 'in_app'",
    )
    .bind(user.id)
    .fetch_one(&app.db.pool)
    .await?;
    assert_eq!(payload["budget_name"], "Groceries");
    assert_eq!(payload["category_name"], "Groceries");
    assert_eq!(money(&payload["spent"]), dec!(85));
    assert_eq!(money(&payload["available"]), dec!(100));

    // Recategorized away (under 80 %) and back: the 80 % alert of this month is not repeated.
    recategorize(&app, &user, &shop, &clothing).await?;
    app.drain_jobs().await?;
    recategorize(&app, &user, &shop, &groceries).await?;
    app.drain_jobs().await?;
    assert_eq!(alerts(&app, &user).await?, [(80, month.clone())]);

    // A late row, booked on the 1st of this month, pushes it past 100 %.
    add(
        &app,
        &user,
        checking,
        today.with_day(1).unwrap(),
        "-20",
        &groceries,
    )
    .await?;
    app.drain_jobs().await?;
    assert_eq!(
        alerts(&app, &user).await?,
        [(80, month.clone()), (100, month.clone())]
    );

    // A late row in last month, which has closed: it shows in that month's progress, and no
    // alert is written for a period the user can no longer act on.
    let last_month = today.with_day(1).unwrap() - Days::new(1);
    add(&app, &user, checking, last_month, "-500", &groceries).await?;
    app.drain_jobs().await?;
    let closed = progress(&app, &user, &id, &last_month.to_string()).await?;
    assert_eq!(money(&closed["spent"]), dec!(500));
    assert!(
        closed["thresholds"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["crossed"] == true)
    );
    assert_eq!(
        alerts(&app, &user).await?,
        [(80, month.clone()), (100, month.clone())]
    );

    // Checking again, with nothing new, writes nothing.
    let mut conn = app.db.pool.acquire().await?;
    let report = kakeibo_budget::thresholds::check_user(&mut conn, user.id, Utc::now()).await?;
    assert_eq!((report.budgets, report.alerts), (1, 0));
    Ok(())
}

#[tokio::test]
async fn thresholds_are_set_per_budget() -> anyhow::Result<()> {
    let (app, user) = ana_in("UTC").await?;
    let checking = account_in(&app, &user, "Checking", "checking", "EUR").await?;
    let groceries = category(&app, &user, "food.groceries").await?;
    // The server's today, safe from midnight: the alerts are for its current period.
    let today = app.today("UTC").await?;
    add(&app, &user, checking, today, "-60", &groceries).await?;
    let id = budget(
        &app,
        &user,
        json!({ "name": "Groceries", "category_id": groceries, "period": "monthly", "amount": "100",
                "currency": "EUR", "thresholds": [90, 50] }),
    )
    .await?;
    // Creating the budget checks it: 60 % is past 50 %.
    app.drain_jobs().await?;
    let month = today.with_day(1).unwrap().to_string();
    assert_eq!(alerts(&app, &user).await?, [(50, month.clone())]);
    let p = progress(&app, &user, &id, &today.to_string()).await?;
    let states: Vec<(i64, rust_decimal::Decimal, bool)> = p["thresholds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["percent"].as_i64().unwrap(),
                money(&t["amount"]),
                t["crossed"] == true,
            )
        })
        .collect();
    assert_eq!(states, [(50, dec!(50), true), (90, dec!(90), false)]);
    Ok(())
}
