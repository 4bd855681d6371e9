//! Rate limits per account: logins and password-reset mails, counted in fixed windows, then
//! 429 with Retry-After.

use anyhow::{Context, Result};
use kakeibo_tests::{PASSWORD, TestApp};
use reqwest::StatusCode;
use serde_json::json;

use super::helpers::{expect_error, login_obeying_retry_after};

/// Which fixed window of `secs` seconds the database clock is in: the limits count per
/// window, so a run that crosses a window's end starts counting again.
async fn window(app: &TestApp, secs: u64) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT floor(extract(epoch FROM now())::float8 / $1)::bigint")
            .bind(secs as f64)
            .fetch_one(&app.db.pool)
            .await?,
    )
}

/// Checks a 429: code `rate_limited` and a `Retry-After` of whole seconds within the window.
async fn expect_rate_limited(response: reqwest::Response, window_secs: u64) -> Result<()> {
    let retry_after: u64 = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .context("no Retry-After")?
        .to_str()?
        .parse()
        .context("Retry-After is not whole seconds")?;
    assert!((1..=window_secs).contains(&retry_after), "{retry_after}");
    let body = expect_error(response, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await?;
    let in_body = body["error"]["details"]["retry_after_secs"]
        .as_u64()
        .context("retry_after_secs")?;
    assert_eq!(retry_after, in_body.max(1), "{body}");
    Ok(())
}

const LOGIN_WINDOW: u64 = 15 * 60;

/// Ten wrong passwords for `email`, then the right one; the eleventh answer, or None when
/// the window ended meanwhile (then the caller repeats with another account).
async fn eleventh_login(app: &TestApp, email: &str) -> Result<Option<reqwest::Response>> {
    let start = window(app, LOGIN_WINDOW).await?;
    for attempt in 0..10 {
        // Differently typed, one account: the limit counts the normalized address.
        let typed = if attempt % 2 == 0 {
            email.to_uppercase()
        } else {
            format!(" {email} ")
        };
        let response = app
            .post_json(
                "/auth/login",
                &json!({ "email": typed, "password": "wrong password here" }),
            )
            .await?;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "attempt {attempt}"
        );
    }
    let eleventh = app
        .post_json(
            "/auth/login",
            &json!({ "email": email, "password": PASSWORD }),
        )
        .await?;
    Ok((window(app, LOGIN_WINDOW).await? == start).then_some(eleventh))
}

#[tokio::test]
async fn login_is_limited_per_account() -> Result<()> {
    let app = TestApp::spawn().await?;
    for email in ["alice@example.com", "bob@example.com", "carol@example.com"] {
        app.verified_user(email).await?;
    }
    let (limited, refused) = match eleventh_login(&app, "alice@example.com").await? {
        Some(response) => ("alice@example.com", response),
        None => (
            "bob@example.com",
            eleventh_login(&app, "bob@example.com")
                .await?
                .context("two window ends in one test")?,
        ),
    };
    // Refused even with the right password: the limit comes before the check.
    expect_rate_limited(refused, LOGIN_WINDOW).await?;
    let again = app
        .post_json(
            "/auth/login",
            &json!({ "email": limited, "password": PASSWORD }),
        )
        .await?;
    assert_eq!(again.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another account from the same address still gets in, after the address's short wait
    // (it failed ten times or more): one account's failures lock out only that account.
    let (other, waited) =
        login_obeying_retry_after(&app, &app.client, "carol@example.com", PASSWORD).await?;
    assert_eq!(other.status(), StatusCode::OK);
    assert!(waited <= 60, "waited {waited} s");
    Ok(())
}

const RESET_WINDOW: u64 = 60 * 60;

/// Four forgot-password requests for `email`: the statuses of the first three and the fourth
/// answer, or None when the window ended meanwhile.
async fn fourth_reset(
    app: &TestApp,
    email: &str,
) -> Result<Option<(Vec<StatusCode>, reqwest::Response)>> {
    let start = window(app, RESET_WINDOW).await?;
    let mut first = Vec::new();
    for _ in 0..3 {
        let response = app
            .post_json("/auth/forgot-password", &json!({ "email": email }))
            .await?;
        first.push(response.status());
    }
    let fourth = app
        .post_json("/auth/forgot-password", &json!({ "email": email }))
        .await?;
    Ok((window(app, RESET_WINDOW).await? == start).then_some((first, fourth)))
}

#[tokio::test]
async fn forgot_password_is_limited_per_account() -> Result<()> {
    let app = TestApp::spawn().await?;
    for email in ["alice@example.com", "bob@example.com", "carol@example.com"] {
        app.verified_user(email).await?;
    }
    let (limited, (first, fourth)) = match fourth_reset(&app, "alice@example.com").await? {
        Some(outcome) => ("alice@example.com", outcome),
        None => (
            "bob@example.com",
            fourth_reset(&app, "bob@example.com")
                .await?
                .context("two window ends in one test")?,
        ),
    };
    assert_eq!(first, [StatusCode::ACCEPTED; 3]);
    expect_rate_limited(fourth, RESET_WINDOW).await?;
    let resets = app
        .mails()
        .await?
        .into_iter()
        .filter(|m| m.to.contains(limited) && m.subject.contains("Reset"))
        .count();
    assert_eq!(resets, 3, "the refused request sent no mail");

    let other = app
        .post_json(
            "/auth/forgot-password",
            &json!({ "email": "carol@example.com" }),
        )
        .await?;
    assert_eq!(other.status(), StatusCode::ACCEPTED);
    Ok(())
}

/// Signing in from many devices is no attack: right passwords do not count, so a run of
/// successful logins never locks the account (nor slows the address), and wrong ones still
/// lock it after ten.
#[tokio::test]
async fn only_failed_logins_count() -> Result<()> {
    let app = TestApp::spawn().await?;
    app.verified_user("dana@example.com").await?;
    for _ in 0..15 {
        app.login("dana@example.com", PASSWORD).await?;
    }
    // Ten failures in one window lock the account (the window may end during the loop:
    // then the count starts again and the loop goes on until it locks).
    for failures_so_far in 0..40 {
        let response = app
            .post_json(
                "/auth/login",
                &json!({ "email": "dana@example.com", "password": "wrong password here" }),
            )
            .await?;
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!(failures_so_far >= 10, "locked after {failures_so_far}");
            return Ok(());
        }
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    anyhow::bail!("40 wrong passwords and still no 429")
}
