//! The detected series, stored per user so the API reads what the last recompute found.

use chrono::{NaiveDate, Weekday};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

use super::{Cadence, Series};

/// A stored series as the API shows it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct StoredSeries {
    pub id: Uuid,
    pub merchant: String,
    pub currency: String,
    /// weekly, fortnightly, monthly, nth_weekday, quarterly or yearly.
    pub cadence: String,
    /// monthly, quarterly, yearly: the day of the month (the last day in shorter months).
    pub day_of_month: Option<i16>,
    /// nth_weekday: 1 to 4, or -1 for the last one of the month.
    pub nth: Option<i16>,
    /// nth_weekday: 1 = Monday … 7 = Sunday.
    pub weekday: Option<i16>,
    /// The amount expected next; negative is money out.
    #[schema(value_type = String, example = "-13.99")]
    pub amount: Decimal,
    pub category_id: Option<Uuid>,
    pub occurrences: i32,
    pub first_date: NaiveDate,
    pub last_date: NaiveDate,
    /// In your time zone; null once the series has ended.
    pub next_date: Option<NaiveDate>,
    /// Expected payments that have not come since the last one.
    pub missed: i32,
    /// active, missed (one payment did not come) or ended (two or more did not).
    pub status: String,
    /// The fixed price before its latest change, and when it changed.
    #[schema(value_type = Option<String>)]
    pub previous_amount: Option<Decimal>,
    pub price_changed_on: Option<NaiveDate>,
    /// The latest change raised what you pay.
    pub price_increased: bool,
    /// auto, confirmed or ignored (your say; kept across recomputes).
    pub user_state: String,
}

const COLUMNS: &str = "id, merchant, currency::text AS currency, cadence, day_of_month, nth, weekday, amount,
    category_id, occurrences, first_date, last_date, next_date, missed, status, previous_amount,
    price_changed_on, (amount < 0 AND previous_amount IS NOT NULL AND abs(amount) > abs(previous_amount)) AS price_increased,
    user_state";

