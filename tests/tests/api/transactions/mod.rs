//! The transactions and categories API: filters and pages, edits and locks, transactions
//! added by hand, soft deletes that no import undoes, categories, bulk recategorizing, rules,
//! splits (and the parts' hold on their transaction), semantic search, and other users.

mod automatic;
mod categories;
mod categorize;
mod categorize_llm;
mod edit;
mod list;
mod other_users;
mod rules;
mod search;
mod splits;
mod splits_parent;

use chrono::{Duration, NaiveDate, Utc};
use kakeibo_bank_sync::import::{self, ImportSource};
use kakeibo_bank_sync::statement::{Statement, StatementLine};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use uuid::Uuid;

pub async fn account(app: &TestApp, user: &TestUser, name: &str) -> anyhow::Result<Uuid> {
    let response = app
        .as_user(user, Method::POST, "/accounts")
        .json(&json!({ "name": name, "kind": "checking", "currency": "EUR" }))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::CREATED);
    Ok(response.json::<Value>().await?["id"]
        .as_str()
        .unwrap()
        .parse()?)
}

/// `days` before the test's today (UTC), read once per test process (nextest runs each test
/// in its own), so a test's rows and its filters agree on the dates even across midnight.
/// Tests whose expectations depend on the server's today use `TestApp::today` instead.
pub fn days_ago(days: i64) -> NaiveDate {
    static TODAY: std::sync::OnceLock<NaiveDate> = std::sync::OnceLock::new();
    *TODAY.get_or_init(|| Utc::now().date_naive()) - Duration::days(days)
}

/// Lines as (days ago, amount, payee, description).
pub fn statement(lines: &[(i64, Decimal, &str, &str)]) -> Statement {
    Statement {
        lines: lines
            .iter()
            .enumerate()
            .map(|(n, (days, amount, payee, description))| StatementLine {
                source_line: n + 2,
                booked_on: days_ago(*days),
                amount: *amount,
                currency: None,
                payee: payee.to_string(),
                description: description.to_string(),
                source_id: None,
                pending: false,
            })
            .collect(),
        ..Default::default()
    }
}

pub async fn import_into(
    app: &TestApp,
    user: &TestUser,
    account_id: Uuid,
    statement: &Statement,
) -> anyhow::Result<import::ImportReport> {
    let source = ImportSource {
        kind: "file",
        format: Some("csv"),
        filename: None,
    };
    Ok(import::import(&app.db.pool, user.id, account_id, statement, source).await?)
}

/// Sends a request, checks its status, and answers the JSON body (or null).
pub async fn expect(
    app: &TestApp,
    user: &TestUser,
    method: Method,
    path: &str,
    body: Option<Value>,
    status: StatusCode,
) -> anyhow::Result<Value> {
    let (got, value) = call(app, user, method.clone(), path, body).await?;
    anyhow::ensure!(
        got == status,
        "{method} {path}: expected {status}, got {got}: {value}"
    );
    Ok(value)
}

/// Sends a request and answers (status, JSON body or null).
pub async fn call(
    app: &TestApp,
    user: &TestUser,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> anyhow::Result<(StatusCode, Value)> {
    let mut request = app.as_user(user, method, path);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await?;
    let status = response.status();
    let text = response.text().await?;
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text)?
    };
    Ok((status, body))
}

/// GET /transactions{query}, which must answer 200.
pub async fn list(app: &TestApp, user: &TestUser, query: &str) -> anyhow::Result<Value> {
    let (status, body) = call(
        app,
        user,
        Method::GET,
        &format!("/transactions{query}"),
        None,
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{query}: {body}");
    Ok(body)
}

/// The descriptions of a page, in order.
pub fn descriptions(page: &Value) -> Vec<String> {
    page["transactions"]
        .as_array()
        .expect("a page")
        .iter()
        .map(|t| t["description"].as_str().unwrap().to_string())
        .collect()
}

/// The id of the user's transaction with this description.
pub async fn id_of(app: &TestApp, user: &TestUser, description: &str) -> anyhow::Result<String> {
    let page = list(app, user, "?limit=200").await?;
    Ok(page["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["description"] == description)
        .unwrap_or_else(|| panic!("no transaction {description:?}"))["id"]
        .as_str()
        .unwrap()
        .to_string())
}

/// The id of the user's category copied from a built-in slug.
pub async fn category(app: &TestApp, user: &TestUser, slug: &str) -> anyhow::Result<String> {
    let all = expect(app, user, Method::GET, "/categories", None, StatusCode::OK).await?;
    Ok(all
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["default_slug"] == slug)
        .unwrap_or_else(|| panic!("no category {slug}"))["id"]
        .as_str()
        .unwrap()
        .to_string())
}

/// Asserts a 422 whose first invalid field is `field`.
pub fn assert_invalid(status: StatusCode, body: &Value, field: &str) {
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {body}");
    let fields: Vec<&str> = body["error"]["details"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&field), "{field} not in {body}");
}

/// The usual start: an app, Ana, and her checking account holding these lines (as
/// [`statement`] takes them).
pub async fn ana_with(
    lines: &[(i64, Decimal, &str, &str)],
) -> anyhow::Result<(TestApp, TestUser, Uuid)> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let checking = account(&app, &user, "Checking").await?;
    import_into(&app, &user, checking, &statement(lines)).await?;
    Ok((app, user, checking))
}

/// Like [`ana_with`], with Eve too. Eve comes first: making a verified user drains the job
/// queue, which would categorize Ana's lines.
pub async fn ana_and_eve_with(
    lines: &[(i64, Decimal, &str, &str)],
) -> anyhow::Result<(TestApp, TestUser, TestUser, Uuid)> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let other = app.verified_user("eve@example.com").await?;
    let checking = account(&app, &user, "Checking").await?;
    import_into(&app, &user, checking, &statement(lines)).await?;
    Ok((app, user, other, checking))
}
