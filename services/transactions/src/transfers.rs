//! The transfer links on transactions: each half's `transfer_id` holds the other half's id.
//! Which rows pair up, and the pairs a user rejected, are bank-sync's (`transfers`); this
//! module reads the rows it chooses from and writes the links.

use chrono::{DateTime, Duration, Utc};
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

/// The rows that could pair up as transfers between `account_id`'s rows booked in
/// `[from, until)` and the user's other accounts' rows up to `window` either side: live,
/// posted, unlinked and non-zero, and only those with an opposite (same currency, negated
/// amount, within `window`) on the other side. A big import has few such rows, so few cross
/// the wire: answers (own rows, other accounts' rows).
pub async fn candidates(
    conn: &mut PgConnection,
    user_id: Uuid,
    account_id: Uuid,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    window: Duration,
) -> Result<(Vec<Candidate>, Vec<Candidate>), sqlx::Error> {
    let rows: Vec<Sided> = sqlx::query_as(
        "WITH live AS (
             SELECT id, account_id, booked_at, amount, currency::text AS currency FROM transactions
             WHERE user_id = $1 AND booked_at >= $3 - $5 AND booked_at < $4 + $5
               AND transfer_id IS NULL AND deleted_at IS NULL AND status = 'posted' AND amount <> 0),
         own AS MATERIALIZED (
             SELECT * FROM live WHERE account_id = $2 AND booked_at >= $3 AND booked_at < $4),
         others AS MATERIALIZED (SELECT * FROM live WHERE account_id <> $2)
         SELECT true AS own, o.* FROM own o
         WHERE EXISTS (SELECT 1 FROM others x WHERE x.currency = o.currency AND x.amount = -o.amount
                         AND x.booked_at BETWEEN o.booked_at - $5 AND o.booked_at + $5)
         UNION ALL
         SELECT false, x.* FROM others x
         WHERE EXISTS (SELECT 1 FROM own o WHERE o.currency = x.currency AND o.amount = -x.amount
                         AND o.booked_at BETWEEN x.booked_at - $5 AND x.booked_at + $5)",
    )
    .bind(user_id)
    .bind(account_id)
    .bind(from)
    .bind(until)
    .bind(window)
    .fetch_all(conn)
    .await?;
    let (own, others): (Vec<_>, Vec<_>) = rows.into_iter().partition(|row| row.own);
    let candidates = |rows: Vec<Sided>| rows.into_iter().map(|row| row.candidate).collect();
    Ok((candidates(own), candidates(others)))
}

#[derive(sqlx::FromRow)]
struct Sided {
    own: bool,
    #[sqlx(flatten)]
    candidate: Candidate,
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
