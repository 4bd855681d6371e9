//! The load benchmark (issue 25 §2; docs/reliability.md, "Load"), from this folder:
//!
//! ```text
//! cargo run --release -- [--rows 10000000] [--users 10000] [--steps 25,50,100,200,400]
//!                        [--secs 60] [--think-ms 1000-3000] [--keep | --db NAME] [--slow-ms 100]
//! ```
//!
//! Seeds a database of its own as bench-summary does (`kakeibo_tests::bench_seed`: ROWS
//! transactions for USERS users, rollups built), starts the real app on loopback as
//! `kakeibo all` runs it (the API and the job workers on one pool, in this process, on
//! threads of their own), logs the seeded users in through `POST /auth/login`, then drives
//! each step's number of concurrent users with goose: every virtual user is one seeded user
//! with their own access token, reading the dashboard (summary, transaction pages, search,
//! reports, a question to the offline ask engine) and importing a small CSV in one request
//! of ten, with a think time between requests. Prints p50/p95/p99 per route, errors,
//! throughput and CPU (postgres, app, load generator) per step, then the knee: the first
//! step whose reads' p95 is twice the lowest step's. Target: reads' p95 under 100 ms and no
//! errors at 200 users. Bounded: the steps given, each SECS long, none started past
//! `--max-minutes`.

// Timings and CPU shares are floating-point; no money is involved.
#![allow(clippy::float_arithmetic)]

mod cpu;
mod mix;
mod report;

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use clap::Parser;
use futures::StreamExt;
use goose::GooseAttack;
use goose::config::GooseConfiguration;
use kakeibo_tests::bench_seed::{self, HEAVY_ROWS};
use kakeibo_tests::{PASSWORD, TestApp, TestDb};
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;

use crate::report::Step;

/// The load generator's threads are named so; every other thread of this process is the app's.
pub const LOAD_THREADS: &str = "load";
/// Users start over this long (goose's metrics are reset once all have started).
const RAMP: Duration = Duration::from_secs(5);
/// One at a time: concurrent right logins from one address are refused (429) today, see
/// docs/reliability.md, "Load".
const LOGINS_AT_ONCE: usize = 1;
/// The target applies at this many users.
const TARGET_USERS: usize = 200;
const TARGET_P95_MS: f64 = 100.0;

#[derive(Debug, Parser)]
#[command(about = "Kakeibo under concurrent users (issue 25 §2)")]
struct Args {
    /// Transactions to generate (10 M: the demo size of bench-summary).
    #[arg(long, default_value_t = 10_000_000)]
    rows: i64,
    /// Users to generate (one of them with 50,000 transactions).
    #[arg(long, default_value_t = 10_000)]
    users: i64,
    /// Concurrent users of each step, fewest first.
    #[arg(long, value_delimiter = ',', default_value = "25,50,100,200,400")]
    steps: Vec<usize>,
    /// Seconds each step is measured, once all its users have started.
    #[arg(long, default_value_t = 60)]
    secs: u64,
    /// A user's think time between two requests, in ms: MIN-MAX.
    #[arg(long, default_value = "1000-3000")]
    think_ms: String,
    /// Run on a database seeded and kept by an earlier run (no seeding).
    #[arg(long, conflicts_with = "keep")]
    db: Option<String>,
    /// Keep the seeded database at the end, to run again with --db.
    #[arg(long)]
    keep: bool,
    /// Log the statements slower than this many ms (in the cluster's server log).
    #[arg(long)]
    slow_ms: Option<u64>,
    /// The app's connection pool: `database.max_connections`, 20 by default as in a deployment.
    #[arg(long, default_value_t = 20)]
    pool: u32,
    /// No step starts that would end later than this many minutes after the start.
    #[arg(long, default_value_t = 45)]
    max_minutes: u64,
    /// The app's log, as a deployment writes it (default settings: info, JSON), which is
    /// then searched for tokens and the password.
    #[arg(long, default_value = "kakeibo-load.log")]
    log: std::path::PathBuf,
}

fn main() -> Result<()> {
    let args = Args::parse();
    // The app's runtime; its threads (and its blocking pool's, kept alive so their CPU time
    // stays countable) are the app's. The load generator gets a runtime of its own.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .thread_name("app")
        .thread_keep_alive(Duration::from_secs(24 * 3600))
        .enable_all()
        .build()?;
    runtime.block_on(run(args))
}

