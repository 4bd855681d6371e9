//! Threshold events: when a budget's current period has spent a threshold's share of what is
//! available, a notification is emitted (on the channels the user chose), once per budget, period and threshold. The
//! notification's dedupe key is that triple, so running the check again (a late row, a
//! recategorization away and back, a second worker) never writes a second one. Only the
//! current period fires: a late row that pushes a closed period over tells nothing the user
//! can still act on, and the period's final numbers stay visible in its progress.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::budgets::Budget;
use crate::progress::{self, BudgetProgress};

pub const NOTIFICATION_KIND: &str = kakeibo_notifications::kinds::BUDGET_THRESHOLD;

/// What one check did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CheckReport {
    pub budgets: usize,
    /// Alerts written now (earlier ones of the same period are not written again).
    pub alerts: usize,
    /// Budgets skipped because an exchange rate is missing.
    pub missing_rates: usize,
}

/// The dedupe key of one alert: a budget, the first day of a period, a threshold.
pub fn dedupe_key(budget_id: Uuid, progress: &BudgetProgress, percent: i16) -> String {
    format!("budget:{budget_id}:{}:{percent}", progress.period_start)
}

/// What a deliverer needs to render the alert without reading the budget again.
fn payload(budget: &Budget, progress: &BudgetProgress, percent: i16) -> serde_json::Value {
    json!({
        "budget_id": budget.id,
        "budget_name": budget.name,
        "category_id": budget.category_id,
        "category_name": budget.category_name,
        "period": budget.period,
        "period_start": progress.period_start,
        "period_end": progress.period_end,
        "threshold_percent": percent,
        "currency": budget.currency,
        "spent": progress.spent,
        "available": progress.available,
        "utilization_percent": progress.utilization_percent,
    })
}

/// Recomputes the user's budgets as of `now` and writes the alerts of crossed thresholds
/// that have not fired in their period yet.
pub async fn check_user(
    conn: &mut PgConnection,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<CheckReport, sqlx::Error> {
    let checks = progress::for_user(conn, user_id, now).await?;
    let mut report = CheckReport {
        budgets: checks.len(),
        ..Default::default()
    };
    for check in &checks {
        let progress = match &check.progress {
            Ok(progress) => progress,
            Err(missing) => {
                tracing::warn!(budget_id = %check.budget.id, %missing, "budget not checked");
                report.missing_rates += 1;
                continue;
            }
        };
        for state in progress.thresholds.iter().filter(|t| t.crossed) {
            let notified = kakeibo_notifications::notify_at(
                conn,
                user_id,
                NOTIFICATION_KIND,
                &dedupe_key(check.budget.id, progress, state.percent),
                payload(&check.budget, progress, state.percent),
                now,
            )
            .await?;
            // New on some channel: the alert fired now (a re-check writes nothing).
            report.alerts += usize::from(!notified.rows.is_empty());
        }
    }
    Ok(report)
}

/// Whether `spent` has reached `percent` % of `available` (exactly, no rounding). Nothing
/// spent is never an alert, even when a deficit left nothing available.
pub fn reached(spent: Decimal, available: Decimal, percent: i16) -> bool {
    spent > Decimal::ZERO && spent * Decimal::ONE_HUNDRED >= available * Decimal::from(percent)
}
