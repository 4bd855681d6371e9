//! The dashboard summary's speed: `cargo run --release -p kakeibo-tests --bin bench-summary
//! [TOTAL_ROWS] [USERS]`. Generates TOTAL_ROWS transactions (default 10 million) for USERS
//! users (default 10,000) in SQL, one of whom has 50,000 of them, in a database of its own
//! (dropped at the end); builds every user's rollups through the refresh the job runs; then
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
use kakeibo_tests::{PASSWORD, TestApp, bench_budgets};
use reqwest::Method;
use sqlx::PgPool;
use uuid::Uuid;

const HEAVY_ROWS: i64 = 50_000;
/// Three years of history.
const DAYS: i64 = 3 * 365;
const USERS_PER_BATCH: i64 = 500;
const ROUNDS: usize = 300;
const REFRESH_TASKS: usize = 4;
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
    let started = Instant::now();
    let others = create_users(&pool, users - 1).await?;
    println!(
        "users and accounts: {:>8.1} s",
        started.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    insert_rows(&pool, &[heavy.id], HEAVY_ROWS).await?;
    let per_user = (total - HEAVY_ROWS) / (users - 1);
    for batch in others.chunks(USERS_PER_BATCH as usize) {
        insert_rows(&pool, batch, per_user).await?;
    }
    let generation = started.elapsed();
    // The heavy user budgets like a careful user: ten budgets of every period and rollover,
    // one in dollars, with daily rates to convert.
    let today = Utc::now().date_naive();
    bench_budgets::store_daily_rates(&pool, today, DAYS as u64 + 30).await?;
    bench_budgets::ten_budgets(&pool, heavy.id, today).await?;
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM transactions")
        .fetch_one(&pool)
        .await?;
    let size: String =
        sqlx::query_scalar("SELECT pg_size_pretty(pg_database_size(current_database()))")
            .fetch_one(&pool)
            .await?;
    println!(
        "transactions:       {:>8.1} s  ({stored} rows, {:.0} rows/s, database {size})",
        generation.as_secs_f64(),
        stored as f64 / generation.as_secs_f64()
    );

    // Every user's rollups, built by the refresh the analytics job runs.
    let started = Instant::now();
    let heavy_build = Instant::now();
    rollups::refresh(&pool, heavy.id).await?;
    let heavy_build = heavy_build.elapsed();
    refresh_all(&pool, &others).await?;
    let build = started.elapsed();
    let rollup_rows: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM analytics_daily) + (SELECT count(*) FROM analytics_monthly)
              + (SELECT count(*) FROM analytics_merchants)",
    )
    .fetch_one(&pool)
    .await?;
    println!(
        "rollups:            {:>8.1} s  ({rollup_rows} rollup rows; the heavy user alone {:.0} ms)",
        build.as_secs_f64(),
        ms(heavy_build)
    );
    sqlx::query("VACUUM ANALYZE").execute(&pool).await?;

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

/// Users with a copy of the categories (the users trigger) and a EUR account each.
async fn create_users(pool: &PgPool, n: i64) -> Result<Vec<Uuid>> {
    let ids: Vec<Uuid> = sqlx::query_scalar(
        "INSERT INTO users (email, password_hash, time_zone)
         SELECT 'bench-' || g || '@bench.example', 'x',
                (ARRAY['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo'])[1 + g % 4]
         FROM generate_series(1, $1) g RETURNING id",
    )
    .bind(n)
    .fetch_all(pool)
    .await?;
    sqlx::query(
        "INSERT INTO accounts (user_id, name, currency)
         SELECT id, 'Checking', 'EUR' FROM users",
    )
    .execute(pool)
    .await?;
    // The heavy user also has dollars.
    sqlx::query(
        "INSERT INTO accounts (user_id, name, currency)
         SELECT id, 'US', 'USD' FROM users WHERE email = 'heavy@bench.example'",
    )
    .execute(pool)
    .await?;
    Ok(ids)
}

/// `per_user` rows for each user over the last three years: mostly card payments in expense
/// categories (dates only, as imports write them; one in ten with a time of day), one in
/// ten uncategorized, a monthly-ish salary, a few refunds. Categorized already, as the
/// categorizer leaves them.
async fn insert_rows(pool: &PgPool, users: &[Uuid], per_user: i64) -> Result<()> {
    sqlx::query(
        "WITH cats AS (
             SELECT user_id,
                    array_agg(id ORDER BY id) FILTER (WHERE kind = 'expense' AND parent_id IS NOT NULL) AS expense,
                    (array_agg(id) FILTER (WHERE default_slug = 'income.salary'))[1] AS salary
             FROM categories WHERE user_id = ANY($1) GROUP BY user_id
         ), accts AS (
             SELECT user_id, array_agg(id ORDER BY currency) AS ids, array_agg(currency::text ORDER BY currency) AS currencies
             FROM accounts WHERE user_id = ANY($1) GROUP BY user_id
         ), raw AS (
             SELECT c.user_id, c.expense, c.salary, a.ids, a.currencies, g, random() AS r, random() AS r2,
                    1 + (hashint8(g) & 1023) % cardinality(a.ids) AS account
             FROM cats c JOIN accts a USING (user_id), generate_series(1, $2) g
         )
         INSERT INTO transactions (user_id, account_id, booked_at, amount, currency, status, description, payee,
                                   category_id, category_source, categorized_at)
         SELECT user_id, ids[account],
                date_trunc('day', now() - make_interval(days => (r2 * $3)::int), 'UTC')
                    + CASE WHEN g % 10 = 0 THEN make_interval(mins => (r * 1440)::int) ELSE interval '0' END,
                CASE WHEN r < 0.04 THEN round((1500 + r2 * 2000)::numeric, 2)
                     WHEN r < 0.06 THEN round((1 + r2 * 50)::numeric, 2)
                     ELSE -round((1 + r2 * r * 400)::numeric, 2) END,
                currencies[account], 'posted',
                'CARD PAYMENT ' || (g % 997), 'MERCHANT ' || ((hashint8(g) & 65535) % 300),
                CASE WHEN r < 0.04 THEN salary
                     WHEN r > 0.9 THEN NULL
                     ELSE expense[1 + ((hashint8(g * 7) & 65535) % cardinality(expense))] END,
                'knn', now()
         FROM raw",
    )
    .bind(users)
    .bind(per_user)
    .bind(DAYS as f64)
    .execute(pool)
    .await?;
    Ok(())
}

async fn refresh_all(pool: &PgPool, users: &[Uuid]) -> Result<()> {
    let chunk = users.len().div_ceil(REFRESH_TASKS);
    let mut tasks = tokio::task::JoinSet::new();
    for part in users.chunks(chunk.max(1)) {
        let (pool, part) = (pool.clone(), part.to_vec());
        tasks.spawn(async move {
            for user in part {
                rollups::refresh(&pool, user).await?;
            }
            Ok::<_, sqlx::Error>(())
        });
    }
    while let Some(done) = tasks.join_next().await {
        done??;
    }
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
