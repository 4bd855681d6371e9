//! Rollover from the period holding `starts_on`: surplus only, deficit only, or both, each
//! period's leftover carrying into the next.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::json;

use super::{account_in, ana_in, budget, category, money, progress, row};

#[tokio::test]
async fn rollover_carries_surplus_deficit_or_both_from_the_start() -> anyhow::Result<()> {
    let (app, user) = ana_in("UTC").await?;
    let checking = account_in(&app, &user, "Checking", "checking", "EUR").await?;
    // Before the budget starts: never carried.
    row(
        &app,
        &user,
        checking,
        "2025-12-15",
        dec!(-500),
        Some("food.groceries"),
    )
    .await?;
    row(
        &app,
        &user,
        checking,
        "2026-01-15",
        dec!(-70),
        Some("food.groceries"),
    )
    .await?;
    row(
        &app,
        &user,
        checking,
        "2026-02-15",
        dec!(-150),
        Some("food.groceries"),
    )
    .await?;
    row(
        &app,
        &user,
        checking,
        "2026-03-15",
        dec!(-90),
        Some("food.groceries"),
    )
    .await?;
    row(
        &app,
        &user,
        checking,
        "2026-04-10",
        dec!(-40),
        Some("food.groceries"),
    )
    .await?;
    let groceries = category(&app, &user, "food.groceries").await?;

    // (rollover, carried into April, available, remaining), by hand with 100 a month:
    // surplus: Jan +30; Feb 130 − 150 → 0 carried; Mar 100 − 90 → +10.
    // deficit: Jan +30 → 0; Feb 100 − 150 → −50; Mar 50 − 90 → −40.
    // both:    Jan +30; Feb 130 − 150 → −20; Mar 80 − 90 → −10.
    let cases: [(&str, Decimal, Decimal, Decimal); 4] = [
        ("none", dec!(0), dec!(100), dec!(60)),
        ("surplus", dec!(10), dec!(110), dec!(70)),
        ("deficit", dec!(-40), dec!(60), dec!(20)),
        ("both", dec!(-10), dec!(90), dec!(50)),
    ];
    for (rollover, carried, available, remaining) in cases {
        let id = budget(
            &app,
            &user,
            json!({ "name": rollover, "category_id": groceries, "period": "monthly", "amount": "100",
                    "currency": "EUR", "rollover": rollover, "starts_on": "2026-01-01" }),
        )
        .await?;
        let p = progress(&app, &user, &id, "2026-04-20").await?;
        assert_eq!(money(&p["spent"]), dec!(40), "{rollover}");
        assert_eq!(money(&p["rolled_over"]), carried, "{rollover}");
        assert_eq!(money(&p["available"]), available, "{rollover}");
        assert_eq!(money(&p["remaining"]), remaining, "{rollover}");
    }

    // A deficit larger than the amount leaves nothing available: every threshold is crossed
    // as soon as anything is spent, and the utilization has no percentage.
    let id = budget(
        &app,
        &user,
        json!({ "name": "Tight", "category_id": groceries, "period": "monthly", "amount": "40",
                "currency": "EUR", "rollover": "deficit", "starts_on": "2026-03-01" }),
    )
    .await?;
    // March: 40 − 90 → −50 carried; April: −10 available.
    let p = progress(&app, &user, &id, "2026-04-20").await?;
    assert_eq!(money(&p["available"]), dec!(-10));
    assert!(p["utilization_percent"].is_null());
    assert!(
        p["thresholds"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["crossed"] == true)
    );
    Ok(())
}

/// A budget raised this month keeps what earlier months had: their carries stand, and a past
/// month's progress shows its own amount. Changing the period starts a new history.
#[tokio::test]
async fn a_changed_amount_applies_from_the_current_period() -> anyhow::Result<()> {
    use chrono::{Datelike, Months};
    use reqwest::{Method, StatusCode};

    use super::expect;

    let (app, user) = ana_in("UTC").await?;
    let checking = account_in(&app, &user, "Checking", "checking", "EUR").await?;
    // The server's today, safe from midnight: "this month" is the server's current period.
    let today = app.today("UTC").await?;
    let this_month = today.with_day(1).unwrap();
    let last_month = this_month - Months::new(1);
    let two_months_ago = this_month - Months::new(2);
    let mid = |month: chrono::NaiveDate| (month + chrono::Days::new(14)).to_string();
    for (day, amount) in [
        (mid(two_months_ago), dec!(-70)),
        (mid(last_month), dec!(-150)),
        (this_month.to_string(), dec!(-40)),
    ] {
        row(&app, &user, checking, &day, amount, Some("food.groceries")).await?;
    }
    let groceries = category(&app, &user, "food.groceries").await?;
    let id = budget(
        &app,
        &user,
        json!({ "name": "Groceries", "category_id": groceries, "period": "monthly", "amount": "100",
                "currency": "EUR", "rollover": "both", "starts_on": two_months_ago }),
    )
    .await?;
    let stands = |p: &serde_json::Value| {
        [
            money(&p["budgeted"]),
            money(&p["rolled_over"]),
            money(&p["available"]),
            money(&p["spent"]),
        ]
    };
    let today_s = today.to_string();
    // 100 − 70 carries 30; 100 + 30 − 150 carries −20.
    let now = progress(&app, &user, &id, &today_s).await?;
    assert_eq!(stands(&now), [dec!(100), dec!(-20), dec!(80), dec!(40)]);

    let path = format!("/budgets/{id}");
    let patch = |body: serde_json::Value| {
        expect(
            &app,
            &user,
            Method::PATCH,
            &path,
            Some(body),
            StatusCode::OK,
        )
    };
    patch(json!({ "amount": "200" })).await?;
    // A second change in the same month replaces the first.
    patch(json!({ "amount": "250" })).await?;
    let now = progress(&app, &user, &id, &today_s).await?;
    assert_eq!(stands(&now), [dec!(250), dec!(-20), dec!(230), dec!(40)]);
    let then = progress(&app, &user, &id, &mid(last_month)).await?;
    assert_eq!(stands(&then), [dec!(100), dec!(30), dec!(130), dec!(150)]);

    // Weeks and back: the history starts again with the amount as it is.
    patch(json!({ "period": "weekly" })).await?;
    patch(json!({ "period": "monthly" })).await?;
    let then = progress(&app, &user, &id, &mid(last_month)).await?;
    // 250 − 70 carries 180.
    assert_eq!(stands(&then), [dec!(250), dec!(180), dec!(430), dec!(150)]);
    Ok(())
}
