//! Producers on their real paths: a goal reached (the budget check after a change), a low
//! balance (a bank sync recording balances), and through the insights recompute a new
//! subscription, a price increase, a missed payment and an unusual payment; each once
//! however often it runs again.

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

/// A goal without an account, reached by a contribution through the API: the alert exists
/// as soon as the contribution does (no job needed), and the daily budget check, which
/// looks for reached goals too, adds none.
#[tokio::test]
async fn a_contribution_that_reaches_a_goal_alerts_once() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.register("ana@example.com").await?;
    let goal: Value = app
        .as_user(&ana, Method::POST, "/goals")
        .json(&json!({ "name": "Holiday", "target_amount": "500", "target_date": "2099-12-31", "currency": "EUR" }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let id = goal["id"].as_str().unwrap_or_default().to_owned();
    let contribute = |amount: &'static str| {
        app.as_user(&ana, Method::POST, &format!("/goals/{id}/contributions"))
            .json(&json!({ "amount": amount, "contributed_on": "2026-03-02" }))
            .send()
    };
    assert_eq!(contribute("300").await?.status(), StatusCode::CREATED);
    assert!(
        payloads(&app, &ana, "goal_reached").await?.is_empty(),
        "300 of 500 is not reached"
    );
    assert_eq!(contribute("200").await?.status(), StatusCode::CREATED);
    let alerts = payloads(&app, &ana, "goal_reached").await?;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(
        (
            alerts[0]["goal_name"].as_str(),
            alerts[0]["saved"].as_str(),
            alerts[0]["target"].as_str()
        ),
        (Some("Holiday"), Some("500"), Some("500"))
    );
    // More money in, and the daily check after a change: still the one alert.
    assert_eq!(contribute("20").await?.status(), StatusCode::CREATED);
    let account = account_in(&app, &ana, "Current", "checking", "EUR").await?;
    add(&app, &ana, account, "-5").await?;
    app.drain_jobs().await?;
    assert_eq!(payloads(&app, &ana, "goal_reached").await?.len(), 1);
    // A contribution refused (zero) changes nothing.
    assert_eq!(
        contribute("0").await?.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(payloads(&app, &ana, "goal_reached").await?.len(), 1);
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

/// The date, or the 28th of its month if later: a month before it is then the same day.
fn by_the_28th(date: chrono::NaiveDate) -> chrono::NaiveDate {
    use chrono::Datelike;
    date.with_day(date.day().min(28))
        .expect("a day every month has")
}

/// Monthly payments to `merchant`, the last on `last`, each a calendar month apart.
async fn monthly(
    app: &TestApp,
    user: &TestUser,
    account: uuid::Uuid,
    merchant: &str,
    last: chrono::NaiveDate,
    amounts: &[rust_decimal::Decimal],
) -> anyhow::Result<()> {
    let months = amounts.len() as u32 - 1;
    for (n, amount) in amounts.iter().enumerate() {
        let on = last - chrono::Months::new(months - n as u32);
        crate::patterns::add(app, user, account, on, *amount, merchant, None).await?;
    }
    Ok(())
}

/// Another change, so the insights recompute again and find the same facts.
async fn recompute_again(
    app: &TestApp,
    user: &TestUser,
    account: uuid::Uuid,
) -> anyhow::Result<()> {
    let days_ago = crate::patterns::days_ago_fn(app).await?;
    crate::patterns::add(
        app,
        user,
        account,
        days_ago(1),
        rust_decimal_macros::dec!(-3),
        "Cafe Noir",
        None,
    )
    .await?;
    app.drain_jobs().await
}

#[tokio::test]
async fn a_price_increase_alerts_once() -> anyhow::Result<()> {
    use rust_decimal_macros::dec;

    let app = TestApp::spawn().await?;
    let ana = app.register("ana@example.com").await?;
    let checking = crate::patterns::account(&app, &ana, "Checking").await?;
    let raised_on = by_the_28th(crate::patterns::days_ago_fn(&app).await?(5));
    monthly(
        &app,
        &ana,
        checking,
        "Streamly",
        raised_on,
        &[dec!(-12.99), dec!(-12.99), dec!(-12.99), dec!(-13.99)],
    )
    .await?;
    app.drain_jobs().await?;
    recompute_again(&app, &ana, checking).await?;

    let alerts = payloads(&app, &ana, "price_increase").await?;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(
        alerts[0],
        json!({ "merchant": "Streamly", "amount": "13.99", "previous_amount": "12.99",
                "currency": "EUR", "date": raised_on })
    );
    Ok(())
}

#[tokio::test]
async fn a_missed_payment_alerts_once() -> anyhow::Result<()> {
    use rust_decimal_macros::dec;

    let app = TestApp::spawn().await?;
    let ana = app.register("ana@example.com").await?;
    let checking = crate::patterns::account(&app, &ana, "Checking").await?;
    // Paid monthly until 45–48 days ago: the payment due about two weeks ago is past its
    // grace, the next is still to come.
    let last_paid = by_the_28th(crate::patterns::days_ago_fn(&app).await?(45));
    monthly(
        &app,
        &ana,
        checking,
        "Gym Club",
        last_paid,
        &[dec!(-29.90); 3],
    )
    .await?;
    app.drain_jobs().await?;
    recompute_again(&app, &ana, checking).await?;

    let alerts = payloads(&app, &ana, "missed_payment").await?;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(
        alerts[0],
        json!({ "merchant": "Gym Club", "cadence": "monthly", "amount": "29.90",
                "currency": "EUR", "last_paid": last_paid })
    );
    Ok(())
}

#[tokio::test]
async fn an_unusual_payment_alerts_once_and_regular_ones_do_not() -> anyhow::Result<()> {
    use rust_decimal_macros::dec;

    let app = TestApp::spawn().await?;
    let ana = app.register("ana@example.com").await?;
    let checking = crate::patterns::account(&app, &ana, "Checking").await?;
    let days_ago = crate::patterns::days_ago_fn(&app).await?;
    // Dinners every 9 days at 30–40 for about five months.
    let usual = [
        dec!(31.50),
        dec!(36.00),
        dec!(33.20),
        dec!(39.90),
        dec!(30.10),
        dec!(35.40),
    ];
    for n in 0..18 {
        let amount = usual[n as usize % usual.len()];
        crate::patterns::add(
            &app,
            &ana,
            checking,
            days_ago(5 + 9 * n),
            -amount,
            "Trattoria Da Enzo",
            None,
        )
        .await?;
    }
    app.drain_jobs().await?;
    assert!(
        payloads(&app, &ana, "anomaly").await?.is_empty(),
        "regular dinners are not news"
    );

    crate::patterns::add(
        &app,
        &ana,
        checking,
        days_ago(2),
        dec!(-168.00),
        "Trattoria Da Enzo",
        None,
    )
    .await?;
    app.drain_jobs().await?;
    recompute_again(&app, &ana, checking).await?;

    let alerts = payloads(&app, &ana, "anomaly").await?;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    // The usual is the median of the dinners before the last 30 days (see the anomalies test).
    assert_eq!(
        alerts[0],
        json!({ "merchant": "Trattoria Da Enzo", "amount": "168.00", "usual": "35.40",
                "currency": "EUR", "date": days_ago(2) })
    );
    Ok(())
}
