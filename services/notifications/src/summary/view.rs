//! From facts to what the templates show: every figure formatted for the reader's locale,
//! every sentence in the reader's language. The templates only lay it out.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use super::EmailLinks;
use super::chart;
use super::facts::{CurrencyWeek, Flows, WeeklyFacts};
use super::words::Lang;

const PHRASES: [&str; 25] = [
    "title",
    "income",
    "spending",
    "net",
    "vs_previous",
    "vs_average",
    "top_categories",
    "by_day",
    "budgets",
    "biggest",
    "bills_due",
    "new_subscriptions",
    "price_increases",
    "anomalies",
    "insight",
    "review",
    "review_link",
    "dashboard",
    "uncategorized",
    "quiet",
    "why",
    "alert_why",
    "preferences",
    "unsubscribe",
    "notifications",
];

pub fn phrases(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    PHRASES.iter().map(|k| (*k, lang.phrase(k))).collect()
}

#[derive(Serialize)]
pub struct WeeklyView<'a> {
    pub lang: &'static str,
    pub subject: String,
    pub heading: String,
    pub subheading: String,
    pub why: &'static str,
    pub quiet: bool,
    pub currencies: Vec<CurrencyView>,
    pub budgets: Vec<Line>,
    pub biggest: Vec<Line>,
    pub bills_due: Vec<Line>,
    pub new_subscriptions: Vec<Line>,
    pub price_increases: Vec<Line>,
    pub anomalies: Vec<Line>,
    /// The same lists with their titles, for the text part.
    pub sections: Vec<Section>,
    pub insight: Option<String>,
    pub review: Option<String>,
    pub links: &'a EmailLinks,
    pub t: BTreeMap<&'static str, &'static str>,
}

#[derive(Serialize)]
pub struct CurrencyView {
    pub currency: String,
    pub figures: Vec<Figure>,
    pub categories: Vec<Bar>,
    pub chart: Option<ChartView>,
}

#[derive(Serialize)]
pub struct Figure {
    pub label: &'static str,
    pub value: String,
    pub vs_previous: Option<String>,
    pub vs_average: Option<String>,
}

#[derive(Serialize)]
pub struct Bar {
    pub name: String,
    pub amount: String,
    /// Width against the largest category, 2–100.
    pub percent: u32,
    pub text_bar: String,
}

#[derive(Serialize)]
pub struct ChartView {
    pub cid: String,
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

#[derive(Serialize, Clone)]
pub struct Line {
    pub left: String,
    pub right: String,
    pub note: Option<String>,
    pub warn: bool,
}

#[derive(Serialize)]
pub struct Section {
    pub title: &'static str,
    pub lines: Vec<Line>,
}

pub fn weekly<'a>(facts: &WeeklyFacts, lang: Lang, links: &'a EmailLinks) -> WeeklyView<'a> {
    let range = lang.range(facts.first_day, facts.last_day);
    let quiet = facts.is_quiet();
    let headline_currency = facts
        .currencies
        .iter()
        .filter(|c| c.transactions > 0)
        .max_by_key(|c| c.week.spending);
    let subject = match (headline_currency, lang) {
        (Some(c), Lang::En) => format!(
            "Your week, {range}: {} spent",
            lang.money(c.week.spending, &c.currency)
        ),
        (Some(c), Lang::De) => format!(
            "Deine Woche, {range}: {} ausgegeben",
            lang.money(c.week.spending, &c.currency)
        ),
        (None, Lang::En) => format!("Your week, {range}: a quiet one"),
        (None, Lang::De) => format!("Deine Woche, {range}: eine ruhige"),
    };
    let currencies = facts
        .currencies
        .iter()
        // A currency with nothing booked this week (a trip's currency, weeks ago) would
        // only show zeros; its figures come back with its next payment.
        .filter(|c| c.transactions > 0)
        .map(|c| currency_view(c, lang))
        .collect();
    let budgets = budget_lines(facts, lang);
    let biggest: Vec<Line> = facts
        .biggest
        .iter()
        .map(|p| Line {
            left: format!("{} · {}", lang.day(p.date), p.merchant),
            right: lang.money(p.amount, &p.currency),
            note: None,
            warn: false,
        })
        .collect();
    let bills_due: Vec<Line> = facts
        .bills_due
        .iter()
        .map(|p| Line {
            left: format!("{} · {}", lang.day(p.date), p.merchant),
            right: lang.money(p.amount, &p.currency),
            note: None,
            warn: false,
        })
        .collect();
    let new_subscriptions: Vec<Line> = facts
        .new_subscriptions
        .iter()
        .map(|p| Line {
            left: p.merchant.clone(),
            right: lang.money(p.amount, &p.currency),
            note: Some(match lang {
                Lang::En => format!("paid on {}", lang.day(p.date)),
                Lang::De => format!("bezahlt am {}", lang.day(p.date)),
            }),
            warn: false,
        })
        .collect();
    let price_increases: Vec<Line> = facts
        .price_increases
        .iter()
        .map(|p| Line {
            left: p.merchant.clone(),
            right: format!(
                "{} → {}",
                lang.money(p.from, &p.currency),
                lang.money(p.to, &p.currency)
            ),
            note: Some(match lang {
                Lang::En => format!("since {}", lang.day(p.on)),
                Lang::De => format!("seit {}", lang.day(p.on)),
            }),
            warn: true,
        })
        .collect();
    let anomalies: Vec<Line> = facts
        .anomalies
        .iter()
        .map(|a| Line {
            left: format!("{} · {}", lang.day(a.date), a.what),
            right: lang.money(a.amount, &a.currency),
            note: Some(match lang {
                Lang::En => format!("usually about {}", lang.money(a.usual, &a.currency)),
                Lang::De => format!("sonst etwa {}", lang.money(a.usual, &a.currency)),
            }),
            warn: false,
        })
        .collect();
    let sections = [
        ("budgets", &budgets),
        ("biggest", &biggest),
        ("bills_due", &bills_due),
        ("new_subscriptions", &new_subscriptions),
        ("price_increases", &price_increases),
        ("anomalies", &anomalies),
    ]
    .into_iter()
    .filter(|(_, lines)| !lines.is_empty())
    .map(|(key, lines)| Section {
        title: lang.phrase(key),
        lines: lines.clone(),
    })
    .collect();
    let review = (facts.to_review > 0).then(|| match (lang, facts.to_review) {
        (Lang::En, 1) => "1 transaction is waiting for a category.".to_string(),
        (Lang::En, n) => format!("{n} transactions are waiting for a category."),
        (Lang::De, 1) => "1 Buchung wartet auf eine Kategorie.".to_string(),
        (Lang::De, n) => format!("{n} Buchungen warten auf eine Kategorie."),
    });
    WeeklyView {
        lang: lang.code(),
        subject,
        heading: lang.phrase("title").to_string(),
        subheading: range,
        why: lang.phrase("why"),
        quiet,
        currencies,
        budgets,
        biggest,
        bills_due,
        new_subscriptions,
        price_increases,
        anomalies,
        sections,
        insight: if lang.de() {
            facts.insight_de.clone().or_else(|| facts.insight.clone())
        } else {
            facts.insight.clone()
        },
        review,
        links,
        t: phrases(lang),
    }
}

