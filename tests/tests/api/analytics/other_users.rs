//! Another user: the reports take no ids in their paths, so the proof is that Eve's reports
//! never show Ana's money, and that Ana's category or account ids answer 404 to Eve.

use kakeibo_tests::TestApp;
use kakeibo_tests::auth::assert_other_user_gets_404;
use reqwest::Method;
use rust_decimal_macros::dec;
use serde_json::Value;

use super::{account_in, add, categories, dec, get, period};

#[tokio::test]
async fn other_users_never_see_anothers_figures() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let eve = app.verified_user("eve@example.com").await?;
    let checking = account_in(&app, &ana, "Checking", "checking", "EUR").await?;
    let cats = categories(&app, &ana).await?;
    add(
        &app,
        &ana,
        checking,
        &cats,
        ("2025-03-03", "-77", "SUPERMARKET", "food.groceries", "REWE"),
    )
    .await?;
    add(
        &app,
        &ana,
        checking,
        &cats,
        ("2025-03-04", "900", "PAYROLL", "income.salary", ""),
    )
    .await?;
    sqlx::query(
        "INSERT INTO account_balances (user_id, account_id, as_of, balance, currency) VALUES ($1, $2, '2025-03-01', 1234, 'EUR')",
    )
    .bind(ana.id)
    .bind(checking)
    .execute(&app.db.pool)
    .await?;
    let eve_account = account_in(&app, &eve, "Eve's", "checking", "EUR").await?;
    let eve_cats = categories(&app, &eve).await?;
    add(
        &app,
        &eve,
        eve_account,
        &eve_cats,
        ("2025-03-05", "-1", "GUM", "food.groceries", "Kiosk"),
    )
    .await?;
    app.drain_jobs().await?;

    let groceries = cats["food.groceries"];
    assert_other_user_gets_404(
        &app,
        &eve,
        &[
            (
                Method::GET,
                format!(
                    "/analytics/spending?from=2025-03-01&to=2025-03-31&category_id={groceries}"
                ),
                None,
            ),
            (
                Method::GET,
                format!("/analytics/net-worth?from=2025-03-01&to=2025-03-31&account_id={checking}"),
                None,
            ),
            (
                Method::GET,
                format!("/analytics/net-worth?account_id={eve_account},{checking}"),
                None,
            ),
        ],
        &ana,
        (
            "/analytics/spending?from=2025-03-01&to=2025-03-31",
            &|body: &Value| {
                let march = period(body, "periods", "2025-03-01");
                dec(&march["totals"][0]["amount"]) == dec!(77)
            },
        ),
    )
    .await?;

    // Eve's own reports hold her one euro and nothing of Ana's.
    let spending = get(
        &app,
        &eve,
        "/analytics/spending?from=2025-03-01&to=2025-03-31",
    )
    .await?;
    let march = period(&spending, "periods", "2025-03-01");
    assert_eq!(march["totals"].as_array().unwrap().len(), 1);
    assert_eq!(dec(&march["totals"][0]["amount"]), dec!(1));
    let flow = get(
        &app,
        &eve,
        "/analytics/cash-flow?from=2025-03-01&to=2025-03-31",
    )
    .await?;
    let march = &period(&flow, "periods", "2025-03-01")["currencies"][0];
    assert_eq!(
        (dec(&march["income"]), dec(&march["spending"])),
        (dec!(0), dec!(1))
    );
    let merchants = get(&app, &eve, "/analytics/merchants?from=2025-03&to=2025-03").await?;
    assert_eq!(merchants["merchants"].as_array().unwrap().len(), 1);
    assert_eq!(merchants["merchants"][0]["name"], "Kiosk");
    let worth = get(
        &app,
        &eve,
        "/analytics/net-worth?from=2025-03-01&to=2025-03-31",
    )
    .await?;
    assert_eq!(
        period(&worth, "points", "2025-03-01")["currencies"],
        serde_json::json!([])
    );
    let summary = get(&app, &eve, "/analytics/summary?month=2025-03").await?;
    assert_eq!(dec(&summary["spending"]["totals"][0]["amount"]), dec!(1));
    assert_eq!(
        summary["spending"]["categories"].as_array().unwrap().len(),
        1
    );
    Ok(())
}
