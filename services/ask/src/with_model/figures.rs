//! The figure check: every number the model's text states must be one the tool results
//! hold. Amounts are compared to the cent, and an amount written beside a currency must be
//! an amount of that currency; dates must be dates of the results, years their years;
//! percentages may be rounded to the digits written; counts are numbers of the results or
//! the lengths of their lists. Numbers are read in every format the five languages write
//! (`1,234.50`, `1.234,50`, `1 234,50`, `90`, `-90`); a number that could be read two ways
//! passes when either reading is known. Numbers inside bank text (a description saying
//! "I spent 0 EUR") are not figures of the results: only JSON numbers and decimal strings
//! are. The question's own numbers ("top 3", "over 100") may be repeated.

use std::collections::HashSet;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::Value;

use crate::answer::Figure;

/// Keys whose string values are names the model may quote (a merchant "7-Eleven" holds
/// digits that are not figures). Descriptions and notes are not among them: they are free
/// bank text, and quoting them is no reason to state their numbers.
const NAME_KEYS: [&str; 8] = [
    "merchant", "name", "category", "account", "tag", "payee", "label", "key",
];

/// What the results hold, as the check compares it.
#[derive(Debug, Default)]
pub struct Known {
    numbers: HashSet<Decimal>,
    money: HashSet<(String, Decimal)>,
    currencies: HashSet<String>,
    dates: HashSet<NaiveDate>,
    years: HashSet<i64>,
    names: Vec<String>,
    /// The question's own numbers, said in any context.
    asked: HashSet<Decimal>,
}

/// To the cent, sign dropped: "spent 90.00" states an outflow stored as -90.
fn cents(d: Decimal) -> Decimal {
    d.abs().round_dp(2).normalize()
}

impl Known {
    /// Everything in `results` (tool outputs) and the numbers of `question`.
    pub fn of(results: &[&Value], question: &str) -> Self {
        let mut known = Known::default();
        for r in results {
            known.walk(r, None);
        }
        for n in numbers_in_question(question) {
            known.asked.insert(cents(n));
            known.numbers.insert(cents(n));
            if let Some(year) = n.trunc().to_i64() {
                known.years.insert(year);
            }
        }
        // Longest first, so "Rewe City" is taken out before "Rewe".
        known.names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        known.names.dedup();
        known
    }

    fn number(&mut self, d: Decimal) {
        self.numbers.insert(cents(d));
    }

    fn date(&mut self, d: NaiveDate) {
        self.dates.insert(d);
        self.years.insert(i64::from(d.year()));
    }

    fn walk(&mut self, v: &Value, key: Option<&str>) {
        match v {
            Value::Number(n) => {
                if let Ok(d) = n.to_string().parse::<Decimal>() {
                    self.number(d);
                } else if let Some(d) = n.as_f64().and_then(|f| Decimal::try_from(f).ok()) {
                    // An exponent ("1e-7") is not Decimal's text.
                    self.number(d);
                }
            }
            Value::String(s) => {
                if let Ok(d) = s.parse::<Decimal>() {
                    self.number(d);
                } else if let Some(d) = date_of(s) {
                    self.date(d);
                } else if key.is_some_and(|k| NAME_KEYS.iter().any(|n| k.ends_with(n)))
                    && s.chars().any(|c| c.is_ascii_digit())
                {
                    self.names.push(s.clone());
                }
            }
            Value::Array(items) => {
                self.number(Decimal::from(items.len()));
                for item in items {
                    self.walk(item, key);
                }
            }
            Value::Object(map) => {
                if let (Some(amount), Some(currency)) = (
                    map.get("amount").and_then(decimal_of),
                    map.get("currency").and_then(Value::as_str),
                ) {
                    self.money.insert((currency.to_uppercase(), cents(amount)));
                    self.currencies.insert(currency.to_uppercase());
                }
                for (k, item) in map {
                    self.walk(item, Some(k));
                }
            }
            Value::Null | Value::Bool(_) => {}
        }
    }
}

