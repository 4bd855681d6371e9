//! Sums of the user's transactions that other crates read (a goal's saved amount, …): they
//! call these, never the table.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sqlx::PgConnection;
use uuid::Uuid;

/// The sum of an account's live transactions booked at or after `since` (all of them when
/// `None`); zero for an account that is not the user's.
pub async fn account_total(
    conn: &mut PgConnection,
    user_id: Uuid,
    account_id: Uuid,
    since: Option<DateTime<Utc>>,
) -> Result<Decimal, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COALESCE(sum(amount), 0) FROM transactions
         WHERE user_id = $1 AND account_id = $2 AND deleted_at IS NULL
           AND ($3::timestamptz IS NULL OR booked_at >= $3)",
    )
    .bind(user_id)
    .bind(account_id)
    .bind(since)
    .fetch_one(conn)
    .await
}

/// The UTC dates of the user's first and last booked rows (deleted ones too); `None` when the
/// user has none.
pub async fn booked_span(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<Option<(NaiveDate, NaiveDate)>, sqlx::Error> {
    let span: (Option<NaiveDate>, Option<NaiveDate>) = sqlx::query_as(
        "SELECT (min(booked_at) AT TIME ZONE 'UTC')::date, (max(booked_at) AT TIME ZONE 'UTC')::date
         FROM transactions WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_one(conn)
    .await?;
    Ok(span.0.zip(span.1))
}

/// For each (account, day, until) ask: the sum of the account's live posted rows booked on the
/// UTC days after `day` up to `until`, and whether the account has any such row on or before
/// `day`. What a balance first seen on `until` was on `day` follows from it.
pub async fn changes_between(
    conn: &mut PgConnection,
    user_id: Uuid,
    asks: &[(Uuid, NaiveDate, NaiveDate)],
) -> Result<Vec<(Decimal, bool)>, sqlx::Error> {
    let (accounts, (days, untils)): (Vec<Uuid>, (Vec<NaiveDate>, Vec<NaiveDate>)) = asks
        .iter()
        .map(|(account, day, until)| (*account, (*day, *until)))
        .unzip();
    let rows: Vec<(Decimal, bool)> = sqlx::query_as(
        "SELECT coalesce(sum(t.amount), 0),
                EXISTS (SELECT 1 FROM transactions e
                        WHERE e.user_id = $1 AND e.account_id = q.account_id
                          AND e.deleted_at IS NULL AND e.status = 'posted'
                          AND e.booked_at < (q.day + 1)::timestamp AT TIME ZONE 'UTC')
         FROM unnest($2::uuid[], $3::date[], $4::date[]) WITH ORDINALITY AS q(account_id, day, until, n)
         LEFT JOIN transactions t
                ON t.user_id = $1 AND t.account_id = q.account_id
               AND t.deleted_at IS NULL AND t.status = 'posted'
               AND t.booked_at >= (q.day + 1)::timestamp AT TIME ZONE 'UTC'
               AND t.booked_at < (q.until + 1)::timestamp AT TIME ZONE 'UTC'
         GROUP BY q.n, q.account_id, q.day
         ORDER BY q.n",
    )
    .bind(user_id)
    .bind(&accounts)
    .bind(&days)
    .bind(&untils)
    .fetch_all(conn)
    .await?;
    Ok(rows)
}

/// The user's live transactions in one currency other than the one they are converted to.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ForeignRows {
    pub currency: String,
    pub rows: i64,
    /// Rows with no exchange rate to the target currency on or before their day (the user's
    /// calendar day, as budgets convert them).
    pub unconverted: i64,
}

/// Per currency other than `to`, how many of the user's live rows there are and how many of
/// them cannot be converted to `to`.
pub async fn foreign_rows(
    conn: &mut PgConnection,
    user_id: Uuid,
    to: &str,
) -> Result<Vec<ForeignRows>, sqlx::Error> {
    // One rate lookup per currency and day, however many rows share them.
    sqlx::query_as(
        "WITH u AS (SELECT user_time_zone($1) AS tz),
         days AS (
             SELECT t.currency, analytics_local_day(t.booked_at, u.tz) AS day, count(*) AS n
             FROM transactions t CROSS JOIN u
             WHERE t.user_id = $1 AND t.deleted_at IS NULL AND t.currency <> $2::char(3)
             GROUP BY 1, 2
         )
         SELECT currency::text AS currency, sum(n)::bigint AS rows,
                COALESCE(sum(n) FILTER (WHERE fx_rate(currency, $2::char(3), day) IS NULL), 0)::bigint AS unconverted
         FROM days GROUP BY currency ORDER BY currency",
    )
    .bind(user_id)
    .bind(to)
    .fetch_all(conn)
    .await
}
