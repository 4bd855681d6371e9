//! A mapping resolved against a file's header, and the reading of one row with it.

use ::csv::ByteRecord;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::{AmountColumns, Column, CsvMapping, SignConvention};
use crate::statement::{ParseError, StatementLine};
use crate::text::{SHOWN_MAX, clipped, parse_amount, parse_date, shown};

/// The mapping resolved against the file's header: column positions and their names for
/// error messages.
pub(super) struct Plan<'m> {
    mapping: &'m CsvMapping,
    labels: Vec<String>,
    /// Fields in the header (or first row); rows may add only empty fields beyond it (Chase
    /// ends data rows, not the header, with a comma).
    width: usize,
    /// Rows need at least this many fields: the header without trailing unnamed columns, and
    /// every mapped column.
    min_width: usize,
    date: usize,
    amount: AmountPlan<'m>,
    payee: Option<usize>,
    payer: Option<usize>,
    description: Option<usize>,
    id: Option<usize>,
    currency: Option<usize>,
    fee: Option<usize>,
    status: Option<usize>,
}

enum AmountPlan<'m> {
    Single {
        column: usize,
        inverted: bool,
    },
    DebitCredit {
        debit: usize,
        credit: usize,
    },
    SignColumn {
        amount: usize,
        sign: usize,
        negative: &'m [String],
    },
}

impl<'m> Plan<'m> {
    pub fn new(
        mapping: &'m CsvMapping,
        first: &ByteRecord,
        line: usize,
    ) -> Result<Self, ParseError> {
        let width = first.len();
        let labels: Vec<String> = if mapping.has_header {
            first
                .iter()
                .map(|f| String::from_utf8_lossy(f).trim().to_string())
                .collect()
        } else {
            (1..=width).map(|i| format!("column {i}")).collect()
        };
        let named = labels
            .iter()
            .rposition(|l| !l.is_empty())
            .map_or(0, |i| i + 1);
        let at = |column: &Column| resolve(column, &labels, mapping.has_header, line);
        let opt = |column: Option<&Column>| column.map(at).transpose();
        let date = at(&mapping.date_column)?;
        let amount = match &mapping.amount {
            AmountColumns::Single { column, sign } => AmountPlan::Single {
                column: at(column)?,
                inverted: *sign == SignConvention::Inverted,
            },
            AmountColumns::DebitCredit { debit, credit } => AmountPlan::DebitCredit {
                debit: at(debit)?,
                credit: at(credit)?,
            },
            AmountColumns::SignColumn {
                amount,
                sign_column,
                negative_values,
            } => AmountPlan::SignColumn {
                amount: at(amount)?,
                sign: at(sign_column)?,
                negative: negative_values,
            },
        };
        let payee = opt(mapping.payee_column.as_ref())?;
        let payer = opt(mapping.payer_column.as_ref())?;
        let description = opt(mapping.description_column.as_ref())?;
        let id = opt(mapping.id_column.as_ref())?;
        let currency = opt(mapping.currency_column.as_ref())?;
        let fee = opt(mapping.fee_column.as_ref())?;
        let status = opt(mapping.status.as_ref().map(|s| &s.column))?;
        let (a, b) = match amount {
            AmountPlan::Single { column, .. } => (column, column),
            AmountPlan::DebitCredit { debit, credit } => (debit, credit),
            AmountPlan::SignColumn { amount, sign, .. } => (amount, sign),
        };
        let min_width = [
            Some(date),
            Some(a),
            Some(b),
            payee,
            payer,
            description,
            id,
            currency,
            fee,
            status,
        ]
        .into_iter()
        .flatten()
        .map(|i| i + 1)
        .fold(named, usize::max);
        Ok(Plan {
            mapping,
            labels,
            width,
            min_width,
            date,
            amount,
            payee,
            payer,
            description,
            id,
            currency,
            fee,
            status,
        })
    }

