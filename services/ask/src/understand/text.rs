//! Normalised words: lower case, accents folded, punctuation dropped, so "Größte Ausgabe?"
//! and "grosste ausgabe" read alike. Phrases are matched over the words, and each word is
//! used by at most one meaning.

use rust_decimal::Decimal;
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{OnceLock, RwLock};

/// An entry of a phrase table: its phrase comes first.
pub trait Phrase {
    fn phrase(&self) -> &'static str;
}

impl<T> Phrase for (&'static str, T) {
    fn phrase(&self) -> &'static str {
        self.0
    }
}

impl<A, T> Phrase for (&'static str, A, T) {
    fn phrase(&self) -> &'static str {
        self.0
    }
}

type FirstWords = HashMap<&'static str, Vec<usize>>;

/// For each first word of `table`'s phrases, the entries that start with it: built once
/// per table on first use, so matching a word looks at a handful of phrases, not hundreds.
fn first_words<E: Phrase>(table: &'static [E]) -> &'static FirstWords {
    static INDEX: OnceLock<RwLock<HashMap<(usize, usize), &'static FirstWords>>> = OnceLock::new();
    let index = INDEX.get_or_init(Default::default);
    let key = (table.as_ptr() as usize, table.len());
    if let Some(found) = index.read().expect("never poisoned").get(&key) {
        return found;
    }
    let mut built = FirstWords::new();
    for (k, entry) in table.iter().enumerate() {
        let first = entry.phrase().split(' ').next().unwrap_or_default();
        built.entry(first).or_default().push(k);
    }
    // A table is indexed once and kept for the life of the process: they are few and fixed.
    let leaked: &'static FirstWords = Box::leak(Box::new(built));
    index
        .write()
        .expect("never poisoned")
        .entry(key)
        .or_insert(leaked)
}

/// Lower-cases and folds the accents of the five languages (and a few more) to ASCII.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        for lower in c.to_lowercase() {
            match lower {
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => out.push('a'),
                'ç' | 'ć' | 'č' => out.push('c'),
                'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' => out.push('e'),
                'ì' | 'í' | 'î' | 'ï' => out.push('i'),
                'ñ' | 'ń' => out.push('n'),
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => out.push('o'),
                'ù' | 'ú' | 'û' | 'ü' => out.push('u'),
                'ý' | 'ÿ' => out.push('y'),
                'ß' => out.push_str("ss"),
                'æ' => out.push_str("ae"),
                'œ' => out.push_str("oe"),
                'ł' => out.push('l'),
                'š' => out.push('s'),
                'ž' => out.push('z'),
                // Typographic apostrophes and dashes read as their plain forms.
                '’' | '‘' | '`' | '´' => out.push('\''),
                '–' | '—' => out.push('-'),
                other => out.push(other),
            }
        }
    }
    out
}

/// The words of `text`: folded, split at anything that is not a letter, digit or a
/// character that carries meaning (currency signs, '%', the signs of arithmetic). A French
/// elision ("l'année", "d'essence") splits; any other apostrophe joins ("Joe's" → "joes").
/// Decimal separators inside numbers stay ("12,50").
pub fn words(text: &str) -> Vec<String> {
    let folded = fold(text);
    let chars: Vec<char> = folded.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, words: &mut Vec<String>| {
        if !current.is_empty() {
            words.push(std::mem::take(current));
        }
    };
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let decimal_separator = (c == '.' || c == ',')
            && prev.is_some_and(|p| p.is_ascii_digit())
            && next.is_some_and(|n| n.is_ascii_digit());
        if c.is_alphanumeric() || decimal_separator {
            current.push(c);
        } else if c == '\'' {
            // English contractions and possessives join ("what's", "Joe's", "don't");
            // elisions elsewhere split ("j'ai", "l'année", "quest'anno").
            let rest: String = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_alphanumeric())
                .collect();
            if !matches!(rest.as_str(), "s" | "t" | "ve" | "m" | "re" | "ll" | "d") {
                flush(&mut current, &mut words);
            }
        } else if matches!(c, '€' | '$' | '£' | '%' | '+' | '*' | '/' | '=' | '×' | '÷') {
            flush(&mut current, &mut words);
            words.push(c.to_string());
        } else if c == '-' && prev.is_some_and(char::is_whitespace) {
            // A spaced minus is arithmetic; a hyphen inside a word ("Disney-Plus") is a space.
            flush(&mut current, &mut words);
            words.push("-".to_string());
        } else {
            flush(&mut current, &mut words);
        }
    }
    flush(&mut current, &mut words);
    words
}

