//! Chains everyone knows (data/brands.tsv, made from OpenStreetMap's name-suggestion-index
//! by data/generate_brands.py): a merchant text that begins with a chain's name is that
//! chain's kind of business, whatever the small sentence model makes of the name. KROGER
//! is a supermarket; the model only sees a word it has rarely met.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::normalize::normalize_merchant;

const BRANDS: &str = include_str!("../data/brands.tsv");
const KNOWN_MERCHANTS: &str = include_str!("../data/known_merchants.txt");
/// Longest chain name tried, in words ("peek & cloppenburg" is three).
const MAX_NAME_WORDS: usize = 4;

static BUILTIN: LazyLock<Brands> = LazyLock::new(|| {
    let mut by_name: HashMap<String, Entry> = BRANDS
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .filter_map(|(name, slug)| {
            let key = without_apostrophes(&normalize_merchant(name));
            // A name the normalizer cuts (a city in it, a closing phrase) would match more
            // than the chain: "paris baguette" must not become "baguette".
            let words_kept = key.split(' ').count() == name.split_whitespace().count();
            (words_kept && key.len() >= 3).then_some((
                key,
                Entry {
                    slug,
                    curated: false,
                },
            ))
        })
        .collect();
    // The hand-written list names merchants the chains dictionary lacks or files under a
    // trade they do not bill as; it wins.
    for (slug, name) in crate::keywords::parse(KNOWN_MERCHANTS) {
        let key = without_apostrophes(&normalize_merchant(name));
        if key.len() >= 3 {
            by_name.insert(
                key,
                Entry {
                    slug,
                    curated: true,
                },
            );
        }
    }
    Brands { by_name }
});

/// Chain names (normalized as merchant texts are) → default category slug.
#[derive(Debug, Clone)]
pub struct Brands {
    by_name: HashMap<String, Entry>,
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
        }
    }

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
        let past_payment_words = words
            .iter()
            .position(|w| !crate::generic::says_only_how_money_moved(w))
            .unwrap_or(0);
        // A name may itself begin with such words ("payment received thank you").
        [0, past_payment_words]
            .into_iter()
            .filter_map(|start| self.longest_at(&words, start))
            .max_by_key(|m| (m.words, std::cmp::Reverse(m.start)))
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

    /// This dictionary without any name that would match one of `merchant_texts`: the
    /// evaluation measures what the pipeline infers about merchants it was never told of.
    pub fn without<'a>(&self, merchant_texts: impl IntoIterator<Item = &'a str>) -> Brands {
        let mut by_name = self.by_name.clone();
        for text in merchant_texts {
            let text = without_apostrophes(text);
            let words: Vec<&str> = text.split(' ').collect();
            for n in 1..=words.len().min(MAX_NAME_WORDS) {
                by_name.remove(&words[..n].join(" "));
            }
        }
        Brands { by_name }
    }
}

/// Banks drop the apostrophe of NANDO'S and SAINSBURY'S; the dictionary keeps it.
fn without_apostrophes(text: &str) -> String {
    text.replace(['\'', '’'], "")
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
            "ONLINE PAYMENT THANK YOU",
            "CARD PAYMENT",
            "SEPA Overboeking naar spaarrekening",
            "ZZQX HOLDINGS",
        ] {
            assert_eq!(brands.lookup(&normalize_merchant(line)), None, "{line}");
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
