//! The budget check: whenever a user's transactions change (or a budget does), recompute
//! the user's budgets and write the threshold alerts of the current periods, and the
//! alerts of goals reached. Idempotent: an
//! alert's dedupe key is its budget, period and threshold (see `crate::thresholds`).

use apalis::prelude::*;
use kakeibo_core::jobs::{JobContext, TransactionsChanged};

#[tracing::instrument(skip_all, fields(user = %kakeibo_core::telemetry::user_hash(job.user_id)))]
pub async fn check(job: TransactionsChanged, context: Data<JobContext>) -> Result<(), BoxDynError> {
    let mut conn = context.db.acquire().await?;
    let report = crate::thresholds::check_user(&mut conn, job.user_id, chrono::Utc::now()).await?;
    let today = kakeibo_auth::local_time::today(&mut conn, job.user_id).await?;
    let goals_reached = crate::goals::notify_reached(&mut conn, job.user_id, today).await?;
    metrics::counter!("budget_alerts_total").increment(report.alerts as u64);
    tracing::info!(
        budgets = report.budgets,
        alerts = report.alerts,
        goals_reached,
        missing_rates = report.missing_rates,
        "budgets checked"
    );
    Ok(())
}