fn currency_view(c: &CurrencyWeek, lang: Lang) -> CurrencyView {
    // Spending and income compare in percent; net in money, since its sign flips and a
    // percentage of a small or negative base says nothing.
    let figure = |label: &'static str, pick: fn(&Flows) -> Decimal, in_money: bool| {
        let now = pick(&c.week);
        let compare = |before: Decimal, against: &str| {
            let change = if in_money {
                Some(lang.difference(now - before, &c.currency))
            } else {
                lang.change(now, before)
            };
            change.map(|p| format!("{p} {}", lang.phrase(against)))
        };
        Figure {
            label: lang.phrase(label),
            value: lang.money(now, &c.currency),
            vs_previous: compare(pick(&c.previous_week), "vs_previous"),
            vs_average: compare(pick(&c.four_week_average), "vs_average"),
        }
    };
    let figures = vec![
        figure("spending", |f| f.spending, false),
        figure("income", |f| f.income, false),
        figure("net", |f| f.net, true),
    ];
    let largest = c
        .top_categories
        .iter()
        .map(|t| t.amount)
        .max()
        .unwrap_or_default();
    let categories = c
        .top_categories
        .iter()
        .map(|t| {
            let share = if largest > Decimal::ZERO {
                (t.amount * Decimal::ONE_HUNDRED / largest).round()
            } else {
                Decimal::ZERO
            };
            let percent = share.to_u32().unwrap_or(0).clamp(2, 100);
            Bar {
                name: t
                    .name
                    .clone()
                    .unwrap_or_else(|| lang.phrase("uncategorized").to_string()),
                amount: lang.money(t.amount, &c.currency),
                percent,
                text_bar: "█".repeat(percent.div_ceil(10) as usize),
            }
        })
        .collect();
    let chart = (c.transactions > 0).then(|| ChartView {
        cid: chart::cid(&c.currency),
        alt: chart::alt_text(lang, &c.by_weekday, &c.currency),
        width: chart::WIDTH,
        height: chart::HEIGHT,
    });
    CurrencyView {
        currency: c.currency.clone(),
        figures,
        categories,
        chart,
    }
}

fn budget_lines(facts: &WeeklyFacts, lang: Lang) -> Vec<Line> {
    facts
        .budgets
        .iter()
        .map(|b| {
            let days = match (lang, b.days_left) {
                (Lang::En, 1) => "1 day".to_string(),
                (Lang::En, n) => format!("{n} days"),
                (Lang::De, 1) => "1 Tag".to_string(),
                (Lang::De, n) => format!("{n} Tage"),
            };
            let over = b.remaining < Decimal::ZERO;
            let right = match (lang, over) {
                (Lang::En, false) => {
                    format!("{} left for {days}", lang.money(b.remaining, &b.currency))
                }
                (Lang::De, false) => {
                    format!("noch {} für {days}", lang.money(b.remaining, &b.currency))
                }
                (Lang::En, true) => format!(
                    "{} over, {days} to go",
                    lang.money(-b.remaining, &b.currency)
                ),
                (Lang::De, true) => format!(
                    "{} drüber, noch {days}",
                    lang.money(-b.remaining, &b.currency)
                ),
            };
            // Overspending carried over from earlier periods leaves less than nothing: say so
            // rather than "of -670.85 EUR".
            let carried_over = b.available < Decimal::ZERO;
            let note = match (lang, carried_over) {
                (Lang::En, true) => format!(
                    "{} spent, after {} overspent in earlier periods",
                    lang.money(b.spent, &b.currency),
                    lang.money(-b.available, &b.currency)
                ),
                (Lang::De, true) => format!(
                    "{} ausgegeben, dazu {} aus früheren Zeiträumen",
                    lang.money(b.spent, &b.currency),
                    lang.money(-b.available, &b.currency)
                ),
                (Lang::En, false) => format!(
                    "{} of {} spent",
                    lang.money(b.spent, &b.currency),
                    lang.money(b.available, &b.currency)
                ),
                (Lang::De, false) => format!(
                    "{} von {} ausgegeben",
                    lang.money(b.spent, &b.currency),
                    lang.money(b.available, &b.currency)
                ),
            };
            Line {
                left: b.name.clone(),
                right,
                note: Some(note),
                warn: over,
            }
        })
        .collect()
}
