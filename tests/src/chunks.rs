//! The transactions hypertable's chunk boundaries, read from its dimension, so that a test can
//! aim at a boundary on purpose instead of hoping dates relative to today cross one.

use anyhow::Result;
use chrono::{NaiveDate, NaiveDateTime};
use sqlx::PgPool;
use uuid::Uuid;

/// The first day of the transactions chunk that follows the one holding `day` (UTC).
/// TimescaleDB aligns a time dimension's chunks on multiples of its interval since the Unix
/// epoch; `chunk_range` checks that against the chunks it really made.
pub async fn next_chunk_start(pool: &PgPool, day: NaiveDate) -> Result<NaiveDate> {
    let start: NaiveDateTime = sqlx::query_scalar(
        "SELECT to_timestamp(((extract(epoch FROM $1::date::timestamp)::bigint * 1000000)
                              / d.interval_length + 1) * d.interval_length / 1000000)
                AT TIME ZONE 'UTC'
         FROM _timescaledb_catalog.dimension d
         JOIN _timescaledb_catalog.hypertable h ON h.id = d.hypertable_id
         WHERE h.table_name = 'transactions' AND d.column_name = 'booked_at'",
    )
    .bind(day)
    .fetch_one(pool)
    .await?;
    anyhow::ensure!(
        start.time() == chrono::NaiveTime::MIN,
        "chunks of whole days expected, got a boundary at {start}"
    );
    Ok(start.date())
}

/// The chunk that holds transaction `id` now, and that chunk's range as TimescaleDB states it
/// (UTC days, end exclusive).
pub async fn chunk_range(pool: &PgPool, id: Uuid) -> Result<(String, NaiveDate, NaiveDate)> {
    Ok(sqlx::query_as(
        "SELECT c.chunk_name::text, (c.range_start AT TIME ZONE 'UTC')::date,
                (c.range_end AT TIME ZONE 'UTC')::date
         FROM transactions t
         JOIN timescaledb_information.chunks c
           ON format('%I.%I', c.chunk_schema, c.chunk_name)::regclass = t.tableoid
         WHERE t.id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await?)
}
