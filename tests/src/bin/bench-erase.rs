//! Erasure speed, and what it does to everyone else: `cargo run --release -p kakeibo-tests
//! --bin bench-erase` (ROWS=… to change the size; 1,000,000 by default). The case: a
//! user with a million transactions (a tenth split in two) is erased by
//! `kakeibo_privacy::erase::erase_user`, as the retention sweep and `kakeibo privacy erase
//! --now` do, while another user imports a statement. The import is timed alone first, then
//! alongside the erasure: if the erasure held up other users, the second import would take
//! about as long as the erasure. Target: under 60 s, and the import not held up.

#![allow(clippy::float_arithmetic)] // figures for printing only, never money

use std::time::{Duration, Instant};

use anyhow::{Result, ensure};
use kakeibo_bank_sync::import::{self, ImportSource};
use kakeibo_bank_sync::parse;
use kakeibo_privacy::erase::{Eraser, erase_user};
use kakeibo_tests::TestApp;
use kakeibo_tests::bench_history;
use sqlx::PgPool;
use uuid::Uuid;

const IMPORT_ROWS: usize = 20_000;

#[tokio::main]
async fn main() -> Result<()> {
    let rows: i64 = std::env::var("ROWS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1_000_000);
    let app = TestApp::spawn().await?;
    let pool = app.db.pool.clone();
    println!("{} cores", std::thread::available_parallelism()?);
    let seeding = Instant::now();
    let leaving = bench_history::seed(&pool, "bench.erase@example.com", rows).await?;
    println!(
        "seeded {rows} transactions (+{} splits) in {:.1?}",
        rows / 10 * 2,
        seeding.elapsed()
    );

    let staying =
        kakeibo_auth::ensure_verified_user(&pool, "bench.stays@example.com", "a long passphrase")
            .await?;
    let alone = import_statement(&pool, staying, "alone", 0).await?;
    println!(
        "another user's import of {IMPORT_ROWS} rows, alone: {:.2} s ({:.0} rows/s)",
        alone.as_secs_f64(),
        IMPORT_ROWS as f64 / alone.as_secs_f64()
    );

    let eraser = Eraser::from_settings(&app.settings, pool.clone())?;
    let started = Instant::now();
    let erasing = tokio::spawn(async move {
        let report = erase_user(&eraser, leaving, None).await;
        (report, started.elapsed())
    });
    // Give the erasure a head start, so the import runs while it deletes.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let beside = import_statement(&pool, staying, "beside", 1).await?;
    let (report, erase_took) = erasing.await?;
    report?;
    println!(
        "the same import beside the erasure: {:.2} s ({:.0} rows/s)",
        beside.as_secs_f64(),
        IMPORT_ROWS as f64 / beside.as_secs_f64()
    );
    println!(
        "erased {rows} transactions in {:.1} s",
        erase_took.as_secs_f64()
    );
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM transactions WHERE user_id = $1")
        .bind(leaving)
        .fetch_one(&pool)
        .await?;
    ensure!(
        left == 0,
        "{left} of the erased user's transactions are left"
    );
    app.stop().await?;
    Ok(())
}

/// Imports a statement of [`IMPORT_ROWS`] rows into a new account of `user` and answers how
/// long parsing, matching and writing took. `variant` makes each file's rows its own.
async fn import_statement(
    pool: &PgPool,
    user: Uuid,
    account_name: &str,
    variant: usize,
) -> Result<Duration> {
    let account: Uuid = sqlx::query_scalar(
        "INSERT INTO accounts (user_id, name, currency) VALUES ($1, $2, 'EUR') RETURNING id",
    )
    .bind(user)
    .bind(account_name)
    .fetch_one(pool)
    .await?;
    let mut csv = String::from("Date,Description,Amount\n");
    let first_day = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("a date");
    for i in 0..IMPORT_ROWS {
        let day = first_day + chrono::Days::new((i / 60) as u64);
        let cents = 100 + (i * 7919 + variant * 13) % 20_000;
        csv.push_str(&format!(
            "{day},Shop {} card payment {i},-{}.{:02}\n",
            i % 40,
            cents / 100,
            cents % 100
        ));
    }
    let mapping = parse::csv::preset("generic").expect("the generic preset exists");
    let source = ImportSource {
        kind: "file",
        format: Some("csv"),
        filename: None,
    };
    let started = Instant::now();
    let statement = parse::csv::parse(csv.as_bytes(), &mapping)?;
    let report = import::import(pool, user, account, &statement, source).await?;
    let took = started.elapsed();
    ensure!(report.rows_added == IMPORT_ROWS, "{report:?}");
    Ok(took)
}
