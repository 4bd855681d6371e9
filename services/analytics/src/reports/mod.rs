//! The figures analytics answers with, read from the rollups (see `crate::rollups`).
//!
//! What counts as what (docs/decisions.md, "Analytics"): transfers and rows in transfer
//! categories are neither spending nor income. Expense categories are spending, their
//! refunds (money in) subtract. Income categories are income. Uncategorized money out is
//! spending and money in is income. So net = income − spending = every other row's amount.
//! Amounts are per currency, never summed across currencies.

pub mod cash_flow;
pub mod flows;
pub mod merchants;
pub mod net_worth;
pub mod periods;
pub mod spending;
pub mod summary;

use std::collections::HashMap;

use chrono::NaiveDate;
use kakeibo_transactions::categories;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use uuid::Uuid;

pub use periods::{Interval, Period};

/// One rollup row summed over a period.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RollupRow {
    pub period: NaiveDate,
    pub category_id: Option<Uuid>,
    pub currency: String,
    pub inflow: Decimal,
    pub outflow: Decimal,
    pub row_count: i64,
}

/// The rollup rows of the periods starting from `start` up to `end` (excluded), by period.
/// Weeks sum the daily table, months and years the monthly one.
pub async fn rollup_rows(
    conn: &mut PgConnection,
    user_id: Uuid,
    interval: Interval,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Vec<RollupRow>, sqlx::Error> {
    let sql = match interval {
        Interval::Day | Interval::Week => {
            "SELECT date_trunc($4, day::timestamp)::date AS period, category_id, currency::text AS currency,
                    sum(inflow) AS inflow, sum(outflow) AS outflow, sum(row_count)::bigint AS row_count
             FROM analytics_daily WHERE user_id = $1 AND day >= $2 AND day < $3
             GROUP BY 1, 2, 3"
        }
        Interval::Month | Interval::Year => {
            "SELECT date_trunc($4, month::timestamp)::date AS period, category_id, currency::text AS currency,
                    sum(inflow) AS inflow, sum(outflow) AS outflow, sum(row_count)::bigint AS row_count
             FROM analytics_monthly WHERE user_id = $1 AND month >= $2 AND month < $3
             GROUP BY 1, 2, 3"
        }
    };
    sqlx::query_as(sql)
        .bind(user_id)
        .bind(start)
        .bind(end)
        .bind(interval.sql_name())
        .fetch_all(conn)
        .await
}

/// The first local day the user has any counted row on (for averages that must not count
/// months before the user's data began).
pub async fn first_day(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<Option<NaiveDate>, sqlx::Error> {
    sqlx::query_scalar("SELECT min(day) FROM analytics_daily WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(conn)
        .await
}

/// Spending or income.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Flow {
    Spending,
    Income,
}

/// A category as the reports need it.
#[derive(Debug, Clone)]
pub struct CategoryInfo {
    pub name: String,
    pub kind: String,
    pub parent_id: Option<Uuid>,
}

/// The user's categories by id.
pub struct Categories(HashMap<Uuid, CategoryInfo>);

/// How rows are grouped: each category as filed, or rolled up to its top-level category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Category,
    Top,
}

impl Categories {
    pub async fn load(conn: &mut PgConnection, user_id: Uuid) -> Result<Self, sqlx::Error> {
        let all = categories::list(conn, user_id).await?;
        Ok(Self(
            all.into_iter()
                .map(|c| {
                    let info = CategoryInfo {
                        name: c.name,
                        kind: c.kind,
                        parent_id: c.parent_id,
                    };
                    (c.id, info)
                })
                .collect(),
        ))
    }

    pub fn get(&self, id: Uuid) -> Option<&CategoryInfo> {
        self.0.get(&id)
    }

    /// The top-level category above `id` (itself when it is top-level).
    pub fn top(&self, id: Uuid) -> Uuid {
        let mut current = id;
        // Bounded: a cycle cannot exist (the API refuses one), but a bound costs nothing.
        for _ in 0..32 {
            match self.0.get(&current).and_then(|c| c.parent_id) {
                Some(parent) => current = parent,
                None => break,
            }
        }
        current
    }

    /// Whether `id` is `ancestor` or below it.
    pub fn is_within(&self, id: Uuid, ancestor: Uuid) -> bool {
        let mut current = Some(id);
        for _ in 0..32 {
            match current {
                Some(c) if c == ancestor => return true,
                Some(c) => current = self.0.get(&c).and_then(|c| c.parent_id),
                None => return false,
            }
        }
        false
    }

    /// What a row adds to `flow` (zero when it is not that flow).
    pub fn amount(&self, row: &RollupRow, flow: Flow) -> Decimal {
        let kind = row
            .category_id
            .and_then(|id| self.get(id))
            .map(|c| c.kind.as_str());
        match (kind, flow) {
            (Some("expense"), Flow::Spending) => -(row.inflow + row.outflow),
            (Some("income"), Flow::Income) => row.inflow + row.outflow,
            (None, Flow::Spending) => -row.outflow,
            (None, Flow::Income) => row.inflow,
            _ => Decimal::ZERO,
        }
    }

    /// Whether a row counts towards `flow` at all (a refund-only expense row does).
    pub fn counts(&self, row: &RollupRow, flow: Flow) -> bool {
        let kind = row
            .category_id
            .and_then(|id| self.get(id))
            .map(|c| c.kind.as_str());
        match (kind, flow) {
            (Some("expense"), Flow::Spending) | (Some("income"), Flow::Income) => true,
            (None, Flow::Spending) => row.outflow != Decimal::ZERO,
            (None, Flow::Income) => row.inflow != Decimal::ZERO,
            _ => false,
        }
    }
}

/// An amount in one currency.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CurrencyAmount {
    pub currency: String,
    #[schema(value_type = String, example = "123.45")]
    pub amount: Decimal,
}

/// `(now - before) / |before|` in percent, one decimal; none when `before` is zero.
pub fn percent_change(now: Decimal, before: Decimal) -> Option<Decimal> {
    if before.is_zero() {
        return None;
    }
    Some(((now - before) / before.abs() * Decimal::ONE_HUNDRED).round_dp(1))
}

/// Adds `amount` to the entry of `currency`, keeping the list sorted by currency.
pub fn add_to(list: &mut Vec<CurrencyAmount>, currency: &str, amount: Decimal) {
    match list.binary_search_by(|c| c.currency.as_str().cmp(currency)) {
        Ok(i) => list[i].amount += amount,
        Err(i) => list.insert(
            i,
            CurrencyAmount {
                currency: currency.to_string(),
                amount,
            },
        ),
    }
}
