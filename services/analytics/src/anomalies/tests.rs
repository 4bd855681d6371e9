use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use uuid::Uuid;

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn spends(rows: &[(NaiveDate, Decimal)]) -> Vec<Spend> {
    rows.iter()
        .map(|(date, amount)| Spend {
            transaction_id: Uuid::new_v4(),
            date: *date,
            amount: *amount,
            currency: "EUR".into(),
            merchant: "Trattoria".into(),
            category_id: None,
        })
        .collect()
}

/// Weekly dinners at 30–40, oldest first, starting `start`.
fn dinners(start: NaiveDate, n: u64) -> Vec<(NaiveDate, Decimal)> {
    let amounts = [
        dec!(31.50),
        dec!(36.00),
        dec!(33.20),
        dec!(39.90),
        dec!(30.10),
        dec!(35.40),
    ];
    (0..n)
        .map(|i| {
            (
                start + Days::new(7 * i),
                amounts[i as usize % amounts.len()],
            )
        })
        .collect()
}

#[test]
fn a_large_bill_stands_out_from_its_merchants_history() {
    let today = d(2026, 6, 30);
    let mut rows = dinners(d(2026, 3, 1), 15);
    rows.push((d(2026, 6, 20), dec!(96.00)));
    let found = large_transactions(
        [spends(&rows).as_slice()].into_iter(),
        Kind::LargeForMerchant,
        5,
        today,
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].amount, found[0].on_date),
        (dec!(96.00), d(2026, 6, 20))
    );
    // The history: the thirteen dinners before the last 30 days; sorted, the seventh is 33.20.
    assert_eq!(found[0].baseline, dec!(33.20));
}

#[test]
fn regular_spending_flags_nothing() {
    let today = d(2026, 6, 30);
    let rows = spends(&dinners(d(2026, 1, 4), 26));
    assert_eq!(
        large_transactions(
            [rows.as_slice()].into_iter(),
            Kind::LargeForMerchant,
            5,
            today
        ),
        []
    );
    // A bill 50 % above the usual is not unusual enough.
    let mut rows = dinners(d(2026, 1, 4), 25);
    rows.push((d(2026, 6, 28), dec!(52.00)));
    let rows = spends(&rows);
    assert_eq!(
        large_transactions(
            [rows.as_slice()].into_iter(),
            Kind::LargeForMerchant,
            5,
            today
        ),
        []
    );
    // Nor is anything before enough history.
    let rows = spends(&[
        (d(2026, 6, 1), dec!(30)),
        (d(2026, 6, 8), dec!(31)),
        (d(2026, 6, 20), dec!(300)),
    ]);
    assert_eq!(
        large_transactions(
            [rows.as_slice()].into_iter(),
            Kind::LargeForMerchant,
            5,
            today
        ),
        []
    );
}

#[test]
fn a_large_first_purchase_at_a_new_merchant() {
    let today = d(2026, 6, 30);
    let typical = |_: &str| Some(dec!(25));
    let big = spends(&[(d(2026, 6, 25), dec!(480.00))]);
    let small = spends(&[(d(2026, 6, 26), dec!(60.00))]);
    let old = spends(&[
        (d(2026, 2, 1), dec!(500.00)),
        (d(2026, 6, 27), dec!(500.00)),
    ]);
    let groups = [big.as_slice(), small.as_slice(), old.as_slice()];
    let found = new_merchants(groups.into_iter(), &typical, d(2025, 6, 1), today);
    // 60 is under 3 × 25 = 75; the third merchant is not new.
    assert_eq!(
        found.iter().map(|a| a.amount).collect::<Vec<_>>(),
        [dec!(480.00)]
    );
    // A user who just started has no "new" merchants yet.
    assert_eq!(
        new_merchants(groups.into_iter(), &typical, d(2026, 4, 1), today),
        []
    );
}

fn totals(category: Uuid, months: &[(NaiveDate, Decimal)]) -> Vec<PeriodTotal> {
    months
        .iter()
        .map(|(period, spent)| PeriodTotal {
            category_id: category,
            currency: "EUR".into(),
            period: *period,
            spent: *spent,
        })
        .collect()
}

#[test]
fn a_months_spike_against_the_median_of_the_six_before() {
    let dining = Uuid::new_v4();
    let periods: Vec<NaiveDate> = (1..=8).map(|m| d(2026, m, 1)).collect();
    // Jan..Jun around 200, July (last complete) 210, August 460.
    let spent = [
        dec!(190),
        dec!(210),
        dec!(200),
        dec!(180),
        dec!(220),
        dec!(205),
        dec!(210),
        dec!(460),
    ];
    let rows = totals(
        dining,
        &periods.iter().copied().zip(spent).collect::<Vec<_>>(),
    );
    let found = spikes(&rows, &periods, 6, Kind::SpikeMonth);
    assert_eq!(found.len(), 1, "{found:?}");
    // Baseline: Feb..Jul = 210, 200, 180, 220, 205, 210 → median 207.50.
    assert_eq!(
        (found[0].amount, found[0].baseline, found[0].on_date),
        (dec!(460), dec!(207.50), d(2026, 8, 1))
    );
    // Steady months: nothing.
    let steady = totals(
        dining,
        &periods
            .iter()
            .copied()
            .zip(spent.iter().take(7).copied().chain([dec!(230)]))
            .collect::<Vec<_>>(),
    );
    assert_eq!(spikes(&steady, &periods, 6, Kind::SpikeMonth), []);
}

#[test]
fn a_spike_needs_history_and_a_real_amount() {
    let c = Uuid::new_v4();
    let periods: Vec<NaiveDate> = (1..=8).map(|m| d(2026, m, 1)).collect();
    // Only two earlier months of history.
    let rows = totals(
        c,
        &[
            (periods[5], dec!(10)),
            (periods[6], dec!(10)),
            (periods[7], dec!(500)),
        ],
    );
    assert_eq!(spikes(&rows, &periods, 6, Kind::SpikeMonth), []);
    // Tripled, but only by 20 (under the floor of 50).
    let small: Vec<_> = periods
        .iter()
        .map(|p| (*p, dec!(10)))
        .take(7)
        .chain([(periods[7], dec!(30))])
        .collect();
    assert_eq!(
        spikes(&totals(c, &small), &periods, 6, Kind::SpikeMonth),
        []
    );
}
