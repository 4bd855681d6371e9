//! What the connection tests share: the connection endpoints (start, complete, sync,
//! reconnect, remove), each with the status it must answer; the scheduler's tick; another
//! user's 404s; and reading back what a sync stored, the connection's state and the user's
//! notifications.

use chrono::{DateTime, NaiveDate, Utc};
use kakeibo_tests::auth::assert_other_user_gets_404;
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

/// `METHOD path` as `user` without a body, which must answer `expected`: the response.
async fn send(
    app: &TestApp,
    user: &TestUser,
    method: Method,
    path: &str,
    expected: StatusCode,
) -> anyhow::Result<reqwest::Response> {
    let response = app.as_user(user, method.clone(), path).send().await?;
    assert_eq!(response.status(), expected, "{method} {path}");
    Ok(response)
}

/// `GET path` as `user`, which must answer 200: the JSON.
pub async fn get(app: &TestApp, user: &TestUser, path: &str) -> anyhow::Result<Value> {
    Ok(send(app, user, Method::GET, path, StatusCode::OK)
        .await?
        .json()
        .await?)
}

/// The `id`s of a JSON list, such as `/providers` answers.
pub fn ids(list: &Value) -> Vec<&str> {
    let items = list
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"));
    items
        .iter()
        .filter_map(|item| item["id"].as_str())
        .collect()
}

/// `GET /connections/{id}`.
pub async fn connection(app: &TestApp, user: &TestUser, id: &str) -> anyhow::Result<Value> {
    get(app, user, &format!("/connections/{id}")).await
}

/// `POST /connections/{id}/sync`, which must queue a sync.
pub async fn request_sync(app: &TestApp, user: &TestUser, id: &str) -> anyhow::Result<()> {
    let path = format!("/connections/{id}/sync");
    let response = send(app, user, Method::POST, &path, StatusCode::ACCEPTED).await?;
    assert_eq!(response.json::<Value>().await?["queued"], json!(true));
    Ok(())
}

/// "Sync now" as the person asks for it: `request_sync`, then the workers.
pub async fn sync_now(app: &TestApp, user: &TestUser, id: &str) -> anyhow::Result<()> {
    request_sync(app, user, id).await?;
    app.drain_jobs().await
}

/// The scheduler's tick as it runs at `now` (queues what is due), then the workers.
pub async fn tick_at(app: &TestApp, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let interval = app.bank_sync()?.interval;
    let queued = kakeibo_bank_sync::connections::enqueue_due(&app.db.pool, now, interval).await?;
    app.drain_jobs().await?;
    Ok(queued)
}

/// The scheduler's tick at the moment connection `id` is next due: how many syncs it queued.
pub async fn tick_when_due(app: &TestApp, user: &TestUser, id: &str) -> anyhow::Result<usize> {
    let due = next_sync_at(&connection(app, user, id).await?);
    tick_at(app, due).await
}

/// `POST /connections/{id}/reconnect`, which must answer 200: the connection and its
/// `next_step`.
pub async fn reconnect(app: &TestApp, user: &TestUser, id: &str) -> anyhow::Result<Value> {
    let path = format!("/connections/{id}/reconnect");
    let response = send(app, user, Method::POST, &path, StatusCode::OK).await?;
    Ok(response.json().await?)
}

/// `DELETE /connections/{id}`, which must answer 204.
pub async fn remove(app: &TestApp, user: &TestUser, id: &str) -> anyhow::Result<()> {
    let path = format!("/connections/{id}");
    send(app, user, Method::DELETE, &path, StatusCode::NO_CONTENT).await?;
    Ok(())
}

/// Asserts that `connection` is in `status` with a last error that mentions `error`.
pub fn assert_failed(connection: &Value, status: &str, error: &str) {
    assert_eq!(connection["status"], status, "{connection}");
    assert!(
        connection["last_error"]
            .as_str()
            .is_some_and(|e| e.contains(error)),
        "{connection}"
    );
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

/// An account as `accounts` lists it: name, kind, currency, current and available balance.
pub type Account = (String, String, String, Option<Decimal>, Option<Decimal>);

/// An account with both balances, as `accounts` lists it.
pub fn account(
    name: &str,
    kind: &str,
    currency: &str,
    current: Decimal,
    available: Decimal,
) -> Account {
    (
        name.into(),
        kind.into(),
        currency.into(),
        Some(current),
        Some(available),
    )
}

/// The user's accounts, by name.
pub async fn accounts(app: &TestApp, user: &TestUser) -> anyhow::Result<Vec<Account>> {
    Ok(sqlx::query_as(
        "SELECT name, kind, currency::text, current_balance, available_balance FROM accounts
         WHERE user_id = $1 ORDER BY name",
    )
    .bind(user.id)
    .fetch_all(&app.db.pool)
    .await?)
}

/// The user's `connection_failing` in-app notifications' payloads.
pub async fn failing_notifications(app: &TestApp, user: &TestUser) -> anyhow::Result<Vec<Value>> {
    Ok(sqlx::query_scalar(
        "SELECT payload FROM notifications WHERE user_id = $1 AND kind = 'connection_failing' AND channel = 'in_app'
         ORDER BY created_at",
    )
    .bind(user.id)
    .fetch_all(&app.db.pool)
    .await?)
}

/// `intruder` gets a 404 for everything on `owner`'s connection `id` (reading, completing
/// with `complete_body`, reconnecting, syncing, removing), and the owner still finds it
/// active.
pub async fn assert_hidden_from(
    app: &TestApp,
    intruder: &TestUser,
    owner: &TestUser,
    id: &str,
    complete_body: Value,
) -> anyhow::Result<()> {
    let requests = [
        (Method::GET, format!("/connections/{id}"), None),
        (
            Method::POST,
            format!("/connections/{id}/complete"),
            Some(complete_body),
        ),
        (Method::POST, format!("/connections/{id}/reconnect"), None),
        (Method::POST, format!("/connections/{id}/sync"), None),
        (Method::DELETE, format!("/connections/{id}"), None),
    ];
    assert_other_user_gets_404(
        app,
        intruder,
        &requests,
        owner,
        (&format!("/connections/{id}"), &|c: &Value| {
            c["status"] == "active"
        }),
    )
    .await
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
