//! The second pass: the parsed slots become one intent, with defaults for what the question
//! left unsaid, or the previous intent with what a follow-up changes.

use super::intent::*;
use super::lexicon::AskWord;
use super::parse::Parsed;
use super::period;
use super::vocabulary::{Named, Vocabulary};
use chrono::{Datelike, Months, NaiveDate};

/// The asks in order of precedence: the most specific word decides ("how many transactions"
/// is a count; "show my balance" asks for balances, not a list).
const PRECEDENCE: [AskWord; 15] = [
    AskWord::Count,
    // "What will my balance be at the end of the month?" is the forecast.
    AskWord::Forecast,
    // "How much do I have available in the groceries budget": the budget's.
    AskWord::Budgets,
    AskWord::Goals,
    AskWord::Balances,
    AskWord::NetWorth,
    AskWord::CashFlow,
    AskWord::Recurring,
    AskWord::Anomalies,
    AskWord::Insights,
    AskWord::Search,
    AskWord::Income,
    AskWord::Spending,
    AskWord::Transactions,
    AskWord::HowMuch,
];

pub fn filters(p: &Parsed, vocabulary: &Vocabulary) -> Filters {
    let mut f = Filters::default();
    for named in &p.named {
        match *named {
            Named::Category(i) => {
                let c = &vocabulary.categories[i];
                if !f.categories.iter().any(|x| x.id == c.id) {
                    f.categories.push(CategoryFilter {
                        id: c.id,
                        name: c.name.clone(),
                        ids: vocabulary.category_and_descendants(c.id),
                        kind: c.kind.clone(),
                        slug: c.slug.clone(),
                    });
                }
            }
            Named::Merchant(i) => {
                let m = &vocabulary.merchants[i];
                if !f.merchants.contains(m) {
                    f.merchants.push(m.clone());
                }
            }
            Named::Account(i) => push_account(&mut f, vocabulary, i),
            Named::AccountKind(i) => {
                for j in vocabulary.accounts_of_kind(&vocabulary.accounts[i].kind) {
                    push_account(&mut f, vocabulary, j);
                }
            }
            Named::Tag(i) => {
                let t = &vocabulary.tags[i];
                if !f.tags.contains(t) {
                    f.tags.push(t.clone());
                }
            }
            Named::Budget(i) => f.budget = Some(vocabulary.budgets[i].name.clone()),
            Named::Goal(i) => f.goal = Some(vocabulary.goals[i].clone()),
        }
    }
    f.amount_over = p.amount_over;
    f.amount_under = p.amount_under;
    f.text = p.text.clone();
    f
}

fn push_account(f: &mut Filters, vocabulary: &Vocabulary, i: usize) {
    let a = &vocabulary.accounts[i];
    if !f.accounts.iter().any(|x| x.id == a.id) {
        f.accounts.push(AccountFilter {
            id: a.id,
            name: a.name.clone(),
        });
    }
}

/// Whether every category named is an income category (so "salary" asks for income).
fn income_categories(f: &Filters, vocabulary: &Vocabulary) -> bool {
    !f.categories.is_empty()
        && f.categories.iter().all(|c| {
            vocabulary
                .categories
                .iter()
                .any(|v| v.id == c.id && v.kind == "income")
        })
}

/// "Went up" said of spending or income compares with the period before.
fn went_up_is_comparison(p: &Parsed) -> bool {
    p.price_increase
        && !p.asks.contains(&AskWord::Recurring)
        && p.asks
            .iter()
            .any(|a| matches!(a, AskWord::Spending | AskWord::HowMuch | AskWord::Income))
}