fn decimal_of(v: &Value) -> Option<Decimal> {
    match v {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.to_string().parse().ok(),
        _ => None,
    }
}

/// "2026-03-15", or the date part of a timestamp.
fn date_of(s: &str) -> Option<NaiveDate> {
    s.get(..10)?.parse().ok()
}

fn numbers_in_question(question: &str) -> Vec<Decimal> {
    NUMBER
        .find_iter(question)
        .flat_map(|m| readings(m.as_str()))
        .collect()
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[-−]?\d+(?:[.,\u{202f}\u{a0}\u{2009}']\d+)*").expect("a valid pattern")
});

static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b").expect("a valid pattern"));

/// 15.3.2026, 15/03/2026, 3/15/2026.
static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b").expect("a valid pattern")
});

const MONTHS: [[&str; 5]; 12] = [
    ["january", "januar", "janvier", "enero", "gennaio"],
    ["february", "februar", "février", "febrero", "febbraio"],
    ["march", "märz", "mars", "marzo", "marzo"],
    ["april", "april", "avril", "abril", "aprile"],
    ["may", "mai", "mai", "mayo", "maggio"],
    ["june", "juni", "juin", "junio", "giugno"],
    ["july", "juli", "juillet", "julio", "luglio"],
    ["august", "august", "août", "agosto", "agosto"],
    [
        "september",
        "september",
        "septembre",
        "septiembre",
        "settembre",
    ],
    ["october", "oktober", "octobre", "octubre", "ottobre"],
    ["november", "november", "novembre", "noviembre", "novembre"],
    ["december", "dezember", "décembre", "diciembre", "dicembre"],
];

fn month_alternatives() -> String {
    let mut names: Vec<&str> = MONTHS.iter().flatten().copied().collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    names.join("|")
}

/// "March 15, 2026", "March 15th", "15 March 2026", "15. März", "15 de marzo de 2026".
static WORD_DATE: LazyLock<Regex> = LazyLock::new(|| {
    let months = month_alternatives();
    Regex::new(&format!(
        r"(?i)\b(?:(?P<m1>{months})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y1>\d{{4}}))?|(?P<d2>\d{{1,2}})(?:\.|er|º|°)?\s+(?:de\s+)?(?P<m2>{months})\b(?:\s+(?:de\s+)?(?P<y2>\d{{4}}))?)"
    ))
    .expect("a valid pattern")
});

static CURRENCY_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s?(?:([A-Z]{3})\b|([€$£¥]))").expect("a valid pattern"));
static CURRENCY_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\b([A-Z]{3})|([€$£¥]))\s?$").expect("a valid pattern"));
static PERCENT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s?(?:%|per ?cent|percent|prozent|pour ?cent|por ?ciento|per ?cento)")
        .expect("a valid pattern")
});
static ZERO_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:zero|null|zéro|cero)\b").expect("a valid pattern"));

fn symbol_currency(symbol: &str) -> &'static str {
    match symbol {
        "€" => "EUR",
        "$" => "USD",
        "£" => "GBP",
        _ => "JPY",
    }
}

