//! The insights worker: whenever a user's transactions change, recompute their recurring
//! series, anomalies, forecast averages and insights from stored state (idempotent, so a
//! retried or duplicated job does no harm).

use apalis::prelude::*;
use kakeibo_analytics::insights::recompute::recompute;
use kakeibo_core::jobs::TransactionsChanged;

use super::JobContext;
use super::categorize::LoadedModels;

#[tracing::instrument(skip_all, fields(user_id = %job.user_id))]
pub async fn run(
    job: TransactionsChanged,
    context: Data<JobContext>,
    models: Data<LoadedModels>,
) -> Result<(), BoxDynError> {
    let started = std::time::Instant::now();
    let report = recompute(&context.db, models.chat(), job.user_id, chrono::Utc::now()).await?;
    metrics::histogram!("insights_recompute_seconds").record(started.elapsed().as_secs_f64());
    tracing::info!(?report, "patterns and insights recomputed");
    Ok(())
}
