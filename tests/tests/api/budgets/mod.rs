//! Budgets and savings goals: periods in the user's time zone, rollover, what counts as
//! spending (subcategories, refunds, splits, not transfers), exchange rates, threshold
//! alerts once per period, goals and their projection, bad input, and other users.

mod fx;
mod fx_rates;
mod goals;
mod kept;
mod other_users;
mod periods;
mod rollover;
mod rollup;
mod spending;
mod thresholds;
mod validation;

use chrono::{DateTime, NaiveDate, Utc};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use uuid::Uuid;

pub use kakeibo_tests::http::{account_in, assert_invalid, call, category, expect};

/// An app and Ana, living in `time_zone`.
pub async fn ana_in(time_zone: &str) -> anyhow::Result<(TestApp, TestUser)> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    expect(
        &app,
        &user,
        Method::PATCH,
        "/me",
        Some(json!({ "time_zone": time_zone })),
        StatusCode::OK,
    )
    .await?;
    Ok((app, user))
}

/// `at` is a day (`2026-01-31`: a bank date, stored at midnight UTC as imports store it) or
/// an instant with its offset (`2026-01-31T23:30:00-05:00`).
fn booked_at(at: &str) -> DateTime<Utc> {
    match at.parse::<NaiveDate>() {
        Ok(day) => day.and_hms_opt(0, 0, 0).unwrap().and_utc(),
        Err(_) => DateTime::parse_from_rfc3339(at)
            .expect("a day or an RFC 3339 instant")
            .with_timezone(&Utc),
    }
}

/// A stored row in `account`'s currency, filed under the category with built-in `slug`
/// (none when `None`). Written with SQL, the way a sync writes an instant with its time of
/// day, which the HTTP API (days only) cannot.
pub async fn row(
    app: &TestApp,
    user: &TestUser,
    account: Uuid,
    at: &str,
    amount: Decimal,
    slug: Option<&str>,
) -> anyhow::Result<Uuid> {
    Ok(sqlx::query_scalar(
        "INSERT INTO transactions (user_id, account_id, booked_at, amount, currency, description, category_id, category_source)
         SELECT a.user_id, a.id, $3, $4, a.currency, 'ROW ' || $4::text,
                (SELECT id FROM categories WHERE user_id = $1 AND default_slug = $5),
                CASE WHEN $5::text IS NULL THEN NULL ELSE 'user' END
         FROM accounts a WHERE a.user_id = $1 AND a.id = $2
         RETURNING id",
    )
    .bind(user.id)
    .bind(account)
    .bind(booked_at(at))
    .bind(amount)
    .bind(slug)
    .fetch_one(&app.db.pool)
    .await?)
}

/// (threshold, period start) of the user's budget alerts, in order.
pub async fn alerts(app: &TestApp, user: &TestUser) -> anyhow::Result<Vec<(i64, String)>> {
    let payloads: Vec<Value> = sqlx::query_scalar(
        "SELECT payload FROM notifications WHERE user_id = $1 AND kind = 'budget_threshold' AND channel = 'in_app'
         ORDER BY (payload->>'threshold_percent')::int",
    )
    .bind(user.id)
    .fetch_all(&app.db.pool)
    .await?;
    Ok(payloads
        .iter()
        .map(|p| {
            (
                p["threshold_percent"].as_i64().unwrap(),
                p["period_start"].as_str().unwrap().to_string(),
            )
        })
        .collect())
}

/// Creates a budget from `body`, answering its id.
pub async fn budget(app: &TestApp, user: &TestUser, body: Value) -> anyhow::Result<String> {
    let created = expect(
        app,
        user,
        Method::POST,
        "/budgets",
        Some(body),
        StatusCode::CREATED,
    )
    .await?;
    Ok(created["id"].as_str().unwrap().to_string())
}

/// A budget on Food in euros, with `fields` (period, amount, rollover, …).
pub async fn food_budget(app: &TestApp, user: &TestUser, fields: Value) -> anyhow::Result<String> {
    let food = category(app, user, "food").await?;
    let mut body = json!({ "name": "Food", "category_id": food, "currency": "EUR" });
    let extra = fields.as_object().expect("fields are an object").clone();
    body.as_object_mut().expect("an object").extend(extra);
    budget(app, user, body).await
}

/// The progress of the period holding `at` (a day).
pub async fn progress(app: &TestApp, user: &TestUser, id: &str, at: &str) -> anyhow::Result<Value> {
    let body = expect(
        app,
        user,
        Method::GET,
        &format!("/budgets/{id}/progress?at={at}"),
        None,
        StatusCode::OK,
    )
    .await?;
    Ok(body["progress"].clone())
}

/// A money field of a response (sent as a string).
pub fn money(value: &Value) -> Decimal {
    value
        .as_str()
        .unwrap_or_else(|| panic!("not a money string: {value}"))
        .parse()
        .unwrap()
}

/// (period_start, period_end, spent) of a progress answer.
pub fn period_and_spent(p: &Value) -> (String, String, Decimal) {
    (
        p["period_start"].as_str().unwrap().to_string(),
        p["period_end"].as_str().unwrap().to_string(),
        money(&p["spent"]),
    )
}
