//! Alert delivery to Telegram: `cargo run --release -p kakeibo-tests --bin bench-notify`.
//! The targets, against the fake Bot API with the real TelegramSender and job workers:
//! (a) an import crossing a budget threshold reaches the linked chat at most 2 s (p95) after
//! the import request returned (20 runs, one user and chat each); (b) 10,000 queued alerts
//! across 500 linked chats drain without more than 30 accepted messages in any second nor
//! two to one chat less than 1 s apart, as the fake recorded them.
//! `BENCH_NOTIFY_DRAIN_LIMIT_SECS` (default 1800) bounds (b); `BENCH_NOTIFY_ALERTS` and
//! `BENCH_NOTIFY_CHATS` change its size.

use std::time::{Duration, Instant};

use anyhow::{Result, ensure};
use chrono::Utc;
use kakeibo_tests::fake_telegram::{self, FakeTelegram};
use kakeibo_tests::http::account_in;
use kakeibo_tests::{TestApp, TestUser};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use secrecy::SecretString;
use serde_json::json;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

const LATENCY_RUNS: usize = 20;

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() -> Result<()> {
    println!(
        "{} cores; workers beat every {} s",
        std::thread::available_parallelism()?,
        env_or(
            "BENCH_NOTIFY_HEARTBEAT_SECS",
            kakeibo_core::config::DEFAULT_HEARTBEAT_SECS
        )
    );
    latency().await?;
    drain().await?;
    Ok(())
}

async fn app_with_bot(fake: &FakeTelegram) -> Result<TestApp> {
    let api_url = fake.api_url();
    let heartbeat = env_or(
        "BENCH_NOTIFY_HEARTBEAT_SECS",
        kakeibo_core::config::DEFAULT_HEARTBEAT_SECS,
    );
    TestApp::spawn_with(|s| {
        s.worker.heartbeat_secs = heartbeat;
        s.telegram.bot_token = SecretString::from(fake_telegram::TOKEN);
        s.telegram.api_url = api_url;
        s.telegram.bot_username = fake_telegram::BOT_USERNAME.into();
    })
    .await
}

/// The job workers, as `kakeibo worker` runs them (with the TelegramSender: a token is set).
fn start_workers(app: &TestApp) -> CancellationToken {
    let stop = CancellationToken::new();
    let settings = app.settings.clone();
    let pool = app.db.pool.clone();
    let token = stop.clone();
    tokio::spawn(async move { kakeibo_server::jobs::run_workers(&settings, pool, token).await });
    stop
}

/// Links `chat_id` to the user through the store, as /start does.
async fn link(app: &TestApp, user_id: Uuid, chat_id: i64) -> Result<()> {
    let mut tx = app.db.pool.begin().await?;
    let (code, _) = kakeibo_bot::links::new_code(&mut tx, user_id, Utc::now()).await?;
    let linked =
        kakeibo_bot::links::redeem(&mut tx, &code, chat_id, None, None, Utc::now()).await?;
    tx.commit().await?;
    ensure!(linked == Ok(user_id), "link: {linked:?}");
    Ok(())
}

