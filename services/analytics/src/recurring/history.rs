//! A user's transactions as the pattern finders read them: posted, not deleted, not a
//! transfer between own accounts, on the user's local date, keyed by merchant.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sqlx::PgConnection;
use uuid::Uuid;

use super::{Group, Payment};

/// How far back the finders look: a yearly series needs two payments, and three years
/// give a yearly one a third.
pub const LOOKBACK_DAYS: i32 = 3 * 366;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Row {
    pub id: Uuid,
    /// The categorizer's merchant key (hex), or the lowercased merchant text when the row has
    /// not been keyed yet.
    pub key: String,
    pub merchant: String,
    pub currency: String,
    pub date: NaiveDate,
    pub amount: Decimal,
    pub category_id: Option<Uuid>,
}

/// The user's time zone and local date at `now`; `None` for an unknown user.
pub async fn local_today(
    conn: &mut PgConnection,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<(String, NaiveDate)>, sqlx::Error> {
    kakeibo_auth::local_time::zone_and_date(conn, user_id, now).await
}

/// Rows from `since` (local date) on, ordered by merchant key, currency, then date.
pub async fn load(
    conn: &mut PgConnection,
    user_id: Uuid,
    time_zone: &str,
    since: NaiveDate,
) -> Result<Vec<Row>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, key, merchant, currency, date, amount, category_id FROM (
             SELECT t.id,
                    COALESCE(encode(t.merchant_key, 'hex'),
                             lower(btrim(COALESCE(NULLIF(t.merchant, ''), NULLIF(t.payee, ''), t.description)))) AS key,
                    COALESCE(NULLIF(t.merchant, ''), NULLIF(t.payee, ''), t.description) AS merchant,
                    t.currency::text AS currency, (t.booked_at AT TIME ZONE $2)::date AS date,
                    t.amount, t.category_id, t.booked_at
             FROM transaction_texts t
             WHERE t.user_id = $1 AND t.transfer_id IS NULL
               AND t.status = 'posted' AND t.booked_at >= ($3::date::timestamp AT TIME ZONE $2)
         ) r
         ORDER BY key, currency, booked_at, id",
    )
    .bind(user_id)
    .bind(time_zone)
    .bind(since)
    .fetch_all(conn)
    .await
}

/// Rows cut into one group per merchant, currency and direction. `rows` are in [`load`]'s
/// order; a group is named after its latest row.
pub fn groups(rows: &[Row]) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for chunk in rows.chunk_by(|a, b| a.key == b.key && a.currency == b.currency) {
        for outgoing in [true, false] {
            let payments: Vec<Payment> = chunk
                .iter()
                .filter(|r| !r.amount.is_zero() && r.amount.is_sign_negative() == outgoing)
                .map(|r| Payment {
                    date: r.date,
                    amount: r.amount,
                    category_id: r.category_id,
                })
                .collect();
            let Some(latest) = chunk
                .iter()
                .rev()
                .find(|r| !r.amount.is_zero() && r.amount.is_sign_negative() == outgoing)
            else {
                continue;
            };
            let direction = if outgoing { "out" } else { "in" };
            out.push(Group {
                key: format!("{}:{}:{direction}", r_key(&latest.key), latest.currency),
                merchant: latest.merchant.clone(),
                currency: latest.currency.clone(),
                payments,
            });
        }
    }
    out
}

/// Keys are stored: a long merchant text is cut (on a character boundary).
fn r_key(key: &str) -> String {
    key.chars().take(100).collect()
}
