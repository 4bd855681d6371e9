//! The store as migrated: TimescaleDB hypertables, pgvector HNSW, the seeded taxonomy, and
//! the database refusing rows that mix two users' data.

use kakeibo_tests::TestDb;
use sqlx::PgPool;
use uuid::Uuid;

async fn new_user(pool: &PgPool, email: &str) -> anyhow::Result<Uuid> {
    Ok(sqlx::query_scalar(
        "INSERT INTO users (email, password_hash) VALUES ($1, 'not-a-real-hash') RETURNING id",
    )
    .bind(email)
    .fetch_one(pool)
    .await?)
}

async fn new_account(pool: &PgPool, user: Uuid) -> anyhow::Result<Uuid> {
    Ok(sqlx::query_scalar(
        "INSERT INTO accounts (user_id, name, currency) VALUES ($1, 'Checking', 'EUR') RETURNING id",
    )
    .bind(user)
    .fetch_one(pool)
    .await?)
}

#[tokio::test]
async fn transactions_and_audit_log_are_hypertables_on_their_time_columns() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    let mut hypertables: Vec<(String, String)> = sqlx::query_as(
        "SELECT h.hypertable_name::text, d.column_name::text
         FROM timescaledb_information.hypertables h
         JOIN timescaledb_information.dimensions d USING (hypertable_schema, hypertable_name)
         ORDER BY 1",
    )
    .fetch_all(&db.pool)
    .await?;
    hypertables.sort();
    assert_eq!(
        hypertables,
        [
            ("audit_log".to_string(), "occurred_at".to_string()),
            ("transactions".to_string(), "booked_at".to_string()),
        ]
    );
    Ok(())
}

#[tokio::test]
async fn transactions_spread_over_chunks_and_keys_include_booked_at() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    let user = new_user(&db.pool, "a@example.com").await?;
    let account = new_account(&db.pool, user).await?;
    // Two years of monthly rows land in several 90-day chunks.
    sqlx::query(
        "INSERT INTO transactions (user_id, account_id, booked_at, amount, currency, description)
         SELECT $1, $2, timestamptz '2024-01-15 12:00Z' + make_interval(months => m), -42.5000, 'EUR', 'Rent'
         FROM generate_series(0, 23) AS m",
    )
    .bind(user)
    .bind(account)
    .execute(&db.pool)
    .await?;
    let chunks: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'transactions'",
    )
    .fetch_one(&db.pool)
    .await?;
    assert!(chunks >= 8, "expected one chunk per ~quarter, got {chunks}");

    // Every unique index of the hypertable includes booked_at (TimescaleDB's rule).
    let unique_without_time: Vec<String> = sqlx::query_scalar(
        "SELECT indexrelid::regclass::text FROM pg_index
         WHERE indrelid = 'transactions'::regclass AND indisunique
           AND NOT EXISTS (SELECT 1 FROM unnest(indkey) k
                           JOIN pg_attribute a ON a.attrelid = indrelid AND a.attnum = k
                           WHERE a.attname = 'booked_at')",
    )
    .fetch_all(&db.pool)
    .await?;
    assert!(unique_without_time.is_empty(), "{unique_without_time:?}");

    // Money is exact: 24 × -42.5 is exactly -1020 (read as text: no float in between).
    let total: String =
        sqlx::query_scalar("SELECT sum(amount)::text FROM transactions WHERE user_id = $1")
            .bind(user)
            .fetch_one(&db.pool)
            .await?;
    assert_eq!(total, "-1020.0000");
    Ok(())
}

#[tokio::test]
async fn text_embeddings_use_an_hnsw_cosine_index() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    let indexdef: String = sqlx::query_scalar(
        "SELECT indexdef FROM pg_indexes WHERE tablename = 'text_embeddings' AND indexname = 'text_embeddings_hnsw'",
    )
    .fetch_one(&db.pool)
    .await?;
    assert!(indexdef.contains("USING hnsw"), "{indexdef}");
    assert!(indexdef.contains("vector_cosine_ops"), "{indexdef}");

    // 384-d unit vectors along different axes; the nearest to axis 7 is axis 7, through the index.
    let mut tx = db.pool.begin().await?;
    for axis in 0..200usize {
        let mut v = vec![0.0f32; 384];
        v[axis] = 1.0;
        v[(axis + 1) % 384] = 0.1;
        sqlx::query(
            "INSERT INTO text_embeddings (model, text_hash, text, embedding) VALUES ('test', $1, $2, $3)",
        )
        .bind(axis.to_be_bytes().to_vec())
        .bind(format!("merchant {axis}"))
        .bind(pgvector::Vector::from(v))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;

    let mut query = vec![0.0f32; 384];
    query[7] = 1.0;
    let query = pgvector::Vector::from(query);
    let mut conn = db.pool.acquire().await?;
    sqlx::query("SET enable_seqscan = off")
        .execute(&mut *conn)
        .await?;
    let plan: Vec<String> = sqlx::query_scalar(
        "EXPLAIN SELECT text FROM text_embeddings ORDER BY embedding <=> $1 LIMIT 3",
    )
    .bind(&query)
    .fetch_all(&mut *conn)
    .await?;
    assert!(
        plan.iter().any(|l| l.contains("text_embeddings_hnsw")),
        "{plan:#?}"
    );
    let nearest: String =
        sqlx::query_scalar("SELECT text FROM text_embeddings ORDER BY embedding <=> $1 LIMIT 1")
            .bind(&query)
            .fetch_one(&mut *conn)
            .await?;
    assert_eq!(nearest, "merchant 7");

    // The column takes 384 dimensions and no other number.
    let wrong = sqlx::query(
        "INSERT INTO text_embeddings (model, text_hash, text, embedding) VALUES ('test', 'x', 'x', $1)",
    )
    .bind(pgvector::Vector::from(vec![0.5f32; 3]))
    .execute(&db.pool)
    .await;
    assert!(wrong.unwrap_err().to_string().contains("384"));
    Ok(())
}

