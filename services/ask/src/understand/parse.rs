//! The first pass: what the question's words say, slot by slot, before they are put
//! together into an intent (`assemble.rs`). Each step takes the words it understands, so a
//! word means one thing; what is left at the end must be filler, or the question is not
//! understood.

use super::intent::{
    AverageUnit, FigureAsked, GroupBy, Language, Matched, OutOfScopeReason, PatternKind,
    PeriodUnit, Role,
};
use super::lexicon::{self, AskWord, Phrases};
use super::period::{self, Before, Found};
use super::text::{self, Words};
use super::vocabulary::{Named, Vocabulary};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Everything the question says, before assembling.
#[derive(Debug, Default)]
pub struct Parsed {
    pub follow_up_marker: bool,
    pub asks: Vec<AskWord>,
    pub periods: Vec<Found>,
    pub before: Option<Before>,
    /// Where the period compared with starts ("than last month": the "last").
    pub compare_at: Option<usize>,
    pub same_period_last_year: bool,
    /// "the same month last year" with no comparison word before it: the period itself.
    pub same_period_alone: bool,
    pub difference: bool,
    /// "how much less", "wie viel weniger": the difference asked the other way round.
    pub less: bool,
    pub amount_over: Option<Decimal>,
    pub amount_under: Option<Decimal>,
    pub named: Vec<Named>,
    pub group_by: Option<GroupBy>,
    /// `Some(true)` for "biggest", "most"; `Some(false)` for "smallest", "least".
    pub superlative: Option<bool>,
    pub recent: bool,
    pub limit: Option<u32>,
    pub average: bool,
    /// "per week", "pro Tag" beside an average.
    pub average_unit: Option<AverageUnit>,
    pub currency: Option<String>,
    pub upcoming_days: Option<u32>,
    pub monthly_total: bool,
    /// "what percent", "savings rate": the answer is a percentage.
    pub percent: bool,
    /// "which …": the answer names them.
    pub which: bool,
    /// "how much do I owe": a balance said as a debt.
    pub owed: bool,
    /// Which figure of a budget or goal ("left", "available", "target").
    pub figure: Option<FigureAsked>,
    /// "when": a date is asked.
    pub when: bool,
    /// The question is about budgets or goals: their names win over categories.
    pub plans: bool,
    /// "which subscriptions have I stopped".
    pub ended: bool,
    /// Cost in the present tense ("what does Netflix cost").
    pub present_cost: bool,
    /// A recurring word ("subscription") read as the category of that name.
    pub recurring_category: Option<Named>,
    /// "lately", "recently".
    pub lately: bool,
    /// "than the month before", "als im Monat davor": the period said is compared with the
    /// one before it.
    pub before_compared: bool,
    /// Which kind of anomaly or insight ("unusually large", "spiked", "more than usual").
    pub kind: Option<PatternKind>,
    pub price_increase: bool,
    pub text: Option<String>,
    /// An ask word in the plural ("biggest expenses"): a superlative lists a few, not one.
    pub plural: bool,
    /// "ever", "jemals": no period but all of history.
    pub all_time: bool,
    /// Free words no step understood.
    pub unknown: Vec<String>,
    /// The words that named a category or merchant, or were not understood, by position,
    /// and whether the name matched exactly: a search reads them as its query.
    pub subject_words: Vec<(usize, String, bool)>,
    pub matched: Vec<Matched>,
}

impl Parsed {
    fn note(&mut self, words: String, role: Role, value: impl Into<String>) {
        self.matched.push(Matched {
            words,
            role,
            value: value.into(),
        });
    }
}

/// Takes the first occurrence of any phrase of `table`, returning the words and index.
fn take_any(words: &mut Words, table: &'static Phrases) -> Option<String> {
    let (start, len, _) = words.find_any(table)?;
    Some(words.take(start, len))
}

