//! Chains everyone knows (data/brands.tsv, made from OpenStreetMap's name-suggestion-index
//! by data/generate_brands.py): a merchant text that begins with a chain's name is that
//! chain's kind of business, whatever the small sentence model makes of the name. KROGER
//! is a supermarket; the model only sees a word it has rarely met.
//!
//! Each chain also has its display name, Wikidata id and website, for showing the merchant
//! (`merchant_names`); data/merchants_extra.tsv adds online brands and processor spellings
//! that have no shops in OSM, with names but no categories.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use crate::normalize::normalize_merchant;

const BRANDS: &str = include_str!("../data/brands.tsv");
const KNOWN_MERCHANTS: &str = include_str!("../data/known_merchants.txt");
const EXTRA: &str = include_str!("../data/merchants_extra.tsv");
/// Longest chain name tried, in words ("peek & cloppenburg" is three).
const MAX_NAME_WORDS: usize = 4;

/// How a chain is shown, and where its logo can be found later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BrandEntry {
    pub name: &'static str,
    pub wikidata: Option<&'static str>,
    pub website: Option<&'static str>,
    /// Written for statements (merchants_extra.tsv) rather than taken from OSM's names.
    pub hand_written: bool,
}

static BUILTIN: LazyLock<Brands> = LazyLock::new(|| {
    let mut by_name = HashMap::new();
    let mut entries = HashMap::new();
    // Display name → the first row's entry, for extra rows without ids.
    let mut ids_of_name = HashMap::new();
    // In the file's order, so that two names with one spelling resolve the same every run.
    let mut keys = Vec::new();
    for line in BRANDS.lines().filter(|line| !line.starts_with('#')) {
        let mut fields = line.split('\t');
        let (Some(name), Some(slug)) = (fields.next(), fields.next()) else {
            continue;
        };
        let key = normalize_merchant(name);
        // A name the normalizer cuts (a city in it, a closing phrase) would match more
        // than the chain: "paris baguette" must not become "baguette".
        let words_kept = key.split(' ').count() == name.split_whitespace().count();
        if !(words_kept && key.len() >= 3) {
            continue;
        }
        let entry = entry_of(fields, false);
        if entry.wikidata.is_some() {
            ids_of_name.entry(entry.name).or_insert(entry);
        }
        if !slug.is_empty() {
            let curated = false;
            by_name.insert(without_apostrophes(&key), Entry { slug, curated });
        }
        entries.insert(key.clone(), entry);
        keys.push((key, entry));
    }
    // After every real name, so that a spelling never hides another chain's own name.
    for (key, entry) in keys {
        for spelling in statement_spellings(&key) {
            entries.entry(spelling).or_insert(entry);
        }
    }
    for line in EXTRA.lines().filter(|line| !line.starts_with('#')) {
        let mut fields = line.split('\t');
        let Some(spelling) = fields.next() else {
            continue;
        };
        let mut entry = entry_of(fields, true);
        if let (None, Some(ids)) = (entry.wikidata, ids_of_name.get(entry.name)) {
            (entry.wikidata, entry.website) = (ids.wikidata, ids.website);
        }
        // Written for statements: it wins over an OSM name spelled the same.
        entries.insert(normalize_merchant(spelling), entry);
    }
    // The hand-written list names merchants the chains dictionary lacks or files under a
    // trade they do not bill as; it wins.
    for (slug, name) in crate::keywords::parse(KNOWN_MERCHANTS) {
        let key = without_apostrophes(&normalize_merchant(name));
        if key.len() >= 3 {
            let curated = true;
            by_name.insert(key, Entry { slug, curated });
        }
    }
    Brands {
        by_name,
        entries: Arc::new(entries),
    }
});

/// Display name, Wikidata id and website: the columns after name (and slug).
fn entry_of(mut fields: impl Iterator<Item = &'static str>, hand_written: bool) -> BrandEntry {
    let mut next = || fields.next().map(str::trim).filter(|f| !f.is_empty());
    BrandEntry {
        name: next().unwrap_or_default(),
        wikidata: next(),
        website: next(),
        hand_written,
    }
}

/// How banks print a chain's name without its punctuation: "mcdonald's" as MCDONALDS,
/// "trader joe's" as TRADER JOE S, "in-n-out" as IN N OUT.
fn statement_spellings(key: &str) -> impl Iterator<Item = String> + '_ {
    [("'", ""), ("'", " "), ("-", " "), ("-", "")]
        .into_iter()
        .filter(|(from, _)| key.contains(from))
        .map(|(from, to)| key.replace(from, to))
}

/// Chain names (normalized as merchant texts are) → default category slug, and the names
/// to show.
#[derive(Debug, Clone)]
pub struct Brands {
    by_name: HashMap<String, Entry>,
    /// Shared: `without` is for categories only, and copying 20,000 names per run is waste.
    entries: Arc<HashMap<String, BrandEntry>>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    slug: &'static str,
    /// From the hand-written list rather than the chains dictionary.
    curated: bool,
}

/// Where a text names a chain.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChainMatch {
    pub slug: &'static str,
    /// The first word of the name, and how many words it has.
    pub start: usize,
    pub words: usize,
    pub curated: bool,
}

