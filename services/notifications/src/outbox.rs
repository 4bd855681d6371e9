//! The outbox's state changes: claiming rows for a delivery, recording its outcome, and the
//! release tick that queues what has waited long enough (quiet hours, the digest, a retry's
//! backoff) and settles rows left in doubt.
//!
//! A row goes pending → sending (claimed, committed before anything is sent) → sent,
//! suppressed, failed, or back to pending with a later `deliver_after` (a retry). Only a
//! pending row can be claimed, so two workers, or a job run twice, send a row once.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::delivery::{Delivery, queue_of};
use crate::kinds;

/// A row claimed for sending.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Claimed {
    pub id: Uuid,
    pub kind: String,
    pub payload: serde_json::Value,
    pub attempts: i32,
}

/// A worker that claimed a row and has not recorded an outcome after this long died between
/// claiming and recording: the message may or may not have gone out.
pub const IN_DOUBT_AFTER: Duration = Duration::minutes(10);
/// A row queued this long ago and still pending lost its job (say, the queue was wiped).
pub const REQUEUE_AFTER: Duration = Duration::minutes(10);
pub const IN_DOUBT: &str = "in doubt, not resent to avoid a duplicate: the worker stopped between claiming and recording the delivery";

/// Claims the job's rows that are still pending, in one committed statement, and gives
/// them one group id (they go out as one message).
pub async fn claim(
    db: &PgPool,
    job: &Delivery,
    now: DateTime<Utc>,
) -> Result<Vec<Claimed>, sqlx::Error> {
    sqlx::query_as(
        "UPDATE notifications SET status = 'sending', claimed_at = $4, attempts = attempts + 1,
                group_id = $5
         WHERE id = ANY($1) AND user_id = $2 AND channel = $3 AND status = 'pending'
         RETURNING id, kind, payload, attempts",
    )
    .bind(&job.notification_ids)
    .bind(job.user_id)
    .bind(&job.channel)
    .bind(now)
    .bind(Uuid::new_v4())
    .fetch_all(db)
    .await
    .map(|mut rows: Vec<Claimed>| {
        // In the order they were asked for (the order they were made).
        rows.sort_by_key(|r| job.notification_ids.iter().position(|id| *id == r.id));
        rows
    })
}

/// How a claimed delivery ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    /// Not sent, and trying again will not change that (no linked chat, no transport).
    Suppressed(String),
    /// Try again at `at`.
    Retry {
        at: DateTime<Utc>,
        error: String,
    },
    Failed(String),
}

/// Records the outcome on the claimed rows.
pub async fn record(
    db: &PgPool,
    ids: &[Uuid],
    outcome: &Outcome,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let (status, error, retry_at) = match outcome {
        Outcome::Sent => ("sent", None, None),
        Outcome::Suppressed(reason) => ("suppressed", Some(reason.as_str()), None),
        Outcome::Retry { at, error } => ("pending", Some(error.as_str()), Some(*at)),
        Outcome::Failed(error) => ("failed", Some(error.as_str()), None),
    };
    sqlx::query(
        "UPDATE notifications SET status = $2, last_error = $3,
                sent_at = CASE WHEN $2 = 'sent' THEN $5::timestamptz END,
                deliver_after = coalesce($4, deliver_after),
                queued_at = CASE WHEN $2 = 'pending' THEN NULL ELSE queued_at END,
                claimed_at = CASE WHEN $2 = 'pending' THEN NULL ELSE claimed_at END
         WHERE id = ANY($1) AND status = 'sending'",
    )
    .bind(ids)
    .bind(status)
    .bind(error)
    .bind(retry_at)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// What one release tick did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Released {
    /// Delivery jobs queued (one per user × channel).
    pub jobs: usize,
    pub rows: usize,
    /// Rows found in doubt and recorded as such.
    pub in_doubt: usize,
}

/// Queues one delivery per user × channel for every pending row due at `now` (grouped: all
/// the alerts quiet hours held go out as one message), and records rows left in 'sending'
/// by a worker that died as failed "in doubt" (they are not resent: see decisions.md).
pub async fn release_due(db: &PgPool, now: DateTime<Utc>) -> Result<Released, sqlx::Error> {
    let mut tx = db.begin().await?;
    let in_doubt = sqlx::query(
        "UPDATE notifications SET status = 'failed', last_error = $2
         WHERE status = 'sending' AND claimed_at < $1",
    )
    .bind(now - IN_DOUBT_AFTER)
    .bind(IN_DOUBT)
    .execute(&mut *tx)
    .await?
    .rows_affected() as usize;
    let mut due: Vec<Due> = sqlx::query_as(
        "UPDATE notifications n SET queued_at = $1
         FROM (SELECT id FROM notifications
               WHERE status = 'pending' AND channel <> 'in_app' AND deliver_after <= $1
                 AND (queued_at IS NULL OR queued_at < $2)
               ORDER BY created_at, id
               FOR UPDATE SKIP LOCKED) d
         WHERE n.id = d.id
         RETURNING n.user_id, n.channel, n.id, n.created_at, n.kind = $3",
    )
    .bind(now)
    .bind(now - REQUEUE_AFTER)
    .bind(kinds::WEEKLY_SUMMARY)
    .fetch_all(&mut *tx)
    .await?;
    // RETURNING has no order: a grouped message lists its alerts as they were made.
    due.sort_by_key(|(_, _, id, created_at, _)| (*created_at, *id));
    let released = enqueue_grouped(&mut tx, due).await?;
    tx.commit().await?;
    Ok(Released {
        in_doubt,
        ..released
    })
}

/// user, channel, id, created_at, whether it is a weekly summary.
type Due = (Uuid, String, Uuid, DateTime<Utc>, bool);

async fn enqueue_grouped(conn: &mut PgConnection, due: Vec<Due>) -> Result<Released, sqlx::Error> {
    let rows = due.len();
    // A weekly summary is its own e-mail, never one item of a grouped alert message.
    let mut groups: BTreeMap<(Uuid, String, Option<Uuid>), Vec<Uuid>> = BTreeMap::new();
    for (user_id, channel, id, _, alone) in due {
        groups
            .entry((user_id, channel, alone.then_some(id)))
            .or_default()
            .push(id);
    }
    let jobs = groups.len();
    for ((user_id, channel, _), notification_ids) in groups {
        let job = Delivery {
            user_id,
            channel,
            notification_ids,
        };
        kakeibo_core::jobs::enqueue_in(conn, queue_of(&job.channel), &job, None).await?;
    }
    Ok(Released {
        jobs,
        rows,
        in_doubt: 0,
    })
}
