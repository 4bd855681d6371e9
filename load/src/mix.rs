//! What one virtual user does: the dashboard's reads (summary, transaction pages, search,
//! reports, a question to the offline ask engine) and, in one request of ten, a small CSV
//! import. Each user is one seeded user, with the access token the real login gave them.

use std::sync::OnceLock;
use std::time::Duration;

use goose::goose::GooseResponse;
use goose::prelude::*;
use rand::Rng;
use rand::seq::SliceRandom;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

/// The access tokens of the seeded users, logged in before the attack; virtual user `i`
/// plays the owner of token `i`.
pub static TOKENS: OnceLock<Vec<String>> = OnceLock::new();

/// Marks the requests that are not part of the measured mix (metrics name requests
/// "METHOD name").
pub const SETUP_MARK: &str = "(setup)";
/// The write in the mix; every other request is a read.
pub const IMPORT: &str = "POST /imports";

#[derive(Clone)]
struct Session {
    token: String,
    account: String,
    /// `next_cursor` of the last first page read.
    cursor: Option<String>,
}

/// Weights out of 20: imports are 2 of them, one request in ten.
pub fn scenario(think: (Duration, Duration)) -> Result<Scenario, GooseError> {
    let named = |t: Transaction, name: &str, weight: usize| t.set_name(name).set_weight(weight);
    Ok(scenario!("DashboardUser")
        .set_wait_time(think.0, think.1)?
        .register_transaction(transaction!(start).set_on_start().set_name("start"))
        .register_transaction(named(transaction!(summary), "summary", 4)?)
        .register_transaction(named(transaction!(first_page), "transactions", 3)?)
        .register_transaction(named(transaction!(next_page), "next page", 2)?)
        .register_transaction(named(transaction!(search), "search", 2)?)
        .register_transaction(named(transaction!(spending), "spending", 2)?)
        .register_transaction(named(transaction!(cash_flow), "cash flow", 1)?)
        .register_transaction(named(transaction!(merchants), "merchants", 1)?)
        .register_transaction(named(transaction!(net_worth), "net worth", 1)?)
        .register_transaction(named(transaction!(ask), "ask", 2)?)
        .register_transaction(named(transaction!(import), "import", 2)?))
}

fn session(user: &GooseUser) -> Session {
    user.get_session_data_unchecked::<Session>().clone()
}

/// A request as the user, named for the metrics by `name`.
async fn send(
    user: &mut GooseUser,
    name: &str,
    method: GooseMethod,
    path: &str,
    token: &str,
    build: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
) -> Result<GooseResponse, Box<TransactionError>> {
    let builder = build(user.get_request_builder(&method, path)?.bearer_auth(token));
    let request = GooseRequest::builder()
        .method(method)
        .path(path)
        .name(name)
        .set_request_builder(builder)
        .build();
    Ok(user.request(request).await?)
}

/// Reads a JSON answer (a failed request is already counted as one).
async fn json_of(goose: GooseResponse) -> Option<Value> {
    match goose.response {
        Ok(response) if response.status().is_success() => response.json().await.ok(),
        Ok(response) => {
            // Read the body, so the connection goes back to the pool.
            let _ = response.bytes().await;
            None
        }
        Err(_) => None,
    }
}

async fn drain(goose: GooseResponse) {
    if let Ok(response) = goose.response {
        let _ = response.bytes().await;
    }
}

async fn start(user: &mut GooseUser) -> TransactionResult {
    let tokens = TOKENS.get().expect("the users log in before the attack");
    let token = tokens[user.weighted_users_index % tokens.len()].clone();
    let goose = send(
        user,
        "/accounts (setup)",
        GooseMethod::Get,
        "/api/v1/accounts",
        &token,
        |b| b,
    )
    .await?;
    let account = json_of(goose)
        .await
        .and_then(|accounts| accounts[0]["id"].as_str().map(str::to_string))
        .unwrap_or_default();
    user.set_session_data(Session {
        token,
        account,
        cursor: None,
    });
    Ok(())
}

async fn get(user: &mut GooseUser, name: &str, path: &str) -> TransactionResult {
    let token = session(user).token;
    let goose = send(user, name, GooseMethod::Get, path, &token, |b| b).await?;
    drain(goose).await;
    Ok(())
}

async fn summary(user: &mut GooseUser) -> TransactionResult {
    get(user, "/analytics/summary", "/api/v1/analytics/summary").await
}

