//! Lines that name no merchant and no purpose: "DEBIT CARD PURCHASE", "REF #789456123",
//! "MISC SERVICES LLC", "PAYPAL *JOHNSMITH". Any category for them would be a guess, so the
//! pipeline leaves them for the user (DESIGN.md §4: a wrong category is worse than none).

use crate::brands::Brands;
use crate::keywords::{self, fold};

/// Words that say how money moved, or that a business exists, but not what it sells.
const EMPTY_WORDS: &[&str] = &[
    "ACH", "ACCT", "ACCOUNT", "ACHAT", "AN", "AUFTRAG", "AUTH", "AUTHORIZED", "BANK", "BETALING",
    "BILL", "BY", "CARD", "CARTE", "CB", "CHARGE", "CHECK", "CHECKCARD", "CO", "COMPANY",
    "COMPRA", "CORP", "CORPORATION", "CREDIT", "DE", "DEBIT", "DEL", "DES", "DIRECT", "DU",
    "EFT", "ENTERPRISES", "FROM", "GMBH", "GROUP", "HOLDINGS", "INC", "INCOMING", "INTL",
    "KARTENZAHLUNG", "LA", "LASTSCHRIFT", "LE", "LLC", "LTD", "MERCHANT", "MISC",
    "MISCELLANEOUS", "NAAR", "NR", "ONLINE", "OUTGOING", "PAGAMENTO", "PAGO", "PAIEMENT", "PAR",
    "PAYMENT", "PENDING", "PER", "PMT", "POS", "PRELEVEMENT", "PURCHASE", "RECURRING", "REF",
    "REFERENCE", "RETAIL", "SA", "SARL", "SAS", "SEPA", "SERVICE", "SERVICES", "SL", "SPA",
    "SRL", "STORE", "TARJETA", "TO", "TRANSACTION", "TRANSFER", "TRANSFERENCIA", "TRX",
    "UEBERWEISUNG", "VAN", "VIR", "VIREMENT", "VISA", "WEB", "WITH", "XFER", "BV", "AG", "PLC",
];

/// Services that move money between people: what follows them is usually a person.
const PERSON_TO_PERSON: &[&str] = &[
    "PAYPAL", "VENMO", "ZELLE", "CASH APP", "SQC", "BIZUM", "TIKKIE", "WISE", "REVOLUT", "LYDIA",
    "SATISPAY", "PAYLIB", "TWINT",
];

/// Whether the line names nothing a category could be inferred from. `merchant_text` is the
/// normalized merchant (`normalize_merchant`) of `text` (description, payee and merchant).
pub fn is_generic(text: &str, merchant_text: &str, brands: &Brands) -> bool {
    if brands.lookup(merchant_text).is_some() || !keywords::hits(merchant_text, text).is_empty() {
        return false;
    }
    let folded = fold(merchant_text);
    let meaningful: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| !EMPTY_WORDS.contains(w) && !is_code(w))
        .collect();
    if meaningful.is_empty() {
        return true;
    }
    // "PAYPAL *JOHNSMITH", "ZELLE TO JANE DOE": one or two plain words after a
    // person-to-person service are a name, not a shop the lexicon or dictionary knows.
    let whole = fold(text);
    let p2p = PERSON_TO_PERSON.iter().any(|s| contains_word(&whole, s));
    p2p && meaningful.len() <= 2
}

/// A reference, a number, a code: anything with a digit, or too short to be a name.
fn is_code(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit()) || word.chars().count() < 2
}

fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize_merchant;

    fn generic(line: &str) -> bool {
        is_generic(line, &normalize_merchant(line), Brands::builtin())
    }

    #[test]
    fn lines_that_name_nothing_are_generic() {
        for line in [
            "DEBIT CARD PURCHASE",
            "REF #789456123",
            "MISC SERVICES LLC",
            "PAYPAL *JOHNSMITH",
            "ZELLE TO JANE DOE",
            "POS PURCHASE 4829",
            "SEPA-UEBERWEISUNG",
            "",
            "   ",
            "0000123456789",
        ] {
            assert!(generic(line), "{line:?}");
        }
    }

    #[test]
    fn lines_that_name_a_shop_or_a_purpose_are_not() {
        for line in [
            "KROGER #123 DENVER CO",
            "ATM WITHDRAWAL 1234",
            "TRANSFER TO SAVINGS",
            "PAYPAL *NETFLIX",
            "BLUE BOTTLE COFFEE",
            "ZZQX HOLDINGS ROASTERY",
            "DIRECT DEPOSIT GLOBEX CORP PAYROLL",
        ] {
            assert!(!generic(line), "{line:?}");
        }
    }
}
