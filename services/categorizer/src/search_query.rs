//! Reading a search query, offline and deterministically: its time phrases ("last year",
//! "in march", "past 3 months") become a date range, and the rest ("coffee shops") is what
//! gets compared with the user's merchants. English only; a phrase it does not know stays
//! in the text, where it costs some precision and nothing else.

use chrono::{Datelike, Days, Months, NaiveDate};

/// A query split into its subject and the days it asks about (both ends included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Understood {
    /// Lowercase; empty when the query was only a time phrase.
    pub text: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Words that may lead a time phrase and go with it ("flights in 2025").
const LEADS: &[&str] = &["in", "during", "from", "for", "over", "of", "on"];

const MONTHS: [&[&str]; 12] = [
    &["january", "jan"],
    &["february", "feb"],
    &["march", "mar"],
    &["april", "apr"],
    &["may"],
    &["june", "jun"],
    &["july", "jul"],
    &["august", "aug"],
    &["september", "sep", "sept"],
    &["october", "oct"],
    &["november", "nov"],
    &["december", "dec"],
];

const NUMBERS: [&str; 12] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve",
];

/// Splits `query` into its subject and date range; `today` is the user's, so "yesterday"
/// and "this month" mean what the user means. Several phrases narrow each other.
pub fn understand(query: &str, today: NaiveDate) -> Understood {
    let words: Vec<String> = query
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let mut kept = Vec::new();
    let (mut from, mut to): (Option<NaiveDate>, Option<NaiveDate>) = (None, None);
    let mut n = 0;
    while n < words.len() {
        let mut start = n;
        // A leading word and an article go with the phrase, never alone.
        if LEADS.contains(&words[start].as_str()) {
            start += 1;
        }
        if words.get(start).map(String::as_str) == Some("the") {
            start += 1;
        }
        match phrase(&words[start.min(words.len())..], today) {
            Some((len, (first, last))) => {
                from = from.max(Some(first));
                to = Some(to.map_or(last, |t| t.min(last)));
                n = start + len;
            }
            None => {
                kept.push(words[n].clone());
                n += 1;
            }
        }
    }
    Understood {
        text: kept.join(" "),
        from,
        to,
    }
}

type Range = (NaiveDate, NaiveDate);

/// The time phrase at the start of `words`: how many words it takes and its days.
fn phrase(words: &[String], today: NaiveDate) -> Option<(usize, Range)> {
    let w = |i: usize| words.get(i).map(String::as_str).unwrap_or("");
    match (w(0), w(1)) {
        ("today", _) => return Some((1, (today, today))),
        ("yesterday", _) => {
            let day = today.pred_opt()?;
            return Some((1, (day, day)));
        }
        ("ytd", _) => return Some((1, (year_start(today.year())?, today))),
        ("year", "to") if w(2) == "date" => return Some((3, (year_start(today.year())?, today))),
        ("this" | "current", unit) => return Some((2, calendar(unit, today)?)),
        ("last" | "past" | "previous", unit) => {
            if let Some(range) = calendar(unit, today).and_then(|r| previous(unit, r)) {
                return Some((2, range));
            }
            let count = count(unit)?;
            return Some((3, trailing(count, w(2), today)?));
        }
        _ => {}
    }
    if let Some(month) = month(w(0)) {
        if let Some(year) = year(w(1)) {
            return Some((2, month_range(year, month)?));
        }
        // "march last year", "march of this year".
        let of = usize::from(w(1) == "of");
        if w(2 + of) == "year" {
            let year = match w(1 + of) {
                "this" | "current" => Some(today.year()),
                "last" | "previous" => Some(today.year() - 1),
                _ => None,
            };
            if let Some(year) = year {
                return Some((3 + of, month_range(year, month)?));
            }
        }
        // The latest such month that has begun: in November, "march" is this year's.
        let year = if month <= today.month() {
            today.year()
        } else {
            today.year() - 1
        };
        return Some((1, month_range(year, month)?));
    }
    let year = year(w(0))?;
    Some((1, (year_start(year)?, year_start(year + 1)?.pred_opt()?)))
}

/// This week (from Monday), this month or this year, around `today`.
fn calendar(unit: &str, today: NaiveDate) -> Option<Range> {
    match unit {
        "week" => {
            let monday = today - Days::new(today.weekday().num_days_from_monday().into());
            Some((monday, monday + Days::new(6)))
        }
        "month" => month_range(today.year(), today.month()),
        "year" => Some((
            year_start(today.year())?,
            year_start(today.year() + 1)?.pred_opt()?,
        )),
        _ => None,
    }
}

