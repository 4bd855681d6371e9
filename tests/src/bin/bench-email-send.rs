//! The weekly summary run at scale: `cargo run --release -p kakeibo-tests --bin
//! bench-email-send [USERS] [ROWS_PER_USER]`. Seeds USERS verified users (default 10,000) in
//! four time zones with ROWS_PER_USER transactions each (default 300, over the 13 weeks before
//! the summarized week: demo-sized), in a database of its own (dropped at the end). Then one
//! weekly run: the tick writes every user's summary to the outbox, and the real workers
//! render each summary and hand it to a real SMTP server (aiosmtpd) until the queue is empty.
//! Prints the elapsed time, mails per second, and the process's memory sampled every 250 ms
//! (VmRSS over the run and VmHWM, from /proc/self/status) to show it stays flat. Target:
//! 10,000 users in at most 5 minutes (release build).

// Timings and rates are reported as floating-point numbers; no money is involved.
#![allow(clippy::float_arithmetic)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Result, ensure};
use kakeibo_tests::TestApp;
use kakeibo_tests::smtp::SmtpServer;
use secrecy::SecretString;
use sqlx::PgPool;

/// Monday 7 December 2026 22:00 UTC: every zone's Monday 08:00 (Tokyo's was 23 hours ago) is
/// inside the 24-hour window, so the one run covers every user. The summarized week is
/// 30 November – 6 December (2026-W49).
const RUN_AT: &str = "2026-12-07T22:00:00Z";
const WEEK_END: &str = "2026-12-07";
const HISTORY_DAYS: i64 = 13 * 7;
const USERS_PER_BATCH: i64 = 1_000;
const SAMPLE_EVERY: Duration = Duration::from_millis(250);
/// Three times the target (5 minutes): a slow run still prints its figures.
const DRAIN_LIMIT: Duration = Duration::from_secs(15 * 60);

#[tokio::main]
async fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let users: i64 = args
        .next()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(10_000);
    let rows_per_user: i64 = args.next().map(|a| a.parse()).transpose()?.unwrap_or(300);
    ensure!(
        users >= 1 && rows_per_user >= 0,
        "USERS ≥ 1, ROWS_PER_USER ≥ 0"
    );
    let smtp = SmtpServer::start()?;
    let app = TestApp::spawn().await?;
    let pool = app.db.pool.clone();
    println!(
        "{users} users × {rows_per_user} transactions, {} cores, database {}",
        std::thread::available_parallelism()?,
        app.db.name
    );

    let started = Instant::now();
    let ids = create_users(&pool, users).await?;
    for batch in ids.chunks(USERS_PER_BATCH as usize) {
        insert_rows(&pool, batch, rows_per_user).await?;
    }
    println!("seeded in {:.1} s", started.elapsed().as_secs_f64());

    let samples = Arc::new(Mutex::new(Vec::<(f64, u64, u64)>::new()));
    let sampler = tokio::spawn({
        let samples = samples.clone();
        let begun = Instant::now();
        async move {
            let mut tick = tokio::time::interval(SAMPLE_EVERY);
            loop {
                tick.tick().await;
                if let Some((rss, hwm)) = memory_kib() {
                    samples.lock().expect("sampler lock").push((
                        begun.elapsed().as_secs_f64(),
                        rss,
                        hwm,
                    ));
                }
            }
        }
    });

    let started = Instant::now();
    let now = chrono::DateTime::parse_from_rfc3339(RUN_AT)?.with_timezone(&chrono::Utc);
    let scheduled = kakeibo_notifications::weekly::schedule_due(&pool, now).await?;
    let tick = started.elapsed();
    ensure!(
        scheduled.len() as i64 == users,
        "the tick scheduled {} of {users}",
        scheduled.len()
    );
    let smtp_url = smtp.url();
    kakeibo_tests::drain_jobs_within(&app.db, DRAIN_LIMIT, |s| {
        s.email.smtp_url = SecretString::from(smtp_url);
    })
    .await?;
    let elapsed = started.elapsed();
    sampler.abort();

    let sent: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM notifications WHERE kind = 'weekly_summary' AND status = 'sent'",
    )
    .fetch_one(&pool)
    .await?;
    let received = smtp.received_count();
    println!(
        "tick (rows + jobs): {:>8.2} s for {} summaries",
        tick.as_secs_f64(),
        scheduled.len()
    );
    println!(
        "weekly run:         {:>8.2} s, {sent} sent, {received} received by SMTP, {:.1} mails/s",
        elapsed.as_secs_f64(),
        sent as f64 / elapsed.as_secs_f64()
    );
    print_memory(&samples.lock().expect("sampler lock"));
    ensure!(
        sent == users && received as i64 == users,
        "every user gets exactly one summary"
    );
    app.stop().await?;
    Ok(())
}

