//! Recurring payments, anomalies, the cash-flow forecast and insights, end to end: rows
//! added through the API or synced from the demo bank, the insights worker run through the
//! real queue, the answers read through the API.

mod anomalies;
mod demo;
mod forecast;
mod insights;
mod other_users;

use chrono::{Datelike, Duration, Months, NaiveDate};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use uuid::Uuid;

pub use kakeibo_tests::http::{account, assert_invalid, call, category, expect};

/// Adds a transaction by hand (the category, when given, is the user's own choice).
pub async fn add(
    app: &TestApp,
    user: &TestUser,
    account_id: Uuid,
    booked_on: NaiveDate,
    amount: Decimal,
    merchant: &str,
    category_id: Option<&str>,
) -> anyhow::Result<Value> {
    expect(
        app,
        user,
        Method::POST,
        "/transactions",
        Some(json!({
            "account_id": account_id,
            "booked_on": booked_on,
            "amount": amount,
            "description": merchant,
            "merchant": merchant,
            "category_id": category_id,
        })),
        StatusCode::CREATED,
    )
    .await
}

/// Day `day` of the month `back` months before `today`'s.
pub fn month_day(today: NaiveDate, back: u32, day: u32) -> NaiveDate {
    let first = today.with_day(1).unwrap() - Months::new(back);
    first.with_day(day).unwrap()
}

/// `days_ago(n)`: n days before the server's today in UTC (the users' default zone), read
/// once and safe from midnight, so "next in 4 days" and "today" are the server's.
pub async fn days_ago_fn(app: &TestApp) -> anyhow::Result<impl Fn(i64) -> NaiveDate + use<>> {
    let today = app.today("UTC").await?;
    Ok(move |days| today - Duration::days(days))
}

/// GET that must answer 200.
pub async fn get(app: &TestApp, user: &TestUser, path: &str) -> anyhow::Result<Value> {
    expect(app, user, Method::GET, path, None, StatusCode::OK).await
}
