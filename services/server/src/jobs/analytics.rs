//! The analytics worker: whenever a user's transactions change, bring that user's rollups
//! up to date (only the local months the change touched; everything after a time-zone
//! change). Refreshing is idempotent, so a job run twice or late does no harm.

use apalis::prelude::*;
use kakeibo_analytics::rollups::{self, Refreshed};
use kakeibo_core::jobs::TransactionsChanged;

use super::JobContext;

#[tracing::instrument(skip_all, fields(user_id = %job.user_id))]
pub async fn run(job: TransactionsChanged, context: Data<JobContext>) -> Result<(), BoxDynError> {
    let outcome = rollups::refresh(&context.db, job.user_id).await?;
    let months = match &outcome {
        Refreshed::Months(months) => months.len(),
        _ => 0,
    };
    tracing::info!(?outcome, months, "analytics rollups refreshed");
    metrics::counter!("jobs_completed_total", "job" => "analytics").increment(1);
    Ok(())
}
