//! Attacks the auth endpoints must withstand: forged and tampered tokens, replayed refresh
//! tokens, brute force, hostile input, and the published API description.

use std::time::Duration;

use anyhow::{Context, Result};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use kakeibo_tests::auth::refresh_cookie_of;
use kakeibo_tests::{PASSWORD, TestApp};
use reqwest::header::{RETRY_AFTER, SET_COOKIE};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::helpers::audit_events;
use super::two_factor::{challenge, second_factor, user_with_2fa};

// ---------------------------------------------------------------------------------------------
// Helpers (also used by two_factor.rs)

/// Asserts the status and the error envelope `{"error": {"code", "message", "details"}}` with
/// `code`; answers the body.
pub(super) async fn assert_error(
    response: reqwest::Response,
    status: StatusCode,
    code: &str,
) -> Result<Value> {
    let actual = response.status();
    let text = response.text().await?;
    let body: Value =
        serde_json::from_str(&text).with_context(|| format!("{actual}: not JSON: {text}"))?;
    assert_eq!(actual, status, "{body}");
    assert_envelope(&body);
    assert_eq!(body["error"]["code"], code, "{body}");
    Ok(body)
}

pub(super) fn assert_envelope(body: &Value) {
    let error = body["error"].as_object().unwrap_or_else(|| {
        panic!("no error object: {body}");
    });
    let mut keys: Vec<&str> = error.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["code", "details", "message"], "{body}");
    assert!(error["code"].is_string(), "{body}");
    assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

/// The PEM of the key the test app signs with (created when the first app started).
fn server_pem(app: &TestApp) -> Result<String> {
    let path = app.db.settings().auth.signing_key_file;
    std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
}

/// `claims` signed with the server's own key, as EdDSA: only what the claims say is wrong.
pub(super) fn sign_with_server_key(app: &TestApp, claims: &Value) -> Result<String> {
    let key = EncodingKey::from_ed_pem(server_pem(app)?.as_bytes())?;
    Ok(jsonwebtoken::encode(
        &Header::new(Algorithm::EdDSA),
        claims,
        &key,
    )?)
}

fn b64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The claims of a real access token (real `sub` and `sid`), to tamper with and re-sign.
fn claims_of(token: &str) -> Result<Value> {
    let payload = token.split('.').nth(1).context("not a JWT")?;
    Ok(serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload)?)?)
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

pub(super) async fn get_me(app: &TestApp, token: &str) -> Result<reqwest::Response> {
    Ok(app
        .api(Method::GET, "/me")
        .bearer_auth(token)
        .send()
        .await?)
}

/// `GET /me` with the user's real claims, edited by `edit`, re-signed with the server's key.
async fn me_with_edited_claims(
    app: &TestApp,
    edit: impl FnOnce(&mut Value),
) -> Result<reqwest::Response> {
    let user = app.register("forged@example.com").await?;
    let mut claims = claims_of(&user.access_token)?;
    edit(&mut claims);
    get_me(app, &sign_with_server_key(app, &claims)?).await
}

/// A rate-limit test must run inside one fixed window: if a window boundary passes while it
/// runs, the counters restart mid-way. Clears the counters, runs `attempt`, and if the window
/// changed meanwhile, clears them and runs it once more (a fresh window has minutes left).
async fn in_one_window<T>(
    app: &TestApp,
    window: Duration,
    attempt: impl AsyncFn() -> Result<T>,
) -> Result<T> {
    let window_index = async || -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT floor(extract(epoch FROM now()) / $1)::bigint")
                .bind(window.as_secs_f64())
                .fetch_one(&app.db.pool)
                .await?,
        )
    };
    for _ in 0..2 {
        sqlx::query("DELETE FROM rate_limits")
            .execute(&app.db.pool)
            .await?;
        let before = window_index().await?;
        let outcome = attempt().await?;
        if window_index().await? == before {
            return Ok(outcome);
        }
    }
    anyhow::bail!("two rate-limit windows ended during the test")
}

async fn refresh(app: &TestApp, cookie: &str) -> Result<reqwest::Response> {
    Ok(app
        .api(Method::POST, "/auth/refresh")
        .header("cookie", cookie)
        .send()
        .await?)
}

// ---------------------------------------------------------------------------------------------
// Forged and tampered access tokens

