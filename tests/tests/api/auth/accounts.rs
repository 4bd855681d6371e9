//! Accounts through the HTTP API: registration rules, e-mail verification, the profile, and
//! what a failed login reveals (passwords: `passwords.rs`; the audit log: `audit_log.rs`).

use anyhow::{Context, Result};
use kakeibo_tests::auth::refresh_cookie_of;
use kakeibo_tests::{Mail, PASSWORD, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::helpers::{
    NEW_PASSWORD, forgot, invalid_fields, login_raw, login_status, mails_to, me, only_mail_to,
    register_raw, reset, user_count, verify,
};
use super::helpers::{expect_error, me_status};

// ---- Registration ----------------------------------------------------------------------

#[tokio::test]
async fn register_rejects_weak_passwords() -> Result<()> {
    let app = TestApp::spawn().await?;
    let email = "alice.smith@example.com";
    for (password, why) in [
        ("k9#mQ2$vL", "nine characters, one too few"),
        ("password123", "on the common list"),
        ("PassWord123", "on the common list, in another case"),
        ("aaaaabbbbbbb", "too few different characters"),
        ("my alice.smith pass", "contains the e-mail's name"),
        (
            "MY ALICE.SMITH PASS",
            "contains the e-mail's name, upper-cased",
        ),
        (&"x1y2z3w4v5".repeat(13), "130 characters, over 128"),
    ] {
        let response = register_raw(&app, email, password).await?;
        assert_eq!(
            invalid_fields(response).await?,
            ["password"],
            "{why}: {password}"
        );
    }
    assert_eq!(
        user_count(&app).await?,
        0,
        "no rejected sign-up made an account"
    );

    // Both edges of the length rule are allowed: exactly 10 and exactly 128 characters.
    let ten = "k9#mQ2$vLp";
    let max = format!("{}ab12cd34", "x1y2z3w4v5".repeat(12));
    assert_eq!(max.chars().count(), 128);
    for (email, password) in [("ten@example.com", ten), ("max@example.com", max.as_str())] {
        let response = register_raw(&app, email, password).await?;
        assert_eq!(response.status(), StatusCode::CREATED, "{password}");
        assert_eq!(login_status(&app, email, password).await?, StatusCode::OK);
    }
    Ok(())
}

#[tokio::test]
async fn register_rejects_invalid_emails() -> Result<()> {
    let app = TestApp::spawn().await?;
    for email in [
        "",
        "   ",
        "alice",
        "alice@",
        "@example.com",
        "a@b",
        "a@@example.com",
        "a b@example.com",
        "<alice@example.com>",
        "alice@.example.com",
        "alice@example.com.",
        "alice,bob@example.com",
    ] {
        let response = register_raw(&app, email, PASSWORD).await?;
        assert_eq!(invalid_fields(response).await?, ["email"], "{email:?}");
    }
    // A bad address and a weak password are reported together.
    let response = register_raw(&app, "alice", "short").await?;
    let mut fields = invalid_fields(response).await?;
    fields.sort();
    assert_eq!(fields, ["email", "password"]);
    assert_eq!(user_count(&app).await?, 0);
    Ok(())
}

#[tokio::test]
async fn register_refuses_a_taken_email_in_any_case_or_spacing() -> Result<()> {
    let app = TestApp::spawn().await?;
    app.register("alice@example.com").await?;
    for again in [
        "alice@example.com",
        "ALICE@example.com",
        "  Alice@Example.Com  ",
    ] {
        let response = register_raw(&app, again, "another good passphrase").await?;
        expect_error(response, StatusCode::CONFLICT, "email_taken").await?;
    }
    assert_eq!(user_count(&app).await?, 1);
    // The refused sign-ups sent no mail; the original password still works.
    assert_eq!(app.mails().await?.len(), 1);
    assert_eq!(
        login_status(&app, "alice@example.com", PASSWORD).await?,
        StatusCode::OK
    );
    Ok(())
}

#[tokio::test]
async fn register_rejects_unknown_fields() -> Result<()> {
    let app = TestApp::spawn().await?;
    let response = app
        .post_json(
            "/auth/register",
            &json!({ "email": "alice@example.com", "password": PASSWORD, "is_admin": true }),
        )
        .await?;
    let body = expect_error(response, StatusCode::BAD_REQUEST, "invalid_json").await?;
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("is_admin")),
        "names the field: {body}"
    );
    assert_eq!(user_count(&app).await?, 0);
    Ok(())
}

