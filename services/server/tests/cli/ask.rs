//! `kakeibo ask "question" --user EMAIL`, as a person runs it: the answer, the table behind
//! it and "how I got this"; an unknown user is a one-line error.

use kakeibo_tests::TestDb;
use uuid::Uuid;

use crate::support::{kakeibo, run_to_end};
use crate::{assert_one_line_error, succeeded};

/// A user with two grocery purchases in March 2026 and a refund.
pub async fn ledger(db: &TestDb) {
    let user: Uuid = sqlx::query_scalar(
        "INSERT INTO users (email, password_hash) VALUES ('cli@example.com', 'x') RETURNING id",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let account: Uuid = sqlx::query_scalar(
        "INSERT INTO accounts (user_id, name, currency) VALUES ($1, 'Checking', 'EUR') RETURNING id",
    )
    .bind(user)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    for (day, amount) in [
        ("2026-03-02", "-52.30"),
        ("2026-03-09", "-47.70"),
        ("2026-03-20", "10.00"),
    ] {
        sqlx::query(
            "INSERT INTO transactions (user_id, account_id, booked_at, amount, currency, description, payee, merchant, category_id)
             SELECT $1, $2, $3::date, $4::numeric, 'EUR', 'REWE SAGT DANKE', 'REWE', 'Rewe', id
             FROM categories WHERE user_id = $1 AND default_slug = 'food.groceries'",
        )
        .bind(user)
        .bind(account)
        .bind(day)
        .bind(amount)
        .execute(&db.pool)
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn prints_the_answer_the_table_and_how_it_got_there() {
    let db = TestDb::new().await.unwrap();
    ledger(&db).await;
    let output = run_to_end(
        kakeibo()
            .args([
                "ask",
                "How much did I spend on groceries in March 2026?",
                "--user",
                "cli@example.com",
            ])
            .env("KAKEIBO_DATABASE__URL", db.url()),
    );
    let out = succeeded(&output, "kakeibo ask");
    let lines: Vec<&str> = out.lines().collect();
    // 52.30 + 47.70 − 10.00 refunded.
    // Start-up logs go to standard output too; the answer is its own line.
    assert!(
        lines.contains(&"You spent 90.00 EUR on Groceries in March 2026."),
        "{out}"
    );
    assert!(out.contains("currency  amount"), "{out}");
    assert!(out.contains("How I got this:\n  spending("), "{out}");
    assert!(out.contains("90.00 EUR in 3 transactions"), "{out}");
    assert!(lines.last().unwrap().starts_with("conversation "), "{out}");
}

#[tokio::test]
async fn an_unknown_user_is_one_line() {
    let db = TestDb::new().await.unwrap();
    let output = run_to_end(
        kakeibo()
            .args([
                "ask",
                "How much did I spend?",
                "--user",
                "nobody@example.com",
            ])
            .env("KAKEIBO_DATABASE__URL", db.url()),
    );
    assert_one_line_error(&output, &["no user nobody@example.com"]);
}
