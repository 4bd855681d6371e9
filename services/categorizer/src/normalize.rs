//! Merchant text as banks write it, reduced to what names the merchant: the same shop reads
//! the same on every statement, so the user's history and the embedding cache recognise it.
//! Card numbers, store numbers, dates, times, references and payment-processor prefixes
//! (`SQ *`, `PAYPAL *`) go; what is left is lowercased with single spaces.

use sha2::{Digest, Sha256};

/// Processors that put their own name before the merchant's: `SQ *BLUE BOTTLE`.
const PROCESSOR_PREFIXES: &[&str] = &[
    "SQ", "SQU", "TST", "PAYPAL", "PP", "SP", "IZ", "IZETTLE", "SUMUP", "ZTL", "CKO", "PY", "BT",
    "DNH", "FS", "WPY", "SMP", "PMT", "EB", "GGL", "GOOGLE",
];

/// How banks start a card or direct-debit line, in several languages. Only whole phrases at
/// the start go, and only when a name is left, so "Card Factory" keeps its name.
const BOILERPLATE: &[&str] = &[
    "KARTENZAHLUNG",
    "KARTENZAHLUNG/-ABRECHNUNG",
    "SEPA-LASTSCHRIFT",
    "SEPA LASTSCHRIFT",
    "LASTSCHRIFT",
    "FOLGELASTSCHRIFT",
    "ERSTLASTSCHRIFT",
    "GIROCARD",
    "EC-KARTE",
    "POS",
    "VISA",
    "DEBIT CARD PURCHASE",
    "DEBIT CARD",
    "CARD PAYMENT",
    "CARD PURCHASE",
    "POS PURCHASE",
    "CHECKCARD",
    "CONTACTLESS",
    "APPLE PAY",
    "RECURRING PAYMENT",
    "CB",
    "PAIEMENT PAR CARTE",
    "ACHAT CB",
    "PRLV SEPA",
    "PRLV",
    "COMPRA TARJETA",
    "PAGO TARJETA",
    "BETAALAUTOMAAT",
    "PINBETALING",
    "BEA",
    "GEA",
    "ACH DEBIT",
    "PREAUTHORIZED DEBIT",
];

/// Two-letter US state and Canadian province codes that end US card lines ("SEATTLE WA").
const REGION_CODES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
    "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
    "WV", "WI", "WY", "ON", "QC", "BC", "AB", "MB", "NS", "NB", "SK",
];

/// The merchant part of a bank's text, lowercased; never empty when `raw` has letters.
pub fn normalize_merchant(raw: &str) -> String {
    // Masked card numbers first: their stars are not a processor's.
    let unmasked: Vec<&str> = raw
        .split_whitespace()
        .filter(|t| !(t.contains("**") || t.to_uppercase().contains("XXXX")))
        .collect();
    let upper = unmasked.join(" ").to_uppercase();
    let merchant = strip_processor(&upper);
    let mut tokens: Vec<&str> = merchant
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '|' | '/' | '\\' | '*'))
        .map(|t| t.trim_matches(|c: char| matches!(c, '.' | ':' | '-' | '(' | ')' | '"' | '\'')))
        .filter(|t| !t.is_empty() && !is_noise(t))
        .collect();
    while let Some(words) = leading_boilerplate(&tokens) {
        tokens.drain(..words);
    }
    if tokens.len() > 1 && REGION_CODES.contains(tokens.last().expect("not empty")) {
        tokens.pop();
    }
    let joined = tokens.join(" ").to_lowercase();
    if joined.is_empty() {
        // Nothing but numbers and codes: keep them, so two such rows still compare.
        return raw
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
    }
    joined
}

/// How many leading tokens form a boilerplate phrase, when a name is left after it.
fn leading_boilerplate(tokens: &[&str]) -> Option<usize> {
    BOILERPLATE
        .iter()
        .map(|phrase| phrase.split(' ').collect::<Vec<_>>())
        .filter(|words| words.len() < tokens.len() && tokens.starts_with(words))
        .map(|words| words.len())
        .max()
}

