//! Hand-computed weeks in the user's zone across the end of summer time: Berlin's week
//! 2026-W43 (Mon 19 – Sun 25 October, clocks go back on the Sunday) and New York's 2026-W44
//! (Mon 26 October – Sun 1 November, clocks go back on the Sunday). Each has rows within an
//! hour or two of local midnight that UTC puts in another week.

use kakeibo_analytics::weekly_summary::weekly_facts;
use kakeibo_notifications::summary::IsoWeek;
use reqwest::{Method, StatusCode};
use rust_decimal_macros::dec;
use serde_json::json;

use super::{account_in, ana_in, booked, expect, slug};

#[tokio::test]
async fn berlin_week_with_the_clock_change() -> anyhow::Result<()> {
    let (app, ana) = ana_in("Europe/Berlin").await?;
    let giro = account_in(&app, &ana, "Giro", "checking", "EUR").await?;
    let groceries = slug(&app, &ana, "food.groceries").await?;
    let restaurants = slug(&app, &ana, "food.restaurants").await?;
    let salary = slug(&app, &ana, "income.salary").await?;
    let rows = [
        // The four weeks before: W39 20, W40 nothing, W41 60, W42 100 + 80.
        (
            "2026-09-22 12:00 Europe/Berlin",
            dec!(-20),
            groceries,
            "Edeka",
        ),
        (
            "2026-10-07 18:00 Europe/Berlin",
            dec!(-60),
            groceries,
            "Aldi",
        ),
        (
            "2026-10-12 10:00 Europe/Berlin",
            dec!(-100),
            groceries,
            "Rewe",
        ),
        // Sunday 18 October 23:30 (summer time, 21:30 UTC): the week before.
        (
            "2026-10-18 23:30 Europe/Berlin",
            dec!(-80),
            restaurants,
            "Trattoria",
        ),
        // Monday 19 October 00:30 (22:30 UTC on Sunday): this week.
        (
            "2026-10-19 00:30 Europe/Berlin",
            dec!(-10),
            groceries,
            "Spätkauf",
        ),
        (
            "2026-10-22 12:00 Europe/Berlin",
            dec!(1000),
            salary,
            "Employer",
        ),
        // Sunday 25 October 23:30 (winter time now, 22:30 UTC): this week.
        (
            "2026-10-25 23:30 Europe/Berlin",
            dec!(-20),
            restaurants,
            "Imbiss",
        ),
        // Monday 26 October 00:30 (23:30 UTC on Sunday): next week.
        (
            "2026-10-26 00:30 Europe/Berlin",
            dec!(-40),
            restaurants,
            "Nachtbar",
        ),
    ];
    for (at, amount, category, merchant) in rows {
        booked(&app, &ana, giro, at, amount, Some(category), merchant).await?;
    }
    let food = slug(&app, &ana, "food").await?;
    expect(
        &app,
        &ana,
        Method::POST,
        "/budgets",
        Some(
            json!({ "name": "Food", "category_id": food, "currency": "EUR",
                     "period": "monthly", "amount": "400", "starts_on": "2026-01-01" }),
        ),
        StatusCode::CREATED,
    )
    .await?;
    // Bob, in the same week: none of it is Ana's.
    let bob = app.verified_user("bob@example.com").await?;
    let bobs = account_in(&app, &bob, "Bob's", "checking", "EUR").await?;
    booked(
        &app,
        &bob,
        bobs,
        "2026-10-21 12:00 Europe/Berlin",
        dec!(-999),
        None,
        "Bob Secret",
    )
    .await?;

    let week: IsoWeek = "2026-W43".parse()?;
    let facts = weekly_facts(&app.db.pool, ana.id, week).await?;
    assert_eq!(facts.currencies.len(), 1);
    let eur = &facts.currencies[0];
    assert_eq!(eur.week.spending, dec!(30));
    assert_eq!(eur.week.income, dec!(1000));
    assert_eq!(eur.week.net, dec!(970));
    assert_eq!(eur.previous_week.spending, dec!(180));
    // (180 + 60 + 0 + 20) / 4
    assert_eq!(eur.four_week_average.spending, dec!(65));
    assert_eq!(eur.four_week_average.income, dec!(0));
    assert_eq!(eur.transactions, 3);
    assert_eq!(
        eur.by_weekday,
        [
            dec!(10),
            dec!(0),
            dec!(0),
            dec!(0),
            dec!(0),
            dec!(0),
            dec!(20)
        ]
    );
    let biggest: Vec<(String, String)> = facts
        .biggest
        .iter()
        .map(|p| (p.date.to_string(), p.merchant.clone()))
        .collect();
    assert_eq!(
        biggest,
        [
            ("2026-10-25".to_string(), "Imbiss".to_string()),
            ("2026-10-19".to_string(), "Spätkauf".to_string())
        ]
    );
    // October's food so far: 60 + 100 + 80 + 10 + 20 + 40 of 400; 26–31 October left.
    let pace = &facts.budgets[0];
    assert_eq!(
        (pace.spent, pace.remaining, pace.days_left),
        (dec!(310), dec!(90), 6)
    );

    // The same figures, worded, through the preview endpoint.
    let preview = expect(
        &app,
        &ana,
        Method::GET,
        "/notifications/email/preview?week=2026-W43",
        None,
        StatusCode::OK,
    )
    .await?;
    let text = preview["text"].as_str().unwrap();
    for expected in [
        "19–25 October 2026",
        "Spending: 30.00 EUR (−83% vs. week before; −54% vs. 4-week average)",
        "Income: 1,000.00 EUR",
        "Net: 970.00 EUR",
        "Mon 10.00 EUR, Tue 0.00 EUR",
        "Sun 20.00 EUR. Most on Sun.",
        "Sun 25 Oct · Imbiss: 20.00 EUR",
        "Food: 90.00 EUR left for 6 days (310.00 EUR of 400.00 EUR spent)",
    ] {
        assert!(text.contains(expected), "{expected:?} missing in\n{text}");
    }
    for absent in ["Nachtbar", "Trattoria", "Bob", "999"] {
        assert!(!text.contains(absent), "{absent:?} in\n{text}");
    }
    assert_eq!(preview["week"], "2026-W43");
    assert!(
        preview["html"]
            .as_str()
            .unwrap()
            .contains("data:image/png;base64,")
    );

    // Read in UTC the same rows fall into other weeks: the zone is what decides.
    super::super::analytics::set_time_zone(&app, &ana, "UTC").await?;
    let in_utc = weekly_facts(&app.db.pool, ana.id, week).await?;
    assert_eq!(in_utc.currencies[0].week.spending, dec!(60));
    Ok(())
}

