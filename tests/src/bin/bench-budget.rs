//! Budget check speed: `cargo run --release -p kakeibo-tests --bin bench-budget`.
//! The case: a user with a realistic history (50,000 transactions over three years,
//! two currencies, splits and transfers, 10 budgets of every period and rollover kind)
//! imports 1,000 rows; the budget check (recompute every budget, write threshold alerts)
//! must take at most 50 ms. Four other users with 50,000 rows each share the tables. Budgets
//! read the analytics rollup, which is built for every user first, as the analytics job
//! would; the check after an import reads the import's days from the rows (still pending)
//! and computes the periods the import touched (the others' spending is kept from earlier
//! checks). The same check with nothing kept is timed too.

use std::time::{Duration, Instant};

use anyhow::Result;
use chrono::{Days, NaiveDate, Utc};
use kakeibo_analytics::rollups;
use kakeibo_bank_sync::import::{self, ImportSource};
use kakeibo_bank_sync::statement::{Statement, StatementLine};
use kakeibo_budget::{progress, thresholds};
use kakeibo_tests::{TestDb, bench_budgets};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use uuid::Uuid;

const HISTORY_ROWS: usize = 50_000;
const HISTORY_DAYS: u64 = 3 * 365;
const OTHER_USERS: usize = 4;
const IMPORT_ROWS: usize = 1_000;
const RUNS: usize = 20;

#[tokio::main]
async fn main() -> Result<()> {
    let db = TestDb::new().await?;
    println!("{} cores", std::thread::available_parallelism()?);
    let today = Utc::now().date_naive();
    let mut rng = StdRng::seed_from_u64(7);

    bench_budgets::store_daily_rates(&db.pool, today, HISTORY_DAYS + 30).await?;
    let (user, checking, card) = history(&db, &mut rng, today).await?;
    let mut users = vec![user];
    for _ in 0..OTHER_USERS {
        users.push(history(&db, &mut rng, today).await?.0);
    }
    bench_budgets::ten_budgets(&db.pool, user, today).await?;
    // The analytics job builds each user's rollup once their rows arrive.
    for &id in &users {
        rollups::refresh(&db.pool, id).await?;
    }
    sqlx::query("ANALYZE").execute(&db.pool).await?;
    println!(
        "history: {HISTORY_ROWS} rows over {HISTORY_DAYS} days for the user (+{} for {OTHER_USERS} others), 10 budgets",
        HISTORY_ROWS * OTHER_USERS
    );

    measure(
        &db,
        &mut rng,
        user,
        (checking, card),
        today,
        "rollover up to 2 years back",
    )
    .await?;
    // The same budgets with rollover counted from 3 months back: the history read shrinks.
    sqlx::query("UPDATE budgets SET starts_on = $2 WHERE user_id = $1 AND rollover <> 'none'")
        .bind(user)
        .bind(today - Days::new(90))
        .execute(&db.pool)
        .await?;
    measure(
        &db,
        &mut rng,
        user,
        (checking, card),
        today,
        "rollover from 3 months back",
    )
    .await?;
    let alerts: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM notifications WHERE user_id = $1 AND channel = 'in_app'",
    )
    .bind(user)
    .fetch_one(&db.pool)
    .await?;
    println!(
        "{alerts} threshold alerts written over {RUNS} checks (once per budget, period and threshold)"
    );
    Ok(())
}

