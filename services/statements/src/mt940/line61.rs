//! The `:61:` statement line: `6!n[4!n]2a[1!a]15d1!a3!c16x[//16x]` and, on the next line,
//! `[34x]` supplementary details. For example
//! `:61:2401310201DR1234,56NTRFNONREF//0815-4711` is valued 31 January 2024, entered
//! (booked) 1 February, a debit in funds code R of 1,234.56, a transfer, no customer
//! reference, bank reference `0815-4711`.

use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::statement::ParseError;
use crate::text::shown;

#[derive(Debug, PartialEq, Eq)]
pub(super) struct Line61 {
    pub value_date: NaiveDate,
    pub entry_date: Option<NaiveDate>,
    /// Signed: negative is money out (a debit, or the reversal of a credit).
    pub amount: Decimal,
    /// Reference for the account owner (`NONREF` when there is none).
    pub reference: String,
    /// The bank's own reference, after `//`.
    pub bank_reference: Option<String>,
    pub details: String,
}

/// Reads a `:61:` field: `first` is its first line, `more` the lines after it.
pub(super) fn parse(first: &str, more: &[&str], line: usize) -> Result<Line61, ParseError> {
    let bad = |message: String| ParseError::new(line, Some(":61:"), message);
    let mut rest = first.trim();

    let (value_date, r) = take_digits(rest, 6)
        .and_then(|(d, r)| Some((yymmdd(d)?, r)))
        .ok_or_else(|| {
            bad(format!(
                "{} does not begin with a value date (YYMMDD)",
                shown(rest)
            ))
        })?;
    rest = r;

    let mut entry_date = None;
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        let (mmdd, r) = take_digits(rest, 4)
            .ok_or_else(|| bad(format!("{} is not an entry date (MMDD)", shown(rest))))?;
        entry_date = Some(
            near(value_date, mmdd)
                .ok_or_else(|| bad(format!("{} is not an entry date (MMDD)", shown(mmdd))))?,
        );
        rest = r;
    }

    // RC is the reversal of a credit (money out), RD of a debit (money in).
    let (outgoing, r) = if let Some(r) = rest.strip_prefix("RC") {
        (true, r)
    } else if let Some(r) = rest.strip_prefix("RD") {
        (false, r)
    } else if let Some(r) = rest.strip_prefix('C') {
        (false, r)
    } else if let Some(r) = rest.strip_prefix('D') {
        (true, r)
    } else {
        return Err(bad(format!(
            "expected the mark C, D, RC or RD after the dates, found {}",
            shown(rest)
        )));
    };
    rest = r;

    // The funds code: the third letter of the currency code, which some banks write.
    if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        rest = &rest[1..];
    }

    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(rest.len());
    let (raw_amount, r) = rest.split_at(end);
    let amount = amount(raw_amount).ok_or_else(|| {
        bad(format!(
            "{} is not an amount (digits and a decimal comma)",
            shown(if raw_amount.is_empty() {
                rest
            } else {
                raw_amount
            })
        ))
    })?;
    rest = r;

    // The transaction type: N, F or S, then three letters or digits (NTRF, N051, FCHG).
    let kind_ok = rest.len() >= 4
        && rest.starts_with(['N', 'F', 'S'])
        && rest.as_bytes()[1..4].iter().all(u8::is_ascii_alphanumeric);
    if !kind_ok {
        return Err(bad(format!(
            "expected a transaction type such as NTRF after the amount, found {}",
            shown(rest)
        )));
    }
    rest = &rest[4..];

    let (reference, bank_reference) = match rest.split_once("//") {
        Some((r, b)) => (r.trim(), Some(b.trim()).filter(|b| !b.is_empty())),
        None => (rest.trim(), None),
    };
    let details = more
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(Line61 {
        value_date,
        entry_date,
        amount: if outgoing { -amount } else { amount },
        reference: reference.to_string(),
        bank_reference: bank_reference.map(str::to_string),
        details,
    })
}

/// `n` ASCII digits at the start of `s`, and what follows.
fn take_digits(s: &str, n: usize) -> Option<(&str, &str)> {
    let digits = s.get(..n)?;
    digits
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| (digits, &s[n..]))
}

fn number(digits: &str) -> u32 {
    digits.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0'))
}

/// `240131` is 31 January 2024. SWIFT years have two digits: 80–99 are taken as 1980–1999.
pub(super) fn yymmdd(digits: &str) -> Option<NaiveDate> {
    if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (yy, mm, dd) = (
        number(digits.get(..2)?),
        number(digits.get(2..4)?),
        number(digits.get(4..6)?),
    );
    let year = if yy >= 80 { 1900 + yy } else { 2000 + yy };
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, mm, dd)
}

/// The entry date `MMDD` in the year that puts it closest to the value date: a value date of
/// 31 December with an entry date of `0102` was entered on 2 January of the next year.
fn near(value_date: NaiveDate, mmdd: &str) -> Option<NaiveDate> {
    if mmdd.len() != 4 || !mmdd.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (mm, dd) = (number(mmdd.get(..2)?), number(mmdd.get(2..4)?));
    let year = value_date.year();
    [year - 1, year, year + 1]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, mm, dd))
        .min_by_key(|d| (*d - value_date).num_days().abs())
}

/// `1234,56`, `1234,` or `0,5`; a point instead of the comma is taken too. No grouping.
pub(super) fn amount(raw: &str) -> Option<Decimal> {
    let allowed = raw
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b',' || b == b'.');
    if !allowed || raw.len() > 20 || !raw.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let marks = raw.bytes().filter(|b| matches!(b, b',' | b'.')).count();
    if marks > 1 {
        return None;
    }
    let normalized = raw.replace(',', ".");
    let normalized = normalized.strip_suffix('.').unwrap_or(&normalized);
    Decimal::from_str(normalized).ok()
}
