//! The answer's headline: the one figure its sentence states, machine-readable, so a client
//! (or the evaluation) can use it without reading the sentence. It is taken from the same
//! tool results the sentence is worded from, by the same choices.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::format::amount_of;
use super::plan::ToolCall;
use crate::tools::Money;
use crate::tools::RoundHalfUp;
use crate::understand::{
    Ask, AverageUnit, FigureAsked, ForecastOf, Intent, PatternKind, RecurringView,
};

/// The figure an answer states.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Figure {
    /// One amount per currency (never summed across them); empty when the answer is "nothing".
    Amount {
        #[schema(value_type = Vec<Object>)]
        amounts: Vec<Money>,
    },
    Count {
        count: i64,
    },
    /// A percentage: 42.5 is 42.5 %.
    Percent {
        #[schema(value_type = String)]
        percent: Decimal,
    },
    /// A day; null when the answer is that there is none (a goal not reached at this pace).
    Date {
        date: Option<NaiveDate>,
    },
    /// Names (merchants, categories), in the order stated.
    List {
        items: Vec<String>,
    },
}

fn items<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v[key].as_array().map_or(&[], Vec::as_slice)
}

fn money_of(v: &Value) -> Option<Money> {
    amount_of(v).map(|(a, c)| Money::new(a, c))
}

fn decimal(v: &Value) -> Option<Decimal> {
    match v {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.to_string().parse().ok(),
        _ => None,
    }
}

fn amounts(values: &[Value]) -> Figure {
    Figure::Amount {
        amounts: values.iter().filter_map(money_of).collect(),
    }
}

fn count(n: usize) -> Figure {
    Figure::Count {
        count: i64::try_from(n).unwrap_or(i64::MAX),
    }
}

fn names(values: &[Value], key: &str, limit: usize) -> Figure {
    Figure::List {
        items: values
            .iter()
            .filter_map(|v| v[key].as_str())
            .take(limit)
            .map(str::to_string)
            .collect(),
    }
}

