//! Pattern finders' speed: `cargo run --release -p kakeibo-tests --bin bench-patterns`.
//! A heavy user: 50,000 transactions over three years (24 monthly subscriptions, the rest
//! spread over 400 merchants at any amount), categorized. Times the insights job's whole
//! recompute (recurring series, anomalies, forecast averages, insights; templates, no LLM),
//! first and again (nothing new to word), and the reads behind the API.

use std::time::{Duration, Instant};

use anyhow::Result;
use chrono::Utc;
use kakeibo_analytics::insights::recompute::recompute;
use kakeibo_analytics::{anomalies, forecast, recurring};
use kakeibo_tests::TestDb;
use uuid::Uuid;

const ROWS: i64 = 50_000;
const RUNS: usize = 7;

#[tokio::main]
async fn main() -> Result<()> {
    let db = TestDb::new().await?;
    println!("{} cores", std::thread::available_parallelism()?);
    let user = seed(&db).await?;
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM transactions WHERE user_id = $1")
        .bind(user)
        .fetch_one(&db.pool)
        .await?;
    println!("user with {stored} transactions over three years");

    let started = Instant::now();
    let first = recompute(&db.pool, None, user, Utc::now()).await?;
    println!("first recompute: {} ms: {first:?}", ms(started.elapsed()));

    let mut times = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        recompute(&db.pool, None, user, Utc::now()).await?;
        times.push(started.elapsed());
    }
    report("recompute again (the job's usual case)", &mut times);

    let today = Utc::now().date_naive();
    let mut conn = db.pool.acquire().await?;
    // Where the time goes: reading the rows, detecting, the anomalies' queries.
    let since = today - chrono::Days::new(recurring::history::LOOKBACK_DAYS as u64);
    let started = Instant::now();
    let rows = recurring::history::load(&mut conn, user, "Europe/Berlin", since).await?;
    let loaded = started.elapsed();
    let started = Instant::now();
    let series: usize = recurring::history::groups(&rows)
        .iter()
        .map(|g| recurring::detect(g, today).len())
        .sum();
    let detected = started.elapsed();
    let started = Instant::now();
    anomalies::store::compute(&mut conn, user, "Europe/Berlin", today, &rows).await?;
    println!(
        "of which: reading {} rows {} ms, detecting {series} series {} ms, anomalies {} ms",
        rows.len(),
        ms(loaded),
        ms(detected),
        ms(started.elapsed())
    );
    for (name, run) in [
        ("GET analytics/recurring", 0),
        ("GET analytics/anomalies", 1),
        ("GET analytics/forecast", 2),
    ] {
        let mut times = Vec::new();
        for _ in 0..RUNS {
            let started = Instant::now();
            match run {
                0 => drop(recurring::store::list(&mut conn, user, true, true).await?),
                1 => drop(anomalies::store::list(&mut conn, user, None, None).await?),
                _ => drop(forecast::load(&mut conn, user, today).await?),
            }
            times.push(started.elapsed());
        }
        report(name, &mut times);
    }
    Ok(())
}

/// Milliseconds with one decimal, in integers (the workspace lints floats).
fn ms(d: Duration) -> String {
    let tenths = d.as_micros() / 100;
    format!("{}.{}", tenths / 10, tenths % 10)
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    println!(
        "{what}: median {} ms, max {} ms over {} runs",
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1]),
        times.len()
    );
}

/// The user and their history, generated in SQL (deterministic: `setseed`).
async fn seed(db: &TestDb) -> Result<Uuid> {
    let mut tx = db.pool.begin().await?;
    let user: Uuid = sqlx::query_scalar(
        "INSERT INTO users (email, password_hash, time_zone) VALUES ('bench@example.com', 'x', 'Europe/Berlin') RETURNING id",
    )
    .fetch_one(&mut *tx)
    .await?;
    let account: Uuid = sqlx::query_scalar(
        "INSERT INTO accounts (user_id, name, kind, currency, current_balance) VALUES ($1, 'Checking', 'checking', 'EUR', 2500)
         RETURNING id",
    )
    .bind(user)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("SELECT setseed(0.42)")
        .execute(&mut *tx)
        .await?;
    // 24 subscriptions, each on its own day of the month, for 36 months.
    sqlx::query(
        "INSERT INTO transactions (user_id, account_id, booked_at, amount, currency, payee, description, merchant_key, categorized_at)
         SELECT $1, $2, date_trunc('month', now()) - make_interval(months => m) + make_interval(days => s, hours => 4),
                -(4.99 + s), 'EUR', 'Subscription ' || s, 'SUBSCRIPTION ' || s,
                sha256(convert_to('subscription ' || s, 'UTF8')), now()
         FROM generate_series(1, 36) m, generate_series(1, 24) s",
    )
    .bind(user)
    .bind(account)
    .execute(&mut *tx)
    .await?;
    // Everything else: 400 merchants, any amount, any time in three years, a category each.
    sqlx::query(
        "WITH cats AS (SELECT array_agg(id ORDER BY default_slug) AS ids FROM categories WHERE user_id = $1 AND kind = 'expense')
         INSERT INTO transactions (user_id, account_id, booked_at, amount, currency, payee, description, merchant_key,
                                   category_id, category_source, categorized_at)
         SELECT $1, $2, now() - random() * interval '1095 days', -round((1 + random() * 120)::numeric, 2), 'EUR',
                'Shop ' || (n % 400), 'CARD PAYMENT SHOP ' || (n % 400),
                sha256(convert_to('shop ' || (n % 400), 'UTF8')),
                cats.ids[1 + (n % 400) % array_length(cats.ids, 1)], 'knn', now()
         FROM generate_series(1, $3 - 864) n, cats",
    )
    .bind(user)
    .bind(account)
    .bind(ROWS)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    sqlx::query("ANALYZE transactions")
        .execute(&db.pool)
        .await?;
    Ok(user)
}