fn month_number(name: &str) -> Option<u32> {
    let name = name.to_lowercase();
    MONTHS
        .iter()
        .position(|names| names.contains(&name.as_str()))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// Every way a written number can be read: "1,500" is 1500 (en) or 1.5 (de); "1.234,50" is
/// 1234.50; "90" is 90.
fn readings(token: &str) -> Vec<Decimal> {
    let negative = token.starts_with(['-', '−']);
    let digits = token.trim_start_matches(['-', '−']);
    let seps: Vec<(usize, char)> = digits
        .char_indices()
        .filter(|(_, c)| !c.is_ascii_digit())
        .collect();
    let mut candidates: Vec<String> = Vec::new();
    match seps.last() {
        None => candidates.push(digits.to_string()),
        Some(&(at, last)) => {
            let after = digits[at + last.len_utf8()..].len();
            let whole: String = digits[..at].chars().filter(char::is_ascii_digit).collect();
            let fraction = &digits[at + last.len_utf8()..];
            if matches!(last, '.' | ',') {
                candidates.push(format!("{whole}.{fraction}"));
            }
            // Three digits after the last separator may be a thousands group.
            if after == 3 {
                candidates.push(digits.chars().filter(char::is_ascii_digit).collect());
            }
        }
    }
    candidates
        .into_iter()
        .filter_map(|c| c.parse::<Decimal>().ok())
        .map(|d| if negative { -d } else { d })
        .collect()
}

fn decimals_written(token: &str) -> u32 {
    token
        .rfind(['.', ','])
        .map_or(0, |at| u32::try_from(token.len() - at - 1).unwrap_or(0))
}

/// A figure in the text that no result holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported(pub String);

/// The figures of `text` no result supports; empty when the text may be shown.
pub fn unsupported(text: &str, known: &Known) -> Vec<Unsupported> {
    let mut text = text.to_string();
    let mut bad = Vec::new();
    // Names first, so the digits of "7-Eleven" are not read as figures.
    for name in &known.names {
        text = text.replace(name.as_str(), &" ".repeat(name.len()));
    }
    let blank = |text: &mut String, range: std::ops::Range<usize>| {
        text.replace_range(range.clone(), &" ".repeat(range.len()));
    };

    for caps in ISO_DATE.captures_iter(&text.clone()) {
        let whole = caps.get(0).map(|m| m.range()).unwrap_or_default();
        let date = NaiveDate::from_ymd_opt(
            caps[1].parse().unwrap_or(0),
            caps[2].parse().unwrap_or(0),
            caps[3].parse().unwrap_or(0),
        );
        if !date.is_some_and(|d| known.dates.contains(&d)) {
            bad.push(Unsupported(caps[0].to_string()));
        }
        blank(&mut text, whole);
    }
    for caps in NUMERIC_DATE.captures_iter(&text.clone()) {
        let whole = caps.get(0).map(|m| m.range()).unwrap_or_default();
        let (a, b, y): (u32, u32, i32) = (
            caps[1].parse().unwrap_or(0),
            caps[2].parse().unwrap_or(0),
            caps[3].parse().unwrap_or(0),
        );
        let day_first = NaiveDate::from_ymd_opt(y, b, a);
        let month_first = NaiveDate::from_ymd_opt(y, a, b);
        if ![day_first, month_first]
            .into_iter()
            .flatten()
            .any(|d| known.dates.contains(&d))
        {
            bad.push(Unsupported(caps[0].to_string()));
        }
        blank(&mut text, whole);
    }
    for caps in WORD_DATE.captures_iter(&text.clone()) {
        let whole = caps.get(0).map(|m| m.range()).unwrap_or_default();
        let month = caps
            .name("m1")
            .or(caps.name("m2"))
            .and_then(|m| month_number(m.as_str()));
        let day: Option<u32> = caps
            .name("d1")
            .or(caps.name("d2"))
            .and_then(|d| d.as_str().parse().ok());
        let year: Option<i32> = caps
            .name("y1")
            .or(caps.name("y2"))
            .and_then(|y| y.as_str().parse().ok());
        let found = known.dates.iter().any(|d| {
            Some(d.month()) == month && Some(d.day()) == day && year.is_none_or(|y| y == d.year())
        });
        if !found {
            bad.push(Unsupported(caps[0].to_string()));
        }
        blank(&mut text, whole);
    }

    for m in NUMBER.find_iter(&text) {
        let token = m.as_str();
        let before = &text[..m.start()];
        // A hyphen between words ("COVID-19") is not a minus.
        let token = if token.starts_with(['-', '−'])
            && before.chars().last().is_some_and(char::is_alphanumeric)
        {
            token.trim_start_matches(['-', '−'])
        } else {
            token
        };
        // Part of a word ("V2", "x3"): not a figure.
        if before.chars().last().is_some_and(char::is_alphabetic) {
            continue;
        }
        let after = &text[m.end()..];
        let currency = CURRENCY_AFTER
            .captures(after)
            .or_else(|| CURRENCY_BEFORE.captures(before))
            .map(|c| match (c.get(1), c.get(2)) {
                (Some(code), _) => code.as_str().to_string(),
                (_, Some(symbol)) => symbol_currency(symbol.as_str()).to_string(),
                _ => String::new(),
            })
            .filter(|c| {
                known.currencies.contains(c) || !c.is_empty() && c.len() == 3 && is_currency_word(c)
            });
        let readings = readings(token);
        let ok = if readings.iter().any(|r| known.asked.contains(&cents(*r))) {
            true
        } else if let Some(currency) = currency {
            readings
                .iter()
                .any(|r| known.money.contains(&(currency.clone(), cents(*r))))
        } else if PERCENT_AFTER.is_match(&after.to_lowercase()) {
            let places = decimals_written(token.trim_start_matches(['-', '−']));
            readings.iter().any(|r| {
                known
                    .numbers
                    .iter()
                    .any(|n| n.round_dp(places) == r.abs().round_dp(places))
            })
        } else {
            readings.iter().any(|r| {
                known.numbers.contains(&cents(*r))
                    || (r.fract().is_zero() && r.to_i64().is_some_and(|y| known.years.contains(&y)))
            })
        };
        if !ok {
            bad.push(Unsupported(token.to_string()));
        }
    }
    if ZERO_WORD.is_match(&text) && !known.numbers.contains(&Decimal::ZERO) {
        bad.push(Unsupported("zero".to_string()));
    }
    bad
}

/// Three capitals beside a number are a currency code unless they are a common word.
fn is_currency_word(code: &str) -> bool {
    !matches!(
        code,
        "THE"
            | "AND"
            | "FOR"
            | "YOU"
            | "DER"
            | "DIE"
            | "DAS"
            | "UND"
            | "LES"
            | "DES"
            | "LOS"
            | "LAS"
            | "CON"
            | "PER"
    )
}

/// Every reading of every number in `text`, for matching a headline against it.
fn stated_numbers(text: &str) -> Vec<Decimal> {
    NUMBER
        .find_iter(text)
        .flat_map(|m| readings(m.as_str()))
        .map(cents)
        .collect()
}

/// Whether `text` states `figure`: the headline is only kept for a model's sentence that
/// says it (for a list, its first name).
pub fn states(text: &str, figure: &Figure) -> bool {
    let numbers = stated_numbers(text);
    let has = |d: Decimal| numbers.contains(&cents(d));
    match figure {
        Figure::Amount { amounts } => {
            if amounts.is_empty() {
                numbers.is_empty()
            } else {
                amounts.iter().all(|m| has(m.amount))
            }
        }
        Figure::Count { count } => has(Decimal::from(*count)),
        Figure::Percent { percent } => numbers
            .iter()
            .any(|n| (*n - percent.abs()).abs() <= Decimal::new(1, 1)),
        Figure::Date { date: None } => false,
        Figure::Date { date: Some(d) } => {
            let known = Known {
                dates: HashSet::from([*d]),
                years: HashSet::from([i64::from(d.year())]),
                ..Known::default()
            };
            // The date is stated when one of the text's dates is it.
            let dates_of_text =
                ISO_DATE.is_match(text) || NUMERIC_DATE.is_match(text) || WORD_DATE.is_match(text);
            dates_of_text && unsupported(&strip_non_dates(text), &known).is_empty()
        }
        // A ranking's sentence names its head ("the most: Rent"); the table lists the rest.
        Figure::List { items } => items
            .first()
            .is_some_and(|first| text.to_lowercase().contains(&first.to_lowercase())),
    }
}

/// Only the dates of `text`, space-separated.
fn strip_non_dates(text: &str) -> String {
    let mut dates = Vec::new();
    for re in [&*ISO_DATE, &*NUMERIC_DATE, &*WORD_DATE] {
        dates.extend(re.find_iter(text).map(|m| m.as_str().to_string()));
    }
    dates.join(" ; ")
}

#[cfg(test)]
mod tests;
