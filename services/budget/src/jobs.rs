//! The budget check: whenever a user's transactions change (or a budget does), recompute
//! the user's budgets and write the threshold alerts of the current periods, and the
//! alerts of goals reached. Idempotent: an
//! alert's dedupe key is its budget, period and threshold (see `crate::thresholds`).
//!
//! One transaction per check: an alert and its delivery job commit together (what
//! `kakeibo_notifications::notify` expects of its caller). Written statement by statement, a
//! check cut off between the two (the database restarting) left an alert whose key was
//! used and whose delivery was never queued, so the retry wrote nothing and the e-mail
//! waited for the release tick's 10-minute requeue.

use apalis::prelude::*;
use kakeibo_core::jobs::{JobContext, TransactionsChanged};

#[tracing::instrument(skip_all, fields(user = %kakeibo_core::telemetry::user_hash(job.user_id)))]
pub async fn check(job: TransactionsChanged, context: Data<JobContext>) -> Result<(), BoxDynError> {
    let mut tx = context.db.begin().await?;
    let report = crate::thresholds::check_user(&mut tx, job.user_id, chrono::Utc::now()).await?;
    let today = kakeibo_auth::local_time::today(&mut tx, job.user_id).await?;
    let goals_reached = crate::goals::notify_reached(&mut tx, job.user_id, today).await?;
    tx.commit().await?;
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