/// The headline of the answer worded from `results`; `None` when it states no figure.
pub fn of(intent: Option<&Intent>, results: &[(ToolCall, Value)]) -> Option<Figure> {
    let (call, out) = results.first()?;
    // Ranked per currency: the biggest of each; a list, of the first currency that has any.
    if call.name == "transactions" && results.len() > 1 {
        let limit = intent.and_then(|i| i.limit).unwrap_or(1) as usize;
        let found: Vec<&Value> = results
            .iter()
            .map(|(_, out)| out)
            .filter(|out| out["count"].as_i64().unwrap_or(0) > 0)
            .collect();
        if limit > 1 {
            return of(intent, &[(call.clone(), (*found.first()?).clone())]);
        }
        return Some(Figure::Amount {
            amounts: found
                .iter()
                .filter_map(|out| items(out, "transactions").first())
                .filter_map(|t| money_of(&t["amount"]))
                .map(|m| Money::new(m.amount.abs(), m.currency))
                .collect(),
        });
    }
    let args = &call.arguments;
    let limit = intent.and_then(|i| i.limit).unwrap_or(1) as usize;
    Some(match call.name.as_str() {
        "spending" => spending(intent, results),
        "transactions" => {
            let is_count = intent.is_some_and(|i| i.ask == Ask::Count);
            if is_count {
                Figure::Count {
                    count: out["count"].as_i64().unwrap_or(0),
                }
            } else if args["sort"] == "largest" && limit > 1 {
                let rows = items(out, "transactions");
                Figure::List {
                    items: rows
                        .iter()
                        .take(limit)
                        .map(|t| {
                            t["merchant"]
                                .as_str()
                                .or(t["description"].as_str())
                                .unwrap_or("")
                                .to_string()
                        })
                        .collect(),
                }
            } else if args["sort"] == "largest" {
                // Its size: the question said which way the money went.
                let first = items(out, "transactions").first();
                Figure::Amount {
                    amounts: first
                        .and_then(|t| money_of(&t["amount"]))
                        .map(|m| Money::new(m.amount.abs(), m.currency))
                        .into_iter()
                        .collect(),
                }
            } else if out["count"].as_i64().unwrap_or(0) == 0 {
                Figure::Amount { amounts: vec![] }
            } else if args["direction"] == "out" {
                // Money out is stated as its size, as the sentence does.
                Figure::Amount {
                    amounts: items(out, "totals")
                        .iter()
                        .filter_map(money_of)
                        .map(|m| Money::new(-m.amount, m.currency))
                        .collect(),
                }
            } else {
                amounts(items(out, "totals"))
            }
        }
        // "How much do I owe": the debt, a negative balance as a positive amount.
        "balances" if intent.is_some_and(|i| i.owed) => Figure::Amount {
            amounts: items(out, "totals")
                .iter()
                .filter_map(money_of)
                .map(|m| Money::new(-m.amount, m.currency))
                .collect(),
        },
        "balances" => amounts(items(out, "totals")),
        "net_worth" => {
            let per: Vec<Value> = items(out, "currencies")
                .iter()
                .map(|c| c["net_worth"].clone())
                .collect();
            if out["converted"].is_object() && per.len() > 1 {
                amounts(std::slice::from_ref(&out["converted"]))
            } else {
                amounts(&per)
            }
        }
        "cash_flow" if intent.is_some_and(|i| i.percent) => Figure::Percent {
            percent: super::wording::savings_rate(out)?.0,
        },
        "cash_flow" => {
            let net = |out: &Value| -> Vec<Money> {
                items(out, "totals")
                    .iter()
                    .filter_map(|c| money_of(&c["net"]))
                    .collect()
            };
            match results.get(1) {
                // Compared with another period: this one's net less the other's.
                Some((_, other)) => {
                    let before = net(other);
                    let less = intent
                        .and_then(|i| i.compare.as_ref())
                        .is_some_and(|c| c.less);
                    Figure::Amount {
                        amounts: net(out)
                            .into_iter()
                            .map(|now| {
                                let then = before
                                    .iter()
                                    .find(|b| b.currency == now.currency)
                                    .map_or(Decimal::ZERO, |b| b.amount);
                                let diff = if less {
                                    then - now.amount
                                } else {
                                    now.amount - then
                                };
                                Money::new(diff, now.currency)
                            })
                            .collect(),
                    }
                }
                None => Figure::Amount { amounts: net(out) },
            }
        }
        "budgets" => {
            let first = items(out, "budgets").first()?;
            if intent.is_some_and(|i| i.percent) {
                Figure::Percent {
                    percent: decimal(&first["utilization_percent"])?,
                }
            } else if intent.is_some_and(|i| i.budget_spent) {
                amounts(std::slice::from_ref(&first["spent"]))
            } else {
                amounts(std::slice::from_ref(&first[budget_figure(intent)]))
            }
        }
        "goals" => {
            let first = items(out, "goals").first()?;
            let figure = intent.and_then(|i| i.figure);
            if intent.is_some_and(|i| i.percent) {
                Figure::Percent {
                    percent: decimal(&first["percent"])?,
                }
            } else if figure == Some(FigureAsked::When) {
                Figure::Date {
                    date: first["projected_completion"]
                        .as_str()
                        .and_then(|d| d.parse().ok()),
                }
            } else if figure == Some(FigureAsked::Left) {
                amounts(std::slice::from_ref(&first["remaining"]))
            } else if figure == Some(FigureAsked::Amount) {
                amounts(std::slice::from_ref(&first["target"]))
            } else {
                amounts(std::slice::from_ref(&first["saved"]))
            }
        }
        "recurring" => {
            let out = &recurring_selected(intent, out);
            let payments = items(out, "payments");
            let view = intent.and_then(|i| match i.ask {
                Ask::Recurring { view } => Some(view),
                _ => None,
            });
            let figure = intent.and_then(|i| i.figure);
            let upcoming = args["upcoming_within_days"].is_u64();
            let money_out: Vec<&Value> = payments
                .iter()
                .filter(|p| amount_of(&p["amount"]).is_some_and(|(a, _)| a.is_sign_negative()))
                .collect();
            // Price increases are named; upcoming payments when "which" asked for names.
            if figure == Some(FigureAsked::When) {
                Figure::Date {
                    date: payments
                        .iter()
                        .filter_map(|p| p["next_date"].as_str()?.parse::<NaiveDate>().ok())
                        .min(),
                }
            } else if upcoming && figure == Some(FigureAsked::Amount) {
                amounts(items(out, "upcoming_total"))
            } else if figure == Some(FigureAsked::Amount) {
                // What the payment named costs each time (income said as it comes in).
                Figure::Amount {
                    amounts: payments
                        .first()
                        .and_then(|p| money_of(&p["amount"]))
                        .map(|m| Money::new(m.amount.abs(), m.currency))
                        .into_iter()
                        .collect(),
                }
            } else if args["price_increases_only"] == true
                || args["ended_only"] == true
                || upcoming && intent.is_some_and(|i| i.names_asked)
            {
                let named: Vec<Value> = money_out.into_iter().cloned().collect();
                names(&named, "merchant", usize::MAX)
            } else if upcoming {
                count(payments.len())
            } else if view == Some(RecurringView::MonthlyTotal) {
                amounts(items(out, "monthly_total"))
            } else {
                count(super::wording::money_out(payments))
            }
        }
        "anomalies" | "insights" => {
            let found = patterns_selected(intent, call.name.as_str(), out);
            let names_asked = intent.is_some_and(|i| i.names_asked);
            if names_asked {
                Figure::List {
                    items: pattern_names(&found),
                }
            } else {
                count(found.len())
            }
        }
        "forecast" => {
            let of = intent.and_then(|i| i.forecast_of);
            let per: Vec<Value> = items(out, "currencies")
                .iter()
                .map(|c| {
                    if of == Some(ForecastOf::Spending) {
                        serde_json::to_value(forecast_spending(c)).unwrap_or_default()
                    } else if of != Some(ForecastOf::Net) && c["balance"].is_object() {
                        c["balance"].clone()
                    } else {
                        c["net"].clone()
                    }
                })
                .collect();
            amounts(&per)
        }
        "search" => count(items(out, "hits").len()),
        _ => return None,
    })
}

