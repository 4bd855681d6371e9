//! The dashboard summary's speed: `cargo run --release -p kakeibo-tests --bin bench-summary
//! [TOTAL_ROWS] [USERS]`. Generates TOTAL_ROWS transactions (default 10 million) for USERS
//! users (default 10,000) in SQL, one of whom has 50,000 of them, in a database of its own
//! (dropped at the end), and builds every user's rollups through the refresh the job runs
//! (`kakeibo_tests::bench_seed`, which the load benchmark seeds with too); then
//! times the summary for the heavy user: the function (freshness check + summary), the HTTP
//! endpoint, and the first read after an edit. Prints p50/p95/p99. Target: p95 <= 25 ms. The
//! summary holds the month's spending by category, the heavy user's ten budgets and twelve
//! months of cash flow.

// Timings are reported in floating-point milliseconds; no money is involved.
#![allow(clippy::float_arithmetic)]

use std::time::{Duration, Instant};

use anyhow::{Result, ensure};
use chrono::Utc;
use kakeibo_analytics::reports::{Level, summary};
use kakeibo_analytics::rollups;
use kakeibo_tests::bench_seed::{self, HEAVY_ROWS};
use kakeibo_tests::{PASSWORD, TestApp};
use reqwest::Method;

const ROUNDS: usize = 300;
/// Reads right after an edit, each paying for the edit's refresh and budget periods.
const EDITS: usize = 40;

#[tokio::main]
async fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let total: i64 = args
        .next()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(10_000_000);
    let users: i64 = args
        .next()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(10_000);
    ensure!(
        users >= 2 && total > HEAVY_ROWS,
        "need at least 2 users and more than {HEAVY_ROWS} rows"
    );
    let app = TestApp::spawn().await?;
    let pool = app.db.pool.clone();
    println!(
        "{total} transactions for {users} users (one with {HEAVY_ROWS}), {} cores, database {}",
        std::thread::available_parallelism()?,
        app.db.name
    );

    let heavy = app.verified_user("heavy@bench.example").await?;
    bench_seed::seed(&pool, heavy.id, total, users).await?;
    let today = Utc::now().date_naive();

    // One edit, then the incremental refresh the job would run.
    sqlx::query(
        "UPDATE transactions SET amount = amount - 1
         WHERE id = (SELECT id FROM transactions WHERE user_id = $1 ORDER BY booked_at DESC LIMIT 1)",
    )
    .bind(heavy.id)
    .execute(&pool)
    .await?;
    let started = Instant::now();
    let outcome = rollups::refresh(&pool, heavy.id).await?;
    println!(
        "refresh after one edit (heavy user): {:.1} ms ({outcome:?})",
        ms(started.elapsed())
    );

    let mut times = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS + 20 {
        let started = Instant::now();
        let fresh = rollups::ensure_fresh(&pool, heavy.id).await?;
        let mut conn = pool.acquire().await?;
        let summary =
            summary::summary(&mut conn, heavy.id, &fresh.time_zone, today, Level::Top).await?;
        let elapsed = started.elapsed();
        ensure!(summary.cash_flow.len() == 12 && !summary.spending.categories.is_empty());
        ensure!(
            summary.budgets.len() == 10 && summary.budgets.iter().all(|b| b.progress.is_some())
        );
        if round >= 20 {
            times.push(elapsed);
        }
    }
    report("summary function (freshness check + summary)", &mut times);

    // The first read after an edit: the rollup refresh it runs first, and the budget periods
    // the edit touched computed again (what the loop above reads is kept from its first round).
    let mut times = Vec::with_capacity(EDITS);
    for round in 0..EDITS {
        sqlx::query(
            "UPDATE transactions SET amount = amount + $2
             WHERE id = (SELECT id FROM transactions WHERE user_id = $1 ORDER BY booked_at DESC LIMIT 1)",
        )
        .bind(heavy.id)
        .bind(if round % 2 == 0 { 1 } else { -1 })
        .execute(&pool)
        .await?;
        let started = Instant::now();
        let fresh = rollups::ensure_fresh(&pool, heavy.id).await?;
        let mut conn = pool.acquire().await?;
        let summary =
            summary::summary(&mut conn, heavy.id, &fresh.time_zone, today, Level::Top).await?;
        times.push(started.elapsed());
        ensure!(summary.budgets.iter().all(|b| b.progress.is_some()));
    }
    report(
        "summary function, first read after an edit (refresh + budgets computed)",
        &mut times,
    );

    // Tokens are short-lived: log in again after the long generation.
    let heavy = app.login(&heavy.email, PASSWORD).await?;
    let mut times = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS + 20 {
        let started = Instant::now();
        let response = app
            .as_user(&heavy, Method::GET, "/analytics/summary")
            .send()
            .await?;
        ensure!(response.status().is_success(), "{}", response.status());
        let body = response.bytes().await?;
        let elapsed = started.elapsed();
        ensure!(!body.is_empty());
        if round >= 20 {
            times.push(elapsed);
        }
    }
    report("GET /api/v1/analytics/summary (HTTP, JSON)", &mut times);
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    let at = |q: f64| ms(times[((times.len() as f64 * q) as usize).min(times.len() - 1)]);
    println!(
        "{what}: {} rounds, p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        times.len(),
        at(0.50),
        at(0.95),
        at(0.99),
        ms(*times.last().expect("rounds"))
    );
}
