//! Cash flow and savings for a period: income − spending per currency, transfers between
//! the user's own accounts left out (they are neither), optionally per month or week.

use std::collections::BTreeMap;

use kakeibo_transactions::flows::{Flow, FlowQuery, GroupBy};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::common::{Money, Period, date, flow_sums, object, one_of};
use super::{Tool, ToolContext, ToolError};
use crate::tools::common::RoundHalfUp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CashFlowGrouping {
    None,
    Week,
    Month,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CashFlowInput {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub group_by: CashFlowGrouping,
}

#[derive(Debug, Clone, Serialize)]
pub struct CurrencyCashFlow {
    pub income: Money,
    pub spending: Money,
    /// income − spending: what was saved (negative: more went out than came in).
    pub net: Money,
    /// net / income in percent, one decimal; null without income.
    pub savings_rate_percent: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CashFlowPeriod {
    /// The week's or month's first day; null for the whole period.
    pub start: Option<String>,
    pub currencies: Vec<CurrencyCashFlow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CashFlow {
    pub period: Period,
    /// The whole period, per currency.
    pub totals: Vec<CurrencyCashFlow>,
    /// Per week or month when asked; empty otherwise.
    pub periods: Vec<CashFlowPeriod>,
}

pub struct CashFlowTool;

impl Tool for CashFlowTool {
    const NAME: &'static str = "cash_flow";
    const DESCRIPTION: &'static str = "Cash flow for a period: income, spending and what was saved (income − spending) per currency, with the savings rate; transfers between own accounts excluded. Optionally per week or month.";
    type Input = CashFlowInput;
    type Output = CashFlow;

    fn input_schema() -> Value {
        object(json!({
            "from": date("First day"),
            "to": date("Last day, included"),
            "group_by": one_of(&["none", "week", "month"], "Also list each week or month"),
        }))
    }

    async fn run(ctx: &ToolContext, input: CashFlowInput) -> Result<CashFlow, ToolError> {
        let period = Period::new(input.from, input.to)?;
        let totals = sums(ctx, period, GroupBy::Nothing)
            .await?
            .into_values()
            .next()
            .unwrap_or_default();
        let periods = match input.group_by {
            CashFlowGrouping::None => Vec::new(),
            CashFlowGrouping::Week | CashFlowGrouping::Month => {
                let by = if input.group_by == CashFlowGrouping::Week {
                    GroupBy::Week
                } else {
                    GroupBy::Month
                };
                sums(ctx, period, by)
                    .await?
                    .into_iter()
                    .map(|(start, currencies)| CashFlowPeriod { start, currencies })
                    .collect()
            }
        };
        Ok(CashFlow {
            period,
            totals,
            periods,
        })
    }

    fn summary(output: &CashFlow) -> String {
        let parts: Vec<String> = output
            .totals
            .iter()
            .map(|c| {
                format!(
                    "income {}, spending {}, saved {}",
                    c.income, c.spending, c.net
                )
            })
            .collect();
        format!(
            "{} to {}: {}",
            output.period.from,
            output.period.to,
            if parts.is_empty() {
                "no income or spending".to_string()
            } else {
                parts.join("; ")
            }
        )
    }
}

/// Per group key, per currency: income, spending, net.
async fn sums(
    ctx: &ToolContext,
    period: Period,
    group_by: GroupBy,
) -> Result<BTreeMap<Option<String>, Vec<CurrencyCashFlow>>, ToolError> {
    let mut conn = ctx.reads.acquire().await?;
    let mut by_key: BTreeMap<Option<String>, BTreeMap<String, (Decimal, Decimal)>> =
        BTreeMap::new();
    for flow in [Flow::Income, Flow::Spending] {
        let query = FlowQuery {
            flow,
            from: period.from,
            to: period.to,
            category_ids: Vec::new(),
            account_ids: Vec::new(),
            merchants: Vec::new(),
            tag: None,
            text: None,
            group_by,
        };
        for row in flow_sums(ctx, &mut conn, &query).await? {
            let entry = by_key
                .entry(row.key)
                .or_default()
                .entry(row.currency)
                .or_default();
            match flow {
                Flow::Income => entry.0 += row.amount,
                Flow::Spending => entry.1 += row.amount,
            }
        }
    }
    if group_by == GroupBy::Nothing && by_key.is_empty() {
        by_key.insert(None, BTreeMap::new());
    }
    Ok(by_key
        .into_iter()
        .map(|(key, currencies)| {
            let list = currencies
                .into_iter()
                .map(|(currency, (income, spending))| CurrencyCashFlow {
                    income: Money::new(income, &currency),
                    spending: Money::new(spending, &currency),
                    net: Money::new(income - spending, &currency),
                    savings_rate_percent: (income > Decimal::ZERO).then(|| {
                        ((income - spending) / income * Decimal::ONE_HUNDRED).round_half_up(1)
                    }),
                })
                .collect();
            (key, list)
        })
        .collect())
}
