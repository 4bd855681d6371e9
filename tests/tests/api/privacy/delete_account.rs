//! `POST /privacy/delete-account`: the owner's password (and 2FA code) or nothing happens;
//! the account is deactivated at once and erased after the grace period by the retention
//! sweep; logging in meanwhile cancels and leaves every row; a grace period of 0 erases at
//! once.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use kakeibo_privacy::jobs::{QUEUE, RetentionSweep};
use kakeibo_privacy::scan::{Subject, verify_erasure};
use kakeibo_tests::http::{account, call, expect};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::world::World;
use crate::auth::two_factor::{TwoFactorUser, challenge, second_factor, user_with_2fa};

const DELETE: &str = "/privacy/delete-account";

async fn delete(
    app: &TestApp,
    user: &TestUser,
    body: Value,
) -> anyhow::Result<(StatusCode, Value)> {
    call(app, user, Method::POST, DELETE, Some(body)).await
}

/// Rows of what the user keeps, leaving out what a deactivation and a login change
/// (sessions, the audit log, the Telegram link).
fn data_rows(mut rows: BTreeMap<String, i64>) -> BTreeMap<String, i64> {
    for credential in [
        "sessions",
        "refresh_tokens",
        "audit_log",
        "telegram_links",
        "telegram_conversations",
        "telegram_callbacks",
        "telegram_link_codes",
    ] {
        rows.remove(credential);
    }
    rows
}

async fn status_with_bearer(app: &TestApp, bearer: &str) -> anyhow::Result<StatusCode> {
    Ok(app
        .api(Method::GET, "/me")
        .header("authorization", bearer)
        .send()
        .await?
        .status())
}

#[tokio::test]
async fn deleting_deactivates_at_once_and_logging_in_cancels() -> anyhow::Result<()> {
    let world = World::start().await?;
    let ana = world
        .user_with_everything("ana.leaving@example.com", 700_000_000_789)
        .await?;
    let app = &world.bot.app;
    let token = expect(
        app,
        &ana.user,
        Method::POST,
        "/auth/tokens",
        Some(json!({ "name": "export script", "scopes": ["read"] })),
        StatusCode::CREATED,
    )
    .await?;
    let api_token = format!("Bearer {}", token["token"].as_str().unwrap());
    assert_eq!(status_with_bearer(app, &api_token).await?, StatusCode::OK);
    let before = data_rows(world.rows_of(ana.user.id).await?);

    // An API token cannot delete the account, whatever it knows.
    let by_token = app
        .api(Method::POST, DELETE)
        .header("authorization", &api_token)
        .json(&json!({ "password": ana.user.password }))
        .send()
        .await?;
    assert_eq!(by_token.status(), StatusCode::FORBIDDEN);
    let (status, body) = delete(app, &ana.user, json!({ "password": "not my password" })).await?;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(
        status_with_bearer(app, &ana.user.bearer()).await?,
        StatusCode::OK,
        "nothing happened"
    );

    let asked = Utc::now();
    let (status, body) = delete(app, &ana.user, json!({ "password": ana.user.password })).await?;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body["erased"], false);
    let erase_after: DateTime<Utc> = body["erase_after"].as_str().unwrap().parse()?;
    assert!(
        erase_after >= asked + Duration::days(7) && erase_after <= Utc::now() + Duration::days(7)
    );

    // Deactivated: the session, its refresh token, the API token and the chat stop working.
    assert_eq!(
        status_with_bearer(app, &ana.user.bearer()).await?,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        status_with_bearer(app, &api_token).await?,
        StatusCode::UNAUTHORIZED
    );
    let refreshed = app
        .api(Method::POST, "/auth/refresh")
        .header("cookie", &ana.user.refresh_cookie)
        .send()
        .await?;
    assert_eq!(refreshed.status(), StatusCode::UNAUTHORIZED);
    let reply = world.bot.ask(&ana.chat, "/summary").await;
    assert!(reply.plain().contains("not linked"), "{reply:?}");
    assert_eq!(
        data_rows(world.rows_of(ana.user.id).await?),
        before,
        "nothing erased yet"
    );

    // Logging in within the grace period cancels: the sweep after it erases nothing.
    let again = app.login(&ana.user.email, &ana.user.password).await?;
    assert_eq!(
        status_with_bearer(app, &again.bearer()).await?,
        StatusCode::OK
    );
    sweep_at(app, erase_after + Duration::days(1)).await?;
    assert_eq!(
        data_rows(world.rows_of(ana.user.id).await?),
        before,
        "a cancelled deletion keeps everything"
    );
    Ok(())
}

/// The retention sweep as its cron tick at `now` queues it, run by the workers.
async fn sweep_at(app: &TestApp, now: DateTime<Utc>) -> anyhow::Result<()> {
    let mut conn = app.db.pool.acquire().await?;
    kakeibo_core::jobs::enqueue_in(
        &mut conn,
        QUEUE,
        &RetentionSweep { requested_at: now },
        None,
    )
    .await?;
    drop(conn);
    app.drain_jobs().await
}

async fn user_exists(app: &TestApp, user: &TestUser) -> anyhow::Result<bool> {
    Ok(kakeibo_auth::user_id_by_email(&app.db.pool, &user.email)
        .await?
        .is_some())
}

