//! Retention: old chunks of time-series tables are dropped whole with TimescaleDB's
//! `drop_chunks`, which the Apache build has (its retention *policies* it lacks), so an apalis
//! cron job calls this instead.

use kakeibo_core::config::RetentionSettings;
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

/// What one sweep removed, per table.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct RetentionReport {
    pub dropped_chunks: Vec<DroppedChunks>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DroppedChunks {
    pub table: String,
    pub keep_days: u32,
    pub chunks: Vec<String>,
}

/// The hypertables with a retention period, and how many days of each to keep (0 = forever).
/// Never `transactions`: they are the user's records, and a dropped chunk would skip the
/// trigger that deletes split parts with their transaction (migrations/20261125000001_…).
fn retained_tables(settings: &RetentionSettings) -> [(&'static str, u32); 1] {
    [("audit_log", settings.audit_log_days)]
}

/// Drops every chunk whose whole time range is older than its table's retention period.
/// Idempotent: a second sweep finds nothing more to drop.
pub async fn sweep(
    pool: &PgPool,
    settings: &RetentionSettings,
) -> Result<RetentionReport, sqlx::Error> {
    let mut report = RetentionReport::default();
    for (table, keep_days) in retained_tables(settings) {
        if keep_days == 0 {
            continue;
        }
        let chunks: Vec<String> = sqlx::query_scalar(
            "SELECT chunk::text FROM drop_chunks($1::regclass, older_than => now() - make_interval(days => $2)) AS chunk",
        )
        .bind(table)
        .bind(i32::try_from(keep_days).unwrap_or(i32::MAX))
        .fetch_all(pool)
        .await?;
        tracing::info!(table, keep_days, dropped = chunks.len(), "retention sweep");
        report.dropped_chunks.push(DroppedChunks {
            table: table.into(),
            keep_days,
            chunks,
        });
    }
    Ok(report)
}
