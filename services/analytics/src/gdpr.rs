//! The user's rollups, recurring series, anomalies and insights for erasure (issue 23).

use sqlx::PgConnection;
use uuid::Uuid;

/// Deletes everything analytics derived from the user's data. Run after the transactions,
/// accounts and categories are gone: deleting those marks days dirty here. Idempotent.
pub async fn erase_user(conn: &mut PgConnection, user_id: Uuid) -> Result<(), sqlx::Error> {
    for sql in [
        "DELETE FROM insights WHERE user_id = $1",
        "DELETE FROM anomalies WHERE user_id = $1",
        "DELETE FROM recurring_series WHERE user_id = $1",
        "DELETE FROM cash_flow_baselines WHERE user_id = $1",
        "DELETE FROM analytics_merchants WHERE user_id = $1",
        "DELETE FROM analytics_monthly WHERE user_id = $1",
        "DELETE FROM analytics_daily WHERE user_id = $1",
        "DELETE FROM analytics_dirty_days WHERE user_id = $1",
        "DELETE FROM analytics_state WHERE user_id = $1",
    ] {
        sqlx::query(sql).bind(user_id).execute(&mut *conn).await?;
    }
    Ok(())
}