/// Replaces the user's automatic series with `found`; series the user confirmed or ignored
/// keep their mark, and end when they are no longer found.
pub async fn save(
    conn: &mut PgConnection,
    user_id: Uuid,
    found: &[Series],
) -> Result<(), sqlx::Error> {
    let col = |f: &dyn Fn(&Series) -> Option<i16>| found.iter().map(f).collect::<Vec<_>>();
    let keys: Vec<&str> = found.iter().map(|s| s.key.as_str()).collect();
    let merchants: Vec<&str> = found.iter().map(|s| s.merchant.as_str()).collect();
    let currencies: Vec<&str> = found.iter().map(|s| s.currency.as_str()).collect();
    let cadences: Vec<&str> = found.iter().map(|s| s.schedule.cadence.as_str()).collect();
    let days = col(&|s| s.schedule.day_of_month.map(|d| d as i16));
    let nths = col(&|s| s.schedule.nth.map(i16::from));
    let weekdays = col(&|s| s.schedule.weekday.map(|w| w.number_from_monday() as i16));
    let amounts: Vec<Decimal> = found.iter().map(|s| s.amount).collect();
    // A category deleted meanwhile is left out.
    let ids: Vec<Uuid> = found.iter().filter_map(|s| s.category_id).collect();
    let known = kakeibo_transactions::categories::names(&mut *conn, user_id, &ids).await?;
    let categories: Vec<Option<Uuid>> = found
        .iter()
        .map(|s| s.category_id.filter(|id| known.contains_key(id)))
        .collect();
    let occurrences: Vec<i32> = found.iter().map(|s| s.occurrences as i32).collect();
    let firsts: Vec<NaiveDate> = found.iter().map(|s| s.first_date).collect();
    let lasts: Vec<NaiveDate> = found.iter().map(|s| s.last_date).collect();
    let nexts: Vec<Option<NaiveDate>> = found.iter().map(|s| s.next_date).collect();
    let missed: Vec<i32> = found.iter().map(|s| s.missed as i32).collect();
    let statuses: Vec<&str> = found.iter().map(|s| s.status.as_str()).collect();
    let previous: Vec<Option<Decimal>> = found
        .iter()
        .map(|s| s.price_change.map(|c| c.from))
        .collect();
    let changed_on: Vec<Option<NaiveDate>> =
        found.iter().map(|s| s.price_change.map(|c| c.on)).collect();
    sqlx::query(
        "INSERT INTO recurring_series (user_id, series_key, merchant, currency, cadence, day_of_month, nth, weekday,
                                       amount, category_id, occurrences, first_date, last_date, next_date, missed,
                                       status, previous_amount, price_changed_on)
         SELECT $1, u.key, u.merchant, u.currency, u.cadence, u.day, u.nth, u.weekday, u.amount,
                u.category_id, u.occurrences, u.first_date, u.last_date, u.next_date, u.missed, u.status, u.previous, u.changed_on
         FROM UNNEST($2::text[], $3::text[], $4::text[], $5::text[], $6::int2[], $7::int2[], $8::int2[],
                     $9::numeric[], $10::uuid[], $11::int4[], $12::date[], $13::date[], $14::date[], $15::int4[],
                     $16::text[], $17::numeric[], $18::date[])
              AS u(key, merchant, currency, cadence, day, nth, weekday, amount, category_id, occurrences,
                   first_date, last_date, next_date, missed, status, previous, changed_on)
         ON CONFLICT (user_id, series_key) DO UPDATE SET
             merchant = EXCLUDED.merchant, cadence = EXCLUDED.cadence, day_of_month = EXCLUDED.day_of_month,
             nth = EXCLUDED.nth, weekday = EXCLUDED.weekday, amount = EXCLUDED.amount,
             category_id = EXCLUDED.category_id, occurrences = EXCLUDED.occurrences,
             first_date = EXCLUDED.first_date, last_date = EXCLUDED.last_date, next_date = EXCLUDED.next_date,
             missed = EXCLUDED.missed, status = EXCLUDED.status, previous_amount = EXCLUDED.previous_amount,
             price_changed_on = EXCLUDED.price_changed_on
         WHERE (recurring_series.merchant, recurring_series.cadence, recurring_series.day_of_month,
                recurring_series.nth, recurring_series.weekday, recurring_series.amount,
                recurring_series.category_id, recurring_series.occurrences, recurring_series.first_date,
                recurring_series.last_date, recurring_series.next_date, recurring_series.missed,
                recurring_series.status, recurring_series.previous_amount, recurring_series.price_changed_on)
               IS DISTINCT FROM
               (EXCLUDED.merchant, EXCLUDED.cadence, EXCLUDED.day_of_month, EXCLUDED.nth, EXCLUDED.weekday,
                EXCLUDED.amount, EXCLUDED.category_id, EXCLUDED.occurrences, EXCLUDED.first_date,
                EXCLUDED.last_date, EXCLUDED.next_date, EXCLUDED.missed, EXCLUDED.status,
                EXCLUDED.previous_amount, EXCLUDED.price_changed_on)",
    )
    .bind(user_id)
    .bind(&keys)
    .bind(&merchants)
    .bind(&currencies)
    .bind(&cadences)
    .bind(&days)
    .bind(&nths)
    .bind(&weekdays)
    .bind(&amounts)
    .bind(&categories)
    .bind(&occurrences)
    .bind(&firsts)
    .bind(&lasts)
    .bind(&nexts)
    .bind(&missed)
    .bind(&statuses)
    .bind(&previous)
    .bind(&changed_on)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "DELETE FROM recurring_series WHERE user_id = $1 AND user_state = 'auto' AND series_key <> ALL($2)",
    )
    .bind(user_id)
    .bind(&keys)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE recurring_series SET status = 'ended', next_date = NULL
         WHERE user_id = $1 AND series_key <> ALL($2) AND status <> 'ended'",
    )
    .bind(user_id)
    .bind(&keys)
    .execute(conn)
    .await?;
    Ok(())
}

/// The user's series: active first, then by next date and merchant.
pub async fn list(
    conn: &mut PgConnection,
    user_id: Uuid,
    include_ended: bool,
    include_ignored: bool,
) -> Result<Vec<StoredSeries>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM recurring_series
         WHERE user_id = $1 AND ($2 OR status <> 'ended') AND ($3 OR user_state <> 'ignored')
         ORDER BY status = 'ended', next_date NULLS LAST, merchant, id"
    )))
    .bind(user_id)
    .bind(include_ended)
    .bind(include_ignored)
    .fetch_all(conn)
    .await
}

/// Confirms or ignores a series; `None` when the user has no such series.
pub async fn set_user_state(
    conn: &mut PgConnection,
    user_id: Uuid,
    id: Uuid,
    state: &str,
) -> Result<Option<StoredSeries>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "UPDATE recurring_series SET user_state = $3 WHERE user_id = $1 AND id = $2 RETURNING {COLUMNS}"
    )))
    .bind(user_id)
    .bind(id)
    .bind(state)
    .fetch_optional(conn)
    .await
}

/// A stored series' schedule, for the forecast.
pub fn schedule_of(s: &StoredSeries) -> Option<super::Schedule> {
    let weekday = s.weekday.and_then(|w| match w {
        1 => Some(Weekday::Mon),
        2 => Some(Weekday::Tue),
        3 => Some(Weekday::Wed),
        4 => Some(Weekday::Thu),
        5 => Some(Weekday::Fri),
        6 => Some(Weekday::Sat),
        7 => Some(Weekday::Sun),
        _ => None,
    });
    Some(super::Schedule {
        cadence: Cadence::parse(&s.cadence)?,
        day_of_month: s.day_of_month.map(|d| d as u32),
        nth: s.nth.map(|n| n as i8),
        weekday,
    })
}
