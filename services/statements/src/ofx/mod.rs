//! OFX statements: OFX 1.x (SGML), OFX 2.x (XML) and QFX (Quicken's OFX, same elements plus
//! an `<INTU.BID>` in the sign-on block, which is ignored). Reads bank (`STMTRS`), credit
//! card (`CCSTMTRS`) and the cash side of investment (`INVSTMTRS`, see `invest`) statements,
//! one `Statement` per account in the file. A file with no header but an `<OFX>` body is
//! read too, and empty optional elements (`<CURDEF></CURDEF>`, an empty `<BALAMT>`) count as
//! absent.
//!
//! One pass over the text, no tree: a few flags say which aggregate we are in, which is all
//! OFX's fixed structure needs, and keeps 100,000 transactions well under a second.

mod header;
mod invest;
mod lexer;
#[cfg(test)]
mod tests;
mod values;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::statement::{ParseError, Statement, StatementLine};
use header::Flavor;
use invest::{CashKind, InvAggregate};
use lexer::{Lexer, Token, unescape};

const ENDS_EARLY: &str = "the file ends early (truncated?)";

/// Every statement in the file, one per account, in the order the accounts first appear
/// (a later statement of an account already seen adds to it).
pub fn parse(bytes: &[u8]) -> Result<Vec<Statement>, ParseError> {
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
    /// An investment transaction aggregate (`INCOME`, `BUYSTOCK`, `REINVEST`, …).
    Inv(InvAggregate),
    SecInfo,
    DtPosted,
    TrnAmt,
    FitId,
    Name,
    Memo,
    Sic,
    CurSym,
    CurRate,
    CurDef,
    AcctId,
    BalAmt,
    DtTrade,
    DtSettle,
    Total,
    IncomeType,
    UniqueId,
    SecName,
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
            b"BANKACCTFROM" | b"CCACCTFROM" | b"INVACCTFROM" => Tag::AcctFrom,
            b"LEDGERBAL" => Tag::LedgerBal,
            b"CURRENCY" => Tag::Currency,
            b"SECINFO" => Tag::SecInfo,
            b"DTPOSTED" => Tag::DtPosted,
            b"TRNAMT" => Tag::TrnAmt,
            b"FITID" => Tag::FitId,
            b"NAME" => Tag::Name,
            b"MEMO" => Tag::Memo,
            b"SIC" => Tag::Sic,
            b"CURSYM" => Tag::CurSym,
            b"CURRATE" => Tag::CurRate,
            b"CURDEF" => Tag::CurDef,
            b"ACCTID" => Tag::AcctId,
            b"BALAMT" => Tag::BalAmt,
            b"DTTRADE" => Tag::DtTrade,
            b"DTSETTLE" => Tag::DtSettle,
            b"TOTAL" => Tag::Total,
            b"INCOMETYPE" => Tag::IncomeType,
            b"UNIQUEID" => Tag::UniqueId,
            b"SECNAME" => Tag::SecName,
            other => invest::aggregate(other).map_or(Tag::Other, Tag::Inv),
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
                | Tag::Inv(_)
                | Tag::SecInfo
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Root {
    NotYet,
    Open,
    Closed,
}

/// A `<STMTTRN>` (or an investment transaction that moves cash) being read. Text stays
/// borrowed until the transaction is complete.
struct Transaction<'a> {
    line: usize,
    posted: Option<NaiveDate>,
    amount: Option<Decimal>,
    fitid: &'a str,
    name: &'a str,
    memo: &'a str,
    /// SIC: US banks put the card network's merchant category code here.
    sic: &'a str,
    currency: Option<String>,
    /// CURRATE: account currency (CURDEF) per unit of `currency`.
    rate: Option<Decimal>,
    /// Set for investment transactions, which state DTTRADE/DTSETTLE and TOTAL instead.
    investment: Option<Investment<'a>>,
}