/// `SQ *BLUE BOTTLE` → `BLUE BOTTLE`; `AMZN MKTP US*2K4L56` → `AMZN MKTP US` (after the
/// star is an order reference when the part before it is not a processor).
fn strip_processor(upper: &str) -> &str {
    let Some((before, after)) = upper.split_once('*') else {
        return upper;
    };
    let head = before.trim();
    let head_last = head.rsplit(' ').next().unwrap_or(head);
    if PROCESSOR_PREFIXES.contains(&head) || PROCESSOR_PREFIXES.contains(&head_last) {
        return after.trim_start_matches(['*', ' ']);
    }
    if head.len() <= 3 {
        // `XY *SUBLIME TEXT`: a short unknown prefix, a name after it.
        return after.trim_start_matches(['*', ' ']);
    }
    before
}

/// Numbers, codes, masked cards, dates and times: nothing that names a merchant.
fn is_noise(token: &str) -> bool {
    if token.starts_with('#') || token.contains("XXXX") || token.contains("****") {
        return true;
    }
    let digits = token.chars().filter(char::is_ascii_digit).count();
    if digits == 0 {
        return false;
    }
    let len = token.chars().count();
    // 7ELEVEN and 3M keep their one digit; 01234, 2K4L56, an IBAN or 28.03.24 do not.
    digits == len
        || token
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '/' | '-' | ':'))
        || (digits >= 3 && digits * 2 >= len)
}

/// The embedding cache key: SHA-256 of the normalized text.
pub fn text_hash(normalized: &str) -> [u8; 32] {
    Sha256::digest(normalized.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bank_texts_reduce_to_the_merchant() {
        for (raw, expected) in [
            (
                "SQ *BLUE BOTTLE COFFEE OAKLAND CA",
                "blue bottle coffee oakland",
            ),
            ("SQ*BLUE BOTTLE COFFEE", "blue bottle coffee"),
            ("PAYPAL *NETFLIX.COM 4029357733", "netflix.com"),
            ("TST* SHAKE SHACK #1234 NEW YORK NY", "shake shack new york"),
            (
                "STARBUCKS STORE 01234 SEATTLE WA",
                "starbucks store seattle",
            ),
            ("AMZN MKTP US*2K4L56 AMZN.COM/BILL WA", "amzn mktp us"),
            (
                "KARTENZAHLUNG REWE MARKT GMBH 28.03.24 12:41",
                "rewe markt gmbh",
            ),
            (
                "SEPA-LASTSCHRIFT Stadtwerke Berlin 2024-03-01",
                "stadtwerke berlin",
            ),
            ("CB CARREFOUR CITY 12/03 PARIS", "carrefour city paris"),
            (
                "POS 4829XXXXXXXX1234 LIDL DIENSTLEISTUNG",
                "lidl dienstleistung",
            ),
            (
                "COMPRA TARJETA 5412****7788 MERCADONA VALENCIA",
                "mercadona valencia",
            ),
            ("7-ELEVEN 38291", "7-eleven"),
            ("DEBIT CARD PURCHASE H&M 0432 LONDON", "h&m london"),
        ] {
            assert_eq!(normalize_merchant(raw), expected, "{raw}");
        }
    }

    #[test]
    fn the_same_shop_reads_the_same_on_every_statement() {
        let a = normalize_merchant("SQ *BLUE BOTTLE COFFEE 0042 OAKLAND CA 03/14");
        let b = normalize_merchant("SQ *BLUE BOTTLE COFFEE 0077 OAKLAND CA 04/02");
        assert_eq!(a, b);
        assert_eq!(text_hash(&a), text_hash(&b));
        assert_ne!(text_hash(&a), text_hash("blue bottle"));
    }

    #[test]
    fn a_merchant_named_like_boilerplate_keeps_its_name_and_numbers_alone_survive() {
        assert_eq!(normalize_merchant("CARD FACTORY"), "card factory");
        assert_eq!(normalize_merchant("DEBIT"), "debit");
        assert_eq!(normalize_merchant("  0042 1234  "), "0042 1234");
        assert_eq!(normalize_merchant(""), "");
    }
}
