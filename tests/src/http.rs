//! Calls to the API as a signed-in user, for the end-to-end tests: a request and its JSON
//! answer, the user's accounts and categories, and the 422 envelope's fields.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{TestApp, TestUser};

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

/// A new checking account in euros.
pub async fn account(app: &TestApp, user: &TestUser, name: &str) -> anyhow::Result<Uuid> {
    account_in(app, user, name, "checking", "EUR").await
}

/// A new account of this kind and currency.
pub async fn account_in(
    app: &TestApp,
    user: &TestUser,
    name: &str,
    kind: &str,
    currency: &str,
) -> anyhow::Result<Uuid> {
    let body = expect(
        app,
        user,
        Method::POST,
        "/accounts",
        Some(json!({ "name": name, "kind": kind, "currency": currency })),
        StatusCode::CREATED,
    )
    .await?;
    Ok(body["id"].as_str().unwrap().parse()?)
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

/// Asserts a 422 whose invalid fields include `field`.
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
