//! The planner: what the offline parser understood (an `Intent`) becomes calls of the read
//! tools, by name with JSON arguments, exactly as the LLM path and MCP call them.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::tools::Period;
use crate::understand::{
    Ask, ComparisonBasis, FigureAsked, GroupBy, Intent, RecurringView, SortKey,
};

/// One call of a read tool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolCall {
    pub name: String,
    pub arguments: Value,
}

impl ToolCall {
    pub fn new(name: &str, arguments: Value) -> Self {
        Self {
            name: name.to_string(),
            arguments,
        }
    }
}

/// The period a question without one means: this month so far.
fn default_period(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    (today.with_day(1).unwrap_or(today), today)
}

/// How far back a price increase counts: the period asked about, else "recently", the last
/// 60 days (the evaluation set's definition, services/ask/eval/README.md).
fn price_changes_since(intent: &Intent, today: NaiveDate) -> NaiveDate {
    intent
        .period
        .as_ref()
        .filter(|p| !p.assumed)
        .map_or(today - chrono::Days::new(60), |p| p.start)
}

/// The last day of the period the question said, if it said one.
fn said_end(intent: &Intent) -> Option<NaiveDate> {
    intent.period.as_ref().filter(|p| !p.assumed).map(|p| p.end)
}

/// The calls that answer `intent`; none for an out-of-scope question.
pub fn plan(intent: &Intent, today: NaiveDate) -> Vec<ToolCall> {
    let (from, to) = intent
        .period
        .as_ref()
        .map_or_else(|| default_period(today), |p| (p.start, p.end));
    let f = &intent.filters;
    let categories: Vec<&str> = f.categories.iter().map(|c| c.name.as_str()).collect();
    let merchants = &f.merchants;
    let account = f.accounts.first().map(|a| a.name.clone());
    let tag = f.tags.first().cloned();
    match &intent.ask {
        Ask::Spending | Ask::Income => {
            let group_by = match intent.group_by {
                None => "none",
                Some(GroupBy::Day) => "day",
                Some(GroupBy::Week) => "week",
                Some(GroupBy::Month) => "month",
                Some(GroupBy::Category) => "category",
                Some(GroupBy::Merchant) => "merchant",
                Some(GroupBy::Account) => "account",
            };
            // The tool compares by itself when its own other period is the one the parser
            // resolved; any other period the parser chose is a second call over its dates.
            let own = Period::new(from, to).ok();
            let (compare, second) = match &intent.compare {
                None => ("none", None),
                Some(c) => {
                    let against = Period::new(c.against.start, c.against.end).ok();
                    match c.basis {
                        ComparisonBasis::PreviousPeriod if own.map(|p| p.previous()) == against => {
                            ("previous_period", None)
                        }
                        ComparisonBasis::SamePeriodLastYear
                            if own.map(|p| p.a_year_earlier()) == against =>
                        {
                            ("same_period_last_year", None)
                        }
                        _ => ("none", Some((c.against.start, c.against.end))),
                    }
                }
            };
            let flow = if intent.ask == Ask::Income {
                "income"
            } else {
                "spending"
            };
            let args = |from: NaiveDate, to: NaiveDate, group_by: &str, compare: &str| {
                json!({
                    "flow": flow, "from": from, "to": to, "categories": categories,
                    "merchants": merchants, "account": account, "tag": tag, "text": f.text,
                    "group_by": group_by, "compare": compare,
                })
            };
            let mut calls = vec![ToolCall::new("spending", args(from, to, group_by, compare))];
            // A period the question named is a second call over it.
            if let Some((start, end)) = second {
                calls.push(ToolCall::new("spending", args(start, end, "none", "none")));
            }
            calls
        }
        Ask::Transactions | Ask::Count => {
            // "How many times", "purchases over 100": money out, or money in when the
            // category is income ("how many salary payments").
            let counted = if f.categories.first().is_some_and(|c| c.kind == "income") {
                "in"
            } else {
                "out"
            };
            let measured =
                intent.ask == Ask::Count || f.amount_over.is_some() || f.amount_under.is_some();
            // "How many transactions last month", with nothing else said: every one of them,
            // transfers included, as the transactions list shows them.
            let everything = intent.ask == Ask::Count && f.is_empty();
            let (sort, direction) = match intent.sort {
                Some(s) if s.key == SortKey::Amount && s.descending => ("largest", "out"),
                Some(s) if s.key == SortKey::Amount => ("smallest", "out"),
                Some(s) if s.key == SortKey::Date && !s.descending => ("oldest", "any"),
                _ if everything => ("newest", "any"),
                _ if measured => ("newest", counted),
                _ => ("newest", "any"),
            };
            let (from, to) = match &intent.period {
                Some(p) => (Some(p.start), Some(p.end)),
                None if intent.ask == Ask::Count => (None, None),
                None => (None, None),
            };
            let call = |currency: Option<&str>| {
                ToolCall::new(
                    "transactions",
                    json!({
                        "from": from, "to": to, "categories": categories, "merchants": merchants,
                        "account": account, "tag": tag, "text": f.text,
                        "amount_over": f.amount_over, "amount_under": f.amount_under,
                        "direction": direction, "include_transfers": everything, "sort": sort,
                        "limit": intent.limit.unwrap_or(10).clamp(1, 100),
                        "currency": currency,
                    }),
                )
            };
            // Ranked by amount with several currencies: each currency on its own.
            if intent.ranked_currencies.is_empty() {
                vec![call(intent.currency.as_deref())]
            } else {
                intent
                    .ranked_currencies
                    .iter()
                    .map(|c| call(Some(c.as_str())))
                    .collect()
            }
        }
        // A period said ("at the end of last month"): the balances at its end.
        Ask::Balances => vec![ToolCall::new(
            "balances",
            json!({ "account": account, "on": said_end(intent) }),
        )],
        Ask::NetWorth => vec![ToolCall::new(
            "net_worth",
            json!({ "currency": intent.currency, "on": said_end(intent) }),
        )],
        Ask::CashFlow => {
            let group_by = match intent.group_by {
                Some(GroupBy::Week) => "week",
                Some(GroupBy::Month) => "month",
                _ => "none",
            };
            let mut calls = vec![ToolCall::new(
                "cash_flow",
                json!({ "from": from, "to": to, "group_by": group_by }),
            )];
            // "Did I save more this year than last year": the other period too.
            if let Some(c) = &intent.compare {
                calls.push(ToolCall::new(
                    "cash_flow",
                    json!({ "from": c.against.start, "to": c.against.end, "group_by": "none" }),
                ));
            }
            calls
        }
        Ask::Budgets => {
            let name = f.budget.as_deref().or(categories.first().copied());
            vec![ToolCall::new("budgets", json!({ "name": name }))]
        }
        Ask::Goals => vec![ToolCall::new("goals", json!({ "name": f.goal }))],
        Ask::Recurring { view } => {
            let (days, increases) = match view {
                // "When is the next rent payment": its next date, however far.
                RecurringView::Upcoming { .. } if intent.figure == Some(FigureAsked::When) => {
                    (None, false)
                }
                RecurringView::Upcoming { days } => (Some(*days), false),
                RecurringView::PriceIncreases => (None, true),
                RecurringView::List | RecurringView::MonthlyTotal | RecurringView::Ended => {
                    (None, false)
                }
            };
            vec![ToolCall::new(
                "recurring",
                json!({
                    "upcoming_within_days": days, "price_increases_only": increases,
                    "changed_since": increases.then(|| price_changes_since(intent, today)),
                    "ended_only": *view == RecurringView::Ended,
                }),
            )]
        }
        // The period asked ("lately" is the last 30 days; with a comparison, both periods);
        // otherwise every anomaly stored.
        Ask::Anomalies => {
            let start = intent.period.as_ref().map(|p| {
                intent
                    .compare
                    .as_ref()
                    .map_or(p.start, |c| p.start.min(c.against.start))
            });
            let days = start.map(|s| (today - s).num_days().clamp(1, 366));
            vec![ToolCall::new("anomalies", json!({ "days": days }))]
        }
        // All of them (the tool's most): the answer says how many there are.
        Ask::Insights => vec![ToolCall::new("insights", json!({ "limit": 50 }))],
        Ask::Forecast => {
            // The horizon nearest the period's end, 30 days when none was said.
            let ahead = intent
                .period
                .as_ref()
                .map_or(30, |p| (p.end - today).num_days());
            let days = [30, 60, 90].into_iter().find(|d| ahead <= *d).unwrap_or(90);
            vec![ToolCall::new("forecast", json!({ "days": days }))]
        }
        Ask::Search { query } => {
            let (from, to) = match &intent.period {
                Some(p) => (Some(p.start), Some(p.end)),
                None => (None, None),
            };
            vec![ToolCall::new(
                "search",
                json!({ "query": query, "from": from, "to": to, "limit": intent.limit.unwrap_or(10).clamp(1, 50) }),
            )]
        }
        Ask::OutOfScope { .. } => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::understand::{Comparison, Period as Said, PeriodSaid};

    fn said(start: &str, end: &str, as_said: PeriodSaid) -> Said {
        Said {
            start: start.parse().unwrap(),
            end: end.parse().unwrap(),
            said: as_said,
            assumed: false,
            text: String::new(),
        }
    }

    fn compared(period: Said, basis: ComparisonBasis, against: Said) -> Intent {
        let mut intent = Intent::new(Ask::Spending);
        intent.period = Some(period);
        intent.compare = Some(Comparison {
            basis,
            against,
            difference: false,
            less: false,
        });
        intent
    }

    #[test]
    fn the_tool_compares_when_its_other_period_is_the_parsers() {
        let today = "2026-04-10".parse().unwrap();
        let intent = compared(
            said("2026-03-01", "2026-03-31", PeriodSaid::LastMonth),
            ComparisonBasis::PreviousPeriod,
            said("2026-02-01", "2026-02-28", PeriodSaid::Range),
        );
        let calls = plan(&intent, today);
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].arguments["compare"], "previous_period");
    }

    #[test]
    fn another_period_the_parser_chose_is_a_second_call() {
        let today = "2026-12-06".parse().unwrap();
        // This year so far against the whole of last year.
        let intent = compared(
            said("2026-01-01", "2026-12-06", PeriodSaid::ThisYear),
            ComparisonBasis::PreviousPeriod,
            said("2025-01-01", "2025-12-31", PeriodSaid::LastYear),
        );
        let calls = plan(&intent, today);
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[0].arguments["compare"], "none");
        assert_eq!(calls[1].arguments["from"], "2025-01-01");
        assert_eq!(calls[1].arguments["to"], "2025-12-31");
    }

    fn category(name: &str, kind: &str) -> crate::understand::CategoryFilter {
        crate::understand::CategoryFilter {
            id: uuid::Uuid::nil(),
            name: name.into(),
            ids: vec![],
            kind: kind.into(),
            slug: None,
        }
    }

    fn direction(ask: Ask, filters: crate::understand::Filters) -> Value {
        let mut intent = Intent::new(ask);
        intent.filters = filters;
        plan(&intent, "2026-03-10".parse().unwrap())[0].arguments["direction"].clone()
    }

    #[test]
    fn counts_and_amount_filters_measure_money_out_or_income_in() {
        use crate::understand::Filters;
        use rust_decimal::Decimal;
        // "How many times at Rewe": a refund from Rewe is no visit.
        let at_rewe = Filters {
            merchants: vec!["Rewe".into()],
            ..Filters::default()
        };
        assert_eq!(direction(Ask::Count, at_rewe), "out");
        let salary = Filters {
            categories: vec![category("Salary", "income")],
            ..Filters::default()
        };
        assert_eq!(direction(Ask::Count, salary), "in");
        // "Purchases over 100" and "payments under 5".
        let over = Filters {
            amount_over: Some(Decimal::from(100)),
            ..Filters::default()
        };
        assert_eq!(direction(Ask::Transactions, over), "out");
        let under = Filters {
            amount_under: Some(Decimal::from(5)),
            categories: vec![category("Groceries", "expense")],
            ..Filters::default()
        };
        assert_eq!(direction(Ask::Transactions, under), "out");
        // Listing transactions, unfiltered, shows both ways.
        assert_eq!(direction(Ask::Transactions, Filters::default()), "any");
    }

    #[test]
    fn price_increases_are_recent_ones_or_those_of_the_period_asked() {
        let today = "2026-12-06".parse().unwrap();
        let mut intent = Intent::new(Ask::Recurring {
            view: crate::understand::RecurringView::PriceIncreases,
        });
        let calls = plan(&intent, today);
        assert_eq!(calls[0].arguments["changed_since"], "2026-10-07");
        intent.period = Some(said("2026-01-01", "2026-12-06", PeriodSaid::ThisYear));
        let calls = plan(&intent, today);
        assert_eq!(calls[0].arguments["changed_since"], "2026-01-01");
        let list = Intent::new(Ask::Recurring {
            view: crate::understand::RecurringView::List,
        });
        assert_eq!(
            plan(&list, today)[0].arguments["changed_since"],
            Value::Null
        );
    }

    #[test]
    fn out_of_scope_calls_nothing() {
        let intent = Intent::out_of_scope(crate::understand::OutOfScopeReason::Weather);
        assert!(plan(&intent, "2026-12-06".parse().unwrap()).is_empty());
    }
}
