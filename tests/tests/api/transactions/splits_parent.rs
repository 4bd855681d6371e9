//! A part and its transaction: every split works on a connection that has already split many
//! (TimescaleDB 2.19's foreign key into the hypertable refused every part after the fifth
//! check in a session, migrations/20261125000001_splits_parent_triggers.sql), and the triggers
//! that replace that key refuse a part without its transaction and take the parts along when
//! the transaction goes or changes its key, leaving no part without its parent.

use chrono::Duration;
use kakeibo_tests::{TestApp, TestUser};
use kakeibo_transactions::splits::{self, Part};
use reqwest::StatusCode;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::json;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use uuid::Uuid;

use super::splits::{split, splits_of};
use super::{account, id_of, import_into, statement};

/// One connection for everything, so every check after the fifth runs a generic plan.
async fn one_connection(app: &TestApp) -> anyhow::Result<PgPool> {
    Ok(PgPoolOptions::new()
        .max_connections(1)
        .connect(app.db.url())
        .await?)
}

fn part(amount: Decimal) -> Part {
    Part {
        amount,
        category_id: None,
        notes: None,
    }
}

/// The amounts of a transaction's parts as the API answers them, in order.
async fn part_amounts(app: &TestApp, user: &TestUser, id: Uuid) -> anyhow::Result<Vec<String>> {
    Ok(splits_of(app, user, &id.to_string())
        .await?
        .as_array()
        .expect("parts")
        .iter()
        .map(|p| p["amount"].as_str().unwrap().to_string())
        .collect())
}

/// Parts whose transaction (same user, id and booked_at) does not exist.
async fn orphans(pool: &PgPool) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM transaction_splits s WHERE NOT EXISTS (
             SELECT 1 FROM transactions t
             WHERE t.user_id = s.user_id AND t.id = s.transaction_id AND t.booked_at = s.booked_at)",
    )
    .fetch_one(pool)
    .await?)
}

async fn parts_stored(pool: &PgPool, transaction_id: Uuid) -> anyhow::Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT count(*) FROM transaction_splits WHERE transaction_id = $1")
            .bind(transaction_id)
            .fetch_one(pool)
            .await?,
    )
}

fn assert_foreign_key_violation<T: std::fmt::Debug>(result: &Result<T, sqlx::Error>, what: &str) {
    assert!(
        matches!(result, Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("23503")),
        "{what}: {result:?}"
    );
}

async fn uuid_of(app: &TestApp, user: &TestUser, description: &str) -> anyhow::Result<Uuid> {
    Ok(id_of(app, user, description).await?.parse()?)
}

#[tokio::test]
async fn splits_on_one_connection_reach_transactions_in_every_chunk() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let other = app.verified_user("eve@example.com").await?;
    let checking = account(&app, &user, "Checking").await?;
    // Eight transactions 400 days apart, newest first: eight 90-day chunks over eight years.
    let names: Vec<String> = (0..8).map(|n| format!("T{n}")).collect();
    let lines: Vec<(i64, Decimal, &str, &str)> = names
        .iter()
        .enumerate()
        .map(|(n, name)| {
            (
                3 + 400 * n as i64,
                Decimal::from(-20 - n as i64),
                "",
                name.as_str(),
            )
        })
        .collect();
    import_into(&app, &user, checking, &statement(&lines)).await?;
    let chunks: i64 =
        sqlx::query_scalar("SELECT count(DISTINCT tableoid) FROM transactions WHERE user_id = $1")
            .bind(user.id)
            .fetch_one(&app.db.pool)
            .await?;
    assert_eq!(chunks, 8, "one chunk per transaction");

    // Each split is a transaction of its own, all on the same connection; the old foreign
    // key refused the third (its fifth and sixth parts).
    let pool = one_connection(&app).await?;
    let mut ids = Vec::new();
    for (n, name) in names.iter().enumerate() {
        let id = uuid_of(&app, &user, name).await?;
        let mut tx = pool.begin().await?;
        let stored = splits::replace(
            &mut tx,
            user.id,
            id,
            &[part(dec!(-10)), part(Decimal::from(-10 - n as i64))],
        )
        .await;
        assert!(
            stored.is_ok(),
            "{name}, {} days ago: {stored:?}",
            lines[n].0
        );
        tx.commit().await?;
        ids.push(id);
    }
    for (n, id) in ids.iter().enumerate() {
        assert_eq!(
            part_amounts(&app, &user, *id).await?,
            ["-10.0000".to_string(), format!("-{}.0000", 10 + n)],
            "T{n}"
        );
    }

    // Through the API, more parts in one split than the old key ever checked in a session.
    let (status, t) = split(
        &app,
        &user,
        &ids[7].to_string(),
        json!(
            (0..9)
                .map(|_| json!({ "amount": "-3" }))
                .collect::<Vec<_>>()
        ),
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{t}");
    assert_eq!(part_amounts(&app, &user, ids[7]).await?, ["-3.0000"; 9]);

    // The same connection, long past its fifth check, still refuses a part of another
    // user's transaction and a part whose transaction does not exist.
    let plant = |user_id: Uuid, shift: Duration| {
        sqlx::query(
            "INSERT INTO transaction_splits (user_id, transaction_id, booked_at, position, amount)
             SELECT $1, id, booked_at + $3, 9, -1 FROM transactions WHERE id = $2",
        )
        .bind(user_id)
        .bind(ids[5])
        .bind(shift)
        .execute(&pool)
    };
    assert_foreign_key_violation(&plant(other.id, Duration::zero()).await, "Eve's part");
    assert_foreign_key_violation(
        &plant(user.id, Duration::seconds(1)).await,
        "a second off its transaction",
    );
    assert_eq!(parts_stored(&pool, ids[5]).await?, 2);
    assert_eq!(orphans(&pool).await?, 0);
    Ok(())
}

