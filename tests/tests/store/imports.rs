//! The import pipeline against the real store: every matcher rule, all-or-nothing, and
//! user scoping. Statements are built directly here; the parsers have their own tests.

use chrono::{Duration, NaiveDate, Utc};
use kakeibo_bank_sync::import::{self, ImportError, ImportReport, ImportSource};
use kakeibo_bank_sync::statement::{Statement, StatementLine};
use kakeibo_tests::TestDb;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use uuid::Uuid;

const FILE: ImportSource<'static> = ImportSource {
    kind: "file",
    format: Some("csv"),
    filename: Some("test.csv"),
};

async fn user_with_account(db: &TestDb, email: &str) -> anyhow::Result<(Uuid, Uuid)> {
    let user: Uuid = sqlx::query_scalar(
        "INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id",
    )
    .bind(email)
    .fetch_one(&db.pool)
    .await?;
    let account: Uuid = sqlx::query_scalar(
        "INSERT INTO accounts (user_id, name, currency) VALUES ($1, 'Checking', 'EUR') RETURNING id",
    )
    .bind(user)
    .fetch_one(&db.pool)
    .await?;
    Ok((user, account))
}

/// Days before a fixed date: the matcher does not read the clock, so neither do these tests
/// (a run across midnight or a chunk boundary changes nothing).
fn day(days_ago: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap() - Duration::days(days_ago)
}

fn line(n: usize, days_ago: i64, amount: Decimal, payee: &str, id: Option<&str>) -> StatementLine {
    StatementLine {
        source_line: n,
        booked_on: day(days_ago),
        amount,
        currency: None,
        payee: payee.into(),
        description: format!("CARD PAYMENT {payee}"),
        source_id: id.map(str::to_string),
        pending: false,
        merchant_category_code: None,
    }
}

fn statement(lines: Vec<StatementLine>) -> Statement {
    Statement {
        lines,
        ..Default::default()
    }
}

async fn run(
    db: &TestDb,
    user: Uuid,
    account: Uuid,
    s: &Statement,
) -> anyhow::Result<ImportReport> {
    Ok(import::import(&db.pool, user, account, s, FILE.clone()).await?)
}

async fn count(db: &TestDb, account: Uuid) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM transactions WHERE account_id = $1 AND deleted_at IS NULL",
    )
    .bind(account)
    .fetch_one(&db.pool)
    .await?)
}

#[tokio::test]
async fn reimporting_the_same_file_adds_nothing_and_keeps_user_edits() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    let (user, account) = user_with_account(&db, "a@example.com").await?;
    let file = statement(vec![
        line(1, 10, dec!(-12.30), "REWE", None),
        line(2, 9, dec!(2500.00), "ACME GmbH", None),
        line(3, 8, dec!(-9.99), "Netflix", Some("FIT-1")),
    ]);
    let first = run(&db, user, account, &file).await?;
    assert_eq!(
        (first.rows_read, first.rows_added, first.rows_matched),
        (3, 3, 0)
    );

    // The user categorizes and annotates a row.
    let groceries: Uuid = sqlx::query_scalar(
        "SELECT id FROM categories WHERE user_id = $1 AND default_slug = 'food.groceries'",
    )
    .bind(user)
    .fetch_one(&db.pool)
    .await?;
    sqlx::query("UPDATE transactions SET category_id = $2, category_source = 'user', notes = 'weekly shop' WHERE account_id = $1 AND payee = 'REWE'")
        .bind(account)
        .bind(groceries)
        .execute(&db.pool)
        .await?;

    let again = run(&db, user, account, &file).await?;
    assert_eq!((again.rows_added, again.rows_matched), (0, 3));
    assert_eq!(count(&db, account).await?, 3);
    let (category, notes): (Option<Uuid>, Option<String>) = sqlx::query_as(
        "SELECT category_id, notes FROM transactions WHERE account_id = $1 AND payee = 'REWE'",
    )
    .bind(account)
    .fetch_one(&db.pool)
    .await?;
    assert_eq!(
        (category, notes.as_deref()),
        (Some(groceries), Some("weekly shop"))
    );
    Ok(())
}

