//! Splits: one transaction in parts that add up to it exactly, each part with its own
//! category. Parts replace their parent wherever money is counted per category (the
//! `category_amounts` view, migrations/20261123000017_splits.sql); the parent keeps its own
//! category for display.

use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

/// Fewer than two parts is no split; more than this is a mistake.
pub const MAX_PARTS: usize = 50;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Split {
    pub id: Uuid,
    /// Signed like the transaction.
    #[schema(value_type = String, example = "-20.0000")]
    pub amount: Decimal,
    pub category_id: Option<Uuid>,
    pub notes: Option<String>,
}

/// One part as the user gives it.
#[derive(Debug, Clone)]
pub struct Part {
    pub amount: Decimal,
    pub category_id: Option<Uuid>,
    pub notes: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum SplitError {
    /// No such live transaction of the user, or a category that is not the user's.
    #[error("not found")]
    NotFound,
    #[error("{1}")]
    Invalid(String, String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// The parts of one of the user's transactions, in the order given.
pub async fn of(
    conn: &mut PgConnection,
    user_id: Uuid,
    transaction_id: Uuid,
) -> Result<Vec<Split>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, amount, category_id, notes FROM transaction_splits
         WHERE user_id = $1 AND transaction_id = $2 ORDER BY position",
    )
    .bind(user_id)
    .bind(transaction_id)
    .fetch_all(conn)
    .await
}

/// Checks parts against their parent's amount: same sign each, exact sum.
fn check(parent: Decimal, parts: &[Part]) -> Result<(), SplitError> {
    for (n, part) in parts.iter().enumerate() {
        if part.amount.is_sign_negative() != parent.is_sign_negative() {
            return Err(SplitError::Invalid(
                format!("parts[{n}].amount"),
                format!("same sign as the transaction ({parent})"),
            ));
        }
    }
    let sum: Decimal = parts.iter().map(|p| p.amount).sum();
    if sum != parent {
        return Err(SplitError::Invalid(
            "parts".into(),
            format!(
                "the parts add up to {}, the transaction is {}: off by {}",
                sum.normalize(),
                parent.normalize(),
                (sum - parent).abs().normalize()
            ),
        ));
    }
    Ok(())
}

/// Replaces the splits of a live transaction of the user with `parts` (none removes them).
/// The parts have been checked one by one; here they are checked against the parent.
pub async fn replace(
    conn: &mut PgConnection,
    user_id: Uuid,
    transaction_id: Uuid,
    parts: &[Part],
) -> Result<Vec<Split>, SplitError> {
    let parent: Decimal = sqlx::query_scalar(
        "SELECT amount FROM transactions WHERE user_id = $1 AND id = $2 AND deleted_at IS NULL FOR UPDATE",
    )
    .bind(user_id)
    .bind(transaction_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(SplitError::NotFound)?;
    if !parts.is_empty() {
        check(parent, parts)?;
        let mut categories: Vec<Uuid> = parts.iter().filter_map(|p| p.category_id).collect();
        categories.sort();
        categories.dedup();
        let owned: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM categories WHERE user_id = $1 AND id = ANY($2)",
        )
        .bind(user_id)
        .bind(&categories)
        .fetch_one(&mut *conn)
        .await?;
        if owned != categories.len() as i64 {
            return Err(SplitError::NotFound);
        }
    }
    sqlx::query("DELETE FROM transaction_splits WHERE user_id = $1 AND transaction_id = $2")
        .bind(user_id)
        .bind(transaction_id)
        .execute(&mut *conn)
        .await?;
    if parts.is_empty() {
        return Ok(Vec::new());
    }
    let positions: Vec<i16> = (0..parts.len() as i16).collect();
    let amounts: Vec<Decimal> = parts.iter().map(|p| p.amount).collect();
    let categories: Vec<Option<Uuid>> = parts.iter().map(|p| p.category_id).collect();
    let notes: Vec<Option<String>> = parts.iter().map(|p| p.notes.clone()).collect();
    // user_id and booked_at come from the parent row itself (a trigger checks the user too).
    sqlx::query(
        "INSERT INTO transaction_splits (user_id, transaction_id, booked_at, position, amount, category_id, notes)
         SELECT t.user_id, t.id, t.booked_at, u.position, u.amount, u.category_id, u.notes
         FROM transactions t,
              UNNEST($3::smallint[], $4::numeric[], $5::uuid[], $6::text[]) AS u(position, amount, category_id, notes)
         WHERE t.user_id = $1 AND t.id = $2 AND t.deleted_at IS NULL",
    )
    .bind(user_id)
    .bind(transaction_id)
    .bind(&positions)
    .bind(&amounts)
    .bind(&categories)
    .bind(&notes)
    .execute(&mut *conn)
    .await?;
    Ok(of(conn, user_id, transaction_id).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn parts(amounts: &[Decimal]) -> Vec<Part> {
        amounts
            .iter()
            .map(|a| Part {
                amount: *a,
                category_id: None,
                notes: None,
            })
            .collect()
    }

    #[test]
    fn parts_must_add_up_exactly_with_the_same_sign() {
        assert!(check(dec!(-50), &parts(&[dec!(-20), dec!(-30.00)])).is_ok());
        let Err(SplitError::Invalid(field, message)) =
            check(dec!(-50), &parts(&[dec!(-20), dec!(-29.99)]))
        else {
            panic!("off by a cent passed")
        };
        assert_eq!(field, "parts");
        assert!(message.contains("off by 0.01"), "{message}");
        let Err(SplitError::Invalid(field, _)) = check(dec!(-50), &parts(&[dec!(-60), dec!(10)]))
        else {
            panic!("mixed signs passed")
        };
        assert_eq!(field, "parts[1].amount");
    }
}
