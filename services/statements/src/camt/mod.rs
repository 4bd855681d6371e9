//! CAMT.053, the ISO 20022 bank-to-customer statement (camt.053.001.02 to .08), read as a
//! stream of XML events. Elements are matched by local name, so any namespace (or version)
//! works; the camt.052 report and camt.054 notification, built the same way, read too.

mod entry;
#[cfg(test)]
mod tests;

use std::str::FromStr;

use quick_xml::Reader;
use quick_xml::errors::{Error as XmlError, IllFormedError, SyntaxError};
use quick_xml::events::{BytesStart, Event};
use rust_decimal::Decimal;

use self::entry::{DateFrom, Entry, Field, Tx};
use super::text::{Encoding, SHOWN_MAX, clipped, decode, shown};
use crate::statement::{ParseError, Statement};

/// Reads a statement file; the first problem stops it.
pub fn parse(bytes: &[u8]) -> Result<Statement, ParseError> {
    // Banks write UTF-8; an occasional ISO-8859-1 file reads as Windows-1252.
    let (text, _) = decode(bytes, Some(Encoding::Windows1252))?;
    Parser::new(&text).run()
}

/// Statement containers: `<Stmt>` in camt.053, `<Rpt>` in .052, `<Ntfctn>` in .054.
const CONTAINERS: [&str; 3] = [
    "/BkToCstmrStmt/Stmt",
    "/BkToCstmrAcctRpt/Rpt",
    "/BkToCstmrDbtCdtNtfctn/Ntfctn",
];

struct Parser<'t> {
    text: &'t str,
    lines: Lines<'t>,
    /// Local names of the open elements: `/Document/BkToCstmrStmt/Stmt/Ntry/…`.
    path: String,
    /// `path` length before each open element, to pop it.
    marks: Vec<usize>,
    /// Text of the element being read.
    buf: String,
    /// `Ccy` attribute of the open `<Amt>`.
    ccy: Option<String>,
    /// Line where the current element starts.
    elem_line: usize,
    /// `path` length at each open part, i.e. where relative paths inside it start.
    stmt_at: Option<usize>,
    bal_at: Option<usize>,
    ntry_at: Option<usize>,
    tx_at: Option<usize>,
    stmt: StmtState,
    bal: BalState,
    entry: Entry,
    seen_statement: bool,
    /// `GrpHdr/CreDtTm`: when the bank wrote the file.
    file_created: Option<(&'static str, Field)>,
    /// Entries dated by their value date, and by the statement's date, for the notes.
    by_value_date: usize,
    by_statement_date: usize,
    out: Statement,
}

