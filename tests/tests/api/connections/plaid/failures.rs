//! Plaid's transient errors (rate limit, institution down): the connection goes to `error`,
//! counts its failures, backs off 5, 10, 20, 40 minutes through the scheduler, tells its user
//! once per failure streak, and recovers on the next good sync.

use chrono::{Duration, Utc};
use kakeibo_tests::fake_banks::plaid::{FakeFailure, FakePlaid};

use super::super::support;

#[tokio::test]
async fn transient_failures_back_off_and_notify_once_per_streak() -> anyhow::Result<()> {
    let fake = FakePlaid::start().await;
    let (app, user, id) = super::linked(&fake).await?;
    let stored = support::rows(&app, &user).await?;

    let failures = [
        (FakeFailure::RateLimited, "ACCOUNTS_BALANCE_GET_LIMIT", 5),
        (FakeFailure::InstitutionDown, "INSTITUTION_DOWN", 10),
        (FakeFailure::RateLimited, "ACCOUNTS_BALANCE_GET_LIMIT", 20),
        (FakeFailure::InstitutionDown, "INSTITUTION_DOWN", 40),
    ];
    for (n, (failure, code, backoff_minutes)) in failures.into_iter().enumerate() {
        fake.fail_next(failure);
        let before = Utc::now();
        if n == 0 {
            // The person asks; later attempts come from the scheduler, when the backoff ends.
            support::sync_now(&app, &user, &id).await?;
        } else {
            let queued = support::tick_when_due(&app, &user, &id).await?;
            assert_eq!(queued, 1, "attempt {}", n + 1);
        }
        let after = Utc::now();

        let connection = support::connection(&app, &user, &id).await?;
        support::assert_failed(&connection, "error", code);
        assert_eq!(connection["consecutive_failures"], n + 1);
        let next = support::next_sync_at(&connection);
        let backoff = Duration::minutes(backoff_minutes);
        assert!(
            before + backoff <= next && next <= after + backoff,
            "attempt {}: {next}",
            n + 1
        );

        let notifications = support::failing_notifications(&app, &user).await?;
        let expected = usize::from(n + 1 >= 3);
        assert_eq!(
            notifications.len(),
            expected,
            "after {} failures: {notifications:?}",
            n + 1
        );
        if expected == 1 {
            assert_eq!(notifications[0]["failures"], 3);
            assert_eq!(notifications[0]["needs_reconnect"], false);
        }
    }
    assert_eq!(
        support::rows(&app, &user).await?,
        stored,
        "failed syncs write nothing"
    );

    // The bank is back: the next scheduled sync clears the streak.
    support::tick_when_due(&app, &user, &id).await?;
    let healthy = support::connection(&app, &user, &id).await?;
    assert_eq!(healthy["status"], "active", "{healthy}");
    assert_eq!(healthy["consecutive_failures"], 0);
    assert!(healthy["last_error"].is_null());
    assert!(support::next_sync_at(&healthy) > Utc::now() + Duration::hours(5));
    assert_eq!(support::failing_notifications(&app, &user).await?.len(), 1);
    Ok(())
}
