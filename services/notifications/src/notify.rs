//! `notify`: the one way producers emit. It fans a notification out into one row per channel
//! the user has on for its kind (the rows are the outbox), in the caller's transaction, and
//! queues the delivery of each row that may go out now. Rows that must wait (quiet hours, the
//! daily digest) get `deliver_after` and are released, grouped, by the release tick
//! (`outbox::release_due`).

use chrono::{DateTime, NaiveTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::delivery::Delivery;
use crate::kinds;
use crate::preferences::{self, DAILY_DIGEST, Timing};

/// What one `notify` wrote: the new rows (none when the dedupe key was already used).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Notified {
    pub rows: Vec<(Uuid, &'static str)>,
    /// Rows held until this time (quiet hours or the digest), if any were.
    pub held_until: Option<DateTime<Utc>>,
}

/// Emits a notification of `kind` to the user, once per `dedupe_key` and channel. Runs on the
/// caller's connection, so the rows and their delivery jobs commit with the caller's work.
pub async fn notify(
    conn: &mut PgConnection,
    user_id: Uuid,
    kind: &str,
    dedupe_key: &str,
    payload: serde_json::Value,
) -> Result<Notified, sqlx::Error> {
    let now: DateTime<Utc> = sqlx::query_scalar("SELECT now()")
        .fetch_one(&mut *conn)
        .await?;
    notify_at(conn, user_id, kind, dedupe_key, payload, now).await
}

/// [`notify`] at a given time (quiet hours and the digest are read against `now`).
pub async fn notify_at(
    conn: &mut PgConnection,
    user_id: Uuid,
    kind: &str,
    dedupe_key: &str,
    payload: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<Notified, sqlx::Error> {
    let mut channels = preferences::enabled_channels(conn, user_id, kind).await?;
    if channels.contains(&kinds::TELEGRAM) && !telegram_chat_linked(conn, user_id).await? {
        // Nobody to deliver to: no row, no job (a chat linked later gets what comes after).
        channels.retain(|c| *c != kinds::TELEGRAM);
    }
    let mut notified = Notified::default();
    if channels.is_empty() {
        return Ok(notified);
    }
    let hold = if channels.iter().any(|c| *c != kinds::IN_APP) {
        let timing = preferences::timing(conn, user_id).await?;
        hold_until(conn, user_id, &timing, now).await?
    } else {
        None
    };
    notified.held_until = hold;
    for channel in channels {
        let in_app = channel == kinds::IN_APP;
        // The in-app row is delivered by being written: the feed shows it. A key whose row
        // the retention sweep deleted stays used (`retention::prune_older_than`).
        let id: Option<Uuid> = sqlx::query_scalar(
            "INSERT INTO notifications (user_id, kind, channel, dedupe_key, payload, status, sent_at,
                                        created_at, deliver_after, queued_at)
             SELECT $1, $2, $3, $4, $5, CASE WHEN $6 THEN 'sent' ELSE 'pending' END,
                    CASE WHEN $6 THEN $7::timestamptz END, $7,
                    CASE WHEN NOT $6 THEN coalesce($8, $7) END,
                    CASE WHEN NOT $6 AND $8 IS NULL THEN $7::timestamptz END
             WHERE NOT EXISTS (
                 SELECT 1 FROM notification_pruned_keys
                 WHERE user_id = $1 AND channel = $3 AND key_hash = sha256(convert_to($4, 'UTF8')))
             ON CONFLICT (user_id, channel, dedupe_key) DO NOTHING
             RETURNING id",
        )
        .bind(user_id)
        .bind(kind)
        .bind(channel)
        .bind(dedupe_key)
        .bind(&payload)
        .bind(in_app)
        .bind(now)
        .bind(hold)
        .fetch_optional(&mut *conn)
        .await?;
        let Some(id) = id else { continue };
        notified.rows.push((id, channel));
        if !in_app && hold.is_none() {
            let job = Delivery {
                user_id,
                channel: channel.to_string(),
                notification_ids: vec![id],
            };
            kakeibo_core::jobs::enqueue_in(
                conn,
                crate::delivery::queue_of(channel),
                &job,
                Some(&id.to_string()),
            )
            .await?;
        }
    }
    Ok(notified)
}

/// Whether the user has a Telegram chat linked (the bot's published `telegram_chat_linked`;
/// a chat is only ever linked through a running bot, so no bot configured means none).
async fn telegram_chat_linked(conn: &mut PgConnection, user_id: Uuid) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT telegram_chat_linked($1)")
        .bind(user_id)
        .fetch_one(conn)
        .await
}

/// Until when a notification made at `now` waits: the next digest time for a daily digest,
/// the end of quiet hours inside them (a digest time inside quiet hours waits for their end
/// too); `None` to send now.
pub async fn hold_until(
    conn: &mut PgConnection,
    user_id: Uuid,
    timing: &Timing,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    let mut release = now;
    if timing.delivery == DAILY_DIGEST {
        release = next_local(conn, user_id, now, timing.digest_time).await?;
    }
    let quiet = &timing.quiet_hours;
    if quiet.enabled {
        let local = local_time(conn, user_id, release).await?;
        if in_window(local, quiet.start, quiet.end) {
            release = next_local(conn, user_id, release, quiet.end).await?;
        }
    }
    Ok((release > now).then_some(release))
}

/// Whether local time `t` falls in `[start, end)`, a window that may wrap midnight.
pub fn in_window(t: NaiveTime, start: NaiveTime, end: NaiveTime) -> bool {
    if start < end {
        start <= t && t < end
    } else {
        t >= start || t < end
    }
}

/// The user's wall-clock time at `at` (auth's `user_time_zone`; UTC for an unknown user).
async fn local_time(
    conn: &mut PgConnection,
    user_id: Uuid,
    at: DateTime<Utc>,
) -> Result<NaiveTime, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT ($2::timestamptz AT TIME ZONE coalesce(user_time_zone($1), 'UTC'))::time",
    )
    .bind(user_id)
    .bind(at)
    .fetch_one(conn)
    .await
}

/// The first instant after `after` when the user's clock shows `time`. The database applies
/// the zone's rules (daylight saving included).
async fn next_local(
    conn: &mut PgConnection,
    user_id: Uuid,
    after: DateTime<Utc>,
    time: NaiveTime,
) -> Result<DateTime<Utc>, sqlx::Error> {
    sqlx::query_scalar(
        "WITH z AS (SELECT coalesce(user_time_zone($1), 'UTC') AS tz),
              d AS (SELECT (($2::timestamptz AT TIME ZONE tz)::date + $3::time) AS today_at, tz FROM z)
         SELECT CASE WHEN (today_at AT TIME ZONE tz) > $2 THEN today_at AT TIME ZONE tz
                     ELSE (today_at + interval '1 day') AT TIME ZONE tz END
         FROM d",
    )
    .bind(user_id)
    .bind(after)
    .bind(time)
    .fetch_one(conn)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn windows_that_wrap_midnight() {
        assert!(in_window(t(23, 0), t(22, 0), t(7, 0)));
        assert!(in_window(t(3, 0), t(22, 0), t(7, 0)));
        assert!(!in_window(t(7, 0), t(22, 0), t(7, 0)));
        assert!(!in_window(t(12, 0), t(22, 0), t(7, 0)));
        assert!(in_window(t(13, 0), t(12, 0), t(14, 0)));
        assert!(!in_window(t(14, 0), t(12, 0), t(14, 0)));
    }
}
