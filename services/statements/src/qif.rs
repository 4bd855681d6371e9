//! QIF (Quicken Interchange Format): `!Type:Bank`, `!Type:CCard`, `!Type:Cash` (and the
//! `Oth A`/`Oth L` asset and liability lists, which have the same fields). One field per line,
//! the first character says which; `^` ends a record. `!Account` blocks name the account;
//! category, class, memorized and investment lists are skipped.
//!
//! QIF dates do not say their order, so the caller chooses month-first (US Quicken) or
//! day-first (most other exports).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::text::{DecimalMark, Encoding, decode, parse_amount};
use crate::statement::{ParseError, Statement, StatementLine};

#[cfg(test)]
mod tests;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QifDateFormat {
    /// `01/15/2024`, `1/15'24`
    MonthFirst,
    /// `15.01.2024`, `15/01/2024`
    DayFirst,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// Before the first `!` line.
    None,
    Transactions,
    Account,
    /// Lists that are not transactions (categories, classes, investments...).
    Skipped,
}

/// A record being read, borrowing from the text until `^`.
#[derive(Default)]
struct Record<'a> {
    first_line: Option<usize>,
    date: Option<NaiveDate>,
    amount_t: Option<Decimal>,
    amount_u: Option<Decimal>,
    payee: &'a str,
    memo: &'a str,
    number: &'a str,
    /// An `S`, `E`, `$` or `%` line was read: what follows belongs to a split.
    in_split: bool,
    /// A `D` line among the split lines. Splits have no date of their own in QIF, so it is
    /// used only when the transaction has none.
    split_date: Option<NaiveDate>,
}

