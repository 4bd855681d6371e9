//! The retention sweep: a cron tick enqueues it; a worker runs it (kakeibo-privacy drops the
//! expired chunks). Sweeps are idempotent, so a tick enqueued by two schedulers is harmless.

use apalis::prelude::*;
use apalis_cron::Tick;
use apalis_postgres::PostgresStorage;
use kakeibo_privacy::retention::{self, RetentionReport};
use serde::{Deserialize, Serialize};

use super::JobContext;

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
    let report = retention::sweep(&context.db, &context.settings.retention).await?;
    let pruned = kakeibo_auth::rate_limit::prune(&context.db).await?;
    tracing::info!(pruned, "expired rate-limit windows removed");
    let dropped: usize = report.dropped_chunks.iter().map(|t| t.chunks.len()).sum();
    metrics::counter!("jobs_completed_total", "job" => "retention").increment(1);
    metrics::counter!("retention_dropped_chunks_total").increment(dropped as u64);
    Ok(report)
}

pub async fn enqueue_on_tick(
    tick: Tick,
    queue: Data<PostgresStorage<RetentionSweep>>,
) -> Result<(), BoxDynError> {
    let requested_at = chrono::DateTime::from_timestamp(tick.get_timestamp() as i64, 0)
        .unwrap_or_else(chrono::Utc::now);
    let mut queue = (*queue).clone();
    // One sweep per tick, even when several schedulers run (the key dedupes).
    let task = TaskBuilder::new(RetentionSweep { requested_at })
        .idempotency_key(format!("retention:{}", tick.get_timestamp()))
        .build();
    queue.push_task(task).await?;
    Ok(())
}
