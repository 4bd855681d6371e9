//! Lines that name no merchant and no purpose: "DEBIT CARD PURCHASE", "REF #789456123",
//! "MISC SERVICES LLC", "PAYPAL *JOHNSMITH". Any category for them would be a guess, so the
//! pipeline leaves them for the user (DESIGN.md §4: a wrong category is worse than none).

use crate::brands::Brands;
use crate::keywords::{self, fold};

/// Words that say how money moved, or that a business exists, but not what it sells.
const EMPTY_WORDS: &[&str] = &[
    "ACH",
    "ACCT",
    "ACCOUNT",
    "ACHAT",
    "AN",
    "AUFTRAG",
    "AUTH",
    "AUTHORIZED",
    "BANK",
    "BETALING",
    "BILL",
    "BY",
    "CARD",
    "CARTE",
    "CB",
    "CHARGE",
    "CHECK",
    "CHECKCARD",
    "CO",
    "COMPANY",
    "COMPRA",
    "CORP",
    "CORPORATION",
    "CREDIT",
    "DE",
    "DEBIT",
    "DEL",
    "DES",
    "DIRECT",
    "DU",
    "EFT",
    "ENTERPRISES",
    "FROM",
    "GMBH",
    "GROUP",
    "HOLDINGS",
    "INC",
    "INCOMING",
    "INTL",
    "KARTENZAHLUNG",
    "LA",
    "LASTSCHRIFT",
    "LE",
    "LLC",
    "LTD",
    "MERCHANT",
    "MISC",
    "MISCELLANEOUS",
    "NAAR",
    "NR",
    "ONLINE",
    "OUTGOING",
    "PAGAMENTO",
    "PAGO",
    "PAIEMENT",
    "PAR",
    "PAYMENT",
    "PENDING",
    "PER",
    "PMT",
    "POS",
    "PRELEVEMENT",
    "PURCHASE",
    "RECURRING",
    "REF",
    "REFERENCE",
    "RETAIL",
    "SA",
    "SARL",
    "SAS",
    "SEPA",
    "SERVICE",
    "SERVICES",
    "SL",
    "SPA",
    "SRL",
    "STORE",
    "TARJETA",
    "TO",
    "TRANSACTION",
    "TRANSFER",
    "TRANSFERENCIA",
    "TRX",
    "UEBERWEISUNG",
    "VAN",
    "VIR",
    "VIREMENT",
    "VISA",
    "WEB",
    "WITH",
    "XFER",
    "BV",
    "AG",
    "PLC",
    "ELECTRONIC",
    "MASTERCARD",
    "MAESTRO",
    "WIRE",
    "IN",
    "OUT",
    "OVERBOEKING",
    "BONIFICO",
    "RECIBIDA",
    "ENVIADO",
    "RECIBIDO",
    "EMIS",
    "RECU",
    "FAVOR",
    "FAVORE",
    "DI",
    "DA",
    "A",
];

/// Words that move money to or from a person or another account.
const TRANSFER_WORDS: &[&str] = &[
    "TRANSFER",
    "XFER",
    "UEBERWEISUNG",
    "VIREMENT",
    "VIR",
    "TRANSFERENCIA",
    "OVERBOEKING",
    "BONIFICO",
    "FASTER PAYMENT",
    "WIRE",
];

/// Services that move money between people: what follows them is usually a person.
const PERSON_TO_PERSON: &[&str] = &[
    "PAYPAL", "VENMO", "ZELLE", "CASH APP", "SQC", "BIZUM", "TIKKIE", "WISE", "REVOLUT", "LYDIA",
    "SATISPAY", "PAYLIB", "TWINT",
];

/// Whether the line names nothing a category could be inferred from. `merchant_text` is the
/// normalized merchant (`normalize_merchant`) of `text` (description, payee and merchant).
pub fn is_generic(text: &str, merchant_text: &str, brands: &Brands) -> bool {
    let folded = fold(merchant_text);
    let meaningful: Vec<&str> = folded
        .split(|c: char| !(c.is_alphanumeric() || c == '&'))
        .filter(|w| !w.is_empty())
        .filter(|w| !EMPTY_WORDS.contains(w) && !PERSON_TO_PERSON.contains(w) && !is_code(w))
        .collect();
    if meaningful.is_empty() {
        return true;
    }
    if brands.lookup(merchant_text).is_some() || !keywords::hits(merchant_text, "").is_empty() {
        return false;
    }
    let company = folded
        .split_whitespace()
        .any(|w| COMPANY_SUFFIXES.contains(&w));
    // "PAYPAL *JOHNSMITH", "OVERBOEKING NAAR J. DE VRIES": one or two plain words after a
    // person-to-person service or a transfer are a name, not a shop anyone knows.
    let whole = fold(text);
    let between_people = PERSON_TO_PERSON
        .iter()
        .chain(TRANSFER_WORDS)
        .any(|s| contains_word(&whole, s));
    between_people && meaningful.len() <= 2 && !company
}

/// What a company's name ends with, and a person's does not.
const COMPANY_SUFFIXES: &[&str] = &[
    "LLC", "INC", "LTD", "GMBH", "AG", "SA", "SAS", "SARL", "BV", "NV", "SPA", "SRL", "SL", "PLC",
    "CORP", "CO", "KG", "OY", "AB",
];

/// A word (any case) that says how money moved, or that a business exists, but not what
/// it sells.
pub fn says_only_how_money_moved(word: &str) -> bool {
    EMPTY_WORDS.contains(&word.to_uppercase().as_str())
}

/// A reference, a number, a code, or an initial or two. A name may hold one leading digit
/// (1PASSWORD, 7ELEVEN); references hold more, or hold them inside.
fn is_code(word: &str) -> bool {
    if word.contains('&') {
        return false;
    }
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let digits: Vec<usize> = word
        .char_indices()
        .filter(|(_, c)| c.is_ascii_digit())
        .map(|(at, _)| at)
        .collect();
    let a_leading_digit = digits == [0] && letters >= 4;
    letters <= 2 || (!digits.is_empty() && !a_leading_digit)
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
            "OVERBOEKING NAAR J. DE VRIES",
            "ELECTRONIC PAYMENT",
            "KARTENZAHLUNG",
            "XX-123-YY",
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
            "PAYPAL *IKEA",
            "BLUE BOTTLE COFFEE",
            "ZZQX HOLDINGS ROASTERY",
            "DIRECT DEPOSIT GLOBEX CORP PAYROLL",
        ] {
            assert!(!generic(line), "{line:?}");
        }
    }
}
