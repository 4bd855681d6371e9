//! CSV statements. Every bank lays its export out differently, so a `CsvMapping` says which
//! column holds what; `presets` hold the mappings of common exports and `sniff` picks one by
//! the header for the import preview; `guess` maps an export no preset knows from its header
//! words and values.

mod guess;
mod plan;
mod presets;
#[cfg(test)]
mod tests;

pub use guess::{CONFIDENT, CsvGuess, guess};
pub use presets::{Preset, preset, presets, sniff};

use self::plan::Plan;

use std::fmt;

use ::csv::{ByteRecord, Reader, ReaderBuilder};
use serde::{Deserialize, Serialize};

use super::text::{DecimalMark, Encoding, decode};
use crate::statement::{ParseError, Statement};

/// Which column holds what, and how the file is written.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CsvMapping {
    /// `b','`, `b';'`, `b'\t'` or `b'|'`.
    pub delimiter: u8,
    pub has_header: bool,
    /// Preamble lines before the header (account summaries in some exports).
    #[serde(default)]
    pub skip_lines: usize,
    /// `Utf8` (a BOM is allowed) or `Windows1252`, which also reads files that are valid UTF-8.
    pub encoding: Encoding,
    pub date_column: Column,
    /// A `chrono` format such as `%d.%m.%Y`; `%Y` and `%y` each also accept the other's year.
    pub date_format: String,
    pub amount: AmountColumns,
    pub decimal_mark: DecimalMark,
    #[serde(default)]
    pub payee_column: Option<Column>,
    #[serde(default)]
    pub description_column: Option<Column>,
    #[serde(default)]
    pub id_column: Option<Column>,
    #[serde(default)]
    pub currency_column: Option<Column>,
    /// For money in, who paid, when the export keeps payer and payee apart (DKB); money out
    /// and empty cells use `payee_column`.
    #[serde(default)]
    pub payer_column: Option<Column>,
    /// A fee charged on top of the amount (Revolut): the line's amount is `amount - |fee|`.
    #[serde(default)]
    pub fee_column: Option<Column>,
    /// A state column: which values mean pending, which mean the row never happened.
    #[serde(default)]
    pub status: Option<StatusColumn>,
    /// Skip rows whose amount cells are all empty instead of rejecting the file (balance rows
    /// such as Bank of America's "Beginning balance").
    #[serde(default)]
    pub skip_rows_without_amount: bool,
}

/// A column by 0-based position or by its header name (trimmed; case is ignored when no name
/// matches exactly). In JSON: `3` or `"Betrag"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Column {
    Index(usize),
    Name(String),
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Column::Index(i) => write!(f, "column {}", i + 1),
            Column::Name(name) => f.write_str(name),
        }
    }
}

/// Where the amount is and which way it points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AmountColumns {
    /// One signed column.
    Single {
        column: Column,
        #[serde(default)]
        sign: SignConvention,
    },
    /// Money out in `debit`, money in in `credit`; one of them is filled per row (a zero in
    /// the other counts as empty). Signs in the cells are ignored.
    DebitCredit { debit: Column, credit: Column },
    /// An unsigned amount and a column saying which way it went (ING's `Af`/`Bij`): values in
    /// `negative_values` (case ignored) mean money out, anything else money in.
    SignColumn {
        amount: Column,
        sign_column: Column,
        negative_values: Vec<String>,
    },
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignConvention {
    /// Negative is money out.
    #[default]
    Normal,
    /// Positive is money out (credit-card exports: a charge is positive).
    Inverted,
}

/// A column stating whether a row is booked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusColumn {
    pub column: Column,
    /// Values (case ignored) that mark the row pending.
    #[serde(default)]
    pub pending_values: Vec<String>,
    /// Values (case ignored) of rows to leave out: declined or reverted payments.
    #[serde(default)]
    pub skip_values: Vec<String>,
}

/// Reads a whole file with `mapping`; the first problem stops it.
pub fn parse(bytes: &[u8], mapping: &CsvMapping) -> Result<Statement, ParseError> {
    let text = decode_for(bytes, mapping.encoding)?;
    parse_text(&text, mapping, usize::MAX)
}

fn decode_for(bytes: &[u8], encoding: Encoding) -> Result<String, ParseError> {
    let fallback = (encoding == Encoding::Windows1252).then_some(Encoding::Windows1252);
    decode(bytes, fallback)
        .map(|(text, _)| text)
        .map_err(|e| ParseError {
            message: format!("wrong encoding: {}", e.message),
            ..e
        })
}