#[derive(Default)]
struct StmtState {
    line: usize,
    iban: Option<String>,
    other_id: Option<String>,
    ccy: Option<String>,
    closing: Option<Decimal>,
    /// The statement's `CreDtTm`.
    created: Option<(&'static str, Field)>,
}

#[derive(Default)]
struct BalState {
    code: Option<String>,
    amount: Option<Field>,
    credit_debit: Option<String>,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text,
            lines: Lines::new(text),
            path: String::new(),
            marks: Vec::new(),
            buf: String::new(),
            ccy: None,
            elem_line: 1,
            stmt_at: None,
            bal_at: None,
            ntry_at: None,
            tx_at: None,
            stmt: StmtState::default(),
            bal: BalState::default(),
            entry: Entry::default(),
            seen_statement: false,
            file_created: None,
            by_value_date: 0,
            by_statement_date: 0,
            out: Statement::default(),
        }
    }

    fn run(mut self) -> Result<Statement, ParseError> {
        let mut reader = Reader::from_str(self.text);
        loop {
            // Before an event, the position is where its markup starts.
            let start = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(e) => return Err(self.xml_error(&reader, &e)),
            };
            match event {
                Event::Start(e) => self.start(&e, start)?,
                Event::Empty(e) => {
                    self.start(&e, start)?;
                    self.end()?;
                }
                Event::End(_) => self.end()?,
                Event::Text(t) => self.buf.push_str(&t.xml10_content()),
                Event::CData(t) => self.buf.push_str(&t.xml10_content()),
                Event::GeneralRef(r) => {
                    let line = self.lines.at(start);
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => c,
                        Ok(None) => match &*r {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "apos" => '\'',
                            "quot" => '"',
                            other => {
                                let message = format!(
                                    "malformed XML: unknown entity &{};",
                                    clipped(other, SHOWN_MAX)
                                );
                                return Err(ParseError::new(line, None, message));
                            }
                        },
                        Err(e) => {
                            return Err(ParseError::new(line, None, xml_message(&e)));
                        }
                    };
                    self.buf.push(c);
                }
                Event::Eof => break,
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
            }
        }
        if !self.marks.is_empty() {
            return Err(self.truncated());
        }
        if !self.seen_statement {
            return Err(ParseError::new(
                1,
                None,
                "this is not a camt.053 statement (nor a camt.052 report or camt.054 \
                 notification): it has no BkToCstmrStmt/Stmt, BkToCstmrAcctRpt/Rpt or \
                 BkToCstmrDbtCdtNtfctn/Ntfctn element",
            ));
        }
        let entries = |n: usize| match n {
            1 => "1 entry had".to_string(),
            n => format!("{n} entries had"),
        };
        if self.by_value_date > 0 {
            let n = self.by_value_date;
            let their = if n == 1 { "its" } else { "their" };
            self.out.notes.push(format!(
                "{} no booking date; {their} value date was used",
                entries(n)
            ));
        }
        if self.by_statement_date > 0 {
            let n = self.by_statement_date;
            self.out.notes.push(format!(
                "{} neither a booking nor a value date; the date the bank created the statement was used",
                entries(n)
            ));
        }
        Ok(self.out)
    }

    fn start(&mut self, e: &BytesStart<'_>, start: usize) -> Result<(), ParseError> {
        let line = self.lines.at(start);
        self.elem_line = line;
        self.marks.push(self.path.len());
        self.path.push('/');
        self.path.push_str(e.local_name().as_ref());
        self.buf.clear();
        self.ccy = None;
        if e.local_name().as_ref() == "Amt" {
            self.ccy = e
                .attributes()
                .flatten()
                .find(|a| a.key.local_name().as_ref() == "Ccy")
                .map(|a| a.value.trim().to_string());
        }
        let len = self.path.len();
        if self.tx_at.is_some() {
            // Nothing inside a transaction's details opens a part of its own.
        } else if let Some(ntry_at) = self.ntry_at {
            if &self.path[ntry_at..] == "/NtryDtls/TxDtls" {
                self.entry.txs.push(Tx::new(line));
                self.tx_at = Some(len);
            }
        } else if let Some(stmt_at) = self.stmt_at {
            match &self.path[stmt_at..] {
                "/Ntry" => {
                    self.entry = Entry::new(line);
                    self.ntry_at = Some(len);
                }
                "/Bal" => {
                    self.bal = BalState::default();
                    self.bal_at = Some(len);
                }
                _ => {}
            }
        } else if CONTAINERS.iter().any(|c| self.path.ends_with(c)) {
            self.stmt = StmtState {
                line,
                ..StmtState::default()
            };
            self.stmt_at = Some(len);
            self.seen_statement = true;
        }
        Ok(())
    }

    fn end(&mut self) -> Result<(), ParseError> {
        let value = self.buf.trim();
        if !value.is_empty() {
            let field = Field {
                text: value.to_string(),
                line: self.elem_line,
                ccy: self.ccy.take(),
            };
            self.leaf(field);
        }
        self.buf.clear();
        let len = self.path.len();
        if self.tx_at == Some(len) {
            self.tx_at = None;
        } else if self.ntry_at == Some(len) {
            self.ntry_at = None;
            let entry = std::mem::take(&mut self.entry);
            let created = self.stmt.created.as_ref().or(self.file_created.as_ref());
            let (lines, from) = entry.finish(created)?;
            // A pending entry has no booking date yet: that is no news.
            let pending = lines.first().is_some_and(|l| l.pending);
            match from {
                DateFrom::Booking => {}
                DateFrom::Value if pending => {}
                DateFrom::Value => self.by_value_date += 1,
                DateFrom::Statement => self.by_statement_date += 1,
            }
            self.out.lines.extend(lines);
        } else if self.bal_at == Some(len) {
            self.bal_at = None;
            self.finish_balance()?;
        } else if self.stmt_at == Some(len) {
            self.stmt_at = None;
            self.finish_statement()?;
        }
        if let Some(mark) = self.marks.pop() {
            self.path.truncate(mark);
        }
        Ok(())
    }

    /// Files a leaf element's text by where it is.
    fn leaf(&mut self, field: Field) {
        let path = self.path.as_str();
        if let Some(at) = self.tx_at {
            if let Some(tx) = self.entry.txs.last_mut() {
                tx.leaf(&path[at..], field);
            }
        } else if let Some(at) = self.ntry_at {
            self.entry.leaf(&path[at..], field);
        } else if let Some(at) = self.bal_at {
            match &path[at..] {
                "/Tp/CdOrPrtry/Cd" => self.bal.code = Some(field.text),
                "/Amt" => self.bal.amount = Some(field),
                "/CdtDbtInd" => self.bal.credit_debit = Some(field.text),
                _ => {}
            }
        } else if let Some(at) = self.stmt_at {
            match &path[at..] {
                "/Acct/Id/IBAN" => self.stmt.iban = Some(field.text),
                "/Acct/Id/Othr/Id" => self.stmt.other_id = Some(field.text),
                "/Acct/Ccy" => self.stmt.ccy = Some(field.text),
                "/CreDtTm" => self.stmt.created = Some(("CreDtTm", field)),
                _ => {}
            }
        } else if path.ends_with("/GrpHdr/CreDtTm") {
            self.file_created = Some(("GrpHdr/CreDtTm", field));
        }
    }

    /// Keeps the closing booked balance (`CLBD`); the others are of no use to an import.
    fn finish_balance(&mut self) -> Result<(), ParseError> {
        let bal = std::mem::take(&mut self.bal);
        if bal.code.as_deref() != Some("CLBD") {
            return Ok(());
        }
        let Some(amount) = bal.amount else {
            return Ok(());
        };
        let value = amount.decimal("Bal/Amt")?;
        self.stmt.closing = Some(match bal.credit_debit.as_deref() {
            Some("DBIT") => -value.abs(),
            _ => value.abs(),
        });
        Ok(())
    }

    fn finish_statement(&mut self) -> Result<(), ParseError> {
        let stmt = std::mem::take(&mut self.stmt);
        if let Some(account) = stmt.iban.or(stmt.other_id) {
            match &self.out.account_hint {
                Some(first) if *first != account => {
                    return Err(ParseError::new(
                        stmt.line,
                        Some("Acct"),
                        format!(
                            "the file holds statements of two accounts ({} and {}); import one account at a time",
                            shown(first),
                            shown(&account)
                        ),
                    ));
                }
                Some(_) => {}
                None => self.out.account_hint = Some(account),
            }
        }
        if self.out.currency.is_none() {
            self.out.currency = stmt.ccy;
        }
        // Statements come in date order, so the last closing balance is the latest.
        if stmt.closing.is_some() {
            self.out.closing_balance = stmt.closing;
        }
        Ok(())
    }

    fn xml_error(&mut self, reader: &Reader<&[u8]>, e: &XmlError) -> ParseError {
        let at = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
        // Syntax errors are markup the input ends inside of (all but an unknown `<!…`);
        // other errors with no tag after them are cut-off files too (`&am`).
        let rest = self.text.get(at.saturating_add(1)..).unwrap_or("");
        let at_end = match e {
            XmlError::Syntax(SyntaxError::InvalidBangMarkup) => !rest.contains('<'),
            XmlError::Syntax(_) => true,
            XmlError::IllFormed(IllFormedError::UnclosedReference) | XmlError::Escape(_) => {
                !rest.contains('<')
            }
            _ => false,
        };
        if at_end {
            return self.truncated();
        }
        ParseError::new(self.lines.line_of(at), None, xml_message(e))
    }

    fn truncated(&self) -> ParseError {
        let text = self.text.strip_suffix('\n').unwrap_or(self.text);
        let last = 1 + text.bytes().filter(|b| *b == b'\n').count();
        ParseError::new(last, None, "the file ends early (truncated?)")
    }
}

/// Byte offsets to 1-based lines, counting forward from the last offset asked about.
struct Lines<'t> {
    text: &'t [u8],
    pos: usize,
    line: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    fn at(&mut self, pos: usize) -> usize {
        let pos = pos.min(self.text.len());
        if pos < self.pos {
            return self.line_of(pos);
        }
        self.line += self.text[self.pos..pos]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.pos = pos;
        self.line
    }

    /// Any offset, counted from the start (for errors, which come once).
    fn line_of(&self, pos: usize) -> usize {
        let pos = pos.min(self.text.len());
        1 + self.text[..pos].iter().filter(|b| **b == b'\n').count()
    }
}

/// quick-xml's errors quote the names they found, and a name runs to the next `>`: a broken
/// file can put kilobytes in it.
fn xml_message(e: &dyn std::fmt::Display) -> String {
    format!("malformed XML: {}", clipped(&e.to_string(), 200))
}

/// An XML decimal (`1234.56`): no grouping, no exponent.
fn xml_decimal(raw: &str) -> Option<Decimal> {
    let digits = raw.strip_prefix(['+', '-']).unwrap_or(raw);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    Decimal::from_str(raw.strip_prefix('+').unwrap_or(raw)).ok()
}
