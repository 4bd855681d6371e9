use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::facts::*;
use super::*;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn links() -> EmailLinks {
    EmailLinks::under("https://kakeibo.example/", None)
}

fn week_with(currencies: Vec<CurrencyWeek>) -> WeeklyFacts {
    let week: IsoWeek = "2026-W48".parse().unwrap();
    WeeklyFacts {
        week,
        first_day: week.monday(),
        last_day: week.sunday(),
        as_of: day("2026-11-30"),
        time_zone: "Europe/Berlin".into(),
        currencies,
        budgets: vec![BudgetPace {
            name: "Groceries".into(),
            currency: "EUR".into(),
            available: dec!(400),
            spent: dec!(280),
            remaining: dec!(120),
            days_left: 9,
            period_end: day("2026-12-08"),
        }],
        biggest: vec![Payment {
            date: day("2026-11-28"),
            merchant: "Saturn <Berlin>".into(),
            amount: dec!(1299),
            currency: "EUR".into(),
        }],
        bills_due: vec![Payment {
            date: day("2026-12-01"),
            merchant: "Netflix".into(),
            amount: dec!(15.99),
            currency: "EUR".into(),
        }],
        new_subscriptions: vec![],
        price_increases: vec![PriceIncrease {
            merchant: "Spotify".into(),
            from: dec!(10.99),
            to: dec!(12.99),
            currency: "EUR".into(),
            on: day("2026-11-25"),
        }],
        anomalies: vec![],
        insight: Some("Restaurants: 40% above your average.".into()),
        insight_de: Some("Restaurants: 40 % über deinem Schnitt.".into()),
        to_review: 3,
    }
}

fn eur_week() -> CurrencyWeek {
    CurrencyWeek {
        currency: "EUR".into(),
        week: Flows {
            income: dec!(2500),
            spending: dec!(1612.40),
            net: dec!(887.60),
        },
        previous_week: Flows {
            income: dec!(0),
            spending: dec!(806.20),
            net: dec!(-806.20),
        },
        four_week_average: Flows {
            income: dec!(625),
            spending: dec!(700),
            net: dec!(-75),
        },
        transactions: 9,
        by_weekday: [
            dec!(20),
            dec!(0),
            dec!(45.4),
            dec!(0),
            dec!(12),
            dec!(1535),
            dec!(0),
        ],
        top_categories: vec![
            CategorySpend {
                name: Some("Electronics".into()),
                amount: dec!(1299),
            },
            CategorySpend {
                name: None,
                amount: dec!(313.40),
            },
        ],
    }
}

