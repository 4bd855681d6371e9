//! Alerts caused by an import: a budget threshold crossed (one row per enabled channel, one
//! delivery) and a large transaction (once per row, however often the file comes again).

use kakeibo_tests::http::account_in;
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::import;

async fn rows_of(
    app: &TestApp,
    user: &TestUser,
    kind: &str,
) -> anyhow::Result<Vec<(String, String, Value)>> {
    Ok(sqlx::query_as(
        "SELECT channel, status, payload FROM notifications WHERE user_id = $1 AND kind = $2 ORDER BY channel",
    )
    .bind(user.id)
    .bind(kind)
    .fetch_all(&app.db.pool)
    .await?)
}

#[tokio::test]
async fn an_import_crossing_a_budget_threshold_alerts_once_per_channel_and_mails_once()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let checking = account_in(&app, &ana, "Checking", "checking", "EUR").await?;
    app.as_user(&ana, Method::POST, "/budgets")
        .json(&json!({ "name": "Everything", "period": "monthly", "amount": "100", "currency": "EUR" }))
        .send().await?.error_for_status()?;
    app.as_user(&ana, Method::PUT, "/notifications/preferences")
        .json(&json!({ "channels": { "budget_threshold": { "email": true } } }))
        .send()
        .await?
        .error_for_status()?;
    let mails_before = app.mails().await?.len();
    // The budget fires only for the current period: the server's today.
    let today = app.today("UTC").await?;
    import(
        &app,
        &ana,
        checking,
        &format!("Date,Description,Amount\n{today},REWE Markt,-85.00\n"),
    )
    .await?;
    app.drain_jobs().await?;
    // Again, and a re-check: nothing new.
    import(
        &app,
        &ana,
        checking,
        &format!("Date,Description,Amount\n{today},REWE Markt,-85.00\n"),
    )
    .await?;
    let mails = app.mails().await?;

    let rows = rows_of(&app, &ana, "budget_threshold").await?;
    let channels: Vec<(&str, &str)> = rows
        .iter()
        .map(|(c, s, _)| (c.as_str(), s.as_str()))
        .collect();
    // Telegram is on by default, but with no bot configured no chat is linked: no row.
    assert_eq!(channels, [("email", "sent"), ("in_app", "sent")]);
    assert_eq!(rows[1].2["threshold_percent"], 80);
    let alerts: Vec<_> = mails[mails_before..].iter().collect();
    assert_eq!(alerts.len(), 1, "{alerts:#?}");
    assert_eq!(alerts[0].subject, "Budget Everything: 80% reached");
    assert!(
        alerts[0].body.contains("Spent 85.00 EUR of 100.00 EUR."),
        "{}",
        alerts[0].body
    );
    Ok(())
}

#[tokio::test]
async fn a_large_payment_alerts_once_and_small_ones_not_at_all() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.register("ana@example.com").await?;
    let checking = account_in(&app, &ana, "Checking", "checking", "EUR").await?;
    let dollars = account_in(&app, &ana, "Dollars", "checking", "USD").await?;
    app.as_user(&ana, Method::PUT, "/notifications/preferences")
        .json(&json!({ "large_transaction": [{ "currency": "EUR", "amount": "500" }] }))
        .send()
        .await?
        .error_for_status()?;
    let csv = "Date,Description,Amount\n2026-01-05,Car Repair Shop,-750.00\n2026-01-06,Cafe Noir,-3.20\n2026-01-07,Salary ACME,2500.00\n";
    import(&app, &ana, checking, csv).await?;
    import(&app, &ana, checking, csv).await?;
    // No threshold in USD: no alert there, however large.
    import(
        &app,
        &ana,
        dollars,
        "Date,Description,Amount\n2026-01-05,Car Dealer,-9000.00\n",
    )
    .await?;

    let rows = rows_of(&app, &ana, "large_transaction").await?;
    let in_app: Vec<&Value> = rows
        .iter()
        .filter(|(c, _, _)| c == "in_app")
        .map(|(_, _, p)| p)
        .collect();
    assert_eq!(in_app.len(), 1, "{rows:?}");
    assert_eq!(in_app[0]["amount"], "-750");
    assert_eq!(in_app[0]["currency"], "EUR");
    assert_eq!(in_app[0]["date"], "2026-01-05");
    assert_eq!(in_app[0]["merchant"], "Car Repair Shop");
    let id: uuid::Uuid = in_app[0]["transaction_id"].as_str().unwrap().parse()?;
    let stored = app
        .as_user(&ana, Method::GET, &format!("/transactions/{id}"))
        .send()
        .await?;
    assert_eq!(
        stored.status(),
        StatusCode::OK,
        "the alert names the imported row"
    );
    app.drain_jobs().await?;
    Ok(())
}