/// Questions the ask engine does not answer from the user's data.
pub fn out_of_scope(words: &Words) -> Option<(OutOfScopeReason, String)> {
    if words.len() == 0 {
        return Some((OutOfScopeReason::Empty, String::new()));
    }
    // A write verb opening the question, after any politeness.
    let mut at = 0;
    while let Some((len, _)) = words.longest_at(at, lexicon::POLITE) {
        at += len;
    }
    if let Some((len, _)) = words.longest_at(at, lexicon::WRITE_VERBS) {
        // "Change in spending since May" is a question about a change, not a request.
        let a_noun = matches!(words.get(at + len), Some("in" | "of" | "im" | "de" | "di"));
        if !a_noun {
            return Some((
                OutOfScopeReason::ChangesData,
                words.words[at..at + len].join(" "),
            ));
        }
    }
    for (table, reason) in [
        (lexicon::INVESTMENT, OutOfScopeReason::InvestmentAdvice),
        (lexicon::WEATHER, OutOfScopeReason::Weather),
        (
            lexicon::GENERAL_KNOWLEDGE,
            OutOfScopeReason::GeneralKnowledge,
        ),
    ] {
        if let Some((start, len, _)) = words.find_any(table) {
            return Some((reason, words.words[start..start + len].join(" ")));
        }
    }
    // Two numbers joined by an operator: "2+2", "15 times 4", "100 / 3".
    let w = &words.words;
    for i in 1..w.len().saturating_sub(1) {
        let is_number = |s: &str| text::number(s).is_some();
        if is_number(&w[i - 1])
            && lexicon::ARITHMETIC_OPERATORS.contains(&w[i].as_str())
            && is_number(&w[i + 1])
        {
            return Some((OutOfScopeReason::Arithmetic, w[i - 1..=i + 1].join(" ")));
        }
        // "15 % of 80", "15% von 80"
        if is_number(&w[i - 1]) && w[i] == "%" {
            return Some((OutOfScopeReason::Arithmetic, w[i - 1..=i].join(" ")));
        }
    }
    None
}