    /// One data row: `None` when the mapping says to leave it out.
    pub fn row(
        &self,
        record: &ByteRecord,
        line: usize,
    ) -> Result<Option<StatementLine>, ParseError> {
        let m = self.mapping;
        let extra_filled = record
            .iter()
            .skip(self.width)
            .any(|f| !f.iter().all(u8::is_ascii_whitespace));
        if record.len() < self.min_width || extra_filled {
            return Err(ParseError::new(
                line,
                None,
                format!(
                    "expected {} fields, as in the {}, found {}",
                    self.width,
                    if m.has_header { "header" } else { "first row" },
                    record.len()
                ),
            ));
        }
        let cell = |i: usize| self.cell(record, i, line);
        let mut pending = false;
        if let (Some(i), Some(status)) = (self.status, &m.status) {
            let value = cell(i)?;
            let is =
                |values: &[String]| values.iter().any(|v| v.trim().eq_ignore_ascii_case(value));
            if is(&status.skip_values) {
                return Ok(None);
            }
            pending = is(&status.pending_values);
        }
        let Some(mut amount) = self.amount(record, line)? else {
            return Ok(None);
        };
        if let Some(i) = self.fee {
            let raw = cell(i)?;
            if !raw.is_empty() {
                let fee = self.number(raw, i, line)?;
                amount = amount
                    .checked_sub(fee.abs())
                    .ok_or_else(|| self.error(line, i, "the amount minus the fee is too large"))?;
            }
        }
        let booked_on = parse_csv_date(cell(self.date)?, &m.date_format)
            .map_err(|e| self.error(line, self.date, e))?;
        let payer = match self.payer {
            Some(i) if amount > Decimal::ZERO => cell(i)?,
            _ => "",
        };
        let payee = match (payer, self.payee) {
            ("", Some(i)) => cell(i)?,
            (payer, _) => payer,
        };
        let optional = |column: Option<usize>| -> Result<Option<&str>, ParseError> {
            Ok(match column {
                Some(i) => Some(cell(i)?).filter(|s| !s.is_empty()),
                None => None,
            })
        };
        Ok(Some(StatementLine {
            source_line: line,
            booked_on,
            amount,
            currency: optional(self.currency)?.map(str::to_uppercase),
            payee: payee.to_string(),
            description: optional(self.description)?.unwrap_or_default().to_string(),
            source_id: optional(self.id)?.map(str::to_string),
            pending,
            merchant_category_code: None,
        }))
    }

    /// The signed amount, or `None` for an amount-less row the mapping skips.
    fn amount(&self, record: &ByteRecord, line: usize) -> Result<Option<Decimal>, ParseError> {
        let skip_empty = self.mapping.skip_rows_without_amount;
        let value = match self.amount {
            AmountPlan::Single { column, inverted } => {
                let raw = self.cell(record, column, line)?;
                if raw.is_empty() && skip_empty {
                    return Ok(None);
                }
                let value = self.number(raw, column, line)?;
                if inverted { -value } else { value }
            }
            AmountPlan::DebitCredit { debit, credit } => {
                let (d, c) = (
                    self.cell(record, debit, line)?,
                    self.cell(record, credit, line)?,
                );
                let d = (!d.is_empty())
                    .then(|| self.number(d, debit, line))
                    .transpose()?;
                let c = (!c.is_empty())
                    .then(|| self.number(c, credit, line))
                    .transpose()?;
                match (d, c) {
                    (None, None) if skip_empty => return Ok(None),
                    (None, None) => {
                        return Err(self.both_error(line, debit, credit, "are both empty"));
                    }
                    (Some(d), Some(c)) if !d.is_zero() && !c.is_zero() => {
                        return Err(self.both_error(line, debit, credit, "are both filled"));
                    }
                    // Both magnitudes are at most Decimal::MAX, so this cannot overflow.
                    (d, c) => c.unwrap_or_default().abs() - d.unwrap_or_default().abs(),
                }
            }
            AmountPlan::SignColumn {
                amount,
                sign,
                negative,
            } => {
                let raw = self.cell(record, amount, line)?;
                if raw.is_empty() && skip_empty {
                    return Ok(None);
                }
                let value = self.number(raw, amount, line)?.abs();
                let sign_value = self.cell(record, sign, line)?;
                if sign_value.is_empty() {
                    return Err(self.error(
                        line,
                        sign,
                        "the column saying which way the money went is empty",
                    ));
                }
                if negative
                    .iter()
                    .any(|v| v.trim().eq_ignore_ascii_case(sign_value))
                {
                    -value
                } else {
                    value
                }
            }
        };
        Ok(Some(value))
    }

