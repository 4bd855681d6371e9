//! Net worth over time from observed balances (`account_balances`, one row per account per
//! day a balance was seen). Between observations an account keeps its last observed
//! balance; before its first one the balance is worked back from the rows booked since (and
//! not counted before its first row); after it is archived it is not counted. Balances are
//! signed (money owed is negative), per currency.
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
    kakeibo_bank_sync::accounts::all_owned(conn, user_id, ids).await
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
    let rows: Vec<(NaiveDate, NetWorth)> =
        kakeibo_bank_sync::accounts::held_on(conn, user_id, &dates, accounts)
            .await?
            .into_iter()
            .map(|held| {
                (
                    held.day,
                    NetWorth {
                        currency: held.currency,
                        net_worth: held.assets - held.liabilities,
                        assets: held.assets,
                        liabilities: held.liabilities,
                        accounts: held.accounts,
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
