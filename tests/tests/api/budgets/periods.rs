//! Periods are calendar weeks (Monday first), months and years in the user's time zone. A
//! bank date (a row at midnight UTC) counts on its own day whatever the zone; a row with a
//! time of day counts at its local time.

use rust_decimal_macros::dec;
use serde_json::json;

use super::{account_in, ana_in, budget, period_and_spent, progress, row};

/// For a user at UTC `offset` in `zone`: 23:30 on the last day of January is January's,
/// 00:30 on the 1st of February is February's, whatever the UTC date says.
async fn month_ends_at_local_midnight(zone: &str, offset: &str) -> anyhow::Result<()> {
    let (app, user) = ana_in(zone).await?;
    let checking = account_in(&app, &user, "Checking", "checking", "EUR").await?;
    let at = |local: &str| format!("{local}{offset}");
    row(
        &app,
        &user,
        checking,
        &at("2025-12-31T23:50:00"),
        dec!(-11),
        None,
    )
    .await?;
    row(
        &app,
        &user,
        checking,
        &at("2026-01-01T00:10:00"),
        dec!(-3),
        None,
    )
    .await?;
    row(&app, &user, checking, "2026-01-31", dec!(-100), None).await?;
    row(
        &app,
        &user,
        checking,
        &at("2026-01-31T23:30:00"),
        dec!(-40),
        None,
    )
    .await?;
    row(
        &app,
        &user,
        checking,
        &at("2026-02-01T00:30:00"),
        dec!(-7),
        None,
    )
    .await?;
    row(&app, &user, checking, "2026-02-01", dec!(-200), None).await?;
    let id = budget(
        &app,
        &user,
        json!({ "name": "All", "period": "monthly", "amount": "1000", "currency": "EUR" }),
    )
    .await?;

    assert_eq!(
        period_and_spent(&progress(&app, &user, &id, "2025-12-05").await?),
        ("2025-12-01".into(), "2025-12-31".into(), dec!(11))
    );
    // 3 + 100 + 40.
    assert_eq!(
        period_and_spent(&progress(&app, &user, &id, "2026-01-15").await?),
        ("2026-01-01".into(), "2026-01-31".into(), dec!(143))
    );
    // 7 + 200.
    assert_eq!(
        period_and_spent(&progress(&app, &user, &id, "2026-02-28").await?),
        ("2026-02-01".into(), "2026-02-28".into(), dec!(207))
    );
    Ok(())
}

#[tokio::test]
async fn the_last_evening_of_the_month_in_new_york_belongs_to_that_month() -> anyhow::Result<()> {
    month_ends_at_local_midnight("America/New_York", "-05:00").await
}

#[tokio::test]
async fn the_last_evening_of_the_month_in_tokyo_belongs_to_that_month() -> anyhow::Result<()> {
    month_ends_at_local_midnight("Asia/Tokyo", "+09:00").await
}

#[tokio::test]
async fn weeks_run_monday_to_sunday_in_the_users_zone() -> anyhow::Result<()> {
    let (app, user) = ana_in("America/New_York").await?;
    let checking = account_in(&app, &user, "Checking", "checking", "EUR").await?;
    // 2026-01-05 is a Monday.
    row(&app, &user, checking, "2026-01-04", dec!(-10), None).await?;
    row(&app, &user, checking, "2026-01-05", dec!(-20), None).await?;
    row(&app, &user, checking, "2026-01-11", dec!(-30), None).await?;
    // Sunday evening in New York, Monday in UTC.
    row(
        &app,
        &user,
        checking,
        "2026-01-11T23:30:00-05:00",
        dec!(-5),
        None,
    )
    .await?;
    row(&app, &user, checking, "2026-01-12", dec!(-40), None).await?;
    let id = budget(
        &app,
        &user,
        json!({ "name": "Week", "period": "weekly", "amount": "100", "currency": "EUR" }),
    )
    .await?;

    assert_eq!(
        period_and_spent(&progress(&app, &user, &id, "2026-01-04").await?),
        ("2025-12-29".into(), "2026-01-04".into(), dec!(10))
    );
    assert_eq!(
        period_and_spent(&progress(&app, &user, &id, "2026-01-08").await?),
        ("2026-01-05".into(), "2026-01-11".into(), dec!(55))
    );
    assert_eq!(
        period_and_spent(&progress(&app, &user, &id, "2026-01-12").await?),
        ("2026-01-12".into(), "2026-01-18".into(), dec!(40))
    );
    Ok(())
}

#[tokio::test]
async fn years_turn_at_local_midnight_on_new_years_eve() -> anyhow::Result<()> {
    let (app, user) = ana_in("America/New_York").await?;
    let checking = account_in(&app, &user, "Checking", "checking", "EUR").await?;
    row(&app, &user, checking, "2025-03-01", dec!(-100), None).await?;
    row(
        &app,
        &user,
        checking,
        "2025-12-31T23:30:00-05:00",
        dec!(-5),
        None,
    )
    .await?;
    row(&app, &user, checking, "2026-01-01", dec!(-50), None).await?;
    let id = budget(
        &app,
        &user,
        json!({ "name": "Year", "period": "yearly", "amount": "5000", "currency": "EUR" }),
    )
    .await?;

    assert_eq!(
        period_and_spent(&progress(&app, &user, &id, "2025-06-01").await?),
        ("2025-01-01".into(), "2025-12-31".into(), dec!(105))
    );
    assert_eq!(
        period_and_spent(&progress(&app, &user, &id, "2026-03-01").await?),
        ("2026-01-01".into(), "2026-12-31".into(), dec!(50))
    );
    Ok(())
}