async fn spending(user: &mut GooseUser) -> TransactionResult {
    get(user, "/analytics/spending", "/api/v1/analytics/spending").await
}

async fn cash_flow(user: &mut GooseUser) -> TransactionResult {
    get(user, "/analytics/cash-flow", "/api/v1/analytics/cash-flow").await
}

async fn merchants(user: &mut GooseUser) -> TransactionResult {
    get(user, "/analytics/merchants", "/api/v1/analytics/merchants").await
}

async fn net_worth(user: &mut GooseUser) -> TransactionResult {
    get(user, "/analytics/net-worth", "/api/v1/analytics/net-worth").await
}

/// The first page of the transaction list; keeps its cursor for [`next_page`].
async fn first_page(user: &mut GooseUser) -> TransactionResult {
    let token = session(user).token;
    let goose = send(
        user,
        "/transactions (first page)",
        GooseMethod::Get,
        "/api/v1/transactions",
        &token,
        |b| b,
    )
    .await?;
    let cursor = json_of(goose)
        .await
        .and_then(|page| page["next_cursor"].as_str().map(str::to_string));
    if let Some(session) = user.get_session_data_mut::<Session>() {
        session.cursor = cursor;
    }
    Ok(())
}

/// The page after the last first page read (a first page when there was none).
async fn next_page(user: &mut GooseUser) -> TransactionResult {
    let Session { token, cursor, .. } = session(user);
    let Some(cursor) = cursor else {
        return first_page(user).await;
    };
    let goose = send(
        user,
        "/transactions (next page)",
        GooseMethod::Get,
        "/api/v1/transactions",
        &token,
        |b| b.query(&[("before", cursor.as_str())]),
    )
    .await?;
    drain(goose).await;
    Ok(())
}

/// Phrases a user types into the search box (semantic search, time phrases parsed).
const SEARCHES: &[&str] = &[
    "coffee",
    "groceries last month",
    "card payment",
    "merchant 42",
    "restaurants this year",
    "salary",
    "past 3 months fuel",
];

async fn search(user: &mut GooseUser) -> TransactionResult {
    let token = session(user).token;
    let q = *SEARCHES
        .choose(&mut rand::thread_rng())
        .expect("phrases to search");
    let goose = send(
        user,
        "/transactions/search",
        GooseMethod::Get,
        "/api/v1/transactions/search",
        &token,
        |b| b.query(&[("q", q)]),
    )
    .await?;
    drain(goose).await;
    Ok(())
}

/// Questions the offline engine answers (no chat model is configured).
const QUESTIONS: &[&str] = &[
    "How much did I spend?",
    "How much did I spend last month?",
    "What are my subscriptions?",
    "How much did I spend on groceries this year?",
    "What are my biggest expenses this month?",
];

async fn ask(user: &mut GooseUser) -> TransactionResult {
    let token = session(user).token;
    let question = *QUESTIONS
        .choose(&mut rand::thread_rng())
        .expect("questions to ask");
    let goose = send(
        user,
        "/ask",
        GooseMethod::Post,
        "/api/v1/ask",
        &token,
        |b| b.json(&serde_json::json!({ "question": question })),
    )
    .await?;
    drain(goose).await;
    Ok(())
}

/// A small bank export: three to six card payments of the last weeks.
fn statement() -> String {
    let mut rng = rand::thread_rng();
    let today = chrono::Utc::now().date_naive();
    let mut csv = String::from("Date,Description,Amount\n");
    for _ in 0..rng.gen_range(3..=6) {
        let day = today - chrono::Days::new(rng.gen_range(0..40));
        let shop = rng.gen_range(1..500);
        let cents: u32 = rng.gen_range(100..20_000);
        csv.push_str(&format!(
            "{day},LOAD SHOP {shop},-{}.{:02}\n",
            cents / 100,
            cents % 100
        ));
    }
    csv
}

async fn import(user: &mut GooseUser) -> TransactionResult {
    let Session { token, account, .. } = session(user);
    let form = Form::new()
        .part(
            "file",
            Part::bytes(statement().into_bytes()).file_name("statement.csv"),
        )
        .text("account_id", account);
    let goose = send(
        user,
        "/imports",
        GooseMethod::Post,
        "/api/v1/imports",
        &token,
        |b| b.multipart(form),
    )
    .await?;
    drain(goose).await;
    Ok(())
}