pub fn parse(bytes: &[u8], date_format: QifDateFormat) -> Result<Statement, ParseError> {
    let (text, _) = decode(bytes, Some(Encoding::Windows1252))?;
    // Classic Mac files end lines with a bare CR.
    let separator = if text.contains('\n') { '\n' } else { '\r' };

    let mut statement = Statement::default();
    let mut section = Section::None;
    let mut any_transaction_section = false;
    let mut investment_line = None;
    let mut record = Record::default();
    // The `N` of the `!Account` record being read, and of the last one completed.
    let mut account_name: Option<&str> = None;
    let mut account: Option<&str> = None;
    let mut last_line = 0;
    let mut split_dates_used = 0;

    for (index, raw) in text.split(separator).enumerate() {
        let line = index + 1;
        let l = raw.trim();
        // `#` starts a comment line in the files some tools write; no field code is `#`.
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        last_line = line;
        if let Some(header) = l.strip_prefix('!') {
            if let Some(first) = record.first_line {
                return Err(unterminated(line, first));
            }
            // An account record may lack its `^` when a `!Type` follows directly.
            if section == Section::Account {
                account = account_name.take().or(account);
            }
            let header = header.trim().to_ascii_lowercase();
            let kind = header.strip_prefix("type:").map(str::trim);
            section = match (header.as_str(), kind) {
                (_, Some("bank" | "ccard" | "cash" | "oth a" | "oth l")) => {
                    any_transaction_section = true;
                    Section::Transactions
                }
                (_, Some("invst")) => {
                    investment_line.get_or_insert(line);
                    Section::Skipped
                }
                ("account", _) => Section::Account,
                // `!Option:AutoSwitch` / `!Clear:AutoSwitch` switch modes, not sections.
                (h, _) if h.starts_with("option:") || h.starts_with("clear:") => section,
                _ => Section::Skipped,
            };
            continue;
        }
        // The first character is the field code; `chars` keeps the split on a boundary.
        let mut chars = l.chars();
        let code = chars.next().unwrap_or('^');
        let value = chars.as_str().trim();
        match section {
            // A stray record end before the first header.
            Section::None if code == '^' => {}
            Section::None => {
                return Err(ParseError::new(
                    line,
                    Some("header"),
                    "a QIF file begins with a !Type: line such as !Type:Bank",
                ));
            }
            Section::Skipped => {}
            Section::Account => match code {
                'N' => account_name = Some(value),
                '^' => account = account_name.take().or(account),
                _ => {}
            },
            Section::Transactions => {
                if code == '^' {
                    let Some(first) = record.first_line else {
                        continue; // an empty record
                    };
                    if record.date.is_none() && record.split_date.is_some() {
                        split_dates_used += 1;
                    }
                    statement.lines.push(finish(&record, first, line)?);
                    record = Record::default();
                    check_account(&mut statement, account, first)?;
                    continue;
                }
                record.first_line.get_or_insert(line);
                let field = |name: &'static str| {
                    move |message: String| ParseError::new(line, Some(name), message)
                };
                match code {
                    // Split lines carry no date in QIF; some tools write one anyway. It never
                    // replaces the transaction's own.
                    'D' if record.in_split
                        && record.date.is_none()
                        && record.split_date.is_none() =>
                    {
                        let d = date(value, date_format).map_err(field("D"))?;
                        record.split_date = Some(d);
                    }
                    'D' if record.in_split => {}
                    'D' => record.date = Some(date(value, date_format).map_err(field("D"))?),
                    'S' | 'E' | '$' | '%' => record.in_split = true,
                    'T' => record.amount_t = Some(amount(value).map_err(field("T"))?),
                    'U' => record.amount_u = Some(amount(value).map_err(field("U"))?),
                    'P' => record.payee = value,
                    'M' => record.memo = value,
                    'N' => record.number = value,
                    // C (cleared), L (category), A (address), the split's own category, memo
                    // and amount, and the rest are not needed.
                    _ => {}
                }
            }
        }
    }
    if let Some(first) = record.first_line {
        return Err(ParseError::new(
            last_line,
            Some("^"),
            format!(
                "the file ends early (truncated?): the record from line {first} has no closing ^"
            ),
        ));
    }
    if split_dates_used > 0 {
        let (n, their) = match split_dates_used {
            1 => ("1 transaction".to_string(), "its"),
            n => (format!("{n} transactions"), "their"),
        };
        statement.notes.push(format!(
            "{n} had no date of {their} own, only in {their} split lines; that date was used"
        ));
    }
    if !any_transaction_section {
        return Err(match investment_line {
            Some(line) => ParseError::new(
                line,
                Some("header"),
                "investment accounts (!Type:Invst) are not supported",
            ),
            None => ParseError::new(
                1,
                Some("header"),
                "the file has no !Type:Bank, !Type:CCard or !Type:Cash section",
            ),
        });
    }
    Ok(statement)
}

fn finish(record: &Record<'_>, first: usize, end: usize) -> Result<StatementLine, ParseError> {
    let missing = |field: &str, what: &str| {
        ParseError::new(
            end,
            Some(field),
            format!("the record from line {first} has no {what} ({field} line)"),
        )
    };
    let booked_on = record
        .date
        .or(record.split_date)
        .ok_or_else(|| missing("D", "date"))?;
    // Newer Quicken writes the amount twice (U and T); either will do.
    let amount = record
        .amount_t
        .or(record.amount_u)
        .ok_or_else(|| missing("T", "amount"))?;
    // N also holds words (ATM, DEP, EFT, Print) that repeat; only a check number identifies.
    let is_check_number =
        !record.number.is_empty() && record.number.bytes().all(|b| b.is_ascii_digit());
    Ok(StatementLine {
        source_line: first,
        booked_on,
        amount,
        currency: None,
        payee: record.payee.to_string(),
        description: record.memo.to_string(),
        source_id: is_check_number.then(|| record.number.to_string()),
        pending: false,
        merchant_category_code: None,
    })
}

/// One account per import: AutoSwitch files can hold several.
fn check_account(
    statement: &mut Statement,
    account: Option<&str>,
    line: usize,
) -> Result<(), ParseError> {
    let Some(account) = account else {
        return Ok(());
    };
    match &statement.account_hint {
        None => statement.account_hint = Some(account.to_string()),
        Some(first) if first != account => {
            return Err(ParseError::new(
                line,
                Some("account"),
                format!(
                    "the file holds transactions of several accounts ({} and {}); export one account per file",
                    shown(first),
                    shown(account)
                ),
            ));
        }
        Some(_) => {}
    }
    Ok(())
}

