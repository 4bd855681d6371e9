//! Spending or income for a period, narrowed by category, merchant, account, tag or text,
//! grouped by day, week, month, category, merchant or account, compared with the previous
//! period or the same period a year earlier, and averaged per month. The sums are
//! `kakeibo_transactions::flows`'s, which count as the analytics reports do.

use std::collections::HashMap;

use kakeibo_transactions::flows::{Flow, FlowGroup, FlowQuery, GroupBy};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use super::common::{
    Money, Period, accounts_named, category_named, date, flow_sums, given, given_list, money_list,
    names, nullable_string, object, one_of,
};
use super::{Tool, ToolContext, ToolError};
use crate::tools::common::RoundHalfUp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowKind {
    Spending,
    Income,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grouping {
    None,
    Day,
    Week,
    Month,
    Category,
    Merchant,
    Account,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Compare {
    None,
    PreviousPeriod,
    SamePeriodLastYear,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SpendingInput {
    pub flow: FlowKind,
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    /// The user's category names (any of them; subcategories count with each).
    pub categories: Vec<String>,
    /// Parts of merchants' names (any of them).
    pub merchants: Vec<String>,
    pub account: Option<String>,
    pub tag: Option<String>,
    pub text: Option<String>,
    pub group_by: Grouping,
    pub compare: Compare,
}

impl SpendingInput {
    /// Spending (or income) over a period, with no filter, grouping or comparison.
    pub fn plain(flow: FlowKind, period: Period) -> Self {
        Self {
            flow,
            from: period.from,
            to: period.to,
            categories: Vec::new(),
            merchants: Vec::new(),
            account: None,
            tag: None,
            text: None,
            group_by: Grouping::None,
            compare: Compare::None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SpendingGroup {
    /// A date (the period's first day), a category or account id, a merchant; null when
    /// not grouped, and for uncategorized money.
    pub key: Option<String>,
    pub label: String,
    pub amount: Money,
    pub transactions: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub period: Period,
    pub totals: Vec<Money>,
    /// Per currency of either period: this period less the other.
    pub change: Vec<Money>,
    /// Per currency, in percent (one decimal); null where the other period had nothing.
    pub change_percent: Vec<Option<Decimal>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpendingReport {
    pub flow: FlowKind,
    pub period: Period,
    /// What the question narrowed to, as understood (the category's name as the user has it).
    pub filters: Value,
    pub group_by: Grouping,
    /// Per currency; never summed across currencies.
    pub totals: Vec<Money>,
    pub transactions: i64,
    pub groups: Vec<SpendingGroup>,
    /// Per currency: the total divided by `months`.
    pub average_per_month: Vec<Money>,
    /// N for "the last N months", else the calendar months the period touches.
    pub months: u32,
    pub comparison: Option<Comparison>,
}

pub struct SpendingTool;

impl Tool for SpendingTool {
    const NAME: &'static str = "spending";
    const DESCRIPTION: &'static str = "Spending or income in a period (transfers excluded, refunds subtract), optionally narrowed to a category, merchant, account, tag or text, grouped by day, week, month, category, merchant or account, compared with the previous period or the same period last year, with the average per month. Amounts per currency.";
    type Input = SpendingInput;
    type Output = SpendingReport;

    fn input_schema() -> Value {
        object(json!({
            "flow": one_of(&["spending", "income"], "Money out (spending) or money in (income)"),
            "from": date("First day"),
            "to": date("Last day, included"),
            "categories": names("The user's category names, any of them (their subcategories count with them); [] for all"),
            "merchants": names("Parts of merchants' names, any of them; [] for all"),
            "account": nullable_string("Part of an account's name, or an account kind (checking, savings, credit_card)"),
            "tag": nullable_string("A tag"),
            "text": nullable_string("Text in the description, payee, merchant or notes"),
            "group_by": one_of(&["none", "day", "week", "month", "category", "merchant", "account"], "How to group the sums"),
            "compare": one_of(&["none", "previous_period", "same_period_last_year"], "A period to compare with"),
        }))
    }

    async fn run(ctx: &ToolContext, input: SpendingInput) -> Result<SpendingReport, ToolError> {
        spending(ctx, input).await
    }

    fn summary(output: &SpendingReport) -> String {
        let what = match output.flow {
            FlowKind::Spending => "spending",
            FlowKind::Income => "income",
        };
        let mut line = format!(
            "{what} {} to {}: {} in {} transactions",
            output.period.from,
            output.period.to,
            money_list(&output.totals),
            output.transactions
        );
        if let Some(c) = &output.comparison {
            line.push_str(&format!(
                "; {} to {}: {}",
                c.period.from,
                c.period.to,
                money_list(&c.totals)
            ));
        }
        line
    }
}

async fn spending(ctx: &ToolContext, input: SpendingInput) -> Result<SpendingReport, ToolError> {
    let period = Period::new(input.from, input.to)?;
    let mut conn = ctx.reads.acquire().await?;
    let mut filters = serde_json::Map::new();
    let mut category_ids = Vec::new();
    let mut category_names = Vec::new();
    for name in input.categories.iter().filter(|n| !n.trim().is_empty()) {
        let (id, name) = category_named(&mut conn, ctx.user_id, name).await?;
        category_ids.push(id);
        category_names.push(name);
    }
    if !category_names.is_empty() {
        filters.insert("categories".into(), json!(category_names));
    }
    let merchants = given_list(&input.merchants);
    if !merchants.is_empty() {
        filters.insert("merchants".into(), json!(merchants));
    }
    let mut account_ids = Vec::new();
    if let Some(name) = given(&input.account) {
        account_ids = accounts_named(&mut conn, ctx.user_id, &name).await?;
        filters.insert("account".into(), json!(name));
    }
    for (key, value) in [("tag", given(&input.tag)), ("text", given(&input.text))] {
        if let Some(v) = value {
            filters.insert(key.into(), json!(v));
        }
    }
    let query = |period: Period, group_by: GroupBy| FlowQuery {
        flow: match input.flow {
            FlowKind::Spending => Flow::Spending,
            FlowKind::Income => Flow::Income,
        },
        from: period.from,
        to: period.to,
        category_ids: category_ids.clone(),
        account_ids: account_ids.clone(),
        merchants: merchants.clone(),
        tag: given(&input.tag),
        text: given(&input.text),
        group_by,
    };
    let group_by = match input.group_by {
        Grouping::None => GroupBy::Nothing,
        Grouping::Day => GroupBy::Day,
        Grouping::Week => GroupBy::Week,
        Grouping::Month => GroupBy::Month,
        Grouping::Category => GroupBy::Category,
        Grouping::Merchant => GroupBy::Merchant,
        Grouping::Account => GroupBy::Account,
    };
    let rows = flow_sums(ctx, &mut conn, &query(period, group_by)).await?;
    let (totals, transactions) = totals_of(&rows);
    let account_names: HashMap<Uuid, String> = if group_by == GroupBy::Account {
        let ids: Vec<Uuid> = rows
            .iter()
            .filter_map(|r| r.key.as_deref()?.parse().ok())
            .collect();
        kakeibo_bank_sync::accounts::summaries(&mut conn, ctx.user_id, &ids)
            .await?
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect()
    } else {
        HashMap::new()
    };
    let groups = if group_by == GroupBy::Nothing {
        Vec::new()
    } else {
        rows.into_iter()
            .map(|r| {
                let label = match (&r.label, group_by) {
                    (_, GroupBy::Account) => r
                        .key
                        .as_deref()
                        .and_then(|k| k.parse().ok())
                        .and_then(|id: Uuid| account_names.get(&id).cloned())
                        .unwrap_or_default(),
                    (Some(label), _) => label.clone(),
                    (None, _) => "Uncategorized".to_string(),
                };
                SpendingGroup {
                    key: r.key,
                    label,
                    amount: Money::new(r.amount, r.currency),
                    transactions: r.transactions,
                }
            })
            .collect()
    };
    let months = period.months_averaged();
    let average_per_month = totals
        .iter()
        .map(|m| {
            Money::new(
                (m.amount / Decimal::from(months)).round_half_up(2),
                &m.currency,
            )
        })
        .collect();
    let other = match input.compare {
        Compare::None => None,
        Compare::PreviousPeriod => Some(period.previous()),
        Compare::SamePeriodLastYear => Some(period.a_year_earlier()),
    };
    let comparison = match other {
        None => None,
        Some(other) => {
            let rows = flow_sums(ctx, &mut conn, &query(other, GroupBy::Nothing)).await?;
            let (before, _) = totals_of(&rows);
            Some(compare(other, &totals, before))
        }
    };
    Ok(SpendingReport {
        flow: input.flow,
        period,
        filters: Value::Object(filters),
        group_by: input.group_by,
        totals,
        transactions,
        groups,
        average_per_month,
        months,
        comparison,
    })
}

/// Per currency, in currency order, and the number of transactions.
fn totals_of(rows: &[FlowGroup]) -> (Vec<Money>, i64) {
    let mut totals: Vec<Money> = Vec::new();
    let mut count = 0;
    for r in rows {
        count += r.transactions;
        match totals.iter_mut().find(|m| m.currency == r.currency) {
            Some(m) => m.amount += r.amount,
            None => totals.push(Money::new(r.amount, &r.currency)),
        }
    }
    totals.sort_by(|a, b| a.currency.cmp(&b.currency));
    (totals, count)
}

fn compare(other: Period, now: &[Money], before: Vec<Money>) -> Comparison {
    let mut currencies: Vec<&str> = now
        .iter()
        .chain(&before)
        .map(|m| m.currency.as_str())
        .collect();
    currencies.sort_unstable();
    currencies.dedup();
    let amount_in = |list: &[Money], c: &str| {
        list.iter()
            .find(|m| m.currency == c)
            .map_or(Decimal::ZERO, |m| m.amount)
    };
    let (change, change_percent) = currencies
        .iter()
        .map(|c| {
            let (a, b) = (amount_in(now, c), amount_in(&before, c));
            let percent =
                (!b.is_zero()).then(|| ((a - b) / b.abs() * Decimal::ONE_HUNDRED).round_half_up(1));
            (Money::new(a - b, *c), percent)
        })
        .unzip();
    Comparison {
        period: other,
        totals: before,
        change,
        change_percent,
    }
}