#[tokio::test]
async fn the_retention_sweep_erases_accounts_past_their_grace_period() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(|s| s.privacy.erasure_grace_days = 3).await?;
    let bo = app.verified_user("bo@example.com").await?;
    let kept = app.verified_user("kept@example.com").await?;
    account(&app, &bo, "Checking").await?;
    account(&app, &kept, "Checking").await?;

    let (status, body) = delete(&app, &bo, json!({ "password": bo.password })).await?;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let erase_after: DateTime<Utc> = body["erase_after"].as_str().unwrap().parse()?;

    sweep_at(&app, erase_after - Duration::seconds(1)).await?;
    assert!(
        user_exists(&app, &bo).await?,
        "erased before the grace period ended"
    );
    sweep_at(&app, erase_after).await?;
    assert!(!user_exists(&app, &bo).await?);
    let subject = Subject {
        user_id: bo.id,
        email: Some(bo.email.clone()),
        chat_id: None,
    };
    assert_eq!(
        verify_erasure(&app.db.pool, &subject, &app.settings.email.outbox_dir).await?,
        vec![]
    );
    assert!(user_exists(&app, &kept).await?);
    Ok(())
}

#[tokio::test]
async fn a_grace_period_of_zero_erases_at_once() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(|s| s.privacy.erasure_grace_days = 0).await?;
    let cy = app.verified_user("cy@example.com").await?;
    account(&app, &cy, "Checking").await?;
    let (status, body) = delete(&app, &cy, json!({ "password": cy.password })).await?;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body["erased"], true);
    let subject = Subject {
        user_id: cy.id,
        email: Some(cy.email.clone()),
        chat_id: None,
    };
    assert_eq!(
        verify_erasure(&app.db.pool, &subject, &app.settings.email.outbox_dir).await?,
        vec![]
    );
    Ok(())
}

#[tokio::test]
async fn with_2fa_on_a_code_is_needed_and_guessing_is_rate_limited() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let dee = user_with_2fa(&app, "dee@example.com").await?;
    let user = &dee.user;

    let (status, body) = delete(&app, user, json!({ "password": user.password })).await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = delete(
        &app,
        user,
        json!({ "password": user.password, "code": dee.wrong_code() }),
    )
    .await?;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");

    let (status, body) = delete(
        &app,
        user,
        json!({ "password": user.password, "code": dee.recovery_codes[0] }),
    )
    .await?;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");

    // Guessing someone's password from a stolen session: 10 tries per 15 minutes.
    let eve = app.verified_user("eve@example.com").await?;
    let mut statuses = Vec::new();
    for _ in 0..11 {
        statuses.push(delete(&app, &eve, json!({ "password": "guess" })).await?.0);
    }
    assert_eq!(statuses[..10], [StatusCode::UNAUTHORIZED; 10]);
    assert_eq!(statuses[10], StatusCode::TOO_MANY_REQUESTS);
    assert!(user_exists(&app, &eve).await?);
    Ok(())
}

/// `POST /auth/login` with the password: the whole answer.
async fn password_login(app: &TestApp, user: &TestUser) -> anyhow::Result<Value> {
    let response = app
        .post_json(
            "/auth/login",
            &json!({ "email": user.email, "password": user.password }),
        )
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    Ok(response.json().await?)
}

/// The password step and then a recovery code (each usable once, unlike a time step).
async fn two_factor_login(
    app: &TestApp,
    user: &TwoFactorUser,
    nth: usize,
) -> anyhow::Result<Value> {
    let token = challenge(app, &user.user).await?;
    let response = second_factor(app, &token, "recovery_code", &user.recovery_codes[nth]).await?;
    assert_eq!(response.status(), StatusCode::OK);
    Ok(response.json().await?)
}

#[tokio::test]
async fn the_login_that_cancels_a_deletion_says_so_once() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let fay = app.verified_user("fay@example.com").await?;
    account(&app, &fay, "Checking").await?;
    assert_eq!(
        password_login(&app, &fay).await?["deletion_cancelled"],
        false
    );

    let (status, body) = delete(&app, &fay, json!({ "password": fay.password })).await?;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let first = password_login(&app, &fay).await?;
    assert_eq!(first["deletion_cancelled"], true, "{first}");
    assert!(first["access_token"].is_string(), "{first}");
    assert_eq!(
        password_login(&app, &fay).await?["deletion_cancelled"],
        false
    );

    // The same through the 2FA step; the password step is only a challenge and says nothing.
    let gus = user_with_2fa(&app, "gus@example.com").await?;
    let (status, body) = delete(
        &app,
        &gus.user,
        json!({ "password": gus.user.password, "code": gus.recovery_codes[0] }),
    )
    .await?;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let first = two_factor_login(&app, &gus, 1).await?;
    assert_eq!(first["deletion_cancelled"], true, "{first}");
    assert!(first["access_token"].is_string(), "{first}");
    assert_eq!(
        two_factor_login(&app, &gus, 2).await?["deletion_cancelled"],
        false
    );
    Ok(())
}

/// The dashboard tells the grace period before the password is asked, and the export's
/// lifetime before one is asked for: both come from the server's settings.
#[tokio::test]
async fn the_privacy_terms_are_the_servers_settings() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(|s| {
        s.privacy.erasure_grace_days = 3;
        s.privacy.export_expiry_days = 2;
    })
    .await?;
    let ed = app.verified_user("ed@example.com").await?;
    let terms = expect(
        &app,
        &ed,
        Method::GET,
        "/privacy/settings",
        None,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(
        terms,
        json!({ "erasure_grace_days": 3, "export_expiry_days": 2 })
    );
    let anonymous = app.api(Method::GET, "/privacy/settings").send().await?;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    Ok(())
}