pub fn parse(
    words: &mut Words,
    vocabulary: &Vocabulary,
    today: NaiveDate,
    language: Language,
) -> Parsed {
    let mut p = Parsed::default();

    if let Some((len, _)) = words.longest_at(0, lexicon::FOLLOW_UP) {
        let w = words.take(0, len);
        p.follow_up_marker = true;
        p.note(w, Role::FollowUp, "follow-up");
    }
    upcoming(words, &mut p);
    amounts(words, &mut p);
    patterns(words, &mut p);

    if let Some((start, len, _)) = words.find_any(lexicon::SAME_PERIOD_LAST_YEAR) {
        let compared = (start.saturating_sub(6)..start).find_map(|s| {
            let (l, _) = words.longest_at(s, lexicon::COMPARE)?;
            (s + l <= start
                && (s + l..start).all(|i| words.is_free(i) && is_filler(&words.words[i])))
            .then_some((s, l))
        });
        let w = words.take(start, len);
        if let Some((s, l)) = compared {
            let c = words.take(s, l);
            p.note(c, Role::Comparison, "compared with");
            p.same_period_last_year = true;
            p.note(w, Role::Comparison, "same period last year");
        } else {
            p.same_period_alone = true;
            p.note(w, Role::Period, "this month a year ago");
        }
    }
    let (periods, before) = period::find(words, today);
    for f in &periods {
        let value = format!("{} – {}", f.period.start, f.period.end);
        p.note(f.period.text.clone(), Role::Period, value);
    }
    // "At the end of last month": the period's last day (a balance then).
    for f in &periods {
        let end_of = (f.at.saturating_sub(4)..f.at).find_map(|s| {
            let (l, _) = words.longest_at(s, lexicon::END_OF)?;
            let gap_is_filler =
                (s + l..f.at).all(|i| words.is_free(i) && is_filler(&words.words[i]));
            (s + l <= f.at && gap_is_filler).then_some((s, l))
        });
        if let Some((s, l)) = end_of {
            let w = words.take(s, l);
            p.note(w, Role::Period, "end of");
        }
    }
    p.periods = periods;
    if let Some(b) = &before {
        p.note(b.text.clone(), Role::Period, "the period before");
        // A comparison word just before it, with only filler between.
        let compared = (b.at.saturating_sub(4)..b.at).find_map(|s| {
            let (l, _) = words.longest_at(s, lexicon::COMPARE)?;
            let gap_is_filler =
                (s + l..b.at).all(|i| words.is_free(i) && is_filler(&words.words[i]));
            (s + l <= b.at && gap_is_filler).then_some((s, l))
        });
        // "The difference between last month and the month before": joined by "and".
        let joined = words.find_any(lexicon::DIFFERENCE).is_some()
            && b.at
                .checked_sub(1)
                .filter(|&s| words.is_free(s) && words.longest_at(s, lexicon::AND).is_some())
                .is_some();
        if let Some((s, l)) = compared.or(joined.then(|| (b.at - 1, 1)))
            && let Some(first_at) = p.periods.first().map(|f| f.at)
        {
            let w = words.take(s, l);
            p.before_compared = true;
            p.note(w, Role::Comparison, "compared with the period before");
            // "Between last month and …": the "between" is the comparison's too.
            if let Some(o) = first_at
                .checked_sub(1)
                .filter(|&o| words.is_free(o) && words.longest_at(o, lexicon::BETWEEN).is_some())
            {
                words.take(o, 1);
            }
        }
    }
    p.before = before;
    if let Some(w) = take_any(words, lexicon::EVER) {
        p.all_time = true;
        p.note(w, Role::Period, "all time");
    }
    comparison(words, &mut p);
    while let Some(w) = take_any(words, lexicon::DIFFERENCE) {
        p.difference = true;
        p.less |= says_less(&w);
        p.asks.push(AskWord::HowMuch);
        p.note(w, Role::Comparison, "difference");
    }
    if p.compare_at.is_some() || p.same_period_last_year || p.difference || p.before_compared {
        while let Some(w) = take_any(words, lexicon::MORE_OR_LESS) {
            p.less |= says_less(&w);
            p.note(w, Role::Comparison, "more or less");
        }
    }
    while let Some(w) = take_any(words, lexicon::ENDED) {
        p.ended = true;
        p.note(w, Role::Ask, "ended");
    }
    p.present_cost = words.find_any(lexicon::PRESENT_COST).is_some();
    // "L'acquisto più caro", "la compra más cara": after a purchase, the most expensive one.
    if let Some((start, len, _)) = words.find_any(lexicon::PRICE_INCREASE)
        && matches!(words.get(start), Some("piu" | "mas" | "plus"))
        && start
            .checked_sub(1)
            .and_then(|i| words.longest_at(i, lexicon::ASK_WORDS))
            .is_some_and(|(_, k)| lexicon::ASK_WORDS[k].2 == AskWord::Transactions)
    {
        let w = words.take(start, len);
        p.superlative = Some(true);
        p.note(w, Role::Sort, "most");
    }
    if let Some(w) = take_any(words, lexicon::PRICE_INCREASE) {
        p.price_increase = true;
        p.note(w, Role::Ask, "price increases");
    }
    if let Some(w) = take_any(words, lexicon::FORECAST_SPENDING) {
        p.asks.push(AskWord::Forecast);
        p.asks.push(AskWord::Spending);
        p.note(w, Role::Ask, "forecast of spending");
    }
    p.which = words.find_any(lexicon::WHICH).is_some();
    if let Some(w) = take_any(words, lexicon::OWE) {
        p.owed = true;
        p.asks.push(AskWord::Balances);
        // "Kreditkartenschulden": the card is in the word.
        if w == "kreditkartenschulden" {
            p.named.extend(vocabulary.account_kind_named("credit_card"));
        }
        p.note(w, Role::Ask, "owed");
    }
    if words.find_any(lexicon::RATE).is_some() {
        p.percent = true;
    }
    if let Some(w) = take_any(words, lexicon::PERCENT) {
        p.percent = true;
        p.note(w, Role::Ask, "percent");
    }
    figure(words, &mut p);
    asks_and_names(words, vocabulary, language, &mut p);
    if p.asks.contains(&AskWord::Budgets)
        && let Some(w) = take_any(words, lexicon::BUDGET_USED)
    {
        p.asks.push(AskWord::Spending);
        p.note(w, Role::Ask, "spent of the budget");
    }
    shaping(words, &mut p);
    currency(words, &mut p);
    leftovers(words, vocabulary, &mut p);
    p
}

/// "Lately", and the kind of anomaly or insight asked: "unusually large" only beside an
/// anomaly word; "spiked" asks for anomalies, "more than usual" for insights.
fn patterns(words: &mut Words, p: &mut Parsed) {
    while let Some(w) = take_any(words, lexicon::LATELY) {
        p.lately = true;
        p.note(w, Role::Period, "lately");
    }
    let anomaly_said = (0..words.len()).any(|at| {
        words
            .longest_at(at, lexicon::ASK_WORDS)
            .is_some_and(|(_, k)| lexicon::ASK_WORDS[k].2 == AskWord::Anomalies)
    });
    let mut at = 0;
    while at < words.len() {
        if let Some((len, k)) = words.longest_at(at, lexicon::PATTERN_KINDS) {
            let (_, _, kind) = lexicon::PATTERN_KINDS[k];
            if kind != PatternKind::Large || anomaly_said || len > 1 {
                let w = words.take(at, len);
                p.kind = p.kind.or(Some(kind));
                match kind {
                    PatternKind::Spike => p.asks.push(AskWord::Anomalies),
                    PatternKind::AboveUsual | PatternKind::PriceIncrease => {
                        p.asks.push(AskWord::Insights);
                    }
                    // "Unusually large", "anormalement élevés": the adverb says anomalies.
                    PatternKind::Large if len > 1 => p.asks.push(AskWord::Anomalies),
                    PatternKind::Large => {}
                }
                p.note(w, Role::Ask, format!("{kind:?}").to_lowercase());
                at += len;
                continue;
            }
        }
        at += 1;
    }
}

