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

/// The one hypertable with a retention period, named in the report; its owner (core) drops
/// the chunks. Never `transactions`: they are the user's records, and a dropped chunk would
/// skip the trigger that deletes split parts with their transaction
/// (migrations/20261125000001_…).
const AUDIT_LOG: &str = "audit_log";

/// Drops every chunk whose whole time range is older than its table's retention period
/// (`retention.audit_log_days`; 0 keeps everything).
/// Idempotent: a second sweep finds nothing more to drop.
pub async fn sweep(
    pool: &PgPool,
    settings: &RetentionSettings,
) -> Result<RetentionReport, sqlx::Error> {
    let mut report = RetentionReport::default();
    let keep_days = settings.audit_log_days;
    if keep_days > 0 {
        let chunks = kakeibo_core::audit::drop_older_than(pool, keep_days).await?;
        tracing::info!(
            table = AUDIT_LOG,
            keep_days,
            dropped = chunks.len(),
            "retention sweep"
        );
        report.dropped_chunks.push(DroppedChunks {
            table: AUDIT_LOG.into(),
            keep_days,
            chunks,
        });
    }
    Ok(report)
}
