//! What a budget counts: its category and the ones below it, refunds as negative spending, a
//! split's parts in the category (not the rest), never transfers; a total budget counts
//! every expense category and uncategorized money out, not income.

use reqwest::{Method, StatusCode};
use rust_decimal_macros::dec;
use serde_json::json;

use super::{account_in, ana_in, budget, category, expect, food_budget, money, progress, row};

#[tokio::test]
async fn a_category_budget_counts_subcategories_refunds_and_split_parts_but_not_transfers()
-> anyhow::Result<()> {
    let (app, user) = ana_in("UTC").await?;
    let checking = account_in(&app, &user, "Checking", "checking", "EUR").await?;
    let savings = account_in(&app, &user, "Savings", "checking", "EUR").await?;
    row(
        &app,
        &user,
        checking,
        "2026-01-03",
        dec!(-80),
        Some("food.groceries"),
    )
    .await?;
    row(
        &app,
        &user,
        checking,
        "2026-01-04",
        dec!(-45.50),
        Some("food.restaurants"),
    )
    .await?;
    row(&app, &user, checking, "2026-01-05", dec!(-10), Some("food")).await?;
    // A refund.
    row(
        &app,
        &user,
        checking,
        "2026-01-06",
        dec!(15),
        Some("food.groceries"),
    )
    .await?;
    row(
        &app,
        &user,
        checking,
        "2026-01-07",
        dec!(-60),
        Some("shopping.general"),
    )
    .await?;
    row(&app, &user, checking, "2026-01-08", dec!(-5), None).await?;
    row(
        &app,
        &user,
        checking,
        "2026-01-09",
        dec!(2000),
        Some("income.salary"),
    )
    .await?;
    // Outside January.
    row(
        &app,
        &user,
        checking,
        "2026-02-01",
        dec!(-99),
        Some("food.groceries"),
    )
    .await?;
    let split = row(
        &app,
        &user,
        checking,
        "2026-01-10",
        dec!(-100),
        Some("shopping.home"),
    )
    .await?;
    let groceries = category(&app, &user, "food.groceries").await?;
    let home = category(&app, &user, "shopping.home").await?;
    expect(
        &app,
        &user,
        Method::POST,
        &format!("/transactions/{split}/split"),
        Some(json!({ "parts": [{ "amount": "-30", "category_id": groceries }, { "amount": "-70", "category_id": home }] })),
        StatusCode::OK,
    )
    .await?;
    // Money moved to savings, filed (wrongly) under groceries: a transfer is not spending.
    let out = row(
        &app,
        &user,
        checking,
        "2026-01-11",
        dec!(-25),
        Some("food.groceries"),
    )
    .await?;
    let into = row(
        &app,
        &user,
        savings,
        "2026-01-11",
        dec!(25),
        Some("food.groceries"),
    )
    .await?;
    expect(
        &app,
        &user,
        Method::POST,
        "/transfers",
        Some(json!({ "transaction_ids": [out, into] })),
        StatusCode::CREATED,
    )
    .await?;

    let food = food_budget(&app, &user, json!({ "period": "monthly", "amount": "300" })).await?;
    let p = progress(&app, &user, &food, "2026-01-20").await?;
    // 80 + 45.50 + 10 − 15 + 30.
    assert_eq!(money(&p["spent"]), dec!(150.50));
    assert_eq!(money(&p["remaining"]), dec!(149.50));
    assert_eq!(money(&p["utilization_percent"]), dec!(50.2));

    let total = budget(
        &app,
        &user,
        json!({ "name": "All", "period": "monthly", "amount": "1000", "currency": "EUR" }),
    )
    .await?;
    let p = progress(&app, &user, &total, "2026-01-20").await?;
    // 80 + 45.50 + 10 − 15 + 60 + 5 (uncategorized) + 30 + 70 (both parts); no salary, no transfer.
    assert_eq!(money(&p["spent"]), dec!(285.50));

    // The budget on a subcategory counts only it: 80 − 15 + 30.
    let groceries_budget = budget(
        &app,
        &user,
        json!({ "name": "Groceries", "category_id": groceries, "period": "monthly", "amount": "200", "currency": "EUR" }),
    )
    .await?;
    let p = progress(&app, &user, &groceries_budget, "2026-01-20").await?;
    assert_eq!(money(&p["spent"]), dec!(95));
    Ok(())
}