/// The recurring tool's output narrowed to the merchants or categories the question named
/// ("my Netflix subscription", "streaming subscriptions"), its totals recomputed over them.
pub fn recurring_selected(intent: Option<&Intent>, out: &Value) -> Value {
    let Some(f) = intent.map(|i| &i.filters) else {
        return out.clone();
    };
    if f.merchants.is_empty() && f.categories.is_empty() {
        return out.clone();
    }
    let ids: Vec<String> = f.category_ids().iter().map(ToString::to_string).collect();
    let wanted = |p: &Value| {
        let merchant = p["merchant"].as_str().unwrap_or("").to_lowercase();
        if !f.merchants.is_empty() {
            return f.merchants.iter().any(|m| {
                let m = m.to_lowercase();
                merchant.contains(&m) || m.contains(&merchant)
            });
        }
        p["category_id"]
            .as_str()
            .is_some_and(|id| ids.iter().any(|i| i == id))
    };
    let payments: Vec<Value> = items(out, "payments")
        .iter()
        .filter(|p| wanted(p))
        .cloned()
        .collect();
    let mut monthly: Vec<Money> = Vec::new();
    let mut upcoming: Vec<Money> = Vec::new();
    for p in &payments {
        let (Some((amount, currency)), Some((per_month, _))) =
            (amount_of(&p["amount"]), amount_of(&p["monthly"]))
        else {
            continue;
        };
        if !amount.is_sign_negative() {
            continue;
        }
        let due = Decimal::from(items(p, "due").len()) * -amount;
        for (list, add) in [(&mut monthly, -per_month), (&mut upcoming, due)] {
            match list.iter_mut().find(|m| m.currency == currency) {
                Some(m) => m.amount += add,
                None => list.push(Money::new(add, currency.clone())),
            }
        }
    }
    upcoming.retain(|m| !m.amount.is_zero());
    let mut narrowed = out.clone();
    narrowed["payments"] = Value::Array(payments);
    narrowed["monthly_total"] = serde_json::to_value(monthly).unwrap_or_default();
    narrowed["upcoming_total"] = serde_json::to_value(upcoming).unwrap_or_default();
    narrowed
}

