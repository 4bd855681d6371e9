//! The offline ask engine's speed for a heavy user: `cargo run --release -p kakeibo-tests
//! --bin bench-ask [ROWS] [SET] [RATES]`. Gives a fresh user the demo bank's two years, categorized
//! by the workers as in a real install, then copies those rows (same days, categories and
//! merchants; transfers left single) until the user has ROWS transactions (default 50,000),
//! refreshes the rollups, and asks every question of the evaluation set (default
//! `services/ask/eval/questions.toml`) through `answer`, the path `POST /ask` takes, twice:
//! the first pass warms the caches, the second is timed. Prints p50/p95/p99/max of the
//! answer times and the accuracy at that size (the set computes its expected figures with its
//! own SQL, so the copies count there too). Target: p95 <= 50 ms. RATES is the ECB's
//! `eurofxref-hist.csv` (as `kakeibo fx import` takes it): without rates, the budgets that
//! count dollar spending and converted net worth have no figure, and those questions miss.

// Timings are reported in floating-point milliseconds; no money is involved.
#![allow(clippy::float_arithmetic)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};
use chrono::Utc;
use kakeibo_ask::eval;
use kakeibo_ask::tools::ToolContext;
use kakeibo_tests::TestApp;
use sqlx::PgPool;
use uuid::Uuid;

const DEMO_SEED: u64 = 42;

#[tokio::main]
async fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let rows: i64 = args
        .next()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(50_000);
    let set: PathBuf = args.next().map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../services/ask/eval/questions.toml")
    });
    let questions = eval::parse(
        &std::fs::read_to_string(&set).with_context(|| format!("reading {}", set.display()))?,
    )?;
    let rates: Option<PathBuf> = args.next().map(PathBuf::from);
    let app = TestApp::spawn().await?;
    let pool = app.db.pool.clone();
    match &rates {
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
            kakeibo_budget::fx::import(&pool, &bytes).await?;
            println!("exchange rates from {}", path.display());
        }
        None => println!("no exchange rates given: questions that need a conversion will miss"),
    }
    let user = app.verified_user("heavy@bench.example").await?;

    let started = Instant::now();
    kakeibo_bank_sync::demo_sync::sync(&app.bank_sync()?, user.id, DEMO_SEED, Utc::now()).await?;
    kakeibo_server::demo_plan::ensure(&pool, user.id).await?;
    app.drain_jobs().await?;
    let demo_rows = count(&pool, user.id).await?;
    println!(
        "demo bank: {demo_rows} rows, categorized, in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    copy_rows(&pool, user.id, rows).await?;
    kakeibo_analytics::rollups::refresh(&pool, user.id).await?;
    sqlx::query("VACUUM ANALYZE").execute(&pool).await?;
    let stored = count(&pool, user.id).await?;
    println!(
        "copied to {stored} rows and refreshed the rollups in {:.1} s; {} cores, load {}",
        started.elapsed().as_secs_f64(),
        std::thread::available_parallelism()?,
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );

    let mut conn = pool.acquire().await?;
    let today = kakeibo_auth::local_time::today(&mut conn, user.id).await?;
    drop(conn);
    let ctx = ToolContext {
        db: pool.clone(),
        reads: pool.clone(),
        user_id: user.id,
        today,
        embedder: Some(kakeibo_categorizer::QueryEmbedder::local(
            app.settings.models_dir.clone(),
        )),
        conversation_days: app.settings.retention.ask_conversations_days,
    };
    eval::run(&ctx, &questions, Utc::now()).await?;
    let report = eval::run(&ctx, &questions, Utc::now()).await?;
    let mut times: Vec<Duration> = report.outcomes.iter().map(|o| o.elapsed).collect();
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1];
    println!(
        "{} questions from {}, today {today}",
        questions.len(),
        set.display()
    );
    println!(
        "answer time: p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms (target p95 <= 50 ms)",
        ms(at(0.50)),
        ms(at(0.95)),
        ms(at(0.99)),
        ms(times[times.len() - 1])
    );
    let score = report.score();
    println!(
        "exact answers at {stored} rows: {} of {} ({:.1} %); invented figures: {}",
        score.right,
        score.asked,
        score.percent(),
        report.invented()
    );
    let mut slowest: Vec<&eval::Outcome> = report.outcomes.iter().collect();
    slowest.sort_by_key(|o| std::cmp::Reverse(o.elapsed));
    for o in slowest.iter().take(25) {
        println!("  slow: {:>6.1} ms  {} {:?}", ms(o.elapsed), o.id, o.text);
    }
    for o in report.outcomes.iter().filter(|o| !o.right) {
        println!(
            "  miss: {} {:?}: expected {:?}, got {:?}: {}",
            o.id, o.text, o.expected, o.got, o.sentence
        );
    }
    Ok(())
}

async fn count(pool: &PgPool, user_id: Uuid) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM transactions WHERE user_id = $1 AND deleted_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(pool)
    .await?)
}

/// Copies the user's rows until there are `target`: each copy a second later on the same
/// day, with its own provider id, so every period keeps its mix of categories and merchants.
async fn copy_rows(pool: &PgPool, user_id: Uuid, target: i64) -> Result<()> {
    let singles: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM transactions
         WHERE user_id = $1 AND deleted_at IS NULL AND transfer_id IS NULL",
    )
    .bind(user_id)
    .fetch_one(pool)
    .await?;
    ensure!(singles > 0, "the demo gave no rows");
    let have = count(pool, user_id).await?;
    let copies = ((target - have).max(0) + singles - 1) / singles;
    sqlx::query(
        "INSERT INTO transactions (user_id, account_id, booked_at, amount, currency, status,
                                   description, merchant, category_id, category_source,
                                   category_confidence, tags, provider_transaction_id)
         SELECT t.user_id, t.account_id, t.booked_at + make_interval(secs => c), t.amount,
                t.currency, t.status, t.description, t.merchant, t.category_id,
                t.category_source, t.category_confidence, t.tags,
                coalesce(t.provider_transaction_id, t.id::text) || '-copy-' || c
         FROM transactions t, generate_series(1, $2) c
         WHERE t.user_id = $1 AND t.deleted_at IS NULL AND t.transfer_id IS NULL
         ORDER BY c, t.booked_at
         LIMIT $3",
    )
    .bind(user_id)
    .bind(copies)
    .bind((target - have).max(0))
    .execute(pool)
    .await?;
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
