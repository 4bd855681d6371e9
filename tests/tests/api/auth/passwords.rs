//! Passwords through the HTTP API: reset by e-mail link (once, expiring, ending every
//! session) and change (keeping this session, ending the others).

use anyhow::Result;
use kakeibo_tests::{PASSWORD, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::helpers::{NEW_PASSWORD, forgot, invalid_fields, login_status, me, only_mail_to, reset};
use super::helpers::{expect_error, me_status, refresh_status};

// ---- Password reset --------------------------------------------------------------------

#[tokio::test]
async fn forgot_password_answers_alike_but_mails_only_real_accounts() -> Result<()> {
    let app = TestApp::spawn().await?;
    app.verified_user("alice@example.com").await?;

    let known = forgot(&app, " Alice@Example.com").await?;
    let unknown = forgot(&app, "nobody@example.com").await?;
    assert_eq!(known.status(), StatusCode::ACCEPTED);
    assert_eq!(unknown.status(), StatusCode::ACCEPTED);
    assert_eq!(known.text().await?, unknown.text().await?, "same body");

    let mail = only_mail_to(&app, "alice@example.com", "Reset").await?;
    assert!(mail.body.contains("/reset-password?token="), "{mail:?}");
    let mails = app.mails().await?;
    assert!(
        !mails.iter().any(|m| m.to.contains("nobody@example.com")),
        "{mails:?}"
    );
    Ok(())
}

#[tokio::test]
async fn password_reset_sets_the_password_once_and_ends_every_session() -> Result<()> {
    let app = TestApp::spawn().await?;
    // Not verified yet: the reset link reaching the inbox proves the address too.
    let first = app.register("alice@example.com").await?;
    let second = app.login("alice@example.com", PASSWORD).await?;

    assert_eq!(
        forgot(&app, "alice@example.com").await?.status(),
        StatusCode::ACCEPTED
    );
    let token = only_mail_to(&app, "alice@example.com", "Reset")
        .await?
        .link_token()?;
    assert_eq!(
        reset(&app, &token, NEW_PASSWORD).await?.status(),
        StatusCode::NO_CONTENT
    );

    for session in [&first, &second] {
        assert_eq!(me_status(&app, session).await?, StatusCode::UNAUTHORIZED);
        assert_eq!(
            refresh_status(&app, session).await?,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        login_status(&app, "alice@example.com", PASSWORD).await?,
        StatusCode::UNAUTHORIZED
    );
    let fresh = app.login("alice@example.com", NEW_PASSWORD).await?;
    assert_eq!(me(&app, &fresh).await?["email_verified"], true);

    // The link is spent.
    expect_error(
        reset(&app, &token, "yet another passphrase").await?,
        StatusCode::BAD_REQUEST,
        "invalid_token",
    )
    .await?;
    assert_eq!(me_status(&app, &fresh).await?, StatusCode::OK);
    assert_eq!(
        login_status(&app, "alice@example.com", NEW_PASSWORD).await?,
        StatusCode::OK
    );
    Ok(())
}

#[tokio::test]
async fn expired_reset_link_is_rejected() -> Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("alice@example.com").await?;
    forgot(&app, "alice@example.com").await?;
    let token = only_mail_to(&app, "alice@example.com", "Reset")
        .await?
        .link_token()?;
    sqlx::query(
        "UPDATE email_tokens SET expires_at = now() - interval '1 minute'
         WHERE purpose = 'reset_password'",
    )
    .execute(&app.db.pool)
    .await?;

    expect_error(
        reset(&app, &token, NEW_PASSWORD).await?,
        StatusCode::BAD_REQUEST,
        "invalid_token",
    )
    .await?;
    // Nothing changed: the old password and the session still work.
    assert_eq!(me_status(&app, &user).await?, StatusCode::OK);
    assert_eq!(
        login_status(&app, "alice@example.com", PASSWORD).await?,
        StatusCode::OK
    );
    assert_eq!(
        login_status(&app, "alice@example.com", NEW_PASSWORD).await?,
        StatusCode::UNAUTHORIZED
    );
    Ok(())
}

#[tokio::test]
async fn reset_refuses_a_weak_password_without_using_up_the_link() -> Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("alice@example.com").await?;
    forgot(&app, "alice@example.com").await?;
    let token = only_mail_to(&app, "alice@example.com", "Reset")
        .await?
        .link_token()?;

    for weak in ["short", "password123", "alice is my name"] {
        let response = reset(&app, &token, weak).await?;
        assert_eq!(invalid_fields(response).await?, ["new_password"], "{weak}");
    }
    // Nothing happened: the session lives, the old password works, the link still does.
    assert_eq!(me_status(&app, &user).await?, StatusCode::OK);
    assert_eq!(
        login_status(&app, "alice@example.com", PASSWORD).await?,
        StatusCode::OK
    );
    assert_eq!(
        reset(&app, &token, NEW_PASSWORD).await?.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        login_status(&app, "alice@example.com", NEW_PASSWORD).await?,
        StatusCode::OK
    );
    Ok(())
}

// ---- Change password -------------------------------------------------------------------

#[tokio::test]
async fn change_password_keeps_this_session_and_ends_the_others() -> Result<()> {
    let app = TestApp::spawn().await?;
    let current = app.verified_user("alice@example.com").await?;
    let other = app.login("alice@example.com", PASSWORD).await?;
    let change = |current_password: &str, new_password: &str| {
        app.as_user(&current, Method::POST, "/auth/password")
            .json(&json!({ "current_password": current_password, "new_password": new_password }))
            .send()
    };

    expect_error(
        change("not my password at all", NEW_PASSWORD).await?,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await?;
    assert_eq!(
        invalid_fields(change(PASSWORD, "password123").await?).await?,
        ["new_password"]
    );
    // Neither failure changed anything.
    assert_eq!(me_status(&app, &other).await?, StatusCode::OK);

    let done = change(PASSWORD, NEW_PASSWORD).await?;
    assert_eq!(done.status(), StatusCode::NO_CONTENT);
    assert_eq!(me_status(&app, &current).await?, StatusCode::OK);
    assert_eq!(refresh_status(&app, &current).await?, StatusCode::OK);
    assert_eq!(me_status(&app, &other).await?, StatusCode::UNAUTHORIZED);
    assert_eq!(
        refresh_status(&app, &other).await?,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login_status(&app, "alice@example.com", PASSWORD).await?,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login_status(&app, "alice@example.com", NEW_PASSWORD).await?,
        StatusCode::OK
    );
    Ok(())
}
