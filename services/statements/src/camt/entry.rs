//! One `<Ntry>` and its `<TxDtls>`: what they say, and the statement lines they become.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::xml_decimal;
use crate::statement::{ParseError, StatementLine};
use crate::text::shown;

/// A leaf element's text, where it is, and the `Ccy` of an `<Amt>`.
pub(super) struct Field {
    pub text: String,
    pub line: usize,
    pub ccy: Option<String>,
}

impl Field {
    pub fn decimal(&self, name: &str) -> Result<Decimal, ParseError> {
        xml_decimal(&self.text).ok_or_else(|| {
            ParseError::new(
                self.line,
                Some(name),
                format!("{} is not an amount", shown(&self.text)),
            )
        })
    }

    /// `CRDT` (money in) is `true`.
    fn is_credit(&self, name: &str) -> Result<bool, ParseError> {
        match self.text.as_str() {
            "CRDT" => Ok(true),
            "DBIT" => Ok(false),
            other => Err(ParseError::new(
                self.line,
                Some(name),
                format!("{} is neither CRDT nor DBIT", shown(other)),
            )),
        }
    }

    /// `Dt` is a date, `DtTm` a date and time: the date part is what counts.
    fn date(&self, name: &str) -> Result<NaiveDate, ParseError> {
        self.text
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .ok_or_else(|| {
                let message = format!("{} is not a date (YYYY-MM-DD)", shown(&self.text));
                ParseError::new(self.line, Some(name), message)
            })
    }
}

/// Where an entry's date came from: its booking date, else its value date, else the date the
/// statement (or the whole file) was created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DateFrom {
    Booking,
    Value,
    Statement,
}

#[derive(Default)]
pub(super) struct Entry {
    line: usize,
    amount: Option<Field>,
    credit_debit: Option<Field>,
    status: Option<String>,
    booking: Option<(&'static str, Field)>,
    value_date: Option<(&'static str, Field)>,
    servicer_ref: Option<String>,
    entry_ref: Option<String>,
    info: Option<String>,
    pub txs: Vec<Tx>,
}

impl Entry {
    pub fn new(line: usize) -> Self {
        Self {
            line,
            ..Self::default()
        }
    }

    /// `rel` is the element's path below `<Ntry>`.
    pub fn leaf(&mut self, rel: &str, field: Field) {
        match rel {
            "/Amt" => self.amount = Some(field),
            "/CdtDbtInd" => self.credit_debit = Some(field),
            // A code up to .07, a `<Cd>` inside from .08 on.
            "/Sts" | "/Sts/Cd" => self.status = Some(field.text),
            "/BookgDt/Dt" => self.booking = Some(("BookgDt/Dt", field)),
            "/BookgDt/DtTm" => self.booking = Some(("BookgDt/DtTm", field)),
            "/ValDt/Dt" => self.value_date = Some(("ValDt/Dt", field)),
            "/ValDt/DtTm" => self.value_date = Some(("ValDt/DtTm", field)),
            "/AcctSvcrRef" => self.servicer_ref = Some(field.text),
            "/NtryRef" => self.entry_ref = Some(field.text),
            "/AddtlNtryInf" => self.info = Some(field.text),
            _ => {}
        }
    }

    /// The entry's lines: one per transaction when a batch itemises amounts that add up to
    /// the entry's, else one. `statement_date` is the statement's `CreDtTm` (or the group
    /// header's), the last resort for an entry with neither booking nor value date.
    pub fn finish(
        self,
        statement_date: Option<&(&'static str, Field)>,
    ) -> Result<(Vec<StatementLine>, DateFrom), ParseError> {
        let missing =
            |name: &str| ParseError::new(self.line, Some(name), format!("the entry has no {name}"));
        let amount = self.amount.as_ref().ok_or_else(|| missing("Amt"))?;
        let credit = self
            .credit_debit
            .as_ref()
            .ok_or_else(|| missing("CdtDbtInd"))?
            .is_credit("CdtDbtInd")?;
        let value = signed(amount.decimal("Amt")?, credit);
        let (from, (date_name, date)) = match (&self.booking, &self.value_date, statement_date) {
            (Some(date), _, _) => (DateFrom::Booking, date),
            (None, Some(date), _) => (DateFrom::Value, date),
            (None, None, Some(date)) => (DateFrom::Statement, date),
            (None, None, None) => {
                return Err(ParseError::new(
                    self.line,
                    Some("BookgDt"),
                    "the entry has no BookgDt, no ValDt, and the statement no CreDtTm",
                ));
            }
        };
        let booked_on = date.date(date_name)?;
        let pending = self.status.as_deref().is_some_and(|s| s != "BOOK");
        let id = [&self.servicer_ref, &self.entry_ref]
            .into_iter()
            .flatten()
            .find(|r| usable_ref(r))
            .cloned();

        if let Some(parts) = self.itemised(value, credit)? {
            let lines = parts
                .into_iter()
                .enumerate()
                .map(|(n, (tx, amount, currency))| StatementLine {
                    source_line: tx.line,
                    booked_on,
                    amount,
                    currency,
                    payee: tx
                        .payee(amount > Decimal::ZERO)
                        .unwrap_or_default()
                        .to_string(),
                    description: tx
                        .description()
                        .or_else(|| self.info.clone())
                        .unwrap_or_default(),
                    source_id: tx
                        .servicer_ref
                        .clone()
                        .filter(|r| usable_ref(r) && Some(r) != id.as_ref())
                        .or_else(|| id.as_ref().map(|id| format!("{id}/{}", n + 1))),
                    pending,
                    merchant_category_code: None,
                })
                .collect();
            return Ok((lines, from));
        }

        let payee = self.txs.iter().find_map(|tx| tx.payee(credit));
        let description = match self.txs.as_slice() {
            [tx] => tx.description().or_else(|| self.info.clone()),
            txs => self
                .info
                .clone()
                .or_else(|| txs.iter().find_map(Tx::description)),
        };
        let line = StatementLine {
            source_line: self.line,
            booked_on,
            amount: value,
            currency: amount.ccy.clone(),
            payee: payee.unwrap_or_default().to_string(),
            description: description.unwrap_or_default(),
            source_id: id,
            pending,
            merchant_category_code: None,
        };
        Ok((vec![line], from))
    }

    /// Each transaction with its signed amount and currency, when there are several, each
    /// has an amount, and they add up to the entry's (else, e.g. with amounts in another
    /// currency, the entry stays one line).
    fn itemised(&self, total: Decimal, credit: bool) -> Result<Option<Vec<Part<'_>>>, ParseError> {
        if self.txs.len() < 2 {
            return Ok(None);
        }
        let mut parts = Vec::with_capacity(self.txs.len());
        let mut sum = Decimal::ZERO;
        for tx in &self.txs {
            let Some((name, field)) = tx.amount() else {
                return Ok(None);
            };
            let credit = match &tx.credit_debit {
                Some(f) => f.is_credit("TxDtls/CdtDbtInd")?,
                None => credit,
            };
            let amount = signed(field.decimal(name)?, credit);
            let Some(next) = sum.checked_add(amount) else {
                return Ok(None);
            };
            sum = next;
            parts.push((tx, amount, field.ccy.clone()));
        }
        Ok((sum == total).then_some(parts))
    }
}

/// A transaction of an itemised batch: its details, signed amount and currency.
type Part<'e> = (&'e Tx, Decimal, Option<String>);

/// One `<TxDtls>` of an entry.
#[derive(Default)]
pub(super) struct Tx {
    line: usize,
    tx_amount: Option<Field>,
    plain_amount: Option<Field>,
    credit_debit: Option<Field>,
    creditor: Option<String>,
    debtor: Option<String>,
    ultimate_creditor: Option<String>,
    ultimate_debtor: Option<String>,
    unstructured: Vec<String>,
    info: Option<String>,
    servicer_ref: Option<String>,
}

impl Tx {
    pub fn new(line: usize) -> Self {
        Self {
            line,
            ..Self::default()
        }
    }