/// Which figure of a budget or goal is asked; "how much can I (still) spend" only beside
/// a budget.
fn figure(words: &mut Words, p: &mut Parsed) {
    p.when = words.find_any(lexicon::WHEN).is_some();
    let budget_said = (0..words.len()).any(|at| {
        words
            .longest_at(at, lexicon::ASK_WORDS)
            .is_some_and(|(_, k)| lexicon::ASK_WORDS[k].2 == AskWord::Budgets)
    });
    if budget_said {
        while let Some(w) = take_any(words, lexicon::BUDGET_ASIDES) {
            p.note(w, Role::Ask, "budget");
        }
    }
    let mut at = 0;
    while at < words.len() {
        if let Some((len, k)) = words.longest_at(at, lexicon::FIGURES) {
            let (phrase, _, figure) = lexicon::FIGURES[k];
            if !phrase.contains("spend") || budget_said {
                let w = words.take(at, len);
                p.figure = p.figure.or(Some(figure));
                p.note(w, Role::Ask, format!("{figure:?}").to_lowercase());
                at += len;
                continue;
            }
        }
        at += 1;
    }
}

/// "due in the next 14 days", "nachsten 7 Tage"; beside a forecast also "in 60 days".
fn upcoming(words: &mut Words, p: &mut Parsed) {
    let forecast = (0..words.len()).any(|at| {
        words
            .longest_at(at, lexicon::ASK_WORDS)
            .is_some_and(|(_, k)| lexicon::ASK_WORDS[k].2 == AskWord::Forecast)
    }) || words.find_any(lexicon::FORECAST_SPENDING).is_some();
    for at in 0..words.len() {
        let next = words.longest_at(at, lexicon::NEXT).or_else(|| {
            forecast
                .then(|| words.longest_at(at, lexicon::IN_DAYS))
                .flatten()
        });
        let Some((len, _)) = next else {
            continue;
        };
        let n_at = at + len;
        let Some(n) = words.get(n_at).and_then(text::count) else {
            continue;
        };
        // French puts "prochains" after the count: "dans les 7 prochains jours".
        let reordered = matches!(words.get(n_at + 1), Some("prochains" | "prochaines"));
        let unit_at = n_at + 1 + usize::from(reordered);
        let unit = words.get(unit_at).and_then(|u| {
            lexicon::UNITS
                .iter()
                .find(|(w, _, _)| *w == u)
                .map(|(_, _, unit)| *unit)
        });
        let days = match unit {
            Some(PeriodUnit::Day) => Some(n),
            Some(PeriodUnit::Week) => n.checked_mul(7),
            Some(PeriodUnit::Month) => n.checked_mul(30),
            _ => continue,
        };
        // A year ahead at most: recurring payments are not forecast further.
        let Some(days) = days.filter(|d| (1..=366).contains(d)) else {
            continue;
        };
        let w = words.take(at, unit_at + 1 - at);
        p.upcoming_days = Some(days);
        p.note(w, Role::Period, format!("next {days} days"));
        return;
    }
}

/// A number with an optional currency sign or name around it: (value, words it took).
fn amount_at(words: &Words, at: usize) -> Option<(Decimal, usize)> {
    let is_currency = |i: usize| {
        words
            .get(i)
            .is_some_and(|w| lexicon::CURRENCIES.iter().any(|(c, _)| *c == w))
    };
    let mut i = at;
    // "sopra i 100 euro", "über die 50".
    if matches!(
        words.get(i),
        Some("i" | "the" | "les" | "los" | "las" | "die" | "den" | "gli")
    ) {
        i += 1;
    }
    if is_currency(i) {
        i += 1;
    }
    let value = words
        .get(i)
        .filter(|_| words.is_free(i))
        .and_then(text::number)?;
    i += 1;
    if is_currency(i) {
        i += 1;
    }
    // "between 1 and 15 November" is a date range, not amounts.
    if period::month_after(words, i).is_some() {
        return None;
    }
    Some((value, i - at))
}

