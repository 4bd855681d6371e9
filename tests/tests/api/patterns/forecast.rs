//! The forecast by hand: a weekly payment with its next dates, plus the average of the other
//! spending of the last 90 days; and the recurring list it comes from.

use kakeibo_tests::TestApp;
use rust_decimal_macros::dec;
use serde_json::json;

use super::{account, add, assert_invalid, call, days_ago_fn, get};

#[tokio::test]
async fn thirty_sixty_and_ninety_days_from_a_weekly_payment_and_the_average() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let checking = account(&app, &user, "Checking").await?;
    let days_ago = days_ago_fn(&app).await?;
    // The gym every 7 days, the last one 3 days ago: next in 4 days.
    for week in 0..8 {
        add(
            &app,
            &user,
            checking,
            days_ago(3 + 7 * week),
            dec!(-10),
            "FitGym",
            None,
        )
        .await?;
    }
    // One other purchase in the last 90 days: 90 a quarter, so 1 a day.
    add(
        &app,
        &user,
        checking,
        days_ago(20),
        dec!(-90),
        "Elektro Markt",
        None,
    )
    .await?;
    app.drain_jobs().await?;

    let recurring = get(&app, &user, "/analytics/recurring").await?;
    assert_eq!(recurring.as_array().unwrap().len(), 1, "{recurring}");
    let gym = &recurring[0];
    assert_eq!(gym["merchant"], "FitGym");
    assert_eq!(gym["cadence"], "weekly");
    assert_eq!(gym["amount"], "-10.0000");
    assert_eq!(gym["occurrences"], 8);
    assert_eq!(gym["next_date"], json!(days_ago(-4)));
    assert_eq!(gym["status"], "active");

    let forecast = get(&app, &user, "/analytics/forecast").await?;
    assert_eq!(forecast["today"], json!(days_ago(0)));
    let eur = &forecast["currencies"][0];
    assert_eq!(eur["currency"], "EUR");
    // A manual account reports no balance.
    assert_eq!(eur["starting_balance"], json!(null));
    // Gym dates in days from today: 4, 11, 18, 25 | 32 … 60 | 67 … 88.
    let horizons: Vec<(u64, &str, &str, &str)> = eur["horizons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["days"].as_u64().unwrap(),
                h["recurring_spending"].as_str().unwrap(),
                h["other_spending"].as_str().unwrap(),
                h["net"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        horizons,
        [
            (30, "40.0000", "30.00", "-70.0000"),
            (60, "90.0000", "60.00", "-150.0000"),
            (90, "130.0000", "90.00", "-220.0000"),
        ]
    );
    assert_eq!(eur["upcoming"][0]["date"], json!(days_ago(-4)));
    assert_eq!(eur["upcoming"].as_array().unwrap().len(), 13);
    Ok(())
}

#[tokio::test]
async fn bad_parameters_answer_422_or_400() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let (status, body) = call(
        &app,
        &user,
        reqwest::Method::GET,
        "/analytics/recurring?include_ended=maybe",
        None,
    )
    .await?;
    assert_invalid(status, &body, "include_ended");
    let (status, body) = call(
        &app,
        &user,
        reqwest::Method::GET,
        "/analytics/anomalies?since=yesterday",
        None,
    )
    .await?;
    assert_invalid(status, &body, "since");
    let (status, body) = call(
        &app,
        &user,
        reqwest::Method::GET,
        "/analytics/anomalies?kind=odd",
        None,
    )
    .await?;
    assert_invalid(status, &body, "kind");
    let (status, body) = call(&app, &user, reqwest::Method::GET, "/insights?limit=0", None).await?;
    assert_invalid(status, &body, "limit");
    let (status, _) = call(
        &app,
        &user,
        reqwest::Method::GET,
        "/analytics/recurring?colour=red",
        None,
    )
    .await?;
    assert_eq!(status, reqwest::StatusCode::BAD_REQUEST);
    let id = uuid::Uuid::new_v4();
    let (status, body) = call(
        &app,
        &user,
        reqwest::Method::PATCH,
        &format!("/insights/{id}"),
        Some(json!({ "status": "gone" })),
    )
    .await?;
    assert_invalid(status, &body, "status");
    let (status, body) = call(
        &app,
        &user,
        reqwest::Method::PATCH,
        &format!("/analytics/recurring/{id}"),
        Some(json!({ "user_state": "maybe" })),
    )
    .await?;
    assert_invalid(status, &body, "user_state");
    // Every endpoint is in the published description.
    let doc: serde_json::Value = app.get("/api/v1/openapi.json").await?.json().await?;
    for path in [
        "/api/v1/analytics/recurring",
        "/api/v1/analytics/recurring/{id}",
        "/api/v1/analytics/anomalies",
        "/api/v1/analytics/forecast",
        "/api/v1/insights",
        "/api/v1/insights/{id}",
    ] {
        assert!(doc["paths"][path].is_object(), "{path}");
    }
    Ok(())
}
