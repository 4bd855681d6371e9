//! Cash flow: income, spending and net per period and currency.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

use super::{Categories, Flow, Interval, Period, RollupRow, rollup_rows};

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CashFlowReport {
    pub interval: Interval,
    pub periods: Vec<CashFlowPeriod>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CashFlowPeriod {
    #[serde(flatten)]
    pub period: Period,
    /// One entry per currency that moved in the period, sorted by currency.
    pub currencies: Vec<CashFlow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CashFlow {
    pub currency: String,
    #[schema(value_type = String)]
    pub income: Decimal,
    #[schema(value_type = String)]
    pub spending: Decimal,
    /// Income less spending.
    #[schema(value_type = String)]
    pub net: Decimal,
}

/// Cash flow of the periods holding `from` through `to`, from the rollups.
pub async fn cash_flow(
    conn: &mut PgConnection,
    user_id: Uuid,
    interval: Interval,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<CashFlowReport, sqlx::Error> {
    let categories = Categories::load(conn, user_id).await?;
    let starts = interval.starts(from, to);
    let end = interval.next(*starts.last().expect("from <= to"));
    let rows = rollup_rows(conn, user_id, interval, starts[0], end).await?;
    Ok(CashFlowReport {
        interval,
        periods: by_period(&rows, &categories, interval, &starts),
    })
}

/// Every period in `starts`, empty ones included (a chart wants them).
pub fn by_period(
    rows: &[RollupRow],
    categories: &Categories,
    interval: Interval,
    starts: &[NaiveDate],
) -> Vec<CashFlowPeriod> {
    let mut sums: BTreeMap<(NaiveDate, &str), (Decimal, Decimal)> = BTreeMap::new();
    for row in rows {
        let entry = sums.entry((row.period, &row.currency)).or_default();
        entry.0 += categories.amount(row, Flow::Income);
        entry.1 += categories.amount(row, Flow::Spending);
    }
    starts
        .iter()
        .map(|&start| CashFlowPeriod {
            period: Period::new(interval, start),
            currencies: sums
                .range((start, "")..)
                .take_while(|((p, _), _)| *p == start)
                .map(|((_, currency), (income, spending))| CashFlow {
                    currency: currency.to_string(),
                    income: *income,
                    spending: *spending,
                    net: *income - *spending,
                })
                .collect(),
        })
        .collect()
}
