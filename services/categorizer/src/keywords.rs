//! The built-in lexicon (data/keywords.txt): words that name a kind of business or payment
//! in seven languages, each pointing at a default category. It generalizes where the
//! sentence model does not: "ADLERAPOTHEKE" is a pharmacy whoever owns it.

// Scores and similarities are f32 by nature; no money is computed here.
#![allow(clippy::float_arithmetic)]

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

const LEXICON: &str = include_str!("../data/keywords.txt");

/// Single words this long also match inside a compound word (APOTHEKE in ADLERAPOTHEKE).
const COMPOUND_MIN_LEN: usize = 6;

struct Lexicon {
    matcher: AhoCorasick,
    /// Per pattern: its category slug, whether it may sit inside a word, its length.
    entries: Vec<(&'static str, bool, usize)>,
}

static LEXICON_INDEX: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut patterns = Vec::new();
    let mut entries = Vec::new();
    for (slug, keyword) in parse(LEXICON) {
        let inside_words = !keyword.contains(' ') && keyword.len() >= COMPOUND_MIN_LEN;
        entries.push((slug, inside_words, keyword.len()));
        patterns.push(keyword);
    }
    let matcher = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&patterns)
        .expect("the lexicon's patterns build an automaton");
    Lexicon { matcher, entries }
});

/// (slug, keyword) pairs of a lexicon file: `slug: WORD, TWO WORDS, ...`; `#` starts a comment.
pub(crate) fn parse(text: &'static str) -> Vec<(&'static str, &'static str)> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once(':'))
        .flat_map(|(slug, words)| {
            words
                .split(',')
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .map(move |w| (slug.trim(), w))
        })
        .collect()
}

/// Uppercase ASCII with umlauts written out and accents dropped, as most banks print.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars().flat_map(char::to_uppercase) {
        match c {
            'Ä' => out.push_str("AE"),
            'Ö' => out.push_str("OE"),
            'Ü' => out.push_str("UE"),
            'ß' => out.push_str("SS"),
            'À' | 'Á' | 'Â' | 'Ã' | 'Å' => out.push('A'),
            'Ç' => out.push('C'),
            'È' | 'É' | 'Ê' | 'Ë' => out.push('E'),
            'Ì' | 'Í' | 'Î' | 'Ï' => out.push('I'),
            'Ñ' => out.push('N'),
            'Ò' | 'Ó' | 'Ô' | 'Õ' => out.push('O'),
            'Ù' | 'Ú' | 'Û' => out.push('U'),
            c if c.is_ascii_alphanumeric() || matches!(c, '&' | '-' | '+') => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

/// Categories whose words a transaction holds, each with the strength of its longest word
/// relative to the longest word found (1.0 for the most specific category). Words may sit
/// inside compounds only in the merchant text: the bank's own phrases are compounds too
/// (KARTENZAHLUNG is a card payment, not KARTEN, tickets). The whole line adds whole words.
pub fn hits(merchant_text: &str, line: &str) -> Vec<(&'static str, f32)> {
    let mut longest: HashMap<&'static str, usize> = HashMap::new();
    collect(&mut longest, merchant_text, true);
    collect(&mut longest, line, false);
    let top = longest.values().copied().max().unwrap_or(0) as f32;
    let mut hits: Vec<(&'static str, f32)> = longest
        .into_iter()
        .map(|(slug, len)| (slug, len as f32 / top))
        .collect();
    hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    hits
}

fn collect(longest: &mut HashMap<&'static str, usize>, text: &str, compounds: bool) {
    let folded = fold(text);
    let bytes = folded.as_bytes();
    let is_word = |i: usize| bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric());
    let index = &*LEXICON_INDEX;
    for found in index.matcher.find_overlapping_iter(&folded) {
        let (slug, inside_words, len) = index.entries[found.pattern().as_usize()];
        let joined_before = found.start() > 0 && is_word(found.start() - 1);
        let whole_word = !joined_before && !is_word(found.end());
        if whole_word || (compounds && inside_words) {
            let best = longest.entry(slug).or_default();
            *best = (*best).max(len);
        }
    }
}

/// Every slug the lexicon names (checked against the taxonomy in a test).
pub fn slugs() -> Vec<&'static str> {
    let mut slugs: Vec<&str> = parse(LEXICON).into_iter().map(|(s, _)| s).collect();
    slugs.dedup();
    slugs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn best(text: &str) -> Option<&'static str> {
        let merchant = crate::normalize::normalize_merchant(text);
        hits(&merchant, text).first().map(|(slug, _)| *slug)
    }

    #[test]
    fn words_match_whole_and_long_words_inside_compounds() {
        assert_eq!(
            best("GIROCARD ADLERAPOTHEKE KOELN"),
            Some("health.pharmacy")
        );
        assert_eq!(best("Pharmacie du Marché"), Some("health.pharmacy"));
        // TAXI is short: it matches as a word, never inside one.
        assert_eq!(best("TAXI BERLIN"), Some("transport.taxi"));
        assert_eq!(best("TAXIDERMY SUPPLIES"), None);
    }

    #[test]
    fn the_longest_word_wins_when_categories_compete() {
        let line = "Lohn/Gehalt STEUERERSTATTUNG FINANZAMT 11.2026";
        let found = hits(&crate::normalize::normalize_merchant(line), line);
        assert_eq!(found[0].0, "income.refunds", "{found:?}");
        assert!(
            found
                .iter()
                .any(|(s, w)| *s == "financial.taxes" && *w < 1.0)
        );
    }

    #[test]
    fn umlauts_and_accents_fold_as_banks_print_them() {
        assert_eq!(fold("Bäckerei Müller, café"), "BAECKEREI MUELLER  CAFE");
        assert_eq!(best("Zahnärztin Dr. Kim"), None);
        assert_eq!(best("Tierärztliche Praxis"), Some("health.medical"));
    }

    #[test]
    fn nothing_in_a_brand_only_line() {
        assert!(best("SQ *ZORBLAX 4411").is_none());
        // The bank's compound is not the lexicon's word: KARTEN (tickets) in KARTENZAHLUNG.
        assert_eq!(best("KARTENZAHLUNG ZORBLAX KOELN Karte 4411"), None);
    }
}