/// The calendar week, month or year before `current`.
fn previous(unit: &str, (first, _): Range) -> Option<Range> {
    let last = first.pred_opt()?;
    calendar(unit, last)
}

/// "last 30 days", "past 3 months": that many units back, through today.
fn trailing(count: u32, unit: &str, today: NaiveDate) -> Option<Range> {
    let start = match unit.trim_end_matches('s') {
        "day" => today.checked_sub_days(Days::new(count.into()))?,
        "week" => today.checked_sub_days(Days::new(u64::from(count) * 7))?,
        "month" => today.checked_sub_months(Months::new(count))?,
        "year" => today.checked_sub_months(Months::new(count * 12))?,
        _ => return None,
    };
    Some((start.succ_opt()?, today))
}

fn count(word: &str) -> Option<u32> {
    let n = word.parse().ok().or_else(|| {
        NUMBERS
            .iter()
            .position(|w| *w == word)
            .map(|i| i as u32 + 1)
    })?;
    (1..=1200).contains(&n).then_some(n)
}

fn month(word: &str) -> Option<u32> {
    MONTHS
        .iter()
        .position(|names| names.contains(&word))
        .map(|i| i as u32 + 1)
}

fn year(word: &str) -> Option<i32> {
    let year: i32 = word.parse().ok().filter(|_| word.len() == 4)?;
    (1970..=2100).contains(&year).then_some(year)
}

fn year_start(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 1, 1)
}

fn month_range(year: i32, month: u32) -> Option<Range> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = first.checked_add_months(Months::new(1))?;
    Some((first, next.pred_opt()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Read on Monday 2026-11-23.
    fn read(query: &str) -> (String, Option<String>, Option<String>) {
        let u = understand(query, day("2026-11-23"));
        (
            u.text,
            u.from.map(|d| d.to_string()),
            u.to.map(|d| d.to_string()),
        )
    }

    fn range(text: &str, from: &str, to: &str) -> (String, Option<String>, Option<String>) {
        (text.into(), Some(from.into()), Some(to.into()))
    }

    #[test]
    fn calendar_phrases() {
        assert_eq!(
            read("flights last year"),
            range("flights", "2025-01-01", "2025-12-31")
        );
        assert_eq!(
            read("Coffee this year?"),
            range("coffee", "2026-01-01", "2026-12-31")
        );
        assert_eq!(
            read("last month groceries"),
            range("groceries", "2026-10-01", "2026-10-31")
        );
        assert_eq!(
            read("rent this month"),
            range("rent", "2026-11-01", "2026-11-30")
        );
        assert_eq!(
            read("uber last week"),
            range("uber", "2026-11-16", "2026-11-22")
        );
        assert_eq!(
            read("pizza yesterday"),
            range("pizza", "2026-11-22", "2026-11-22")
        );
        assert_eq!(read("today"), range("", "2026-11-23", "2026-11-23"));
    }

    #[test]
    fn years_and_months_with_their_leading_word() {
        assert_eq!(
            read("hotels in 2025"),
            range("hotels", "2025-01-01", "2025-12-31")
        );
        assert_eq!(
            read("gifts in december"),
            range("gifts", "2025-12-01", "2025-12-31")
        );
        assert_eq!(
            read("taxi in march"),
            range("taxi", "2026-03-01", "2026-03-31")
        );
        assert_eq!(
            read("pharmacy march 2024"),
            range("pharmacy", "2024-03-01", "2024-03-31")
        );
        assert_eq!(
            read("Feb 2026 dentist"),
            range("dentist", "2026-02-01", "2026-02-28")
        );
    }

    #[test]
    fn trailing_periods() {
        assert_eq!(
            read("restaurants in the last 30 days"),
            range("restaurants", "2026-10-25", "2026-11-23")
        );
        assert_eq!(
            read("past 3 months amazon"),
            range("amazon", "2026-08-24", "2026-11-23")
        );
        assert_eq!(
            read("the past two weeks"),
            range("", "2026-11-10", "2026-11-23")
        );
    }

    #[test]
    fn phrases_narrow_each_other_and_unknown_words_stay() {
        assert_eq!(
            read("taxi in march of last year"),
            range("taxi", "2025-03-01", "2025-03-31")
        );
        assert_eq!(
            read("2025 this month"),
            range("", "2026-11-01", "2025-12-31"),
            "no day is both"
        );
        assert_eq!(
            read("coffee for the team"),
            ("coffee for the team".into(), None, None)
        );
        assert_eq!(read("at&t bill"), ("at&t bill".into(), None, None));
        assert_eq!(read("7-eleven"), ("7-eleven".into(), None, None));
        assert_eq!(read("in"), ("in".into(), None, None));
    }
}
