use chrono::{Datelike, Months, NaiveDate, Weekday};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn group(payments: Vec<(NaiveDate, Decimal)>) -> Group {
    Group {
        key: "k".into(),
        merchant: "Shop".into(),
        currency: "EUR".into(),
        payments: payments
            .into_iter()
            .map(|(date, amount)| Payment {
                date,
                amount,
                category_id: None,
            })
            .collect(),
    }
}

/// Monthly on `day` from `start` for `n` months, at `amount(i)`.
fn monthly(start: NaiveDate, n: u32, amount: impl Fn(u32) -> Decimal) -> Vec<(NaiveDate, Decimal)> {
    (0..n)
        .map(|i| (start + Months::new(i), amount(i)))
        .collect()
}

#[test]
fn a_price_increase_is_the_latest_change_of_a_fixed_price() {
    // 12.99 for eight months, then 13.99.
    let g = group(monthly(d(2026, 1, 14), 10, |i| {
        if i < 8 { dec!(-12.99) } else { dec!(-13.99) }
    }));
    let found = detect(&g, d(2026, 10, 20));
    assert_eq!(found.len(), 1);
    let s = &found[0];
    assert_eq!(s.amount, dec!(-13.99));
    assert_eq!(s.status, Status::Active);
    assert_eq!(s.next_date, Some(d(2026, 11, 14)));
    assert_eq!(
        s.price_increase(),
        Some(PriceChange {
            from: dec!(-12.99),
            to: dec!(-13.99),
            on: d(2026, 9, 14)
        })
    );
}

#[test]
fn a_varying_bill_has_no_price_change_and_forecasts_its_recent_median() {
    let amounts = [
        dec!(-81.20),
        dec!(-83.90),
        dec!(-79.50),
        dec!(-82.10),
        dec!(-84.00),
    ];
    let g = group(monthly(d(2026, 1, 15), 5, |i| amounts[i as usize]));
    let s = &detect(&g, d(2026, 5, 16))[0];
    assert_eq!(s.price_change, None);
    // Median of the last three: 79.50, 82.10, 84.00.
    assert_eq!(s.amount, dec!(-82.10));
}

#[test]
fn missed_payments_then_an_ended_series() {
    let g = group(monthly(d(2026, 1, 9), 6, |_| dec!(-9.99)));
    // Last payment June 9th; July 9th is due, within its five days' grace on the 14th.
    let s = &detect(&g, d(2026, 7, 14))[0];
    assert_eq!(
        (s.status, s.missed, s.next_date),
        (Status::Active, 0, Some(d(2026, 7, 9)))
    );
    // On the 15th July's payment is missed; August's is next.
    let s = &detect(&g, d(2026, 7, 15))[0];
    assert_eq!(
        (s.status, s.missed, s.next_date),
        (Status::Missed, 1, Some(d(2026, 8, 9)))
    );
    // Two missed: ended, nothing expected.
    let s = &detect(&g, d(2026, 8, 15))[0];
    assert_eq!((s.status, s.missed, s.next_date), (Status::Ended, 2, None));
}

#[test]
fn salary_and_yearly_bonus_from_one_employer_are_two_series() {
    let mut payments = monthly(d(2024, 1, 27), 24, |i| {
        if i < 15 { dec!(3100) } else { dec!(3193) }
    });
    payments.push((d(2024, 11, 27), dec!(1800)));
    payments.push((d(2025, 11, 27), dec!(1850)));
    payments.sort_by_key(|p| p.0);
    let mut found = detect(&group(payments), d(2025, 12, 10));
    found.sort_by_key(|s| s.schedule.cadence.as_str());
    let cadences: Vec<_> = found
        .iter()
        .map(|s| (s.schedule.cadence, s.occurrences))
        .collect();
    assert_eq!(cadences, [(Cadence::Monthly, 24), (Cadence::Yearly, 2)]);
    // A raise is not a price increase.
    assert_eq!(found[0].price_increase(), None);
    assert_eq!(found[0].amount, dec!(3193));
    assert_ne!(found[0].key, found[1].key);
}

