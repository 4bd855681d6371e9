//! Retention (issue 23): what the daily sweep deletes. Each owner deletes its own rows:
//! old chunks of the audit log are dropped whole with TimescaleDB's `drop_chunks` (the
//! Apache build has it, not its retention *policies*, so an apalis cron job calls this);
//! old notifications, ask conversations and cached model answers are deleted by their
//! crates' `prune_older_than`; export zips past their expiry are marked expired and their
//! files deleted. Every step is idempotent: a second sweep at the same time finds nothing.

use chrono::{DateTime, Utc};
use kakeibo_core::config::Settings;
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

/// What one sweep removed (the job's output, kept by apalis).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct RetentionReport {
    pub dropped_chunks: Vec<DroppedChunks>,
    /// Rows deleted per table whose period applies (a period of 0 keeps everything, and the
    /// table is not listed).
    pub pruned_rows: Vec<PrunedRows>,
    /// Ready exports past `privacy.export_expiry_days`, now expired.
    pub expired_exports: usize,
    /// Their files (and half-written ones) deleted from `privacy.exports_dir`.
    pub export_files_deleted: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DroppedChunks {
    pub table: String,
    pub keep_days: u32,
    pub chunks: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PrunedRows {
    pub table: String,
    pub keep_days: u32,
    pub rows: u64,
}

/// The one hypertable with a retention period, named in the report; its owner (core) drops
/// the chunks. Never `transactions`: they are the user's records, and a dropped chunk would
/// skip the trigger that deletes split parts with their transaction
/// (migrations/20261125000001_…).
const AUDIT_LOG: &str = "audit_log";

/// Applies every retention period as of `now` (the audit log's chunks against the
/// database's clock, since chunks are dropped by their time range):
/// `retention.audit_log_days`, `retention.notifications_days` and
/// `retention.ask_conversations_days` (0 keeps everything), `llm.cache_days` (answers past
/// it are never reused, so they go; 0 reuses none) and `privacy.export_expiry_days` (stamped
/// on each export when it was ready).
pub async fn sweep(
    pool: &PgPool,
    settings: &Settings,
    now: DateTime<Utc>,
) -> Result<RetentionReport, sqlx::Error> {
    let periods = &settings.retention;
    let mut report = RetentionReport::default();
    let keep_days = periods.audit_log_days;
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

    let mut conn = pool.acquire().await?;
    let mut pruned = |table: &str, keep_days: u32, rows: u64| {
        tracing::info!(table, keep_days, deleted = rows, "retention sweep");
        report.pruned_rows.push(PrunedRows {
            table: table.into(),
            keep_days,
            rows,
        });
    };
    let days = periods.notifications_days;
    if days > 0 {
        let rows = kakeibo_notifications::retention::prune_older_than(&mut conn, days, now).await?;
        pruned("notifications", days, rows);
    }
    let days = periods.ask_conversations_days;
    // With 0, conversations stamped with an expiry under an earlier period still go.
    let rows = kakeibo_ask::conversations::prune_older_than(&mut conn, days, now).await?;
    if days > 0 || rows > 0 {
        pruned("ask_conversations", days, rows);
    }
    let days = settings.llm.cache_days;
    let rows = kakeibo_llm::cache::prune_older_than(&mut conn, days, now).await?;
    pruned("llm_cache", days, rows);
    drop(conn);

    let expired = crate::exports::expire_due(pool, now).await?;
    report.expired_exports = expired.len();
    report.export_files_deleted =
        crate::exports::delete_files(&settings.privacy.exports_dir, &expired)
            .map_err(sqlx::Error::Io)?;
    tracing::info!(
        exports = report.expired_exports,
        files = report.export_files_deleted,
        "expired exports deleted"
    );
    Ok(report)
}
