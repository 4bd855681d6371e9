//! The dashboard summary: a month's spending by category (against the month before and the
//! 3-month average) and cash flow for the 12 months ending with it. One read of the monthly
//! rollup serves both.

use chrono::NaiveDate;
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
    /// Oldest first, ending with the month.
    pub cash_flow: Vec<CashFlowPeriod>,
}

/// The summary of the month holding `day`.
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
    Ok(Summary {
        time_zone: time_zone.to_string(),
        spending,
        cash_flow: cash_flow::by_period(
            &rows,
            &categories,
            Interval::Month,
            &Interval::Month.starts(first, month),
        ),
    })
}