impl Brands {
    pub fn builtin() -> &'static Brands {
        &BUILTIN
    }

    /// None at all: the pipeline as it was before the dictionary.
    pub fn none() -> Brands {
        Brands {
            by_name: HashMap::new(),
            entries: Arc::default(),
        }
    }

    /// Chain names that carry a category.
    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// The category of the longest chain name the merchant text begins with, in whole words.
    pub fn lookup(&self, merchant_text: &str) -> Option<&'static str> {
        self.lookup_words(merchant_text).map(|m| m.slug)
    }

    /// Where the longest chain name the merchant text begins with is, once words that only
    /// say how money moved are passed ("recurring debit dropbox" is Dropbox).
    pub fn lookup_words(&self, merchant_text: &str) -> Option<ChainMatch> {
        let text = without_apostrophes(merchant_text);
        let words: Vec<&str> = text.split(' ').collect();
        // NETFLIX.COM is Netflix, unless the address itself is a name (apple.com).
        let bare: Vec<&str> = words
            .iter()
            .map(|w| crate::merchant_names::site_name(w).unwrap_or(w))
            .collect();
        let past_payment_words = words
            .iter()
            .position(|w| !crate::generic::says_only_how_money_moved(w))
            .unwrap_or(0);
        // A name may itself begin with such words ("payment received thank you").
        [
            (&words, 0),
            (&words, past_payment_words),
            (&bare, 0),
            (&bare, past_payment_words),
        ]
        .into_iter()
        .enumerate()
        .filter_map(|(n, (words, start))| self.longest_at(words, start).map(|m| (n, m)))
        .max_by_key(|(n, m)| (m.words, std::cmp::Reverse(*n)))
        .map(|(_, m)| m)
    }

    fn longest_at(&self, words: &[&str], start: usize) -> Option<ChainMatch> {
        let words = &words[start..];
        (1..=words.len().min(MAX_NAME_WORDS)).rev().find_map(|n| {
            self.by_name
                .get(&words[..n].join(" "))
                .map(|entry| ChainMatch {
                    slug: entry.slug,
                    start,
                    words: n,
                    curated: entry.curated,
                })
        })
    }

    /// The best chain among several texts of one row (the payee, the bank's description):
    /// a hand-written name before the dictionary's, then the longer name, then the earlier
    /// text. Answers the text's index too.
    pub fn best_of(&self, texts: &[&str]) -> Option<(usize, ChainMatch)> {
        texts
            .iter()
            .enumerate()
            .filter_map(|(n, text)| self.lookup_words(text).map(|m| (n, m)))
            .min_by_key(|(n, m)| (!m.curated, std::cmp::Reverse(m.words), *n))
    }

    /// The display name and ids of the longest chain or known merchant the merchant text
    /// begins with, in whole words, and how many words its name took. Banks drop accents
    /// (INTERMARCHE) and write umlauts out (ALDI SUED), and join or split a name's words
    /// (DM-DROGERIE MARKT, MEDIA MARKT); the dictionary's names are folded to plain letters,
    /// so each spelling is tried.
    pub fn lookup_entry(&self, merchant_text: &str) -> Option<(&BrandEntry, usize)> {
        longest_prefix(merchant_text, |name| {
            let plain = fold_accents(name);
            let umlauts = plain
                .replace("ae", "a")
                .replace("oe", "o")
                .replace("ue", "u");
            let split = name.replace('-', " ");
            let joined = name.replace(' ', "");
            [name, &plain, &umlauts, &split, &joined]
                .into_iter()
                .find_map(|spelling| self.entries.get(spelling))
                .map(|entry| (entry, name.split(' ').count()))
        })
    }

    /// This dictionary without any name that would match one of `merchant_texts`: the
    /// evaluation measures what the pipeline infers about merchants it was never told of.
    /// Display names stay: they are not inferred.
    pub fn without<'a>(&self, merchant_texts: impl IntoIterator<Item = &'a str>) -> Brands {
        let mut by_name = self.by_name.clone();
        for text in merchant_texts {
            let text = without_apostrophes(text);
            let words: Vec<&str> = text.split(' ').collect();
            for n in 1..=words.len().min(MAX_NAME_WORDS) {
                by_name.remove(&words[..n].join(" "));
            }
        }
        Brands {
            by_name,
            entries: Arc::clone(&self.entries),
        }
    }
}

/// Banks drop the apostrophe of NANDO'S and SAINSBURY'S; the dictionary keeps it.
fn without_apostrophes(text: &str) -> String {
    text.replace(['\'', '’'], "")
}

/// The first hit of `find` over the text's first words, longest first.
fn longest_prefix<T>(text: &str, find: impl Fn(&str) -> Option<T>) -> Option<T> {
    let words: Vec<&str> = text.split(' ').collect();
    (1..=words.len().min(MAX_NAME_WORDS))
        .rev()
        .find_map(|n| find(&words[..n].join(" ")))
}

