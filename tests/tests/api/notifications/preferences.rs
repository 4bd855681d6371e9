//! Preferences: defaults, a round trip, the bot's functions, and bad input that changes nothing.

use chrono::NaiveTime;
use kakeibo_tests::TestApp;
use kakeibo_tests::http::{account_in, assert_invalid};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn defaults_then_a_round_trip() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.register("ana@example.com").await?;
    let defaults: Value = app
        .as_user(&ana, Method::GET, "/notifications/preferences")
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(
        defaults["channels"]["budget_threshold"],
        json!({ "in_app": true, "telegram": true, "email": false })
    );
    assert_eq!(defaults["channels"]["connection_failing"]["email"], true);
    assert_eq!(
        defaults["quiet_hours"],
        json!({ "enabled": false, "start": "22:00:00", "end": "07:00:00" })
    );
    assert_eq!(defaults["delivery"], "instant");

    let checking = account_in(&app, &ana, "Checking", "checking", "EUR").await?;
    let response = app
        .as_user(&ana, Method::PUT, "/notifications/preferences")
        .json(&json!({
            "channels": { "budget_threshold": { "email": true, "telegram": false } },
            "quiet_hours": { "enabled": true, "start": "21:30", "end": "06:45" },
            "delivery": "daily_digest", "digest_time": "08:15",
            "large_transaction": [{ "currency": "EUR", "amount": "500" }],
            "low_balance": [{ "account_id": checking, "amount": "100.50" }],
        }))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    let saved: Value = app
        .as_user(&ana, Method::GET, "/notifications/preferences")
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(
        saved["channels"]["budget_threshold"],
        json!({ "in_app": true, "telegram": false, "email": true })
    );
    assert_eq!(
        saved["quiet_hours"],
        json!({ "enabled": true, "start": "21:30:00", "end": "06:45:00" })
    );
    assert_eq!(
        (saved["delivery"].as_str(), saved["digest_time"].as_str()),
        (Some("daily_digest"), Some("08:15:00"))
    );
    assert_eq!(
        saved["large_transaction"],
        json!([{ "currency": "EUR", "amount": "500.0000" }])
    );
    assert_eq!(
        saved["low_balance"],
        json!([{ "account_id": checking, "amount": "100.5000" }])
    );

    // What the bot's /settings calls.
    kakeibo_notifications::set_channel_enabled(&app.db.pool, ana.id, "anomaly", "telegram", false)
        .await?;
    kakeibo_notifications::set_quiet_hours(&app.db.pool, ana.id, None).await?;
    let prefs = kakeibo_notifications::preferences(&app.db.pool, ana.id).await?;
    assert!(!prefs.channels["anomaly"]["telegram"]);
    assert!(!prefs.quiet_hours.enabled);
    assert_eq!(
        prefs.quiet_hours.start,
        NaiveTime::from_hms_opt(21, 30, 0).unwrap(),
        "the times are kept"
    );
    assert!(
        kakeibo_notifications::set_channel_enabled(
            &app.db.pool,
            ana.id,
            "weather",
            "telegram",
            true
        )
        .await
        .is_err()
    );
    assert!(
        kakeibo_notifications::set_channel_enabled(&app.db.pool, ana.id, "anomaly", "pigeon", true)
            .await
            .is_err()
    );
    let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
    assert!(
        kakeibo_notifications::set_quiet_hours(&app.db.pool, ana.id, Some((nine, nine)))
            .await
            .is_err()
    );
    Ok(())
}

#[tokio::test]
async fn bad_input_is_a_422_and_changes_nothing() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.register("ana@example.com").await?;
    let bob = app.register("bob@example.com").await?;
    let bobs_account = account_in(&app, &bob, "Bob's", "checking", "EUR").await?;
    let before: Value = app
        .as_user(&ana, Method::GET, "/notifications/preferences")
        .send()
        .await?
        .json()
        .await?;
    let cases = [
        (
            json!({ "channels": { "weather": { "email": true } } }),
            "channels.weather",
        ),
        (
            json!({ "channels": { "anomaly": { "pigeon": true } } }),
            "channels.anomaly.pigeon",
        ),
        (
            json!({ "quiet_hours": { "enabled": true, "start": "25:00", "end": "07:00" } }),
            "quiet_hours.start",
        ),
        (
            json!({ "quiet_hours": { "enabled": true, "start": "07:00", "end": "07:00" } }),
            "quiet_hours.end",
        ),
        (json!({ "delivery": "hourly" }), "delivery"),
        (json!({ "digest_time": "8 am" }), "digest_time"),
        (
            json!({ "large_transaction": [{ "currency": "EUR", "amount": "-5" }] }),
            "large_transaction[0].amount",
        ),
        (
            json!({ "large_transaction": [{ "currency": "euro", "amount": "5" }] }),
            "large_transaction[0].currency",
        ),
        (
            json!({ "low_balance": [{ "account_id": bobs_account, "amount": "-1" }] }),
            "low_balance[0].amount",
        ),
        // Another user's account is not one of Ana's; the channel change with it is not kept.
        (
            json!({ "channels": { "anomaly": { "email": true } }, "low_balance": [{ "account_id": bobs_account, "amount": "10" }] }),
            "low_balance[0].account_id",
        ),
    ];
    for (body, field) in cases {
        let response = app
            .as_user(&ana, Method::PUT, "/notifications/preferences")
            .json(&body)
            .send()
            .await?;
        let status = response.status();
        assert_invalid(status, &response.json().await?, field);
    }
    let after: Value = app
        .as_user(&ana, Method::GET, "/notifications/preferences")
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(before, after);
    Ok(())
}
