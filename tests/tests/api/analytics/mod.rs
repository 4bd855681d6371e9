//! Analytics: spending and income by category and period, month-over-month and 3-month
//! average, cash flow, time zones, net worth, top merchants, the dashboard summary, the
//! rollups against the raw rows (also after the cascades of a deleted account or category),
//! other users, and query validation.

mod cascades;
mod merchants;
mod net_worth;
mod other_users;
mod rollups;
mod spending;
mod summary;
mod time_zones;
mod validation;

use std::collections::HashMap;

use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use uuid::Uuid;

pub use kakeibo_tests::http::{account_in, call, expect};

/// An app and Ana, who lives in `time_zone`.
pub async fn ana_in(time_zone: &str) -> anyhow::Result<(TestApp, TestUser)> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    set_time_zone(&app, &user, time_zone).await?;
    Ok((app, user))
}

pub async fn set_time_zone(app: &TestApp, user: &TestUser, zone: &str) -> anyhow::Result<()> {
    expect(
        app,
        user,
        Method::PATCH,
        "/me",
        Some(json!({ "time_zone": zone })),
        StatusCode::OK,
    )
    .await?;
    Ok(())
}

/// The user's category ids by built-in slug.
pub async fn categories(app: &TestApp, user: &TestUser) -> anyhow::Result<HashMap<String, Uuid>> {
    let all = expect(app, user, Method::GET, "/categories", None, StatusCode::OK).await?;
    Ok(all
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| {
            Some((
                c["default_slug"].as_str()?.to_string(),
                c["id"].as_str()?.parse().ok()?,
            ))
        })
        .collect())
}

/// A transaction added by hand: (day, amount, description, category slug or "", merchant
/// or ""). Answers its id.
pub async fn add(
    app: &TestApp,
    user: &TestUser,
    account: Uuid,
    cats: &HashMap<String, Uuid>,
    (day, amount, description, slug, merchant): (&str, &str, &str, &str, &str),
) -> anyhow::Result<Uuid> {
    let category = (!slug.is_empty()).then(|| cats[slug]);
    let merchant = (!merchant.is_empty()).then_some(merchant);
    let body = expect(
        app,
        user,
        Method::POST,
        "/transactions",
        Some(
            json!({ "account_id": account, "booked_on": day, "amount": amount,
                     "description": description, "category_id": category, "merchant": merchant }),
        ),
        StatusCode::CREATED,
    )
    .await?;
    let id = body["id"].as_str().unwrap();
    if category.is_none() {
        // Left uncategorized on purpose: the user's "none" locks it, or the categorizer
        // would give the row a category of its own.
        expect(
            app,
            user,
            Method::PATCH,
            &format!("/transactions/{id}"),
            Some(json!({ "category_id": null })),
            StatusCode::OK,
        )
        .await?;
    }
    Ok(id.parse()?)
}

/// A row as a provider that gives times of day writes it, at an exact instant.
pub async fn add_at(
    app: &TestApp,
    user: &TestUser,
    account: Uuid,
    booked_at: &str,
    amount: Decimal,
    category: Option<Uuid>,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO transactions (user_id, account_id, booked_at, amount, currency, description, category_id)
         SELECT $1, $2, $3::timestamptz, $4, a.currency, 'CARD PAYMENT', $5 FROM accounts a WHERE a.id = $2",
    )
    .bind(user.id)
    .bind(account)
    .bind(booked_at)
    .bind(amount)
    .bind(category)
    .execute(&app.db.pool)
    .await?;
    Ok(())
}

/// GET that must answer 200.
pub async fn get(app: &TestApp, user: &TestUser, path: &str) -> anyhow::Result<Value> {
    let (status, body) = call(app, user, Method::GET, path, None).await?;
    anyhow::ensure!(status == StatusCode::OK, "GET {path}: {status}: {body}");
    Ok(body)
}

pub fn dec(value: &Value) -> Decimal {
    value
        .as_str()
        .unwrap_or_else(|| panic!("an amount, got {value}"))
        .parse()
        .unwrap()
}

/// The percentage fields are null or an amount string.
pub fn percent(value: &Value) -> Option<Decimal> {
    (!value.is_null()).then(|| dec(value))
}

/// A period's category lines as (name, currency) → line.
pub fn lines(period: &Value) -> HashMap<(String, String), Value> {
    period["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .map(|l| {
            (
                (
                    l["name"].as_str().unwrap().to_string(),
                    l["currency"].as_str().unwrap().to_string(),
                ),
                l.clone(),
            )
        })
        .collect()
}

/// The amounts of a period's lines in one currency, by name.
pub fn amounts(period: &Value, currency: &str) -> HashMap<String, Decimal> {
    lines(period)
        .into_iter()
        .filter(|((_, c), _)| c == currency)
        .map(|((name, _), line)| (name, dec(&line["amount"])))
        .collect()
}

/// The period of a report that starts on `start`.
pub fn period<'a>(report: &'a Value, key: &str, start: &str) -> &'a Value {
    report[key]
        .as_array()
        .expect("periods")
        .iter()
        .find(|p| p["start"] == start)
        .unwrap_or_else(|| panic!("no period starting {start} in {report}"))
}
