//! Helpers the auth tests share.

use anyhow::{Context, Result, ensure};
use kakeibo_tests::{Mail, TestApp, TestUser};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

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

// ---- Accounts: registration, verification, passwords, profile -------------------------

pub const NEW_PASSWORD: &str = "a brand new passphrase 42";

/// The fields a 422 names, after checking the validation envelope.
pub async fn invalid_fields(response: reqwest::Response) -> Result<Vec<String>> {
    let body = expect_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await?;
    let fields = body["error"]["details"]["fields"]
        .as_array()
        .with_context(|| format!("no details.fields: {body}"))?;
    fields
        .iter()
        .map(|f| {
            assert!(
                f["message"].as_str().is_some_and(|m| !m.is_empty()),
                "{body}"
            );
            f["field"].as_str().map(str::to_string).context("field")
        })
        .collect()
}

pub async fn register_raw(app: &TestApp, email: &str, password: &str) -> Result<reqwest::Response> {
    app.post_json(
        "/auth/register",
        &json!({ "email": email, "password": password }),
    )
    .await
}

pub async fn login_raw(app: &TestApp, email: &str, password: &str) -> Result<reqwest::Response> {
    app.post_json(
        "/auth/login",
        &json!({ "email": email, "password": password }),
    )
    .await
}

pub async fn login_status(app: &TestApp, email: &str, password: &str) -> Result<StatusCode> {
    Ok(login_raw(app, email, password).await?.status())
}

pub async fn me(app: &TestApp, user: &TestUser) -> Result<Value> {
    let response = app.as_user(user, Method::GET, "/me").send().await?;
    assert_eq!(response.status(), StatusCode::OK);
    Ok(response.json().await?)
}

pub async fn user_count(app: &TestApp) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&app.db.pool)
        .await?)
}

/// Mails to `email` whose subject contains `subject`, oldest first. Filtering by subject, not
/// taking the newest, because one drain may deliver several mails in any order.
pub async fn mails_to(app: &TestApp, email: &str, subject: &str) -> Result<Vec<Mail>> {
    Ok(app
        .mails()
        .await?
        .into_iter()
        .filter(|m| m.to.contains(email) && m.subject.contains(subject))
        .collect())
}

pub async fn only_mail_to(app: &TestApp, email: &str, subject: &str) -> Result<Mail> {
    let mut mails = mails_to(app, email, subject).await?;
    assert_eq!(mails.len(), 1, "{mails:?}");
    Ok(mails.remove(0))
}

pub async fn verify(app: &TestApp, token: &str) -> Result<reqwest::Response> {
    app.post_json("/auth/verify-email", &json!({ "token": token }))
        .await
}

pub async fn forgot(app: &TestApp, email: &str) -> Result<reqwest::Response> {
    app.post_json("/auth/forgot-password", &json!({ "email": email }))
        .await
}

pub async fn reset(app: &TestApp, token: &str, new_password: &str) -> Result<reqwest::Response> {
    app.post_json(
        "/auth/reset-password",
        &json!({ "token": token, "new_password": new_password }),
    )
    .await
}

/// The wait a 429 asks for: `Retry-After` in whole seconds, the same as the body's
/// `retry_after_secs`.
pub async fn retry_after(response: reqwest::Response) -> Result<u64> {
    let header: u64 = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .context("a 429 without Retry-After")?
        .to_str()?
        .parse()
        .context("Retry-After is not whole seconds")?;
    let body = expect_error(response, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await?;
    assert_eq!(
        body["error"]["details"]["retry_after_secs"].as_u64(),
        Some(header),
        "{body}"
    );
    Ok(header)
}

/// A response's status, with the wait it asked for when it was a 429.
pub async fn status_and_wait(response: reqwest::Response) -> Result<(StatusCode, Option<u64>)> {
    let status = response.status();
    let wait = match status {
        StatusCode::TOO_MANY_REQUESTS => Some(retry_after(response).await?),
        _ => None,
    };
    Ok((status, wait))
}

/// Lets `secs` pass for the per-address throttles (their rows only; the fixed windows keep
/// real time): what a client that obeys `Retry-After` waits, without the test sleeping.
pub async fn let_throttles_wait(app: &TestApp, secs: u64) -> Result<()> {
    sqlx::query(
        "UPDATE address_throttle SET next_at = next_at - make_interval(secs => $1),
                                     last_at = last_at - make_interval(secs => $1)",
    )
    .bind(secs as f64)
    .execute(&app.db.pool)
    .await?;
    Ok(())
}

/// `POST /auth/login` with `client` (which fixes the address), waiting out each 429 as its
/// `Retry-After` says (see [`let_throttles_wait`]): the answer that is not a 429, and the
/// seconds waited. Every wait asked for must be short (a minute at most): addresses are
/// slowed, never shut out.
pub async fn login_obeying_retry_after(
    app: &TestApp,
    client: &reqwest::Client,
    email: &str,
    password: &str,
) -> Result<(reqwest::Response, u64)> {
    let mut waited = 0;
    loop {
        let response = client
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({ "email": email, "password": password }))
            .send()
            .await?;
        if response.status() != StatusCode::TOO_MANY_REQUESTS {
            return Ok((response, waited));
        }
        let secs = retry_after(response).await?;
        ensure!((1..=60).contains(&secs), "asked to wait {secs} s");
        waited += secs;
        ensure!(waited <= 3600, "still refused after an hour of waiting");
        let_throttles_wait(app, secs).await?;
    }
}

/// A client whose requests come from another loopback address (`127.0.0.N`): another
/// person, as the server sees it.
pub fn client_from(last_octet: u8) -> Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, last_octet]))
        .build()?)
}
