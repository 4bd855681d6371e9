//! TOTP two-factor authentication: enrollment, the login challenge, single-use codes,
//! recovery codes and switching it off.
//!
//! The server accepts a code once, and only for a time step newer than the last accepted one;
//! `confirm` consumes the current step. Tests never wait for the clock: they compute the code
//! of another time instead (`code_at(+30)` is the next step, accepted thanks to the ±1 skew).

use anyhow::{Context, Result, ensure};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use kakeibo_tests::auth::refresh_cookie_of;
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};

use super::helpers::audit_events;
use serde_json::{Value, json};
use totp_rs::{Algorithm, Builder, Secret, Totp};

use super::attacks::{assert_error, sign_with_server_key};

const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

/// A registered user with 2FA switched on.
pub(crate) struct TwoFactorUser {
    pub user: TestUser,
    pub totp: Totp,
    pub secret_base32: String,
    pub recovery_codes: Vec<String>,
}

impl TwoFactorUser {
    /// The code of the step `offset_secs` from now.
    pub fn code_at(&self, offset_secs: i64) -> String {
        code_at(&self.totp, offset_secs)
    }

    pub fn wrong_code(&self) -> String {
        wrong_code(&self.totp)
    }
}

fn totp_from(secret_base32: &str) -> Result<Totp> {
    let secret = Secret::try_from_base32(secret_base32)
        .map_err(|e| anyhow::anyhow!("secret_base32 is not base32: {e}"))?;
    Builder::new()
        .with_secret(secret)
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_skew(1)
        .build()
        .map_err(|e| anyhow::anyhow!("building the TOTP: {e}"))
}

/// A six-digit code that matches no step the server would accept right now.
fn wrong_code(totp: &Totp) -> String {
    let valid: Vec<String> = (-2..=2).map(|s| code_at(totp, s * 30)).collect();
    (0..)
        .map(|n| format!("{n:06}"))
        .find(|c| !valid.contains(c))
        .expect("some six-digit code is wrong")
}

fn code_at(totp: &Totp, offset_secs: i64) -> String {
    let time = chrono::Utc::now().timestamp() + offset_secs;
    totp.generate(u64::try_from(time).expect("after 1970"))
        .to_string()
}

/// `POST /auth/2fa/enable` as `user`: the enrollment body.
async fn enable(app: &TestApp, user: &TestUser) -> Result<Value> {
    let response = app
        .as_user(user, Method::POST, "/auth/2fa/enable")
        .send()
        .await?;
    ensure!(
        response.status() == StatusCode::OK,
        "enable: {}",
        response.status()
    );
    Ok(response.json().await?)
}

async fn confirm(app: &TestApp, user: &TestUser, code: &str) -> Result<reqwest::Response> {
    Ok(app
        .as_user(user, Method::POST, "/auth/2fa/confirm")
        .json(&json!({ "code": code }))
        .send()
        .await?)
}

/// Registers `email` and switches 2FA on with the current code (1 of the 5 per-account 2FA
/// attempts of the rate-limit window).
pub(crate) async fn user_with_2fa(app: &TestApp, email: &str) -> Result<TwoFactorUser> {
    let user = app.register(email).await?;
    let enrollment = enable(app, &user).await?;
    let secret_base32 = enrollment["secret_base32"]
        .as_str()
        .context("secret_base32")?
        .to_string();
    let totp = totp_from(&secret_base32)?;
    let response = confirm(app, &user, &code_at(&totp, 0)).await?;
    ensure!(
        response.status() == StatusCode::OK,
        "confirm: {}",
        response.status()
    );
    let body: Value = response.json().await?;
    let recovery_codes = body["recovery_codes"]
        .as_array()
        .context("recovery_codes")?
        .iter()
        .map(|c| c.as_str().map(str::to_string).context("a recovery code"))
        .collect::<Result<_>>()?;
    Ok(TwoFactorUser {
        user,
        totp,
        secret_base32,
        recovery_codes,
    })
}

/// The password step of a 2FA login: the challenge token.
pub(crate) async fn challenge(app: &TestApp, user: &TestUser) -> Result<String> {
    let response = app
        .post_json(
            "/auth/login",
            &json!({ "email": user.email, "password": user.password }),
        )
        .await?;
    ensure!(
        response.status() == StatusCode::OK,
        "login: {}",
        response.status()
    );
    let body: Value = response.json().await?;
    ensure!(body["two_factor_required"] == true, "no challenge: {body}");
    Ok(body["challenge_token"]
        .as_str()
        .context("challenge_token")?
        .to_string())
}

/// `POST /auth/login/2fa` with `code` or `recovery_code`.
pub(crate) async fn second_factor(
    app: &TestApp,
    challenge_token: &str,
    field: &str,
    code: &str,
) -> Result<reqwest::Response> {
    app.post_json(
        "/auth/login/2fa",
        &json!({ "challenge_token": challenge_token, field: code }),
    )
    .await
}

