//! GoCardless failures through the API: an expired end-user agreement needs the person (and
//! reconnecting starts a new consent), and the bank's daily limit waits until its reset.

use chrono::{Duration, Utc};
use kakeibo_tests::fake_banks::gocardless::{FakeFailure, FakeGoCardless, RATE_LIMIT_RESET_SECS};
use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::super::support;
use super::{CALLBACK, app_with, connect};

#[tokio::test]
async fn an_expired_agreement_asks_the_person_to_reconnect() -> anyhow::Result<()> {
    let fake = FakeGoCardless::start().await;
    let app = app_with(&fake, 6).await?;
    let user = app.verified_user("ana@example.com").await?;
    let id = connect(&app, &fake, &user).await?;
    let stored = support::rows(&app, &user).await?;

    fake.expire_agreement();
    support::request_sync(&app, &user, &id).await?;
    app.drain_jobs().await?;
    let connection = support::connection(&app, &user, &id).await?;
    assert_eq!(connection["status"], "reauth_required", "{connection}");
    assert!(
        connection["last_error"]
            .as_str()
            .unwrap()
            .contains("expired"),
        "{connection}"
    );
    let notifications = support::failing_notifications(&app, &user).await?;
    assert_eq!(notifications.len(), 1);
    assert_eq!(notifications[0]["needs_reconnect"], true);
    assert_eq!(support::rows(&app, &user).await?, stored);

    // Reconnecting starts a new consent at the same bank, back to Kakeibo's callback.
    let response = app
        .as_user(&user, Method::POST, &format!("/connections/{id}/reconnect"))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    let started: Value = response.json().await?;
    assert_eq!(started["connection"]["status"], "pending");
    let link = started["next_step"]["url"].as_str().unwrap();
    let requisition = fake
        .requisition(link.split('/').rev().nth(1).unwrap())
        .unwrap();
    assert_eq!(
        (
            requisition["redirect"].as_str(),
            requisition["status"].as_str()
        ),
        (Some(CALLBACK), Some("CR"))
    );
    Ok(())
}

#[tokio::test]
async fn the_banks_rate_limit_backs_off_until_its_reset() -> anyhow::Result<()> {
    let fake = FakeGoCardless::start().await;
    // A daily schedule, so the wait GoCardless names (6 hours) is neither it nor the backoff.
    let app = app_with(&fake, 24).await?;
    let user = app.verified_user("ana@example.com").await?;
    let id = connect(&app, &fake, &user).await?;

    fake.fail_next(FakeFailure::RateLimited);
    let before = Utc::now();
    support::request_sync(&app, &user, &id).await?;
    app.drain_jobs().await?;
    let after = Utc::now();
    let connection = support::connection(&app, &user, &id).await?;
    assert_eq!(connection["status"], "error", "{connection}");
    assert_eq!(connection["consecutive_failures"], 1);
    assert!(
        connection["last_error"]
            .as_str()
            .unwrap()
            .contains("rate limit"),
        "{connection}"
    );
    let reset = Duration::seconds(i64::from(RATE_LIMIT_RESET_SECS));
    let next = support::next_sync_at(&connection);
    assert!(before + reset <= next && next <= after + reset, "{next}");
    assert!(
        support::failing_notifications(&app, &user)
            .await?
            .is_empty(),
        "one failure is not news"
    );
    Ok(())
}
