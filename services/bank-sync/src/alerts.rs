//! Alerts about what an import brought in, emitted through notifications in the import's
//! transaction (so they exist exactly when the rows do).

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
        let merchant = if row.payee.trim().is_empty() {
            &row.description
        } else {
            &row.payee
        };
        let notified = notify(
            conn,
            user_id,
            kinds::LARGE_TRANSACTION,
            &format!("large_transaction:{}", row.id),
            serde_json::json!({
                "transaction_id": row.id.to_string(),
                "merchant": merchant,
                "description": row.description,
                "amount": row.amount.normalize().to_string(),
                "currency": row.currency,
                "date": row.booked_on,
                "threshold": threshold.normalize().to_string(),
            }),
        )
        .await?;
        emitted += usize::from(!notified.rows.is_empty());
    }
    Ok(emitted)
}
