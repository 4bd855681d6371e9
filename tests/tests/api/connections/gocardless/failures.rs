//! GoCardless failures through the API: an expired end-user agreement needs the person (and
//! reconnecting starts a new consent), and the bank's daily limit waits until its reset.

use chrono::{Duration, Utc};
use kakeibo_tests::fake_banks::gocardless::{FakeFailure, FakeGoCardless, RATE_LIMIT_RESET_SECS};

use super::super::support;
use super::{CALLBACK, connected, requisition_of};

#[tokio::test]
async fn an_expired_agreement_asks_the_person_to_reconnect() -> anyhow::Result<()> {
    let fake = FakeGoCardless::start().await;
    let (app, user, id) = connected(&fake, 6).await?;
    let stored = support::rows(&app, &user).await?;

    fake.expire_agreement();
    support::sync_now(&app, &user, &id).await?;
    let connection = support::connection(&app, &user, &id).await?;
    support::assert_failed(&connection, "reauth_required", "expired");
    let notifications = support::failing_notifications(&app, &user).await?;
    assert_eq!(notifications.len(), 1);
    assert_eq!(notifications[0]["needs_reconnect"], true);
    assert_eq!(support::rows(&app, &user).await?, stored);

    // Reconnecting starts a new consent at the same bank, back to Kakeibo's callback.
    let started = support::reconnect(&app, &user, &id).await?;
    assert_eq!(started["connection"]["status"], "pending");
    let requisition = requisition_of(&fake, started["next_step"]["url"].as_str().unwrap());
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
    let (app, user, id) = connected(&fake, 24).await?;

    fake.fail_next(FakeFailure::RateLimited);
    let before = Utc::now();
    support::sync_now(&app, &user, &id).await?;
    let after = Utc::now();
    let connection = support::connection(&app, &user, &id).await?;
    support::assert_failed(&connection, "error", "rate limit");
    assert_eq!(connection["consecutive_failures"], 1);
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
