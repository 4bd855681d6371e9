//! Schedules: which cadence a list of dates follows, and the dates it expects next.
//!
//! Tolerances (docs/decisions.md, "Recurring payments"): weekly steps of 6–8 days,
//! fortnightly 12–16; monthly, quarterly and yearly payments within 3, 3 and 5 days of their
//! day of the month (clamped to shorter months, so the 31st is the 30th in April and the 28th
//! in February); nth-weekday payments on the same weekday and the same nth (or last) of the
//! month. One step in four may be a double step (a payment that did not come).

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    Weekly,
    Fortnightly,
    Monthly,
    /// The same weekday of the month, e.g. the 2nd Tuesday or the last Friday.
    NthWeekday,
    Quarterly,
    Yearly,
}

impl Cadence {
    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::Weekly => "weekly",
            Cadence::Fortnightly => "fortnightly",
            Cadence::Monthly => "monthly",
            Cadence::NthWeekday => "nth_weekday",
            Cadence::Quarterly => "quarterly",
            Cadence::Yearly => "yearly",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Cadence::Weekly,
            Cadence::Fortnightly,
            Cadence::Monthly,
            Cadence::NthWeekday,
            Cadence::Quarterly,
            Cadence::Yearly,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }

    /// Fewest payments that make a series: enough that chance rarely fits.
    fn min_occurrences(self) -> usize {
        match self {
            Cadence::Weekly => 4,
            Cadence::Yearly => 2,
            _ => 3,
        }
    }

    /// How late a payment may be before it counts as missed.
    pub fn grace_days(self) -> u64 {
        match self {
            Cadence::Weekly => 3,
            Cadence::Fortnightly | Cadence::Monthly | Cadence::NthWeekday => 5,
            Cadence::Quarterly => 10,
            Cadence::Yearly => 20,
        }
    }

    /// Rough length in days, for averaging amounts over a forecast window.
    pub fn approx_days(self) -> u64 {
        match self {
            Cadence::Weekly => 7,
            Cadence::Fortnightly => 14,
            Cadence::Monthly | Cadence::NthWeekday => 30,
            Cadence::Quarterly => 91,
            Cadence::Yearly => 365,
        }
    }
}

/// A cadence with what pins its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub cadence: Cadence,
    /// Monthly, quarterly, yearly.
    pub day_of_month: Option<u32>,
    /// NthWeekday: 1..=4, or -1 for the last.
    pub nth: Option<i8>,
    pub weekday: Option<Weekday>,
}

impl Schedule {
    fn plain(cadence: Cadence) -> Self {
        Self {
            cadence,
            day_of_month: None,
            nth: None,
            weekday: None,
        }
    }

    /// The first date this schedule expects after a payment on `last`.
    pub fn next_after(&self, last: NaiveDate) -> NaiveDate {
        match self.cadence {
            Cadence::Weekly => last + Days::new(7),
            Cadence::Fortnightly => last + Days::new(14),
            Cadence::Monthly => self.in_month(month_start(last) + Months::new(1)),
            Cadence::Quarterly => self.in_month(month_start(last) + Months::new(3)),
            Cadence::Yearly => self.in_month(month_start(last) + Months::new(12)),
            Cadence::NthWeekday => {
                let next = month_start(last) + Months::new(1);
                nth_weekday(
                    next,
                    self.weekday.unwrap_or(Weekday::Mon),
                    self.nth.unwrap_or(1),
                )
            }
        }
    }

    /// The day of the month in the month starting at `first`, clamped to its length.
    fn in_month(&self, first: NaiveDate) -> NaiveDate {
        let day = self.day_of_month.unwrap_or(1).min(days_in_month(first));
        first.with_day(day).unwrap_or(first)
    }
}

fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

pub fn days_in_month(d: NaiveDate) -> u32 {
    let first = month_start(d);
    let next = first + Months::new(1);
    (next - first).num_days() as u32
}

/// The `nth` (or last, -1) `weekday` of the month starting at `first`.
pub fn nth_weekday(first: NaiveDate, weekday: Weekday, nth: i8) -> NaiveDate {
    let offset = (7 + weekday.num_days_from_monday() - first.weekday().num_days_from_monday()) % 7;
    let first_match = first + Days::new(u64::from(offset));
    if nth > 0 {
        first_match + Days::new(7 * (nth as u64 - 1))
    } else {
        let weeks = (days_in_month(first) - 1 - offset) / 7;
        first_match + Days::new(7 * u64::from(weeks))
    }
}

