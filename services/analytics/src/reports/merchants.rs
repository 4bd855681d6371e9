//! Top merchants by spending over whole local months, per currency.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MerchantsReport {
    /// First day of the first month.
    pub from: NaiveDate,
    /// Last day of the last month.
    pub to: NaiveDate,
    /// Per currency, largest spending first, at most `limit` per currency.
    pub merchants: Vec<MerchantSpending>,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct MerchantSpending {
    /// The merchant's cleaned-up name, else the payee, else the description, as on the
    /// latest transaction.
    pub name: String,
    pub currency: String,
    /// Money out less refunds.
    #[schema(value_type = String, example = "310.20")]
    pub spent: Decimal,
    pub transactions: i64,
    /// The local day of the latest one.
    pub last_day: NaiveDate,
}

/// The top `limit` merchants per currency of the months from `first` up to `end` (a first
/// day, excluded).
pub async fn top_merchants(
    conn: &mut PgConnection,
    user_id: Uuid,
    first: NaiveDate,
    end: NaiveDate,
    limit: i64,
) -> Result<Vec<MerchantSpending>, sqlx::Error> {
    sqlx::query_as(
        "SELECT name, currency, spent, transactions, last_day FROM (
             SELECT (array_agg(name ORDER BY month DESC))[1] AS name, currency::text AS currency,
                    sum(spent) AS spent, sum(transactions)::bigint AS transactions,
                    max(last_day) AS last_day,
                    row_number() OVER (PARTITION BY currency ORDER BY sum(spent) DESC, merchant) AS rank
             FROM analytics_merchants
             WHERE user_id = $1 AND month >= $2 AND month < $3
             GROUP BY merchant, currency
             HAVING sum(spent) > 0
         ) ranked
         WHERE rank <= $4
         ORDER BY currency, spent DESC, name",
    )
    .bind(user_id)
    .bind(first)
    .bind(end)
    .bind(limit)
    .fetch_all(conn)
    .await
}