async fn me(app: &TestApp, user: &TestUser) -> Result<Value> {
    let response = app.as_user(user, Method::GET, "/me").send().await?;
    ensure!(
        response.status() == StatusCode::OK,
        "me: {}",
        response.status()
    );
    Ok(response.json().await?)
}

#[tokio::test]
async fn enrollment_gives_a_qr_code_and_needs_a_correct_code() -> Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.register("enroll@example.com").await?;

    let enrollment = enable(&app, &user).await?;
    let secret = enrollment["secret_base32"].as_str().context("secret")?;
    let png = STANDARD.decode(enrollment["qr_png_base64"].as_str().context("qr")?)?;
    assert!(png.starts_with(PNG_MAGIC), "not a PNG");
    let url = enrollment["otpauth_url"].as_str().context("url")?;
    assert!(url.starts_with("otpauth://totp/"), "{url}");
    assert!(url.contains(&format!("secret={secret}")), "{url}");
    let totp = totp_from(secret)?;

    // Still off until a code proves the authenticator has the secret.
    assert_eq!(me(&app, &user).await?["two_factor_enabled"], false);
    let response = confirm(&app, &user, &wrong_code(&totp)).await?;
    assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await?;
    assert_eq!(me(&app, &user).await?["two_factor_enabled"], false);

    let response = confirm(&app, &user, &code_at(&totp, 0)).await?;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await?;
    let mut codes: Vec<&str> = body["recovery_codes"]
        .as_array()
        .context("recovery_codes")?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(codes.len(), 10, "{body}");
    assert!(
        codes
            .iter()
            .all(|c| c.len() == 19 && c.split('-').count() == 4),
        "xxxx-xxxx-xxxx-xxxx: {codes:?}"
    );
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), 10, "recovery codes are distinct");

    assert_eq!(me(&app, &user).await?["two_factor_enabled"], true);
    let again = app
        .as_user(&user, Method::POST, "/auth/2fa/enable")
        .send()
        .await?;
    assert_error(again, StatusCode::CONFLICT, "2fa_already_enabled").await?;
    Ok(())
}

#[tokio::test]
async fn login_asks_for_a_code_before_issuing_tokens() -> Result<()> {
    let app = TestApp::spawn().await?;
    let tf = user_with_2fa(&app, "login2fa@example.com").await?;

    let response = app
        .post_json(
            "/auth/login",
            &json!({ "email": tf.user.email, "password": tf.user.password }),
        )
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        refresh_cookie_of(&response),
        None,
        "no session before the code"
    );
    let body: Value = response.json().await?;
    assert_eq!(body["two_factor_required"], true);
    assert!(body.get("access_token").is_none(), "{body}");
    let challenge_token = body["challenge_token"].as_str().context("challenge")?;

    // `confirm` consumed the current step; the next one is the first that logs in.
    let response = second_factor(&app, challenge_token, "code", &tf.code_at(30)).await?;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(refresh_cookie_of(&response).is_some(), "refresh cookie set");
    let body: Value = response.json().await?;
    assert_eq!(body["user_id"], tf.user.id.to_string());
    let access = body["access_token"].as_str().context("access_token")?;
    let me = app
        .api(Method::GET, "/me")
        .bearer_auth(access)
        .send()
        .await?;
    assert_eq!(me.status(), StatusCode::OK);
    Ok(())
}

#[tokio::test]
async fn a_totp_code_logs_in_once_and_older_steps_never() -> Result<()> {
    let app = TestApp::spawn().await?;
    let tf = user_with_2fa(&app, "replay@example.com").await?;
    let code = tf.code_at(30);
    let first = second_factor(&app, &challenge(&app, &tf.user).await?, "code", &code).await?;
    assert_eq!(first.status(), StatusCode::OK);

    // Someone who saw the code over the user's shoulder, with a challenge of their own.
    let replay = second_factor(&app, &challenge(&app, &tf.user).await?, "code", &code).await?;
    assert_error(replay, StatusCode::UNAUTHORIZED, "invalid_code").await?;
    // Still within the skew, but older than the step already used.
    let older = second_factor(
        &app,
        &challenge(&app, &tf.user).await?,
        "code",
        &tf.code_at(0),
    )
    .await?;
    assert_error(older, StatusCode::UNAUTHORIZED, "invalid_code").await?;
    Ok(())
}

#[tokio::test]
async fn a_recovery_code_logs_in_once_and_is_audited() -> Result<()> {
    let app = TestApp::spawn().await?;
    let tf = user_with_2fa(&app, "recovery@example.com").await?;
    // Typed in capitals, as people copy them off paper; the dashes and case do not matter.
    let code = tf.recovery_codes[3].to_uppercase();

    let response = second_factor(
        &app,
        &challenge(&app, &tf.user).await?,
        "recovery_code",
        &code,
    )
    .await?;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await?;
    let access = body["access_token"]
        .as_str()
        .context("access_token")?
        .to_string();

    let again = second_factor(
        &app,
        &challenge(&app, &tf.user).await?,
        "recovery_code",
        &tf.recovery_codes[3],
    )
    .await?;
    assert_error(again, StatusCode::UNAUTHORIZED, "invalid_code").await?;

    let used: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NOT NULL",
    )
    .bind(tf.user.id)
    .fetch_one(&app.db.pool)
    .await?;
    assert_eq!(used, 1, "exactly the one code is spent");
    let events = audit_events(&app, &access).await?;
    assert!(
        events.iter().any(|e| e == "2fa.recovery_code_used"),
        "{events:?}"
    );
    Ok(())
}

