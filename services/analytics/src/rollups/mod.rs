//! The rollup tables (migrations/20261124000011_analytics_rollups.sql) and how they stay
//! current. Triggers on transactions and splits record the UTC days a change touched; a
//! refresh takes those days and rebuilds the user's local months around them from the
//! user's rows, splits counted as their parts (the rule of the `category_amounts` view). A
//! user whose time zone changed since the last build, or who
//! was never built, is rebuilt whole.
//!
//! The analytics job refreshes after every change, and every report refreshes first when
//! something is pending, so an answer never lags an edit the user just made.

mod months;

use chrono::{Months, NaiveDate};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

pub use months::month_runs;

/// What a refresh did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refreshed {
    /// Nothing was pending.
    Nothing,
    /// These local months were rebuilt (first days).
    Months(Vec<NaiveDate>),
    /// Everything was rebuilt (first build, or the time zone changed).
    All,
    /// No such user (deleted meanwhile).
    NoUser,
}

/// The user's zone and whether the rollups need work, in one round trip.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Freshness {
    pub time_zone: String,
    /// Today in the user's zone.
    pub today: NaiveDate,
    pub stale: bool,
    /// Set by [`ensure_fresh`] when it rebuilt rollups: a write the user's next read must see.
    #[sqlx(skip)]
    pub refreshed: bool,
}

/// Checks the rollups of a user; `None` when there is no such user.
pub async fn freshness(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<Option<Freshness>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.tz AS time_zone, (now() AT TIME ZONE u.tz)::date AS today,
                (s.time_zone IS DISTINCT FROM u.tz
                 OR EXISTS (SELECT 1 FROM analytics_dirty_days d WHERE d.user_id = $1)) AS stale
         FROM user_time_zone($1) AS u(tz) LEFT JOIN analytics_state s ON s.user_id = $1
         WHERE u.tz IS NOT NULL",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await
}

/// Brings the user's rollups up to date when something is pending; answers the user's zone
/// and today. Reports call this first.
pub async fn ensure_fresh(pool: &PgPool, user_id: Uuid) -> Result<Freshness, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let found = freshness(&mut conn, user_id)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    if !found.stale {
        return Ok(found);
    }
    drop(conn);
    refresh(pool, user_id).await?;
    let mut conn = pool.acquire().await?;
    let mut found = freshness(&mut conn, user_id)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    found.refreshed = true;
    Ok(found)
}

/// Rebuilds what changed for one user, in one transaction. Two refreshes of one user wait
/// for each other; a change committed while this runs leaves its days for the next one.
pub async fn refresh(pool: &PgPool, user_id: Uuid) -> Result<Refreshed, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "SELECT pg_advisory_xact_lock(hashtextextended('kakeibo.analytics:' || $1::text, 0))",
    )
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    let Some(state) = freshness(&mut tx, user_id).await? else {
        return Ok(Refreshed::NoUser);
    };
    let built_in: Option<String> =
        sqlx::query_scalar("SELECT time_zone FROM analytics_state WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
    // Taken in this transaction: were it to fail, the days come back with the rollback.
    let dirty: Vec<NaiveDate> =
        sqlx::query_scalar("DELETE FROM analytics_dirty_days WHERE user_id = $1 RETURNING day")
            .bind(user_id)
            .fetch_all(&mut *tx)
            .await?;
    let outcome = if built_in.as_deref() != Some(state.time_zone.as_str()) {
        rebuild_all(&mut tx, user_id, &state.time_zone).await?;
        Refreshed::All
    } else if dirty.is_empty() {
        Refreshed::Nothing
    } else {
        let months = months::touched(&dirty);
        for (first, end) in month_runs(&months) {
            rebuild_months(&mut tx, user_id, &state.time_zone, first, end).await?;
        }
        Refreshed::Months(months)
    };
    sqlx::query(
        "INSERT INTO analytics_state (user_id, time_zone) VALUES ($1, $2)
         ON CONFLICT (user_id) DO UPDATE SET time_zone = EXCLUDED.time_zone, refreshed_at = now()",
    )
    .bind(user_id)
    .bind(&state.time_zone)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(outcome)
}

/// Every month from the user's first booking to the last, from nothing.
async fn rebuild_all(
    conn: &mut PgConnection,
    user_id: Uuid,
    zone: &str,
) -> Result<(), sqlx::Error> {
    for table in [
        "DELETE FROM analytics_daily WHERE user_id = $1",
        "DELETE FROM analytics_monthly WHERE user_id = $1",
        "DELETE FROM analytics_merchants WHERE user_id = $1",
    ] {
        sqlx::query(table).bind(user_id).execute(&mut *conn).await?;
    }
    // The UTC dates of the first and last rows; local days lie within a day of them.
    let span = kakeibo_transactions::totals::booked_span(conn, user_id).await?;
    if let Some((first, last)) = span {
        let months = months::touched(&[first, last]);
        let (start, end) = (months[0], *months.last().expect("two days give a month"));
        rebuild_months(conn, user_id, zone, start, end + Months::new(1)).await?;
    }
    Ok(())
}