fn think_range(text: &str) -> Result<(Duration, Duration)> {
    let (min, max) = text
        .split_once('-')
        .context("--think-ms takes MIN-MAX, e.g. 1000-3000")?;
    let (min, max): (u64, u64) = (min.trim().parse()?, max.trim().parse()?);
    ensure!(min <= max, "--think-ms: MIN is above MAX");
    Ok((Duration::from_millis(min), Duration::from_millis(max)))
}

async fn run(args: Args) -> Result<()> {
    let started = Instant::now();
    let deadline = started + Duration::from_secs(args.max_minutes * 60);
    let think = think_range(&args.think_ms)?;
    ensure!(
        !args.steps.is_empty() && args.steps.windows(2).all(|w| w[0] < w[1]),
        "--steps: one or more numbers of users, growing"
    );
    // The app logs as a deployment does (the harness's test logging is then left unset).
    let defaults = kakeibo_core::Settings::default();
    let log_file = std::fs::File::create(&args.log)
        .with_context(|| format!("creating {}", args.log.display()))?;
    let _telemetry = kakeibo_core::telemetry::init_with_writer(
        &defaults.log,
        &defaults.telemetry,
        std::sync::Mutex::new(log_file),
        false,
    )
    .map_err(|e| anyhow::anyhow!("logging: {e}"))?;
    let mut db = match &args.db {
        Some(name) => TestDb::open(name).await?,
        None => TestDb::new().await?,
    };
    if args.keep {
        db.keep();
    }
    let name = db.name.clone();
    if let Some(ms) = args.slow_ms {
        // For the sessions opened from now on: the app's pool, made below.
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            r#"ALTER ROLE CURRENT_USER IN DATABASE "{name}" SET log_min_duration_statement = {ms}"#
        )))
        .execute(&db.pool)
        .await
        .context("setting log_min_duration_statement (needs a superuser role)")?;
    }
    // The app's pool as a deployment sizes it (the harness's is small, for tests).
    let mut settings = db.settings();
    settings.database.max_connections = args.pool;
    db.pool = kakeibo_core::db::connect(&settings).await?;
    let pool_size = args.pool;
    let app = TestApp::spawn_on(db, |s| {
        s.database.max_connections = pool_size;
        // One login per user for the whole run.
        s.auth.access_token_ttl_secs = 3600;
    })
    .await?;
    let pool = app.db.pool.clone();
    println!(
        "load: database {name}, {} cores, app pool {}, steps {:?} users x {} s, think time {:?}..{:?}",
        std::thread::available_parallelism()?,
        args.pool,
        args.steps,
        args.secs,
        think.0,
        think.1
    );

    if args.db.is_none() {
        println!(
            "seeding {} transactions for {} users (one with {HEAVY_ROWS})",
            args.rows, args.users
        );
        let heavy = app.verified_user("heavy@bench.example").await?;
        bench_seed::seed(&pool, heavy.id, args.rows, args.users).await?;
    }
    let (rows, users): (i64, i64) =
        sqlx::query_as("SELECT (SELECT count(*) FROM transactions), (SELECT count(*) FROM users)")
            .fetch_one(&pool)
            .await?;
    println!("data: {rows} transactions, {users} users");

    // The generated users log in with the harness's password, through the real login.
    let hash = kakeibo_auth::password::hash(PASSWORD.to_string()).await?;
    let generated: i64 = sqlx::query_scalar(
        "WITH u AS (
             UPDATE users SET password_hash = $1, email_verified_at = coalesce(email_verified_at, now())
             WHERE email LIKE 'bench-%@bench.example' RETURNING 1)
         SELECT count(*) FROM u",
    )
    .bind(hash)
    .fetch_one(&pool)
    .await?;
    let most = *args.steps.iter().max().expect("steps");
    ensure!(
        generated >= 1,
        "no generated users in {name}: seed it, or pick a database seeded by this benchmark"
    );
    let logins = most.min(generated as usize);
    let login_started = Instant::now();
    let tokens = log_in(&app, logins).await?;
    println!(
        "{logins} users logged in in {:.1} s (POST /auth/login, {LOGINS_AT_ONCE} at a time); virtual user i plays generated user i{}",
        login_started.elapsed().as_secs_f64(),
        if logins < most {
            " (users are reused past them)"
        } else {
            ""
        }
    );
    warm_up(&app, &tokens[0]).await?;
    mix::TOKENS
        .set(tokens)
        .map_err(|_| anyhow::anyhow!("tokens set twice"))?;

    // The job workers on the app's pool, as `kakeibo all` runs them.
    let shutdown = CancellationToken::new();
    let workers = tokio::spawn({
        let (settings, pool, shutdown) = (app.settings.clone(), pool.clone(), shutdown.clone());
        async move { kakeibo_server::jobs::run_workers(&settings, pool, shutdown).await }
    });

    let mut steps: Vec<Step> = Vec::new();
    for &users in &args.steps {
        let needs = RAMP + Duration::from_secs(args.secs + 15);
        if Instant::now() + needs > deadline {
            println!(
                "\nstopping before {users} users: past --max-minutes {}",
                args.max_minutes
            );
            break;
        }
        steps.push(run_step(&app, &pool, users, args.secs, think).await?);
        steps.last().expect("a step").print();
    }

    shutdown.cancel();
    workers.await??;
    summarize(&steps);
    if args.slow_ms.is_some() && args.keep {
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            r#"ALTER ROLE CURRENT_USER IN DATABASE "{name}" RESET log_min_duration_statement"#
        )))
        .execute(&pool)
        .await?;
    }
    app.stop().await?;
    check_log(&args.log)?;
    if args.keep || args.db.is_some() {
        println!("kept database {name}: run again with --db {name}");
    }
    println!("done in {:.1} min", started.elapsed().as_secs_f64() / 60.0);
    Ok(())
}

