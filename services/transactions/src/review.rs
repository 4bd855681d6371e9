//! The review queue: rows the categorizer saw and left without a category (it was not sure,
//! or the line names nothing), grouped by merchant so that one answer settles a whole group.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::PgConnection;
use sqlx::types::Json;
use uuid::Uuid;

use crate::categorization::Suggestion;

/// What makes a live row wait for review (on the columns of `transactions`): no category of
/// its own nor on any part, seen by the categorizer, and not a transfer. A macro, so that
/// `transactions::COLUMNS` can hold it too.
macro_rules! waiting {
    () => {
        "(deleted_at IS NULL AND category_id IS NULL AND categorized_at IS NOT NULL
          AND transfer_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM transaction_splits s
              WHERE s.user_id = transactions.user_id AND s.transaction_id = transactions.id
                AND s.booked_at = transactions.booked_at AND s.category_id IS NOT NULL))"
    };
}
pub(crate) use waiting;

pub(crate) const WAITING: &str = waiting!();

/// One merchant's rows waiting for review, in one currency.
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ReviewGroup {
    /// The newest row's merchant name, else its description.
    pub merchant: String,
    /// Hex of the normalized merchant text's hash: rows with the same key are the same merchant.
    pub merchant_key: String,
    pub rows: i64,
    pub currency: String,
    /// Sum of the rows' signed amounts.
    #[schema(value_type = String, example = "-54.2000")]
    pub total: Decimal,
    pub first_booked_at: DateTime<Utc>,
    pub last_booked_at: DateTime<Utc>,
    /// The newest row: accept a suggestion on it to settle the group.
    pub example_id: Uuid,
    pub example_description: String,
    /// The newest row's suggestions, best first (empty for a line that names nothing).
    #[schema(value_type = Vec<NamedSuggestion>)]
    pub suggestions: Json<Vec<NamedSuggestion>>,
}

/// A suggestion with its category's name, for a screen or a message to show.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct NamedSuggestion {
    #[serde(flatten)]
    pub suggestion: Suggestion,
    /// The category's name ("Restaurants").
    pub name: String,
}

/// The groups, largest first (the answer that settles most rows), then most recent.
pub async fn groups(
    conn: &mut PgConnection,
    user_id: Uuid,
    limit: i64,
) -> Result<Vec<ReviewGroup>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "WITH waiting AS (
             SELECT (array_agg(COALESCE(merchant, description) ORDER BY booked_at DESC, id DESC))[1] AS merchant,
                    encode(merchant_key, 'hex') AS merchant_key, count(*) AS rows,
                    currency::text AS currency, sum(amount) AS total,
                    min(booked_at) AS first_booked_at, max(booked_at) AS last_booked_at,
                    (array_agg(id ORDER BY booked_at DESC, id DESC))[1] AS example_id,
                    (array_agg(description ORDER BY booked_at DESC, id DESC))[1] AS example_description,
                    (array_agg(category_suggestions ORDER BY booked_at DESC, id DESC))[1] AS newest
             FROM transactions
             WHERE user_id = $1 AND {WAITING}
             GROUP BY merchant_key, currency
             ORDER BY count(*) DESC, max(booked_at) DESC, merchant_key
             LIMIT $2)
         SELECT w.merchant, w.merchant_key, w.rows, w.currency, w.total, w.first_booked_at,
                w.last_booked_at, w.example_id, w.example_description,
                COALESCE((SELECT jsonb_agg(s.value || jsonb_build_object('name', c.name) ORDER BY s.ordinality)
                          FROM jsonb_array_elements(w.newest) WITH ORDINALITY AS s
                          JOIN categories c ON c.user_id = $1 AND c.id = (s.value ->> 'category_id')::uuid),
                         '[]') AS suggestions
         FROM waiting w
         ORDER BY w.rows DESC, w.last_booked_at DESC, w.merchant_key"
    )))
    .bind(user_id)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// The row's first suggestion, when it has one; `None` when the row is not the user's.
pub async fn first_suggestion(
    conn: &mut PgConnection,
    user_id: Uuid,
    id: Uuid,
) -> Result<Option<Option<Uuid>>, sqlx::Error> {
    let row: Option<(Option<Uuid>,)> = sqlx::query_as(
        "SELECT (category_suggestions -> 0 ->> 'category_id')::uuid FROM transactions
         WHERE user_id = $1 AND id = $2 AND deleted_at IS NULL",
    )
    .bind(user_id)
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(category,)| category))
}

/// The rows waiting for review with the same merchant (and currency) as row `id`, and `id`.
pub async fn same_merchant(
    conn: &mut PgConnection,
    user_id: Uuid,
    id: Uuid,
) -> Result<Vec<Uuid>, sqlx::Error> {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT id FROM transactions
         WHERE user_id = $1 AND {WAITING}
           AND (merchant_key, currency) = (SELECT merchant_key, currency FROM transactions
                                           WHERE user_id = $1 AND id = $2 AND deleted_at IS NULL)
         UNION SELECT $2"
    )))
    .bind(user_id)
    .bind(id)
    .fetch_all(conn)
    .await
}

/// How many rows wait for review (for the weekly summary's "to review" line).
pub async fn waiting_count(conn: &mut PgConnection, user_id: Uuid) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT count(*) FROM transactions WHERE user_id = $1 AND {WAITING}"
    )))
    .bind(user_id)
    .fetch_one(conn)
    .await
}