#[tokio::test]
async fn timescaledb_license_is_detected() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    let license = kakeibo_core::db::timescale_license(&db.pool).await?;
    assert_eq!(
        license, "apache",
        "deploy/local builds the Apache-licensed TimescaleDB"
    );
    Ok(())
}

#[tokio::test]
async fn a_new_user_gets_the_default_taxonomy() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    let defaults: i64 = sqlx::query_scalar("SELECT count(*) FROM default_categories")
        .fetch_one(&db.pool)
        .await?;
    assert!(
        (55..=70).contains(&defaults),
        "about 60 categories: {defaults}"
    );

    let user = new_user(&db.pool, "b@example.com").await?;
    let (total, top_level): (i64, i64) = sqlx::query_as(
        "SELECT count(*), count(*) FILTER (WHERE parent_id IS NULL) FROM categories WHERE user_id = $1",
    )
    .bind(user)
    .fetch_one(&db.pool)
    .await?;
    assert_eq!(total, defaults);
    assert_eq!(top_level, 15);
    let groceries_parent: String = sqlx::query_scalar(
        "SELECT p.name FROM categories c JOIN categories p ON p.id = c.parent_id
         WHERE c.user_id = $1 AND c.default_slug = 'food.groceries'",
    )
    .bind(user)
    .fetch_one(&db.pool)
    .await?;
    assert_eq!(groceries_parent, "Food & Dining");
    Ok(())
}

#[tokio::test]
async fn the_database_refuses_rows_that_mix_two_users() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    let alice = new_user(&db.pool, "alice@example.com").await?;
    let bob = new_user(&db.pool, "bob@example.com").await?;
    let alice_account = new_account(&db.pool, alice).await?;
    let alice_groceries: Uuid = sqlx::query_scalar(
        "SELECT id FROM categories WHERE user_id = $1 AND default_slug = 'food.groceries'",
    )
    .bind(alice)
    .fetch_one(&db.pool)
    .await?;

    // Bob's transaction on Alice's account.
    let on_foreign_account = sqlx::query(
        "INSERT INTO transactions (user_id, account_id, booked_at, amount, currency) VALUES ($1, $2, now(), -1, 'EUR')",
    )
    .bind(bob)
    .bind(alice_account)
    .execute(&db.pool)
    .await;
    assert!(
        is_foreign_key_violation(&on_foreign_account),
        "{on_foreign_account:?}"
    );

    // Bob's own account, with Alice's category.
    let bob_account = new_account(&db.pool, bob).await?;
    let with_foreign_category = sqlx::query(
        "INSERT INTO transactions (user_id, account_id, booked_at, amount, currency, category_id)
         VALUES ($1, $2, now(), -1, 'EUR', $3)",
    )
    .bind(bob)
    .bind(bob_account)
    .bind(alice_groceries)
    .execute(&db.pool)
    .await;
    assert!(
        is_foreign_key_violation(&with_foreign_category),
        "{with_foreign_category:?}"
    );

    // A budget on Alice's category for Bob.
    let budget = sqlx::query(
        "INSERT INTO budgets (user_id, name, category_id, period, amount, currency) VALUES ($1, 'x', $2, 'monthly', 100, 'EUR')",
    )
    .bind(bob)
    .bind(alice_groceries)
    .execute(&db.pool)
    .await;
    assert!(is_foreign_key_violation(&budget), "{budget:?}");
    Ok(())
}

fn is_foreign_key_violation<T>(result: &Result<T, sqlx::Error>) -> bool {
    matches!(result, Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("23503"))
}

#[tokio::test]
async fn every_user_owned_table_has_user_id() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    let shared = [
        // Login delays per client address: addresses, no user data.
        "address_throttle",
        "builtin_examples",
        "default_categories",
        // Exchange rates are reference data (the ECB's), the same for everyone.
        "fx_pairs",
        "fx_rates",
        // Model answers by request hash; rows expire after llm.cache_days.
        "llm_cache",
        "rate_limits",
        "text_embeddings",
        "users",
    ]; // sorted like the query
    let without: Vec<String> = sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> '_sqlx_migrations'
           AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'user_id')
         ORDER BY 1",
    )
    .fetch_all(&db.pool)
    .await?;
    assert_eq!(
        without, shared,
        "tables without user_id besides the shared ones"
    );
    Ok(())
}

#[tokio::test]
async fn money_is_never_a_float() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    let floats: Vec<String> = sqlx::query_scalar(
        "SELECT table_name || '.' || column_name FROM information_schema.columns
         WHERE table_schema = 'public' AND data_type IN ('real', 'double precision')
         ORDER BY 1",
    )
    .fetch_all(&db.pool)
    .await?;
    // The one float is a confidence score between 0 and 1, not money.
    assert_eq!(floats, ["transactions.category_confidence"]);
    Ok(())
}