struct Investment<'a> {
    kind: CashKind,
    /// The aggregate's name, for errors.
    element: &'a str,
    traded: Option<NaiveDate>,
    settled: Option<NaiveDate>,
    total: Option<Decimal>,
    income_type: &'a str,
    security: &'a str,
}

/// The statement aggregate being read.
struct Current {
    statement: Statement,
    investment: bool,
    /// Investment transactions without cash, for the notes.
    left_out: usize,
    /// Lines (by index) whose payee should name a security: its id.
    securities: Vec<(usize, String)>,
}

struct Reader<'a> {
    flavor: Flavor,
    header_line: usize,
    root: Root,
    /// Finished statements, one per account.
    done: Vec<Statement>,
    /// Lines of `done` whose payee should name a security: (statement, line, security id).
    named_later: Vec<(usize, usize, String)>,
    current: Option<Current>,
    statements: usize,
    in_acctfrom: bool,
    in_ledgerbal: bool,
    in_currency: bool,
    transaction: Option<Transaction<'a>>,
    /// SECLIST: security id → name, for the payees of investment lines.
    security_names: Vec<(String, String)>,
    secinfo: Option<(&'a str, &'a str)>,
}

impl<'a> Reader<'a> {
    fn new(header: &header::Header) -> Self {
        Self {
            flavor: header.flavor,
            header_line: header.line,
            root: Root::NotYet,
            done: Vec::new(),
            named_later: Vec::new(),
            current: None,
            statements: 0,
            in_acctfrom: false,
            in_ledgerbal: false,
            in_currency: false,
            transaction: None,
            security_names: Vec::new(),
            secinfo: None,
        }
    }