#[tokio::test]
async fn a_challenge_token_is_not_an_access_token_and_must_be_valid() -> Result<()> {
    let app = TestApp::spawn().await?;
    let tf = user_with_2fa(&app, "challenge@example.com").await?;
    let challenge_token = challenge(&app, &tf.user).await?;

    let me = app
        .api(Method::GET, "/me")
        .bearer_auth(&challenge_token)
        .send()
        .await?;
    assert_error(me, StatusCode::UNAUTHORIZED, "invalid_token").await?;

    // Signed by the server's own key and otherwise right, but expired.
    let now = chrono::Utc::now().timestamp();
    let expired = sign_with_server_key(
        &app,
        &json!({
            "iss": "kakeibo", "aud": "kakeibo-2fa", "sub": tf.user.id,
            "exp": now - 60, "iat": now - 360, "nbf": now - 360, "jti": uuid::Uuid::new_v4(),
        }),
    )?;
    for bad in [expired.as_str(), "garbage", "a.b.c", ""] {
        let response = second_factor(&app, bad, "code", &tf.code_at(30)).await?;
        assert_error(response, StatusCode::UNAUTHORIZED, "invalid_token").await?;
    }
    // An access token is no challenge either: the password step cannot be skipped with it.
    let response = second_factor(&app, &tf.user.access_token, "code", &tf.code_at(30)).await?;
    assert_error(response, StatusCode::UNAUTHORIZED, "invalid_token").await?;

    // None of this spent the next step: the real challenge still works with it.
    let ok = second_factor(&app, &challenge_token, "code", &tf.code_at(30)).await?;
    assert_eq!(ok.status(), StatusCode::OK);
    Ok(())
}

#[tokio::test]
async fn disabling_needs_the_password_and_a_code_and_drops_recovery_codes() -> Result<()> {
    let app = TestApp::spawn().await?;
    let tf = user_with_2fa(&app, "disable@example.com").await?;
    let count_codes = || {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM recovery_codes WHERE user_id = $1")
            .bind(tf.user.id)
            .fetch_one(&app.db.pool)
    };
    assert_eq!(count_codes().await?, 10);

    let wrong_password = app
        .as_user(&tf.user, Method::POST, "/auth/2fa/disable")
        .json(&json!({ "password": "not the password at all", "code": tf.code_at(30) }))
        .send()
        .await?;
    assert_error(
        wrong_password,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await?;
    let wrong_code = app
        .as_user(&tf.user, Method::POST, "/auth/2fa/disable")
        .json(&json!({ "password": tf.user.password, "code": tf.wrong_code() }))
        .send()
        .await?;
    assert_error(wrong_code, StatusCode::UNAUTHORIZED, "invalid_credentials").await?;
    assert_eq!(me(&app, &tf.user).await?["two_factor_enabled"], true);

    // The failed attempts did not spend the next step.
    let response = app
        .as_user(&tf.user, Method::POST, "/auth/2fa/disable")
        .json(&json!({ "password": tf.user.password, "code": tf.code_at(30) }))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    assert_eq!(me(&app, &tf.user).await?["two_factor_enabled"], false);
    assert_eq!(count_codes().await?, 0);
    let secret_gone: bool = sqlx::query_scalar(
        "SELECT totp_secret IS NULL AND totp_pending_secret IS NULL FROM users WHERE id = $1",
    )
    .bind(tf.user.id)
    .fetch_one(&app.db.pool)
    .await?;
    assert!(secret_gone);
    // The password alone logs in again (`login` fails unless it gets tokens and a cookie).
    app.login(&tf.user.email, &tf.user.password).await?;
    Ok(())
}

#[tokio::test]
async fn the_secret_is_never_shown_again() -> Result<()> {
    let app = TestApp::spawn().await?;
    let tf = user_with_2fa(&app, "hidden@example.com").await?;
    let me = me(&app, &tf.user).await?;
    assert!(!me.to_string().contains(&tf.secret_base32), "{me}");
    let fields = me.as_object().context("an object")?;
    assert!(
        fields
            .keys()
            .all(|k| !k.contains("secret") && !k.contains("totp")),
        "no secret-like field: {me}"
    );
    let audit = app
        .as_user(&tf.user, Method::GET, "/audit-log")
        .send()
        .await?
        .text()
        .await?;
    assert!(audit.contains("2fa.enabled"), "{audit}");
    assert!(!audit.contains(&tf.secret_base32), "{audit}");
    Ok(())
}