/// The currency an amount was written in ("over 100 €"): the question is about it.
fn amount_currency(taken: &str, p: &mut Parsed) {
    let code = taken.split(' ').find_map(|w| {
        lexicon::CURRENCIES
            .iter()
            .find(|(c, _)| *c == w)
            .map(|(_, code)| *code)
    });
    if p.currency.is_none()
        && let Some(code) = code
    {
        p.currency = Some(code.to_string());
    }
}

/// "over 100", "more than €50", "unter 20", "between 50 and 100".
fn amounts(words: &mut Words, p: &mut Parsed) {
    let mut at = 0;
    while at < words.len() {
        if !words.is_free(at) {
            at += 1;
            continue;
        }
        if let Some((len, _)) = words.longest_at(at, lexicon::BETWEEN)
            && let Some((low, low_len)) = amount_at(words, at + len)
        {
            let and_at = at + len + low_len;
            if let Some((and_len, _)) = words.longest_at(and_at, lexicon::AND)
                && let Some((high, high_len)) = amount_at(words, and_at + and_len)
            {
                let w = words.take(at, len + low_len + and_len + high_len);
                amount_currency(&w, p);
                p.amount_over = Some(low.min(high));
                p.amount_under = Some(low.max(high));
                p.note(w, Role::Amount, format!("{low}–{high}"));
                at += 1;
                continue;
            }
        }
        for (table, over) in [(lexicon::AMOUNT_OVER, true), (lexicon::AMOUNT_UNDER, false)] {
            if let Some((len, _)) = words.longest_at(at, table)
                && let Some((value, value_len)) = amount_at(words, at + len)
            {
                let w = words.take(at, len + value_len);
                amount_currency(&w, p);
                if over {
                    p.amount_over = Some(value);
                    p.note(w, Role::Amount, format!("> {value}"));
                } else {
                    p.amount_under = Some(value);
                    p.note(w, Role::Amount, format!("< {value}"));
                }
                break;
            }
        }
        at += 1;
    }
}

/// A comparison word just before a period, with only filler between ("than last month",
/// "than in October", "più del mese scorso", "im Vergleich zum Oktober").
fn comparison(words: &mut Words, p: &mut Parsed) {
    for f in &p.periods {
        let mut best: Option<(usize, usize)> = None;
        for start in f.at.saturating_sub(6)..f.at {
            let Some((len, _)) = words.longest_at(start, lexicon::COMPARE) else {
                continue;
            };
            let gap_is_filler =
                (start + len..f.at).all(|i| words.is_free(i) && is_filler(&words.words[i]));
            if start + len <= f.at && gap_is_filler {
                best = Some((start, len));
            }
        }
        if let Some((start, len)) = best {
            let w = words.take(start, len);
            p.compare_at = Some(f.at);
            p.note(w, Role::Comparison, "compared with");
            return;
        }
    }
}

