//! Helpers the auth tests share.

use anyhow::{Context, Result, ensure};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use serde_json::Value;

/// Asserts the status and the envelope's error code; returns the body for further checks.
pub async fn expect_error(
    response: reqwest::Response,
    status: StatusCode,
    code: &str,
) -> Result<Value> {
    let actual = response.status();
    let body: Value = response.json().await?;
    assert_eq!(actual, status, "{body}");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["message"].is_string(), "{body}");
    Ok(body)
}

pub async fn me_status(app: &TestApp, user: &TestUser) -> Result<StatusCode> {
    Ok(app.as_user(user, Method::GET, "/me").send().await?.status())
}

pub async fn refresh_status(app: &TestApp, user: &TestUser) -> Result<StatusCode> {
    Ok(app
        .api(Method::POST, "/auth/refresh")
        .header("cookie", &user.refresh_cookie)
        .send()
        .await?
        .status())
}

/// The event names of the audit log, newest first, as the holder of `access_token` sees it.
pub async fn audit_events(app: &TestApp, access_token: &str) -> Result<Vec<String>> {
    let response = app
        .api(Method::GET, "/audit-log")
        .bearer_auth(access_token)
        .send()
        .await?;
    ensure!(
        response.status() == StatusCode::OK,
        "audit-log: {}",
        response.status()
    );
    let body: Value = response.json().await?;
    Ok(body["events"]
        .as_array()
        .context("events")?
        .iter()
        .filter_map(|e| e["event"].as_str().map(str::to_string))
        .collect())
}