#[tokio::test]
async fn a_part_lives_and_dies_with_its_transaction() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let checking = account(&app, &user, "Checking").await?;
    let savings = account(&app, &user, "Savings").await?;
    import_into(
        &app,
        &user,
        checking,
        &statement(&[
            (3, dec!(-30), "", "KEEP"),
            (500, dec!(-40), "", "GONE"),
            (900, dec!(-50), "", "MOVED"),
        ]),
    )
    .await?;
    import_into(
        &app,
        &user,
        savings,
        &statement(&[(1300, dec!(-60), "", "SAVINGS")]),
    )
    .await?;
    let mut ids = Vec::new();
    for (name, rest) in [
        ("KEEP", -20),
        ("GONE", -30),
        ("MOVED", -40),
        ("SAVINGS", -50),
    ] {
        let id = uuid_of(&app, &user, name).await?;
        let (status, t) = split(
            &app,
            &user,
            &id.to_string(),
            json!([{ "amount": "-10" }, { "amount": rest.to_string() }]),
        )
        .await?;
        assert_eq!(status, StatusCode::OK, "{name}: {t}");
        ids.push(id);
    }
    let [keep, gone, moved, in_savings] = ids[..] else {
        unreachable!()
    };
    let pool = one_connection(&app).await?;
    let total =
        || sqlx::query_scalar::<_, i64>("SELECT count(*) FROM transaction_splits").fetch_one(&pool);

    // A part for a transaction that does not exist is refused: unknown id, or a known id at
    // another time (the hypertable's key is (id, booked_at)).
    let insert = sqlx::query(
        "INSERT INTO transaction_splits (user_id, transaction_id, booked_at, position, amount)
         VALUES ($1, $2, now(), 0, -1)",
    )
    .bind(user.id)
    .bind(Uuid::new_v4())
    .execute(&pool)
    .await;
    assert_foreign_key_violation(&insert, "unknown transaction");
    let insert = sqlx::query(
        "INSERT INTO transaction_splits (user_id, transaction_id, booked_at, position, amount)
         SELECT user_id, id, booked_at + interval '1 day', 2, -1 FROM transactions WHERE id = $1",
    )
    .bind(keep)
    .execute(&pool)
    .await;
    assert_foreign_key_violation(&insert, "known id, another day");

    // So is moving a part off its transaction.
    for (what, sql) in [
        (
            "another day",
            "UPDATE transaction_splits SET booked_at = booked_at + interval '1 day' WHERE transaction_id = $1",
        ),
        (
            "unknown transaction",
            "UPDATE transaction_splits SET transaction_id = gen_random_uuid() WHERE transaction_id = $1",
        ),
    ] {
        let moved_off = sqlx::query(sql).bind(keep).execute(&pool).await;
        assert_foreign_key_violation(&moved_off, what);
    }
    assert_eq!(
        part_amounts(&app, &user, keep).await?,
        ["-10.0000", "-20.0000"]
    );
    assert_eq!((total().await?, orphans(&pool).await?), (8, 0));

    // A transaction deleted outright (as bank sync deletes a pending row that vanished) takes
    // its parts along, and only its own.
    sqlx::query("DELETE FROM transactions WHERE user_id = $1 AND id = $2")
        .bind(user.id)
        .bind(gone)
        .execute(&pool)
        .await?;
    assert_eq!(parts_stored(&pool, gone).await?, 0);
    assert_eq!((total().await?, orphans(&pool).await?), (6, 0));

    // A new booking date (a bank's correction) carries the parts along.
    sqlx::query(
        "UPDATE transactions SET booked_at = booked_at + interval '1 hour' WHERE user_id = $1 AND id = $2",
    )
    .bind(user.id)
    .bind(moved)
    .execute(&pool)
    .await?;
    assert_eq!(
        part_amounts(&app, &user, moved).await?,
        ["-10.0000", "-40.0000"]
    );
    let (parent, parts): (chrono::DateTime<chrono::Utc>, Vec<chrono::DateTime<chrono::Utc>>) =
        sqlx::query_as(
            "SELECT t.booked_at, array_agg(s.booked_at) FROM transactions t
             JOIN transaction_splits s ON s.transaction_id = t.id WHERE t.id = $1 GROUP BY t.booked_at",
        )
        .bind(moved)
        .fetch_one(&pool)
        .await?;
    assert_eq!(parts, [parent, parent]);
    assert_eq!((total().await?, orphans(&pool).await?), (6, 0));

    // A deleted account takes its transactions' parts along (the chunks' own foreign keys
    // delete the transactions).
    sqlx::query("DELETE FROM accounts WHERE user_id = $1 AND id = $2")
        .bind(user.id)
        .bind(savings)
        .execute(&pool)
        .await?;
    assert_eq!(parts_stored(&pool, in_savings).await?, 0);
    assert_eq!((total().await?, orphans(&pool).await?), (4, 0));
    assert_eq!(
        part_amounts(&app, &user, keep).await?,
        ["-10.0000", "-20.0000"]
    );

    // Emptying the table empties the parts.
    sqlx::query("TRUNCATE transactions").execute(&pool).await?;
    assert_eq!(total().await?, 0);
    Ok(())
}