    /// `rel` is the element's path below `<TxDtls>`; parties are `Cdtr/Nm` up to .07 and
    /// `Cdtr/Pty/Nm` from .08 on.
    pub fn leaf(&mut self, rel: &str, field: Field) {
        let text = || Some(field.text.clone());
        match rel {
            "/AmtDtls/TxAmt/Amt" => self.tx_amount = Some(field),
            "/Amt" => self.plain_amount = Some(field),
            "/CdtDbtInd" => self.credit_debit = Some(field),
            "/RltdPties/Cdtr/Nm" | "/RltdPties/Cdtr/Pty/Nm" => self.creditor = text(),
            "/RltdPties/Dbtr/Nm" | "/RltdPties/Dbtr/Pty/Nm" => self.debtor = text(),
            "/RltdPties/UltmtCdtr/Nm" | "/RltdPties/UltmtCdtr/Pty/Nm" => {
                self.ultimate_creditor = text();
            }
            "/RltdPties/UltmtDbtr/Nm" | "/RltdPties/UltmtDbtr/Pty/Nm" => {
                self.ultimate_debtor = text();
            }
            "/RmtInf/Ustrd" => self.unstructured.push(field.text),
            "/AddtlTxInf" => self.info = text(),
            "/Refs/AcctSvcrRef" => self.servicer_ref = text(),
            _ => {}
        }
    }

    fn amount(&self) -> Option<(&'static str, &Field)> {
        match (&self.tx_amount, &self.plain_amount) {
            (Some(f), _) => Some(("TxDtls/AmtDtls/TxAmt/Amt", f)),
            (None, Some(f)) => Some(("TxDtls/Amt", f)),
            (None, None) => None,
        }
    }

    /// The other side: who was paid for money out, who paid for money in.
    fn payee(&self, credit: bool) -> Option<&str> {
        let (party, ultimate) = if credit {
            (&self.debtor, &self.ultimate_debtor)
        } else {
            (&self.creditor, &self.ultimate_creditor)
        };
        party.as_deref().or(ultimate.as_deref())
    }

    fn description(&self) -> Option<String> {
        if self.unstructured.is_empty() {
            self.info.clone()
        } else {
            Some(self.unstructured.join(" "))
        }
    }
}

fn signed(value: Decimal, credit: bool) -> Decimal {
    if credit { value.abs() } else { -value.abs() }
}

/// Banks fill required reference fields with placeholders.
fn usable_ref(r: &str) -> bool {
    !r.is_empty() && !r.eq_ignore_ascii_case("NONREF") && !r.eq_ignore_ascii_case("NOTPROVIDED")
}