/// Logs in generated users 1..=n; answers their access tokens in that order.
async fn log_in(app: &TestApp, n: usize) -> Result<Vec<String>> {
    let url = app.url("/api/v1/auth/login");
    futures::stream::iter(1..=n as i64)
        .map(|i| {
            let (client, url) = (app.client.clone(), url.clone());
            async move {
                let email = bench_seed::user_email(i);
                let response = client
                    .post(&url)
                    .json(&json!({ "email": email, "password": PASSWORD }))
                    .send()
                    .await?;
                if !response.status().is_success() {
                    bail!("login of {email}: {}", response.status());
                }
                let body: Value = response.json().await?;
                body["access_token"]
                    .as_str()
                    .map(str::to_string)
                    .context("no access_token")
            }
        })
        .buffered(LOGINS_AT_ONCE)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect()
}

/// One search and one question before the clock runs: the search loads its query model on
/// the first request that needs it.
async fn warm_up(app: &TestApp, token: &str) -> Result<()> {
    let started = Instant::now();
    let search = app
        .client
        .get(app.url("/api/v1/transactions/search"))
        .query(&[("q", "coffee")])
        .bearer_auth(token)
        .send()
        .await?;
    ensure!(
        search.status().is_success(),
        "warm-up search: {}",
        search.status()
    );
    let ask = app
        .client
        .post(app.url("/api/v1/ask"))
        .json(&json!({ "question": "How much did I spend?" }))
        .bearer_auth(token)
        .send()
        .await?;
    ensure!(
        ask.status().is_success(),
        "warm-up question: {}",
        ask.status()
    );
    println!(
        "warm-up (a search, which loads the query model, and a question): {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Issue 25 §5: no access token (a JWT starts with `eyJ`) and no password in the app's log.
fn check_log(path: &std::path::Path) -> Result<()> {
    let text = std::fs::read_to_string(path)?;
    let leaks = text
        .lines()
        .filter(|l| l.contains("eyJ") || l.contains(PASSWORD))
        .count();
    println!(
        "log {}: {} lines, {leaks} with an access token or the password",
        path.display(),
        text.lines().count()
    );
    ensure!(leaks == 0, "the log holds tokens or the password");
    Ok(())
}

async fn run_step(
    app: &TestApp,
    pool: &sqlx::PgPool,
    users: usize,
    secs: u64,
    think: (Duration, Duration),
) -> Result<Step> {
    let config = GooseConfiguration::parse_args_default(&[
        "--host".to_string(),
        format!("http://{}", app.addr),
        "--users".into(),
        users.to_string(),
        "--increase-rate".into(),
        format!("{}", (users as f64 / RAMP.as_secs_f64()).max(1.0)),
        "--run-time".into(),
        secs.to_string(),
        "--no-telnet".into(),
        "--no-websocket".into(),
        "--no-print-metrics".into(),
        "--no-error-summary".into(),
        "--quiet".into(),
    ])?;
    let (done, result) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name(format!("{LOAD_THREADS}-main"))
        .spawn(move || {
            let attack = || -> Result<goose::metrics::GooseMetrics> {
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .thread_name(LOAD_THREADS)
                    .enable_all()
                    .build()?;
                runtime.block_on(async {
                    Ok(GooseAttack::initialize_with_config(config)?
                        .register_scenario(mix::scenario(think)?)
                        .execute()
                        .await?)
                })
            };
            let _ = done.send(attack());
        })?;

    // CPU over the measured part: from when every user has started to the end.
    tokio::time::sleep(RAMP).await;
    let before = cpu::snapshot();
    let window = Instant::now();
    tokio::time::sleep(Duration::from_secs(secs)).await;
    let after = cpu::snapshot();
    let seconds = window.elapsed().as_secs_f64();
    let backends: Vec<i32> =
        sqlx::query_scalar("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
            .fetch_all(pool)
            .await?;
    let backends: Vec<u32> = backends.into_iter().map(|p| p as u32).collect();
    let load_average = cpu::load_average();

    let metrics = result
        .await
        .context("the load generator's thread ended")??;
    let mut step = Step::from_metrics(users, &metrics);
    step.cpu = cpu::usage(&before, &after, seconds, &backends);
    step.load_average = load_average;
    Ok(step)
}

fn summarize(steps: &[Step]) {
    println!("\n== Summary (reads: every request of the mix but the import; ms)");
    println!(
        "| users | requests/s | errors | reads p50 | reads p95 | reads p99 | slowest route by p95 | import p95 | postgres cores | app cores | load gen. cores | machine busy |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for s in steps {
        let reads = s.reads();
        let slowest = s.routes.iter().filter(|r| r.is_read()).max_by(|a, b| {
            a.times
                .quantile_ms(0.95)
                .total_cmp(&b.times.quantile_ms(0.95))
        });
        let import = s.routes.iter().find(|r| r.name == mix::IMPORT);
        println!(
            "| {} | {:.1} | {} | {:.1} | {:.1} | {:.1} | {} | {} | {:.2} | {:.2} | {:.2} | {:.2} of {:.0} |",
            s.users,
            s.requests() as f64 / s.seconds.max(1.0),
            s.errors(),
            reads.quantile_ms(0.50),
            reads.quantile_ms(0.95),
            reads.quantile_ms(0.99),
            slowest.map_or("-".into(), |r| format!(
                "{} {:.1}",
                r.name,
                r.times.quantile_ms(0.95)
            )),
            import.map_or("-".into(), |r| format!("{:.1}", r.times.quantile_ms(0.95))),
            s.cpu.postgres_all,
            s.cpu.app,
            s.cpu.load_generator,
            s.cpu.machine_busy,
            s.cpu.machine_cores,
        );
    }
    let p95s: Vec<(usize, f64)> = steps
        .iter()
        .map(|s| (s.users, s.reads().quantile_ms(0.95)))
        .collect();
    match (p95s.first(), report::knee(&p95s)) {
        (Some((low, base)), Some(users)) => {
            println!("knee: reads' p95 doubles from {base:.1} ms (at {low} users) at {users} users")
        }
        (Some((low, base)), None) => println!(
            "knee: not reached; reads' p95 stays under twice {base:.1} ms (at {low} users) up to {} users",
            p95s.last().map_or(0, |s| s.0)
        ),
        _ => println!("knee: no step ran"),
    }
    match steps.iter().find(|s| s.users == TARGET_USERS) {
        Some(s) => {
            let slow: Vec<String> = s
                .routes
                .iter()
                .filter(|r| r.is_read() && r.times.quantile_ms(0.95) >= TARGET_P95_MS)
                .map(|r| format!("{} {:.1} ms", r.name, r.times.quantile_ms(0.95)))
                .collect();
            let met = slow.is_empty() && s.errors() == 0;
            println!(
                "target at {TARGET_USERS} users (every read route's p95 < {TARGET_P95_MS} ms, 0 errors): {} ({} errors{})",
                if met { "met" } else { "MISSED" },
                s.errors(),
                if slow.is_empty() {
                    String::new()
                } else {
                    format!("; over: {}", slow.join(", "))
                }
            );
        }
        None => println!("target: no step of {TARGET_USERS} users ran"),
    }
}