// ---- E-mail verification ---------------------------------------------------------------

#[tokio::test]
async fn verification_link_works_once() -> Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.register("alice@example.com").await?;
    let token = only_mail_to(&app, "alice@example.com", "Confirm")
        .await?
        .link_token()?;

    assert_eq!(verify(&app, &token).await?.status(), StatusCode::NO_CONTENT);
    assert_eq!(me(&app, &user).await?["email_verified"], true);
    expect_error(
        verify(&app, &token).await?,
        StatusCode::BAD_REQUEST,
        "invalid_token",
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn unknown_verification_token_is_rejected() -> Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.register("alice@example.com").await?;
    for token in [
        "",
        "not-a-token",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ] {
        expect_error(
            verify(&app, token).await?,
            StatusCode::BAD_REQUEST,
            "invalid_token",
        )
        .await?;
    }
    assert_eq!(me(&app, &user).await?["email_verified"], false);
    Ok(())
}

#[tokio::test]
async fn resending_verification_replaces_the_old_link() -> Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.register("alice@example.com").await?;
    let old = only_mail_to(&app, "alice@example.com", "Confirm")
        .await?
        .link_token()?;

    let resend = app
        .as_user(&user, Method::POST, "/auth/verify-email/resend")
        .send()
        .await?;
    assert_eq!(resend.status(), StatusCode::ACCEPTED);
    let mails = mails_to(&app, "alice@example.com", "Confirm").await?;
    assert_eq!(mails.len(), 2, "a second mail: {mails:?}");
    let new = mails
        .iter()
        .map(Mail::link_token)
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .find(|t| *t != old)
        .context("the new mail carries a new link")?;

    expect_error(
        verify(&app, &old).await?,
        StatusCode::BAD_REQUEST,
        "invalid_token",
    )
    .await?;
    assert_eq!(me(&app, &user).await?["email_verified"], false);
    assert_eq!(verify(&app, &new).await?.status(), StatusCode::NO_CONTENT);
    assert_eq!(me(&app, &user).await?["email_verified"], true);

    let again = app
        .as_user(&user, Method::POST, "/auth/verify-email/resend")
        .send()
        .await?;
    expect_error(again, StatusCode::CONFLICT, "already_verified").await?;
    assert_eq!(
        mails_to(&app, "alice@example.com", "Confirm").await?.len(),
        2
    );
    Ok(())
}

#[tokio::test]
async fn api_tokens_need_a_verified_email() -> Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.register("alice@example.com").await?;
    let create = || {
        app.as_user(&user, Method::POST, "/auth/tokens")
            .json(&json!({ "name": "script", "scopes": ["read"] }))
            .send()
    };
    expect_error(create().await?, StatusCode::FORBIDDEN, "email_not_verified").await?;
    let none: i64 = sqlx::query_scalar("SELECT count(*) FROM api_tokens")
        .fetch_one(&app.db.pool)
        .await?;
    assert_eq!(none, 0);

    // The same session may create one as soon as the address is verified.
    let token = only_mail_to(&app, "alice@example.com", "Confirm")
        .await?
        .link_token()?;
    assert_eq!(verify(&app, &token).await?.status(), StatusCode::NO_CONTENT);
    assert_eq!(create().await?.status(), StatusCode::CREATED);
    Ok(())
}