/// The ask the words say, if any.
fn said_ask(p: &Parsed, f: &Filters, vocabulary: &Vocabulary) -> Option<Ask> {
    let has = |a: AskWord| p.asks.contains(&a);
    // "Did my grocery spending go up?" compares spending; "which subscriptions went up"
    // asks for price increases.
    if p.price_increase && !went_up_is_comparison(p) {
        return Some(Ask::Recurring {
            view: RecurringView::PriceIncreases,
        });
    }
    // "How much have I saved for the summer holiday", "Urlaubsziel": a goal named with an
    // amount asked is the goal; a budget named with "budget" said, the budget.
    let amount_asked = p.asks.iter().all(|a| {
        matches!(
            a,
            AskWord::Goals | AskWord::CashFlow | AskWord::HowMuch | AskWord::Spending
        )
    });
    if f.goal.is_some() && amount_asked && !has(AskWord::Budgets) {
        return Some(Ask::Goals);
    }
    // "How many price increase alerts": the insights of that kind.
    if p.kind.is_some() && has(AskWord::Insights) {
        return Some(Ask::Insights);
    }
    if p.ended
        && (has(AskWord::Recurring) || p.recurring_category.is_some() || !f.merchants.is_empty())
    {
        return Some(Ask::Recurring {
            view: RecurringView::Ended,
        });
    }
    if has(AskWord::Income) && has(AskWord::Spending) {
        return Some(Ask::CashFlow);
    }
    let word = PRECEDENCE.iter().copied().find(|a| has(*a));
    // "How many subscriptions", "wie viele Abos", "any unusual…? how many": the count of
    // those things (the answer states it), not of transactions.
    let counted = [AskWord::Recurring, AskWord::Anomalies, AskWord::Insights];
    let word = match word {
        Some(AskWord::Count) => counted.into_iter().find(|a| has(*a)).or(word),
        other => other,
    };
    if p.upcoming_days.is_some()
        && matches!(
            word,
            None | Some(AskWord::Transactions | AskWord::Spending | AskWord::Recurring)
        )
    {
        let days = p.upcoming_days.unwrap_or(30);
        return Some(Ask::Recurring {
            view: RecurringView::Upcoming { days },
        });
    }
    let word = word?;
    Some(match word {
        AskWord::Count => Ask::Count,
        AskWord::Balances => Ask::Balances,
        AskWord::NetWorth => Ask::NetWorth,
        AskWord::CashFlow => Ask::CashFlow,
        AskWord::Budgets => Ask::Budgets,
        AskWord::Goals => Ask::Goals,
        AskWord::Recurring => Ask::Recurring {
            view: if let Some(days) = p.upcoming_days {
                RecurringView::Upcoming { days }
            } else if p.monthly_total {
                RecurringView::MonthlyTotal
            } else {
                RecurringView::List
            },
        },
        AskWord::Anomalies => Ask::Anomalies,
        AskWord::Insights => Ask::Insights,
        AskWord::Forecast => Ask::Forecast,
        AskWord::Search => Ask::Search {
            query: String::new(),
        },
        AskWord::Income => Ask::Income,
        // "Wie viel Geld ist auf meinem Girokonto?", "how much on my savings": an amount
        // asked of an account, with nothing spent, bought or dated, is its balance.
        AskWord::HowMuch
            if !f.accounts.is_empty()
                && f.categories.is_empty()
                && f.merchants.is_empty()
                && p.periods.is_empty() =>
        {
            Ask::Balances
        }
        AskWord::Spending | AskWord::HowMuch if income_categories(f, vocabulary) => Ask::Income,
        AskWord::Spending | AskWord::HowMuch => Ask::Spending,
        AskWord::Transactions if p.group_by.is_some() && p.superlative.is_none() => Ask::Spending,
        AskWord::Transactions => Ask::Transactions,
    })
}

/// What a question with no ask word but some subject asks.
fn implied_ask(p: &Parsed, f: &Filters, vocabulary: &Vocabulary) -> Option<Ask> {
    if !f.categories.is_empty() || !f.merchants.is_empty() || !f.tags.is_empty() {
        return Some(if income_categories(f, vocabulary) {
            Ask::Income
        } else {
            Ask::Spending
        });
    }
    if f.amount_over.is_some() || f.amount_under.is_some() || f.text.is_some() || p.recent {
        return Some(Ask::Transactions);
    }
    if !f.accounts.is_empty() {
        return Some(Ask::Balances);
    }

    // "Compare October and November": what is compared, unsaid, is spending.
    if p.group_by.is_some() || p.superlative.is_some() || p.compare_at.is_some() {
        return Some(Ask::Spending);
    }
    None
}

fn needs_period(ask: &Ask) -> bool {
    matches!(
        ask,
        Ask::Spending | Ask::Income | Ask::CashFlow | Ask::Count
    )
}

/// The default period when none is said, by what is asked.
fn default_period(intent: &Intent, today: NaiveDate) -> Option<Period> {
    let mut p = if intent.average_per.is_some() {
        period::last_whole_months(12, today)
    } else if matches!(intent.group_by, Some(GroupBy::Month | GroupBy::Week)) {
        let start = period::first_of_month(today.year(), today.month())
            .checked_sub_months(Months::new(11))
            .unwrap_or(NaiveDate::MIN);
        period::period(
            start,
            today,
            PeriodSaid::Last {
                count: 12,
                unit: PeriodUnit::Month,
            },
            today,
        )
    } else if needs_period(&intent.ask)
        || (intent.ask == Ask::Transactions
            && intent.sort.is_some_and(|s| s.key == SortKey::Amount))
    {
        period::fixed(super::lexicon::FixedPeriod::ThisMonth, today)
    } else {
        return None;
    };
    p.assumed = true;
    Some(p)
}

