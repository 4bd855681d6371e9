//! What every source yields before matching: statement files (OFX, QFX, CSV, CAMT.052/.053/.054, QIF, MT940)
//! and bank providers alike produce `StatementLine`s. Amounts are signed: negative is money
//! out of the account.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// One transaction as the source states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementLine {
    /// 1-based line (or record) in the source, for error messages and previews.
    pub source_line: usize,
    pub booked_on: NaiveDate,
    pub amount: Decimal,
    /// ISO 4217; `None` when the source does not say (the account's currency applies).
    pub currency: Option<String>,
    /// Who was paid or who paid (OFX NAME, CSV payee column, CAMT counterparty, QIF P).
    pub payee: String,
    /// The bank's free text (OFX MEMO, CAMT remittance info, QIF M), may be empty.
    pub description: String,
    /// The source's own id for the row (OFX FITID, CAMT AcctSvcrRef/NtryRef, provider ids).
    pub source_id: Option<String>,
    /// Not yet posted by the bank (CAMT `PDNG`, provider pending flags).
    pub pending: bool,
    /// The card network's merchant category code (ISO 18245, four digits) where the
    /// source gives one: GoCardless's `merchantCategoryCode`, OFX's `SIC`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_category_code: Option<String>,
}

/// A merchant category code as sources send it, if it is one: four digits, some banks
/// padding or prefixing it ("05812", " 5812"). Anything else is dropped, not guessed.
pub fn merchant_category_code(raw: &str) -> Option<String> {
    let digits = raw.trim().trim_start_matches('0');
    (digits.len() <= 4 && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{digits:0>4}"))
}

/// A whole statement: the lines, and what the file says about its account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Statement {
    pub lines: Vec<StatementLine>,
    /// Account currency from the file header, if any (OFX CURDEF, CAMT Acct/Ccy).
    pub currency: Option<String>,
    /// Account identifier in the file, if any (OFX ACCTID, CAMT IBAN), for the preview.
    pub account_hint: Option<String>,
    /// Closing balance the file states, if any.
    pub closing_balance: Option<Decimal>,
    /// What the parser had to assume or left out, in words for the preview (e.g. "2 entries
    /// had no booking date; their value date was used"). Empty when the file was plain.
    pub notes: Vec<String>,
}

/// Why a file could not be read: where, which field, what is wrong. Imports are all or
/// nothing, so the first error stops the whole file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("line {line}{}: {message}", field.as_ref().map(|f| format!(", field {f}")).unwrap_or_default())]
pub struct ParseError {
    pub line: usize,
    pub field: Option<String>,
    pub message: String,
}

impl ParseError {
    pub fn new(line: usize, field: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            line,
            field: field.map(str::to_string),
            message: message.into(),
        }
    }
}

/// The formats Kakeibo reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Ofx,
    Csv,
    /// ISO 20022 CAMT: .053 statements; the parser also reads .052 reports and .054
    /// notifications, which share the entry layout.
    Camt053,
    Camt052,
    Camt054,
    Qif,
    /// SWIFT MT940 (`.sta`, `.mt940`).
    Mt940,
}

impl Format {
    /// The name stored on an import and accepted by `kakeibo import --format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Ofx => "ofx",
            Format::Csv => "csv",
            Format::Camt053 => "camt053",
            Format::Camt052 => "camt052",
            Format::Camt054 => "camt054",
            Format::Qif => "qif",
            Format::Mt940 => "mt940",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::merchant_category_code;

    #[test]
    fn merchant_category_codes_are_four_digits_or_nothing() {
        assert_eq!(merchant_category_code("5812").as_deref(), Some("5812"));
        assert_eq!(merchant_category_code(" 05812 ").as_deref(), Some("5812"));
        assert_eq!(merchant_category_code("742").as_deref(), Some("0742"));
        for not_one in ["", "0000", "58121", "58a2", "-581", "restaurant"] {
            assert_eq!(merchant_category_code(not_one), None, "{not_one:?}");
        }
    }
}