#[test]
fn a_subscription_among_a_shops_other_purchases() {
    let mut payments = monthly(d(2026, 1, 6), 6, |_| dec!(-8.99));
    for (day, amount) in [
        (3, dec!(-23.10)),
        (40, dec!(-8.20)),
        (61, dec!(-54.00)),
        (95, dec!(-12.49)),
        (130, dec!(-31.00)),
    ] {
        payments.push((d(2026, 1, 1) + chrono::Days::new(day), amount));
    }
    payments.sort_by_key(|p| p.0);
    let found = detect(&group(payments), d(2026, 6, 10));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].amount, found[0].occurrences), (dec!(-8.99), 6));
}

#[test]
fn two_policies_debited_on_the_same_day() {
    let payments = vec![
        (d(2025, 1, 2), dec!(-68.40)),
        (d(2025, 1, 2), dec!(-412.80)),
        (d(2026, 1, 2), dec!(-68.40)),
        (d(2026, 1, 2), dec!(-412.80)),
    ];
    let found = detect(&group(payments), d(2026, 3, 1));
    let mut amounts: Vec<Decimal> = found.iter().map(|s| s.amount).collect();
    amounts.sort();
    assert_eq!(amounts, [dec!(-412.80), dec!(-68.40)]);
    assert!(found.iter().all(|s| s.next_date == Some(d(2027, 1, 2))));
}

#[test]
fn nth_weekday_series() {
    // The 2nd Tuesday of each month of 2026, 20.00.
    let payments: Vec<(NaiveDate, Decimal)> = (1..=6)
        .map(|m| {
            (
                cadence::nth_weekday(d(2026, m, 1), Weekday::Tue, 2),
                dec!(-20),
            )
        })
        .collect();
    let s = &detect(&group(payments), d(2026, 6, 20))[0];
    assert_eq!(s.schedule.cadence, Cadence::NthWeekday);
    assert_eq!(s.next_date, Some(d(2026, 7, 14)));
    assert_eq!(s.next_date.unwrap().weekday(), Weekday::Tue);
}

#[test]
fn irregular_spending_is_no_series() {
    // A supermarket visited every few days with any basket.
    let days = [0u64, 3, 4, 9, 15, 16, 22, 30, 31, 37, 44, 47, 52, 60];
    let amounts = [
        dec!(-23.10),
        dec!(-8.40),
        dec!(-61.00),
        dec!(-12.35),
        dec!(-44.80),
        dec!(-5.10),
        dec!(-90.00),
        dec!(-17.75),
        dec!(-33.30),
        dec!(-9.99),
        dec!(-71.20),
        dec!(-26.45),
        dec!(-14.00),
        dec!(-52.60),
    ];
    let payments = days
        .iter()
        .zip(amounts)
        .map(|(&n, a)| (d(2026, 1, 1) + chrono::Days::new(n), a))
        .collect();
    assert_eq!(detect(&group(payments), d(2026, 3, 5)), []);
    // Weekly dates, but any basket: not a series either.
    let weekly = (0..8u64)
        .map(|i| {
            (
                d(2026, 1, 3) + chrono::Days::new(7 * i),
                amounts[i as usize],
            )
        })
        .collect();
    assert_eq!(detect(&group(weekly), d(2026, 3, 1)), []);
}

#[test]
fn two_tickets_a_year_apart_among_other_purchases_are_chance() {
    // Parking now and then; two tickets of similar price on almost the same day a year apart.
    let payments = vec![
        (d(2025, 1, 29), dec!(-11.62)),
        (d(2025, 4, 21), dec!(-7.52)),
        (d(2025, 10, 14), dec!(-3.86)),
        (d(2025, 12, 7), dec!(-3.89)),
        (d(2026, 4, 18), dec!(-8.62)),
        (d(2026, 8, 29), dec!(-11.84)),
    ];
    assert_eq!(detect(&group(payments), d(2026, 9, 1)), []);
}