    /// A field as trimmed text; the file was decoded already, so invalid UTF-8 cannot occur
    /// short of a bug, but it is an error rather than a panic.
    fn cell<'r>(
        &self,
        record: &'r ByteRecord,
        i: usize,
        line: usize,
    ) -> Result<&'r str, ParseError> {
        let bytes = record.get(i).unwrap_or_default();
        std::str::from_utf8(bytes)
            .map(str::trim)
            .map_err(|_| self.error(line, i, "wrong encoding: the field is not valid text"))
    }

    fn number(&self, raw: &str, i: usize, line: usize) -> Result<Decimal, ParseError> {
        parse_amount(raw, self.mapping.decimal_mark).map_err(|e| self.error(line, i, e))
    }

    /// The header's name of column `i`, cut short for a message: a header cell can be long.
    fn label(&self, i: usize) -> std::borrow::Cow<'_, str> {
        clipped(self.labels.get(i).map_or("", String::as_str), SHOWN_MAX)
    }

    fn error(&self, line: usize, i: usize, message: impl Into<String>) -> ParseError {
        ParseError::new(line, Some(&self.label(i)), message)
    }

    fn both_error(&self, line: usize, debit: usize, credit: usize, what: &str) -> ParseError {
        let (d, c) = (self.label(debit), self.label(credit));
        ParseError::new(
            line,
            Some(&format!("{d}/{c}")),
            format!(
                "the debit ({d}) and credit ({c}) columns {what}; exactly one must hold the amount"
            ),
        )
    }
}

fn resolve(
    column: &Column,
    labels: &[String],
    has_header: bool,
    line: usize,
) -> Result<usize, ParseError> {
    match column {
        Column::Index(i) if *i < labels.len() => Ok(*i),
        Column::Index(i) => Err(ParseError::new(
            line,
            Some(&column.to_string()),
            format!(
                "the mapping asks for column index {i} (counting from 0), but the file has {} columns",
                labels.len()
            ),
        )),
        Column::Name(name) if !has_header => Err(ParseError::new(
            line,
            Some(name),
            "the mapping names its columns, but says the file has no header line to find them in",
        )),
        Column::Name(name) => {
            let want = name.trim();
            let lower = want.to_lowercase();
            labels
                .iter()
                .position(|l| l == want)
                .or_else(|| labels.iter().position(|l| l.to_lowercase() == lower))
                .ok_or_else(|| {
                    // A header line can be one long field or thousands of them: name a few.
                    const LISTED: usize = 12;
                    let named: Vec<&String> = labels.iter().filter(|l| !l.is_empty()).collect();
                    let mut known: Vec<_> = named
                        .iter()
                        .take(LISTED)
                        .map(|l| clipped(l, SHOWN_MAX))
                        .collect();
                    if named.len() > LISTED {
                        known.push(format!("and {} more", named.len() - LISTED).into());
                    }
                    ParseError::new(
                        line,
                        Some(name),
                        format!(
                            "the file has no column named {}; its columns are: {}",
                            shown(want),
                            known.join(", ")
                        ),
                    )
                })
        }
    }
}

/// `parse_date`, forgiving what exports vary on: a two-digit year for `%Y` and a four-digit
/// one for `%y` (Sparkasse writes `24.04.26`, other exports `24.04.2026`), and a time after
/// the date when the format has none.
pub(crate) fn parse_csv_date(raw: &str, format: &str) -> Result<NaiveDate, String> {
    let first = parse_date(raw, format);
    let suspicious = match &first {
        Ok(date) => format.contains("%Y") && date.year() < 1000,
        Err(_) => true,
    };
    if !suspicious {
        return first;
    }
    let other = if format.contains("%Y") {
        Some(format.replace("%Y", "%y"))
    } else if format.contains("%y") {
        Some(format.replace("%y", "%Y"))
    } else {
        None
    };
    let candidates = std::iter::once(format).chain(other.as_deref());
    for f in candidates {
        if let Ok(date) = parse_date(raw, f)
            && date.year() >= 1000
        {
            return Ok(date);
        }
        if let Ok((date, rest)) = NaiveDate::parse_and_remainder(raw.trim(), f)
            && rest.starts_with([' ', 'T'])
            && date.year() >= 1000
        {
            return Ok(date);
        }
    }
    Err(first.err().unwrap_or_else(|| {
        format!(
            "{} is not a date in the format {}",
            shown(raw.trim()),
            clipped(format, SHOWN_MAX)
        )
    }))
}