/// Ask words and the user's names, left to right: at each place the longer wins, so "Loan
/// Payments" is a category and "payments" alone asks for transactions.
fn asks_and_names(words: &mut Words, vocabulary: &Vocabulary, language: Language, p: &mut Parsed) {
    let recurring_view = [lexicon::MONTHLY_TOTAL, lexicon::UPCOMING]
        .iter()
        .any(|table| words.find_any(table).is_some())
        || p.upcoming_days.is_some()
        || p.price_increase;
    let mut ask_words: Vec<(AskWord, String, Option<Named>)> = Vec::new();
    let mut last_name_end: Option<usize> = None;
    let plans = about_plans(words, vocabulary, p);
    p.plans = plans;
    let mut at = 0;
    while at < words.len() {
        if !words.is_free(at) {
            at += 1;
            continue;
        }
        let ask = words.longest_at(at, lexicon::ASK_WORDS);
        let name = vocabulary.name_at_for(words, at, language, plans);
        // "La spesa più grande": the biggest expense, not groceries.
        if name.is_some_and(|(len, _)| len == 1)
            && words.longest_at(at, lexicon::AMBIGUOUS_EXPENSE).is_some()
            && words.longest_at(at + 1, lexicon::MOST).is_some()
        {
            let w = words.take(at, 1);
            ask_words.push((AskWord::Spending, w, None));
            at += 1;
            continue;
        }
        match (ask, name) {
            (Some((ask_len, k)), name) if name.is_none_or(|(len, _)| len <= ask_len) => {
                let w = words.take(at, ask_len);
                let same_name = name.filter(|(len, _)| *len == ask_len).map(|(_, n)| n);
                ask_words.push((lexicon::ASK_WORDS[k].2, w, same_name));
                at += ask_len;
            }
            (_, Some((len, named))) => {
                let w = words.take(at, len);
                // A budget's or goal's name in a question about something else: a word
                // like "everything" is filler there, and "summer" is not understood.
                if matches!(named, Named::Budget(_) | Named::Goal(_)) && !plans {
                    if !w.split(' ').all(is_filler) {
                        p.unknown.push(w);
                    }
                    at += len;
                    continue;
                }
                // "Deutsche Bahn tickets", "Amazon orders": a category word right after a
                // merchant describes what was bought there; as a second filter it would
                // only narrow the merchant's rows to none.
                let after_merchant =
                    matches!(p.named.last(), Some(Named::Merchant(_))) && last_name_end == Some(at);
                last_name_end = Some(at + len);
                if after_merchant && matches!(named, Named::Category(_)) {
                    p.note(w, Role::Merchant, "what was bought there");
                    at += len;
                    continue;
                }
                if matches!(named, Named::Category(_) | Named::Merchant(_)) {
                    p.subject_words.push((at, w.clone(), true));
                }
                p.note(w, role_of(named), vocabulary.display(named));
                p.named.push(named);
                at += len;
            }
            _ => at += 1,
        }
    }
    // "How much did I spend on subscriptions": with another ask word, a word that also
    // names a category is the category.
    // A list ("list my subscriptions") keeps the recurring reading; an amount asks about
    // the category.
    // "How many subscription payments last month" counts rows of the category; "how many
    // subscriptions do I have", with no period, counts the subscriptions themselves.
    let has_period = !p.periods.is_empty() || p.before.is_some();
    // "Mes abonnements streaming sur les 3 derniers mois": a subscription word beside a
    // period and another category is spending in that category.
    let category_named = p.named.iter().any(|n| matches!(n, Named::Category(_)));
    let other_asks = ask_words
        .iter()
        .filter(|(a, _, n)| {
            n.is_none()
                && (matches!(a, AskWord::Spending | AskWord::HowMuch)
                    || (*a == AskWord::Count && has_period))
        })
        .count()
        + usize::from(has_period && category_named);
    for (ask, w, same_name) in ask_words {
        match same_name {
            Some(named @ Named::Category(_))
                if other_asks > 0 && ask != AskWord::Income && !recurring_view =>
            {
                p.note(w, Role::Category, vocabulary.display(named));
                p.named.push(named);
                if ask == AskWord::Recurring {
                    p.recurring_category = Some(named);
                }
            }
            _ => {
                p.plural |= ask == AskWord::Transactions && is_plural(&w)
                    || ask == AskWord::Spending && is_plural_expenses(&w);
                p.note(w, Role::Ask, format!("{ask:?}").to_lowercase());
                p.asks.push(ask);
            }
        }
    }
}

/// Whether the question is about budgets or savings goals: a budget or goal word, money
/// saved ("saved for the summer holiday"), or what a goal asks (its progress, its target,
/// when it is reached, what is missing).
fn about_plans(words: &Words, vocabulary: &Vocabulary, p: &Parsed) -> bool {
    let plan_ask = (0..words.len()).any(|at| {
        words
            .longest_at(at, lexicon::ASK_WORDS)
            .is_some_and(|(_, k)| {
                matches!(
                    lexicon::ASK_WORDS[k].2,
                    AskWord::Budgets | AskWord::Goals | AskWord::CashFlow
                )
            })
    });
    // "How far along is the summer holiday savings": a goal's whole name says it.
    let whole_name = (0..words.len()).any(|at| vocabulary.plan_named_whole_at(words, at));
    plan_ask
        || whole_name
        || p.figure.is_some_and(|f| f != FigureAsked::Available)
        || p.asks.contains(&AskWord::Goals)
}

/// Whether comparison words ask "less" rather than "more".
fn says_less(words: &str) -> bool {
    words
        .split(' ')
        .any(|w| matches!(w, "less" | "weniger" | "moins" | "menos" | "meno"))
}