/// The anomalies or insights of the kind asked ("unusually large", "spiked", "more than usual").
pub fn patterns_selected(intent: Option<&Intent>, tool: &str, out: &Value) -> Vec<Value> {
    let key = if tool == "anomalies" {
        "anomalies"
    } else {
        "insights"
    };
    let kinds = intent.and_then(|i| i.kind).map(PatternKind::stored);
    items(out, key)
        .iter()
        .filter(|a| kinds.is_none_or(|k| a["kind"].as_str().is_some_and(|s| k.contains(&s))))
        .cloned()
        .collect()
}

/// What each anomaly or insight is about: a category spike or an insight by its category,
/// a purchase by its merchant; each name once, in order.
pub fn pattern_names(found: &[Value]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for a in found {
        let by_category = a["kind"]
            .as_str()
            .is_some_and(|k| k.starts_with("spike") || k == "category_above_average");
        let name = if by_category {
            a["category"].as_str().or(a["facts"]["category"].as_str())
        } else {
            a["merchant"]
                .as_str()
                .or(a["facts"]["merchant"].as_str())
                .or(a["category"].as_str())
        };
        if let Some(n) = name
            && !names.iter().any(|x| x == n)
        {
            names.push(n.to_string());
        }
    }
    names
}

/// The budget figure a question asks when it is not what was spent or a share: what is
/// left, what is available (with rollover), or by default the amount budgeted.
pub fn budget_figure(intent: Option<&Intent>) -> &'static str {
    match intent.and_then(|i| i.figure) {
        Some(FigureAsked::Left) => "remaining",
        Some(FigureAsked::Available) => "available",
        _ => "budgeted",
    }
}

fn spending(intent: Option<&Intent>, results: &[(ToolCall, Value)]) -> Figure {
    let (_, out) = &results[0];
    let totals = items(out, "totals");
    if totals.is_empty() {
        return Figure::Amount { amounts: vec![] };
    }
    // Compared with another period: the signed difference, this one less the other.
    let before = if out["comparison"].is_object() {
        Some(items(&out["comparison"], "totals"))
    } else {
        results.get(1).map(|(_, second)| items(second, "totals"))
    };
    if let Some(before) = before {
        let before: Vec<Money> = before.iter().filter_map(money_of).collect();
        let diffs = totals
            .iter()
            .filter_map(money_of)
            .map(|now| {
                let then = before
                    .iter()
                    .find(|b| b.currency == now.currency)
                    .map_or(Decimal::ZERO, |b| b.amount);
                // "How much less": the other period less this one.
                let less = intent
                    .and_then(|i| i.compare.as_ref())
                    .is_some_and(|c| c.less);
                let diff = if less {
                    then - now.amount
                } else {
                    now.amount - then
                };
                Money::new(diff, now.currency)
            })
            .collect();
        return Figure::Amount { amounts: diffs };
    }
    if !matches!(
        out["group_by"].as_str(),
        None | Some("none" | "day" | "week" | "month")
    ) {
        let limit = intent.and_then(|i| i.limit).unwrap_or(1) as usize;
        return names(items(out, "groups"), "label", limit);
    }
    match intent.and_then(|i| i.average_per) {
        Some(AverageUnit::Month) => amounts(items(out, "average_per_month")),
        Some(unit) => {
            let days = days_of(out);
            let per = if unit == AverageUnit::Week {
                Decimal::from(days) / Decimal::from(7)
            } else {
                Decimal::from(days)
            };
            Figure::Amount {
                amounts: totals
                    .iter()
                    .filter_map(money_of)
                    .map(|m| {
                        Money::new(
                            (m.amount / per.max(Decimal::ONE)).round_half_up(2),
                            m.currency,
                        )
                    })
                    .collect(),
            }
        }
        None => amounts(totals),
    }
}

/// A currency's forecast spending: recurring payments and the other money expected out.
pub fn forecast_spending(c: &Value) -> Option<Money> {
    let recurring = money_of(&c["recurring_spending"])?;
    let other = money_of(&c["other_spending"])?;
    Some(Money::new(
        recurring.amount.abs() + other.amount.abs(),
        recurring.currency,
    ))
}

/// Days the spending call covered, both ends included.
fn days_of(out: &Value) -> i64 {
    let day = |v: &Value| v.as_str().and_then(|s| s.parse::<NaiveDate>().ok());
    match (day(&out["period"]["from"]), day(&out["period"]["to"])) {
        (Some(a), Some(b)) => (b - a).num_days() + 1,
        _ => 1,
    }
}
