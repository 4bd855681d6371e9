use chrono::{Datelike, NaiveDate};
use rust_decimal_macros::dec;

use super::*;
use crate::recurring::{Group, Payment, detect};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn dining_forty_percent_above_its_three_month_average() {
    let dining = Uuid::new_v4();
    let names = HashMap::from([(dining, "Restaurants".to_string())]);
    // May, June, July: 280, 300, 320 (average 300); August so far 420; September 0 so far.
    let totals: Vec<PeriodTotal> = [
        (5, dec!(280)),
        (6, dec!(300)),
        (7, dec!(320)),
        (8, dec!(420)),
    ]
    .into_iter()
    .map(|(m, spent)| PeriodTotal {
        category_id: dining,
        currency: "EUR".into(),
        period: d(2026, m, 1),
        spent,
    })
    .collect();
    let found = above_average(&totals, &names, d(2026, 9, 3));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].key,
        format!("category_above_average:{dining}:EUR:2026-08")
    );
    assert_eq!(
        found[0].fact,
        Fact::CategoryAboveAverage {
            category: "Restaurants".into(),
            month: "2026-08".into(),
            month_to_date: false,
            amount: dec!(420.00),
            average: dec!(300.00),
            percent: 40,
            currency: "EUR".into(),
        }
    );
    // Seen from August 20th, it is August so far.
    let found = above_average(&totals, &names, d(2026, 8, 20));
    assert!(matches!(
        found[0].fact,
        Fact::CategoryAboveAverage {
            month_to_date: true,
            ..
        }
    ));
    // 20 % above is not worth a note.
    let mild: Vec<PeriodTotal> = totals
        .iter()
        .cloned()
        .map(|mut t| {
            if t.period.month() == 8 {
                t.spent = dec!(360);
            }
            t
        })
        .collect();
    assert_eq!(above_average(&mild, &names, d(2026, 9, 3)), []);
}

#[test]
fn series_give_new_recurring_price_increase_and_missed_payment() {
    let payments = |amounts: &[(NaiveDate, rust_decimal::Decimal)]| Group {
        key: "k".into(),
        merchant: "Netflix".into(),
        currency: "EUR".into(),
        payments: amounts
            .iter()
            .map(|(date, amount)| Payment {
                date: *date,
                amount: *amount,
                category_id: None,
            })
            .collect(),
    };
    let today = d(2026, 9, 20);
    let raised = detect(
        &payments(&[
            (d(2026, 6, 14), dec!(-12.99)),
            (d(2026, 7, 14), dec!(-12.99)),
            (d(2026, 8, 14), dec!(-12.99)),
            (d(2026, 9, 14), dec!(-13.99)),
        ]),
        today,
    );
    let lapsed = detect(
        &payments(&[
            (d(2026, 6, 2), dec!(-9.99)),
            (d(2026, 7, 2), dec!(-9.99)),
            (d(2026, 8, 2), dec!(-9.99)),
        ]),
        today,
    );
    let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
    let facts = from_series(&[(a, &raised[0]), (b, &lapsed[0])], today);
    let kinds: Vec<(&str, &str)> = facts
        .iter()
        .map(|f| (f.fact.kind(), f.key.as_str()))
        .collect();
    // Raised: first paid in June (new), up on Sept 14th. Lapsed: September 2nd did not come.
    assert_eq!(
        kinds,
        [
            ("new_recurring", format!("new_recurring:{a}").as_str()),
            (
                "price_increase",
                format!("price_increase:{a}:2026-09-14").as_str()
            ),
            (
                "missed_payment",
                format!("missed_payment:{b}:2026-08-02").as_str()
            ),
        ]
    );
    assert_eq!(
        facts[1].fact,
        Fact::PriceIncrease {
            merchant: "Netflix".into(),
            from: dec!(12.99),
            to: dec!(13.99),
            percent: 8,
            currency: "EUR".into(),
            on: d(2026, 9, 14)
        }
    );
}

#[test]
fn a_spike_in_a_month_already_above_its_average_is_said_once() {
    let keyed = |key: &str, fact: Fact| Keyed {
        key: key.into(),
        fact,
    };
    let spike = |category: &str| Fact::SpendingSpike {
        category: category.into(),
        month: "2026-11".into(),
        amount: dec!(55.08),
        usual: dec!(0),
        currency: "EUR".into(),
    };
    let facts = vec![
        keyed(
            "above",
            Fact::CategoryAboveAverage {
                category: "Taxes".into(),
                month: "2026-11".into(),
                month_to_date: false,
                amount: dec!(55.08),
                average: dec!(18.36),
                percent: 200,
                currency: "EUR".into(),
            },
        ),
        keyed("spike taxes", spike("Taxes")),
        keyed("spike medical", spike("Medical")),
    ];
    let kept: Vec<String> = without_repeats(facts).into_iter().map(|f| f.key).collect();
    assert_eq!(kept, ["above", "spike medical"]);
}