/// The period compared with: `against`, or for "same period last year" a year back.
fn comparison(
    main: &Period,
    against: Option<Period>,
    same_period_last_year: bool,
    difference: bool,
    today: NaiveDate,
) -> Option<Comparison> {
    let (basis, against) = match against {
        Some(a) => {
            let previous = period::previous_of(main, today);
            let year_back = period::year_earlier(main, today);
            let basis = if (a.start, a.end) == (previous.start, previous.end) {
                ComparisonBasis::PreviousPeriod
            } else if (a.start, a.end) == (year_back.start, year_back.end) {
                ComparisonBasis::SamePeriodLastYear
            } else {
                ComparisonBasis::Named
            };
            (basis, a)
        }
        None if same_period_last_year => (
            ComparisonBasis::SamePeriodLastYear,
            period::year_earlier(main, today),
        ),
        // "How much more", "did it go up": than the period before.
        None => (
            ComparisonBasis::PreviousPeriod,
            period::previous_of(main, today),
        ),
    };
    Some(Comparison {
        basis,
        against,
        difference,
        less: false,
    })
}

/// "than last month" alone: the main period is the one it is compared against's successor
/// ("this month" for "last month", "this year" for "last year").
fn main_for(against: &Period, today: NaiveDate) -> Period {
    use super::lexicon::FixedPeriod::*;
    let which = match against.said {
        PeriodSaid::LastYear | PeriodSaid::Year { .. } => ThisYear,
        PeriodSaid::LastWeek | PeriodSaid::Yesterday => ThisWeek,
        PeriodSaid::LastQuarter | PeriodSaid::Quarter { .. } => ThisQuarter,
        _ => ThisMonth,
    };
    let mut p = period::fixed(which, today);
    p.assumed = true;
    p
}

