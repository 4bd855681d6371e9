//! The weekly summary's render time per user: `cargo run --release -p kakeibo-tests --bin
//! bench-email-render [USERS]` (default 200). Gives each user a demo-sized history (about
//! 1,600 transactions over two years, one user in ten also in dollars) and ten budgets, in
//! a database of its own (dropped at the end); builds the rollups, recomputes recurring
//! series, anomalies and insights and checks the budgets, as the jobs do; then times, per
//! user, what the weekly job does before handing the message to SMTP: the facts, the chart
//! and the templates (`weekly_email`), and the MIME message. Prints p50/p95/p99 of the
//! whole and of the parts (each part timed again on its own, after the whole), and of the
//! summary of a user whose spending of the month is not kept yet (no check this month). Target: p95 <= 30 ms (release). `BENCH_EMAIL_OUT=DIR` also
//! writes the first user's HTML.

// Timings are reported in floating-point milliseconds; no money is involved.
#![allow(clippy::float_arithmetic)]

use std::time::{Duration, Instant};

use anyhow::{Result, ensure};
use chrono::Utc;
use kakeibo_analytics::weekly_summary::{weekly_email, weekly_facts};
use kakeibo_budget::progress::When;
use kakeibo_notifications::summary::message::{Mailbox, mime_message};
use kakeibo_notifications::summary::{EmailLinks, IsoWeek, render_weekly};
use kakeibo_tests::{TestApp, bench_budgets};
use sqlx::PgPool;
use uuid::Uuid;

const ROWS_PER_USER: i64 = 1_600;
const DAYS: i64 = 2 * 365;

#[tokio::main]
async fn main() -> Result<()> {
    let users: i64 = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(200);
    ensure!(users >= 1, "need at least one user");
    let app = TestApp::spawn().await?;
    let pool = app.db.pool.clone();
    println!(
        "{users} users with {ROWS_PER_USER} transactions each, {} cores, database {}",
        std::thread::available_parallelism()?,
        app.db.name
    );
    let started = Instant::now();
    let ids = create_users(&pool, users).await?;
    insert_rows(&pool, &ids).await?;
    let today = Utc::now().date_naive();
    bench_budgets::store_daily_rates(&pool, today, DAYS as u64 + 30).await?;
    let week = IsoWeek::before(today);
    // The summary of a week is sent on the Monday after it: the budgets' pace is as of then.
    let send_day = week.sunday() + chrono::Days::new(1);
    for id in &ids {
        bench_budgets::ten_budgets(&pool, *id, today).await?;
        kakeibo_analytics::rollups::refresh(&pool, *id).await?;
        kakeibo_analytics::insights::recompute::recompute(&pool, None, *id, Utc::now()).await?;
        // The budget check job keeps the current period's spending (`budget_period_spent`);
        // a server that checked a user's budgets since the period began has it at send time.
        let mut conn = pool.acquire().await?;
        kakeibo_budget::progress::for_user_at(&mut conn, *id, When::Day(send_day)).await?;
    }
    sqlx::query("VACUUM ANALYZE").execute(&pool).await?;
    println!("data: {:.1} s", started.elapsed().as_secs_f64());

    let links = EmailLinks::under("https://kakeibo.example", None);
    let from: Mailbox = "Kakeibo <kakeibo@example.com>".parse()?;
    let (mut whole, mut facts_only, mut render_only, mut mime_only) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut bytes = 0usize;
    for (n, id) in ids.iter().enumerate() {
        let started = Instant::now();
        let rendered = weekly_email(&pool, *id, week, &links)
            .await?
            .expect("a summary");
        let mail = rendered.into_mail("user@example.com", None);
        let message = mime_message(from.clone(), &mail)?.formatted();
        whole.push(started.elapsed());
        bytes += message.len();
        if n == 0
            && let Ok(dir) = std::env::var("BENCH_EMAIL_OUT")
        {
            let html = render_weekly(&weekly_facts(&pool, *id, week).await?, "en", &links)
                .html_with_data_uris();
            std::fs::write(format!("{dir}/bench-email.html"), html)?;
        }
        // The parts apart: the facts (database), then chart and templates (CPU).
        let started = Instant::now();
        let facts = weekly_facts(&pool, *id, week).await?;
        facts_only.push(started.elapsed());
        let started = Instant::now();
        let rendered = render_weekly(&facts, "de", &links);
        render_only.push(started.elapsed());
        ensure!(!rendered.html.is_empty());
        let started = Instant::now();
        let mail = rendered.into_mail("user@example.com", None);
        let message = mime_message(from.clone(), &mail)?.formatted();
        mime_only.push(started.elapsed());
        ensure!(!message.is_empty());
    }
    // A Monday in a month with no budget check yet (nothing booked since the 1st): the
    // earlier periods are kept, this month's spending is computed (and kept) by the summary.
    let mut unkept = Vec::new();
    for id in &ids {
        sqlx::query(
            "DELETE FROM budget_period_spent
             WHERE user_id = $1 AND start_day >= date_trunc('month', $2::date)::date",
        )
        .bind(id)
        .bind(send_day)
        .execute(&pool)
        .await?;
        let started = Instant::now();
        let rendered = weekly_email(&pool, *id, week, &links)
            .await?
            .expect("a summary");
        unkept.push(started.elapsed());
        ensure!(!rendered.html.is_empty());
    }
    println!(
        "week {week}; messages {:.0} KiB on average",
        bytes as f64 / ids.len() as f64 / 1024.0
    );
    report("per user (facts + chart + templates + MIME)", &mut whole);
    report(
        "  ..with this month's budget spending not kept yet",
        &mut unkept,
    );
    report("  facts", &mut facts_only);
    report("  chart + templates", &mut render_only);
    report("  MIME message", &mut mime_only);
    app.stop().await?;
    Ok(())
}

