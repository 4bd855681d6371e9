//! Periods of the user's calendar: ISO weeks (Monday first), months and years. Reports
//! cover whole periods: `from` and `to` widen to the periods that hold them.

use chrono::{Datelike, Duration, Months, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    Day,
    Week,
    Month,
    Year,
}

impl Interval {
    pub fn start_of(self, day: NaiveDate) -> NaiveDate {
        match self {
            Self::Day => day,
            Self::Week => day - Duration::days(day.weekday().num_days_from_monday().into()),
            Self::Month => day.with_day(1).expect("a first day"),
            Self::Year => NaiveDate::from_ymd_opt(day.year(), 1, 1).expect("January 1st"),
        }
    }

    /// The start of the period after the one starting on `start`.
    pub fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Self::Day => start + Duration::days(1),
            Self::Week => start + Duration::days(7),
            Self::Month => start + Months::new(1),
            Self::Year => start + Months::new(12),
        }
    }

    /// The start of the period `n` periods before the one starting on `start`.
    pub fn back(self, start: NaiveDate, n: u32) -> NaiveDate {
        match self {
            Self::Day => start - Duration::days(n.into()),
            Self::Week => start - Duration::days(7 * i64::from(n)),
            Self::Month => start - Months::new(n),
            Self::Year => start - Months::new(12 * n),
        }
    }

    /// The starts of the periods that hold `from` through `to`.
    pub fn starts(self, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        let mut starts = Vec::new();
        let mut start = self.start_of(from);
        while start <= to {
            starts.push(start);
            start = self.next(start);
        }
        starts
    }

    /// `date_trunc`'s name for it.
    pub fn sql_name(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Year => "year",
        }
    }
}

/// One period: first and last day, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    pub fn new(interval: Interval, start: NaiveDate) -> Self {
        Self {
            start,
            end: interval.next(start) - Duration::days(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn periods_are_whole_and_weeks_start_on_monday() {
        // 2026-03-04 is a Wednesday.
        assert_eq!(Interval::Week.start_of(d("2026-03-04")), d("2026-03-02"));
        assert_eq!(
            Interval::Month.starts(d("2026-01-31"), d("2026-03-01")),
            vec![d("2026-01-01"), d("2026-02-01"), d("2026-03-01")]
        );
        assert_eq!(
            Period::new(Interval::Month, d("2028-02-01")).end,
            d("2028-02-29")
        );
        assert_eq!(Interval::Year.back(d("2026-01-01"), 3), d("2023-01-01"));
        assert_eq!(Interval::Month.back(d("2026-01-01"), 3), d("2025-10-01"));
    }
}