#[test]
fn the_week_in_english_and_german() {
    let facts = week_with(vec![eur_week()]);
    let en = render_weekly(&facts, "en", &links());
    assert_eq!(
        en.subject,
        "Your week, 23–29 November 2026: 1,612.40 EUR spent"
    );
    for expected in [
        "Spending: 1,612.40 EUR (+100% vs. week before; +130% vs. 4-week average)",
        "Income: 2,500.00 EUR",
        "Net: 887.60 EUR (+1,693.80 EUR vs. week before; +962.60 EUR vs. 4-week average)",
        "Groceries: 120.00 EUR left for 9 days (280.00 EUR of 400.00 EUR spent)",
        "Sat 28 Nov · Saturn <Berlin>: 1,299.00 EUR",
        "Tue 1 Dec · Netflix: 15.99 EUR",
        "Spotify: 10.99 EUR → 12.99 EUR",
        "Uncategorized: 313.40 EUR",
        "Restaurants: 40% above your average.",
        "3 transactions are waiting for a category. https://kakeibo.example/transactions?needs_review=true",
        "Spending per day: Mon 20.00 EUR, Tue 0.00 EUR, Wed 45.40 EUR",
        "Most on Sat.",
    ] {
        assert!(
            en.text.contains(expected),
            "{expected:?} missing in\n{}",
            en.text
        );
    }
    // HTML: escaped text, the chart by its Content-ID with the figures as alt text, the
    // colour-scheme meta, and the links.
    assert!(en.html.contains("Saturn &lt;Berlin&gt;"));
    assert!(
        en.html
            .contains(r#"<meta name="color-scheme" content="light dark">"#)
    );
    assert_eq!(en.images.len(), 1);
    let cid = &en.images[0].cid;
    assert!(en.html.contains(&format!("src=\"cid:{cid}\"")));
    assert!(en.html.contains("alt=\"Spending per day: Mon 20.00 EUR"));
    // minijinja escapes "/" in HTML as &#x2f;, which every HTML reader decodes.
    assert!(
        en.html.contains(
            "href=\"https:&#x2f;&#x2f;kakeibo.example&#x2f;settings&#x2f;email-summaries\""
        )
    );
    let inlined = en.html_with_data_uris();
    assert!(!inlined.contains("cid:") && inlined.contains("src=\"data:image/png;base64,iVBOR"));

    let de = render_weekly(&facts, "de-DE", &links());
    assert_eq!(
        de.subject,
        "Deine Woche, 23.–29. November 2026: 1.612,40 EUR ausgegeben"
    );
    for expected in [
        "Ausgaben: 1.612,40 EUR (+100 % ggü. Vorwoche; +130 % ggü. 4-Wochen-Schnitt)",
        "Groceries: noch 120,00 EUR für 9 Tage",
        "Sa 28.11. · Saturn <Berlin>: 1.299,00 EUR",
        "Ohne Kategorie: 313,40 EUR",
        "3 Buchungen warten auf eine Kategorie.",
        "Restaurants: 40 % über deinem Schnitt.",
    ] {
        assert!(
            de.text.contains(expected),
            "{expected:?} missing in\n{}",
            de.text
        );
    }
    assert!(
        !de.text.contains("above your average"),
        "no English insight in German"
    );
}

#[test]
fn a_budget_still_paying_off_earlier_overspending_says_so() {
    let mut facts = week_with(vec![eur_week()]);
    facts.budgets[0].available = dec!(-670.85);
    facts.budgets[0].spent = dec!(178.08);
    facts.budgets[0].remaining = dec!(-848.93);
    let en = render_weekly(&facts, "en", &links());
    assert!(
        en.text
            .contains("178.08 EUR spent, after 670.85 EUR overspent in earlier periods"),
        "{}",
        en.text
    );
    assert!(en.text.contains("848.93 EUR over"), "{}", en.text);
    assert!(
        !en.text.contains("-670.85"),
        "no negative budget: {}",
        en.text
    );
    let de = render_weekly(&facts, "de", &links());
    assert!(
        de.text
            .contains("178,08 EUR ausgegeben, dazu 670,85 EUR aus früheren Zeiträumen"),
        "{}",
        de.text
    );
}

#[test]
fn two_currencies_stay_apart() {
    let mut usd = eur_week();
    usd.currency = "USD".into();
    usd.week.spending = dec!(42);
    let facts = week_with(vec![eur_week(), usd]);
    let rendered = render_weekly(&facts, "en", &links());
    assert!(rendered.text.contains("== EUR ==") && rendered.text.contains("== USD =="));
    assert!(rendered.text.contains("Spending: 42.00 USD"));
    assert_eq!(rendered.images.len(), 2);
    assert_ne!(rendered.images[0].cid, rendered.images[1].cid);
}

#[test]
fn a_quiet_week_is_short_and_friendly() {
    let mut quiet = eur_week();
    quiet.week = Flows::default();
    quiet.transactions = 0;
    quiet.by_weekday = [Decimal::ZERO; 7];
    quiet.top_categories.clear();
    let mut facts = week_with(vec![quiet]);
    facts.biggest.clear();
    let rendered = render_weekly(&facts, "en", &links());
    assert_eq!(
        rendered.subject,
        "Your week, 23–29 November 2026: a quiet one"
    );
    assert!(rendered.text.contains("Nothing was booked last week."));
    assert!(rendered.images.is_empty() && !rendered.html.contains("cid:"));
    // A user with no data at all: no currency, still a summary.
    let nothing = WeeklyFacts {
        currencies: vec![],
        budgets: vec![],
        bills_due: vec![],
        price_increases: vec![],
        insight: None,
        insight_de: None,
        to_review: 0,
        ..facts
    };
    let rendered = render_weekly(&nothing, "de", &links());
    assert!(rendered.text.contains("Letzte Woche wurde nichts gebucht."));
    assert!(rendered.html.contains("Zum Dashboard"));
}

#[test]
fn alerts_in_the_same_layout() {
    let one = render_alert_email(
        &[(
            "Large transaction: 500.00 EUR".into(),
            "Saturn, 2026-11-28.".into(),
        )],
        "en",
        &links(),
    );
    assert_eq!(one.subject, "Large transaction: 500.00 EUR");
    assert!(one.text.starts_with("Saturn, 2026-11-28."));
    assert!(one.html.contains("color-scheme") && one.html.contains("Saturn, 2026-11-28."));
    let two = render_alert_email(
        &[("A".into(), "first".into()), ("B".into(), "second".into())],
        "de",
        &links(),
    );
    assert_eq!(two.subject, "Kakeibo: 2 Benachrichtigungen");
    assert!(two.text.contains("* A\n  first") && two.text.contains("* B\n  second"));
    assert!(
        two.text
            .contains("Abbestellen: https://kakeibo.example/settings/email-summaries")
    );
}

#[test]
fn the_message_is_alternative_with_related_images() {
    let facts = week_with(vec![eur_week()]);
    let mail = render_weekly(&facts, "en", &links()).into_mail("ana@example.com", None);
    let message = message::mime_message("Kakeibo <k@example.com>".parse().unwrap(), &mail).unwrap();
    let raw = String::from_utf8(message.formatted()).unwrap();
    assert!(raw.contains("multipart/alternative"));
    assert!(raw.contains("multipart/related"));
    let cid = &mail.images[0].cid;
    assert!(
        raw.contains(&format!("Content-ID: <{cid}>")),
        "{}",
        &raw[..2000.min(raw.len())]
    );
    assert!(raw.contains("Content-Type: image/png"));
}
