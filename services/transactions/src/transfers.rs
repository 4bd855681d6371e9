//! The transfer links on transactions: each half's `transfer_id` holds the other half's id.
//! Which rows pair up, and the pairs a user rejected, are bank-sync's (`transfers`); this
//! module reads the rows it chooses from and writes the links.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

/// A posted, unlinked row that could be half of a transfer.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Candidate {
    pub id: Uuid,
    pub account_id: Uuid,
    pub booked_at: DateTime<Utc>,
    pub amount: Decimal,
    pub currency: String,
}

/// The user's rows in accounts other than `account_id` that could be the other half of a
/// transfer with an imported row: live, posted, unlinked, in `currency`, booked in
/// `[from, until]`, with an amount among `amounts` (the imported rows' negated amounts).
/// The importer knows its own side already; asking only for opposites keeps a big import
/// from reading back the rows it just wrote.
pub async fn opposites(
    conn: &mut PgConnection,
    user_id: Uuid,
    account_id: Uuid,
    currency: &str,
    (from, until): (DateTime<Utc>, DateTime<Utc>),
    amounts: &[Decimal],
) -> Result<Vec<Candidate>, sqlx::Error> {
    if amounts.is_empty() {
        return Ok(Vec::new());
    }
    sqlx::query_as(
        "SELECT id, account_id, booked_at, amount, currency::text AS currency FROM transactions
         WHERE user_id = $1 AND account_id <> $2 AND currency::text = $3
           AND booked_at BETWEEN $4 AND $5 AND amount = ANY($6)
           AND transfer_id IS NULL AND deleted_at IS NULL AND status = 'posted'",
    )
    .bind(user_id)
    .bind(account_id)
    .bind(currency)
    .bind(from)
    .bind(until)
    .bind(amounts)
    .fetch_all(conn)
    .await
}

/// Links each pair's two rows to each other.
pub async fn link(
    conn: &mut PgConnection,
    user_id: Uuid,
    pairs: &[(Uuid, Uuid)],
) -> Result<(), sqlx::Error> {
    if pairs.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = pairs.iter().flat_map(|(a, b)| [*a, *b]).collect();
    let partners: Vec<Uuid> = pairs.iter().flat_map(|(a, b)| [*b, *a]).collect();
    sqlx::query(
        "UPDATE transactions t SET transfer_id = u.partner
         FROM UNNEST($2::uuid[], $3::uuid[]) AS u(id, partner)
         WHERE t.user_id = $1 AND t.id = u.id",
    )
    .bind(user_id)
    .bind(ids)
    .bind(partners)
    .execute(conn)
    .await?;
    Ok(())
}

/// Unlinks `a` and `b`, where they are linked to each other.
pub async fn unlink(
    conn: &mut PgConnection,
    user_id: Uuid,
    a: Uuid,
    b: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE transactions SET transfer_id = NULL
         WHERE user_id = $1 AND ((id = $2 AND transfer_id = $3) OR (id = $3 AND transfer_id = $2))",
    )
    .bind(user_id)
    .bind(a)
    .bind(b)
    .execute(conn)
    .await?;
    Ok(())
}

/// One half of a transfer, as the API shows it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Leg {
    pub id: Uuid,
    pub account_id: Uuid,
    pub booked_at: DateTime<Utc>,
    #[schema(value_type = String)]
    pub amount: Decimal,
    pub currency: String,
    pub description: String,
}

/// A leg and the id of its other half, if it has one.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LinkedLeg {
    #[sqlx(flatten)]
    pub leg: Leg,
    pub transfer_id: Option<Uuid>,
}

/// The user's live linked rows that took money out, newest first, those before `before`
/// (booked_at and id).
pub async fn outgoing_legs(
    conn: &mut PgConnection,
    user_id: Uuid,
    before: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> Result<Vec<LinkedLeg>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, account_id, booked_at, amount, currency::text AS currency, description, transfer_id
         FROM transactions
         WHERE user_id = $1 AND transfer_id IS NOT NULL AND amount < 0 AND deleted_at IS NULL
           AND ($2::timestamptz IS NULL OR (booked_at, id) < ($2, $3))
         ORDER BY booked_at DESC, id DESC
         LIMIT $4",
    )
    .bind(user_id)
    .bind(before.map(|b| b.0))
    .bind(before.map(|b| b.1))
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// The user's rows among `ids`, as legs.
pub async fn legs(
    conn: &mut PgConnection,
    user_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<Leg>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, account_id, booked_at, amount, currency::text AS currency, description
         FROM transactions WHERE user_id = $1 AND id = ANY($2)",
    )
    .bind(user_id)
    .bind(ids)
    .fetch_all(conn)
    .await
}

/// The user's live row `id`, locked until the caller's transaction ends.
pub async fn leg_for_update(
    conn: &mut PgConnection,
    user_id: Uuid,
    id: Uuid,
) -> Result<Option<LinkedLeg>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, account_id, booked_at, amount, currency::text AS currency, description, transfer_id
         FROM transactions WHERE user_id = $1 AND id = $2 AND deleted_at IS NULL
         FOR UPDATE",
    )
    .bind(user_id)
    .bind(id)
    .fetch_optional(conn)
    .await
}
