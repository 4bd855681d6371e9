//! Reading the analytics query strings: an unknown parameter is 400 (a typo must not
//! silently change a report), a bad value is 422 naming the parameter, as the
//! transactions list does.

use chrono::NaiveDate;
use kakeibo_core::{ApiError, FieldError};
use uuid::Uuid;

use crate::reports::Interval;

pub(crate) struct Params {
    pairs: Vec<(String, String)>,
    errors: Vec<FieldError>,
}

impl Params {
    pub fn new(pairs: Vec<(String, String)>, allowed: &[&str]) -> Result<Self, ApiError> {
        if let Some((key, _)) = pairs.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
            return Err(ApiError::bad_request(
                "invalid_query",
                format!(
                    "unknown query parameter {key:?} (known: {})",
                    allowed.join(", ")
                ),
            ));
        }
        Ok(Self {
            pairs,
            errors: Vec::new(),
        })
    }

    pub fn error(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    /// The one value of a parameter that takes one.
    fn single(&mut self, name: &str) -> Option<String> {
        let mut values = self.pairs.iter().filter(|(k, _)| k == name);
        let first = values.next().map(|(_, v)| v.trim().to_string());
        if values.next().is_some() {
            self.error(name, "give it once");
            return None;
        }
        first.filter(|v| !v.is_empty())
    }

    fn parsed<T>(
        &mut self,
        name: &str,
        what: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let value = self.single(name)?;
        let parsed = parse(&value);
        if parsed.is_none() {
            self.error(name, format!("{what}, got {value:?}"));
        }
        parsed
    }

    pub fn date(&mut self, name: &str) -> Option<NaiveDate> {
        self.parsed(name, "a date like 2026-01-31", |v| {
            NaiveDate::parse_from_str(v, "%Y-%m-%d").ok()
        })
    }

    pub fn month(&mut self, name: &str) -> Option<NaiveDate> {
        self.parsed(name, "a month like 2026-01", |v| {
            NaiveDate::parse_from_str(&format!("{v}-01"), "%Y-%m-%d").ok()
        })
    }

    pub fn choice<T: Copy>(&mut self, name: &str, options: &[(&str, T)]) -> Option<T> {
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        self.parsed(name, &format!("one of {}", names.join(", ")), |v| {
            options.iter().find(|(n, _)| *n == v).map(|(_, t)| *t)
        })
    }

    pub fn int(&mut self, name: &str, min: i64, max: i64) -> Option<i64> {
        self.parsed(name, &format!("a whole number from {min} to {max}"), |v| {
            v.parse().ok().filter(|n| (min..=max).contains(n))
        })
    }

    pub fn id(&mut self, name: &str) -> Option<Uuid> {
        self.parsed(name, "an id", |v| v.parse().ok())
    }

    /// Repeated or comma-separated ids.
    pub fn ids(&mut self, name: &str) -> Vec<Uuid> {
        let values: Vec<String> = self
            .pairs
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split(',').map(|p| p.trim().to_string()))
            .filter(|p| !p.is_empty())
            .collect();
        let mut ids = Vec::new();
        for value in values {
            match value.parse() {
                Ok(id) => ids.push(id),
                Err(_) => self.error(name, format!("an id, got {value:?}")),
            }
        }
        ids
    }

    /// `from` and `to` (days, both included): by default the `default_periods` periods
    /// ending with the one holding today. At most `max_periods` periods.
    pub fn day_range(
        &mut self,
        interval: Interval,
        today: NaiveDate,
        default_periods: u32,
    ) -> (NaiveDate, NaiveDate) {
        let to = self.date("to").unwrap_or(today);
        let from = self.date("from").unwrap_or_else(|| {
            interval.back(interval.start_of(to), default_periods.saturating_sub(1))
        });
        self.check_range(interval, from, to)
    }

    /// `from` and `to` as months (`YYYY-MM`), both included.
    pub fn month_range(
        &mut self,
        this_month: NaiveDate,
        default_months: u32,
    ) -> (NaiveDate, NaiveDate) {
        let to = self.month("to").unwrap_or(this_month);
        let from = self
            .month("from")
            .unwrap_or_else(|| Interval::Month.back(to, default_months.saturating_sub(1)));
        self.check_range(Interval::Month, from, to)
    }

    fn check_range(
        &mut self,
        interval: Interval,
        from: NaiveDate,
        to: NaiveDate,
    ) -> (NaiveDate, NaiveDate) {
        let max = max_periods(interval);
        if from > to {
            self.error("to", "on or after `from`");
            return (to, to);
        }
        if from < interval.back(interval.start_of(to), max - 1) {
            self.error(
                "from",
                format!("at most {max} {}s from `from` to `to`", interval.sql_name()),
            );
            return (to, to);
        }
        (from, to)
    }

    pub fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.errors))
        }
    }
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