/// VmRSS and VmHWM of this process, KiB.
fn memory_kib() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// RSS at each tenth of the run, its range over the second half, and the high-water mark.
fn print_memory(samples: &[(f64, u64, u64)]) {
    let Some(last) = samples.last() else {
        println!("memory: no samples");
        return;
    };
    let mib = |kib: u64| kib as f64 / 1024.0;
    let deciles: Vec<String> = (0..=10)
        .map(|d| {
            let (t, rss, _) = samples[(samples.len() - 1) * d / 10];
            format!("{t:.0}s {:.0}", mib(rss))
        })
        .collect();
    println!("RSS MiB over the run: {}", deciles.join(" | "));
    let second_half = &samples[samples.len() / 2..];
    let low = second_half.iter().map(|s| s.1).min().unwrap_or(0);
    let high = second_half.iter().map(|s| s.1).max().unwrap_or(0);
    println!(
        "RSS second half: {:.0}–{:.0} MiB; peak (VmHWM) {:.0} MiB; {} samples",
        mib(low),
        mib(high),
        mib(last.2),
        samples.len()
    );
}

async fn create_users(pool: &PgPool, n: i64) -> Result<Vec<uuid::Uuid>> {
    let ids: Vec<uuid::Uuid> = sqlx::query_scalar(
        "INSERT INTO users (email, password_hash, time_zone, email_verified_at)
         SELECT 'bench-' || g || '@bench.example', 'x',
                (ARRAY['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo'])[1 + g % 4], now()
         FROM generate_series(1, $1) g RETURNING id",
    )
    .bind(n)
    .fetch_all(pool)
    .await?;
    sqlx::query(
        "INSERT INTO accounts (user_id, name, currency) SELECT id, 'Checking', 'EUR' FROM users",
    )
    .execute(pool)
    .await?;
    Ok(ids)
}

/// Spending over the weeks before the summarized one (and in it): card payments at 300
/// merchants, a salary now and then, a tenth uncategorized.
async fn insert_rows(pool: &PgPool, users: &[uuid::Uuid], per_user: i64) -> Result<()> {
    sqlx::query(
        "WITH cats AS (
             SELECT user_id,
                    array_agg(id ORDER BY id) FILTER (WHERE kind = 'expense' AND parent_id IS NOT NULL) AS expense,
                    (array_agg(id) FILTER (WHERE default_slug = 'income.salary'))[1] AS salary
             FROM categories WHERE user_id = ANY($1) GROUP BY user_id
         ), raw AS (
             SELECT c.user_id, c.expense, c.salary, a.id AS account_id, g, random() AS r, random() AS r2
             FROM cats c JOIN accounts a USING (user_id), generate_series(1, $2) g
         )
         INSERT INTO transactions (user_id, account_id, booked_at, amount, currency, status, description, payee,
                                   category_id, category_source, categorized_at)
         SELECT user_id, account_id,
                $3::date - make_interval(days => 1 + (r2 * $4)::int) + make_interval(mins => (r * 1440)::int),
                CASE WHEN r < 0.03 THEN round((1500 + r2 * 2000)::numeric, 2)
                     ELSE -round((1 + r2 * r * 300)::numeric, 2) END,
                'EUR', 'posted', 'CARD PAYMENT ' || (g % 997), 'MERCHANT ' || ((hashint8(g) & 65535) % 300),
                CASE WHEN r < 0.03 THEN salary
                     WHEN r > 0.9 THEN NULL
                     ELSE expense[1 + ((hashint8(g * 7) & 65535) % cardinality(expense))] END,
                'knn', now()
         FROM raw",
    )
    .bind(users)
    .bind(per_user)
    .bind(chrono::NaiveDate::parse_from_str(WEEK_END, "%Y-%m-%d")?)
    .bind(HISTORY_DAYS as f64)
    .execute(pool)
    .await?;
    Ok(())
}
