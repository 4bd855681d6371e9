//! Periods are the user's: a card payment at 23:30 local time on the last day of a month
//! belongs to that month, in New York (behind UTC) and in Tokyo (ahead of it). Rows that
//! carry a date only stay on that date in every zone.

use rust_decimal_macros::dec;

use super::{account_in, add_at, ana_in, categories, dec, get, period, set_time_zone};

/// Spending in January and in February 2025.
async fn jan_and_feb(
    app: &kakeibo_tests::TestApp,
    user: &kakeibo_tests::TestUser,
) -> anyhow::Result<(rust_decimal::Decimal, rust_decimal::Decimal)> {
    let report = get(
        app,
        user,
        "/analytics/spending?from=2025-01-01&to=2025-02-28",
    )
    .await?;
    let total = |start: &str| {
        period(&report, "periods", start)["totals"]
            .as_array()
            .unwrap()
            .first()
            .map_or(dec!(0), |t| dec(&t["amount"]))
    };
    Ok((total("2025-01-01"), total("2025-02-01")))
}

#[tokio::test]
async fn late_evening_on_the_last_day_counts_in_that_month_in_new_york() -> anyhow::Result<()> {
    let (app, user) = ana_in("America/New_York").await?;
    let card = account_in(&app, &user, "Card", "credit_card", "USD").await?;
    let groceries = categories(&app, &user).await?["food.groceries"];
    // 23:30 on 31 January in New York is 04:30 on 1 February in UTC.
    add_at(
        &app,
        &user,
        card,
        "2025-01-31 23:30 America/New_York",
        dec!(-25),
        Some(groceries),
    )
    .await?;
    // 00:30 on 1 February in New York.
    add_at(
        &app,
        &user,
        card,
        "2025-02-01 00:30 America/New_York",
        dec!(-7),
        Some(groceries),
    )
    .await?;
    // A statement row dated 1 February (no time of day).
    add_at(
        &app,
        &user,
        card,
        "2025-02-01 00:00 UTC",
        dec!(-3),
        Some(groceries),
    )
    .await?;
    app.drain_jobs().await?;
    assert_eq!(jan_and_feb(&app, &user).await?, (dec!(25), dec!(10)));

    // Moving to Tokyo rebuilds everything: both card payments fall on 1 February there
    // (13:30 and 14:30), and the dated row stays on its date.
    set_time_zone(&app, &user, "Asia/Tokyo").await?;
    assert_eq!(jan_and_feb(&app, &user).await?, (dec!(0), dec!(35)));
    Ok(())
}

#[tokio::test]
async fn late_evening_on_the_last_day_counts_in_that_month_in_tokyo() -> anyhow::Result<()> {
    let (app, user) = ana_in("Asia/Tokyo").await?;
    let card = account_in(&app, &user, "Card", "credit_card", "JPY").await?;
    let groceries = categories(&app, &user).await?["food.groceries"];
    // 23:30 on 31 January in Tokyo is 14:30 on 31 January in UTC: January either way.
    add_at(
        &app,
        &user,
        card,
        "2025-01-31 23:30 Asia/Tokyo",
        dec!(-2500),
        Some(groceries),
    )
    .await?;
    // 00:30 on 1 February in Tokyo is still 31 January in UTC: February for Ana.
    add_at(
        &app,
        &user,
        card,
        "2025-02-01 00:30 Asia/Tokyo",
        dec!(-700),
        Some(groceries),
    )
    .await?;
    // 23:30 on 28 February in Tokyo: February.
    add_at(
        &app,
        &user,
        card,
        "2025-02-28 23:30 Asia/Tokyo",
        dec!(-100),
        Some(groceries),
    )
    .await?;
    assert_eq!(jan_and_feb(&app, &user).await?, (dec!(2500), dec!(800)));

    // The same rows read in UTC: the 00:30 one moves back to January.
    set_time_zone(&app, &user, "UTC").await?;
    assert_eq!(jan_and_feb(&app, &user).await?, (dec!(3200), dec!(100)));
    Ok(())
}
