//! Accounts through the HTTP API: registration rules, e-mail verification, password reset
//! and change, the profile, the audit log, and what a failed login reveals.

use anyhow::{Context, Result};
use kakeibo_tests::auth::refresh_cookie_of;
use kakeibo_tests::{Mail, PASSWORD, TestApp, TestUser};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::helpers::{expect_error, me_status, refresh_status};

const NEW_PASSWORD: &str = "a brand new passphrase 42";

/// The fields a 422 names, after checking the validation envelope.
async fn invalid_fields(response: reqwest::Response) -> Result<Vec<String>> {
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

async fn register_raw(app: &TestApp, email: &str, password: &str) -> Result<reqwest::Response> {
    app.post_json(
        "/auth/register",
        &json!({ "email": email, "password": password }),
    )
    .await
}

async fn login_raw(app: &TestApp, email: &str, password: &str) -> Result<reqwest::Response> {
    app.post_json(
        "/auth/login",
        &json!({ "email": email, "password": password }),
    )
    .await
}

async fn login_status(app: &TestApp, email: &str, password: &str) -> Result<StatusCode> {
    Ok(login_raw(app, email, password).await?.status())
}

async fn me(app: &TestApp, user: &TestUser) -> Result<Value> {
    let response = app.as_user(user, Method::GET, "/me").send().await?;
    assert_eq!(response.status(), StatusCode::OK);
    Ok(response.json().await?)
}

async fn user_count(app: &TestApp) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&app.db.pool)
        .await?)
}

/// Mails to `email` whose subject contains `subject`, oldest first. Filtering by subject, not
/// taking the newest, because one drain may deliver several mails in any order.
async fn mails_to(app: &TestApp, email: &str, subject: &str) -> Result<Vec<Mail>> {
    Ok(app
        .mails()
        .await?
        .into_iter()
        .filter(|m| m.to.contains(email) && m.subject.contains(subject))
        .collect())
}

async fn only_mail_to(app: &TestApp, email: &str, subject: &str) -> Result<Mail> {
    let mut mails = mails_to(app, email, subject).await?;
    assert_eq!(mails.len(), 1, "{mails:?}");
    Ok(mails.remove(0))
}

async fn verify(app: &TestApp, token: &str) -> Result<reqwest::Response> {
    app.post_json("/auth/verify-email", &json!({ "token": token }))
        .await
}

async fn forgot(app: &TestApp, email: &str) -> Result<reqwest::Response> {
    app.post_json("/auth/forgot-password", &json!({ "email": email }))
        .await
}

async fn reset(app: &TestApp, token: &str, new_password: &str) -> Result<reqwest::Response> {
    app.post_json(
        "/auth/reset-password",
        &json!({ "token": token, "new_password": new_password }),
    )
    .await
}

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

// ---- Audit log -------------------------------------------------------------------------

/// `/audit-log` with `query` form-encoded (a cursor holds `+` and `:`).
fn audit_path(query: &[(&str, &str)]) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(query)
        .finish();
    format!("/audit-log?{query}")
}

async fn audit_page(app: &TestApp, user: &TestUser, query: &[(&str, &str)]) -> Result<Value> {
    let response = app
        .as_user(user, Method::GET, &audit_path(query))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    Ok(response.json().await?)
}

fn event_names(page: &Value) -> Vec<String> {
    page["events"]
        .as_array()
        .map(|events| {
            events
                .iter()
                .filter_map(|e| e["event"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn event_ids(page: &Value) -> Vec<String> {
    page["events"]
        .as_array()
        .map(|events| {
            events
                .iter()
                .filter_map(|e| e["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn audit_log_lists_own_events_newest_first_and_paginates() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.register("alice@example.com").await?;
    assert_eq!(
        login_status(&app, "alice@example.com", "not the password").await?,
        StatusCode::UNAUTHORIZED
    );
    app.login("alice@example.com", PASSWORD).await?;

    let all = audit_page(&app, &alice, &[]).await?;
    assert_eq!(
        event_names(&all),
        ["login.succeeded", "login.failed", "account.registered"]
    );
    assert_eq!(
        all["next_cursor"],
        Value::Null,
        "everything fit on one page"
    );
    let failed = &all["events"][1];
    assert_eq!(failed["details"]["reason"], "password");
    assert_eq!(failed["ip"], "127.0.0.1");

    // One event per page, following next_cursor, walks the same list without repeats.
    let mut walked = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..10 {
        let mut query = vec![("limit", "1")];
        if let Some(c) = &cursor {
            query.push(("before", c.as_str()));
        }
        let page = audit_page(&app, &alice, &query).await?;
        let ids = event_ids(&page);
        assert!(ids.len() <= 1, "{page}");
        walked.extend(ids);
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => break,
        }
    }
    assert_eq!(walked, event_ids(&all));

    for bad in ["nonsense", "2026-01-01T00:00:00+00:00_not-a-uuid", "_"] {
        let response = app
            .as_user(&alice, Method::GET, &audit_path(&[("before", bad)]))
            .send()
            .await?;
        expect_error(response, StatusCode::BAD_REQUEST, "invalid_cursor").await?;
    }

    // Bob sees his own events only, even when handed Alice's cursor.
    let bob = app.register("bob@example.com").await?;
    let bobs = audit_page(&app, &bob, &[]).await?;
    assert_eq!(event_names(&bobs), ["account.registered"]);
    let alices_ids = event_ids(&all);
    let first_cursor = audit_page(&app, &alice, &[("limit", "1")]).await?["next_cursor"]
        .as_str()
        .context("a cursor")?
        .to_string();
    let with_cursor = audit_page(&app, &bob, &[("before", first_cursor.as_str())]).await?;
    for page in [&bobs, &with_cursor] {
        assert!(
            event_ids(page).iter().all(|id| !alices_ids.contains(id)),
            "{page}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn audit_log_cursor_works_pasted_into_the_url() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.register("alice@example.com").await?;
    app.login("alice@example.com", PASSWORD).await?;
    let first = audit_page(&app, &alice, &[("limit", "1")]).await?;
    let cursor = first["next_cursor"].as_str().context("a cursor")?;
    // What a client building `?before=${next_cursor}` by hand sends.
    let response = app
        .as_user(
            &alice,
            Method::GET,
            &format!("/audit-log?limit=1&before={cursor}"),
        )
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    let second: Value = response.json().await?;
    assert_eq!(event_names(&second), ["account.registered"]);
    Ok(())
}

#[tokio::test]
async fn audit_log_bad_limit_gets_the_error_envelope() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.register("alice@example.com").await?;
    let response = app
        .as_user(&alice, Method::GET, "/audit-log?limit=abc")
        .send()
        .await?;
    // A value that does not parse is 422 naming the parameter, as on every query string.
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = response.text().await?;
    let body: Value = serde_json::from_str(&text).with_context(|| format!("not JSON: {text}"))?;
    assert!(body["error"]["code"].is_string(), "{body}");
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