/// Imports 1,000 rows and times the budget check after it, `RUNS` times.
async fn measure(
    db: &TestDb,
    rng: &mut StdRng,
    user: Uuid,
    (checking, card): (Uuid, Uuid),
    today: NaiveDate,
    label: &str,
) -> Result<()> {
    let mut checks = Vec::with_capacity(RUNS);
    let mut cold_checks = Vec::with_capacity(RUNS);
    let mut reads = Vec::with_capacity(RUNS);
    let mut refreshes = Vec::with_capacity(RUNS);
    let mut fresh_reads = Vec::with_capacity(RUNS);
    for run in 0..RUNS {
        // An import of 1,000 rows into the current month, categorized as the categorizer
        // would (not timed), then the budget check the import's job triggers (timed). The
        // analytics refresh runs beside it, so the check sees the import's days pending.
        let account = if run % 4 == 0 { card } else { checking };
        let import_id = import_rows(db, rng, user, account, today, run).await?;
        let mut conn = db.pool.acquire().await?;
        let started = Instant::now();
        let report = thresholds::check_user(&mut conn, user, Utc::now()).await?;
        checks.push(started.elapsed());
        assert_eq!(report.budgets, 10);
        assert_eq!(report.missing_rates, 0);
        let pending = read_progress(&mut conn, user, &mut reads).await?;
        // The same check with no period's spending kept, as after a change of time zone or
        // of the category tree: every period of the two years computed again.
        sqlx::query("DELETE FROM budget_period_spent WHERE user_id = $1")
            .bind(user)
            .execute(&mut *conn)
            .await?;
        let started = Instant::now();
        thresholds::check_user(&mut conn, user, Utc::now()).await?;
        cold_checks.push(started.elapsed());

        let started = Instant::now();
        rollups::refresh(&db.pool, user).await?;
        refreshes.push(started.elapsed());
        let current = read_progress(&mut conn, user, &mut fresh_reads).await?;
        assert_eq!(pending, current, "the rollup and the pending rows agree");

        // Back to the history alone, so every run imports into the same month (not timed).
        sqlx::query("DELETE FROM transactions WHERE user_id = $1 AND import_id = $2")
            .bind(user)
            .bind(import_id)
            .execute(&db.pool)
            .await?;
        rollups::refresh(&db.pool, user).await?;
    }
    print_figures(
        &format!("{label}: budget check after a 1,000-row import"),
        &mut checks,
    );
    print_figures(
        &format!("{label}: the same check with nothing kept"),
        &mut cold_checks,
    );
    print_figures(
        &format!("{label}: progress::for_user, import pending in the rollup"),
        &mut reads,
    );
    print_figures(
        &format!("{label}: analytics refresh after the import"),
        &mut refreshes,
    );
    print_figures(
        &format!("{label}: progress::for_user, rollup current (dashboard read)"),
        &mut fresh_reads,
    );
    Ok(())
}

/// Times one read of every budget's progress; answers each budget's (spent, available).
async fn read_progress(
    conn: &mut sqlx::PgConnection,
    user: Uuid,
    times: &mut Vec<Duration>,
) -> Result<Vec<(Decimal, Decimal)>> {
    let started = Instant::now();
    let all = progress::for_user(conn, user, Utc::now()).await?;
    times.push(started.elapsed());
    all.into_iter()
        .map(|b| {
            let p = b.progress.map_err(anyhow::Error::from)?;
            Ok((p.spent, p.available))
        })
        .collect()
}

fn print_figures(what: &str, times: &mut [Duration]) {
    times.sort();
    let at = |percent: usize| times[(times.len() - 1) * percent / 100];
    println!(
        "{what}: p50 {:.1?}, p95 {:.1?}, max {:.1?} over {} runs",
        at(50),
        at(95),
        times[times.len() - 1],
        times.len()
    );
}

