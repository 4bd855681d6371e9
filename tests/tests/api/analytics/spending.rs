//! Spending and income by category and period, worked out by hand: month boundaries,
//! refunds, splits, transfers, top-level roll-up, month over month and the 3-month average.

use std::collections::HashMap;

use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use rust_decimal_macros::dec;
use serde_json::json;
use uuid::Uuid;

use super::{account_in, add, amounts, ana_in, categories, dec, get, lines, percent, period};
use kakeibo_tests::http::expect;

/// Ana's first four months of 2025, in UTC (dates only):
///
/// | month | groceries                          | restaurants | other                          |
/// |-------|------------------------------------|-------------|--------------------------------|
/// | Jan   | −100 (10th)                        | −40 (31st)  |                                |
/// | Feb   | −60 (1st), +10 refund, −70 (split) | −30         | electronics −50 (split), uncategorized −15, salary +2000, transfer ±500, card payment −300 |
/// | Mar   | −90                                |             |                                |
/// | Apr   | −80                                | −20         |                                |
async fn four_months() -> anyhow::Result<(TestApp, TestUser, HashMap<String, Uuid>)> {
    let (app, user) = ana_in("UTC").await?;
    let checking = account_in(&app, &user, "Checking", "checking", "EUR").await?;
    let savings = account_in(&app, &user, "Savings", "savings", "EUR").await?;
    let cats = categories(&app, &user).await?;
    for row in [
        ("2025-01-10", "-100", "SUPERMARKET", "food.groceries", ""),
        ("2025-01-31", "-40", "BISTRO", "food.restaurants", ""),
        ("2025-02-01", "-60", "SUPERMARKET", "food.groceries", ""),
        ("2025-02-14", "-30", "BISTRO", "food.restaurants", ""),
        (
            "2025-02-20",
            "10",
            "SUPERMARKET REFUND",
            "food.groceries",
            "",
        ),
        ("2025-02-28", "2000", "ACME PAYROLL", "income.salary", ""),
        ("2025-02-28", "-15", "MYSTERY", "", ""),
        (
            "2025-02-10",
            "-300",
            "CARD PAYMENT",
            "transfers.credit_card",
            "",
        ),
        ("2025-03-05", "-90", "SUPERMARKET", "food.groceries", ""),
        ("2025-04-02", "-20", "BISTRO", "food.restaurants", ""),
        ("2025-04-03", "-80", "SUPERMARKET", "food.groceries", ""),
    ] {
        add(&app, &user, checking, &cats, row).await?;
    }
    let costco = add(
        &app,
        &user,
        checking,
        &cats,
        ("2025-02-25", "-120", "COSTCO", "shopping.general", ""),
    )
    .await?;
    expect(
        &app,
        &user,
        Method::POST,
        &format!("/transactions/{costco}/split"),
        Some(json!({ "parts": [
            { "amount": "-70", "category_id": cats["food.groceries"] },
            { "amount": "-50", "category_id": cats["shopping.electronics"] },
        ] })),
        StatusCode::OK,
    )
    .await?;
    let out = add(
        &app,
        &user,
        checking,
        &cats,
        ("2025-02-27", "-500", "TO SAVINGS", "", ""),
    )
    .await?;
    let into = add(
        &app,
        &user,
        savings,
        &cats,
        ("2025-02-27", "500", "FROM CHECKING", "", ""),
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
    app.drain_jobs().await?;
    Ok((app, user, cats))
}

#[tokio::test]
async fn spending_by_category_and_month() -> anyhow::Result<()> {
    let (app, user, cats) = four_months().await?;
    let report = get(
        &app,
        &user,
        "/analytics/spending?from=2025-01-01&to=2025-04-30&interval=month",
    )
    .await?;
    assert_eq!(report["periods"].as_array().unwrap().len(), 4);

    let jan = period(&report, "periods", "2025-01-01");
    assert_eq!(jan["end"], "2025-01-31");
    assert_eq!(
        amounts(jan, "EUR"),
        HashMap::from([
            ("Groceries".to_string(), dec!(100)),
            ("Restaurants".to_string(), dec!(40)),
        ])
    );
    // The refund counts against groceries, the split's parts go to their own categories,
    // the transfer and the card payment (a transfer category) are not spending, and the
    // uncategorized money out is.
    let feb = period(&report, "periods", "2025-02-01");
    assert_eq!(
        amounts(feb, "EUR"),
        HashMap::from([
            ("Groceries".to_string(), dec!(120)),
            ("Electronics".to_string(), dec!(50)),
            ("Restaurants".to_string(), dec!(30)),
            ("Uncategorized".to_string(), dec!(15)),
        ])
    );
    assert_eq!(feb["totals"].as_array().unwrap().len(), 1);
    assert_eq!(feb["totals"][0]["currency"], "EUR");
    assert_eq!(dec(&feb["totals"][0]["amount"]), dec!(215));
    let feb_lines = lines(feb);
    let groceries = &feb_lines[&("Groceries".to_string(), "EUR".to_string())];
    // −60, +10 and the −70 part.
    assert_eq!(groceries["transactions"], 3);
    assert_eq!(groceries["category_id"], json!(cats["food.groceries"]));
    assert_eq!(groceries["parent_id"], json!(cats["food"]));
    // Largest first.
    assert_eq!(feb["categories"][0]["name"], "Groceries");

    // Month over month: groceries 100 → 120 is +20 %, restaurants 40 → 30 is −25 %.
    assert_eq!(dec(&groceries["previous"]), dec!(100));
    assert_eq!(percent(&groceries["change_percent"]), Some(dec!(20.0)));
    let restaurants = &feb_lines[&("Restaurants".to_string(), "EUR".to_string())];
    assert_eq!(percent(&restaurants["change_percent"]), Some(dec!(-25.0)));
    let electronics = &feb_lines[&("Electronics".to_string(), "EUR".to_string())];
    assert_eq!(percent(&electronics["change_percent"]), None);
    // Ana's data begins in January: February's average is January's alone.
    assert_eq!(percent(&groceries["average"]), Some(dec!(100)));
    assert_eq!(
        percent(&groceries["average_change_percent"]),
        Some(dec!(20.0))
    );

    // April against March (MoM) and against the average of January to March.
    let apr = lines(period(&report, "periods", "2025-04-01"));
    let groceries = &apr[&("Groceries".to_string(), "EUR".to_string())];
    assert_eq!(dec(&groceries["amount"]), dec!(80));
    assert_eq!(dec(&groceries["previous"]), dec!(90));
    // (80 − 90) / 90 = −11.1 %; average (100 + 120 + 90) / 3 = 103.3333; −22.6 %.
    assert_eq!(percent(&groceries["change_percent"]), Some(dec!(-11.1)));
    assert_eq!(percent(&groceries["average"]), Some(dec!(103.3333)));
    assert_eq!(
        percent(&groceries["average_change_percent"]),
        Some(dec!(-22.6))
    );
    let restaurants = &apr[&("Restaurants".to_string(), "EUR".to_string())];
    // Nothing in March: no MoM percentage; average (40 + 30 + 0) / 3 = 23.3333; −14.3 %.
    assert_eq!(dec(&restaurants["previous"]), dec!(0));
    assert_eq!(percent(&restaurants["change_percent"]), None);
    assert_eq!(percent(&restaurants["average"]), Some(dec!(23.3333)));
    assert_eq!(
        percent(&restaurants["average_change_percent"]),
        Some(dec!(-14.3))
    );

    // March shows restaurants at zero against February's 30.
    let mar = lines(period(&report, "periods", "2025-03-01"));
    let restaurants = &mar[&("Restaurants".to_string(), "EUR".to_string())];
    assert_eq!(dec(&restaurants["amount"]), dec!(0));
    assert_eq!(percent(&restaurants["change_percent"]), Some(dec!(-100.0)));
    Ok(())
}

#[tokio::test]
async fn top_level_income_weeks_years_and_one_category() -> anyhow::Result<()> {
    let (app, user, cats) = four_months().await?;
    let top = get(
        &app,
        &user,
        "/analytics/spending?from=2025-02-10&to=2025-02-10&level=top",
    )
    .await?;
    // Whole periods: the 10th widens to February.
    assert_eq!(top["periods"].as_array().unwrap().len(), 1);
    let feb = period(&top, "periods", "2025-02-01");
    assert_eq!(
        amounts(feb, "EUR"),
        HashMap::from([
            ("Food & Dining".to_string(), dec!(150)),
            ("Shopping".to_string(), dec!(50)),
            ("Uncategorized".to_string(), dec!(15)),
        ])
    );
    assert_eq!(feb["categories"][0]["parent_id"], json!(null));

    let income = get(
        &app,
        &user,
        "/analytics/spending?from=2025-02-01&to=2025-02-28&flow=income",
    )
    .await?;
    assert_eq!(
        amounts(period(&income, "periods", "2025-02-01"), "EUR"),
        HashMap::from([("Salary".to_string(), dec!(2000))])
    );

    // The week from Monday 27 January to Sunday 2 February holds the 31st and the 1st.
    let weeks = get(
        &app,
        &user,
        "/analytics/spending?from=2025-01-29&to=2025-02-02&interval=week",
    )
    .await?;
    assert_eq!(weeks["periods"].as_array().unwrap().len(), 1);
    let week = period(&weeks, "periods", "2025-01-27");
    assert_eq!(week["end"], "2025-02-02");
    assert_eq!(
        amounts(week, "EUR"),
        HashMap::from([
            ("Groceries".to_string(), dec!(60)),
            ("Restaurants".to_string(), dec!(40)),
        ])
    );

    let year = get(
        &app,
        &user,
        "/analytics/spending?from=2025-01-01&to=2025-12-31&interval=year&level=top",
    )
    .await?;
    let y2025 = period(&year, "periods", "2025-01-01");
    assert_eq!(y2025["end"], "2025-12-31");
    // 140 + 215 + 90 + 100.
    assert_eq!(dec(&y2025["totals"][0]["amount"]), dec!(545));

    // Food & Dining and what is below it only.
    let food = get(
        &app,
        &user,
        &format!(
            "/analytics/spending?from=2025-02-01&to=2025-02-28&category_id={}",
            cats["food"]
        ),
    )
    .await?;
    assert_eq!(
        amounts(period(&food, "periods", "2025-02-01"), "EUR"),
        HashMap::from([
            ("Groceries".to_string(), dec!(120)),
            ("Restaurants".to_string(), dec!(30)),
        ])
    );
    Ok(())
}

#[tokio::test]
async fn cash_flow_per_month() -> anyhow::Result<()> {
    let (app, user, _) = four_months().await?;
    let report = get(
        &app,
        &user,
        "/analytics/cash-flow?from=2024-12-01&to=2025-03-31",
    )
    .await?;
    let months: Vec<&str> = report["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["start"].as_str().unwrap())
        .collect();
    assert_eq!(
        months,
        ["2024-12-01", "2025-01-01", "2025-02-01", "2025-03-01"]
    );
    // December is empty, but there.
    assert_eq!(
        period(&report, "periods", "2024-12-01")["currencies"],
        json!([])
    );
    let flow = |start: &str| {
        let c = &period(&report, "periods", start)["currencies"][0];
        assert_eq!(c["currency"], "EUR");
        (dec(&c["income"]), dec(&c["spending"]), dec(&c["net"]))
    };
    assert_eq!(flow("2025-01-01"), (dec!(0), dec!(140), dec!(-140)));
    // Salary in, 215 spent; the transfer and the card payment move no money out of Ana's
    // hands.
    assert_eq!(flow("2025-02-01"), (dec!(2000), dec!(215), dec!(1785)));
    assert_eq!(flow("2025-03-01"), (dec!(0), dec!(90), dec!(-90)));
    Ok(())
}

#[tokio::test]
async fn currencies_are_never_added_together() -> anyhow::Result<()> {
    let (app, user) = ana_in("UTC").await?;
    let euros = account_in(&app, &user, "Girokonto", "checking", "EUR").await?;
    let dollars = account_in(&app, &user, "US checking", "checking", "USD").await?;
    let cats = categories(&app, &user).await?;
    add(
        &app,
        &user,
        euros,
        &cats,
        ("2025-05-03", "-12.50", "CAFE", "food.coffee", ""),
    )
    .await?;
    add(
        &app,
        &user,
        dollars,
        &cats,
        ("2025-05-04", "-4.25", "CAFE", "food.coffee", ""),
    )
    .await?;
    add(
        &app,
        &user,
        dollars,
        &cats,
        ("2025-05-05", "-20", "DINER", "food.restaurants", ""),
    )
    .await?;
    let report = get(
        &app,
        &user,
        "/analytics/spending?from=2025-05-01&to=2025-05-31&level=top",
    )
    .await?;
    let may = period(&report, "periods", "2025-05-01");
    assert_eq!(
        amounts(may, "EUR"),
        HashMap::from([("Food & Dining".to_string(), dec!(12.50))])
    );
    assert_eq!(
        amounts(may, "USD"),
        HashMap::from([("Food & Dining".to_string(), dec!(24.25))])
    );
    let totals: Vec<(String, rust_decimal::Decimal)> = may["totals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["currency"].as_str().unwrap().to_string(),
                dec(&t["amount"]),
            )
        })
        .collect();
    assert_eq!(
        totals,
        [
            ("EUR".to_string(), dec!(12.50)),
            ("USD".to_string(), dec!(24.25))
        ]
    );
    Ok(())
}
