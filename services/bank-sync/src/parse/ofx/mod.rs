//! OFX statements: OFX 1.x (SGML), OFX 2.x (XML) and QFX (Quicken's OFX, same elements plus
//! an `<INTU.BID>` in the sign-on block, which is ignored). Reads bank (`STMTRS`) and credit
//! card (`CCSTMTRS`) statements; investment statements are refused.
//!
//! One pass over the text, no tree: a few flags say which aggregate we are in, which is all
//! OFX's fixed structure needs, and keeps 100,000 transactions well under a second.

mod header;
mod lexer;
#[cfg(test)]
mod tests;
mod values;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::statement::{ParseError, Statement, StatementLine};
use header::Flavor;
use lexer::{Lexer, Token, unescape};

const ENDS_EARLY: &str = "the file ends early (truncated?)";

pub fn parse(bytes: &[u8]) -> Result<Statement, ParseError> {
    let header = header::read(bytes)?;
    let text = header::decode(bytes, header.fallback);
    let mut reader = Reader::new(&header);
    let mut lexer = Lexer::new(&text);
    loop {
        match lexer.next_token() {
            Ok(Some(token)) => reader.token(token)?,
            Ok(None) => break,
            Err(lexer::EndsInsideTag) => {
                return Err(ParseError::new(lexer.last_line(), None, ENDS_EARLY));
            }
        }
    }
    reader.finish(lexer.last_line())
}

/// The elements the reader cares about; everything else is skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Ofx,
    StmtRs,
    CcStmtRs,
    InvStmtRs,
    BankTranList,
    StmtTrn,
    AcctFrom,
    LedgerBal,
    Currency,
    DtPosted,
    TrnAmt,
    FitId,
    Name,
    Memo,
    CurSym,
    CurRate,
    CurDef,
    AcctId,
    BalAmt,
    Other,
}

impl Tag {
    /// Case-insensitive without allocating: OFX writes upper case, a few tools do not.
    fn of(name: &str) -> Tag {
        let mut buf = [0u8; 16];
        let Some(upper) = buf.get_mut(..name.len()) else {
            return Tag::Other;
        };
        upper.copy_from_slice(name.as_bytes());
        upper.make_ascii_uppercase();
        match &*upper {
            b"OFX" => Tag::Ofx,
            b"STMTRS" => Tag::StmtRs,
            b"CCSTMTRS" => Tag::CcStmtRs,
            b"INVSTMTRS" => Tag::InvStmtRs,
            b"BANKTRANLIST" => Tag::BankTranList,
            b"STMTTRN" => Tag::StmtTrn,
            b"BANKACCTFROM" | b"CCACCTFROM" => Tag::AcctFrom,
            b"LEDGERBAL" => Tag::LedgerBal,
            b"CURRENCY" => Tag::Currency,
            b"DTPOSTED" => Tag::DtPosted,
            b"TRNAMT" => Tag::TrnAmt,
            b"FITID" => Tag::FitId,
            b"NAME" => Tag::Name,
            b"MEMO" => Tag::Memo,
            b"CURSYM" => Tag::CurSym,
            b"CURRATE" => Tag::CurRate,
            b"CURDEF" => Tag::CurDef,
            b"ACCTID" => Tag::AcctId,
            b"BALAMT" => Tag::BalAmt,
            _ => Tag::Other,
        }
    }

    fn is_aggregate(self) -> bool {
        matches!(
            self,
            Tag::Ofx
                | Tag::StmtRs
                | Tag::CcStmtRs
                | Tag::InvStmtRs
                | Tag::BankTranList
                | Tag::StmtTrn
                | Tag::AcctFrom
                | Tag::LedgerBal
                | Tag::Currency
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Root {
    NotYet,
    Open,
    Closed,
}

/// A `<STMTTRN>` being read. Text stays borrowed until the transaction is complete.
struct Transaction<'a> {
    line: usize,
    posted: Option<NaiveDate>,
    amount: Option<Decimal>,
    fitid: &'a str,
    name: &'a str,
    memo: &'a str,
    currency: Option<String>,
    /// CURRATE: account currency (CURDEF) per unit of `currency`.
    rate: Option<Decimal>,
}

struct Reader<'a> {
    flavor: Flavor,
    header_line: usize,
    /// OFX 2.x: the `<?OFX OFXHEADER="200"?>` instruction was seen.
    ofx_instruction: bool,
    root: Root,
    statement: Statement,
    statements: usize,
    investment_line: Option<usize>,
    in_statement: bool,
    in_acctfrom: bool,
    in_ledgerbal: bool,
    in_currency: bool,
    transaction: Option<Transaction<'a>>,
}

impl<'a> Reader<'a> {
    fn new(header: &header::Header) -> Self {
        Self {
            flavor: header.flavor,
            header_line: header.line,
            ofx_instruction: false,
            root: Root::NotYet,
            statement: Statement::default(),
            statements: 0,
            investment_line: None,
            in_statement: false,
            in_acctfrom: false,
            in_ledgerbal: false,
            in_currency: false,
            transaction: None,
        }
    }

