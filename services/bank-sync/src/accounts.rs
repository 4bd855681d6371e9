//! What other crates read of the user's accounts (`accounts` and `account_balances` are
//! bank-sync's tables): they call these, never the tables.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use kakeibo_transactions::totals;
use rust_decimal::Decimal;
use sqlx::PgConnection;
use uuid::Uuid;

/// An account as other features show and count it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountSummary {
    pub id: Uuid,
    pub name: String,
    pub currency: String,
    /// The balance the bank last reported; `None` for a manual account.
    pub current_balance: Option<Decimal>,
    pub archived: bool,
}

/// The user's accounts among `ids`, archived ones too; another user's are left out.
pub async fn summaries(
    conn: &mut PgConnection,
    user_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<AccountSummary>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, currency::text AS currency, current_balance, archived_at IS NOT NULL AS archived
         FROM accounts WHERE user_id = $1 AND id = ANY($2)",
    )
    .bind(user_id)
    .bind(ids)
    .fetch_all(conn)
    .await
}

/// One of the user's accounts, archived or not; `None` when it is not the user's.
pub async fn summary(
    conn: &mut PgConnection,
    user_id: Uuid,
    id: Uuid,
) -> Result<Option<AccountSummary>, sqlx::Error> {
    Ok(summaries(conn, user_id, &[id]).await?.pop())
}

/// Whether every account in `ids` is the user's (archived ones count).
pub async fn all_owned(
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

/// The currencies of the user's accounts, archived ones too, in code order.
pub async fn currencies(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT DISTINCT currency::text FROM accounts WHERE user_id = $1 ORDER BY 1")
        .bind(user_id)
        .fetch_all(conn)
        .await
}

/// The sum of the bank-reported balances of the user's open accounts, per currency (`None`
/// where none of them reports one).
pub async fn current_balances(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<Vec<(String, Option<Decimal>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT currency::text, sum(current_balance) FROM accounts
         WHERE user_id = $1 AND archived_at IS NULL GROUP BY currency",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// What the user's accounts held on one day, in one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldOn {
    pub day: NaiveDate,
    pub currency: String,
    /// The positive balances.
    pub assets: Decimal,
    /// The negative balances, as a positive amount.
    pub liabilities: Decimal,
    /// Accounts with a balance on that day.
    pub accounts: i64,
}

/// For each of `days`, the last balance on or before it of each account (of `accounts`, or
/// all of them when empty) still open that day, summed per currency; ordered by day and
/// currency. A day no account has a balance on is left out.
///
/// Banks tell today's balance only, so before an account's first observed balance its
/// balance is worked back from that one and the posted rows booked in between, from the
/// day of its first row on (a history of two years shows from the first sync).
pub async fn held_on(
    conn: &mut PgConnection,
    user_id: Uuid,
    days: &[NaiveDate],
    accounts: &[Uuid],
) -> Result<Vec<HeldOn>, sqlx::Error> {
    let rows: Vec<(NaiveDate, String, Decimal, Decimal, i64)> = sqlx::query_as(
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
    .bind(days)
    .bind(accounts)
    .fetch_all(&mut *conn)
    .await?;
    let mut held: BTreeMap<(NaiveDate, String), HeldOn> = rows
        .into_iter()
        .map(|(day, currency, assets, liabilities, accounts)| {
            let held = HeldOn {
                day,
                currency: currency.clone(),
                assets,
                liabilities,
                accounts,
            };
            ((day, currency), held)
        })
        .collect();
    for (day, currency, balance) in worked_back(conn, user_id, days, accounts).await? {
        let entry = held
            .entry((day, currency.clone()))
            .or_insert_with(|| HeldOn {
                day,
                currency,
                assets: Decimal::ZERO,
                liabilities: Decimal::ZERO,
                accounts: 0,
            });
        if balance > Decimal::ZERO {
            entry.assets += balance;
        } else {
            entry.liabilities -= balance;
        }
        entry.accounts += 1;
    }
    Ok(held.into_values().collect())
}

/// The balances of accounts on the days before their first observed one (see `held_on`):
/// (day, currency, balance) for each account that had rows by then.
async fn worked_back(
    conn: &mut PgConnection,
    user_id: Uuid,
    days: &[NaiveDate],
    accounts: &[Uuid],
) -> Result<Vec<(NaiveDate, String, Decimal)>, sqlx::Error> {
    let first: Vec<(Uuid, NaiveDate, Decimal, String, Option<NaiveDate>)> = sqlx::query_as(
        "SELECT DISTINCT ON (ab.account_id) ab.account_id, ab.as_of, ab.balance, ab.currency::text,
                a.archived_at::date
         FROM account_balances ab
         JOIN accounts a ON a.user_id = ab.user_id AND a.id = ab.account_id
         WHERE ab.user_id = $1 AND (cardinality($2::uuid[]) = 0 OR ab.account_id = ANY($2))
         ORDER BY ab.account_id, ab.as_of",
    )
    .bind(user_id)
    .bind(accounts)
    .fetch_all(&mut *conn)
    .await?;
    let mut asks = Vec::new();
    let mut known = Vec::new();
    for &day in days {
        for (account, as_of, balance, currency, archived) in &first {
            if *as_of > day && archived.is_none_or(|a| a > day) {
                asks.push((*account, day, *as_of));
                known.push((day, currency, *balance));
            }
        }
    }
    if asks.is_empty() {
        return Ok(Vec::new());
    }
    let changes = totals::changes_between(conn, user_id, &asks).await?;
    Ok(known
        .into_iter()
        .zip(changes)
        .filter(|(_, (_, had_rows))| *had_rows)
        .map(|((day, currency, balance), (change, _))| (day, currency.clone(), balance - change))
        .collect())
}
