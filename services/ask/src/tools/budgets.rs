//! Budgets (status, remaining, pace) and savings goals (progress, projection), as the budget
//! crate computes them for the user's today.

use chrono::NaiveDate;
use kakeibo_budget::progress::{self, When};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use super::common::{Money, given, nullable_string, object};
use super::{Tool, ToolContext, ToolError};
use crate::tools::common::RoundHalfUp;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BudgetsInput {
    /// Part of a budget's or its category's name; null for every budget.
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BudgetStatus {
    pub id: Uuid,
    pub name: String,
    pub category: Option<String>,
    /// weekly, monthly or yearly.
    pub period: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub budgeted: Money,
    /// budgeted + what rolled over.
    pub available: Money,
    pub spent: Money,
    pub remaining: Money,
    pub utilization_percent: Option<Decimal>,
    /// What would be spent by today at an even pace through the period.
    pub expected_by_today: Money,
    /// At today's pace, what the whole period will have spent.
    pub projected: Money,
    /// under (spent less than an even pace), on_track, or over.
    pub pace: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Budgets {
    pub as_of: NaiveDate,
    pub budgets: Vec<BudgetStatus>,
    /// Budgets whose spending cannot be converted (no exchange rate for a day), and why.
    pub missing_rates: Vec<String>,
}

pub struct BudgetsTool;

impl Tool for BudgetsTool {
    const NAME: &'static str = "budgets";
    const DESCRIPTION: &'static str = "Each budget's current period: budgeted, available (with rollover), spent, remaining, utilization, and pace (what an even pace would have spent by today, and the projected total).";
    type Input = BudgetsInput;
    type Output = Budgets;

    fn input_schema() -> Value {
        object(json!({
            "name": nullable_string("Part of a budget's or its category's name; null for all budgets"),
        }))
    }

    async fn run(ctx: &ToolContext, input: BudgetsInput) -> Result<Budgets, ToolError> {
        let mut conn = ctx.reads.acquire().await?;
        let checks = progress::for_user_at(&mut conn, ctx.user_id, When::Day(ctx.today)).await?;
        let wanted = given(&input.name).map(|n| n.to_lowercase());
        let mut budgets = Vec::new();
        let mut missing_rates = Vec::new();
        for check in checks {
            let b = check.budget;
            if let Some(w) = &wanted {
                let named = b.name.to_lowercase().contains(w)
                    || b.category_name
                        .as_deref()
                        .is_some_and(|c| c.to_lowercase().contains(w));
                if !named {
                    continue;
                }
            }
            let c = b.currency.as_str();
            match check.progress {
                Ok(p) => {
                    let total_days = Decimal::from((p.period_end - p.period_start).num_days() + 1);
                    let elapsed = Decimal::from(
                        ((ctx.today.min(p.period_end) - p.period_start).num_days() + 1).max(1),
                    );
                    let expected = (p.available * elapsed / total_days).round_half_up(2);
                    let projected = (p.spent * total_days / elapsed).round_half_up(2);
                    // Within 5 % of an even pace counts as on track.
                    let margin = p.available.abs() * Decimal::new(5, 2);
                    let pace = if p.spent > expected + margin {
                        "over"
                    } else if p.spent < expected - margin {
                        "under"
                    } else {
                        "on_track"
                    };
                    budgets.push(BudgetStatus {
                        id: b.id,
                        name: b.name,
                        category: b.category_name,
                        period: b.period,
                        period_start: p.period_start,
                        period_end: p.period_end,
                        budgeted: Money::new(p.budgeted, c),
                        available: Money::new(p.available, c),
                        spent: Money::new(p.spent, c),
                        remaining: Money::new(p.remaining, c),
                        utilization_percent: p.utilization_percent,
                        expected_by_today: Money::new(expected, c),
                        projected: Money::new(projected, c),
                        pace,
                    });
                }
                Err(missing) => missing_rates.push(format!("{}: {missing}", b.name)),
            }
        }
        if budgets.is_empty()
            && missing_rates.is_empty()
            && let Some(name) = given(&input.name)
        {
            return Err(ToolError::Invalid(format!("no budget named {name:?}")));
        }
        Ok(Budgets {
            as_of: ctx.today,
            budgets,
            missing_rates,
        })
    }

    fn summary(output: &Budgets) -> String {
        let parts: Vec<String> = output
            .budgets
            .iter()
            .map(|b| {
                format!(
                    "{}: {} of {} spent, {} left",
                    b.name, b.spent, b.available, b.remaining
                )
            })
            .collect();
        if parts.is_empty() {
            "no budgets".to_string()
        } else {
            parts.join("; ")
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GoalsInput {
    /// Part of a goal's name; null for every goal.
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GoalStatus {
    pub id: Uuid,
    pub name: String,
    pub saved: Money,
    pub target: Money,
    pub remaining: Money,
    pub percent: Decimal,
    pub achieved: bool,
    pub target_date: Option<NaiveDate>,
    /// When the target is reached at the last 90 days' saving rate; null when achieved or
    /// nothing was saved lately.
    pub projected_completion: Option<NaiveDate>,
    pub on_track: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Goals {
    pub goals: Vec<GoalStatus>,
}

pub struct GoalsTool;

impl Tool for GoalsTool {
    const NAME: &'static str = "goals";
    const DESCRIPTION: &'static str = "Savings goals: saved, target, remaining, percent, and the projected completion date at the last 90 days' saving rate, with whether that meets the target date.";
    type Input = GoalsInput;
    type Output = Goals;

    fn input_schema() -> Value {
        object(json!({
            "name": nullable_string("Part of a goal's name; null for all goals"),
        }))
    }

    async fn run(ctx: &ToolContext, input: GoalsInput) -> Result<Goals, ToolError> {
        let mut conn = ctx.reads.acquire().await?;
        let wanted = given(&input.name).map(|n| n.to_lowercase());
        let mut goals = Vec::new();
        for goal in kakeibo_budget::goals::list(&mut conn, ctx.user_id).await? {
            if wanted
                .as_ref()
                .is_some_and(|w| !goal.name.to_lowercase().contains(w))
            {
                continue;
            }
            let Some((goal, p)) =
                kakeibo_budget::goals::progress_on(&mut conn, ctx.user_id, goal.id, ctx.today)
                    .await?
            else {
                continue;
            };
            let c = goal.currency.as_str();
            goals.push(GoalStatus {
                id: goal.id,
                name: goal.name.clone(),
                saved: Money::new(p.saved, c),
                target: Money::new(p.target_amount, c),
                remaining: Money::new(p.remaining, c),
                percent: p.percent,
                achieved: p.achieved,
                target_date: goal.target_date,
                projected_completion: p.projected_completion,
                on_track: p.on_track,
            });
        }
        if goals.is_empty()
            && let Some(name) = given(&input.name)
        {
            return Err(ToolError::Invalid(format!("no goal named {name:?}")));
        }
        Ok(Goals { goals })
    }

    fn summary(output: &Goals) -> String {
        let parts: Vec<String> = output
            .goals
            .iter()
            .map(|g| format!("{}: {} of {} ({}%)", g.name, g.saved, g.target, g.percent))
            .collect();
        if parts.is_empty() {
            "no goals".to_string()
        } else {
            parts.join("; ")
        }
    }
}
