//! Producers whose facts are this crate's own (the thresholds the user set here): the caller
//! passes what changed, and an alert is emitted when it crosses the user's threshold.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{kinds, notify, preferences};

/// A balance just recorded for an account: below the user's threshold for it, one alert per
/// account and day (the dedupe key), so a sync every few hours does not repeat it.
pub async fn balance_updated(
    conn: &mut PgConnection,
    user_id: Uuid,
    account_id: Uuid,
    account_name: &str,
    balance: Decimal,
    currency: &str,
    on: NaiveDate,
) -> Result<bool, sqlx::Error> {
    let Some(threshold) = preferences::low_balance_threshold(conn, user_id, account_id).await?
    else {
        return Ok(false);
    };
    if balance >= threshold {
        return Ok(false);
    }
    let notified = notify(
        conn,
        user_id,
        kinds::LOW_BALANCE,
        &format!("low_balance:{account_id}:{on}"),
        json!({
            "account_id": account_id,
            "account_name": account_name,
            "balance": balance.normalize().to_string(),
            "threshold": threshold.normalize().to_string(),
            "currency": currency,
            "date": on,
        }),
    )
    .await?;
    Ok(!notified.rows.is_empty())
}
