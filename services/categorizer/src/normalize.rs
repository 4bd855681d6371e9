//! Merchant text as banks write it, reduced to what names the merchant: the same shop reads
//! the same on every statement, so the user's history and the embedding cache recognise it.
//! Card numbers, store numbers, dates, times, references and payment-processor prefixes
//! (`SQ *`, `PAYPAL *`) go; what is left is lowercased with single spaces.

use std::sync::LazyLock;

use sha2::{Digest, Sha256};

use crate::bank_words::{
    BOILERPLATE, COUNTRY_CODES, NOISE_WORDS, PLACES, PROCESSOR_PREFIXES, REGION_CODES,
    TRAILING_BOILERPLATE,
};

/// The merchant part of a bank's text, lowercased; never empty when `raw` has letters.
pub fn normalize_merchant(raw: &str) -> String {
    // Masked card numbers first: their stars are not a processor's.
    let unmasked: Vec<&str> = raw
        .split_whitespace()
        .filter(|t| !(t.contains("**") || t.to_uppercase().contains("XXXX")))
        .collect();
    let upper = unmasked.join(" ").to_uppercase();
    let merchant = strip_processor(&upper);
    let split: Vec<&str> = words(merchant).collect();
    let mut tokens = Vec::with_capacity(split.len());
    for (n, token) in split.iter().enumerate() {
        // What follows a reference label is the reference, whatever it looks like.
        let after_label = n > 0 && REFERENCE_LABELS.contains(&split[n - 1]);
        if !(after_label || is_noise(token)) {
            tokens.push(*token);
        }
    }
    while let Some(words) = leading_boilerplate(&tokens) {
        tokens.drain(..words);
    }
    drop_where_a_name_remains(&mut tokens, |t| NOISE_WORDS.contains(&t) || is_month(t));
    while let Some(words) = trailing_boilerplate(&tokens) {
        tokens.truncate(tokens.len() - words);
    }
    drop_places(&mut tokens);
    while tokens.len() > 1
        && tokens
            .last()
            .is_some_and(|t| REGION_CODES.contains(t) || COUNTRY_CODES.contains(t))
    {
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

/// The words of a bank's text as normalization sees them: split at spaces and separators,
/// with the punctuation around each word trimmed.
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '|' | '/' | '\\' | '*' | ':'))
        .map(|t| t.trim_matches(|c: char| matches!(c, '.' | '-' | '(' | ')' | '"' | '\'')))
        .filter(|t| !t.is_empty())
}

/// Labels whose next token is a reference (random letters as often as digits).
const REFERENCE_LABELS: &[&str] = &[
    "REF",
    "MANDAT",
    "MACHTIGING",
    "OMSCHRIJVING",
    "CONF#",
    "NR",
    "KENMERK",
    "MANDATSREF",
];

fn drop_where_a_name_remains(tokens: &mut Vec<&str>, drop: impl Fn(&str) -> bool) {
    if tokens.iter().any(|t| !drop(t)) {
        tokens.retain(|t| !drop(t));
    }
}

/// Removes city names (one or more words) when a name is left without them.
fn drop_places(tokens: &mut Vec<&str>) {
    let mut kept = Vec::with_capacity(tokens.len());
    let mut n = 0;
    while n < tokens.len() {
        match PLACE_WORDS
            .iter()
            .find(|words| tokens[n..].starts_with(words))
        {
            Some(words) => n += words.len(),
            None => {
                kept.push(tokens[n]);
                n += 1;
            }
        }
    }
    if !kept.is_empty() {
        *tokens = kept;
    }
}

/// Places as word lists, longest first ("FRANKFURT AM MAIN" before "FRANKFURT").
static PLACE_WORDS: LazyLock<Vec<Vec<&'static str>>> = LazyLock::new(|| {
    let mut places: Vec<Vec<&str>> = PLACES.iter().map(|p| p.split(' ').collect()).collect();
    places.sort_by_key(|words| std::cmp::Reverse(words.len()));
    places
});

static BOILERPLATE_WORDS: LazyLock<Vec<Vec<&'static str>>> =
    LazyLock::new(|| BOILERPLATE.iter().map(|p| p.split(' ').collect()).collect());

const MONTHS: &[&str] = &[
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];

/// `27JUL` or a month after a day (`12 MAR` leaves `MAR`).
pub(crate) fn is_month(token: &str) -> bool {
    let letters = token.trim_start_matches(|c: char| c.is_ascii_digit());
    MONTHS.contains(&letters)
}

