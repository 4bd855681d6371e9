//! From changed UTC days to the local months to rebuild.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, Months, NaiveDate};

pub fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).expect("every month has a first day")
}

/// The local months a change on these UTC days can touch: a row's local day is its UTC day
/// or the one before or after (offsets are under a day). Sorted, each once.
pub fn touched(utc_days: &[NaiveDate]) -> Vec<NaiveDate> {
    let mut months = BTreeSet::new();
    for day in utc_days {
        for offset in [-1, 0, 1] {
            months.insert(first_of_month(*day + Duration::days(offset)));
        }
    }
    months.into_iter().collect()
}

/// Sorted months as runs of consecutive months: (first month, the month after the last).
pub fn month_runs(months: &[NaiveDate]) -> Vec<(NaiveDate, NaiveDate)> {
    let mut runs: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for month in months {
        let next = *month + Months::new(1);
        match runs.last_mut() {
            Some((_, end)) if end == month => *end = next,
            _ => runs.push((*month, next)),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_day_at_a_month_edge_touches_both_months() {
        assert_eq!(
            touched(&[d("2026-01-31")]),
            vec![d("2026-01-01"), d("2026-02-01")]
        );
        assert_eq!(
            touched(&[d("2026-03-01"), d("2026-03-15")]),
            vec![d("2026-02-01"), d("2026-03-01")]
        );
        assert_eq!(touched(&[d("2026-03-15")]), vec![d("2026-03-01")]);
    }

    #[test]
    fn runs_join_consecutive_months_only() {
        let months = [
            d("2025-11-01"),
            d("2025-12-01"),
            d("2026-01-01"),
            d("2026-05-01"),
        ];
        assert_eq!(
            month_runs(&months),
            vec![
                (d("2025-11-01"), d("2026-02-01")),
                (d("2026-05-01"), d("2026-06-01"))
            ]
        );
        assert!(month_runs(&[]).is_empty());
    }
}