#[tokio::test]
async fn new_york_week_with_the_clock_change() -> anyhow::Result<()> {
    let (app, ana) = ana_in("America/New_York").await?;
    let card = account_in(&app, &ana, "Card", "credit_card", "USD").await?;
    let groceries = slug(&app, &ana, "food.groceries").await?;
    let rows = [
        // Sunday 25 October 21:00 (summer time, 01:00 UTC on Monday): the week before.
        ("2026-10-25 21:00 America/New_York", dec!(-7), "Deli"),
        (
            "2026-10-28 12:00 America/New_York",
            dec!(-50),
            "Whole Foods",
        ),
        // Sunday 1 November 20:00 (winter time since 02:00, 01:00 UTC on Monday): this week.
        ("2026-11-01 20:00 America/New_York", dec!(-3), "Bodega"),
        // Sunday 1 November 23:30 (04:30 UTC on Monday): this week.
        ("2026-11-01 23:30 America/New_York", dec!(-25), "Diner"),
        // Monday 2 November 00:30: next week.
        ("2026-11-02 00:30 America/New_York", dec!(-11), "Bagels"),
    ];
    for (at, amount, merchant) in rows {
        booked(&app, &ana, card, at, amount, Some(groceries), merchant).await?;
    }
    let week: IsoWeek = "2026-W44".parse()?;
    assert_eq!(week.monday().to_string(), "2026-10-26");
    let facts = weekly_facts(&app.db.pool, ana.id, week).await?;
    let usd = &facts.currencies[0];
    assert_eq!(usd.currency, "USD");
    assert_eq!(usd.week.spending, dec!(78));
    assert_eq!(usd.previous_week.spending, dec!(7));
    // Only the week before has history (the user's first row is on 25 October).
    assert_eq!(usd.four_week_average.spending, dec!(7));
    assert_eq!(
        usd.by_weekday,
        [
            dec!(0),
            dec!(0),
            dec!(50),
            dec!(0),
            dec!(0),
            dec!(0),
            dec!(28)
        ]
    );
    let merchants: Vec<&str> = facts.biggest.iter().map(|p| p.merchant.as_str()).collect();
    assert_eq!(merchants, ["Whole Foods", "Diner", "Bodega"]);

    // In UTC: Monday gets the Deli, Sunday's two evening rows move to next week.
    super::super::analytics::set_time_zone(&app, &ana, "UTC").await?;
    let in_utc = weekly_facts(&app.db.pool, ana.id, week).await?;
    assert_eq!(in_utc.currencies[0].week.spending, dec!(57));
    Ok(())
}