/// The header line's fields (trimmed) where `mapping` expects the header: how a saved mapping
/// recognises next month's export of the same bank. `None` without a header line.
pub fn header_fields(bytes: &[u8], mapping: &CsvMapping) -> Option<Vec<String>> {
    if !mapping.has_header || matches!(mapping.delimiter, b'"' | b'\n' | b'\r') {
        return None;
    }
    let text = decode_for(bytes, mapping.encoding).ok()?;
    let body = skip_lines(&text, mapping.skip_lines)?;
    let mut reader = ReaderBuilder::new()
        .delimiter(mapping.delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut record = ::csv::StringRecord::new();
    loop {
        if !reader.read_record(&mut record).ok()? {
            return None;
        }
        if record.iter().any(|f| !f.trim().is_empty()) {
            return Some(record.iter().map(|f| f.trim().to_string()).collect());
        }
    }
}

/// Reads at most `max_rows` data rows (the sniffer only samples the start).
pub(crate) fn parse_text(
    text: &str,
    mapping: &CsvMapping,
    max_rows: usize,
) -> Result<Statement, ParseError> {
    if matches!(mapping.delimiter, b'"' | b'\n' | b'\r') {
        return Err(ParseError::new(
            1,
            Some("delimiter"),
            "the delimiter cannot be a quote or a line break",
        ));
    }
    let Some(body) = skip_lines(text, mapping.skip_lines) else {
        return if mapping.has_header {
            Err(ParseError::new(
                text.lines().count().max(1),
                None,
                format!(
                    "the file ends before the header line (the mapping skips {} lines first)",
                    mapping.skip_lines
                ),
            ))
        } else {
            Ok(Statement::default())
        };
    };
    let offset = mapping.skip_lines;
    let mut reader = ReaderBuilder::new()
        .delimiter(mapping.delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity((body.len() + 1).min(64 * 1024))
        .from_reader(body.as_bytes());
    let mut record = ByteRecord::new();
    let mut lines = LineCounter::new(body, offset);

    // The first record is the header, or without one the template for the row width.
    let first_line = loop {
        if !next_record(&mut reader, &mut record, offset)? {
            if mapping.has_header {
                return Err(ParseError::new(
                    offset + body.lines().count().max(1),
                    None,
                    "the file has no header line",
                ));
            }
            return Ok(Statement::default());
        }
        if !is_blank(&record) {
            break lines.at(&record);
        }
    };
    let plan = Plan::new(mapping, &record, first_line)?;

    let mut statement = Statement::default();
    let mut rows = 0;
    if !mapping.has_header {
        rows += 1;
        if let Some(line) = plan.row(&record, first_line)? {
            statement.lines.push(line);
        }
    }
    while rows < max_rows && next_record(&mut reader, &mut record, offset)? {
        if is_blank(&record) {
            continue;
        }
        rows += 1;
        let line = lines.at(&record);
        if let Some(line) = plan.row(&record, line)? {
            statement.lines.push(line);
        }
    }
    Ok(statement)
}

/// The text after the first `n` lines, or `None` when the file is not that long.
fn skip_lines(text: &str, n: usize) -> Option<&str> {
    let mut rest = text;
    for _ in 0..n {
        let end = rest.find('\n')?;
        rest = &rest[end + 1..];
    }
    Some(rest)
}

fn next_record(
    reader: &mut Reader<&[u8]>,
    record: &mut ByteRecord,
    offset: usize,
) -> Result<bool, ParseError> {
    reader.read_byte_record(record).map_err(|e| {
        let line = e.position().map_or(1, |p| p.line() as usize);
        ParseError::new(offset + line, None, format!("unreadable CSV: {e}"))
    })
}

/// Turns record positions into 1-based line numbers. The csv crate's own line number is
/// where the previous record ended, before skipped blank lines and the `\n` of a `\r\n`.
struct LineCounter<'t> {
    text: &'t [u8],
    offset: usize,
    pos: usize,
    line: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str, offset: usize) -> Self {
        Self {
            text: text.as_bytes(),
            offset,
            pos: 0,
            line: 1,
        }
    }

    /// Line on which `record` starts, counting the skipped preamble.
    fn at(&mut self, record: &ByteRecord) -> usize {
        let mut start = record
            .position()
            .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX))
            .clamp(self.pos, self.text.len());
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        self.line += self.text[self.pos..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.pos = start;
        self.offset + self.line
    }
}

fn is_blank(record: &ByteRecord) -> bool {
    record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace))
}
