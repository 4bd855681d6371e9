//! Recording a notification: the one way other crates write to `notifications`. Each
//! notification has a dedupe key, unique per user and channel, so recording it again (a
//! second check, a retried job, a second worker) writes nothing.

use sqlx::PgConnection;
use uuid::Uuid;

/// The in-app channel: the dashboard's list of notifications.
pub const IN_APP: &str = "in_app";

/// One notification to record.
#[derive(Debug, Clone)]
pub struct NewNotification {
    /// Unique per user and channel: a notification already recorded under it is kept.
    pub dedupe_key: String,
    /// What a deliverer needs to render it without reading its source again.
    pub payload: serde_json::Value,
}

/// Records `notifications` of one `kind` for the user on `channel`, in one statement, and
/// answers how many were new (those whose dedupe key was already recorded are left as they
/// are). Runs on the caller's connection, so it can share the caller's transaction.
pub async fn record(
    conn: &mut PgConnection,
    user_id: Uuid,
    kind: &str,
    channel: &str,
    notifications: &[NewNotification],
) -> Result<u64, sqlx::Error> {
    if notifications.is_empty() {
        return Ok(0);
    }
    let keys: Vec<&str> = notifications
        .iter()
        .map(|n| n.dedupe_key.as_str())
        .collect();
    let payloads: Vec<serde_json::Value> =
        notifications.iter().map(|n| n.payload.clone()).collect();
    Ok(sqlx::query(
        "INSERT INTO notifications (user_id, kind, channel, dedupe_key, payload)
         SELECT $1, $2, $3, k, p FROM UNNEST($4::text[], $5::jsonb[]) AS a(k, p)
         ON CONFLICT (user_id, channel, dedupe_key) DO NOTHING",
    )
    .bind(user_id)
    .bind(kind)
    .bind(channel)
    .bind(&keys)
    .bind(&payloads)
    .execute(conn)
    .await?
    .rows_affected())
}
