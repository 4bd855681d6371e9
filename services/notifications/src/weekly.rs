//! The weekly summary's schedule: a cron tick finds the users whose chosen day and local hour
//! has come (in their own zone, so daylight saving moves the UTC instant, not the local one)
//! and writes one e-mail outbox row per user and ISO week, with its delivery job.
//!
//! Once per week: the row's dedupe key is `weekly_summary:<user>:<summarized week>`, unique
//! per user and channel, so two schedulers, a restart or a retry add nothing. Late: a send
//! time missed while the server was down is caught up within 24 hours, and skipped after.
//! The e-mail is rendered when it is delivered (`delivery`), not here, so a tick for
//! thousands of users only writes rows.

use apalis::prelude::*;
use apalis_cron::Tick;
use chrono::{DateTime, Datelike, Duration, IsoWeek, NaiveDate, Utc, Weekday};
use kakeibo_core::jobs::JobContext;
use sqlx::PgPool;
use uuid::Uuid;

use crate::delivery::{Delivery, EMAIL_QUEUE};
use crate::kinds;

/// A send time missed by more than this is skipped for that week.
pub const LATE_WINDOW: Duration = Duration::hours(24);

/// One summary put in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheduled {
    pub user_id: Uuid,
    /// The week summarized: the full ISO week before the send time's (local) week.
    pub week: String,
    pub notification_id: Uuid,
}

/// Writes the summaries due at `now` (their send time in the last [`LATE_WINDOW`]) that are
/// not written yet; answers the new ones.
pub async fn schedule_due(db: &PgPool, now: DateTime<Utc>) -> Result<Vec<Scheduled>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let users = kakeibo_auth::profile::verified_time_zones(&mut tx).await?;
    let (ids, zones): (Vec<Uuid>, Vec<String>) = users.into_iter().unzip();
    // Each user's slot in this local week and in the one before (a Sunday-night slot is
    // still in its 24 hours on Monday). `date + time AT TIME ZONE zone` applies the zone's
    // rules for that date; a local time that does not exist (spring forward) moves on.
    let rows: Vec<(Uuid, String, Uuid)> = sqlx::query_as(
        "WITH u AS (SELECT * FROM unnest($1::uuid[], $2::text[]) AS u(user_id, tz)),
              s AS (SELECT u.user_id, u.tz, coalesce(w.weekday, 1) AS weekday,
                           coalesce(w.local_hour, 8)::int AS hour
                    FROM u LEFT JOIN notification_summary_settings w ON w.user_id = u.user_id
                    WHERE coalesce((SELECT p.enabled FROM notification_channel_prefs p
                                    WHERE p.user_id = u.user_id AND p.kind = $4 AND p.channel = $5), $6)),
              slots AS (SELECT s.user_id, l.slot_local, l.slot_local AT TIME ZONE s.tz AS slot_at
                        FROM s
                        CROSS JOIN LATERAL (SELECT date_trunc('week', $3::timestamptz AT TIME ZONE s.tz)::date AS monday) m
                        CROSS JOIN (VALUES (0), (-7)) AS shift(days)
                        CROSS JOIN LATERAL (SELECT (m.monday + shift.days + s.weekday - 1) + make_time(s.hour, 0, 0) AS slot_local) l),
              due AS (SELECT user_id, to_char(slot_local::date - 7, 'IYYY-\"W\"IW') AS week
                      FROM slots WHERE slot_at <= $3 AND slot_at > $3 - $7::interval)
         INSERT INTO notifications (user_id, kind, channel, dedupe_key, payload, status, created_at,
                                    deliver_after, queued_at)
         SELECT user_id, $4, $5, $4 || ':' || user_id || ':' || week, jsonb_build_object('week', week),
                'pending', $3, $3, $3
         FROM due
         ON CONFLICT (user_id, channel, dedupe_key) DO NOTHING
         RETURNING user_id, payload->>'week', id",
    )
    .bind(&ids)
    .bind(&zones)
    .bind(now)
    .bind(kinds::WEEKLY_SUMMARY)
    .bind(kinds::EMAIL)
    .bind(kinds::default_enabled(kinds::WEEKLY_SUMMARY, kinds::EMAIL))
    .bind(format!("{} seconds", LATE_WINDOW.num_seconds()))
    .fetch_all(&mut *tx)
    .await?;
    let mut scheduled = Vec::with_capacity(rows.len());
    for (user_id, week, notification_id) in rows {
        let job = Delivery {
            user_id,
            channel: kinds::EMAIL.to_string(),
            notification_ids: vec![notification_id],
        };
        let key = notification_id.to_string();
        kakeibo_core::jobs::enqueue_in(&mut tx, EMAIL_QUEUE, &job, Some(&key)).await?;
        scheduled.push(Scheduled {
            user_id,
            week,
            notification_id,
        });
    }
    tx.commit().await?;
    Ok(scheduled)
}

/// The cron tick. Two schedulers at once are harmless: the second insert finds the row.
pub async fn schedule_on_tick(tick: Tick, context: Data<JobContext>) -> Result<(), BoxDynError> {
    let now = i64::try_from(tick.get_timestamp())
        .ok()
        .and_then(|secs| DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(Utc::now);
    let scheduled = schedule_due(&context.db, now).await?;
    if !scheduled.is_empty() {
        tracing::info!(
            summaries = scheduled.len(),
            "weekly summaries put in the outbox"
        );
    }
    Ok(())
}

/// `2026-W48` as an ISO week.
pub fn parse_week(text: &str) -> Option<IsoWeek> {
    let (year, week) = text.split_once("-W")?;
    let date = NaiveDate::from_isoywd_opt(year.parse().ok()?, week.parse().ok()?, Weekday::Mon)?;
    Some(date.iso_week())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_parse_and_print_alike() {
        let week = parse_week("2026-W48").unwrap();
        assert_eq!((week.year(), week.week()), (2026, 48));
        let first = parse_week("2027-W01").unwrap();
        assert_eq!(
            NaiveDate::from_isoywd_opt(first.year(), first.week(), Weekday::Mon)
                .unwrap()
                .to_string(),
            "2027-01-04"
        );
        assert_eq!(parse_week("2026-W54"), None);
        assert_eq!(parse_week("2026-48"), None);
    }
}