/// "transactions", "Buchungen", "achats", "compras", "acquisti": more than one.
fn is_plural(word: &str) -> bool {
    word.ends_with('s')
        || word.ends_with("en")
        || matches!(
            word,
            "umsatze" | "einkaufe" | "acquisti" | "pagamenti" | "movimenti" | "transazioni"
        )
}

/// The nouns for expenses in the plural ("expenses", "Ausgaben", "dépenses", "gastos",
/// "spese"); "spent" and "ausgegeben" are verbs.
fn is_plural_expenses(word: &str) -> bool {
    matches!(
        word,
        "expenses" | "ausgaben" | "depenses" | "gastos" | "spese" | "costs"
    )
}

fn role_of(named: Named) -> Role {
    match named {
        Named::Category(_) => Role::Category,
        Named::Merchant(_) => Role::Merchant,
        Named::Account(_) | Named::AccountKind(_) => Role::Account,
        Named::Tag(_) => Role::Tag,
        Named::Budget(_) | Named::Goal(_) => Role::Plan,
    }
}

/// Superlatives, "recent", limits, grouping, averages and the recurring views.
fn shaping(words: &mut Words, p: &mut Parsed) {
    if p.asks.contains(&AskWord::Recurring)
        && let Some(w) = take_any(words, lexicon::MONTHLY_TOTAL)
    {
        p.monthly_total = true;
        p.note(w, Role::Ask, "monthly total");
    }
    // "upcoming", "fällig", "à venir": what recurring payments are due ("the next rent
    // payment due" says it twice).
    while let Some(w) = take_any(words, lexicon::UPCOMING) {
        if p.upcoming_days.is_none() {
            p.upcoming_days = Some(30);
            p.note(w, Role::Period, "next 30 days");
        } else {
            p.note(w, Role::Period, "upcoming");
        }
    }
    if let Some(w) = take_any(words, lexicon::AVERAGE) {
        p.average = true;
        p.note(w, Role::Average, "average");
    }
    // "The most recent": the newest, not the biggest.
    if let Some((start, len, _)) = words.find_any(lexicon::MOST)
        && words
            .get(start + len)
            .is_some_and(|w| matches!(w, "recent" | "latest"))
    {
        let w = words.take(start, len);
        p.note(w, Role::Sort, "most recent");
        // "my 5 most recent": the count before it.
        take_limit(words, start, 0, p);
    }
    for (table, descending) in [(lexicon::MOST, true), (lexicon::LEAST, false)] {
        if let Some((start, len, _)) = words.find_any(table) {
            let w = words.take(start, len);
            p.superlative = Some(descending);
            p.note(w, Role::Sort, if descending { "most" } else { "least" });
            take_limit(words, start, len, p);
            // "what did I spend the most on": the most is a category.
            let after = words.get(start + len);
            if matches!(after, Some("on" | "for" | "fur")) && words.is_free(start + len) {
                let w = words.take(start + len, 1);
                p.group_by = p.group_by.or(Some(GroupBy::Category));
                p.note(w, Role::GroupBy, "category");
            }
            // The same said twice ("where do I spend the most? top 3 merchants").
            while let Some((start, len, _)) = words.find_any(table) {
                words.take(start, len);
                if p.limit.is_none() {
                    take_limit(words, start, len, p);
                }
            }
            break;
        }
    }
    if let Some((start, len, _)) = words.find_any(lexicon::RECENT) {
        let w = words.take(start, len);
        p.recent = true;
        p.note(w, Role::Sort, "most recent");
        take_limit(words, start, len, p);
    }
    // "where", "wo", "où", "dónde", "dove" group by merchant only when they open the question.
    let opening = words.used.iter().position(|u| !u).unwrap_or(0);
    for at in 0..words.len() {
        if !words.is_free(at) {
            continue;
        }
        if let Some((len, k)) = words.longest_at(at, lexicon::GROUPING) {
            let (phrase, _, group) = lexicon::GROUPING[k];
            let where_word = matches!(phrase, "where" | "wo" | "ou" | "donde" | "dove");
            if where_word && at != opening {
                continue;
            }
            let is_average_unit =
                p.average && matches!(group, GroupBy::Month | GroupBy::Week | GroupBy::Day);
            let w = words.take(at, len);
            if is_average_unit {
                p.note(w, Role::Average, format!("per {group:?}").to_lowercase());
                p.average_unit = Some(match group {
                    GroupBy::Day => AverageUnit::Day,
                    GroupBy::Week => AverageUnit::Week,
                    _ => AverageUnit::Month,
                });
                continue;
            }
            // "top categories", "die größten Händler": a few, not one.
            p.plural |= matches!(
                phrase,
                "merchants"
                    | "shops"
                    | "stores"
                    | "categories"
                    | "kategorien"
                    | "commercants"
                    | "comercios"
                    | "categorias"
                    | "categorie"
                    | "esercenti"
            );
            if p.group_by.is_none() {
                p.group_by = Some(group);
                p.note(w, Role::GroupBy, format!("{group:?}").to_lowercase());
            }
        }
    }
    // "los 3 comercios donde más gasté", "i 3 negozi", "die 3 größten": beside a superlative,
    // a count no other step took is how many.
    if p.superlative.is_some() && p.limit.is_none() {
        let free_count = (0..words.len()).find(|&i| {
            words.is_free(i)
                && words
                    .get(i)
                    .and_then(text::count)
                    .is_some_and(|n| (1..=1000).contains(&n))
        });
        if let Some(i) = free_count {
            let n = words.get(i).and_then(text::count);
            let w = words.take(i, 1);
            p.limit = n;
            p.note(w, Role::Sort, format!("limit {}", n.unwrap_or(1)));
        }
    }
    // A "where" inside the question once the grouping is known ("comercios donde más gasté",
    // "categorías donde…"): a relative word, not a second grouping.
    if p.group_by.is_some() {
        for i in 0..words.len() {
            if words.is_free(i)
                && matches!(words.get(i), Some("where" | "wo" | "ou" | "donde" | "dove"))
            {
                let w = words.take(i, 1);
                p.note(w, Role::GroupBy, "where");
            }
        }
    }
}

