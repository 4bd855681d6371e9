//! An ISO week ("2026-W48"): Monday to Sunday, numbered as ISO 8601 does, so the week of
//! 1 January may belong to the year before.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct IsoWeek {
    pub year: i32,
    pub week: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an ISO week: write it as 2026-W48")]
pub struct BadWeek(pub String);

impl IsoWeek {
    /// The week holding `day`.
    pub fn containing(day: NaiveDate) -> Self {
        let w = day.iso_week();
        Self {
            year: w.year(),
            week: w.week(),
        }
    }

    /// The last whole week before `today` (a summary sent on any day of a week is about
    /// the week before it).
    pub fn before(today: NaiveDate) -> Self {
        Self::containing(today - Days::new(7))
    }

    pub fn monday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon)
            .expect("an IsoWeek is only built for weeks that exist")
    }

    pub fn sunday(self) -> NaiveDate {
        self.monday() + Days::new(6)
    }
}

impl FromStr for IsoWeek {
    type Err = BadWeek;

    fn from_str(text: &str) -> Result<Self, BadWeek> {
        let bad = || BadWeek(text.to_string());
        let (year, week) = text.trim().split_once(['W', 'w']).ok_or_else(bad)?;
        let year: i32 = year
            .strip_suffix('-')
            .ok_or_else(bad)?
            .parse()
            .map_err(|_| bad())?;
        let week: u32 = week.parse().map_err(|_| bad())?;
        // from_isoywd_opt refuses week 53 of a 52-week year, and week 0.
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)
            .filter(|_| (1000..=9999).contains(&year))
            .ok_or_else(bad)?;
        Ok(Self { year, week })
    }
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn parses_and_prints_weeks() {
        let w: IsoWeek = "2026-W48".parse().unwrap();
        assert_eq!(
            w,
            IsoWeek {
                year: 2026,
                week: 48
            }
        );
        assert_eq!(w.monday(), day("2026-11-23"));
        assert_eq!(w.sunday(), day("2026-11-29"));
        assert_eq!(w.to_string(), "2026-W48");
        assert_eq!(
            "2026-W05".parse::<IsoWeek>().unwrap().to_string(),
            "2026-W05"
        );
        // 2026 has 53 ISO weeks, 2025 has 52.
        assert!("2026-W53".parse::<IsoWeek>().is_ok());
        for bad in [
            "2025-W53", "2026-W00", "2026-48", "W48", "2026-Wx", "", "2026-W",
        ] {
            assert!(bad.parse::<IsoWeek>().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_week_before_crosses_years() {
        // Monday 4 January 2027 is in 2027-W01; the week before is 2026-W53.
        assert_eq!(IsoWeek::before(day("2027-01-04")).to_string(), "2026-W53");
        assert_eq!(IsoWeek::before(day("2026-12-07")).to_string(), "2026-W49");
    }
}
