//! The parser tests' view of a statement's lines: what each test compares against the file.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::statement::Statement;

/// Line, date, amount, payee, description and source id.
pub type Summary<'a> = (usize, NaiveDate, Decimal, &'a str, &'a str, Option<&'a str>);

/// Every line's summary, in order.
pub fn summary(s: &Statement) -> Vec<Summary<'_>> {
    s.lines
        .iter()
        .map(|l| {
            (
                l.source_line,
                l.booked_on,
                l.amount,
                l.payee.as_str(),
                l.description.as_str(),
                l.source_id.as_deref(),
            )
        })
        .collect()
}
