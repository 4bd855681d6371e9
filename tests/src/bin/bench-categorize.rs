//! Categorization speed, offline: `cargo run --release -p kakeibo-tests --bin bench-categorize`.
//! The case: 10,000 new transactions of a user, a third of whose merchants are new
//! (never embedded). A user who has seen 1,000 merchants (categorized once, some corrected)
//! receives 10,000 rows over 1,500 merchants: those 1,000 and 500 new ones. Then the
//! worst case: 10,000 rows, every one a merchant nobody has seen.

use std::collections::BTreeMap;
use std::time::Instant;

use anyhow::Result;
use chrono::{Duration, Utc};
use kakeibo_categorizer::examples::{BUILTIN_CSV, parse_labelled};
use kakeibo_categorizer::normalize::normalize_merchant;
use kakeibo_categorizer::pipeline::{Models, categorize_pending};
use kakeibo_llm::LocalEmbedder;
use kakeibo_tests::{TestDb, workspace_root};
use rust_decimal::Decimal;
use uuid::Uuid;

#[tokio::main]
async fn main() -> Result<()> {
    let embedder = LocalEmbedder::load(&workspace_root().join(".data/models"))?;
    let models = Models {
        embedder: &embedder,
        chat: None,
        brands: kakeibo_categorizer::brands::Brands::builtin(),
        calibration: kakeibo_categorizer::calibration::Calibration::builtin(),
        threshold: kakeibo_core::config::DEFAULT_CONFIDENCE_THRESHOLD,
    };
    let db = TestDb::new().await?;
    println!("{} cores", std::thread::available_parallelism()?);

    // Bank lines grouped by the merchant they name: (merchant text, its lines).
    let mut by_merchant: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (line, _) in parse_labelled(BUILTIN_CSV) {
        by_merchant
            .entry(normalize_merchant(&line))
            .or_default()
            .push(line);
    }
    let merchants: Vec<Vec<String>> = by_merchant.into_values().collect();
    println!("{} merchants available", merchants.len());

    let (user, account) = user_and_account(&db).await?;
    let known = &merchants[..1000];
    insert(&db, user, account, known, known.len(), 400).await?;
    let warm = categorize_pending(&db.pool, models, user).await?;
    // The user corrected a tenth of them: those merchants are answered from history.
    sqlx::query(
        "UPDATE transactions SET category_source = 'user', locked_fields = ARRAY['category']
         WHERE user_id = $1 AND category_id IS NOT NULL AND random() < 0.1",
    )
    .bind(user)
    .execute(&db.pool)
    .await?;
    println!(
        "history: {} rows over 1,000 merchants categorized once",
        warm.rows
    );

    let batch = &merchants[..1500];
    insert(&db, user, account, batch, 10_000, 200).await?;
    let started = Instant::now();
    let report = categorize_pending(&db.pool, models, user).await?;
    let elapsed = started.elapsed();
    println!(
        "10,000 new rows over 1,500 merchants (500 new): {:.2} s; {} texts embedded; by source {:?}; uncategorized {}",
        elapsed.as_secs_f64(),
        report.embedded,
        report.by_source,
        report.uncategorized
    );

    let (fresh_user, fresh_account) = user_and_account(&db).await?;
    let unseen = &merchants[1500..];
    let rows = unseen.len().min(10_000);
    insert(&db, fresh_user, fresh_account, unseen, rows, 100).await?;
    let started = Instant::now();
    let report = categorize_pending(&db.pool, models, fresh_user).await?;
    println!(
        "worst case, a new user: {rows} rows, every merchant new: {:.2} s; {} texts embedded",
        started.elapsed().as_secs_f64(),
        report.embedded
    );
    Ok(())
}

async fn user_and_account(db: &TestDb) -> Result<(Uuid, Uuid)> {
    let user: Uuid = sqlx::query_scalar(
        "INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id",
    )
    .bind(format!("bench-{}@example.com", Uuid::new_v4().simple()))
    .fetch_one(&db.pool)
    .await?;
    let account: Uuid = sqlx::query_scalar(
        "INSERT INTO accounts (user_id, name, kind, currency) VALUES ($1, 'Checking', 'checking', 'EUR')
         RETURNING id",
    )
    .bind(user)
    .fetch_one(&db.pool)
    .await?;
    Ok((user, account))
}

/// `rows` rows cycling over `merchants` (and over each merchant's printed variants), dated
/// within the last `days` days.
async fn insert(
    db: &TestDb,
    user: Uuid,
    account: Uuid,
    merchants: &[Vec<String>],
    rows: usize,
    days: i64,
) -> Result<()> {
    let descriptions: Vec<String> = (0..rows)
        .map(|n| {
            let lines = &merchants[n % merchants.len()];
            lines[(n / merchants.len()) % lines.len()].clone()
        })
        .collect();
    let amounts: Vec<Decimal> = (0..rows)
        .map(|n| Decimal::new(-((n as i64 % 9000) + 100), 2))
        .collect();
    let dates: Vec<chrono::DateTime<Utc>> = (0..rows)
        .map(|n| Utc::now() - Duration::minutes((n as i64 * days * 1440) / rows as i64))
        .collect();
    sqlx::query(
        "INSERT INTO transactions (user_id, account_id, booked_at, amount, currency, description)
         SELECT $1, $2, d, a, 'EUR', t FROM UNNEST($3::timestamptz[], $4::numeric[], $5::text[]) AS u(d, a, t)",
    )
    .bind(user)
    .bind(account)
    .bind(&dates)
    .bind(&amounts)
    .bind(&descriptions)
    .execute(&db.pool)
    .await?;
    Ok(())
}
