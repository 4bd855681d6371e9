//! Net worth over time from observed balances (`account_balances`, one row per account per
//! day a balance was seen). Between observations an account keeps its last observed
//! balance; before its first one it is not counted; after it is archived it is not
//! counted. Balances are signed (money owed is negative), per currency.
//!
//! No rollup: a point costs one index probe per account, a few hundred for a long chart.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

use super::{Interval, Period};

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NetWorthReport {
    pub interval: Interval,
    pub points: Vec<NetWorthPoint>,
}

/// The balances at the end of a period (today, for the current one).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NetWorthPoint {
    #[serde(flatten)]
    pub period: Period,
    /// The day the balances are read at.
    pub date: NaiveDate,
    pub currencies: Vec<NetWorth>,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct NetWorth {
    pub currency: String,
    /// Accounts with a positive balance.
    #[schema(value_type = String)]
    pub assets: Decimal,
    /// What is owed, as a positive amount.
    #[schema(value_type = String)]
    pub liabilities: Decimal,
    /// Assets less liabilities.
    #[schema(value_type = String)]
    pub net_worth: Decimal,
    /// Accounts that have a balance at this date.
    pub accounts: i64,
}

/// Whether every account in `ids` is the user's.
pub async fn owns_accounts(
    conn: &mut PgConnection,
    user_id: Uuid,
    ids: &[Uuid],
) -> Result<bool, sqlx::Error> {
    let found: i64 =
        sqlx::query_scalar("SELECT count(*) FROM accounts WHERE user_id = $1 AND id = ANY($2)")
            .bind(user_id)
            .bind(ids)
            .fetch_one(conn)
            .await?;
    Ok(found == ids.len() as i64)
}

/// Net worth at the end of each period holding `from` through `to` (never after `today`),
/// over `accounts` or all of them when empty.
pub async fn net_worth(
    conn: &mut PgConnection,
    user_id: Uuid,
    interval: Interval,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    accounts: &[Uuid],
) -> Result<NetWorthReport, sqlx::Error> {
    let periods: Vec<Period> = interval
        .starts(from, to)
        .into_iter()
        .map(|start| Period::new(interval, start))
        .collect();
    let dates: Vec<NaiveDate> = periods.iter().map(|p| p.end.min(today)).collect();
    let rows: Vec<(NaiveDate, NetWorth)> = sqlx::query_as::<
        _,
        (NaiveDate, String, Decimal, Decimal, i64),
    >(
        "SELECT p.day, b.currency::text, coalesce(sum(b.balance) FILTER (WHERE b.balance > 0), 0),
                coalesce(-sum(b.balance) FILTER (WHERE b.balance < 0), 0), count(*)
         FROM unnest($2::date[]) AS p(day)
         JOIN accounts a ON a.user_id = $1
              AND (cardinality($3::uuid[]) = 0 OR a.id = ANY($3))
              AND (a.archived_at IS NULL OR a.archived_at::date > p.day)
         CROSS JOIN LATERAL (
             SELECT ab.balance, ab.currency FROM account_balances ab
             WHERE ab.user_id = $1 AND ab.account_id = a.id AND ab.as_of <= p.day
             ORDER BY ab.as_of DESC LIMIT 1
         ) b
         GROUP BY 1, 2 ORDER BY 1, 2",
    )
    .bind(user_id)
    .bind(&dates)
    .bind(accounts)
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|(day, currency, assets, liabilities, accounts)| {
        (
            day,
            NetWorth {
                currency,
                net_worth: assets - liabilities,
                assets,
                liabilities,
                accounts,
            },
        )
    })
    .collect();
    let points = periods
        .into_iter()
        .zip(dates)
        .map(|(period, date)| NetWorthPoint {
            period,
            date,
            currencies: rows
                .iter()
                .filter(|(day, _)| *day == date)
                .map(|(_, n)| n.clone())
                .collect(),
        })
        .collect();
    Ok(NetWorthReport { interval, points })
}
