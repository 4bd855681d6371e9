//! The pattern tools (recurring, anomalies, forecast, insights) over what the insights
//! worker stored. The worker reads the server's clock, so the rows are placed from the
//! server's today, which the tools are given too.

use chrono::{Datelike, Duration, Months};
use kakeibo_ask::tools;
use kakeibo_tests::TestApp;
use kakeibo_tests::http::{account, expect};
use reqwest::{Method, StatusCode};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::json;

use super::context;

/// An amount as (value, currency), whatever scale the store gave it.
fn money(v: &serde_json::Value) -> (Decimal, &str) {
    (
        v["amount"].as_str().unwrap().parse().unwrap(),
        v["currency"].as_str().unwrap(),
    )
}

#[tokio::test]
async fn recurring_anomalies_forecast_and_insights() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let bob = app.verified_user("bob@example.com").await?;
    let today = app.today("UTC").await?;
    let checking = account(&app, &ana, "Checking").await?;
    let add = |on: chrono::NaiveDate, amount: Decimal, merchant: &'static str| {
        let (app, ana) = (&app, &ana);
        async move {
            expect(
                app,
                ana,
                Method::POST,
                "/transactions",
                Some(json!({ "account_id": checking, "booked_on": on, "amount": amount, "description": merchant, "merchant": merchant })),
                StatusCode::CREATED,
            )
            .await
        }
    };
    // A streaming subscription on the 1st of this month and the five before, 12.99 then
    // 15.99: its next payment is the 1st of next month, after today whatever today is.
    let first_of_month = today.with_day(1).unwrap();
    for back in 0..6u32 {
        let amount = if back >= 3 {
            dec!(-12.99)
        } else {
            dec!(-15.99)
        };
        add(first_of_month - Months::new(back), amount, "Streamflix").await?;
    }
    // Dinners every 9 days at 30–40, then one bill far above them two days ago.
    let amounts = [
        dec!(31.50),
        dec!(36.00),
        dec!(33.20),
        dec!(39.90),
        dec!(30.10),
        dec!(35.40),
    ];
    for n in 0..18i64 {
        add(
            today - Duration::days(5 + 9 * n),
            -amounts[n as usize % 6],
            "Trattoria Da Enzo",
        )
        .await?;
    }
    add(
        today - Duration::days(2),
        dec!(-168.00),
        "Trattoria Da Enzo",
    )
    .await?;
    // Bob's own subscription must not show in Ana's answers.
    let bobs = account(&app, &bob, "Checking").await?;
    for back in 1..=4u32 {
        expect(
            &app,
            &bob,
            Method::POST,
            "/transactions",
            Some(json!({ "account_id": bobs, "booked_on": first_of_month - Months::new(back) + Duration::days(9), "amount": "-99.00", "description": "Bobs Gym", "merchant": "Bobs Gym" })),
            StatusCode::CREATED,
        )
        .await?;
    }
    app.drain_jobs().await?;
    let ctx = context(&app, &ana, today);

    let out = tools::call(
        &ctx,
        "recurring",
        json!({ "upcoming_within_days": null, "price_increases_only": false, "changed_since": null, "ended_only": false }),
    )
    .await?;
    let payments = out.output["payments"].as_array().unwrap();
    let merchants: Vec<&str> = payments
        .iter()
        .map(|p| p["merchant"].as_str().unwrap())
        .collect();
    assert!(merchants.contains(&"Streamflix"), "{}", out.output);
    assert!(!merchants.contains(&"Bobs Gym"));
    let stream = payments
        .iter()
        .find(|p| p["merchant"] == "Streamflix")
        .unwrap();
    assert_eq!(money(&stream["amount"]), (dec!(-15.99), "EUR"));
    assert_eq!(stream["price_increased"], true);
    assert_eq!(money(&stream["previous_amount"]), (dec!(-12.99), "EUR"));
    // The monthly total adds every monthly payment's cost (the dinners are no series: 9 days).
    let monthly: Decimal = payments
        .iter()
        .filter(|p| p["amount"]["amount"].as_str().unwrap().starts_with('-'))
        .map(|p| {
            -p["monthly"]["amount"]
                .as_str()
                .unwrap()
                .parse::<Decimal>()
                .unwrap()
        })
        .sum();
    assert_eq!(money(&out.output["monthly_total"][0]), (monthly, "EUR"));
    let increases = tools::call(
        &ctx,
        "recurring",
        json!({ "upcoming_within_days": null, "price_increases_only": true, "changed_since": null, "ended_only": false }),
    )
    .await?;
    assert!(
        increases.output["payments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["price_increased"] == true)
    );
    // Due within the days until its next date, and not within none (unless that is today).
    let next: chrono::NaiveDate = stream["next_date"].as_str().unwrap().parse()?;
    let until = (next - today).num_days() as u32;
    let due = tools::call(
        &ctx,
        "recurring",
        json!({ "upcoming_within_days": until, "price_increases_only": false, "changed_since": null, "ended_only": false }),
    )
    .await?;
    assert!(
        due.output["payments"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["merchant"] == "Streamflix")
    );
    if until > 0 {
        let none = tools::call(
            &ctx,
            "recurring",
            json!({ "upcoming_within_days": until - 1, "price_increases_only": false, "changed_since": null, "ended_only": false }),
        )
        .await?;
        assert!(
            !none.output["payments"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["merchant"] == "Streamflix")
        );
    }

    let out = tools::call(&ctx, "anomalies", json!({ "days": 30 }))
        .await?
        .output;
    let big = out["anomalies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "large_for_merchant")
        .expect("the big bill");
    assert_eq!(money(&big["amount"]), (dec!(168), "EUR"));
    assert_eq!(big["merchant"], "Trattoria Da Enzo");

    // The forecast lists the subscription's next payment within 60 days, in euros.
    let out = tools::call(&ctx, "forecast", json!({ "days": 60 }))
        .await?
        .output;
    let eur = &out["currencies"][0];
    assert_eq!(eur["currency"], "EUR");
    assert!(
        eur["upcoming"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["merchant"] == "Streamflix" && money(&u["amount"]) == (dec!(-15.99), "EUR")),
        "{out}"
    );
    assert!(
        tools::call(&ctx, "forecast", json!({ "days": 45 }))
            .await
            .is_err()
    );

    // The insights tool answers what the insights endpoint lists.
    let listed = expect(&app, &ana, Method::GET, "/insights", None, StatusCode::OK).await?;
    let out = tools::call(&ctx, "insights", json!({ "limit": 50 }))
        .await?
        .output;
    let ids = |v: &serde_json::Value, key: &str| -> Vec<String> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&out, "insights"), ids(&listed, "insights"));
    assert!(!ids(&out, "insights").is_empty());
    Ok(())
}