    fn token(&mut self, token: Token<'a>) -> Result<(), ParseError> {
        match self.root {
            Root::NotYet => self.before_root(token),
            Root::Open => match token {
                Token::Start { name, value, line } => {
                    let tag = Tag::of(name);
                    if tag.is_aggregate() {
                        self.open(tag, name, line)
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
        // An XML declaration without the `<?OFX ...?>` instruction: the body says what the
        // file is, as for a file with no header at all.
        self.root = Root::Open;
        Ok(())
    }

    fn open(&mut self, tag: Tag, name: &'a str, line: usize) -> Result<(), ParseError> {
        match tag {
            Tag::StmtRs | Tag::CcStmtRs | Tag::InvStmtRs => {
                // An SGML statement left open ends where the next one starts.
                self.end_statement()?;
                self.statements += 1;
                self.current = Some(Current {
                    statement: Statement::default(),
                    investment: tag == Tag::InvStmtRs,
                    left_out: 0,
                    securities: Vec::new(),
                });
            }
            // Bank and card statements, and INVBANKTRAN in investment statements.
            Tag::StmtTrn if self.current.is_some() => {
                // SGML files that leave STMTTRN open end it with the next one.
                self.end_transaction()?;
                self.transaction = Some(Transaction::new(line, None));
            }
            Tag::Inv(kind) if self.current.as_ref().is_some_and(|c| c.investment) => {
                self.end_transaction()?;
                match kind {
                    InvAggregate::NoCash => {
                        if let Some(current) = self.current.as_mut() {
                            current.left_out += 1;
                        }
                    }
                    InvAggregate::Cash(kind) => {
                        self.transaction = Some(Transaction::new(
                            line,
                            Some(Investment {
                                kind,
                                element: name,
                                traded: None,
                                settled: None,
                                total: None,
                                income_type: "",
                                security: "",
                            }),
                        ));
                    }
                }
            }
            Tag::SecInfo => self.secinfo = Some(("", "")),
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
                self.end_statement()?;
                self.root = Root::Closed;
            }
            Tag::StmtRs | Tag::CcStmtRs | Tag::InvStmtRs => self.end_statement()?,
            Tag::BankTranList | Tag::StmtTrn | Tag::Inv(_) => self.end_transaction()?,
            Tag::SecInfo => {
                if let Some((id, name)) = self.secinfo.take()
                    && !id.is_empty()
                    && !name.is_empty()
                {
                    self.security_names
                        .push((unescape(id).into_owned(), unescape(name).into_owned()));
                }
            }
            Tag::AcctFrom => self.in_acctfrom = false,
            Tag::LedgerBal => self.in_ledgerbal = false,
            Tag::Currency => self.in_currency = false,
            _ => {}
        }
        Ok(())
    }

    fn value(&mut self, tag: Tag, value: &'a str, line: usize) -> Result<(), ParseError> {
        let field = |message: String, name: &str| ParseError::new(line, Some(name), message);
        if let Some((id, name)) = self.secinfo.as_mut() {
            match tag {
                Tag::UniqueId if id.is_empty() => *id = value,
                Tag::SecName => *name = value,
                _ => {}
            }
            return Ok(());
        }
        if let Some(t) = self.transaction.as_mut() {
            // Optional elements written empty (`<MEMO></MEMO>`, `<CURSYM>` with nothing after
            // it) are absent; the amount and the date are required and checked when the
            // transaction ends.
            let empty = value.is_empty();
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
                Tag::Sic => t.sic = value,
                // CURRENCY says the amount is in that currency; ORIGCURRENCY (ignored) says
                // it was converted to the account's.
                Tag::CurSym if self.in_currency && !empty => {
                    t.currency = Some(values::currency(value).map_err(|m| field(m, "CURSYM"))?);
                }
                Tag::CurRate if self.in_currency && !empty => {
                    t.rate = Some(values::amount(value).map_err(|m| field(m, "CURRATE"))?);
                }
                _ => {}
            }
            if let Some(inv) = t.investment.as_mut() {
                match tag {
                    Tag::DtTrade => {
                        inv.traded = Some(values::date(value).map_err(|m| field(m, "DTTRADE"))?)
                    }
                    Tag::DtSettle if !empty => {
                        inv.settled = Some(values::date(value).map_err(|m| field(m, "DTSETTLE"))?)
                    }
                    Tag::Total => {
                        inv.total = Some(values::amount(value).map_err(|m| field(m, "TOTAL"))?)
                    }
                    Tag::IncomeType => inv.income_type = value,
                    Tag::UniqueId if inv.security.is_empty() => inv.security = value,
                    _ => {}
                }
            }
            return Ok(());
        }
        let Some(current) = self.current.as_mut() else {
            return Ok(());
        };
        let statement = &mut current.statement;
        match tag {
            // Empty: the account's own currency applies.
            Tag::CurDef if statement.currency.is_none() && !value.is_empty() => {
                statement.currency = Some(values::currency(value).map_err(|m| field(m, "CURDEF"))?);
            }
            // BANKACCTTO/CCACCTTO inside transactions name the other side; only FROM counts.
            Tag::AcctId if self.in_acctfrom && !value.is_empty() => {
                let account = unescape(value);
                match &statement.account_hint {
                    None => statement.account_hint = Some(account.into_owned()),
                    Some(first) if *first != account => {
                        return Err(field(
                            format!(
                                "one statement names two accounts ({} and {})",
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
            Tag::BalAmt if self.in_ledgerbal && !value.is_empty() => {
                statement.closing_balance =
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
        let Some(current) = self.current.as_mut() else {
            return Ok(());
        };
        let missing = |name: &str, what: &str| {
            ParseError::new(
                t.line,
                Some(name),
                format!("the transaction has no {name} ({what})"),
            )
        };
        let mut payee = unescape(t.name).into_owned();
        let mut security = None;
        let (booked_on, mut amount) = match &t.investment {
            None => (
                t.posted
                    .ok_or_else(|| missing("DTPOSTED", "posting date"))?,
                t.amount.ok_or_else(|| missing("TRNAMT", "amount"))?,
            ),
            Some(inv) => {
                let what = |name: &str, what: &str| {
                    ParseError::new(
                        t.line,
                        Some(name),
                        format!(
                            "the {} transaction has no {name} ({what})",
                            inv.element.to_ascii_uppercase()
                        ),
                    )
                };
                // The cash moves on the settlement date.
                let date = inv
                    .settled
                    .or(inv.traded)
                    .ok_or_else(|| what("DTTRADE", "trade date"))?;
                let total = inv.total.ok_or_else(|| what("TOTAL", "amount"))?;
                payee = inv.kind.label(inv.income_type).to_string();
                if !inv.security.is_empty() {
                    security = Some(unescape(inv.security).into_owned());
                }
                (date, inv.kind.signed(total))
            }
        };
        let mut currency = t.currency;
        let mut description = unescape(t.memo).into_owned();
        // A purchase abroad: the bank gives the amount in the foreign currency and the rate
        // to the account's (OFX 2.2 §5.2). The account holds its own currency, so convert,
        // and keep the original in the description.
        // When CURDEF is empty the rate still converts into the account's currency.
        if let (Some(foreign), Some(rate)) = (&currency, t.rate)
            && current.statement.currency.as_ref() != Some(foreign)
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
        if let Some(security) = security {
            current
                .securities
                .push((current.statement.lines.len(), security));
        }
        current.statement.lines.push(StatementLine {
            source_line: t.line,
            booked_on,
            amount,
            currency,
            payee,
            description,
            source_id: (!t.fitid.is_empty()).then(|| unescape(t.fitid).into_owned()),
            pending: false,
            merchant_category_code: crate::statement::merchant_category_code(t.sic),
        });
        Ok(())
    }

    /// Files the statement being read with the others: a second statement of an account
    /// already seen adds its lines to the first.
    fn end_statement(&mut self) -> Result<(), ParseError> {
        self.end_transaction()?;
        let Some(mut current) = self.current.take() else {
            return Ok(());
        };
        if current.investment {
            let notes = &mut current.statement.notes;
            notes.push(invest::HOLDINGS_NOTE.to_string());
            if current.left_out > 0 {
                notes.push(invest::left_out_note(current.left_out));
            }
        }
        let hint = &current.statement.account_hint;
        let (index, offset) = match self.done.iter().position(|s| s.account_hint == *hint) {
            Some(i) => {
                let into = &mut self.done[i];
                let offset = into.lines.len();
                let s = current.statement;
                into.lines.extend(s.lines);
                into.currency = into.currency.take().or(s.currency);
                into.closing_balance = into.closing_balance.or(s.closing_balance);
                for note in s.notes {
                    if !into.notes.contains(&note) {
                        into.notes.push(note);
                    }
                }
                (i, offset)
            }
            None => {
                self.done.push(current.statement);
                (self.done.len() - 1, 0)
            }
        };
        self.named_later.extend(
            current
                .securities
                .into_iter()
                .map(|(line, id)| (index, offset + line, id)),
        );
        Ok(())
    }

    fn finish(mut self, last_line: usize) -> Result<Vec<Statement>, ParseError> {
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
            return Err(ParseError::new(
                self.header_line,
                Some("STMTRS"),
                "the file holds no bank, credit card or investment statement",
            ));
        }
        // Payees of investment lines name the security (SECLIST comes after the statements).
        for (statement, line, id) in std::mem::take(&mut self.named_later) {
            let name = self
                .security_names
                .iter()
                .find(|(i, _)| *i == id)
                .map_or(id.as_str(), |(_, n)| n.as_str());
            if let Some(line) = self
                .done
                .get_mut(statement)
                .and_then(|s| s.lines.get_mut(line))
            {
                line.payee = format!("{}: {name}", line.payee);
            }
        }
        Ok(self.done)
    }
}

impl<'a> Transaction<'a> {
    fn new(line: usize, investment: Option<Investment<'a>>) -> Self {
        Self {
            line,
            posted: None,
            amount: None,
            fitid: "",
            name: "",
            memo: "",
            sic: "",
            currency: None,
            rate: None,
            investment,
        }
    }
}
