//! Export speed and memory: `cargo run -p kakeibo-tests --bin bench-export` (ROWS=… to
//! change the size; 1,000,000 by default). The case: a user with a million
//! transactions (a tenth of them split in two, so the split records count too) is exported
//! to a zip by `kakeibo_privacy::export::write_zip`, as the job and `kakeibo privacy
//! export` do. Prints records per second and this process's resident memory before and at
//! its peak during the export (sampled every 20 ms).

#![allow(clippy::float_arithmetic)] // figures for printing only, never money

use std::time::{Duration, Instant};

use anyhow::Result;
use chrono::{TimeZone, Utc};
use kakeibo_tests::TestDb;
use kakeibo_tests::bench_history::{self, resident_kib};

#[tokio::main]
async fn main() -> Result<()> {
    let rows: i64 = std::env::var("ROWS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1_000_000);
    let db = TestDb::new().await?;
    println!("{} cores", std::thread::available_parallelism()?);
    let seeding = Instant::now();
    let user = bench_history::seed(&db.pool, "bench.export@example.com", rows).await?;
    println!(
        "seeded {rows} transactions (+{} splits) in {:.1?}",
        rows / 10 * 2,
        seeding.elapsed()
    );

    let folder = std::env::temp_dir().join(format!(
        "kakeibo-bench-export-{}",
        uuid::Uuid::new_v4().simple()
    ));
    let path = folder.join("export.zip");
    let before = resident_kib();
    let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(before));
    let sampler = tokio::spawn({
        let peak = peak.clone();
        async move {
            loop {
                peak.fetch_max(resident_kib(), std::sync::atomic::Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    });
    let started = Instant::now();
    let created_at = Utc.with_ymd_and_hms(2026, 12, 6, 12, 0, 0).unwrap();
    let manifest = kakeibo_privacy::export::write_zip(&db.pool, user, created_at, &path).await?;
    let took = started.elapsed();
    sampler.abort();
    let records = manifest.files[0].rows;
    let size = std::fs::metadata(&path)?.len();
    println!(
        "exported {records} records in {took:.1?}: {:.0} records/s; zip {:.1} MB (data.ndjson {:.1} MB)",
        records as f64 / took.as_secs_f64(),
        size as f64 / 1e6,
        manifest.files[0].bytes as f64 / 1e6
    );
    println!(
        "resident memory: {:.1} MB before, {:.1} MB at the peak",
        before as f64 / 1024.0,
        peak.load(std::sync::atomic::Ordering::Relaxed) as f64 / 1024.0
    );
    std::fs::remove_dir_all(&folder)?;
    Ok(())
}