    fn token(&mut self, token: Token<'a>) -> Result<(), ParseError> {
        match self.root {
            Root::NotYet => self.before_root(token),
            Root::Open => match token {
                Token::Start { name, value, line } => {
                    let tag = Tag::of(name);
                    if tag.is_aggregate() {
                        self.open(tag, line)
                    } else {
                        self.value(tag, value, line)
                    }
                }
                Token::End { name, .. } => self.close(Tag::of(name)),
                Token::Instruction { .. } => Ok(()),
            },
            // Whatever follows `</OFX>` is not part of the statement.
            Root::Closed => Ok(()),
        }
    }

    fn before_root(&mut self, token: Token<'a>) -> Result<(), ParseError> {
        let (name, line) = match token {
            Token::Instruction { body, line } => {
                let is_ofx = body
                    .get(..4)
                    .is_some_and(|b| b.trim_end().eq_ignore_ascii_case("OFX"));
                if self.flavor == Flavor::Xml && is_ofx {
                    let version = header::attribute(body.as_bytes(), b"OFXHEADER");
                    if version != Some(b"200") {
                        return Err(header::error(
                            line,
                            "the <?OFX ?> header should say OFXHEADER=\"200\"",
                        ));
                    }
                    self.ofx_instruction = true;
                }
                return Ok(());
            }
            Token::Start { name, line, .. } | Token::End { name, line } => (name, line),
        };
        if Tag::of(name) != Tag::Ofx || matches!(token, Token::End { .. }) {
            return Err(header::error(
                self.header_line,
                format!(
                    "there is no <OFX> element after the header (line {line} has <{}>)",
                    values::shown(name).trim_matches('"')
                ),
            ));
        }
        if self.flavor == Flavor::Xml && !self.ofx_instruction {
            return Err(header::error(
                self.header_line,
                "the <?OFX OFXHEADER=\"200\" ...?> header is missing",
            ));
        }
        self.root = Root::Open;
        Ok(())
    }

    fn open(&mut self, tag: Tag, line: usize) -> Result<(), ParseError> {
        match tag {
            Tag::StmtRs | Tag::CcStmtRs => {
                self.in_statement = true;
                self.statements += 1;
            }
            Tag::InvStmtRs => {
                self.investment_line.get_or_insert(line);
            }
            // Investment statements hold STMTTRNs too (INVBANKTRAN); they are not ours.
            Tag::StmtTrn if self.in_statement => {
                // SGML files that leave STMTTRN open end it with the next one.
                self.end_transaction()?;
                self.transaction = Some(Transaction {
                    line,
                    posted: None,
                    amount: None,
                    fitid: "",
                    name: "",
                    memo: "",
                    currency: None,
                    rate: None,
                });
            }
            Tag::AcctFrom => self.in_acctfrom = true,
            Tag::LedgerBal => self.in_ledgerbal = true,
            Tag::Currency => self.in_currency = true,
            _ => {}
        }
        Ok(())
    }

    fn close(&mut self, tag: Tag) -> Result<(), ParseError> {
        match tag {
            Tag::Ofx => {
                self.end_transaction()?;
                self.in_statement = false;
                self.root = Root::Closed;
            }
            Tag::StmtRs | Tag::CcStmtRs => {
                self.end_transaction()?;
                self.in_statement = false;
            }
            Tag::BankTranList | Tag::StmtTrn => self.end_transaction()?,
            Tag::AcctFrom => self.in_acctfrom = false,
            Tag::LedgerBal => self.in_ledgerbal = false,
            Tag::Currency => self.in_currency = false,
            _ => {}
        }
        Ok(())
    }