/// The schedule `dates` (ascending) follow, or `None`. Tried from the tightest cadence.
pub fn fit(dates: &[NaiveDate]) -> Option<Schedule> {
    if dates.windows(2).any(|w| w[0] >= w[1]) {
        // Two payments on one day are two series, or none.
        return None;
    }
    if let Some(s) = fit_days(dates, Cadence::Weekly, 6..=8) {
        return Some(s);
    }
    if let Some(s) = fit_days(dates, Cadence::Fortnightly, 12..=16) {
        return Some(s);
    }
    if let Some(s) = fit_nth_weekday(dates) {
        return Some(s);
    }
    [
        (Cadence::Monthly, 1, 3),
        (Cadence::Quarterly, 3, 3),
        (Cadence::Yearly, 12, 5),
    ]
    .into_iter()
    .find_map(|(cadence, months, slack)| fit_months(dates, cadence, months, slack))
}

/// Steps of one period, and now and then two (one in four at most).
fn steps_fit(
    steps: impl Iterator<Item = i64>,
    one: impl Fn(i64) -> bool,
    two: impl Fn(i64) -> bool,
) -> bool {
    let (mut singles, mut doubles) = (0usize, 0usize);
    for step in steps {
        if one(step) {
            singles += 1;
        } else if two(step) {
            doubles += 1;
        } else {
            return false;
        }
    }
    doubles * 4 <= singles + doubles
}

fn fit_days(
    dates: &[NaiveDate],
    cadence: Cadence,
    range: std::ops::RangeInclusive<i64>,
) -> Option<Schedule> {
    if dates.len() < cadence.min_occurrences() {
        return None;
    }
    let (lo, hi) = (*range.start(), *range.end());
    let steps = dates.windows(2).map(|w| (w[1] - w[0]).num_days());
    steps_fit(
        steps,
        |d| (lo..=hi).contains(&d),
        |d| (2 * lo..=2 * hi).contains(&d),
    )
    .then(|| Schedule::plain(cadence))
}

fn month_index(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 12 + i64::from(d.month0())
}

fn fit_months(dates: &[NaiveDate], cadence: Cadence, months: i64, slack: i64) -> Option<Schedule> {
    if dates.len() < cadence.min_occurrences() {
        return None;
    }
    let steps = dates
        .windows(2)
        .map(|w| month_index(w[1]) - month_index(w[0]));
    if !steps_fit(steps, |s| s == months, |s| s == 2 * months) {
        return None;
    }
    // The day of the month that keeps every payment closest, among the days seen (a
    // month-end series shows 31 in long months and is clamped in short ones).
    let mut best: Option<((i64, i64), u32)> = None;
    for day in dates.iter().map(|d| d.day()) {
        let schedule = Schedule {
            day_of_month: Some(day),
            ..Schedule::plain(cadence)
        };
        let deviations = dates
            .iter()
            .map(|d| (*d - schedule.in_month(month_start(*d))).num_days().abs());
        // Closest in the worst case, then in total; then the later day (the 31st over the
        // 30th for a month-end series).
        let score = deviations.fold((0, 0), |(worst, total), dev| (worst.max(dev), total + dev));
        if best.is_none_or(|(s, b)| score < s || (score == s && day > b)) {
            best = Some((score, day));
        }
    }
    let ((worst, _), day) = best?;
    (worst <= slack).then_some(Schedule {
        day_of_month: Some(day),
        ..Schedule::plain(cadence)
    })
}

