//! Demo-sized data for the benchmarks that need many users (bench-summary, the load
//! benchmark in `load/`): `total` transactions for `users` users, generated in SQL, one
//! "heavy" user with [`HEAVY_ROWS`] of them and ten budgets, every user's rollups built by the
//! refresh the analytics job runs. Prints how long each part took.

// Timings are reported in floating-point seconds; no money is involved.
#![allow(clippy::float_arithmetic)]

use std::time::Instant;

use anyhow::{Result, ensure};
use chrono::Utc;
use kakeibo_analytics::rollups;
use sqlx::PgPool;
use uuid::Uuid;

use crate::bench_budgets;

/// The heavy user's transactions.
pub const HEAVY_ROWS: i64 = 50_000;
/// Three years of history.
pub const DAYS: i64 = 3 * 365;
const USERS_PER_BATCH: i64 = 500;
const REFRESH_TASKS: usize = 4;

/// The e-mail of the `n`th generated user (1-based); the heavy user is not one of them.
pub fn user_email(n: i64) -> String {
    format!("bench-{n}@bench.example")
}

/// Seeds `total` transactions over `users` users: `heavy` (an existing user, with an account
/// made here) gets [`HEAVY_ROWS`], the `users - 1` users made here ([`user_email`]) share
/// the rest. Answers the generated users' ids.
pub async fn seed(pool: &PgPool, heavy: Uuid, total: i64, users: i64) -> Result<Vec<Uuid>> {
    ensure!(
        users >= 2 && total > HEAVY_ROWS,
        "need at least 2 users and more than {HEAVY_ROWS} rows"
    );
    let started = Instant::now();
    let others = create_users(pool, users - 1).await?;
    println!(
        "users and accounts: {:>8.1} s",
        started.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    insert_rows(pool, &[heavy], HEAVY_ROWS).await?;
    let per_user = (total - HEAVY_ROWS) / (users - 1);
    for batch in others.chunks(USERS_PER_BATCH as usize) {
        insert_rows(pool, batch, per_user).await?;
    }
    let generation = started.elapsed();
    // The heavy user budgets like a careful user: ten budgets of every period and rollover,
    // one in dollars, with daily rates to convert.
    let today = Utc::now().date_naive();
    bench_budgets::store_daily_rates(pool, today, DAYS as u64 + 30).await?;
    bench_budgets::ten_budgets(pool, heavy, today).await?;
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM transactions")
        .fetch_one(pool)
        .await?;
    let size: String =
        sqlx::query_scalar("SELECT pg_size_pretty(pg_database_size(current_database()))")
            .fetch_one(pool)
            .await?;
    println!(
        "transactions:       {:>8.1} s  ({stored} rows, {:.0} rows/s, database {size})",
        generation.as_secs_f64(),
        stored as f64 / generation.as_secs_f64()
    );

    // Every user's rollups, built by the refresh the analytics job runs.
    let started = Instant::now();
    let heavy_build = Instant::now();
    rollups::refresh(pool, heavy).await?;
    let heavy_build = heavy_build.elapsed();
    refresh_all(pool, &others).await?;
    let build = started.elapsed();
    let rollup_rows: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM analytics_daily) + (SELECT count(*) FROM analytics_monthly)
              + (SELECT count(*) FROM analytics_merchants)",
    )
    .fetch_one(pool)
    .await?;
    println!(
        "rollups:            {:>8.1} s  ({rollup_rows} rollup rows; the heavy user alone {:.0} ms)",
        build.as_secs_f64(),
        heavy_build.as_secs_f64() * 1000.0
    );
    sqlx::query("VACUUM ANALYZE").execute(pool).await?;
    Ok(others)
}

/// Users with a copy of the categories (the users trigger) and a EUR account each; the heavy
/// user (`heavy@bench.example`, made before) gets one too, and a USD one.
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
