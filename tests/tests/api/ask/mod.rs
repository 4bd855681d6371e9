//! The ask engine: its read tools over a small fixed-date ledger (expected figures computed
//! here from the same rows), the pattern tools over the insights worker's results, and
//! another user's data never showing.

mod answers;
mod eval;
mod http;
mod llm_consent;
mod mcp;
mod patterns;
mod rollup_flows;
mod stream;
mod tools;
mod with_model;

use chrono::NaiveDate;
use kakeibo_ask::tools::ToolContext;
use kakeibo_tests::http::{account_in, category, expect};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::json;

pub fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// One row of the ledger, as added.
#[derive(Debug, Clone)]
pub struct Row {
    pub on: NaiveDate,
    pub account: &'static str,
    pub amount: Decimal,
    pub merchant: &'static str,
    /// A built-in category slug; `None` leaves the row uncategorized.
    pub category: Option<&'static str>,
    pub tags: &'static [&'static str],
}

/// The fixed ledger: March 2026 with a refund, an uncategorized row, a move between own
/// accounts and a dollar coffee; February 2026 and March 2025 to compare with.
pub fn ledger() -> Vec<Row> {
    let row = |on: &str, account, amount, merchant, category, tags| Row {
        on: day(on),
        account,
        amount,
        merchant,
        category,
        tags,
    };
    vec![
        row(
            "2026-03-02",
            "Checking",
            dec!(-52.30),
            "Rewe",
            Some("food.groceries"),
            &[],
        ),
        row(
            "2026-03-09",
            "Card",
            dec!(-47.70),
            "Rewe",
            Some("food.groceries"),
            &[],
        ),
        row(
            "2026-03-15",
            "Card",
            dec!(-80.00),
            "Trattoria Roma",
            Some("food.restaurants"),
            &["date-night"],
        ),
        row(
            "2026-03-20",
            "Checking",
            dec!(10.00),
            "Rewe",
            Some("food.groceries"),
            &[],
        ),
        row(
            "2026-03-25",
            "Checking",
            dec!(3000.00),
            "ACME GmbH",
            Some("income.salary"),
            &[],
        ),
        row(
            "2026-03-28",
            "Checking",
            dec!(-500.00),
            "To savings",
            Some("transfers.internal"),
            &[],
        ),
        row("2026-03-10", "Checking", dec!(-20.00), "Kiosk", None, &[]),
        row(
            "2026-03-05",
            "Dollars",
            dec!(-6.50),
            "Blue Bottle",
            Some("food.coffee"),
            &[],
        ),
        row(
            "2026-02-10",
            "Checking",
            dec!(-60.00),
            "Rewe",
            Some("food.groceries"),
            &[],
        ),
        row(
            "2026-02-25",
            "Checking",
            dec!(3000.00),
            "ACME GmbH",
            Some("income.salary"),
            &[],
        ),
        row(
            "2025-03-12",
            "Checking",
            dec!(-40.00),
            "Rewe",
            Some("food.groceries"),
            &[],
        ),
    ]
}

pub struct Ledger {
    pub rows: Vec<Row>,
}

/// Adds the user's accounts (Checking and Card in euros, Dollars in US dollars) and the
/// ledger's rows through the API.
pub async fn add_ledger(app: &TestApp, user: &TestUser) -> anyhow::Result<Ledger> {
    let accounts = [
        (
            "Checking",
            account_in(app, user, "Checking", "checking", "EUR").await?,
        ),
        (
            "Card",
            account_in(app, user, "Card", "credit_card", "EUR").await?,
        ),
        (
            "Dollars",
            account_in(app, user, "Dollars", "checking", "USD").await?,
        ),
    ];
    let rows = ledger();
    for r in &rows {
        let account = accounts.iter().find(|(n, _)| *n == r.account).unwrap().1;
        let category_id = match r.category {
            Some(slug) => Some(category(app, user, slug).await?),
            None => None,
        };
        expect(
            app,
            user,
            Method::POST,
            "/transactions",
            Some(json!({
                "account_id": account,
                "booked_on": r.on,
                "amount": r.amount,
                "description": r.merchant,
                "merchant": r.merchant,
                "category_id": category_id,
                "tags": r.tags,
            })),
            StatusCode::CREATED,
        )
        .await?;
    }
    Ok(Ledger { rows })
}

/// What the tools read with, as this user on `today`.
pub fn context(app: &TestApp, user: &TestUser, today: NaiveDate) -> ToolContext {
    ToolContext {
        db: app.db.pool.clone(),
        reads: app.db.pool.clone(),
        user_id: user.id,
        today,
        embedder: None,
        conversation_days: app.settings.retention.ask_conversations_days,
    }
}

/// Another user with a big Rewe bill in the same March, and accounts of the same names: none
/// of it may show in the first user's answers.
pub async fn other_user_with_rewe(app: &TestApp) -> anyhow::Result<TestUser> {
    let bob = app.verified_user("bob@example.com").await?;
    let checking = account_in(app, &bob, "Checking", "checking", "EUR").await?;
    let groceries = category(app, &bob, "food.groceries").await?;
    expect(
        app,
        &bob,
        Method::POST,
        "/transactions",
        Some(json!({
            "account_id": checking,
            "booked_on": "2026-03-03",
            "amount": "-999.00",
            "description": "Rewe",
            "merchant": "Rewe",
            "category_id": groceries,
        })),
        StatusCode::CREATED,
    )
    .await?;
    Ok(bob)
}