/// A count beside a superlative: "top 5", "the 3 biggest", "last 10".
fn take_limit(words: &mut Words, start: usize, len: usize, p: &mut Parsed) {
    let after = start + len;
    let candidates = [Some(after), start.checked_sub(1)];
    for i in candidates.into_iter().flatten() {
        if !words.is_free(i) {
            continue;
        }
        if let Some(n) = words
            .get(i)
            .and_then(text::count)
            .filter(|n| (1..=1000).contains(n))
        {
            let w = words.take(i, 1);
            p.limit = Some(n);
            p.note(w, Role::Sort, format!("limit {n}"));
            return;
        }
    }
}

/// "in dollars", "in USD", "en euros".
fn currency(words: &mut Words, p: &mut Parsed) {
    for at in 0..words.len() {
        if !words.is_free(at) {
            continue;
        }
        let prep = words
            .longest_at(at, lexicon::IN_CURRENCY)
            .map(|(l, _)| l)
            .unwrap_or(0);
        let Some(code) = words
            .get(at + prep)
            .filter(|_| words.is_free(at + prep))
            .and_then(|w| {
                lexicon::CURRENCIES
                    .iter()
                    .find(|(c, _)| *c == w)
                    .map(|(_, code)| *code)
            })
        else {
            continue;
        };
        let w = words.take(at, prep + 1);
        p.currency = Some(code.to_string());
        p.note(w, Role::Currency, code);
        return;
    }
}

/// Words left: filler is fine; anything else is tried as a misspelt merchant or category,
/// then counted unknown.
fn leftovers(words: &mut Words, vocabulary: &Vocabulary, p: &mut Parsed) {
    for at in 0..words.len() {
        if !words.is_free(at) {
            continue;
        }
        let word = words.words[at].clone();
        if is_filler(&word) {
            continue;
        }
        // A second currency once the question has one ("in euros, dollars converted"):
        // the amounts are converted into the first.
        if p.currency.is_some() && lexicon::CURRENCIES.iter().any(|(c, _)| *c == word) {
            continue;
        }
        if let Some((named, distance)) = vocabulary.fuzzy(&word) {
            words.take(at, 1);
            p.subject_words.push((at, word.clone(), false));
            p.note(
                word,
                role_of(named),
                format!("{} (≈{distance})", vocabulary.display(named)),
            );
            p.named.push(named);
            continue;
        }
        p.subject_words.push((at, word.clone(), false));
        p.unknown.push(word);
    }
}

pub fn is_filler(word: &str) -> bool {
    static FILLER: OnceLock<HashSet<&'static str>> = OnceLock::new();
    FILLER
        .get_or_init(|| lexicon::FILLER.iter().map(|(w, _)| *w).collect())
        .contains(word)
}
