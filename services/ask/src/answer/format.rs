//! Money, numbers, dates and periods written the way each language writes them.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde_json::Value;

use crate::tools::RoundHalfUp;
use crate::understand::{Language, Period, PeriodSaid, PeriodUnit};

/// Picks the phrase of `lang` among the five.
pub fn pick<'a>(
    lang: Language,
    en: &'a str,
    de: &'a str,
    fr: &'a str,
    es: &'a str,
    it: &'a str,
) -> &'a str {
    match lang {
        Language::En => en,
        Language::De => de,
        Language::Fr => fr,
        Language::Es => es,
        Language::It => it,
    }
}

/// `1234.5` as `1,234.50` (en), `1.234,50` (de, es, it), `1 234,50` (fr).
pub fn number(lang: Language, value: Decimal, decimals: u32) -> String {
    let rounded = value.round_half_up(decimals);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let text = format!("{:.*}", decimals as usize, rounded.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let (group, point) = match lang {
        Language::En => (',', '.'),
        Language::Fr => ('\u{202f}', ','),
        Language::De | Language::Es | Language::It => ('.', ','),
    };
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&grouped);
    if !fraction.is_empty() {
        out.push(point);
        out.push_str(fraction);
    }
    out
}

/// An amount with its currency: "1,234.50 EUR" / "1.234,50 EUR".
pub fn money(lang: Language, amount: Decimal, currency: &str) -> String {
    format!("{} {currency}", number(lang, amount, 2))
}

/// A tool's `{amount, currency}` object, written; empty when it is not one.
pub fn money_value(lang: Language, value: &Value) -> String {
    match amount_of(value) {
        Some((amount, currency)) => money(lang, amount, &currency),
        None => String::new(),
    }
}

/// `{amount, currency}` read back.
pub fn amount_of(value: &Value) -> Option<(Decimal, String)> {
    let amount = match &value["amount"] {
        Value::String(s) => s.parse().ok()?,
        Value::Number(n) => n.to_string().parse().ok()?,
        _ => return None,
    };
    Some((amount, value["currency"].as_str()?.to_string()))
}

/// Several amounts joined with the language's "and".
pub fn money_list(lang: Language, values: &[Value]) -> String {
    let parts: Vec<String> = values
        .iter()
        .map(|v| money_value(lang, v))
        .filter(|s| !s.is_empty())
        .collect();
    join(lang, &parts)
}

pub fn join(lang: Language, parts: &[String]) -> String {
    let and = pick(lang, " and ", " und ", " et ", " y ", " e ");
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{}{and}{last}", rest.join(", ")),
    }
}

pub fn date(lang: Language, d: NaiveDate) -> String {
    match lang {
        Language::En => format!("{} {}, {}", month_name(lang, d.month()), d.day(), d.year()),
        Language::De => format!("{}.{}.{}", d.day(), d.month(), d.year()),
        Language::Fr | Language::Es | Language::It => {
            format!("{}/{}/{}", d.day(), d.month(), d.year())
        }
    }
}

pub fn date_value(lang: Language, v: &Value) -> String {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .map(|d| date(lang, d))
        .unwrap_or_default()
}

fn month_name(lang: Language, month: u32) -> &'static str {
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const DE: [&str; 12] = [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ];
    const FR: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    const ES: [&str; 12] = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    const IT: [&str; 12] = [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ];
    let i = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Language::En => EN[i],
        Language::De => DE[i],
        Language::Fr => FR[i],
        Language::Es => ES[i],
        Language::It => IT[i],
    }
}