/// Rebuilds the local months from `first` (a first day) up to `end` (excluded).
async fn rebuild_months(
    conn: &mut PgConnection,
    user_id: Uuid,
    zone: &str,
    first: NaiveDate,
    end: NaiveDate,
) -> Result<(), sqlx::Error> {
    for delete in [
        "DELETE FROM analytics_daily WHERE user_id = $1 AND day >= $2 AND day < $3",
        "DELETE FROM analytics_monthly WHERE user_id = $1 AND month >= $2 AND month < $3",
        "DELETE FROM analytics_merchants WHERE user_id = $1 AND month >= $2 AND month < $3",
    ] {
        sqlx::query(delete)
            .bind(user_id)
            .bind(first)
            .bind(end)
            .execute(&mut *conn)
            .await?;
    }
    let expense = kakeibo_transactions::categories::expense_ids(conn, user_id).await?;
    // One statement, one scan of the user's rows in the window (rows of these local days
    // were booked within a day of them in UTC, and the window lets the hypertable skip every
    // other chunk). A split transaction counts as its parts, the rule of the
    // `category_amounts` view; the merchant rollup also needs the row's merchant columns,
    // which that view does not carry, and joining it back to the transactions let the
    // planner pick a nested loop over freshly imported, not yet analyzed chunks (minutes for
    // a user with 50,000 rows): so the rows come from transactions' `transaction_texts` and
    // their parts from `transaction_parts`. Merchants count spending as the reports do:
    // expense categories (refunds subtract) and money out that has no category; a category's
    // kind never changes, so the expense ones are read beforehand ($5). The merchant group
    // and name: docs/decisions.md.
    sqlx::query(
        "WITH counted AS MATERIALIZED (
             SELECT t.id, t.booked_at, t.currency, t.amount, t.category_id,
                    analytics_local_day(t.booked_at, $2) AS day,
                    coalesce(lower(nullif(btrim(t.merchant), '')), encode(t.merchant_key, 'hex'),
                             lower(btrim(coalesce(nullif(btrim(t.payee), ''), t.description)))) AS merchant,
                    coalesce(nullif(btrim(t.merchant), ''), nullif(btrim(t.payee), ''), btrim(t.description)) AS name
             FROM transaction_texts t
             WHERE t.user_id = $1 AND t.transfer_id IS NULL
               AND t.booked_at >= (($3::date - 1)::timestamp AT TIME ZONE 'UTC')
               AND t.booked_at < (($4::date + 1)::timestamp AT TIME ZONE 'UTC')
         ), parts AS MATERIALIZED (
             SELECT c.id, c.booked_at, c.currency, c.day, c.merchant, c.name,
                    coalesce(s.amount, c.amount) AS amount,
                    CASE WHEN s.id IS NULL THEN c.category_id ELSE s.category_id END AS category_id
             FROM counted c
             LEFT JOIN transaction_parts s
                    ON s.user_id = $1 AND s.transaction_id = c.id AND s.booked_at = c.booked_at
             WHERE c.day >= $3 AND c.day < $4
         ), daily AS (
             INSERT INTO analytics_daily (user_id, day, category_id, currency, inflow, outflow, row_count,
                                          inflow_count, outflow_count)
             SELECT $1, day, category_id, currency, sum(greatest(amount, 0)), sum(least(amount, 0)), count(*),
                    count(*) FILTER (WHERE amount > 0), count(*) FILTER (WHERE amount < 0)
             FROM parts GROUP BY day, category_id, currency
         ), monthly AS (
             INSERT INTO analytics_monthly (user_id, month, category_id, currency, inflow, outflow, row_count,
                                            inflow_count, outflow_count)
             SELECT $1, date_trunc('month', day::timestamp)::date, category_id, currency,
                    sum(greatest(amount, 0)), sum(least(amount, 0)), count(*),
                    count(*) FILTER (WHERE amount > 0), count(*) FILTER (WHERE amount < 0)
             FROM parts GROUP BY 2, category_id, currency
         )
         INSERT INTO analytics_merchants (user_id, month, merchant, name, currency, spent, transactions, last_day)
         SELECT $1, date_trunc('month', p.day::timestamp)::date, p.merchant,
                (array_agg(p.name ORDER BY p.booked_at DESC, p.id))[1],
                p.currency, -sum(p.amount), count(DISTINCT p.id), max(p.day)
         FROM parts p
         WHERE p.category_id = ANY($5) OR (p.category_id IS NULL AND p.amount < 0)
         GROUP BY 2, p.merchant, p.currency",
    )
    .bind(user_id)
    .bind(zone)
    .bind(first)
    .bind(end)
    .bind(&expense)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
