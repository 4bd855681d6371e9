//! A user with a big history for the privacy benchmarks (bench-export, bench-erase): `rows`
//! transactions over seven years (every 50th with a note, every 20th tagged), a tenth of them
//! split in two, so split records count too.

use anyhow::Result;
use sqlx::PgPool;
use uuid::Uuid;

/// The seeded user's password, for benchmarks that log in as them.
pub const SEED_PASSWORD: &str = "a long enough passphrase";

/// Creates the user `email` with one EUR account holding the history; answers the user.
pub async fn seed(pool: &PgPool, email: &str, rows: i64) -> Result<Uuid> {
    let user = kakeibo_auth::ensure_verified_user(pool, email, SEED_PASSWORD).await?;
    let account: Uuid = sqlx::query_scalar(
        "INSERT INTO accounts (user_id, name, currency) VALUES ($1, 'Checking', 'EUR') RETURNING id",
    )
    .bind(user)
    .fetch_one(pool)
    .await?;
    sqlx::query(
        "INSERT INTO transactions (id, user_id, account_id, booked_at, amount, currency, description, merchant, notes, tags)
         SELECT gen_random_uuid(), $1, $2, timestamptz '2019-01-01' + (n % 2500) * interval '1 day',
                round((random() * 200 - 150)::numeric, 2), 'EUR', 'CARD PAYMENT ' || (n % 5000),
                'Merchant ' || (n % 700), CASE WHEN n % 50 = 0 THEN 'note ' || n END,
                CASE WHEN n % 20 = 0 THEN ARRAY['tag'] ELSE '{}' END
         FROM generate_series(1, $3) AS n",
    )
    .bind(user)
    .bind(account)
    .bind(rows)
    .execute(pool)
    .await?;
    // The parts are their parents' by construction. The trigger that checks so costs several
    // milliseconds a part in a history this long (its cached plan probes every chunk), which
    // made seeding take many minutes; it is set aside for the seed alone, in one transaction.
    let mut tx = pool.begin().await?;
    sqlx::query("ALTER TABLE transaction_splits DISABLE TRIGGER transaction_splits_same_user")
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO transaction_splits (user_id, transaction_id, booked_at, position, amount)
         SELECT t.user_id, t.id, t.booked_at, p.position,
                CASE p.position WHEN 1 THEN round(t.amount / 2, 2) ELSE t.amount - round(t.amount / 2, 2) END
         FROM (SELECT * FROM transactions WHERE user_id = $1 AND abs(amount) >= 1 ORDER BY id LIMIT $2) t
         CROSS JOIN (VALUES (1::smallint), (2::smallint)) AS p(position)",
    )
    .bind(user)
    .bind(rows / 10)
    .execute(&mut *tx)
    .await?;
    sqlx::query("ALTER TABLE transaction_splits ENABLE TRIGGER transaction_splits_same_user")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    sqlx::query("ANALYZE").execute(pool).await?;
    Ok(user)
}

/// This process's resident memory, in KiB (0 where /proc is not there).
pub fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse().ok())
        })
        .unwrap_or(0)
}