/// Builds the intent. `previous` is used only for a follow-up.
pub fn assemble(
    mut p: Parsed,
    vocabulary: &Vocabulary,
    today: NaiveDate,
    previous: Option<&Intent>,
) -> (Intent, bool) {
    let f = filters(&p, vocabulary);
    let said = said_ask(&p, &f, vocabulary);
    let previous = previous.filter(|i| !i.is_out_of_scope());
    let has_slot = !p.periods.is_empty()
        || p.before.is_some()
        || !f.is_empty()
        || p.group_by.is_some()
        || p.compare_at.is_some()
        || p.currency.is_some()
        || p.average
        || p.superlative.is_some();
    // "Where was it?" after unusual purchases: their merchants.
    let names_of_anomalies = previous.is_some_and(|i| i.ask == Ask::Anomalies)
        && said.is_none()
        && p.group_by == Some(GroupBy::Merchant)
        && f.is_empty()
        && p.periods.is_empty();
    // "How many times?", "show me those": a count or a list of what was just summed.
    let sums = |a: &Ask| {
        matches!(
            a,
            Ask::Spending | Ask::Income | Ask::Count | Ask::Transactions
        )
    };
    let ask_only = !has_slot
        && matches!(said, Some(Ask::Count | Ask::Transactions))
        && previous.is_some_and(|i| sums(&i.ask));
    // "How much more do I need for it?", "and what's left?" after a goal or budget.
    let figure_only = p.figure.is_some()
        && f.goal.is_none()
        && f.budget.is_none()
        && f.categories.is_empty()
        && previous.is_some_and(|i| matches!(i.ask, Ask::Goals | Ask::Budgets));
    let follow_up = previous.is_some()
        && (p.follow_up_marker
            || (said.is_none() && has_slot)
            || ask_only
            || figure_only
            || names_of_anomalies);
    let said = if figure_only { None } else { said };

    if !p.unknown.is_empty() && !matches!(said, Some(Ask::Search { .. })) {
        return (Intent::out_of_scope(OutOfScopeReason::NotUnderstood), false);
    }

    // "Last month than the month before": the month before the one said.
    if p.before_compared {
        p.before = None;
    }
    // Periods: a compared-with one, and the main one.
    // Two periods with no comparison word ("October and November") compare too.
    let mut against = None;
    let mut main = None;
    for found in std::mem::take(&mut p.periods) {
        if Some(found.at) == p.compare_at {
            against = Some(found.period);
        } else if main.is_none() {
            main = Some(found.period);
        } else if against.is_none()
            && p.compare_at.is_none()
            && main.as_ref().is_some_and(|m: &Period| {
                (m.start, m.end) != (found.period.start, found.period.end)
            })
        {
            against = Some(found.period);
        }
    }

    let mut intent = if follow_up {
        let mut i = previous
            .cloned()
            .expect("a follow-up has a previous intent");
        // "how much" alone keeps an amount question's ask ("and how much in October?").
        let only_how_much = p.asks.iter().all(|a| *a == AskWord::HowMuch);
        let keeps = only_how_much && matches!(i.ask, Ask::Spending | Ask::Income | Ask::CashFlow)
            // "and in the next 90 days?" after a forecast: the same forecast, further.
            || i.ask == Ask::Forecast && p.asks.is_empty() && p.upcoming_days.is_some();
        if let Some(ask) = said.clone().filter(|_| !keeps) {
            i.ask = ask;
        }
        let new_subject = !f.categories.is_empty() || !f.merchants.is_empty() || !f.tags.is_empty();
        if new_subject {
            i.filters.categories = f.categories.clone();
            i.filters.merchants = f.merchants.clone();
            i.filters.tags = f.tags.clone();
            if matches!(i.ask, Ask::Income | Ask::Spending) {
                i.ask = if income_categories(&f, vocabulary) {
                    Ask::Income
                } else {
                    Ask::Spending
                };
            }
        }
        if !f.accounts.is_empty() {
            i.filters.accounts = f.accounts.clone();
        }
        if f.goal.is_some() {
            i.filters.goal = f.goal.clone();
        }
        if f.budget.is_some() || (i.ask == Ask::Budgets && !f.categories.is_empty()) {
            i.filters.budget = f.budget.clone();
        }
        if f.amount_over.is_some() || f.amount_under.is_some() {
            i.filters.amount_over = f.amount_over;
            i.filters.amount_under = f.amount_under;
        }
        if f.text.is_some() {
            i.filters.text = f.text.clone();
        }
        // "The day before yesterday" steps back from the period said; "and the month
        // before?" from the previous question's.
        if let Some(before) = &p.before {
            let base = main
                .clone()
                .or_else(|| i.period.clone())
                .unwrap_or_else(|| period::fixed(super::lexicon::FixedPeriod::ThisMonth, today));
            main = Some(period::before(&base, before.unit, today));
        }
        if let Some(m) = main.clone() {
            i.period = Some(m);
        }
        i
    } else {
        let Some(ask) = said.or_else(|| implied_ask(&p, &f, vocabulary)) else {
            return (Intent::out_of_scope(OutOfScopeReason::NotUnderstood), false);
        };
        let mut i = Intent::new(ask);
        i.filters = f;
        if let Some(before) = &p.before {
            let base = main
                .clone()
                .unwrap_or_else(|| period::fixed(super::lexicon::FixedPeriod::ThisMonth, today));
            main = Some(period::before(&base, before.unit, today));
        }
        i.period = main.clone();
        i
    };

    // A search whose words all name categories or merchants exactly is a filtered list;
    // otherwise its words are the query, read by meaning.
    if let Ask::Search { query } = &mut intent.ask {
        p.subject_words.sort_by_key(|(at, _, _)| *at);
        if p.subject_words.is_empty() {
            return (Intent::out_of_scope(OutOfScopeReason::NotUnderstood), false);
        }
        if p.subject_words.iter().all(|(_, _, exact)| *exact) {
            intent.ask = Ask::Transactions;
        } else {
            let words: Vec<&str> = p.subject_words.iter().map(|(_, w, _)| w.as_str()).collect();
            *query = words.join(" ");
            intent.filters.categories.clear();
            intent.filters.merchants.clear();
        }
    }

    // Shaping.
    if p.group_by.is_some() {
        intent.group_by = p.group_by;
    }
    if p.average {
        intent.average_per = Some(p.average_unit.unwrap_or(AverageUnit::Month));
        if intent.group_by == Some(GroupBy::Month) {
            intent.group_by = None;
        }
    }
    // "Which supermarket did I spend most at", "quel restaurant m'a coûté le plus": the
    // merchants of that category.
    if p.which
        && p.superlative.is_some()
        && p.group_by.is_none()
        && !intent.filters.categories.is_empty()
        && matches!(intent.ask, Ask::Spending | Ask::Transactions)
    {
        p.group_by = Some(GroupBy::Merchant);
        intent.group_by = p.group_by;
        intent.ask = Ask::Spending;
    }
    if let Some(descending) = p.superlative {
        intent.sort = Some(Sort {
            key: SortKey::Amount,
            descending,
        });
        // "the biggest expense" is one; "the biggest expenses" a few.
        intent.limit = Some(p.limit.unwrap_or(if p.plural { 5 } else { 1 }));
        // "the biggest expense" is one transaction; "where … the most" is a grouping.
        if matches!(intent.ask, Ask::Spending) && intent.group_by.is_none() {
            intent.ask = Ask::Transactions;
        } else if matches!(intent.ask, Ask::Income | Ask::Count) && intent.group_by.is_none() {
            intent.group_by = Some(GroupBy::Category);
        }
    } else if p.recent && !matches!(intent.ask, Ask::Spending | Ask::Income) {
        intent.ask = match intent.ask {
            Ask::Count => Ask::Count,
            _ => Ask::Transactions,
        };
        intent.sort = Some(Sort {
            key: SortKey::Date,
            descending: true,
        });
        intent.limit = p.limit.or(intent.limit);
    } else if let Some(n) = p.limit {
        intent.limit = Some(n);
    }
    if let Some(c) = &p.currency {
        intent.currency = Some(c.clone());
    }
    // "How much is my Netflix subscription", "what does the gym cost", "cuánto pago por el
    // gimnasio": with no period, what a recurring payment costs, not what was spent.
    let per_month = intent.group_by == Some(GroupBy::Month);
    let no_shaping = intent.compare.is_none()
        && (intent.group_by.is_none() || per_month)
        && intent.sort.is_none()
        && !p.average
        && intent.period.is_none()
        && !p.all_time
        && against.is_none();
    let named = !intent.filters.merchants.is_empty() || !intent.filters.categories.is_empty();
    // "How much is my monthly salary": with no period, what the recurring income brings.
    let monthly_income = per_month && intent.ask == Ask::Income && named;
    if monthly_income && !follow_up && no_shaping {
        intent.ask = Ask::Recurring {
            view: RecurringView::List,
        };
        intent.group_by = None;
        p.asks.push(AskWord::HowMuch);
    }
    if !follow_up
        && no_shaping
        && named
        && (p.recurring_category.is_some() || p.present_cost)
        && matches!(intent.ask, Ask::Spending | Ask::Transactions)
    {
        // "What does Spotify charge me per month": its monthly cost.
        intent.ask = Ask::Recurring {
            view: if per_month {
                RecurringView::MonthlyTotal
            } else {
                RecurringView::List
            },
        };
        intent.group_by = None;
    }
    // The subscription word beside another category ("abonnements streaming") names that
    // category's kind, not a second one.
    if let Some(Named::Category(i)) = p.recurring_category
        && intent.filters.categories.len() > 1
    {
        let id = vocabulary.categories[i].id;
        intent.filters.categories.retain(|c| c.id != id);
    }
    // "Total des dépenses de plus de 500 €": the matching transactions' total.
    if intent.ask == Ask::Spending
        && (intent.filters.amount_over.is_some() || intent.filters.amount_under.is_some())
        && intent.group_by.is_none()
        && intent.compare.is_none()
    {
        intent.ask = Ask::Transactions;
    }
    if let Ask::Recurring { view } = intent.ask {
        // The subscription word named the merchant's kind, not a second filter.
        if !intent.filters.merchants.is_empty()
            && let Some(Named::Category(i)) = p.recurring_category
        {
            let id = vocabulary.categories[i].id;
            intent.filters.categories.retain(|c| c.id != id);
        }
        let amount_asked = p
            .asks
            .iter()
            .any(|a| matches!(a, AskWord::HowMuch | AskWord::Spending));
        let one_named =
            !intent.filters.merchants.is_empty() || !intent.filters.categories.is_empty();
        if amount_asked
            && (matches!(view, RecurringView::Upcoming { .. })
                || (view == RecurringView::List && one_named))
        {
            p.figure = p.figure.or(Some(FigureAsked::Amount));
        }
    }
    // A goal named: the words that also named a category ("vacances") named the goal.
    if intent.ask == Ask::Goals && intent.filters.goal.is_some() {
        intent.filters.categories.clear();
    }
    if names_of_anomalies {
        intent.group_by = None;
        p.which = true;
    }
    // Anomalies and insights of a kind; "lately" is the last 30 days, else all stored.
    if matches!(intent.ask, Ask::Anomalies | Ask::Insights) {
        intent.kind = p.kind.or(intent.kind.filter(|_| follow_up));
        // "Qué categorías se dispararon", "categories with spikes": the names of them.
        if p.group_by.is_some() {
            p.which = true;
            intent.group_by = None;
        }
        if intent.ask == Ask::Anomalies && p.lately && intent.period.is_none() {
            intent.period = Some(period::last(30, PeriodUnit::Day, today));
        }
    }
    // The biggest or smallest transactions, no currency said: each currency on its own.
    let ranked = intent.ask == Ask::Transactions
        && intent.sort.is_some_and(|s| s.key == SortKey::Amount)
        && intent.currency.is_none();
    intent.ranked_currencies = if ranked {
        let mut currencies: Vec<String> = vocabulary
            .accounts
            .iter()
            .map(|a| a.currency.clone())
            .collect();
        currencies.sort_by_key(|c| (*c != vocabulary.base_currency, c.clone()));
        currencies.dedup();
        if currencies.len() > 1 {
            currencies
        } else {
            Vec::new()
        }
    } else {
        Vec::new()
    };
    // Each question says for itself whether it asks a percentage or what was spent.
    intent.percent = p.percent;
    intent.figure = match p.figure {
        _ if p.when && matches!(intent.ask, Ask::Goals | Ask::Recurring { .. }) => {
            Some(FigureAsked::When)
        }
        // "und beim Kaffee-Budget?" after "what is left": the same figure of another.
        None if follow_up => previous.and_then(|i| i.figure),
        figure => figure,
    };
    intent.budget_spent = intent.ask == Ask::Budgets && p.asks.contains(&AskWord::Spending);
    intent.names_asked = p.which;
    intent.owed = p.owed && intent.ask == Ask::Balances;
    if intent.ask == Ask::Forecast {
        intent.forecast_of = if p.asks.contains(&AskWord::Spending) {
            Some(ForecastOf::Spending)
        } else if p.asks.contains(&AskWord::CashFlow) {
            Some(ForecastOf::Net)
        } else {
            previous.and_then(|i| i.forecast_of).filter(|_| follow_up)
        };
    }

    // Periods and comparison. "Ever" is all of the user's history, from a date before any
    // bank data the app imports.
    // "In the same month last year" with no comparison word is a period of its own.
    if intent.period.is_none() && p.same_period_alone {
        intent.period = Some(period::fixed(
            super::lexicon::FixedPeriod::ThisTimeLastYear,
            today,
        ));
    }
    if intent.period.is_none() && p.all_time {
        let start = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a valid date");
        let mut all = period::period(start, today, PeriodSaid::Range, today);
        all.text = "ever".to_string();
        intent.period = Some(all);
    }
    if intent.period.is_none() {
        if let Some(a) = &against {
            intent.period = Some(main_for(a, today));
        } else {
            intent.period = default_period(&intent, today);
        }
    }
    if let Some(main) = intent.period.clone() {
        if p.before_compared && against.is_none() {
            against = Some(period::previous_of(&main, today));
        }
        let wants = against.is_some()
            || p.same_period_last_year
            || p.difference
            || went_up_is_comparison(&p);
        if wants {
            intent.compare =
                comparison(&main, against, p.same_period_last_year, p.difference, today).map(|c| {
                    Comparison {
                        less: p.less && p.difference,
                        ..c
                    }
                });
        } else if follow_up {
            // A follow-up with a new period compares the new period the same way.
            if let Some(c) = intent.compare.clone() {
                intent.compare = match c.basis {
                    ComparisonBasis::PreviousPeriod => Some(Comparison {
                        against: period::previous_of(&main, today),
                        ..c
                    }),
                    ComparisonBasis::SamePeriodLastYear => Some(Comparison {
                        against: period::year_earlier(&main, today),
                        ..c
                    }),
                    ComparisonBasis::Named => None,
                };
            }
        }
    }
    // "in the next 60 days": the forecast's horizon, today to that day.
    if intent.ask == Ask::Forecast
        && let Some(days) = p.upcoming_days
    {
        intent.period = Some(Period {
            start: today,
            end: today + chrono::Days::new(u64::from(days)),
            said: PeriodSaid::Range,
            assumed: false,
            text: String::new(),
        });
    }
    (intent, follow_up)
}
