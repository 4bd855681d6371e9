//! The analytics workers. Whenever a user's transactions change: bring the user's rollups up
//! to date (only the local months the change touched; everything after a time-zone change),
//! and recompute their recurring series, anomalies, forecast averages and insights from
//! stored state. Both are idempotent, so a job run twice or late does no harm. Once a day
//! (`worker.insights_refresh_cron`) every user's recompute is queued too, so a payment that
//! stopped coming is flagged missed.

use apalis::prelude::*;
use apalis_cron::Tick;
use chrono::{DateTime, Utc};
use kakeibo_core::jobs::{
    INSIGHTS_QUEUE, JobContext, TransactionsChanged, enqueue_coalesced, enqueue_once_per_tick,
};
use kakeibo_llm::ConfiguredChat;
use kakeibo_transactions::transactions::users_with_transactions;
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

use crate::insights::recompute::recompute;
use crate::rollups::{self, Refreshed};

#[tracing::instrument(skip_all, fields(user = %kakeibo_core::telemetry::user_hash(job.user_id)))]
pub async fn refresh_rollups(
    job: TransactionsChanged,
    context: Data<JobContext>,
) -> Result<(), BoxDynError> {
    let outcome = rollups::refresh(&context.db, job.user_id).await?;
    let months = match &outcome {
        Refreshed::Months(months) => months.len(),
        _ => 0,
    };
    tracing::info!(?outcome, months, "analytics rollups refreshed");
    metrics::counter!("jobs_completed_total", "job" => "analytics").increment(1);
    Ok(())
}

#[tracing::instrument(skip_all, fields(user = %kakeibo_core::telemetry::user_hash(job.user_id)))]
pub async fn recompute_insights(
    job: TransactionsChanged,
    context: Data<JobContext>,
    chat: Data<ConfiguredChat>,
) -> Result<(), BoxDynError> {
    let started = std::time::Instant::now();
    let consented = chat.needs_consent() && {
        let mut conn = context.db.acquire().await?;
        kakeibo_auth::llm_consent::has_consented(&mut conn, job.user_id).await?
    };
    let model = chat.for_user(consented);
    let report = recompute(&context.db, model, job.user_id, chrono::Utc::now()).await?;
    metrics::histogram!("insights_recompute_seconds").record(started.elapsed().as_secs_f64());
    tracing::info!(?report, "patterns and insights recomputed");
    Ok(())
}

/// The daily refresh's queue: a cron tick queues one refresh, whose worker queues every user's
/// recompute on [`INSIGHTS_QUEUE`].
pub const REFRESH_QUEUE: &str = "kakeibo.insights_refresh";

/// Users whose recomputes one statement queues.
const REFRESH_BATCH: usize = 1000;

/// "Recompute everyone": recurring statuses (missed, ended, the next expected date) move with
/// the calendar, not only with the user's transactions.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DailyRefresh {
    /// When the refresh was asked for (the cron tick, or now for a manual run).
    pub requested_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RefreshReport {
    /// Users with transactions.
    pub users: usize,
    /// Recomputes queued; fewer than `users` when some were already waiting.
    pub queued: u64,
}

/// Queues a recompute for every user who has transactions; one already waiting for a user
/// serves (it has not started, so it runs after this tick).
#[tracing::instrument(skip_all, fields(requested_at = %job.requested_at))]
pub async fn refresh_all(
    job: DailyRefresh,
    context: Data<JobContext>,
) -> Result<RefreshReport, BoxDynError> {
    let mut conn = context.db.acquire().await?;
    let users = users_with_transactions(&mut conn).await?;
    let mut queued = 0;
    for batch in users.chunks(REFRESH_BATCH) {
        let jobs: Vec<TransactionsChanged> = batch
            .iter()
            .map(|&user_id| TransactionsChanged { user_id })
            .collect();
        queued += enqueue_coalesced(&mut conn, &[INSIGHTS_QUEUE], &jobs).await?;
    }
    tracing::info!(users = users.len(), queued, "daily insights refresh queued");
    Ok(RefreshReport {
        users: users.len(),
        queued,
    })
}

pub async fn enqueue_refresh_on_tick(tick: Tick, pool: Data<PgPool>) -> Result<(), BoxDynError> {
    enqueue_once_per_tick(&pool, REFRESH_QUEUE, tick.get_timestamp(), |requested_at| {
        DailyRefresh { requested_at }
    })
    .await?;
    Ok(())
}
