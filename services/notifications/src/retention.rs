//! Retention of notification history (`retention.notifications_days`, issue 23): the rows
//! are both the feed and the delivery outbox, so one delete covers both. Read and unread
//! rows go alike (an alert a year old has nothing left to act on); a row still waiting to
//! be delivered ('pending', which includes retries, or 'sending') is never deleted, however
//! old. The deleted rows' dedupe keys are kept as hashes so nothing is sent twice.

use chrono::{DateTime, Duration, Utc};
use sqlx::PgConnection;

/// Deletes every user's notifications created at least `keep_days` before `now`, except
/// those still to be delivered; 0 keeps everything. Answers how many went. Idempotent.
pub async fn prune_older_than(
    conn: &mut PgConnection,
    keep_days: u32,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    if keep_days == 0 {
        return Ok(0);
    }
    let cutoff = now - Duration::days(i64::from(keep_days));
    let deleted: i64 = sqlx::query_scalar(
        "WITH gone AS (
             DELETE FROM notifications
             WHERE created_at <= $1 AND status NOT IN ('pending', 'sending')
             RETURNING user_id, channel, dedupe_key),
         kept AS (
             INSERT INTO notification_pruned_keys (user_id, channel, key_hash)
             SELECT user_id, channel, sha256(convert_to(dedupe_key, 'UTF8')) FROM gone
             ON CONFLICT DO NOTHING)
         SELECT count(*) FROM gone",
    )
    .bind(cutoff)
    .fetch_one(conn)
    .await?;
    Ok(deleted.unsigned_abs())
}
