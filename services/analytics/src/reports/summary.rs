//! The dashboard summary: a month's spending by category (against the month before and the
//! 3-month average), the budgets of that month, and cash flow for the 12 months ending with
//! it. One read of the monthly rollup serves spending and cash flow; the budget crate computes
//! the budgets.

use chrono::NaiveDate;
use kakeibo_budget::budgets::Budget;
use kakeibo_budget::progress::{self as budget_progress, BudgetProgress, When};
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

use super::cash_flow::{self, CashFlowPeriod};
use super::spending::{self, PeriodSpending, SpendingQuery};
use super::{Categories, Flow, Interval, Level, first_day, rollup_rows};

/// Months of cash flow in the summary.
pub const CASH_FLOW_MONTHS: u32 = 12;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Summary {
    /// The zone the periods are in (yours).
    pub time_zone: String,
    /// The month's spending by category.
    pub spending: PeriodSpending,
    /// Every active budget, for its period holding the summary's day.
    pub budgets: Vec<SummaryBudget>,
    /// Oldest first, ending with the month.
    pub cash_flow: Vec<CashFlowPeriod>,
}

/// A budget and its period's progress, or why the progress cannot be known.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SummaryBudget {
    pub budget: Budget,
    /// Null when an exchange rate is missing (`missing_rate` says which).
    pub progress: Option<BudgetProgress>,
    pub missing_rate: Option<String>,
}

/// The summary of the month holding `day` (budgets: their periods holding `day`).
pub async fn summary(
    conn: &mut PgConnection,
    user_id: Uuid,
    time_zone: &str,
    day: NaiveDate,
    level: Level,
) -> Result<Summary, sqlx::Error> {
    let month = Interval::Month.start_of(day);
    let first = Interval::Month.back(month, CASH_FLOW_MONTHS - 1);
    let categories = Categories::load(conn, user_id).await?;
    let rows = rollup_rows(
        conn,
        user_id,
        Interval::Month,
        first,
        Interval::Month.next(month),
    )
    .await?;
    let since = first_day(conn, user_id).await?;
    let query = SpendingQuery {
        flow: Flow::Spending,
        interval: Interval::Month,
        level,
        from: month,
        to: month,
        category_id: None,
    };
    let spending = spending::by_period(&rows, &categories, &query, &[month], since)
        .pop()
        .expect("one month asked, one answered");
    let budgets = budget_progress::for_user_at(conn, user_id, When::Day(day))
        .await?
        .into_iter()
        .map(|check| {
            let (progress, missing_rate) = match check.progress {
                Ok(progress) => (Some(progress), None),
                Err(missing) => (None, Some(missing.to_string())),
            };
            SummaryBudget {
                budget: check.budget,
                progress,
                missing_rate,
            }
        })
        .collect();
    Ok(Summary {
        time_zone: time_zone.to_string(),
        spending,
        budgets,
        cash_flow: cash_flow::by_period(
            &rows,
            &categories,
            Interval::Month,
            &Interval::Month.starts(first, month),
        ),
    })
}
