//! Producers on their real paths: a goal reached (the budget check after a change), a low
//! balance (a bank sync recording balances), each once however often it runs again.

use kakeibo_tests::http::account_in;
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn payloads(app: &TestApp, user: &TestUser, kind: &str) -> anyhow::Result<Vec<Value>> {
    Ok(sqlx::query_scalar(
        "SELECT payload FROM notifications WHERE user_id = $1 AND kind = $2 AND channel = 'in_app' ORDER BY created_at",
    )
    .bind(user.id)
    .bind(kind)
    .fetch_all(&app.db.pool)
    .await?)
}

async fn add(
    app: &TestApp,
    user: &TestUser,
    account: uuid::Uuid,
    amount: &str,
) -> anyhow::Result<()> {
    let today = app.today("UTC").await?;
    let response = app.as_user(user, Method::POST, "/transactions")
        .json(&json!({ "account_id": account, "booked_on": today, "amount": amount, "description": "MOVE" }))
        .send().await?;
    assert_eq!(
        response.status(),
        StatusCode::CREATED,
        "{}",
        response.text().await?
    );
    Ok(())
}

#[tokio::test]
async fn a_goal_reached_alerts_once() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.register("ana@example.com").await?;
    let savings = account_in(&app, &ana, "Savings", "savings", "EUR").await?;
    app.as_user(&ana, Method::POST, "/goals")
        .json(&json!({ "name": "Bike", "target_amount": "100", "target_date": "2099-12-31", "account_id": savings }))
        .send().await?.error_for_status()?;
    add(&app, &ana, savings, "60").await?;
    app.drain_jobs().await?;
    assert!(
        payloads(&app, &ana, "goal_reached").await?.is_empty(),
        "60 of 100 is not reached"
    );
    add(&app, &ana, savings, "50").await?;
    app.drain_jobs().await?;
    add(&app, &ana, savings, "5").await?;
    app.drain_jobs().await?;
    let alerts = payloads(&app, &ana, "goal_reached").await?;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(
        (
            alerts[0]["goal_name"].as_str(),
            alerts[0]["target"].as_str()
        ),
        (Some("Bike"), Some("100"))
    );
    assert_eq!(alerts[0]["saved"], "110");
    Ok(())
}

#[tokio::test]
async fn a_sync_below_an_accounts_threshold_alerts_once_a_day() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.register("ana@example.com").await?;
    let start: Value = app
        .as_user(&ana, Method::POST, "/connections")
        .json(&json!({ "provider": "demo" }))
        .send()
        .await?
        .json()
        .await?;
    let id = start["connection"]["id"]
        .as_str()
        .expect("a connection id")
        .to_string();
    app.as_user(&ana, Method::POST, &format!("/connections/{id}/complete"))
        .json(&json!({}))
        .send()
        .await?
        .error_for_status()?;
    app.drain_jobs().await?;
    let accounts: Vec<(uuid::Uuid, String)> = sqlx::query_as(
        "SELECT id, name FROM accounts WHERE user_id = $1 AND current_balance IS NOT NULL ORDER BY name LIMIT 1",
    )
    .bind(ana.id)
    .fetch_all(&app.db.pool)
    .await?;
    let (account, name) = accounts
        .first()
        .cloned()
        .expect("the demo bank reports balances");
    assert!(
        payloads(&app, &ana, "low_balance").await?.is_empty(),
        "no threshold yet"
    );
    app.as_user(&ana, Method::PUT, "/notifications/preferences")
        .json(&json!({ "low_balance": [{ "account_id": account, "amount": "1000000000" }] }))
        .send()
        .await?
        .error_for_status()?;

    for _ in 0..2 {
        app.as_user(&ana, Method::POST, &format!("/connections/{id}/sync"))
            .send()
            .await?
            .error_for_status()?;
        app.drain_jobs().await?;
    }
    let alerts = payloads(&app, &ana, "low_balance").await?;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0]["account_id"], account.to_string());
    assert_eq!(alerts[0]["account_name"], name);
    assert_eq!(alerts[0]["threshold"], "1000000000");
    Ok(())
}

#[tokio::test]
async fn a_new_subscription_alerts_once_however_often_insights_recompute() -> anyhow::Result<()> {
    use crate::patterns::{account, add, days_ago_fn};
    use rust_decimal_macros::dec;

    let app = TestApp::spawn().await?;
    let ana = app.register("ana@example.com").await?;
    let checking = account(&app, &ana, "Checking").await?;
    let days_ago = days_ago_fn(&app).await?;
    for week in 0..5 {
        add(
            &app,
            &ana,
            checking,
            days_ago(2 + 7 * week),
            dec!(-12),
            "Veggie Box",
            None,
        )
        .await?;
    }
    app.drain_jobs().await?;
    // Another change: the insights recompute again, and find the same series.
    add(
        &app,
        &ana,
        checking,
        days_ago(1),
        dec!(-3),
        "Cafe Noir",
        None,
    )
    .await?;
    app.drain_jobs().await?;
    let alerts = payloads(&app, &ana, "new_subscription").await?;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0]["merchant"], "Veggie Box");
    assert_eq!(
        (alerts[0]["amount"].as_str(), alerts[0]["currency"].as_str()),
        (Some("12.00"), Some("EUR"))
    );
    assert_eq!(alerts[0]["cadence"], "weekly");
    Ok(())
}