static TRAILING_WORDS: LazyLock<Vec<Vec<&'static str>>> = LazyLock::new(|| {
    TRAILING_BOILERPLATE
        .iter()
        .map(|p| p.split(' ').collect())
        .collect()
});

/// How many trailing tokens form a closing phrase, when a name is left before it.
fn trailing_boilerplate(tokens: &[&str]) -> Option<usize> {
    TRAILING_WORDS
        .iter()
        .filter(|words| words.len() < tokens.len() && tokens.ends_with(words))
        .map(|words| words.len())
        .max()
}

/// How many leading tokens form a boilerplate phrase, when a name is left after it.
fn leading_boilerplate(tokens: &[&str]) -> Option<usize> {
    BOILERPLATE_WORDS
        .iter()
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
pub(crate) fn is_noise(token: &str) -> bool {
    if token.starts_with('#') || token.contains("XXXX") || token.contains("****") {
        return true;
    }
    let len = token.chars().count();
    let digits = token.chars().filter(char::is_ascii_digit).count();
    if digits == 0 {
        // A reference of random letters has no vowel: TBFZWSDR.
        return len >= 6 && !token.chars().any(|c| "AEIOUYÄÖÜÉÈ".contains(c));
    }
    // A digit inside a long code is a reference (B7EKJZVA); 7ELEVEN, 1PASSWORD and
    // 1-800-FLOWERS keep theirs.
    let inner = token.trim_start_matches(|c: char| c.is_ascii_digit());
    if len >= 6
        && token.chars().all(|c| c.is_ascii_alphanumeric())
        && (token.len() - inner.len() > 1 || inner.contains(|c: char| c.is_ascii_digit()))
    {
        return true;
    }
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
            ("SQ *BLUE BOTTLE COFFEE OAKLAND CA", "blue bottle coffee"),
            ("SQ*BLUE BOTTLE COFFEE", "blue bottle coffee"),
            ("PAYPAL *NETFLIX.COM 4029357733", "netflix.com"),
            ("TST* SHAKE SHACK #1234 NEW YORK NY", "shake shack"),
            ("STARBUCKS STORE 01234 SEATTLE WA", "starbucks store"),
            ("AMZN MKTP US*2K4L56 AMZN.COM/BILL WA", "amzn mktp"),
            (
                "KARTENZAHLUNG REWE MARKT GMBH 28.03.24 12:41",
                "rewe markt gmbh",
            ),
            (
                "SEPA-LASTSCHRIFT Stadtwerke Berlin 2024-03-01",
                "stadtwerke",
            ),
            ("CB CARREFOUR CITY 12/03 PARIS", "carrefour city"),
            (
                "POS 4829XXXXXXXX1234 LIDL DIENSTLEISTUNG",
                "lidl dienstleistung",
            ),
            (
                "COMPRA TARJETA 5412****7788 MERCADONA VALENCIA",
                "mercadona",
            ),
            ("7-ELEVEN 38291", "7-eleven"),
            ("DEBIT CARD PURCHASE H&M 0432 LONDON", "h&m"),
            // References of random letters, labels, months, thank-you notes and places.
            (
                "SEPA-LASTSCHRIFT BAUSPARKASSE SCHWAEBISCH HALL Kundennr. 80909532 Mandat DRLJVHKF8K",
                "bausparkasse schwaebisch hall",
            ),
            (
                "SEPA Overboeking van PHILIPS NEDERLAND BV omschrijving DDE00GDE",
                "philips nederland bv",
            ),
            (
                "Incasso KINDEROPVANG PARTOU machtiging TBFZWSDR",
                "kinderopvang partou",
            ),
            ("CONTACTLESS PREMIER INN MANCHESTER GB 27JUL", "premier inn"),
            ("CARD PAYMENT TO TESCO STORES ON 12 MAR", "tesco stores"),
            (
                "PEEK & CLOPPENBURG SAGT DANKE 21352232",
                "peek & cloppenburg",
            ),
            (
                "BEA, Betaalpas ETOS,PAS647 NR:97MN0D2D, 27.06.26/08.13 DEN HAAG",
                "etos",
            ),
            (
                "ACME WIDGETS LLC DIRECT DEP PPD ID: 0313079525",
                "acme widgets llc",
            ),
            ("1-800-FLOWERS #4411 DENVER CO", "1-800-flowers"),
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