/// How the answer names the period: as the question said it, or its dates.
pub fn period(lang: Language, p: &Period) -> String {
    let l = lang;
    match &p.said {
        PeriodSaid::Today => pick(l, "today", "heute", "aujourd'hui", "hoy", "oggi").into(),
        PeriodSaid::Yesterday => pick(l, "yesterday", "gestern", "hier", "ayer", "ieri").into(),
        PeriodSaid::ThisWeek => pick(
            l,
            "this week",
            "diese Woche",
            "cette semaine",
            "esta semana",
            "questa settimana",
        )
        .into(),
        PeriodSaid::LastWeek => pick(
            l,
            "last week",
            "letzte Woche",
            "la semaine dernière",
            "la semana pasada",
            "la settimana scorsa",
        )
        .into(),
        PeriodSaid::ThisMonth => pick(
            l,
            "this month",
            "diesen Monat",
            "ce mois-ci",
            "este mes",
            "questo mese",
        )
        .into(),
        PeriodSaid::LastMonth => pick(
            l,
            "last month",
            "letzten Monat",
            "le mois dernier",
            "el mes pasado",
            "il mese scorso",
        )
        .into(),
        PeriodSaid::ThisYear => pick(
            l,
            "this year",
            "dieses Jahr",
            "cette année",
            "este año",
            "quest'anno",
        )
        .into(),
        PeriodSaid::LastYear => pick(
            l,
            "last year",
            "letztes Jahr",
            "l'année dernière",
            "el año pasado",
            "l'anno scorso",
        )
        .into(),
        PeriodSaid::Month { month, year } => {
            let name = month_name(l, *month);
            match l {
                Language::En => format!("in {name} {year}"),
                Language::De => format!("im {name} {year}"),
                Language::Fr => format!("en {name} {year}"),
                Language::Es => format!("en {name} de {year}"),
                Language::It => format!("a {name} {year}"),
            }
        }
        PeriodSaid::Year { year } => {
            format!("{} {year}", pick(l, "in", "im Jahr", "en", "en", "nel"))
        }
        PeriodSaid::Last { count, unit } => {
            let unit = match unit {
                PeriodUnit::Day => pick(l, "days", "Tagen", "jours", "días", "giorni"),
                PeriodUnit::Week => pick(l, "weeks", "Wochen", "semaines", "semanas", "settimane"),
                PeriodUnit::Month => pick(l, "months", "Monaten", "mois", "meses", "mesi"),
                PeriodUnit::Year => pick(l, "years", "Jahren", "ans", "años", "anni"),
            };
            match l {
                Language::En => format!("in the last {count} {unit}"),
                Language::De => format!("in den letzten {count} {unit}"),
                Language::Fr => format!("ces {count} derniers {unit}"),
                Language::Es => format!("en los últimos {count} {unit}"),
                Language::It => format!("negli ultimi {count} {unit}"),
            }
        }
        _ => range(l, p.start, p.end),
    }
}

/// "from March 1, 2026 to March 31, 2026" and its translations; one day is "on …".
pub fn range(lang: Language, from: NaiveDate, to: NaiveDate) -> String {
    if from == to {
        return format!(
            "{} {}",
            pick(lang, "on", "am", "le", "el", "il"),
            date(lang, from)
        );
    }
    let (a, b) = (date(lang, from), date(lang, to));
    match lang {
        Language::En => format!("from {a} to {b}"),
        Language::De => format!("vom {a} bis {b}"),
        Language::Fr => format!("du {a} au {b}"),
        Language::Es => format!("del {a} al {b}"),
        Language::It => format!("dal {a} al {b}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn amounts_follow_each_languages_convention() {
        assert_eq!(money(Language::En, dec!(-1234.5), "EUR"), "-1,234.50 EUR");
        assert_eq!(
            money(Language::De, dec!(1234567.891), "EUR"),
            "1.234.567,89 EUR"
        );
        assert_eq!(
            money(Language::Fr, dec!(1234.5), "EUR"),
            "1\u{202f}234,50 EUR"
        );
        assert_eq!(money(Language::Es, dec!(12.5), "USD"), "12,50 USD");
        assert_eq!(money(Language::It, dec!(999), "CHF"), "999,00 CHF");
        assert_eq!(money(Language::En, dec!(0), "EUR"), "0.00 EUR");
    }
}