#[tokio::test]
async fn a_token_signed_with_another_key_is_rejected() -> Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.register("victim@example.com").await?;
    let claims = claims_of(&user.access_token)?;

    let attacker = SigningKey::generate(&mut rand::rngs::OsRng);
    let der = attacker.to_pkcs8_der()?;
    let forged = jsonwebtoken::encode(
        &Header::new(Algorithm::EdDSA),
        &claims,
        &EncodingKey::from_ed_der(der.as_bytes()),
    )?;
    assert_error(
        get_me(&app, &forged).await?,
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn an_unsigned_alg_none_token_is_rejected() -> Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.register("victim@example.com").await?;
    let payload = b64url(claims_of(&user.access_token)?.to_string().as_bytes());
    for alg in ["none", "None", "NONE"] {
        let header = b64url(json!({ "alg": alg, "typ": "JWT" }).to_string().as_bytes());
        let token = format!("{header}.{payload}.");
        assert_error(
            get_me(&app, &token).await?,
            StatusCode::UNAUTHORIZED,
            "invalid_token",
        )
        .await?;
    }
    Ok(())
}

#[tokio::test]
async fn an_hs256_token_keyed_with_the_public_key_is_rejected() -> Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.register("victim@example.com").await?;
    let claims = claims_of(&user.access_token)?;

    // What an attacker can learn: the public half, raw or as an SPKI PEM.
    let public = SigningKey::from_pkcs8_pem(&server_pem(&app)?)?.verifying_key();
    let spki_pem = public.to_public_key_pem(LineEnding::LF)?;
    let secrets: [&[u8]; 3] = [
        public.as_bytes(),
        spki_pem.as_bytes(),
        spki_pem.trim_end().as_bytes(),
    ];
    for secret in secrets {
        let forged = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(secret),
        )?;
        assert_error(
            get_me(&app, &forged).await?,
            StatusCode::UNAUTHORIZED,
            "invalid_token",
        )
        .await?;
    }
    Ok(())
}

/// The control for the claim tests below: the same helper, with nothing changed, logs in. So
/// when they get a 401, it is for the one claim they changed.
#[tokio::test]
async fn a_token_re_signed_with_the_server_key_is_accepted() -> Result<()> {
    let app = TestApp::spawn().await?;
    let response = me_with_edited_claims(&app, |_| {}).await?;
    assert_eq!(response.status(), StatusCode::OK);
    let me: Value = response.json().await?;
    assert_eq!(me["email"], "forged@example.com");
    Ok(())
}

#[tokio::test]
async fn an_expired_token_is_rejected() -> Result<()> {
    let app = TestApp::spawn().await?;
    let response = me_with_edited_claims(&app, |c| {
        c["iat"] = json!(now() - 17 * 60);
        c["nbf"] = json!(now() - 17 * 60);
        c["exp"] = json!(now() - 2 * 60);
    })
    .await?;
    let body = assert_error(response, StatusCode::UNAUTHORIZED, "invalid_token").await?;
    assert_eq!(body["error"]["message"], "the token has expired");
    Ok(())
}

#[tokio::test]
async fn a_token_not_valid_yet_is_rejected() -> Result<()> {
    let app = TestApp::spawn().await?;
    let response = me_with_edited_claims(&app, |c| c["nbf"] = json!(now() + 10 * 60)).await?;
    let body = assert_error(response, StatusCode::UNAUTHORIZED, "invalid_token").await?;
    assert_eq!(body["error"]["message"], "the token is not valid yet");
    Ok(())
}

#[tokio::test]
async fn a_token_issued_in_the_future_is_rejected() -> Result<()> {
    let app = TestApp::spawn().await?;
    let response = me_with_edited_claims(&app, |c| c["iat"] = json!(now() + 10 * 60)).await?;
    assert_error(response, StatusCode::UNAUTHORIZED, "invalid_token").await?;
    Ok(())
}

#[tokio::test]
async fn a_token_for_the_2fa_audience_is_rejected() -> Result<()> {
    let app = TestApp::spawn().await?;
    let response = me_with_edited_claims(&app, |c| c["aud"] = json!("kakeibo-2fa")).await?;
    let body = assert_error(response, StatusCode::UNAUTHORIZED, "invalid_token").await?;
    assert_eq!(
        body["error"]["message"],
        "the token is not meant for this use"
    );
    Ok(())
}