fn fit_nth_weekday(dates: &[NaiveDate]) -> Option<Schedule> {
    let first = dates.first()?;
    if dates.len() < Cadence::NthWeekday.min_occurrences()
        || dates.iter().any(|d| d.weekday() != first.weekday())
    {
        return None;
    }
    let steps = dates
        .windows(2)
        .map(|w| month_index(w[1]) - month_index(w[0]));
    if !steps_fit(steps, |s| s == 1, |s| s == 2) {
        return None;
    }
    let nth_of = |d: &NaiveDate| ((d.day() - 1) / 7 + 1) as i8;
    let is_last = |d: &NaiveDate| d.day() + 7 > days_in_month(*d);
    let nth = if dates.iter().all(|d| nth_of(d) == nth_of(first)) && nth_of(first) <= 4 {
        nth_of(first)
    } else if dates.iter().all(is_last) {
        -1
    } else {
        return None;
    };
    Some(Schedule {
        cadence: Cadence::NthWeekday,
        day_of_month: None,
        nth: Some(nth),
        weekday: Some(first.weekday()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn every(start: NaiveDate, days: u64, n: usize) -> Vec<NaiveDate> {
        (0..n).map(|i| start + Days::new(days * i as u64)).collect()
    }

    #[test]
    fn weekly_and_fortnightly() {
        let weekly = every(d(2026, 1, 5), 7, 6);
        assert_eq!(fit(&weekly).unwrap().cadence, Cadence::Weekly);
        assert_eq!(
            Schedule::plain(Cadence::Weekly).next_after(weekly[5]),
            d(2026, 2, 16)
        );
        let fortnightly = every(d(2026, 1, 2), 14, 5);
        assert_eq!(fit(&fortnightly).unwrap().cadence, Cadence::Fortnightly);
        // Three weekly payments are not enough.
        assert_eq!(fit(&weekly[..3]), None);
    }

    #[test]
    fn monthly_on_the_31st_is_clamped_in_short_months() {
        let dates = [
            d(2026, 1, 31),
            d(2026, 2, 28),
            d(2026, 3, 31),
            d(2026, 4, 30),
            d(2026, 5, 31),
        ];
        let s = fit(&dates).unwrap();
        assert_eq!((s.cadence, s.day_of_month), (Cadence::Monthly, Some(31)));
        assert_eq!(s.next_after(d(2026, 5, 31)), d(2026, 6, 30));
        assert_eq!(s.next_after(d(2027, 1, 31)), d(2027, 2, 28));
        assert_eq!(s.next_after(d(2028, 1, 31)), d(2028, 2, 29));
    }

    #[test]
    fn a_payday_moved_before_the_weekend_is_still_monthly() {
        // The 27th, or the Friday before.
        let dates = [
            d(2026, 4, 27),
            d(2026, 5, 27),
            d(2026, 6, 26),
            d(2026, 7, 27),
            d(2026, 8, 27),
        ];
        let s = fit(&dates).unwrap();
        assert_eq!((s.cadence, s.day_of_month), (Cadence::Monthly, Some(27)));
    }

    #[test]
    fn second_tuesday_and_last_friday() {
        // 2nd Tuesdays of Jan..Apr 2026: 13, 10, 10, 14.
        let dates = [
            d(2026, 1, 13),
            d(2026, 2, 10),
            d(2026, 3, 10),
            d(2026, 4, 14),
        ];
        let s = fit(&dates).unwrap();
        assert_eq!(s.cadence, Cadence::NthWeekday);
        assert_eq!((s.nth, s.weekday), (Some(2), Some(Weekday::Tue)));
        assert_eq!(s.next_after(d(2026, 4, 14)), d(2026, 5, 12));
        // Last Fridays of Jan..Apr 2026: 30, 27, 27, 24.
        let last = [
            d(2026, 1, 30),
            d(2026, 2, 27),
            d(2026, 3, 27),
            d(2026, 4, 24),
        ];
        let s = fit(&last).unwrap();
        assert_eq!((s.nth, s.weekday), (Some(-1), Some(Weekday::Fri)));
        assert_eq!(s.next_after(d(2026, 4, 24)), d(2026, 5, 29));
    }

    #[test]
    fn quarterly_and_yearly() {
        let q = [
            d(2025, 2, 15),
            d(2025, 5, 15),
            d(2025, 8, 15),
            d(2025, 11, 17),
        ];
        let s = fit(&q).unwrap();
        assert_eq!((s.cadence, s.day_of_month), (Cadence::Quarterly, Some(15)));
        assert_eq!(s.next_after(q[3]), d(2026, 2, 15));
        let y = [d(2025, 1, 2), d(2026, 1, 5)];
        let s = fit(&y).unwrap();
        assert_eq!(s.cadence, Cadence::Yearly);
        assert_eq!(s.next_after(y[1]), d(2027, 1, 5));
    }

    #[test]
    fn one_missing_month_is_tolerated_two_in_four_are_not() {
        let gap = [
            d(2026, 1, 3),
            d(2026, 2, 3),
            d(2026, 4, 3),
            d(2026, 5, 3),
            d(2026, 6, 3),
        ];
        assert_eq!(fit(&gap).unwrap().cadence, Cadence::Monthly);
        let gappy = [d(2026, 1, 3), d(2026, 3, 3), d(2026, 5, 3), d(2026, 6, 3)];
        assert_eq!(fit(&gappy), None);
    }

    #[test]
    fn irregular_dates_fit_nothing() {
        let dates = [
            d(2026, 1, 3),
            d(2026, 1, 19),
            d(2026, 2, 2),
            d(2026, 3, 11),
            d(2026, 3, 14),
        ];
        assert_eq!(fit(&dates), None);
        // Monthly-ish but wandering by a week.
        let wander = [d(2026, 1, 6), d(2026, 2, 14), d(2026, 3, 9), d(2026, 4, 17)];
        assert_eq!(fit(&wander), None);
    }
}