/// A number as written in any of the five languages: "100", "12,50", "12.50", "1.234,56",
/// "1,234.56", "1'000" is not supported. A lone separator followed by exactly three digits
/// groups thousands ("1,000", "1.000"); otherwise it is the decimal separator.
pub fn number(word: &str) -> Option<Decimal> {
    if word.is_empty()
        || !word
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    if !word.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let last_sep = word.rfind(['.', ',']);
    let plain: String = match last_sep {
        None => word.to_string(),
        Some(at) => {
            let seps = word.matches(['.', ',']).count();
            let decimals = &word[at + 1..];
            let both_kinds = word.contains('.') && word.contains(',');
            if both_kinds || (seps == 1 && decimals.len() != 3) {
                let int: String = word[..at].chars().filter(char::is_ascii_digit).collect();
                format!("{int}.{decimals}")
            } else {
                word.chars().filter(char::is_ascii_digit).collect()
            }
        }
    };
    Decimal::from_str(&plain).ok()
}

/// A small whole number written as digits or a word ("3", "three", "drei", "trois", "tres",
/// "tre"), for "the last three months".
pub fn count(word: &str) -> Option<u32> {
    if let Ok(n) = word.parse::<u32>() {
        return Some(n);
    }
    const WORDS: &[(&str, u32)] = &[
        ("one", 1),
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
        ("twelve", 12),
        ("ein", 1),
        ("eine", 1),
        ("einen", 1),
        ("zwei", 2),
        ("drei", 3),
        ("vier", 4),
        ("funf", 5),
        ("sechs", 6),
        ("sieben", 7),
        ("acht", 8),
        ("neun", 9),
        ("zehn", 10),
        ("zwolf", 12),
        ("un", 1),
        ("une", 1),
        ("deux", 2),
        ("trois", 3),
        ("quatre", 4),
        ("cinq", 5),
        ("sept", 7),
        ("huit", 8),
        ("neuf", 9),
        ("dix", 10),
        ("douze", 12),
        ("uno", 1),
        ("una", 1),
        ("dos", 2),
        ("tres", 3),
        ("cuatro", 4),
        ("cinco", 5),
        ("seis", 6),
        ("siete", 7),
        ("ocho", 8),
        ("nueve", 9),
        ("diez", 10),
        ("doce", 12),
        ("due", 2),
        ("tre", 3),
        ("quattro", 4),
        ("sei", 6),
        ("sette", 7),
        ("otto", 8),
        ("nove", 9),
        ("dieci", 10),
        ("dodici", 12),
    ];
    WORDS.iter().find(|(w, _)| *w == word).map(|(_, n)| *n)
}

/// The question's words and which of them a meaning has already taken.
#[derive(Debug, Clone)]
pub struct Words {
    pub words: Vec<String>,
    pub used: Vec<bool>,
}

impl Words {
    pub fn new(text: &str) -> Self {
        let words = words(text);
        let used = vec![false; words.len()];
        Words { words, used }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn get(&self, i: usize) -> Option<&str> {
        self.words.get(i).map(String::as_str)
    }

    pub fn is_free(&self, i: usize) -> bool {
        i < self.words.len() && !self.used[i]
    }

    /// Marks `len` words from `start` used and returns them joined.
    pub fn take(&mut self, start: usize, len: usize) -> String {
        for used in &mut self.used[start..start + len] {
            *used = true;
        }
        self.words[start..start + len].join(" ")
    }

    /// Whether the free words at `start` spell `phrase` (space-separated, normalised).
    pub fn matches_at(&self, start: usize, phrase: &str) -> Option<usize> {
        let mut i = start;
        for part in phrase.split(' ') {
            if !self.is_free(i) || self.words[i] != part {
                return None;
            }
            i += 1;
        }
        Some(i - start)
    }

    /// The longest phrase of `table` the free words at `at` spell: (length, index).
    pub fn longest_at<E: Phrase>(&self, at: usize, table: &'static [E]) -> Option<(usize, usize)> {
        let word = self.get(at).filter(|_| self.is_free(at))?;
        let mut best: Option<(usize, usize)> = None;
        for &k in first_words(table).get(word)? {
            if let Some(len) = self.matches_at(at, table[k].phrase())
                && best.is_none_or(|(l, _)| len >= l)
            {
                best = Some((len, k));
            }
        }
        best
    }

    /// The first place where the free words spell one of `table`'s phrases, the longest
    /// phrase winning at each place: (start, length, index).
    pub fn find_any<E: Phrase>(&self, table: &'static [E]) -> Option<(usize, usize, usize)> {
        (0..self.words.len()).find_map(|start| {
            self.longest_at(start, table)
                .map(|(len, k)| (start, len, k))
        })
    }

    /// The free words, in order.
    pub fn free(&self) -> impl Iterator<Item = (usize, &str)> {
        self.words
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.used[*i])
            .map(|(i, w)| (i, w.as_str()))
    }
}

/// The form of a word used to compare names: plural endings dropped, so "restaurants",
/// "Restaurant" and "subscription(s)" meet. Crude on purpose: it is applied to both sides.
pub fn stem(word: &str) -> String {
    if word.len() > 4 && word.ends_with("ies") {
        return format!("{}y", &word[..word.len() - 3]);
    }
    // Four letters are too few to tell a plural: "news" is not "new"s.
    if word.len() > 4 && word.ends_with('s') && !word.ends_with("ss") {
        return word[..word.len() - 1].to_string();
    }
    word.to_string()
}
