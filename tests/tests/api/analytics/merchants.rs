//! Top merchants: money out less refunds, per currency, with counts; income and transfers
//! are not merchants' takings.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::json;

use super::{account_in, add, ana_in, categories, dec, get};
use kakeibo_tests::http::expect;

#[tokio::test]
async fn top_merchants_by_spending() -> anyhow::Result<()> {
    let (app, user) = ana_in("UTC").await?;
    let checking = account_in(&app, &user, "Checking", "checking", "EUR").await?;
    let savings = account_in(&app, &user, "Savings", "savings", "EUR").await?;
    let dollars = account_in(&app, &user, "US", "checking", "USD").await?;
    let cats = categories(&app, &user).await?;
    for row in [
        (
            "2025-01-03",
            "-5",
            "BLUE BOTTLE 0042",
            "food.coffee",
            "Blue Bottle",
        ),
        (
            "2025-01-09",
            "-5",
            "BLUE BOTTLE 0077",
            "food.coffee",
            "Blue Bottle",
        ),
        (
            "2025-02-11",
            "-5",
            "BLUE BOTTLE 0042",
            "food.coffee",
            "blue bottle",
        ),
        ("2025-01-04", "-50", "REWE 123", "food.groceries", "REWE"),
        ("2025-02-04", "-30", "REWE 456", "food.groceries", "REWE"),
        ("2025-02-06", "10", "REWE REFUND", "food.groceries", "REWE"),
        ("2025-01-20", "-4", "KIOSK", "", ""),
        (
            "2025-01-25",
            "2000",
            "ACME PAYROLL",
            "income.salary",
            "ACME",
        ),
        // Before the range asked for.
        (
            "2024-12-30",
            "-500",
            "APPLE STORE",
            "shopping.electronics",
            "Apple",
        ),
    ] {
        add(&app, &user, checking, &cats, row).await?;
    }
    add(
        &app,
        &user,
        dollars,
        &cats,
        ("2025-02-14", "-20", "AMAZON", "shopping.general", "Amazon"),
    )
    .await?;
    let out = add(
        &app,
        &user,
        checking,
        &cats,
        ("2025-01-28", "-700", "TO SAVINGS", "", ""),
    )
    .await?;
    let into = add(
        &app,
        &user,
        savings,
        &cats,
        ("2025-01-28", "700", "FROM CHECKING", "", ""),
    )
    .await?;
    expect(
        &app,
        &user,
        reqwest::Method::POST,
        "/transfers",
        Some(json!({ "transaction_ids": [out, into] })),
        reqwest::StatusCode::CREATED,
    )
    .await?;
    app.drain_jobs().await?;

    let report = get(&app, &user, "/analytics/merchants?from=2025-01&to=2025-02").await?;
    assert_eq!(report["from"], "2025-01-01");
    assert_eq!(report["to"], "2025-02-28");
    let top: Vec<(String, String, Decimal, i64, String)> = report["merchants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["name"].as_str().unwrap().to_string(),
                m["currency"].as_str().unwrap().to_string(),
                dec(&m["spent"]),
                m["transactions"].as_i64().unwrap(),
                m["last_day"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let row = |name: &str, currency: &str, spent: Decimal, n: i64, last: &str| {
        (
            name.to_string(),
            currency.to_string(),
            spent,
            n,
            last.to_string(),
        )
    };
    assert_eq!(
        top,
        [
            // 50 + 30 − 10.
            row("REWE", "EUR", dec!(70), 3, "2025-02-06"),
            // Named as on the latest row.
            row("blue bottle", "EUR", dec!(15), 3, "2025-02-11"),
            // No merchant given: the categorizer names it from the text.
            row("Kiosk", "EUR", dec!(4), 1, "2025-01-20"),
            row("Amazon", "USD", dec!(20), 1, "2025-02-14"),
        ]
    );

    let two = get(
        &app,
        &user,
        "/analytics/merchants?from=2025-01&to=2025-02&limit=1",
    )
    .await?;
    let names: Vec<&str> = two["merchants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["REWE", "Amazon"]);
    Ok(())
}
