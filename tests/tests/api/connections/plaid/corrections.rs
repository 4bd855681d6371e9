//! The bank corrects a transaction's date across a chunk boundary of the hypertable (Plaid
//! reports it under `modified`): the sync moves the row and keeps Ana's category and split,
//! where it used to fail the whole sync on every run. The boundary is the last one before
//! today, read from the hypertable, so both dates lie in the window a sync reads.

use chrono::{Days, Utc};
use kakeibo_tests::chunks::{chunk_range, next_chunk_start};
use kakeibo_tests::fake_banks::plaid::{FakeAccount, FakePlaid, NewTransaction};
use reqwest::StatusCode;
use rust_decimal_macros::dec;
use serde_json::json;
use uuid::Uuid;

use super::linked;
use crate::connections::support;
use kakeibo_tests::http::{category, expect};

#[tokio::test]
async fn a_date_the_bank_corrects_into_the_next_chunk_moves_the_row_with_its_edits()
-> anyhow::Result<()> {
    let fake = FakePlaid::start().await;
    let (app, user, connection) = linked(&fake).await?;
    let today = Utc::now().date_naive();
    let first = next_chunk_start(&app.db.pool, today - Days::new(90)).await?;
    let last = first - Days::new(1);
    assert!(
        first <= today,
        "the last boundary before {today} is {first}"
    );

    let plaid_id = fake.add_transaction(NewTransaction::new(
        FakeAccount::Checking,
        dec!(64.10),
        last,
        "REWE 4471",
    ));
    support::sync_now(&app, &user, &connection).await?;
    let id: Uuid = sqlx::query_scalar(
        "SELECT id FROM transactions WHERE user_id = $1 AND provider_transaction_id = $2",
    )
    .bind(user.id)
    .bind(&plaid_id)
    .fetch_one(&app.db.pool)
    .await?;
    let (chunk_before, _, end) = chunk_range(&app.db.pool, id).await?;
    assert_eq!(end, first);

    let groceries = category(&app, &user, "food.groceries").await?;
    let home = category(&app, &user, "shopping.home").await?;
    let path = format!("/transactions/{id}");
    let parts = json!({"parts": [
        {"amount": "-50.00", "category_id": groceries},
        {"amount": "-14.10", "category_id": home}]});
    expect(
        &app,
        &user,
        reqwest::Method::PATCH,
        &path,
        Some(json!({"category_id": groceries, "notes": "weekly shop"})),
        StatusCode::OK,
    )
    .await?;
    expect(
        &app,
        &user,
        reqwest::Method::POST,
        &format!("{path}/split"),
        Some(parts),
        StatusCode::OK,
    )
    .await?;
    let rows_before = support::rows(&app, &user).await?.len();

    fake.modify_transaction(&plaid_id, |t| t.date = first);
    // The next scheduled sync (a second "sync now" within the minute would be a no-op).
    assert_eq!(support::tick_when_due(&app, &user, &connection).await?, 1);

    let connection = support::connection(&app, &user, &connection).await?;
    assert_eq!(connection["status"], "active", "{connection}");
    assert_eq!(support::rows(&app, &user).await?.len(), rows_before);
    let (chunk_after, start, _) = chunk_range(&app.db.pool, id).await?;
    assert_ne!(
        chunk_after, chunk_before,
        "moved under the same id into the next chunk"
    );
    assert_eq!(start, first);
    let t = expect(
        &app,
        &user,
        reqwest::Method::GET,
        &path,
        None,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(t["booked_at"].as_str().unwrap()[..10], first.to_string());
    assert_eq!(
        (t["category_id"].as_str(), t["notes"].as_str()),
        (Some(groceries.as_str()), Some("weekly shop"))
    );
    let split_amounts: Vec<&str> = t["splits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["amount"].as_str().unwrap())
        .collect();
    assert_eq!(split_amounts.len(), 2, "{t}");
    Ok(())
}