#[tokio::test]
async fn a_deleted_transaction_never_comes_back() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    let (user, account) = user_with_account(&db, "a@example.com").await?;
    let file = statement(vec![
        line(1, 5, dec!(-4.50), "Kiosk", None),
        line(2, 4, dec!(-8.00), "Bakery", None),
    ]);
    run(&db, user, account, &file).await?;
    sqlx::query(
        "UPDATE transactions SET deleted_at = now() WHERE account_id = $1 AND payee = 'Kiosk'",
    )
    .bind(account)
    .execute(&db.pool)
    .await?;
    let again = run(&db, user, account, &file).await?;
    assert_eq!(again.rows_added, 0);
    assert_eq!(count(&db, account).await?, 1, "the kiosk row stays deleted");
    Ok(())
}

#[tokio::test]
async fn a_pending_row_is_replaced_by_its_posted_twin_in_place() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    let (user, account) = user_with_account(&db, "a@example.com").await?;
    let mut pending = line(1, 6, dec!(-42.00), "Trattoria", Some("pending-77"));
    pending.pending = true;
    run(&db, user, account, &statement(vec![pending])).await?;
    let (id,): (Uuid,) = sqlx::query_as("SELECT id FROM transactions WHERE account_id = $1")
        .bind(account)
        .fetch_one(&db.pool)
        .await?;
    sqlx::query("UPDATE transactions SET notes = 'dinner with Sam' WHERE id = $1")
        .bind(id)
        .execute(&db.pool)
        .await?;

    // Posted two days later under a new id, with the tip.
    let posted = statement(vec![line(
        1,
        4,
        dec!(-48.50),
        "Trattoria",
        Some("posted-901"),
    )]);
    let report = run(&db, user, account, &posted).await?;
    assert_eq!((report.rows_added, report.rows_posted), (0, 1));
    let row: (Uuid, String, Decimal, Option<String>, NaiveDate, Option<String>) = sqlx::query_as(
        "SELECT id, status, amount, provider_transaction_id, (booked_at AT TIME ZONE 'UTC')::date, notes
         FROM transactions WHERE account_id = $1",
    )
    .bind(account)
    .fetch_one(&db.pool)
    .await?;
    assert_eq!(
        row,
        (
            id,
            "posted".into(),
            dec!(-48.50),
            Some("posted-901".into()),
            day(4),
            Some("dinner with Sam".into())
        )
    );
    // And the posted file again is a plain match.
    assert_eq!(run(&db, user, account, &posted).await?.rows_matched, 1);
    assert_eq!(count(&db, account).await?, 1);
    Ok(())
}

#[tokio::test]
async fn a_pending_row_that_posts_weeks_later_under_its_id_is_posted_not_added()
-> anyhow::Result<()> {
    let db = TestDb::new().await?;
    let (user, account) = user_with_account(&db, "a@example.com").await?;
    // A hotel's pre-authorisation, long before the stay is charged. Fixed dates: 38 days
    // apart they may lie in two chunks or one (chunk_boundary aims at a boundary on purpose).
    let held_on = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let charged_on = NaiveDate::from_ymd_opt(2026, 4, 8).unwrap();
    let mut hold = line(1, 0, dec!(-300.00), "Hotel Adlon", Some("auth-5521"));
    (hold.booked_on, hold.pending) = (held_on, true);
    run(&db, user, account, &statement(vec![hold])).await?;

    let mut charge = line(1, 0, dec!(-412.80), "Hotel Adlon", Some("auth-5521"));
    charge.booked_on = charged_on;
    let report = run(&db, user, account, &statement(vec![charge])).await?;
    assert_eq!((report.rows_added, report.rows_posted), (0, 1));
    let row: (String, Decimal, NaiveDate) = sqlx::query_as(
        "SELECT status, amount, (booked_at AT TIME ZONE 'UTC')::date FROM transactions WHERE account_id = $1",
    )
    .bind(account)
    .fetch_one(&db.pool)
    .await?;
    assert_eq!(row, ("posted".into(), dec!(-412.80), charged_on));
    Ok(())
}

