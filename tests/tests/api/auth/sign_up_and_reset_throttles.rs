//! Sign-ups and password-reset requests from one address were a hard limit of ten an hour:
//! the eleventh person behind a shared address (an office, a proxy without
//! `trust_proxy_headers`) was refused until the hour ended. Now the address is slowed by
//! growing delays (five minutes at most), and other addresses are not touched.

use anyhow::Result;
use kakeibo_tests::{PASSWORD, TestApp};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::helpers::{client_from, status_and_wait};

/// Sends `count` requests to `path` from `client`, one body each, ignoring `Retry-After`:
/// each status, with the wait a 429 asked for.
async fn send_all(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    bodies: impl Iterator<Item = Value>,
) -> Result<Vec<(StatusCode, Option<u64>)>> {
    let mut answers = Vec::new();
    for body in bodies {
        let response = client.post(app.url(path)).json(&body).send().await?;
        answers.push(status_and_wait(response).await?);
    }
    Ok(answers)
}

fn sign_up(email: String) -> Value {
    json!({ "email": email, "password": PASSWORD })
}

#[tokio::test]
async fn sign_ups_from_one_address_slow_down_without_locking_out_the_next_person() -> Result<()> {
    let app = TestApp::spawn().await?;
    let office = client_from(41)?;
    let bodies = (0..12).map(|i| sign_up(format!("colleague-{i}@example.com")));
    let answers = send_all(&app, &office, "/api/v1/auth/register", bodies).await?;
    let statuses: Vec<StatusCode> = answers.iter().map(|(s, _)| *s).collect();
    // Ten free, the eleventh sets a wait of a second, the twelfth (at once) is asked to wait.
    assert_eq!(statuses[..11], [StatusCode::CREATED; 11], "{answers:?}");
    assert_eq!(
        answers[11],
        (StatusCode::TOO_MANY_REQUESTS, Some(1)),
        "{answers:?}"
    );

    // Someone at another address signs up at once.
    let elsewhere = client_from(42)?;
    let response = elsewhere
        .post(app.url("/api/v1/auth/register"))
        .json(&sign_up("neighbour@example.com".into()))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::CREATED);

    // The next person at the office, obeying the wait, gets in: a delay, not a lockout.
    tokio::time::sleep(std::time::Duration::from_secs(answers[11].1.unwrap_or(1))).await;
    let response = office
        .post(app.url("/api/v1/auth/register"))
        .json(&sign_up("colleague-11@example.com".into()))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::CREATED);
    let colleagues: i64 =
        sqlx::query_scalar("SELECT count(*) FROM users WHERE email LIKE 'colleague-%'")
            .fetch_one(&app.db.pool)
            .await?;
    assert_eq!(
        colleagues, 12,
        "eleven, then the one who waited; the refused request made none"
    );
    Ok(())
}

#[tokio::test]
async fn reset_requests_from_one_address_slow_down_and_other_addresses_go_on() -> Result<()> {
    let app = TestApp::spawn().await?;
    let owner = app.verified_user("owner@example.com").await?;
    let shared = client_from(43)?;
    let bodies = (0..12).map(|i| json!({ "email": format!("someone-{i}@example.com") }));
    let answers = send_all(&app, &shared, "/api/v1/auth/forgot-password", bodies).await?;
    let statuses: Vec<StatusCode> = answers.iter().map(|(s, _)| *s).collect();
    assert_eq!(statuses[..11], [StatusCode::ACCEPTED; 11], "{answers:?}");
    assert_eq!(
        answers[11],
        (StatusCode::TOO_MANY_REQUESTS, Some(1)),
        "{answers:?}"
    );

    // The account's owner, elsewhere, asks for a link and gets one.
    let response = client_from(44)?
        .post(app.url("/api/v1/auth/forgot-password"))
        .json(&json!({ "email": "owner@example.com" }))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let links: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM email_tokens WHERE user_id = $1 AND purpose = 'reset_password'",
    )
    .bind(owner.id)
    .fetch_one(&app.db.pool)
    .await?;
    assert_eq!(links, 1);
    Ok(())
}