async fn create_users(pool: &PgPool, n: i64) -> Result<Vec<Uuid>> {
    let ids: Vec<Uuid> = sqlx::query_scalar(
        "INSERT INTO users (email, password_hash, time_zone, locale)
         SELECT 'bench-' || g || '@bench.example', 'x',
                (ARRAY['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo'])[1 + g % 4],
                (ARRAY['en', 'de'])[1 + g % 2]
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
    sqlx::query(
        "INSERT INTO accounts (user_id, name, currency)
         SELECT id, 'US', 'USD' FROM users WHERE email ~ '^bench-[0-9]*5@'",
    )
    .execute(pool)
    .await?;
    Ok(ids)
}

/// Card payments in expense categories (one in ten uncategorized), a salary now and then, a
/// monthly subscription of the same amount, over the last two years.
async fn insert_rows(pool: &PgPool, users: &[Uuid]) -> Result<()> {
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
                                   merchant, category_id, category_source, categorized_at)
         SELECT user_id, ids[account],
                date_trunc('day', now() - make_interval(days => (r2 * $3)::int), 'UTC')
                    + make_interval(mins => (r * 1440)::int),
                CASE WHEN r < 0.03 THEN round((1500 + r2 * 2000)::numeric, 2)
                     ELSE -round((1 + r2 * r * 300)::numeric, 2) END,
                currencies[account], 'posted',
                'CARD PAYMENT ' || (g % 997), 'MERCHANT ' || ((hashint8(g) & 65535) % 120),
                'Merchant ' || ((hashint8(g) & 65535) % 120),
                CASE WHEN r < 0.03 THEN salary
                     WHEN r > 0.9 THEN NULL
                     ELSE expense[1 + ((hashint8(g * 7) & 65535) % cardinality(expense))] END,
                'knn', now()
         FROM raw",
    )
    .bind(users)
    .bind(ROWS_PER_USER)
    .bind(DAYS as f64)
    .execute(pool)
    .await?;
    // A streaming subscription on the 3rd of every month.
    sqlx::query(
        "INSERT INTO transactions (user_id, account_id, booked_at, amount, currency, status, description, payee,
                                   merchant, category_id, category_source, categorized_at)
         SELECT a.user_id, a.id, date_trunc('month', now() - make_interval(months => m)) + interval '2 days 9 hours',
                -12.99, a.currency, 'posted', 'NETFLIX.COM', 'NETFLIX', 'Netflix', NULL, NULL, now()
         FROM accounts a, generate_series(0, 23) m
         WHERE a.user_id = ANY($1) AND a.currency = 'EUR'",
    )
    .bind(users)
    .execute(pool)
    .await?;
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    let at = |q: f64| ms(times[((times.len() as f64 * q) as usize).min(times.len() - 1)]);
    println!(
        "{what}: {} users, p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        times.len(),
        at(0.50),
        at(0.95),
        at(0.99),
        ms(*times.last().expect("users"))
    );
}
