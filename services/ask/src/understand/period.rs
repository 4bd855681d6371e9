//! Periods said in a question, resolved against the asker's local "today". Weeks are ISO
//! weeks (Monday first). A period that contains today ends today: the data after it does
//! not exist yet, and "this month" means "so far this month".

use super::intent::{Period, PeriodSaid, PeriodUnit};
use super::lexicon::{self, FixedPeriod};
use super::text::{self, Words};
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// The most units "the last N …" reads (a century of days); more is not a period.
const MAX_COUNT: u32 = 36_500;

/// A period found in the question, with where its words start (to tell "A than B" apart).
#[derive(Debug, Clone)]
pub struct Found {
    pub at: usize,
    /// How many words it took.
    pub len: usize,
    pub period: Period,
}

/// One step back from the previous question's period ("and the month before?").
#[derive(Debug, Clone)]
pub struct Before {
    pub text: String,
    pub unit: PeriodUnit,
    /// Where its words start ("than the month before": compared with, not stepped back to).
    pub at: usize,
}

/// Date arithmetic that saturates instead of panicking: a previous intent comes back from
/// storage, and a question can say "the last 4000000 days".
fn minus_days(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_sub_days(Days::new(days))
        .unwrap_or(NaiveDate::MIN)
}

fn plus_days(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

fn minus_months(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

pub fn first_of_month(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(if year < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

pub fn last_of_month(year: i32, month: u32) -> NaiveDate {
    let first = first_of_month(year, month);
    first
        .checked_add_months(Months::new(1))
        .map_or(NaiveDate::MAX, |next| minus_days(next, 1))
}

fn monday_of(day: NaiveDate) -> NaiveDate {
    minus_days(day, u64::from(day.weekday().num_days_from_monday()))
}

fn quarter_of(day: NaiveDate) -> u32 {
    (day.month() - 1) / 3 + 1
}

fn quarter_range(year: i32, quarter: u32) -> (NaiveDate, NaiveDate) {
    let first = first_of_month(year, (quarter - 1) * 3 + 1);
    (first, last_of_month(year, quarter * 3))
}

/// A period ending no later than today.
pub fn period(start: NaiveDate, end: NaiveDate, said: PeriodSaid, today: NaiveDate) -> Period {
    Period {
        start,
        end: end.min(today).max(start),
        said,
        assumed: false,
        text: String::new(),
    }
}

pub fn fixed(which: FixedPeriod, today: NaiveDate) -> Period {
    use FixedPeriod::*;
    let (y, m) = (today.year(), today.month());
    let (start, end, said) = match which {
        Today => (today, today, PeriodSaid::Today),
        Yesterday => {
            let d = minus_days(today, 1);
            (d, d, PeriodSaid::Yesterday)
        }
        ThisWeek => (monday_of(today), today, PeriodSaid::ThisWeek),
        LastWeek => {
            let monday = minus_days(monday_of(today), 7);
            (monday, plus_days(monday, 6), PeriodSaid::LastWeek)
        }
        ThisMonth => (first_of_month(y, m), today, PeriodSaid::ThisMonth),
        LastMonth => {
            let first = minus_months(first_of_month(y, m), 1);
            (
                first,
                last_of_month(first.year(), first.month()),
                PeriodSaid::LastMonth,
            )
        }
        ThisYear => (first_of_month(y, 1), today, PeriodSaid::ThisYear),
        LastYear => (
            first_of_month(y - 1, 1),
            last_of_month(y - 1, 12),
            PeriodSaid::LastYear,
        ),
        ThisQuarter => {
            let (start, _) = quarter_range(y, quarter_of(today));
            (start, today, PeriodSaid::ThisQuarter)
        }
        LastQuarter => {
            let (q, qy) = match quarter_of(today) {
                1 => (4, y - 1),
                q => (q - 1, y),
            };
            let (start, end) = quarter_range(qy, q);
            (start, end, PeriodSaid::LastQuarter)
        }
        ThisWeekend => {
            let saturday = plus_days(monday_of(today), 5);
            (saturday, plus_days(saturday, 1), PeriodSaid::Range)
        }
        DayBeforeYesterday => {
            let d = minus_days(today, 2);
            (d, d, PeriodSaid::Range)
        }
        ThisTimeLastYear => {
            let m = today.month();
            return month(m, Some(y - 1), today);
        }
        Weekend if today.weekday().number_from_monday() >= 6 => {
            let saturday = plus_days(monday_of(today), 5);
            (saturday, plus_days(saturday, 1), PeriodSaid::Range)
        }
        Weekend | LastWeekend => {
            let saturday = minus_days(monday_of(today), 2);
            (saturday, plus_days(saturday, 1), PeriodSaid::Range)
        }
    };
    period(start, end, said, today)
}

/// A named month: with its year, or the most recent one not after today.
pub fn month(month: u32, year: Option<i32>, today: NaiveDate) -> Period {
    let year = year.unwrap_or(if month <= today.month() {
        today.year()
    } else {
        today.year() - 1
    });
    period(
        first_of_month(year, month),
        last_of_month(year, month),
        PeriodSaid::Month { month, year },
        today,
    )
}

/// A quarter: with its year, or the most recent one that has begun.
pub fn quarter(quarter: u32, year: Option<i32>, today: NaiveDate) -> Period {
    let year = year.unwrap_or(if quarter <= quarter_of(today) {
        today.year()
    } else {
        today.year() - 1
    });
    let (start, end) = quarter_range(year, quarter);
    period(start, end, PeriodSaid::Quarter { quarter, year }, today)
}

pub fn year(year: i32, today: NaiveDate) -> Period {
    period(
        first_of_month(year, 1),
        last_of_month(year, 12),
        PeriodSaid::Year { year },
        today,
    )
}

/// "on Monday": the most recent Monday not after today; with `strictly_before` ("last
/// Friday"), the most recent one before today.
pub fn weekday(weekday: Weekday, strictly_before: bool, today: NaiveDate) -> Period {
    let mut back =
        (7 + today.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    if back == 0 && strictly_before {
        back = 7;
    }
    let day = minus_days(today, u64::from(back));
    period(day, day, PeriodSaid::Weekday { weekday }, today)
}

/// "the last 3 months": rolling, today included.
pub fn last(count: u32, unit: PeriodUnit, today: NaiveDate) -> Period {
    let count = count.max(1);
    let start = match unit {
        PeriodUnit::Day => minus_days(today, u64::from(count) - 1),
        PeriodUnit::Week => minus_days(today, u64::from(count) * 7 - 1),
        PeriodUnit::Month => plus_days(minus_months(today, count), 1),
        PeriodUnit::Year => plus_days(minus_months(today, count.saturating_mul(12)), 1),
    };
    period(start, today, PeriodSaid::Last { count, unit }, today)
}

/// The default for averages and trends: the 12 whole months before this one.
pub fn last_whole_months(count: u32, today: NaiveDate) -> Period {
    let this_month = first_of_month(today.year(), today.month());
    let start = minus_months(this_month, count);
    let end = minus_days(this_month, 1);
    period(start, end, PeriodSaid::Range, today)
}

/// The period one `unit` before `previous` ("and the month before?").
pub fn before(previous: &Period, unit: PeriodUnit, today: NaiveDate) -> Period {
    let of = Box::new(previous.said.clone());
    match unit {
        PeriodUnit::Day => {
            let day = minus_days(previous.start, 1);
            period(day, day, PeriodSaid::Before { of }, today)
        }
        PeriodUnit::Week => {
            let monday = minus_days(monday_of(previous.start), 7);
            period(
                monday,
                plus_days(monday, 6),
                PeriodSaid::Before { of },
                today,
            )
        }
        PeriodUnit::Month => {
            let first = minus_months(
                first_of_month(previous.start.year(), previous.start.month()),
                1,
            );
            month(first.month(), Some(first.year()), today)
        }
        PeriodUnit::Year => year(previous.start.year() - 1, today),
    }
}

/// The same period a year earlier (for "compared with the same period last year").
pub fn year_earlier(p: &Period, today: NaiveDate) -> Period {
    let start = minus_months(p.start, 12);
    let end = minus_months(p.end, 12);
    period(start, end, PeriodSaid::Range, today)
}

/// The period of the same length just before `p`: the previous calendar unit when `p` is
/// one, otherwise the same number of days before it.
pub fn previous_of(p: &Period, today: NaiveDate) -> Period {
    match &p.said {
        PeriodSaid::ThisMonth | PeriodSaid::LastMonth | PeriodSaid::Month { .. } => {
            before(p, PeriodUnit::Month, today)
        }
        PeriodSaid::ThisYear | PeriodSaid::LastYear | PeriodSaid::Year { .. } => {
            before(p, PeriodUnit::Year, today)
        }
        PeriodSaid::ThisWeek | PeriodSaid::LastWeek => before(p, PeriodUnit::Week, today),
        PeriodSaid::ThisQuarter | PeriodSaid::LastQuarter | PeriodSaid::Quarter { .. } => {
            let q = quarter_of(p.start);
            let (q, y) = if q == 1 {
                (4, p.start.year() - 1)
            } else {
                (q - 1, p.start.year())
            };
            quarter(q, Some(y), today)
        }
        _ => {
            let days = (p.end - p.start).num_days() as u64 + 1;
            let end = minus_days(p.start, 1);
            period(minus_days(end, days - 1), end, PeriodSaid::Range, today)
        }
    }
}

fn find_year(words: &Words, at: usize) -> Option<i32> {
    let w = words.get(at)?;
    if !words.is_free(at) || w.len() != 4 {
        return None;
    }
    let y: i32 = w.parse().ok()?;
    (1990..=2100).contains(&y).then_some(y)
}

fn lookup<T: Copy>(table: &[(&str, super::intent::Language, T)], word: &str) -> Option<T> {
    table
        .iter()
        .find(|(w, _, _)| *w == word)
        .map(|(_, _, t)| *t)
}

/// Takes every period the question says (at most a few), in order of appearance, and any
/// "the month before". Words used are marked.
pub fn find(words: &mut Words, today: NaiveDate) -> (Vec<Found>, Option<Before>) {
    let mut found = Vec::new();
    let mut before_found = None;
    let mut i = 0;
    while i < words.len() {
        if !words.is_free(i) {
            i += 1;
            continue;
        }
        if let Some((len, unit)) = longest(words, i, lexicon::BEFORE) {
            let text = words.take(i, len);
            before_found = Some(Before { text, unit, at: i });
            i += len;
            continue;
        }
        if let Some((len, p)) = one_at(words, i, today) {
            let mut p = p;
            p.text = words.take(i, len);
            found.push(Found {
                at: i,
                len,
                period: p,
            });
            i += len;
            continue;
        }
        i += 1;
    }
    (join_ranges(words, found, today), before_found)
}

/// "from March to May", "von März bis Mai", "da marzo a maggio": two periods joined by
/// "to" are one range, from the start of the first to the end of the second.
fn join_ranges(words: &mut Words, found: Vec<Found>, today: NaiveDate) -> Vec<Found> {
    // "Compare October and November" asks for two figures, not their sum.
    let comparing = words.words.iter().any(|w| {
        matches!(
            w.as_str(),
            "compare"
                | "vergleiche"
                | "comparer"
                | "compara"
                | "confronta"
                | "difference"
                | "unterschied"
                | "differenz"
                | "diferencia"
                | "differenza"
        )
    });
    let mut joined: Vec<Found> = Vec::new();
    for f in found {
        if let Some(last) = joined.last_mut() {
            let gap = last.at + last.len..f.at;
            let joiner = words.get(gap.start).unwrap_or_default();
            let is_and = matches!(joiner, "and" | "und" | "et" | "y" | "e");
            // "Between this year and last year" compared: the joining words are the
            // comparison's, not a range's.
            if comparing && is_and && gap.len() == 1 && words.is_free(gap.start) {
                words.take(gap.start, 1);
                if let Some(o) = last.at.checked_sub(1).filter(|&o| {
                    words.is_free(o) && words.longest_at(o, lexicon::BETWEEN).is_some()
                }) {
                    words.take(o, 1);
                }
            }
            if gap.len() == 1
                && !(comparing && is_and)
                && words.is_free(gap.start)
                && words.longest_at(gap.start, lexicon::RANGE_TO).is_some()
            {
                let opener = last.at.checked_sub(1).filter(|&o| {
                    words.is_free(o) && words.longest_at(o, lexicon::RANGE_FROM).is_some()
                });
                // "between October and December 2025": the year said last holds for both.
                let mut start = last.period.start;
                while start > f.period.end {
                    start = minus_months(start, 12);
                }
                let text = format!(
                    "{} {} {}",
                    last.period.text,
                    words.take(gap.start, 1),
                    f.period.text
                );
                if let Some(o) = opener {
                    words.take(o, 1);
                }
                last.period = period(start, f.period.end, PeriodSaid::Range, today);
                last.period.text = text;
                last.len = f.at + f.len - last.at;
                continue;
            }
        }
        joined.push(f);
    }
    joined
}

fn longest<T: Copy>(
    words: &Words,
    at: usize,
    table: &'static [(&'static str, super::intent::Language, T)],
) -> Option<(usize, T)> {
    words
        .longest_at(at, table)
        .map(|(len, k)| (len, table[k].2))
}

fn longest_phrase(words: &Words, at: usize, table: &'static lexicon::Phrases) -> Option<usize> {
    words.longest_at(at, table).map(|(len, _)| len)
}

/// The period whose words start at `at`, with how many words it takes.
fn one_at(words: &Words, at: usize, today: NaiveDate) -> Option<(usize, Period)> {
    let word = words.get(at)?;
    if let Some(found) = days_at(words, at, today) {
        return Some(found);
    }
    // "since June", "seit März 2025", "since last month".
    if let Some(len) = longest_phrase(words, at, lexicon::SINCE)
        && let Some((more, from)) = simple_at(words, at + len, today)
    {
        let p = period(
            from.start,
            today,
            PeriodSaid::Since {
                from: Box::new(from.said),
            },
            today,
        );
        return Some((len + more, p));
    }
    // "the last 3 months", "letzten 2 Wochen", "los ultimos 6 meses", "les 3 derniers mois".
    if let Some(len) = longest_phrase(words, at, lexicon::LAST) {
        let n_at = at + len;
        if let Some(n) = words
            .get(n_at)
            .filter(|_| words.is_free(n_at))
            .and_then(text::count)
            .filter(|n| (1..=MAX_COUNT).contains(n))
        {
            if let Some(unit) = words.get(n_at + 1).and_then(|u| lookup(lexicon::UNITS, u)) {
                return Some((len + 2, last(n, unit, today)));
            }
            // French puts "derniers" after the count: "les 3 derniers mois".
            let after = words.get(n_at + 1).unwrap_or_default();
            if matches!(after, "derniers" | "dernieres")
                && let Some(unit) = words.get(n_at + 2).and_then(|u| lookup(lexicon::UNITS, u))
            {
                return Some((len + 3, last(n, unit, today)));
            }
        }
        // "the past month", "over the past week": one unit back from today.
        let said_past = words.words[at..n_at].iter().any(|w| w == "past");
        if said_past && let Some(unit) = words.get(n_at).and_then(|u| lookup(lexicon::UNITS, u)) {
            return Some((len + 1, last(1, unit, today)));
        }
        // "last Friday", "letzten Freitag".
        if let Some(day) = words.get(n_at).and_then(|w| lookup(lexicon::WEEKDAYS, w)) {
            return Some((len + 1, weekday(day, true, today)));
        }
    }
    // "3 months", "drei Monate" after a bare preposition is rare; "past 30 days" handled above.
    // Quarters: "q3", "q3 2025", "third quarter", "3. quartal", "el tercer trimestre".
    if let Some(q) = word.strip_prefix('q').and_then(|n| n.parse::<u32>().ok())
        && (1..=4).contains(&q)
    {
        if let Some((len, year)) = relative_year_at(words, at + 1, today) {
            return Some((1 + len, quarter(q, Some(year), today)));
        }
        let year = find_year(words, at + 1);
        return Some((1 + usize::from(year.is_some()), quarter(q, year, today)));
    }
    if let Some(q) = lookup(lexicon::ORDINALS, word)
        .or_else(|| word.parse::<u32>().ok().filter(|n| (1..=4).contains(n)))
        && let Some(len) = longest_phrase(words, at + 1, lexicon::QUARTER_WORDS)
    {
        if let Some((more, year)) = relative_year_at(words, at + 1 + len, today) {
            return Some((1 + len + more, quarter(q, Some(year), today)));
        }
        let year = find_year(words, at + 1 + len);
        return Some((
            1 + len + usize::from(year.is_some()),
            quarter(q, year, today),
        ));
    }
    if let Some(len) = longest_phrase(words, at, lexicon::QUARTER_WORDS) {
        // "trimestre 3", "quartal 2".
        if let Some(q) = words
            .get(at + len)
            .and_then(|w| w.parse::<u32>().ok())
            .filter(|n| (1..=4).contains(n))
        {
            let year = find_year(words, at + len + 1);
            return Some((
                len + 1 + usize::from(year.is_some()),
                quarter(q, year, today),
            ));
        }
        // "trimestre dernier" comes through FIXED_PERIODS; "troisieme trimestre" above.
    }
    if let Some((len, p)) = simple_at(words, at, today) {
        // "vendredi dernier", "el viernes pasado", "venerdi scorso".
        if let PeriodSaid::Weekday { weekday: day } = p.said
            && let Some(more) = longest_phrase(words, at + len, lexicon::LAST_AFTER)
        {
            return Some((len + more, weekday(day, true, today)));
        }
        return Some((len, p));
    }
    None
}

/// A day of the month as written: "3", "3rd", "1st", "1er", "15th".
fn day_number(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(
        suffix,
        "" | "st" | "nd" | "rd" | "th" | "er" | "eme" | "o" | "a"
    ) {
        return None;
    }
    digits.parse::<u32>().ok().filter(|d| (1..=31).contains(d))
}

/// A month name at `at`, after an optional "of"/"de"/"di", with an optional year:
/// (words taken, month, year).
pub fn month_after(words: &Words, at: usize) -> Option<(usize, u32, Option<i32>)> {
    let joiner = matches!(words.get(at), Some("of" | "de" | "di" | "del"));
    let month_at = at + usize::from(joiner);
    let month = words
        .get(month_at)
        .filter(|_| words.is_free(month_at))
        .and_then(|w| lookup(lexicon::MONTHS, w))?;
    let year = find_year(words, month_at + 1);
    Some((month_at + 1 + usize::from(year.is_some()) - at, month, year))
}

/// A day: with its year, or the most recent such day not after today.
fn day_of(month: u32, day: u32, year: Option<i32>, today: NaiveDate) -> Option<NaiveDate> {
    let year = year.unwrap_or(if (month, day) <= (today.month(), today.day()) {
        today.year()
    } else {
        today.year() - 1
    });
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Days of a month: "3 November", "the 3rd of November", "November 3", "el 3 de
/// noviembre", and ranges "from 1 to 15 November", "between 1 and 15 November".
fn days_at(words: &Words, at: usize, today: NaiveDate) -> Option<(usize, Period)> {
    let opener = longest_phrase(words, at, lexicon::RANGE_FROM).unwrap_or(0);
    let first = at + opener;
    let word = words.get(first).filter(|_| words.is_free(first))?;
    if let Some(d1) = day_number(word) {
        if words.longest_at(first + 1, lexicon::RANGE_TO).is_some()
            && let Some(d2) = words.get(first + 2).and_then(day_number)
            && let Some((len, month, year)) = month_after(words, first + 3)
            && let (Some(start), Some(end)) = (
                day_of(month, d1, year, today),
                day_of(month, d2, year, today),
            )
            && start <= end
        {
            return Some((
                opener + 3 + len,
                period(start, end, PeriodSaid::Range, today),
            ));
        }
        if opener == 0
            && let Some((len, month, year)) = month_after(words, first + 1)
            && let Some(day) = day_of(month, d1, year, today)
        {
            return Some((1 + len, period(day, day, PeriodSaid::Range, today)));
        }
        return None;
    }
    // "November 3", "November 3rd 2025".
    let month = lookup(lexicon::MONTHS, word).filter(|_| opener == 0)?;
    let day = words
        .get(first + 1)
        .filter(|_| words.is_free(first + 1))
        .and_then(day_number)?;
    let year = find_year(words, first + 2);
    let date = day_of(month, day, year, today)?;
    Some((
        2 + usize::from(year.is_some()),
        period(date, date, PeriodSaid::Range, today),
    ))
}

/// "last year", "this year" qualifying a month or quarter, after an optional "of"/"des"/
/// "del": (words taken, the year).
fn relative_year_at(words: &Words, at: usize, today: NaiveDate) -> Option<(usize, i32)> {
    let joiner = matches!(
        words.get(at),
        Some("of" | "des" | "del" | "dell" | "de" | "di")
    );
    let start = at + usize::from(joiner);
    let (len, which) = longest(words, start, lexicon::FIXED_PERIODS)?;
    let year = match which {
        FixedPeriod::LastYear => today.year() - 1,
        FixedPeriod::ThisYear => today.year(),
        _ => return None,
    };
    Some((usize::from(joiner) + len, year))
}

/// Fixed periods, month names (with a year), weekdays and years.
fn simple_at(words: &Words, at: usize, today: NaiveDate) -> Option<(usize, Period)> {
    if let Some((len, which)) = longest(words, at, lexicon::FIXED_PERIODS) {
        return Some((len, fixed(which, today)));
    }
    let word = words.get(at).filter(|_| words.is_free(at))?;
    if let Some(m) = lookup(lexicon::MONTHS, word) {
        // "may" is also a verb: a month only with a year or a preposition before it.
        if word == "may" && find_year(words, at + 1).is_none() {
            let prev = at.checked_sub(1).and_then(|p| words.get(p));
            if !matches!(
                prev,
                Some(
                    "in" | "since" | "of" | "during" | "to" | "until" | "and" | "from" | "through"
                )
            ) {
                return None;
            }
        }
        // "March 2025", "marzo de 2025", "marzo del 2025", "March of 2025".
        let joiner = matches!(words.get(at + 1), Some("de" | "del" | "di" | "of"));
        let year_at = at + 1 + usize::from(joiner);
        if let Some(year) = find_year(words, year_at) {
            return Some((year_at - at + 1, month(m, Some(year), today)));
        }
        // "October last year", "im Oktober letzten Jahres", "octubre del año pasado".
        if let Some((len, year)) = relative_year_at(words, at + 1, today) {
            return Some((1 + len, month(m, Some(year), today)));
        }
        return Some((1, month(m, None, today)));
    }
    if let Some(day) = lookup(lexicon::WEEKDAYS, word) {
        return Some((1, weekday(day, false, today)));
    }
    if let Some(y) = find_year(words, at) {
        return Some((1, year(y, today)));
    }
    // "the year 2025", "im Jahr 2025", "l'année 2025", "el año 2025", "l'anno 2025".
    if lookup(lexicon::UNITS, word) == Some(PeriodUnit::Year)
        && let Some(y) = find_year(words, at + 1)
    {
        return Some((2, year(y, today)));
    }
    None
}
