//! Savings goals: progress from contributions or from a linked account, and the projected
//! completion date at the last 90 days' saving rate.

use chrono::{Days, NaiveDate};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use rust_decimal_macros::dec;
use serde_json::{Value, json};

use super::{account_in, ana_in, call, expect, money};

/// Days before and after the server's today (safe from midnight): the 90-day window and
/// the projection count from the day the server reads.
async fn calendar(
    app: &TestApp,
) -> anyhow::Result<(impl Fn(u64) -> NaiveDate, impl Fn(u64) -> NaiveDate)> {
    let today = app.today("UTC").await?;
    Ok((
        move |days| today - Days::new(days),
        move |days| today + Days::new(days),
    ))
}

async fn goal_progress(app: &TestApp, user: &TestUser, id: &str) -> anyhow::Result<Value> {
    let body = expect(
        app,
        user,
        Method::GET,
        &format!("/goals/{id}/progress"),
        None,
        StatusCode::OK,
    )
    .await?;
    Ok(body["progress"].clone())
}

async fn contribute(
    app: &TestApp,
    user: &TestUser,
    id: &str,
    amount: &str,
    on: NaiveDate,
) -> anyhow::Result<String> {
    let body = expect(
        app,
        user,
        Method::POST,
        &format!("/goals/{id}/contributions"),
        Some(json!({ "amount": amount, "contributed_on": on, "note": "saved" })),
        StatusCode::CREATED,
    )
    .await?;
    Ok(body["id"].as_str().unwrap().to_string())
}

#[tokio::test]
async fn a_goal_fed_by_contributions_projects_from_the_last_90_days() -> anyhow::Result<()> {
    let (app, user) = ana_in("UTC").await?;
    let (days_ago, days_ahead) = calendar(&app).await?;
    let goal = expect(
        &app,
        &user,
        Method::POST,
        "/goals",
        Some(json!({ "name": "Bike", "target_amount": "1000", "currency": "EUR", "target_date": days_ahead(365) })),
        StatusCode::CREATED,
    )
    .await?;
    let id = goal["id"].as_str().unwrap().to_string();
    // Outside the window: counts as saved, not for the rate.
    contribute(&app, &user, &id, "100", days_ago(200)).await?;
    contribute(&app, &user, &id, "200", days_ago(60)).await?;
    // The window's first day.
    contribute(&app, &user, &id, "100", days_ago(89)).await?;

    let p = goal_progress(&app, &user, &id).await?;
    assert_eq!(money(&p["saved"]), dec!(400));
    assert_eq!(money(&p["remaining"]), dec!(600));
    assert_eq!(money(&p["percent"]), dec!(40));
    assert_eq!(money(&p["saved_last_90_days"]), dec!(300));
    // 600 at 300 per 90 days: 180 days.
    assert_eq!(p["projected_completion"], json!(days_ahead(180)));
    assert_eq!(p["on_track"], true);
    assert_eq!(p["achieved"], false);

    // A withdrawal today: 350 saved, 250 in the window, 650 left: ⌈650 · 90 / 250⌉ = 234 days.
    let withdrawal = contribute(&app, &user, &id, "-50", days_ago(0)).await?;
    let p = goal_progress(&app, &user, &id).await?;
    assert_eq!(money(&p["saved"]), dec!(350));
    assert_eq!(p["projected_completion"], json!(days_ahead(234)));

    let listed = expect(
        &app,
        &user,
        Method::GET,
        &format!("/goals/{id}/contributions"),
        None,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(listed.as_array().unwrap().len(), 4);
    assert_eq!(money(&listed[0]["amount"]), dec!(-50), "newest first");
    expect(
        &app,
        &user,
        Method::DELETE,
        &format!("/goals/{id}/contributions/{withdrawal}"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await?;
    // 1000 more today: 1400 saved, reached.
    contribute(&app, &user, &id, "1000", days_ago(0)).await?;
    let p = goal_progress(&app, &user, &id).await?;
    assert_eq!(money(&p["saved"]), dec!(1400));
    assert_eq!(money(&p["remaining"]), dec!(0));
    assert_eq!(money(&p["percent"]), dec!(140));
    assert_eq!(
        (&p["achieved"], &p["on_track"]),
        (&json!(true), &json!(true))
    );
    assert!(p["projected_completion"].is_null());
    Ok(())
}

#[tokio::test]
async fn a_goal_on_an_account_follows_its_balance() -> anyhow::Result<()> {
    let (app, user) = ana_in("UTC").await?;
    let (days_ago, days_ahead) = calendar(&app).await?;
    let savings = account_in(&app, &user, "Savings", "checking", "EUR").await?;
    for (day, amount) in [(100, "1000"), (30, "300"), (5, "-60")] {
        expect(
            &app,
            &user,
            Method::POST,
            "/transactions",
            Some(json!({ "account_id": savings, "booked_on": days_ago(day), "amount": amount, "description": "MOVE" })),
            StatusCode::CREATED,
        )
        .await?;
    }
    // The currency is the account's.
    let goal = expect(
        &app,
        &user,
        Method::POST,
        "/goals",
        Some(json!({ "name": "House", "target_amount": "2000", "target_date": days_ahead(200), "account_id": savings })),
        StatusCode::CREATED,
    )
    .await?;
    assert_eq!(goal["currency"], "EUR");
    let id = goal["id"].as_str().unwrap();

    let p = goal_progress(&app, &user, id).await?;
    // A manual account's balance is the sum of its rows: 1000 + 300 − 60.
    assert_eq!(money(&p["saved"]), dec!(1240));
    assert_eq!(money(&p["saved_last_90_days"]), dec!(240));
    // 760 at 240 per 90 days: ⌈285⌉ days, after the target date.
    assert_eq!(p["projected_completion"], json!(days_ahead(285)));
    assert_eq!(p["on_track"], false);

    // A bank-reported balance wins over the sum.
    sqlx::query("UPDATE accounts SET current_balance = 1500 WHERE id = $1")
        .bind(savings)
        .execute(&app.db.pool)
        .await?;
    assert_eq!(
        money(&goal_progress(&app, &user, id).await?["saved"]),
        dec!(1500)
    );

    // Contributions are for goals without an account.
    let (status, error) = call(
        &app,
        &user,
        Method::POST,
        &format!("/goals/{id}/contributions"),
        Some(json!({ "amount": "10" })),
    )
    .await?;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error["error"]["code"], "goal_follows_account");

    // Unlinked, the goal counts its (no) contributions.
    let edited = expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/goals/{id}"),
        Some(json!({ "account_id": null, "name": "Flat" })),
        StatusCode::OK,
    )
    .await?;
    assert_eq!(
        (&edited["name"], &edited["account_id"]),
        (&json!("Flat"), &Value::Null)
    );
    assert_eq!(
        money(&goal_progress(&app, &user, id).await?["saved"]),
        dec!(0)
    );
    expect(
        &app,
        &user,
        Method::DELETE,
        &format!("/goals/{id}"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await?;
    expect(
        &app,
        &user,
        Method::GET,
        &format!("/goals/{id}"),
        None,
        StatusCode::NOT_FOUND,
    )
    .await?;
    Ok(())
}
