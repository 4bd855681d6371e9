//! The transactions and categories API: filters and pages, edits and locks, transactions
//! added by hand, soft deletes that no import undoes, categories, bulk recategorizing, rules,
//! splits (and the parts' hold on their transaction), semantic search, and other users.

mod automatic;
mod categories;
mod categorize;
mod categorize_llm;
mod edit;
mod list;
mod merchant_codes;
mod other_users;
mod review;
mod rules;
mod rules_refused;
mod search;
mod splits;
mod splits_parent;

use chrono::{Duration, NaiveDate, Utc};
use kakeibo_bank_sync::import::{self, ImportSource};
use kakeibo_bank_sync::statement::{Statement, StatementLine};
pub use kakeibo_tests::http::{account, assert_invalid, call, category, expect};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use rust_decimal::Decimal;
use serde_json::Value;
use uuid::Uuid;

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
                merchant_category_code: None,
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

/// The user's transaction with this description, as `GET /transactions/{id}` answers it.
pub async fn row(app: &TestApp, user: &TestUser, description: &str) -> anyhow::Result<Value> {
    let id = id_of(app, user, description).await?;
    expect(
        app,
        user,
        Method::GET,
        &format!("/transactions/{id}"),
        None,
        StatusCode::OK,
    )
    .await
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
