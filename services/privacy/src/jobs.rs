//! The retention sweep: a cron tick enqueues it; a worker runs it (every retention period in
//! `retention::sweep`, the auth service's expired rate-limit windows, and the accounts whose
//! deletion's grace period ended). Sweeps are idempotent, so a
//! tick enqueued by two schedulers is harmless.

use apalis::prelude::*;
use apalis_cron::Tick;
use kakeibo_core::jobs::{JobContext, enqueue_once_per_tick};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

use crate::retention::{self, RetentionReport};

pub const QUEUE: &str = "kakeibo.retention";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RetentionSweep {
    /// When the sweep was asked for (the cron tick, or now for a manual run).
    pub requested_at: chrono::DateTime<chrono::Utc>,
}

#[tracing::instrument(skip_all, fields(requested_at = %job.requested_at))]
pub async fn run(
    job: RetentionSweep,
    context: Data<JobContext>,
) -> Result<RetentionReport, BoxDynError> {
    let report = retention::sweep(&context.db, &context.settings, job.requested_at).await?;
    let pruned = kakeibo_auth::rate_limit::prune(&context.db).await?;
    // Accounts deleted by their owners whose grace period ended.
    let eraser = crate::erase::Eraser::from_settings(&context.settings, context.db.clone())?;
    let erased = crate::erase::erase_due(&eraser, job.requested_at).await?;
    tracing::info!(
        erased = erased.len(),
        "accounts erased after their grace period"
    );
    tracing::info!(
        pruned,
        "expired rate-limit windows and quiet address throttles removed"
    );
    let dropped: usize = report.dropped_chunks.iter().map(|t| t.chunks.len()).sum();
    metrics::counter!("jobs_completed_total", "job" => "retention").increment(1);
    metrics::counter!("retention_dropped_chunks_total").increment(dropped as u64);
    for table in &report.pruned_rows {
        metrics::counter!("retention_deleted_rows_total", "table" => table.table.clone())
            .increment(table.rows);
    }
    Ok(report)
}

pub async fn enqueue_on_tick(tick: Tick, pool: Data<PgPool>) -> Result<(), BoxDynError> {
    enqueue_once_per_tick(&pool, QUEUE, tick.get_timestamp(), |requested_at| {
        RetentionSweep { requested_at }
    })
    .await?;
    Ok(())
}