fn unterminated(line: usize, first: usize) -> ParseError {
    ParseError::new(
        line,
        Some("^"),
        format!("the record from line {first} has no closing ^ before this line"),
    )
}

/// `1,234.56` is the usual form; European exports write `1.234,56` or `-12,50`. The decimal
/// mark is the last of `.` and `,`, except that a lone comma before exactly three digits
/// groups thousands.
fn amount(raw: &str) -> Result<Decimal, String> {
    let last_point = raw.rfind('.');
    let last_comma = raw.rfind(',');
    let mark = match (last_point, last_comma) {
        (Some(p), Some(c)) if c > p => DecimalMark::Comma,
        (Some(_), _) if raw.matches('.').count() > 1 => DecimalMark::Comma,
        (None, Some(c)) => {
            let decimals = raw[c + 1..].trim_end().len();
            if raw.matches(',').count() == 1 && decimals != 3 {
                DecimalMark::Comma
            } else {
                DecimalMark::Point
            }
        }
        _ => DecimalMark::Point,
    };
    parse_amount(raw, mark)
}

/// Month and day in the chosen order, then the year: `1/15/2024`, `1/15'24` (Quicken writes an
/// apostrophe for years from 2000), ` 1/ 5' 4` (padded with spaces), `15.01.2024`; a leading
/// four-digit year means year-month-day whatever the order.
fn date(raw: &str, order: QifDateFormat) -> Result<NaiveDate, String> {
    let bad = || format!("{} is not a date", shown(raw));
    let mut parts = [0u32; 3];
    let mut lengths = [0usize; 3];
    let mut index = 0;
    let mut apostrophe = false;
    for c in raw.trim().chars() {
        match c {
            '0'..='9' => {
                let (Some(part), Some(len)) = (parts.get_mut(index), lengths.get_mut(index)) else {
                    return Err(bad());
                };
                *len += 1;
                if *len > 4 {
                    return Err(bad());
                }
                *part = *part * 10 + (c as u32 - '0' as u32);
            }
            '/' | '.' | '-' | '\'' => {
                if lengths.get(index).copied().unwrap_or(0) == 0 {
                    return Err(bad());
                }
                apostrophe = c == '\'';
                index += 1;
            }
            ' ' => {}
            _ => return Err(bad()),
        }
    }
    if index != 2 || lengths[2] == 0 {
        return Err(bad());
    }
    let [a, b, c] = parts;
    #[allow(clippy::cast_possible_wrap)] // at most 9999
    let (year, month, day) = if lengths[0] == 4 {
        (a as i32, b, c)
    } else {
        let year = match lengths[2] {
            4 => c,
            1 | 2 if apostrophe => 2000 + c,
            // Quicken writes `/` only before 2000; other tools write it for 20xx too.
            1 | 2 if c < 70 => 2000 + c,
            1 | 2 => 1900 + c,
            _ => return Err(bad()),
        };
        match order {
            QifDateFormat::MonthFirst => (year as i32, a, b),
            QifDateFormat::DayFirst => (year as i32, b, a),
        }
    };
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        let other = match order {
            QifDateFormat::MonthFirst => "day-first",
            QifDateFormat::DayFirst => "month-first",
        };
        if lengths[0] != 4 && NaiveDate::from_ymd_opt(year, day, month).is_some() {
            format!(
                "{} is not a valid date; are the file's dates {other}?",
                shown(raw)
            )
        } else {
            format!("{} is not a valid date", shown(raw))
        }
    })
}

/// The raw value for an error message, cut short: broken files can hold megabytes on a line.
fn shown(raw: &str) -> String {
    const MAX: usize = 40;
    match raw.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{:?}…", &raw[..cut]),
        None => format!("{raw:?}"),
    }
}
