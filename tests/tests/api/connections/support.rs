//! What the provider tests share: starting and finishing a connection through the API, and
//! reading back what a sync stored, the connection's state and the user's notifications.

use chrono::{DateTime, NaiveDate, Utc};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use uuid::Uuid;

/// `POST /connections` with `body`: the new connection's id and its `next_step`.
pub async fn start(app: &TestApp, user: &TestUser, body: Value) -> anyhow::Result<(String, Value)> {
    let response = app
        .as_user(user, Method::POST, "/connections")
        .json(&body)
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::CREATED, "{body}");
    let started: Value = response.json().await?;
    assert_eq!(started["connection"]["status"], "pending", "{started}");
    let id = started["connection"]["id"].as_str().unwrap().to_string();
    Ok((id, started["next_step"].clone()))
}

/// `POST /connections/{id}/complete` with `body`: the status and the JSON answer.
pub async fn complete(
    app: &TestApp,
    user: &TestUser,
    id: &str,
    body: Value,
) -> anyhow::Result<(StatusCode, Value)> {
    let response = app
        .as_user(user, Method::POST, &format!("/connections/{id}/complete"))
        .json(&body)
        .send()
        .await?;
    Ok((response.status(), response.json().await?))
}

/// `GET /connections/{id}`.
pub async fn connection(app: &TestApp, user: &TestUser, id: &str) -> anyhow::Result<Value> {
    let response = app
        .as_user(user, Method::GET, &format!("/connections/{id}"))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    Ok(response.json().await?)
}

/// `POST /connections/{id}/sync`, which must queue a sync.
pub async fn request_sync(app: &TestApp, user: &TestUser, id: &str) -> anyhow::Result<()> {
    let response = app
        .as_user(user, Method::POST, &format!("/connections/{id}/sync"))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    assert_eq!(response.json::<Value>().await?["queued"], json!(true));
    Ok(())
}

/// The scheduler's tick as it runs at `now` (queues what is due), then the workers.
pub async fn tick_at(app: &TestApp, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let interval = app.bank_sync()?.interval;
    let queued = kakeibo_bank_sync::connections::enqueue_due(&app.db.pool, now, interval).await?;
    app.drain_jobs().await?;
    Ok(queued)
}

/// A connection's `next_sync_at`.
pub fn next_sync_at(connection: &Value) -> DateTime<Utc> {
    connection["next_sync_at"]
        .as_str()
        .unwrap_or_else(|| panic!("no next_sync_at: {connection}"))
        .parse()
        .unwrap()
}

/// A stored transaction, as the tests compare them.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub provider_id: Option<String>,
    pub account: String,
    pub booked_on: NaiveDate,
    pub amount: Decimal,
    pub status: String,
    pub payee: String,
}

/// The user's transactions (not deleted), by account name, date and amount.
pub async fn rows(app: &TestApp, user: &TestUser) -> anyhow::Result<Vec<Row>> {
    let rows: Vec<(Option<String>, String, NaiveDate, Decimal, String, String)> = sqlx::query_as(
        "SELECT t.provider_transaction_id, a.name, (t.booked_at AT TIME ZONE 'UTC')::date, t.amount,
                t.status, t.payee
         FROM transactions t JOIN accounts a ON a.user_id = t.user_id AND a.id = t.account_id
         WHERE t.user_id = $1 AND t.deleted_at IS NULL
         ORDER BY a.name, t.booked_at, t.amount, t.payee",
    )
    .bind(user.id)
    .fetch_all(&app.db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(provider_id, account, booked_on, amount, status, payee)| Row {
                provider_id,
                account,
                booked_on,
                amount,
                status,
                payee,
            },
        )
        .collect())
}

/// Rows whose payee is `payee`.
pub fn named<'a>(rows: &'a [Row], payee: &str) -> Vec<&'a Row> {
    rows.iter().filter(|r| r.payee == payee).collect()
}

/// The user's accounts: name → (kind, currency, current balance, available balance).
pub async fn accounts(
    app: &TestApp,
    user: &TestUser,
) -> anyhow::Result<Vec<(String, String, String, Option<Decimal>, Option<Decimal>)>> {
    Ok(sqlx::query_as(
        "SELECT name, kind, currency::text, current_balance, available_balance FROM accounts
         WHERE user_id = $1 ORDER BY name",
    )
    .bind(user.id)
    .fetch_all(&app.db.pool)
    .await?)
}

/// The user's `bank_connection_failing` notifications' payloads.
pub async fn failing_notifications(app: &TestApp, user: &TestUser) -> anyhow::Result<Vec<Value>> {
    Ok(sqlx::query_scalar(
        "SELECT payload FROM notifications WHERE user_id = $1 AND kind = 'bank_connection_failing'
         ORDER BY created_at",
    )
    .bind(user.id)
    .fetch_all(&app.db.pool)
    .await?)
}

/// The requests another user makes on `id`, each of which must be a 404.
pub fn foreign_requests(id: &str, complete_body: Value) -> Vec<(Method, String, Option<Value>)> {
    vec![
        (Method::GET, format!("/connections/{id}"), None),
        (
            Method::POST,
            format!("/connections/{id}/complete"),
            Some(complete_body),
        ),
        (Method::POST, format!("/connections/{id}/reconnect"), None),
        (Method::POST, format!("/connections/{id}/sync"), None),
        (Method::DELETE, format!("/connections/{id}"), None),
    ]
}

/// The sealed credentials of a connection, opened as the sync engine opens them.
pub async fn credentials(app: &TestApp, user: &TestUser, id: &str) -> anyhow::Result<Value> {
    let id: Uuid = id.parse()?;
    let (sealed, key_id): (Vec<u8>, String) = sqlx::query_as(
        "SELECT credentials, credentials_key_id FROM bank_connections WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&app.db.pool)
    .await?;
    let aad = kakeibo_bank_sync::credentials::Aad::connection(user.id, id);
    Ok(app.bank_sync()?.keyring.open(&key_id, &sealed, &aad)?)
}
