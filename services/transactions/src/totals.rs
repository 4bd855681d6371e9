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