/// Lowercase Latin letters without their accents, as the dictionary's names are.
fn fold_accents(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_chains_are_found_by_their_first_words() {
        let brands = Brands::builtin();
        assert!(brands.len() > 10_000, "{} names", brands.len());
        for (line, slug) in [
            ("KROGER #123 DENVER CO", "food.groceries"),
            ("CARD PAYMENT TO TESCO STORES ON 06 DEC", "food.groceries"),
            ("ESSO LONDON GB", "transport.fuel"),
            (
                "PEEK & CLOPPENBURG SAGT DANKE 21352232",
                "shopping.clothing",
            ),
            ("CB KIABI 25/02", "shopping.clothing"),
            ("NANDOS EDINBURGH GB", "food.restaurants"),
        ] {
            assert_eq!(
                brands.lookup(&normalize_merchant(line)),
                Some(slug),
                "{line}"
            );
        }
    }

    #[test]
    fn ordinary_words_and_unknown_names_are_not_chains() {
        let brands = Brands::builtin();
        for line in [
            "CARD PAYMENT",
            "SEPA Overboeking naar spaarrekening",
            "ZZQX HOLDINGS",
        ] {
            assert_eq!(brands.lookup(&normalize_merchant(line)), None, "{line}");
        }
    }

    #[test]
    fn entries_carry_the_chains_display_name_and_ids() {
        let brands = Brands::builtin();
        let entry = |line: &str| {
            let found = brands.lookup_entry(&normalize_merchant(line));
            found.map(|(entry, _)| *entry)
        };
        let whole_foods = entry("WHOLE FOODS MARKET 10233").unwrap();
        assert_eq!(whole_foods.name, "Whole Foods Market");
        assert_eq!(whole_foods.wikidata, Some("Q1809448"));
        assert!(whole_foods.website.unwrap().contains("wholefoodsmarket"));
        // Processor abbreviations and online brands come from merchants_extra.tsv, and an
        // abbreviation borrows the chain's ids.
        let abbreviated = entry("WHOLEFDS MKT 10233").unwrap();
        assert_eq!(abbreviated.name, whole_foods.name);
        assert_eq!(abbreviated.wikidata, whole_foods.wikidata);
        assert!(abbreviated.hand_written);
        assert_eq!(
            entry("AMZN MKTP US*2K8Y71").unwrap().wikidata,
            Some("Q3884")
        );
        // Apostrophes dropped, accents dropped, umlauts written out.
        assert_eq!(entry("MCDONALDS F4512").unwrap().name, "McDonald's");
        assert_eq!(entry("CB INTERMARCHÉ").unwrap().name, "Intermarché");
        assert_eq!(entry("ALDI SUED SAGT DANKE").unwrap().name, "Aldi Süd");
        assert_eq!(entry("ZZQX HOLDINGS"), None);
        // Known by name, though its kinds are too split for a category.
        assert_eq!(entry("COSTCO WHSE #0123").unwrap().name, "Costco");
        assert_eq!(brands.lookup("costco whse"), None);
    }

    #[test]
    fn names_without_a_category_leave_the_categories_alone() {
        let brands = Brands::builtin();
        // merchants_extra.tsv names Prime Video; the category comes from elsewhere or not at all.
        assert!(brands.lookup_entry("prime video").is_some());
        assert_eq!(brands.lookup("zzqx prime"), None);
        // known_merchants.txt gives Netflix its category; merchants_extra.tsv its name.
        let text = normalize_merchant("NETFLIX.COM");
        assert!(brands.lookup_entry("netflix").is_some());
        assert_eq!(brands.lookup(&text), Some("entertainment.streaming"));
    }

    #[test]
    fn the_hand_written_merchants_win_and_are_marked() {
        let brands = Brands::builtin();
        let dropbox = brands
            .lookup_words(&normalize_merchant(
                "RECURRING DEBIT DROPBOX*PLUS DB.TT/CCHELP CA",
            ))
            .unwrap();
        assert_eq!(
            (dropbox.slug, dropbox.curated),
            ("subscriptions.software", true)
        );
        let chain = brands.lookup_words("peek & cloppenburg").unwrap();
        assert!(!chain.curated);
        // The description's hand-written name beats the payee's chain.
        let (at, best) = brands
            .best_of(&["apple icloud+", &normalize_merchant("APPLE.COM/BILL CORK")])
            .unwrap();
        assert_eq!((at, best.slug), (1, "subscriptions.software"));
    }

    #[test]
    fn every_extra_spelling_survives_normalization_whole() {
        for line in EXTRA.lines().filter(|line| !line.starts_with('#')) {
            let spelling = line.split('\t').next().unwrap();
            let key = normalize_merchant(spelling);
            assert_eq!(
                key.split(' ').count(),
                spelling.split_whitespace().count(),
                "{spelling} → {key}"
            );
        }
    }

    #[test]
    fn without_removes_every_name_a_text_would_match() {
        let text = normalize_merchant("TESCO STORES EDINBURGH GB");
        let fewer = Brands::builtin().without([text.as_str()]);
        assert_eq!(fewer.lookup(&text), None);
        assert_eq!(fewer.lookup("kroger"), Some("food.groceries"));
        assert_eq!(fewer.len(), Brands::builtin().len() - 1);
    }
}