#[tokio::test]
async fn links_only_work_for_their_purpose() -> Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.register("alice@example.com").await?;
    forgot(&app, "alice@example.com").await?;
    let verify_link = only_mail_to(&app, "alice@example.com", "Confirm")
        .await?
        .link_token()?;
    let reset_link = only_mail_to(&app, "alice@example.com", "Reset")
        .await?
        .link_token()?;

    expect_error(
        verify(&app, &reset_link).await?,
        StatusCode::BAD_REQUEST,
        "invalid_token",
    )
    .await?;
    assert_eq!(me(&app, &user).await?["email_verified"], false);
    expect_error(
        reset(&app, &verify_link, NEW_PASSWORD).await?,
        StatusCode::BAD_REQUEST,
        "invalid_token",
    )
    .await?;
    assert_eq!(
        me_status(&app, &user).await?,
        StatusCode::OK,
        "no reset happened"
    );

    // Neither misuse spent the links.
    assert_eq!(
        verify(&app, &verify_link).await?.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        reset(&app, &reset_link, NEW_PASSWORD).await?.status(),
        StatusCode::NO_CONTENT
    );
    Ok(())
}

// ---- Profile ---------------------------------------------------------------------------

#[tokio::test]
async fn profile_reads_and_updates() -> Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("alice@example.com").await?;
    let patch = |body: Value| app.as_user(&user, Method::PATCH, "/me").json(&body).send();

    let before = me(&app, &user).await?;
    assert_eq!(before["id"], user.id.to_string());
    assert_eq!(before["email"], "alice@example.com");
    assert_eq!(before["time_zone"], "UTC");
    assert_eq!(before["base_currency"], "EUR");
    assert_eq!(before["locale"], "en");
    assert_eq!(before["two_factor_enabled"], false);

    let response = patch(json!({
        "display_name": "  Alice  ",
        "time_zone": "Europe/Berlin",
        "base_currency": "USD",
        "locale": "de-CH",
    }))
    .await?;
    assert_eq!(response.status(), StatusCode::OK);
    let updated: Value = response.json().await?;
    assert_eq!(updated["display_name"], "Alice", "trimmed");
    assert_eq!(updated["time_zone"], "Europe/Berlin");
    assert_eq!(updated["base_currency"], "USD");
    assert_eq!(updated["locale"], "de-CH");
    assert_eq!(
        me(&app, &user).await?,
        updated,
        "PATCH answers what GET reads"
    );

    for (body, field) in [
        (json!({ "time_zone": "Mars/Olympus" }), "time_zone"),
        (json!({ "time_zone": "Europe/Berlin; DROP" }), "time_zone"),
        (json!({ "base_currency": "usd" }), "base_currency"),
        (json!({ "base_currency": "EURO" }), "base_currency"),
        (json!({ "locale": "en_US" }), "locale"),
        (json!({ "display_name": "x".repeat(101) }), "display_name"),
    ] {
        assert_eq!(
            invalid_fields(patch(body.clone()).await?).await?,
            [field],
            "{body}"
        );
    }
    expect_error(
        patch(json!({ "email": "mallory@example.com" })).await?,
        StatusCode::BAD_REQUEST,
        "invalid_json",
    )
    .await?;
    assert_eq!(
        me(&app, &user).await?,
        updated,
        "refused changes left no trace"
    );

    // Omitted fields keep their values.
    let response = patch(json!({ "display_name": "Alice S." })).await?;
    let partial: Value = response.json().await?;
    assert_eq!(partial["display_name"], "Alice S.");
    assert_eq!(partial["time_zone"], "Europe/Berlin");
    assert_eq!(partial["base_currency"], "USD");
    Ok(())
}

// ---- Login -----------------------------------------------------------------------------

#[tokio::test]
async fn failed_logins_do_not_reveal_whether_the_account_exists() -> Result<()> {
    let app = TestApp::spawn().await?;
    app.verified_user("alice@example.com").await?;

    let wrong_password = login_raw(&app, "alice@example.com", "not the password").await?;
    assert!(refresh_cookie_of(&wrong_password).is_none(), "no session");
    let wrong = expect_error(
        wrong_password,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await?;
    let unknown = expect_error(
        login_raw(&app, "nobody@example.com", PASSWORD).await?,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await?;
    assert_eq!(wrong, unknown, "the same answer, word for word");

    let sessions: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions")
        .fetch_one(&app.db.pool)
        .await?;
    assert_eq!(sessions, 1, "only the sign-up's session exists");
    Ok(())
}
