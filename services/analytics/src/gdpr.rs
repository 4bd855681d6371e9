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

/// The user's recurring series, anomalies and insights, for the data export (issue 23).
/// The rollups and baselines are sums of the exported transactions, recomputed, so they
/// stay out.
pub async fn export_user(
    conn: &mut PgConnection,
    sink: &mut dyn kakeibo_core::export::RecordSink,
    user_id: Uuid,
) -> Result<(), kakeibo_core::export::ExportError> {
    kakeibo_core::export::stream_tables(
        conn,
        sink,
        user_id,
        &[
            (
                "recurring_series",
                "SELECT (to_jsonb(r) - 'user_id' || jsonb_build_object(
                     'amount', r.amount::text, 'previous_amount', r.previous_amount::text))::text
                 FROM recurring_series r WHERE user_id = $1 ORDER BY detected_at, id",
            ),
            (
                "anomaly",
                "SELECT (to_jsonb(a) - 'user_id' || jsonb_build_object(
                     'amount', a.amount::text, 'baseline', a.baseline::text))::text
                 FROM anomalies a WHERE user_id = $1 ORDER BY on_date, id",
            ),
            (
                "insight",
                "SELECT (to_jsonb(i) - 'user_id')::text FROM insights i WHERE user_id = $1 ORDER BY created_at, id",
            ),
        ],
    )
    .await
}

/// Imports one record of an export if its type is analytics'; answers whether it was. The
/// rollups are rebuilt from the imported transactions (their inserts mark the days).
pub async fn import_record(
    conn: &mut PgConnection,
    kind: &str,
    record: &serde_json::Value,
) -> Result<bool, sqlx::Error> {
    let sql = match kind {
        "recurring_series" => {
            "INSERT INTO recurring_series SELECT * FROM jsonb_populate_record(NULL::recurring_series, $1)"
        }
        "anomaly" => {
            "INSERT INTO anomalies SELECT * FROM jsonb_populate_record(NULL::anomalies, $1)"
        }
        "insight" => "INSERT INTO insights SELECT * FROM jsonb_populate_record(NULL::insights, $1)",
        _ => return Ok(false),
    };
    kakeibo_core::export::insert_record(conn, sql, record).await?;
    Ok(true)
}