    fn value(&mut self, tag: Tag, value: &'a str, line: usize) -> Result<(), ParseError> {
        let field = |message: String, name: &str| ParseError::new(line, Some(name), message);
        if let Some(t) = self.transaction.as_mut() {
            match tag {
                Tag::DtPosted => {
                    t.posted = Some(values::date(value).map_err(|m| field(m, "DTPOSTED"))?)
                }
                Tag::TrnAmt => {
                    t.amount = Some(values::amount(value).map_err(|m| field(m, "TRNAMT"))?)
                }
                Tag::FitId => t.fitid = value,
                // NAME directly in STMTTRN or inside PAYEE; the first one is the payee.
                Tag::Name if t.name.is_empty() => t.name = value,
                Tag::Memo => t.memo = value,
                // CURRENCY says the amount is in that currency; ORIGCURRENCY (ignored) says
                // it was converted to the account's.
                Tag::CurSym if self.in_currency => {
                    t.currency = Some(values::currency(value).map_err(|m| field(m, "CURSYM"))?);
                }
                Tag::CurRate if self.in_currency => {
                    t.rate = Some(values::amount(value).map_err(|m| field(m, "CURRATE"))?);
                }
                _ => {}
            }
            return Ok(());
        }
        if !self.in_statement {
            return Ok(());
        }
        match tag {
            Tag::CurDef if self.statement.currency.is_none() => {
                self.statement.currency =
                    Some(values::currency(value).map_err(|m| field(m, "CURDEF"))?);
            }
            // BANKACCTTO/CCACCTTO inside transactions name the other side; only FROM counts.
            Tag::AcctId if self.in_acctfrom => {
                let account = unescape(value);
                match &self.statement.account_hint {
                    None => self.statement.account_hint = Some(account.into_owned()),
                    Some(first) if *first != account => {
                        return Err(field(
                            format!(
                                "the file holds statements of several accounts ({} and {}); export one account per file",
                                values::shown(first),
                                values::shown(&account)
                            ),
                            "ACCTID",
                        ));
                    }
                    Some(_) => {}
                }
            }
            // LEDGERBAL is the booked balance; AVAILBAL (ignored) includes holds and credit.
            Tag::BalAmt if self.in_ledgerbal => {
                self.statement.closing_balance =
                    Some(values::amount(value).map_err(|m| field(m, "BALAMT"))?);
            }
            _ => {}
        }
        Ok(())
    }

    fn end_transaction(&mut self) -> Result<(), ParseError> {
        self.in_currency = false;
        let Some(t) = self.transaction.take() else {
            return Ok(());
        };
        let missing = |name: &str, what: &str| {
            ParseError::new(
                t.line,
                Some(name),
                format!("the transaction has no {name} ({what})"),
            )
        };
        let booked_on = t
            .posted
            .ok_or_else(|| missing("DTPOSTED", "posting date"))?;
        let mut amount = t.amount.ok_or_else(|| missing("TRNAMT", "amount"))?;
        let mut currency = t.currency;
        let mut description = unescape(t.memo).into_owned();
        // A purchase abroad: the bank gives the amount in the foreign currency and the rate
        // to the account's (OFX 2.2 §5.2). The account holds its own currency, so convert,
        // and keep the original in the description.
        if let (Some(foreign), Some(rate), Some(own)) =
            (&currency, t.rate, &self.statement.currency)
            && foreign != own
            && rate > Decimal::ZERO
        {
            let original = format!("{foreign} {amount} at {rate}");
            amount = (amount * rate)
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            description = if description.is_empty() {
                original
            } else {
                format!("{description} ({original})")
            };
            currency = None;
        }
        self.statement.lines.push(StatementLine {
            source_line: t.line,
            booked_on,
            amount,
            currency,
            payee: unescape(t.name).into_owned(),
            description,
            source_id: (!t.fitid.is_empty()).then(|| unescape(t.fitid).into_owned()),
            pending: false,
        });
        Ok(())
    }

    fn finish(self, last_line: usize) -> Result<Statement, ParseError> {
        match self.root {
            Root::NotYet => {
                return Err(header::error(
                    self.header_line,
                    "there is no <OFX> element after the header",
                ));
            }
            // SGML may leave value elements open, never aggregates: a missing </OFX> (or a
            // transaction or list still open) means the download was cut.
            Root::Open => return Err(ParseError::new(last_line, None, ENDS_EARLY)),
            Root::Closed => {}
        }
        if self.statements == 0 {
            return Err(match self.investment_line {
                Some(line) => ParseError::new(
                    line,
                    Some("INVSTMTRS"),
                    "investment statements are not supported; export the bank or card account",
                ),
                None => ParseError::new(
                    self.header_line,
                    Some("STMTRS"),
                    "the file holds no bank or credit card statement",
                ),
            });
        }
        Ok(self.statement)
    }
}
