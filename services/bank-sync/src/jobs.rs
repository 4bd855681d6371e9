//! Bank syncs: a cron tick every minute queues the connections that are due (every
//! `bank.sync_interval_hours`, sooner after a transient failure: the engine's backoff), and
//! a worker runs each. API requests and completed connections queue syncs of their own.

use apalis::prelude::*;
use apalis_cron::Tick;
use kakeibo_core::jobs::JobContext;

use crate::connections::{self, SyncJob};
use crate::sync::{SyncContext, SyncError};

/// Every minute, at second 7 (off the other schedules).
pub const SCHEDULE: &str = "7 * * * * *";

#[tracing::instrument(skip_all, fields(connection_id = %job.connection_id))]
pub async fn run(job: SyncJob, sync_context: Data<SyncContext>) -> Result<(), BoxDynError> {
    match connections::run_queued(&sync_context, &job, chrono::Utc::now()).await {
        Ok(None) => {
            tracing::debug!("synced since this job was queued; skipped");
            Ok(())
        }
        Ok(Some(_)) => {
            metrics::counter!("bank_syncs_total", "outcome" => "ok").increment(1);
            Ok(())
        }
        // The store itself failed: let apalis retry the job.
        Err(SyncError::Database(e)) => Err(e.into()),
        // Provider failures are recorded on the connection, which is retried on its own
        // schedule with backoff; retrying the job too would hammer the bank.
        Err(error) => {
            metrics::counter!("bank_syncs_total", "outcome" => "failed").increment(1);
            tracing::info!(%error, "bank sync did not complete");
            Ok(())
        }
    }
}

pub async fn enqueue_due(
    _tick: Tick,
    context: Data<JobContext>,
    sync_context: Data<SyncContext>,
) -> Result<(), BoxDynError> {
    let queued =
        connections::enqueue_due(&context.db, chrono::Utc::now(), sync_context.interval).await?;
    if queued > 0 {
        tracing::info!(queued, "bank syncs queued");
    }
    Ok(())
}
