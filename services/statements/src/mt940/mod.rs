//! SWIFT MT940 customer statements (`.sta`, `.mt940`), as German, Dutch, Polish and Swiss
//! banks export them: one or more statements, each `:20:` reference, `:25:` account,
//! `:28C:` number, `:60F:`/`:60M:` opening balance, `:61:` lines each followed by an optional
//! `:86:`, and `:62F:`/`:62M:` closing balance; with or without the SWIFT block wrapper.
//!
//! A statement without its closing balance is refused: it is how a cut-off file shows.

mod fields;
mod info86;
mod line61;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use self::fields::Field;
use self::line61::Line61;
use super::text::{Encoding, decode, shown};
use crate::statement::{ParseError, Statement, StatementLine};

/// Reads an MT940 file; the first problem stops it.
pub fn parse(bytes: &[u8]) -> Result<Statement, ParseError> {
    // SWIFT's character set is ASCII; German banks write umlauts in ISO-8859-1.
    let (text, _) = decode(bytes, Some(Encoding::Windows1252))?;
    let (fields, last_line) = fields::split(&text)?;
    let mut reader = Reader::default();
    for field in &fields {
        reader.field(field)?;
    }
    reader.finish(last_line)
}

/// One statement (`:20:` to `:62F:`) being read.
#[derive(Default)]
struct Open {
    line: usize,
    currency: Option<String>,
    opening: Option<Decimal>,
    closing: Option<Decimal>,
    /// Lines of this statement, in `Reader::out.lines`, from this index on.
    first_index: usize,
    /// An MT942 interim report's fields (`:13D:`, `:34F:`, `:90D:`, `:90C:`) were seen.
    interim: bool,
}

#[derive(Default)]
struct Reader {
    out: Statement,
    open: Option<Open>,
    /// The field before: an `:86:` right after a `:61:` belongs to it.
    after_61: bool,
    /// Lines with no entry date (booked on their value date).
    by_value_date: usize,
    /// How often each reference, date and amount was seen, to number repeats.
    ids: HashMap<String, usize>,
}

impl Reader {
    fn field(&mut self, field: &Field<'_>) -> Result<(), ParseError> {
        let after_61 = std::mem::replace(&mut self.after_61, false);
        let value = field.lines[0].trim();
        match field.tag {
            "20" => {
                self.close(field.line, false)?;
                self.open_at(field.line);
            }
            "25" => {
                self.open_at(field.line);
                self.account(value, field.line)?;
            }
            "60F" | "60M" => {
                let (amount, currency) = balance(value, field)?;
                // A file that leaves out `:20:` between statements.
                if self.open.as_ref().is_some_and(|o| o.closing.is_some()) {
                    self.close(field.line, false)?;
                }
                let open = self.open_at(field.line);
                open.opening = Some(amount);
                open.currency.get_or_insert(currency);
            }
            "61" => {
                self.open_at(field.line);
                let parsed = line61::parse(field.lines[0], &field.lines[1..], field.line)?;
                self.line(parsed, field.line);
                self.after_61 = true;
            }
            "86" if after_61 => {
                let info = info86::parse(&field.lines);
                if let Some(last) = self.out.lines.last_mut() {
                    apply(last, info);
                }
            }
            "62F" | "62M" => {
                let (amount, currency) = balance(value, field)?;
                let open = self.open_at(field.line);
                open.closing = Some(amount);
                open.currency.get_or_insert(currency);
            }
            "13D" | "34F" | "90D" | "90C" => self.open_at(field.line).interim = true,
            // 21 related reference, 28C statement number, 64/65 available balances, 86 about
            // the whole statement, NS bank-specific: not needed.
            _ => {}
        }
        Ok(())
    }

    /// The open statement, or a new one when a file leaves out `:20:`.
    fn open_at(&mut self, line: usize) -> &mut Open {
        let first_index = self.out.lines.len();
        self.open.get_or_insert_with(|| Open {
            line,
            first_index,
            ..Open::default()
        })
    }

    /// One account per import, as with CAMT.
    fn account(&mut self, value: &str, line: usize) -> Result<(), ParseError> {
        if value.is_empty() {
            return Ok(());
        }
        match &self.out.account_hint {
            None => self.out.account_hint = Some(value.to_string()),
            Some(first) if first != value => {
                return Err(ParseError::new(
                    line,
                    Some(":25:"),
                    format!(
                        "the file holds statements of two accounts ({} and {}); import one account at a time",
                        shown(first),
                        shown(value)
                    ),
                ));
            }
            Some(_) => {}
        }
        Ok(())
    }