#[tokio::test]
async fn a_challenge_token_used_as_access_token_is_rejected() -> Result<()> {
    let app = TestApp::spawn().await?;
    let tf = user_with_2fa(&app, "challenged@example.com").await?;
    let challenge_token = challenge(&app, &tf.user).await?;
    assert_eq!(claims_of(&challenge_token)?["aud"], "kakeibo-2fa");
    assert_error(
        get_me(&app, &challenge_token).await?,
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn a_token_from_another_issuer_is_rejected() -> Result<()> {
    let app = TestApp::spawn().await?;
    let response = me_with_edited_claims(&app, |c| c["iss"] = json!("evil-kakeibo")).await?;
    assert_error(response, StatusCode::UNAUTHORIZED, "invalid_token").await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Refresh-token replay

#[tokio::test]
async fn a_replayed_refresh_token_ends_the_whole_session() -> Result<()> {
    let app = TestApp::spawn().await?;
    let registered = app.register("replayed@example.com").await?;
    let session = app.login(&registered.email, PASSWORD).await?;

    let rotated = refresh(&app, &session.refresh_cookie).await?;
    assert_eq!(rotated.status(), StatusCode::OK);
    let new_cookie = refresh_cookie_of(&rotated).context("rotated cookie")?;
    let body: Value = rotated.json().await?;
    let new_access = body["access_token"].as_str().context("access_token")?;

    // The old token again: someone copied it. The browser is told to drop its cookie.
    let replay = refresh(&app, &session.refresh_cookie).await?;
    let cleared = replay
        .headers()
        .get(SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    assert_error(replay, StatusCode::UNAUTHORIZED, "refresh_token_reused").await?;
    assert!(
        cleared
            .as_deref()
            .is_some_and(|c| c.starts_with("kakeibo_refresh=;") && c.contains("Max-Age=0")),
        "{cleared:?}"
    );

    // The whole family is dead: the newest refresh token and both access tokens.
    assert_error(
        refresh(&app, &new_cookie).await?,
        StatusCode::UNAUTHORIZED,
        "invalid_refresh_token",
    )
    .await?;
    for access in [session.access_token.as_str(), new_access] {
        assert_error(
            get_me(&app, access).await?,
            StatusCode::UNAUTHORIZED,
            "session_revoked",
        )
        .await?;
    }
    // Only that session: the one registration opened still works.
    assert_eq!(
        get_me(&app, &registered.access_token).await?.status(),
        StatusCode::OK
    );

    let fresh = app.login(&registered.email, PASSWORD).await?;
    let events = audit_events(&app, &fresh.access_token).await?;
    assert!(
        events.iter().any(|e| e == "session.refresh_token_reused"),
        "{events:?}"
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Brute force

// Logins per address and per account: under_attack.rs and rate_limits.rs.

/// 5 codes per account per 5 minutes; the sixth is refused even when right. Per account: the
/// same IP still logs another account in.
#[tokio::test]
async fn two_factor_codes_per_account_are_limited() -> Result<()> {
    let app = TestApp::spawn().await?;
    let tf = user_with_2fa(&app, "brute@example.com").await?;
    let other = user_with_2fa(&app, "bystander@example.com").await?;
    let challenge_token = challenge(&app, &tf.user).await?;
    // Wrong codes only until the last request, so a rerun finds nothing spent.
    let (statuses, blocked) = in_one_window(&app, Duration::from_secs(5 * 60), async || {
        let mut statuses = Vec::new();
        for _ in 0..5 {
            let response = second_factor(&app, &challenge_token, "code", &tf.wrong_code()).await?;
            statuses.push(response.status());
        }
        let blocked = second_factor(&app, &challenge_token, "code", &tf.code_at(30)).await?;
        Ok((statuses, blocked))
    })
    .await?;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::UNAUTHORIZED),
        "{statuses:?}"
    );
    assert!(blocked.headers().contains_key(RETRY_AFTER));
    assert_error(blocked, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await?;

    let bystander = second_factor(
        &app,
        &challenge(&app, &other.user).await?,
        "code",
        &other.code_at(30),
    )
    .await?;
    assert_eq!(bystander.status(), StatusCode::OK);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The published description

#[tokio::test]
async fn openapi_lists_every_auth_path_and_the_bearer_scheme() -> Result<()> {
    let app = TestApp::spawn().await?;
    let response = app.get("/api/v1/openapi.json").await?;
    assert_eq!(response.status(), StatusCode::OK);
    let doc: Value = serde_json::from_str(&response.text().await?)?;
    let paths = doc["paths"].as_object().context("paths")?;
    for path in [
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/auth/login/2fa",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/auth/verify-email",
        "/api/v1/auth/forgot-password",
        "/api/v1/auth/reset-password",
        "/api/v1/auth/2fa/enable",
        "/api/v1/auth/2fa/confirm",
        "/api/v1/auth/2fa/disable",
        "/api/v1/auth/sessions",
        "/api/v1/auth/sessions/{id}",
        "/api/v1/auth/tokens",
        "/api/v1/auth/tokens/{id}",
        "/api/v1/me",
        "/api/v1/audit-log",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} missing from {:?}",
            paths.keys()
        );
    }
    let bearer = &doc["components"]["securitySchemes"]["bearer"];
    assert_eq!(bearer["type"], "http", "{bearer}");
    assert_eq!(bearer["scheme"], "bearer", "{bearer}");
    Ok(())
}
