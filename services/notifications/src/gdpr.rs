//! The user's notification data for GDPR export and erasure (issue 23 calls these).

use sqlx::PgConnection;
use uuid::Uuid;

/// Every notification (with its delivery state) and every preference of the user, for the
/// data export (issue 23).
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
                "notification",
                "SELECT (to_jsonb(n) - 'user_id')::text FROM notifications n WHERE user_id = $1 ORDER BY created_at, id",
            ),
            (
                "notification_channel",
                "SELECT (to_jsonb(p) - 'user_id')::text FROM notification_channel_prefs p WHERE user_id = $1 ORDER BY kind, channel",
            ),
            (
                "notification_settings",
                "SELECT (to_jsonb(s) - 'user_id')::text FROM notification_settings s WHERE user_id = $1",
            ),
            (
                "weekly_summary_settings",
                "SELECT (to_jsonb(w) - 'user_id')::text FROM notification_summary_settings w WHERE user_id = $1",
            ),
            (
                "large_transaction_threshold",
                "SELECT jsonb_build_object('currency', currency, 'amount', amount::text)::text
                 FROM notification_large_thresholds WHERE user_id = $1 ORDER BY currency",
            ),
            (
                "low_balance_threshold",
                "SELECT jsonb_build_object('account_id', account_id, 'amount', amount::text)::text
                 FROM notification_low_balance WHERE user_id = $1 ORDER BY account_id",
            ),
        ],
    )
    .await
}

pub async fn erase_user(conn: &mut PgConnection, user_id: Uuid) -> Result<(), sqlx::Error> {
    for sql in [
        "DELETE FROM notifications WHERE user_id = $1",
        "DELETE FROM notification_channel_prefs WHERE user_id = $1",
        "DELETE FROM notification_settings WHERE user_id = $1",
        "DELETE FROM notification_summary_settings WHERE user_id = $1",
        "DELETE FROM notification_large_thresholds WHERE user_id = $1",
        "DELETE FROM notification_low_balance WHERE user_id = $1",
        "DELETE FROM notification_pruned_keys WHERE user_id = $1",
    ] {
        sqlx::query(sql).bind(user_id).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Erasure (issue 23): deletes the files in the e-mail outbox folder (`email.outbox_dir`,
/// where mail goes without SMTP) that name one of `needles` (the user's e-mail address and
/// id), case-insensitively. A missing folder has nothing to erase. Answers how many went.
pub fn erase_outbox_files(dir: &std::path::Path, needles: &[String]) -> std::io::Result<usize> {
    let needles: Vec<String> = needles.iter().map(|n| n.to_lowercase()).collect();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut removed = 0;
    for entry in entries {
        let path = entry?.path();
        if !path.is_file() {
            continue;
        }
        let text = String::from_utf8_lossy(&std::fs::read(&path)?).to_lowercase();
        if needles.iter().any(|n| text.contains(n.as_str())) {
            std::fs::remove_file(&path)?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Imports one preference record of an export if its type is this crate's; answers
/// whether it was. Past notifications are not imported: they were delivered by the other
/// server, and would be delivered again here.
pub async fn import_record(
    conn: &mut PgConnection,
    kind: &str,
    record: &serde_json::Value,
) -> Result<bool, sqlx::Error> {
    let sql = match kind {
        "notification_channel" => {
            "INSERT INTO notification_channel_prefs SELECT * FROM jsonb_populate_record(NULL::notification_channel_prefs, $1)"
        }
        "notification_settings" => {
            "INSERT INTO notification_settings SELECT * FROM jsonb_populate_record(NULL::notification_settings, $1)"
        }
        "weekly_summary_settings" => {
            "INSERT INTO notification_summary_settings SELECT * FROM jsonb_populate_record(NULL::notification_summary_settings, $1)"
        }
        "large_transaction_threshold" => {
            "INSERT INTO notification_large_thresholds SELECT * FROM jsonb_populate_record(NULL::notification_large_thresholds, $1)"
        }
        "low_balance_threshold" => {
            "INSERT INTO notification_low_balance SELECT * FROM jsonb_populate_record(NULL::notification_low_balance, $1)"
        }
        _ => return Ok(false),
    };
    kakeibo_core::export::insert_record(conn, sql, record).await?;
    Ok(true)
}