/// Lines that name nobody a category could come from: the categorizer leaves them for review.
fn generic_lines(names: &[&str]) -> String {
    let mut csv = "Date,Description,Amount\n".to_owned();
    for (i, name) in names.iter().enumerate() {
        csv.push_str(&format!(
            "2026-02-{:02},PAYPAL *{name},-{}.50\n",
            i + 1,
            10 + i
        ));
    }
    csv
}

#[tokio::test]
async fn rows_left_uncategorized_alert_once_each_in_the_app_only() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let checking = account_in(&app, &ana, "Checking", "checking", "EUR").await?;
    let mut csv = generic_lines(&["JOHNSMITH", "MARIAROSSI"]);
    csv.push_str("2026-02-10,REWE Markt Berlin,-42.10\n");
    for _ in 0..2 {
        import(&app, &ana, checking, &csv).await?;
        app.drain_jobs().await?;
    }
    let rows = rows_of(&app, &ana, "uncategorized_transaction").await?;
    // Off in Telegram and e-mail unless asked for: the app's feed only.
    assert!(
        rows.iter().all(|(channel, _, _)| channel == "in_app"),
        "{rows:?}"
    );
    let mut merchants: Vec<String> = rows
        .iter()
        .map(|(_, _, payload)| payload["merchant"].as_str().unwrap_or_default().to_owned())
        .collect();
    merchants.sort();
    assert_eq!(
        merchants,
        ["Paypal *Johnsmith", "Paypal *Mariarossi"],
        "the groceries row was categorized; each other row once: {rows:?}"
    );
    for (_, _, payload) in &rows {
        assert!(payload["transaction_id"].as_str().is_some(), "{payload}");
        assert!(
            payload["amount"].as_str().unwrap().starts_with('-'),
            "{payload}"
        );
    }
    let feed = app
        .as_user(&ana, Method::GET, "/notifications")
        .send()
        .await?
        .json::<Value>()
        .await?;
    let titles: Vec<&str> = feed["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["title"].as_str())
        .collect();
    assert!(
        titles.contains(&"10.50 EUR paid at Paypal *Johnsmith"),
        "{titles:?}"
    );
    Ok(())
}

#[tokio::test]
async fn a_big_import_left_uncategorized_makes_one_grouped_alert() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let checking = account_in(&app, &ana, "Checking", "checking", "EUR").await?;
    let names = [
        "ANNA", "BRUNO", "CARLA", "DARIO", "ELENA", "FABIO", "GIULIA", "HUGO",
    ];
    for _ in 0..2 {
        import(&app, &ana, checking, &generic_lines(&names)).await?;
        app.drain_jobs().await?;
    }
    let rows = rows_of(&app, &ana, "uncategorized_transaction").await?;
    assert_eq!(
        rows.len(),
        1,
        "one alert for the import, not eight: {rows:?}"
    );
    let payload = &rows[0].2;
    assert_eq!(payload["count"], 8, "{payload}");
    assert!(payload.get("transaction_id").is_none(), "{payload}");
    let feed = app
        .as_user(&ana, Method::GET, "/notifications")
        .send()
        .await?
        .json::<Value>()
        .await?;
    assert!(
        feed.to_string().contains("8 transactions need a category"),
        "{feed}"
    );
    Ok(())
}