#[tokio::test]
async fn two_identical_purchases_on_one_day_both_stay() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    let (user, account) = user_with_account(&db, "a@example.com").await?;
    let file = statement(vec![
        line(1, 3, dec!(-3.20), "Coffee", None),
        line(2, 3, dec!(-3.20), "Coffee", None),
    ]);
    assert_eq!(run(&db, user, account, &file).await?.rows_added, 2);
    assert_eq!(run(&db, user, account, &file).await?.rows_added, 0);
    // A later export with a third identical coffee adds exactly one.
    let mut three = file.clone();
    three.lines.push(line(3, 3, dec!(-3.20), "Coffee", None));
    assert_eq!(run(&db, user, account, &three).await?.rows_added, 1);
    assert_eq!(count(&db, account).await?, 3);
    Ok(())
}

#[tokio::test]
async fn an_overlapping_export_adds_only_the_new_days() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    let (user, account) = user_with_account(&db, "a@example.com").await?;
    let january: Vec<StatementLine> = (0..20)
        .map(|i| {
            line(
                i,
                40 - i as i64,
                Decimal::from(-(i as i64) - 1),
                "Shop",
                None,
            )
        })
        .collect();
    run(&db, user, account, &statement(january.clone())).await?;
    // The next export overlaps by ten days, and the bank dated two of those rows a day later.
    let mut next: Vec<StatementLine> = january[10..].to_vec();
    next[0].booked_on += Duration::days(1);
    next[3].booked_on += Duration::days(1);
    next.extend((20..30).map(|i| {
        line(
            i,
            40 - i as i64,
            Decimal::from(-(i as i64) - 1),
            "Shop",
            None,
        )
    }));
    let report = run(&db, user, account, &statement(next)).await?;
    assert_eq!((report.rows_added, report.rows_matched), (10, 10));
    assert_eq!(count(&db, account).await?, 30);
    Ok(())
}

#[tokio::test]
async fn a_bad_line_fails_the_whole_import_and_writes_nothing() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    let (user, account) = user_with_account(&db, "a@example.com").await?;
    // The import refuses dates after tomorrow, by the clock: this one is measured from it.
    let mut future = line(7, 0, dec!(-1), "Time Traveller", None);
    (future.source_line, future.booked_on) = (7, Utc::now().date_naive() + Duration::days(30));
    let file = statement(vec![
        line(5, 3, dec!(-2), "Ok", None),
        line(6, 2, dec!(-3), "Ok too", None),
        future,
    ]);
    let err = run(&db, user, account, &file)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("line 7") && err.contains("date") && err.contains("future"),
        "{err}"
    );
    assert_eq!(count(&db, account).await?, 0);
    let imports: i64 = sqlx::query_scalar("SELECT count(*) FROM imports")
        .fetch_one(&db.pool)
        .await?;
    assert_eq!(imports, 0);

    let mut dollars = statement(vec![line(1, 3, dec!(-2), "Ok", None)]);
    dollars.currency = Some("USD".into());
    let err = run(&db, user, account, &dollars)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("USD") && err.contains("EUR"), "{err}");
    Ok(())
}

#[tokio::test]
async fn another_users_account_is_not_found() -> anyhow::Result<()> {
    let db = TestDb::new().await?;
    let (_alice, alice_account) = user_with_account(&db, "alice@example.com").await?;
    let (bob, _) = user_with_account(&db, "bob@example.com").await?;
    let err = import::import(
        &db.pool,
        bob,
        alice_account,
        &statement(vec![line(1, 1, dec!(-1), "x", None)]),
        FILE.clone(),
    )
    .await;
    assert!(matches!(err, Err(ImportError::AccountNotFound)), "{err:?}");
    assert_eq!(count(&db, alice_account).await?, 0);
    Ok(())
}