async fn latency() -> Result<()> {
    let fake = FakeTelegram::start().await;
    let app = app_with_bot(&fake).await?;
    let stop = start_workers(&app);
    let today = app.today("UTC").await?;
    let mut waits: Vec<Duration> = Vec::new();
    for run in 0..LATENCY_RUNS {
        // Registration is limited per address; this database is the bench's own.
        for table in ["rate_limits", "address_throttle"] {
            sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}")))
                .execute(&app.db.pool)
                .await?;
        }
        let user: TestUser = app.verified_user(&format!("run{run}@example.com")).await?;
        let chat_id = 20_000 + run as i64;
        link(&app, user.id, chat_id).await?;
        let account = account_in(&app, &user, "Checking", "checking", "EUR").await?;
        app.as_user(&user, Method::POST, "/budgets")
            .json(&json!({ "name": "Everything", "period": "monthly", "amount": "100", "currency": "EUR" }))
            .send()
            .await?
            .error_for_status()?;
        let csv = format!("Date,Description,Amount\n{today},REWE Markt,-85.00\n");
        let form = Form::new()
            .part(
                "file",
                Part::bytes(csv.into_bytes()).file_name("statement.csv"),
            )
            .text("account_id", account.to_string());
        let response = app
            .as_user(&user, Method::POST, "/imports")
            .multipart(form)
            .send()
            .await?;
        ensure!(
            response.status() == StatusCode::CREATED,
            "import: {}",
            response.status()
        );
        let committed = Instant::now();
        fake.wait_for_messages(chat_id, 1).await;
        let arrived = fake
            .calls_of("sendMessage")
            .into_iter()
            .find(|c| c.status == 200 && c.body["chat_id"].as_i64() == Some(chat_id))
            .expect("the accepted send")
            .at;
        waits.push(arrived.saturating_duration_since(committed));
    }
    stop.cancel();
    waits.sort();
    let pick = |percent: usize| waits[(waits.len() * percent).div_ceil(100) - 1].as_millis();
    println!(
        "(a) import → alert at the fake Bot API, {LATENCY_RUNS} runs: p50 {} ms, p95 {} ms, max {} ms (target p95 ≤ 2000 ms)",
        pick(50),
        pick(95),
        pick(100)
    );
    Ok(())
}

async fn drain() -> Result<()> {
    let alerts = env_or("BENCH_NOTIFY_ALERTS", 10_000) as usize;
    let chats = env_or("BENCH_NOTIFY_CHATS", 500) as usize;
    let limit = Duration::from_secs(env_or("BENCH_NOTIFY_DRAIN_LIMIT_SECS", 1800));
    let fake = FakeTelegram::start().await;
    let app = app_with_bot(&fake).await?;
    let mut users = Vec::with_capacity(chats);
    for n in 0..chats {
        let id = kakeibo_auth::tool_users::create_without_login(
            &app.db.pool,
            &format!("chat{n}@example.com"),
        )
        .await?;
        link(&app, id, 30_000 + n as i64).await?;
        users.push(id);
    }
    // Queued through notify, as producers do: each a Telegram row and its delivery job.
    let mut conn = app.db.pool.acquire().await?;
    for n in 0..alerts {
        let user = users[n % chats];
        kakeibo_notifications::notify(
            &mut conn,
            user,
            kakeibo_notifications::kinds::BUDGET_THRESHOLD,
            &format!("bench:{n}"),
            json!({ "budget_name": format!("Budget {n}"), "threshold_percent": 80, "spent": "80",
                    "available": "100", "currency": "EUR" }),
        )
        .await?;
    }
    drop(conn);
    println!("(b) {alerts} alerts queued for {chats} linked chats");

    let started = Instant::now();
    let stop = start_workers(&app);
    let open = loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let open: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM notifications WHERE channel = 'telegram' AND status IN ('pending', 'sending')",
        )
        .fetch_one(&app.db.pool)
        .await?;
        if open == 0 || started.elapsed() > limit {
            break open;
        }
    };
    let took = started.elapsed();
    stop.cancel();
    let outcomes: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT status, count(*), max(attempts)::bigint FROM notifications WHERE channel = 'telegram' GROUP BY status ORDER BY status",
    )
    .fetch_all(&app.db.pool)
    .await?;
    let sends = fake.calls_of("sendMessage");
    let accepted = sends.iter().filter(|c| c.status == 200).count();
    let refused = sends.iter().filter(|c| c.status == 429).count();
    println!(
        "(b) {} in {} ms{}: {accepted} messages accepted, {refused} answered 429; rows by status (count, most attempts): {outcomes:?}",
        if open == 0 {
            "drained"
        } else {
            "stopped at the limit"
        },
        took.as_millis(),
        if open == 0 {
            String::new()
        } else {
            format!(", {open} rows still open")
        },
    );
    println!(
        "(b) most accepted in any 1 s: {} (limit 30); shortest gap in one chat: {:?} (limit 1 s)",
        fake.max_sends_in_a_second(),
        fake.min_interval_per_chat()
    );
    Ok(())
}
