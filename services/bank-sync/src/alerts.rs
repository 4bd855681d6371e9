//! Alerts about what an import brought in, emitted through notifications: large ones in the
//! import's transaction (so they exist exactly when the rows do), uncategorized ones after
//! the categorizer's pass over the import.

use sqlx::PgConnection;
use uuid::Uuid;

use kakeibo_notifications::{kinds, notify};
use kakeibo_transactions::import_rows;

/// One `large_transaction` alert per new outgoing row of at least the user's threshold in the
/// account's currency (no threshold set: none). Keyed by the row, so a re-import adds none.
pub async fn large_transactions(
    conn: &mut PgConnection,
    user_id: Uuid,
    import_id: Uuid,
    currency: &str,
) -> Result<usize, sqlx::Error> {
    let Some(threshold) =
        kakeibo_notifications::preferences::large_transaction_threshold(conn, user_id, currency)
            .await?
    else {
        return Ok(0);
    };
    let rows = import_rows::added_outgoing_at_least(conn, user_id, import_id, threshold).await?;
    let mut emitted = 0;
    for row in &rows {
        let notified = notify(
            conn,
            user_id,
            kinds::LARGE_TRANSACTION,
            &format!("large_transaction:{}", row.id),
            {
                let mut payload = transaction_payload(row);
                payload["threshold"] = threshold.normalize().to_string().into();
                payload
            },
        )
        .await?;
        emitted += usize::from(!notified.rows.is_empty());
    }
    Ok(emitted)
}

/// More rows than this left without a category by one import make one grouped alert
/// ("12 transactions need a category") instead of one each (docs/decisions.md).
pub const MAX_SINGLE_UNCATEGORIZED: usize = 5;

/// After the categorizer's pass over an import: one `uncategorized_transaction` alert per row
/// it left without a category (none it was sure enough about), keyed by the row; or, past
/// [`MAX_SINGLE_UNCATEGORIZED`], one alert for the whole import, keyed by the import. Either
/// way a second pass over the same import adds none. Answers how many alerts were new.
pub async fn uncategorized_transactions(
    conn: &mut PgConnection,
    user_id: Uuid,
    import_id: Uuid,
) -> Result<usize, sqlx::Error> {
    let rows = import_rows::added_waiting_for_review(conn, user_id, import_id).await?;
    if rows.len() > MAX_SINGLE_UNCATEGORIZED {
        let notified = notify(
            conn,
            user_id,
            kinds::UNCATEGORIZED_TRANSACTION,
            &format!("uncategorized_import:{import_id}"),
            serde_json::json!({
                "import_id": import_id.to_string(),
                "count": rows.len(),
            }),
        )
        .await?;
        return Ok(usize::from(!notified.rows.is_empty()));
    }
    let mut emitted = 0;
    for row in &rows {
        let notified = notify(
            conn,
            user_id,
            kinds::UNCATEGORIZED_TRANSACTION,
            &format!("uncategorized_transaction:{}", row.id),
            transaction_payload(row),
        )
        .await?;
        emitted += usize::from(!notified.rows.is_empty());
    }
    Ok(emitted)
}

/// The payload fields every transaction alert carries (`kinds.rs`); the merchant is the
/// payee when the bank gave one, else the description.
fn transaction_payload(row: &import_rows::AddedRow) -> serde_json::Value {
    let merchant = if row.payee.trim().is_empty() {
        &row.description
    } else {
        &row.payee
    };
    serde_json::json!({
        "transaction_id": row.id.to_string(),
        "merchant": merchant,
        "description": row.description,
        "amount": row.amount.normalize().to_string(),
        "currency": row.currency,
        "date": row.booked_on,
    })
}
