//! The largest payments out of a span of the user's own days (for the weekly summary).

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::transactions::midnight;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LargePayment {
    pub id: Uuid,
    /// The user's calendar day of the booking (`analytics_local_day`).
    pub day: NaiveDate,
    /// The merchant's name, else the payee, else the description.
    pub name: String,
    /// Negative: money out.
    pub amount: Decimal,
    pub currency: String,
}

/// The `per_currency` largest payments out booked on the user's days `first..=last` in
/// `time_zone`, per currency, largest first. Transfers and rows filed in income or transfer
/// categories are not payments.
pub async fn largest_payments(
    conn: &mut PgConnection,
    user_id: Uuid,
    time_zone: &str,
    first: NaiveDate,
    last: NaiveDate,
    per_currency: i64,
) -> Result<Vec<LargePayment>, sqlx::Error> {
    // Any zone is within a day of UTC: the wider UTC span lets the index narrow the rows,
    // the local day decides.
    let from = midnight(first - Days::new(1));
    let to = midnight(last + Days::new(2));
    sqlx::query_as(
        "SELECT id, day, name, amount, currency FROM (
             SELECT t.id, analytics_local_day(t.booked_at, $2) AS day,
                    COALESCE(t.merchant, NULLIF(t.payee, ''), t.description) AS name,
                    t.amount, t.currency::text AS currency,
                    row_number() OVER (PARTITION BY t.currency ORDER BY t.amount, t.booked_at, t.id) AS rank
             FROM transactions t
             WHERE t.user_id = $1 AND t.deleted_at IS NULL AND t.amount < 0 AND t.transfer_id IS NULL
               AND t.booked_at >= $3 AND t.booked_at < $4
               AND analytics_local_day(t.booked_at, $2) BETWEEN $5 AND $6
               AND (t.category_id IS NULL OR t.category_id NOT IN
                    (SELECT id FROM categories WHERE user_id = $1 AND kind <> 'expense'))
         ) ranked WHERE rank <= $7
         ORDER BY currency, amount, day, id",
    )
    .bind(user_id)
    .bind(time_zone)
    .bind(from)
    .bind(to)
    .bind(first)
    .bind(last)
    .bind(per_currency)
    .fetch_all(conn)
    .await
}