/// A user with a checking account in EUR and a card in USD, and their history: expense
/// rows over the leaf categories, monthly salaries, 1 % split, 1 % transfers.
async fn history(db: &TestDb, rng: &mut StdRng, today: NaiveDate) -> Result<(Uuid, Uuid, Uuid)> {
    let user: Uuid = sqlx::query_scalar(
        "INSERT INTO users (email, password_hash, time_zone) VALUES ($1, 'x', 'Europe/Berlin') RETURNING id",
    )
    .bind(format!("bench-{}@example.com", Uuid::new_v4().simple()))
    .fetch_one(&db.pool)
    .await?;
    let mut accounts = Vec::new();
    for (name, currency) in [("Checking", "EUR"), ("Card", "USD")] {
        accounts.push(
            sqlx::query_scalar::<_, Uuid>(
                "INSERT INTO accounts (user_id, name, currency) VALUES ($1, $2, $3) RETURNING id",
            )
            .bind(user)
            .bind(name)
            .bind(currency)
            .fetch_one(&db.pool)
            .await?,
        );
    }
    let leaves = expense_leaves(db, user).await?;
    let salary: Uuid = sqlx::query_scalar(
        "SELECT id FROM categories WHERE user_id = $1 AND default_slug = 'income.salary'",
    )
    .bind(user)
    .fetch_one(&db.pool)
    .await?;
    let (mut account, mut at, mut amount, mut currency, mut category) =
        (vec![], vec![], vec![], vec![], vec![]);
    for n in 0..HISTORY_ROWS {
        let card = n % 5 == 0;
        let day = today - Days::new(rng.gen_range(0..HISTORY_DAYS));
        let income = n % 40 == 0;
        account.push(accounts[usize::from(card)]);
        at.push(day.and_hms_opt(0, 0, 0).unwrap().and_utc());
        amount.push(if income {
            Decimal::new(rng.gen_range(150_000..400_000), 2)
        } else {
            Decimal::new(-rng.gen_range(150..15_000), 2)
        });
        currency.push(if card { "USD" } else { "EUR" });
        category.push(if income {
            salary
        } else {
            leaves[rng.gen_range(0..leaves.len())]
        });
    }
    sqlx::query(
        "INSERT INTO transactions (user_id, account_id, booked_at, amount, currency, description, category_id, category_source)
         SELECT $1, a, d, m, c, 'HISTORY', k, 'knn'
         FROM UNNEST($2::uuid[], $3::timestamptz[], $4::numeric[], $5::text[], $6::uuid[]) AS u(a, d, m, c, k)",
    )
    .bind(user)
    .bind(&account)
    .bind(&at)
    .bind(&amount)
    .bind(&currency)
    .bind(&category)
    .execute(&db.pool)
    .await?;
    let to_split: Vec<(Uuid, chrono::DateTime<Utc>)> = sqlx::query_as(
        "SELECT id, booked_at FROM transactions WHERE user_id = $1 AND amount < -1 ORDER BY id LIMIT $2",
    )
    .bind(user)
    .bind((HISTORY_ROWS / 100) as i64)
    .fetch_all(&db.pool)
    .await?;
    for (id, booked_at) in to_split {
        sqlx::query(
            "INSERT INTO transaction_splits (user_id, transaction_id, booked_at, position, amount, category_id)
             SELECT t.user_id, t.id, t.booked_at, p.pos,
                    CASE p.pos WHEN 1 THEN round(t.amount / 2, 2) ELSE t.amount - round(t.amount / 2, 2) END,
                    CASE p.pos WHEN 1 THEN t.category_id END
             FROM transactions t CROSS JOIN (VALUES (1), (2)) p(pos)
             WHERE t.user_id = $1 AND t.id = $2 AND t.booked_at = $3",
        )
        .bind(user)
        .bind(id)
        .bind(booked_at)
        .execute(&db.pool)
        .await?;
    }
    sqlx::query(
        "UPDATE transactions SET transfer_id = id WHERE user_id = $1 AND id IN
         (SELECT id FROM transactions WHERE user_id = $1 ORDER BY id DESC LIMIT $2)",
    )
    .bind(user)
    .bind((HISTORY_ROWS / 100) as i64)
    .execute(&db.pool)
    .await?;
    Ok((user, accounts[0], accounts[1]))
}

async fn expense_leaves(db: &TestDb, user: Uuid) -> Result<Vec<Uuid>> {
    Ok(sqlx::query_scalar(
        "SELECT c.id FROM categories c WHERE c.user_id = $1 AND c.kind = 'expense'
           AND NOT EXISTS (SELECT 1 FROM categories s WHERE s.user_id = c.user_id AND s.parent_id = c.id)
         ORDER BY c.default_slug",
    )
    .bind(user)
    .fetch_all(&db.pool)
    .await?)
}

/// 1,000 new rows of this month through the real import (matching, COPY, transfer linking),
/// then categorized in one statement as the categorizer would leave them.
async fn import_rows(
    db: &TestDb,
    rng: &mut StdRng,
    user: Uuid,
    account: Uuid,
    today: NaiveDate,
    run: usize,
) -> Result<Uuid> {
    let first = today - Days::new(u64::from(chrono::Datelike::day0(&today)));
    let days = (today - first).num_days() as u64 + 1;
    let batch: u32 = rng.r#gen();
    let statement = Statement {
        lines: (0..IMPORT_ROWS)
            .map(|n| StatementLine {
                source_line: n + 2,
                booked_on: first + Days::new(rng.gen_range(0..days)),
                amount: Decimal::new(-rng.gen_range(150..9_000), 2),
                currency: None,
                payee: format!("SHOP {run}-{n}-{batch}"),
                description: format!("CARD PAYMENT {run}-{n}-{batch}"),
                source_id: None,
                pending: false,
                merchant_category_code: None,
            })
            .collect(),
        ..Default::default()
    };
    let source = ImportSource {
        kind: "file",
        format: Some("csv"),
        filename: None,
    };
    let report = import::import(&db.pool, user, account, &statement, source).await?;
    let leaves = expense_leaves(db, user).await?;
    sqlx::query(
        "UPDATE transactions SET category_id = ($3::uuid[])[1 + abs(hashtext(description)) % cardinality($3::uuid[])],
                category_source = 'knn'
         WHERE user_id = $1 AND import_id = $2",
    )
    .bind(user)
    .bind(report.import_id)
    .bind(&leaves)
    .execute(&db.pool)
    .await?;
    Ok(report.import_id)
}
