//! Investment statements (`INVSTMTRS`): only the cash moves. `INVBANKTRAN` holds an ordinary
//! `STMTTRN` (deposits, withdrawals, fees) and is read as one; income (dividends, interest,
//! capital gains distributions), return of capital, margin interest and expenses, and the
//! cash side of buys and sells become lines too. Holdings, positions and the movements of
//! securities without cash (reinvestments, transfers in kind, splits) are left out, and the
//! statement's notes say so.

/// An investment transaction aggregate that moves cash, and which way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CashKind {
    /// `INCOME`: the `INCOMETYPE` says which (DIV, INTEREST, CGLONG, CGSHORT, MISC).
    Income,
    /// `RETOFCAP`: money back.
    ReturnOfCapital,
    /// `BUY*`: money out.
    Buy,
    /// `SELL*`: money in.
    Sell,
    /// `INVEXPENSE`, `MARGININTEREST`: money out.
    Expense,
}

/// What an investment aggregate is to the cash account: a movement, one without cash (left
/// out, counted for the notes), or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum InvAggregate {
    Cash(CashKind),
    NoCash,
}

pub(super) fn aggregate(upper: &[u8]) -> Option<InvAggregate> {
    use CashKind::*;
    Some(match upper {
        b"INCOME" => InvAggregate::Cash(Income),
        b"RETOFCAP" => InvAggregate::Cash(ReturnOfCapital),
        b"INVEXPENSE" | b"MARGININTEREST" => InvAggregate::Cash(Expense),
        b"BUYSTOCK" | b"BUYMF" | b"BUYDEBT" | b"BUYOPT" | b"BUYOTHER" => InvAggregate::Cash(Buy),
        b"SELLSTOCK" | b"SELLMF" | b"SELLDEBT" | b"SELLOPT" | b"SELLOTHER" => {
            InvAggregate::Cash(Sell)
        }
        b"REINVEST" | b"TRANSFER" | b"SPLIT" | b"JRNLSEC" | b"JRNLFUND" | b"CLOSUREOPT" => {
            InvAggregate::NoCash
        }
        _ => return None,
    })
}

impl CashKind {
    /// The payee of the line: what happened (the security is added when known).
    pub(super) fn label(self, income_type: &str) -> &'static str {
        match self {
            CashKind::Income => match income_type.to_ascii_uppercase().as_str() {
                "DIV" => "Dividend",
                "INTEREST" => "Interest",
                "CGLONG" => "Capital gains distribution (long-term)",
                "CGSHORT" => "Capital gains distribution (short-term)",
                _ => "Investment income",
            },
            CashKind::ReturnOfCapital => "Return of capital",
            CashKind::Buy => "Buy",
            CashKind::Sell => "Sell",
            CashKind::Expense => "Investment expense",
        }
    }

    /// The signed cash amount from `TOTAL`. Brokers differ on the sign of a buy's total (the
    /// specification makes it negative, some write it positive), so buys, sells and expenses
    /// take their direction from the kind; income keeps its sign (a reversal is negative).
    pub(super) fn signed(self, total: rust_decimal::Decimal) -> rust_decimal::Decimal {
        match self {
            CashKind::Income | CashKind::ReturnOfCapital => total,
            CashKind::Sell => total.abs(),
            CashKind::Buy | CashKind::Expense => -total.abs(),
        }
    }
}

/// The note every investment statement carries.
pub(super) const HOLDINGS_NOTE: &str = "This is an investment statement: only its cash movements are imported (bank transactions, income such as dividends and interest, the cash side of buys and sells, fees). Holdings and positions are not imported.";

pub(super) fn left_out_note(n: usize) -> String {
    format!(
        "{n} investment transaction{} without a cash movement (reinvestments, transfers of securities, splits) {} left out.",
        if n == 1 { "" } else { "s" },
        if n == 1 { "was" } else { "were" }
    )
}
