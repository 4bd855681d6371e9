//! The rollups answer spending and income exactly as the rows do: for every grouping the
//! rollups serve, both flows, whole and partial months, a category filter, money in and out
//! without a category, a refund, a move between own accounts, a split row, two currencies,
//! a user far from UTC, and another user's rows beside.

use chrono::NaiveDate;
use kakeibo_tests::TestApp;
use kakeibo_tests::http::{account_in, expect};
use kakeibo_transactions::flows::{self, Flow, FlowQuery, GroupBy};
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::day;

fn query(flow: Flow, from: NaiveDate, to: NaiveDate, group_by: GroupBy) -> FlowQuery {
    FlowQuery {
        flow,
        from,
        to,
        category_ids: Vec::new(),
        account_ids: Vec::new(),
        merchants: Vec::new(),
        tag: None,
        text: None,
        group_by,
    }
}

#[tokio::test]
async fn the_rollups_give_the_rows_sums_and_counts() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    super::add_ledger(&app, &ana).await?;
    super::other_user_with_rewe(&app).await?;
    // Money in without a category (income by the rules), on a day with money out without one.
    let checking = account_in(&app, &ana, "Side", "checking", "EUR").await?;
    for (on, amount) in [("2026-03-10", "35.00"), ("2026-03-10", "-4.50")] {
        expect(
            &app,
            &ana,
            Method::POST,
            "/transactions",
            Some(json!({ "account_id": checking, "booked_on": on, "amount": amount, "description": "cash" })),
            StatusCode::CREATED,
        )
        .await?;
    }
    let groceries: uuid::Uuid = kakeibo_tests::http::category(&app, &ana, "food.groceries")
        .await?
        .parse()?;
    // A split row: one part in Groceries, one without a category.
    let costco = expect(
        &app,
        &ana,
        Method::POST,
        "/transactions",
        Some(json!({ "account_id": checking, "booked_on": "2026-03-12", "amount": "-42.00", "description": "COSTCO" })),
        StatusCode::CREATED,
    )
    .await?;
    expect(
        &app,
        &ana,
        Method::POST,
        &format!("/transactions/{}/split", costco["id"].as_str().unwrap()),
        Some(json!({ "parts": [
            { "amount": "-30.00", "category_id": groceries },
            { "amount": "-12.00", "category_id": null },
        ] })),
        StatusCode::OK,
    )
    .await?;
    expect(
        &app,
        &ana,
        Method::PATCH,
        "/me",
        Some(json!({ "time_zone": "Pacific/Auckland" })),
        StatusCode::OK,
    )
    .await?;
    let periods = [
        (day("2026-03-01"), day("2026-03-31")),
        (day("2026-03-05"), day("2026-03-20")),
        (day("2026-02-01"), day("2026-03-31")),
        (day("2025-01-01"), day("2026-12-31")),
    ];
    let mut compared = 0;
    for flow in [Flow::Spending, Flow::Income] {
        for (from, to) in periods {
            for group_by in [
                GroupBy::Nothing,
                GroupBy::Day,
                GroupBy::Week,
                GroupBy::Month,
                GroupBy::Category,
            ] {
                for categories in [Vec::new(), vec![groceries]] {
                    let mut q = query(flow, from, to, group_by);
                    q.category_ids = categories;
                    let mut conn = app.db.pool.acquire().await?;
                    let from_rows = flows::sums(&mut conn, ana.id, &q).await?;
                    let from_rollups =
                        kakeibo_analytics::reports::flows::sums(&app.db.pool, ana.id, &q)
                            .await?
                            .expect("the rollups serve this query");
                    assert_eq!(from_rollups, from_rows, "{q:?}");
                    compared += usize::from(!from_rows.is_empty());
                }
            }
        }
    }
    assert!(compared > 40, "most queries find something: {compared}");
    // Row-level filters need the rows.
    let mut by_merchant = query(
        Flow::Spending,
        day("2026-03-01"),
        day("2026-03-31"),
        GroupBy::Nothing,
    );
    by_merchant.merchants = vec!["Rewe".into()];
    assert!(
        kakeibo_analytics::reports::flows::sums(&app.db.pool, ana.id, &by_merchant)
            .await?
            .is_none()
    );
    Ok(())
}
