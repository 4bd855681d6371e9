//! What analytics query strings take beyond plain types (months, the intervals a report
//! offers), and the rules on a report's range. Reading the query string itself is
//! `kakeibo_core::ApiQuery`'s job.

use chrono::NaiveDate;
use kakeibo_core::ApiError;
use serde::{Deserialize, Deserializer};

use crate::reports::Interval;

/// A calendar month, `YYYY-MM` in a query string: its first day.
#[derive(Debug, Clone, Copy)]
pub struct Month(pub NaiveDate);

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d")
            .map(Self)
            .map_err(|_| serde::de::Error::custom("a month like 2026-01"))
    }
}

/// The periods spending and cash flow are reported by (days would be too many lines).
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReportInterval {
    Week,
    Month,
    Year,
}

impl From<ReportInterval> for Interval {
    fn from(interval: ReportInterval) -> Self {
        match interval {
            ReportInterval::Week => Self::Week,
            ReportInterval::Month => Self::Month,
            ReportInterval::Year => Self::Year,
        }
    }
}

/// `from` and `to` (days, both included): by default the `default_periods` periods ending
/// with the one holding today. At most [`max_periods`] periods.
pub fn day_range(
    interval: Interval,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
    default_periods: u32,
) -> Result<(NaiveDate, NaiveDate), ApiError> {
    let to = to.unwrap_or(today);
    let from = from
        .unwrap_or_else(|| interval.back(interval.start_of(to), default_periods.saturating_sub(1)));
    check_range(interval, from, to)
}

/// `from` and `to` as months (`YYYY-MM`), both included.
pub fn month_range(
    from: Option<Month>,
    to: Option<Month>,
    this_month: NaiveDate,
    default_months: u32,
) -> Result<(NaiveDate, NaiveDate), ApiError> {
    let to = to.map_or(this_month, |m| m.0);
    let from = from.map_or_else(
        || Interval::Month.back(to, default_months.saturating_sub(1)),
        |m| m.0,
    );
    check_range(Interval::Month, from, to)
}

fn check_range(
    interval: Interval,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), ApiError> {
    let max = max_periods(interval);
    if from > to {
        return Err(ApiError::invalid("to", "on or after `from`"));
    }
    if from < interval.back(interval.start_of(to), max - 1) {
        return Err(ApiError::invalid(
            "from",
            format!("at most {max} {}s from `from` to `to`", interval.sql_name()),
        ));
    }
    Ok((from, to))
}

/// The longest report, in periods: a year of days, five of weeks, ten of months, fifty years.
pub fn max_periods(interval: Interval) -> u32 {
    match interval {
        Interval::Day => 366,
        Interval::Week => 261,
        Interval::Month => 120,
        Interval::Year => 50,
    }
}