    fn line(&mut self, parsed: Line61, source_line: usize) {
        let booked_on = parsed.entry_date.unwrap_or_else(|| {
            self.by_value_date += 1;
            parsed.value_date
        });
        let currency = self.open.as_ref().and_then(|o| o.currency.clone());
        let reference = [parsed.bank_reference.as_deref(), Some(&parsed.reference)]
            .into_iter()
            .flatten()
            .find(|r| usable_ref(r));
        let source_id = reference.map(|r| {
            let key = format!("{r}/{booked_on}/{}", parsed.amount.normalize());
            let seen = self.ids.entry(key.clone()).or_default();
            *seen += 1;
            if *seen == 1 {
                key
            } else {
                format!("{key}/{seen}")
            }
        });
        self.out.lines.push(StatementLine {
            source_line,
            booked_on,
            amount: parsed.amount,
            currency,
            payee: String::new(),
            description: parsed.details,
            source_id,
            pending: false,
            merchant_category_code: None,
        });
    }

    /// Ends the open statement at `line` (the next `:20:`, or the end of the file).
    fn close(&mut self, line: usize, at_end: bool) -> Result<(), ParseError> {
        let Some(open) = self.open.take() else {
            return Ok(());
        };
        let Some(closing) = open.closing else {
            let message = if open.interim {
                format!(
                    "the statement from line {} is an MT942 interim report (no closing balance); export an MT940 statement",
                    open.line
                )
            } else if at_end {
                format!(
                    "the file ends early (truncated?): the statement from line {} has no closing balance (:62F:)",
                    open.line
                )
            } else {
                format!(
                    "the statement from line {} has no closing balance (:62F:) before the next one",
                    open.line
                )
            };
            return Err(ParseError::new(line, Some(":62F:"), message));
        };
        if self.out.currency.is_none() {
            self.out.currency.clone_from(&open.currency);
        }
        self.out.closing_balance = Some(closing);
        if let Some(opening) = open.opening {
            let moved: Decimal = self.out.lines[open.first_index..]
                .iter()
                .map(|l| l.amount)
                .fold(Decimal::ZERO, |sum, a| sum.saturating_add(a));
            let change = closing.saturating_sub(opening);
            if change != moved {
                self.out.notes.push(format!(
                    "the statement from line {}: its lines add up to {moved}, but its balance moved by {change}; lines may be missing",
                    open.line
                ));
            }
        }
        Ok(())
    }

    fn finish(mut self, last_line: usize) -> Result<Statement, ParseError> {
        if self.open.is_none() && self.out.closing_balance.is_none() {
            return Err(ParseError::new(
                1,
                None,
                "this is not an MT940 statement: it has no :20: field",
            ));
        }
        self.close(last_line, true)?;
        if self.by_value_date > 0 {
            let n = self.by_value_date;
            let (lines, their) = if n == 1 {
                ("1 line".to_string(), "its")
            } else {
                (format!("{n} lines"), "their")
            };
            self.out.notes.push(format!(
                "{lines} had no entry date; {their} value date was used as the booking date"
            ));
        }
        Ok(self.out)
    }
}

/// Fills a line's payee and description from its `:86:`. The name, else the other side's
/// account; the purpose, else the posting text, else the `:61:` details.
fn apply(line: &mut StatementLine, info: info86::Info) {
    line.payee = if info.name.is_empty() {
        info.account
    } else {
        info.name
    };
    if !info.purpose.is_empty() {
        line.description = info.purpose;
    } else if !info.posting_text.is_empty() {
        line.description = info.posting_text;
    }
}

/// `:60F:C240131EUR1234,56`: the mark, the date, the currency, the amount.
fn balance(value: &str, field: &Field<'_>) -> Result<(Decimal, String), ParseError> {
    let name = format!(":{}:", field.tag);
    let bad = || {
        ParseError::new(
            field.line,
            Some(&name),
            format!(
                "{} is not a balance (C or D, YYMMDD, currency, amount)",
                shown(value)
            ),
        )
    };
    let (credit, rest) = match value.split_at_checked(1) {
        Some(("C", rest)) => (true, rest),
        Some(("D", rest)) => (false, rest),
        _ => return Err(bad()),
    };
    let _date: NaiveDate = rest.get(..6).and_then(line61::yymmdd).ok_or_else(bad)?;
    let currency = rest
        .get(6..9)
        .filter(|c| c.bytes().all(|b| b.is_ascii_uppercase()));
    let currency = currency.ok_or_else(bad)?.to_string();
    let amount = rest
        .get(9..)
        .and_then(|raw| line61::amount(raw.trim()))
        .ok_or_else(bad)?;
    Ok((if credit { amount } else { -amount }, currency))
}

/// Placeholders banks write where a reference is required: Rabobank writes the code word of
/// the reference (`EREF`) rather than the reference itself.
fn usable_ref(r: &str) -> bool {
    !r.is_empty()
        && ![
            "NONREF",
            "NOTPROVIDED",
            "NONE",
            "EREF",
            "PREF",
            "MARF",
            "KREF",
        ]
        .iter()
        .any(|p| r.eq_ignore_ascii_case(p))
}
