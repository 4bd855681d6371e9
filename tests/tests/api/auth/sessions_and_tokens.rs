//! Login sessions and personal API tokens through the HTTP API: listing and ending sessions,
//! token scopes and storage, other users' ids, and the rate limits on login and reset.

use anyhow::{Context, Result};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use kakeibo_tests::auth::assert_other_user_gets_404;
use kakeibo_tests::{PASSWORD, TestApp, TestUser};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use super::helpers::{expect_error, me_status, refresh_status};

/// The login session an access token belongs to: its `sid` claim, read without verifying
/// (the server already did), so the test knows the id independently of the API's answers.
fn session_id(user: &TestUser) -> Result<Uuid> {
    let payload = user.access_token.split('.').nth(1).context("not a JWT")?;
    let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload)?)?;
    Ok(claims["sid"].as_str().context("no sid")?.parse()?)
}

async fn sessions(app: &TestApp, user: &TestUser) -> Result<Vec<Value>> {
    let response = app
        .as_user(user, Method::GET, "/auth/sessions")
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    Ok(response.json().await?)
}

fn ids(list: &[Value]) -> Vec<String> {
    list.iter()
        .filter_map(|v| v["id"].as_str().map(str::to_string))
        .collect()
}

/// A request with a personal API token as the bearer.
fn with_token(app: &TestApp, token: &str, method: Method, path: &str) -> reqwest::RequestBuilder {
    app.api(method, path).bearer_auth(token)
}

/// Creates an API token; returns the whole answer (with the one-time `token`).
async fn create_token(app: &TestApp, user: &TestUser, scopes: &[&str]) -> Result<Value> {
    let response = app
        .as_user(user, Method::POST, "/auth/tokens")
        .json(&json!({ "name": "my script", "scopes": scopes }))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::CREATED);
    Ok(response.json().await?)
}

fn token_of(created: &Value) -> Result<(String, String)> {
    Ok((
        created["id"].as_str().context("id")?.to_string(),
        created["token"].as_str().context("token")?.to_string(),
    ))
}

// ---- Sessions --------------------------------------------------------------------------

#[tokio::test]
async fn sessions_list_marks_exactly_the_current_one() -> Result<()> {
    let app = TestApp::spawn().await?;
    let first = app.verified_user("alice@example.com").await?;
    let second = app.login("alice@example.com", PASSWORD).await?;
    let third = app.login("alice@example.com", PASSWORD).await?;
    let all = [&first, &second, &third];
    let expected: Vec<String> = all
        .iter()
        .rev() // newest first
        .map(|u| session_id(u).map(|id| id.to_string()))
        .collect::<Result<_>>()?;

    for caller in all {
        let list = sessions(&app, caller).await?;
        assert_eq!(ids(&list), expected);
        let current: Vec<&Value> = list.iter().filter(|s| s["current"] == true).collect();
        assert_eq!(current.len(), 1, "{list:?}");
        assert_eq!(current[0]["id"], session_id(caller)?.to_string());
        assert_eq!(current[0]["ip"], "127.0.0.1");
    }
    // Bob's list is his alone.
    let bob = app.verified_user("bob@example.com").await?;
    assert_eq!(
        ids(&sessions(&app, &bob).await?),
        [session_id(&bob)?.to_string()]
    );
    Ok(())
}

#[tokio::test]
async fn ending_one_session_ends_only_that_one() -> Result<()> {
    let app = TestApp::spawn().await?;
    let mine = app.verified_user("alice@example.com").await?;
    let other = app.login("alice@example.com", PASSWORD).await?;
    let other_id = session_id(&other)?;

    let path = format!("/auth/sessions/{other_id}");
    let ended = app.as_user(&mine, Method::DELETE, &path).send().await?;
    assert_eq!(ended.status(), StatusCode::NO_CONTENT);

    expect_error(
        app.as_user(&other, Method::GET, "/me").send().await?,
        StatusCode::UNAUTHORIZED,
        "session_revoked",
    )
    .await?;
    assert_eq!(
        refresh_status(&app, &other).await?,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(me_status(&app, &mine).await?, StatusCode::OK);
    assert_eq!(
        ids(&sessions(&app, &mine).await?),
        [session_id(&mine)?.to_string()]
    );
    // Already ended, and an id that never existed: both 404.
    let again = app.as_user(&mine, Method::DELETE, &path).send().await?;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    let unknown = format!("/auth/sessions/{}", Uuid::new_v4());
    let unknown = app.as_user(&mine, Method::DELETE, &unknown).send().await?;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    Ok(())
}

#[tokio::test]
async fn logging_out_everywhere_ends_every_session() -> Result<()> {
    let app = TestApp::spawn().await?;
    let first = app.verified_user("alice@example.com").await?;
    let second = app.login("alice@example.com", PASSWORD).await?;
    let third = app.login("alice@example.com", PASSWORD).await?;
    let bob = app.verified_user("bob@example.com").await?;

    let done = app
        .as_user(&second, Method::DELETE, "/auth/sessions")
        .send()
        .await?;
    assert_eq!(done.status(), StatusCode::NO_CONTENT);
    for session in [&first, &second, &third] {
        assert_eq!(me_status(&app, session).await?, StatusCode::UNAUTHORIZED);
        assert_eq!(
            refresh_status(&app, session).await?,
            StatusCode::UNAUTHORIZED
        );
    }
    // Only Alice was logged out.
    assert_eq!(me_status(&app, &bob).await?, StatusCode::OK);
    // And she can log in again.
    let fresh = app.login("alice@example.com", PASSWORD).await?;
    assert_eq!(ids(&sessions(&app, &fresh).await?).len(), 1);
    Ok(())
}

#[tokio::test]
async fn idle_expired_session_is_over() -> Result<()> {
    let app = TestApp::spawn().await?;
    let stale = app.verified_user("alice@example.com").await?;
    let fresh = app.login("alice@example.com", PASSWORD).await?;
    sqlx::query("UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE id = $1")
        .bind(session_id(&stale)?)
        .execute(&app.db.pool)
        .await?;

    expect_error(
        app.as_user(&stale, Method::GET, "/me").send().await?,
        StatusCode::UNAUTHORIZED,
        "session_revoked",
    )
    .await?;
    assert_eq!(
        refresh_status(&app, &stale).await?,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        ids(&sessions(&app, &fresh).await?),
        [session_id(&fresh)?.to_string()]
    );
    Ok(())
}

#[tokio::test]
async fn malformed_ids_get_the_error_envelope() -> Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("alice@example.com").await?;
    for path in ["/auth/sessions/123", "/auth/tokens/not-a-uuid"] {
        let response = app.as_user(&user, Method::DELETE, path).send().await?;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path}");
        let text = response.text().await?;
        let body: Value =
            serde_json::from_str(&text).with_context(|| format!("{path}: not JSON: {text}"))?;
        assert!(body["error"]["code"].is_string(), "{path}: {body}");
    }
    Ok(())
}

// ---- API tokens ------------------------------------------------------------------------

#[tokio::test]
async fn api_token_is_shown_once_and_listed_without_its_value() -> Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("alice@example.com").await?;
    let created = create_token(&app, &user, &["read"]).await?;
    let (id, token) = token_of(&created)?;
    assert!(token.starts_with("kkb_"), "{token}");
    assert!(token.len() > 40, "long enough to be unguessable: {token}");
    assert_eq!(created["name"], "my script");
    assert_eq!(created["scopes"], json!(["read"]));
    assert_eq!(created["expires_at"], Value::Null);
    let hint = created["display_hint"].as_str().context("display_hint")?;
    assert!(token.starts_with(hint) && hint.len() < 16, "{hint}");

    let response = app
        .as_user(&user, Method::GET, "/auth/tokens")
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await?;
    assert!(
        !text.contains(&token[4..]),
        "the list never shows the token: {text}"
    );
    let list: Vec<Value> = serde_json::from_str(&text)?;
    assert_eq!(ids(&list), [id]);
    let listed = list[0].as_object().context("an object")?;
    assert!(!listed.contains_key("token"), "{text}");
    assert_eq!(listed["display_hint"], hint);

    // It works as a bearer token, and records its use.
    let me = with_token(&app, &token, Method::GET, "/me").send().await?;
    assert_eq!(me.status(), StatusCode::OK);
    assert_eq!(me.json::<Value>().await?["email"], "alice@example.com");
    let list: Vec<Value> = app
        .as_user(&user, Method::GET, "/auth/tokens")
        .send()
        .await?
        .json()
        .await?;
    assert!(list[0]["last_used_at"].is_string(), "{list:?}");
    Ok(())
}

#[tokio::test]
async fn token_scopes_limit_what_it_may_do() -> Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("alice@example.com").await?;
    let (_, read_only) = token_of(&create_token(&app, &user, &["read"]).await?)?;
    let (_, read_write) = token_of(&create_token(&app, &user, &["read", "write"]).await?)?;
    let (_, write_only) = token_of(&create_token(&app, &user, &["write"]).await?)?;
    let rename = |token: &str, name: &str| {
        with_token(&app, token, Method::PATCH, "/me")
            .json(&json!({ "display_name": name }))
            .send()
    };

    expect_error(
        rename(&read_only, "by the read token").await?,
        StatusCode::FORBIDDEN,
        "insufficient_scope",
    )
    .await?;
    expect_error(
        with_token(&app, &write_only, Method::GET, "/me")
            .send()
            .await?,
        StatusCode::FORBIDDEN,
        "insufficient_scope",
    )
    .await?;
    let renamed = rename(&read_write, "by the read-write token").await?;
    assert_eq!(renamed.status(), StatusCode::OK);
    let renamed = rename(&write_only, "by the write token").await?;
    assert_eq!(renamed.status(), StatusCode::OK);

    let me: Value = with_token(&app, &read_only, Method::GET, "/me")
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(
        me["display_name"], "by the write token",
        "the refused write changed nothing"
    );
    Ok(())
}

#[tokio::test]
async fn api_tokens_cannot_manage_the_account() -> Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("alice@example.com").await?;
    let (_, token) = token_of(&create_token(&app, &user, &["read", "write"]).await?)?;
    let (_, read_only) = token_of(&create_token(&app, &user, &["read"]).await?)?;
    let session = session_id(&user)?;

    let attempts = [
        (
            Method::POST,
            "/auth/tokens".to_string(),
            Some(json!({ "name": "more", "scopes": ["read", "write"] })),
        ),
        (Method::GET, "/auth/tokens".to_string(), None),
        (Method::GET, "/auth/sessions".to_string(), None),
        (Method::DELETE, "/auth/sessions".to_string(), None),
        (Method::DELETE, format!("/auth/sessions/{session}"), None),
        (
            Method::POST,
            "/auth/password".to_string(),
            Some(json!({ "current_password": PASSWORD, "new_password": "taken over by a script" })),
        ),
        (Method::POST, "/auth/logout".to_string(), None),
    ];
    for (method, path, body) in attempts {
        let mut request = with_token(&app, &token, method.clone(), &path);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await?;
        let body = expect_error(response, StatusCode::FORBIDDEN, "session_required").await;
        body.with_context(|| format!("{method} {path}"))?;
    }
    expect_error(
        with_token(&app, &read_only, Method::GET, "/auth/sessions")
            .send()
            .await?,
        StatusCode::FORBIDDEN,
        "session_required",
    )
    .await?;

    // None of it happened.
    let tokens: i64 = sqlx::query_scalar("SELECT count(*) FROM api_tokens")
        .fetch_one(&app.db.pool)
        .await?;
    assert_eq!(tokens, 2);
    assert_eq!(me_status(&app, &user).await?, StatusCode::OK);
    assert_eq!(
        app.login("alice@example.com", PASSWORD).await?.id,
        user.id,
        "the password is unchanged"
    );
    Ok(())
}

#[tokio::test]
async fn revoked_api_token_stops_working() -> Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("alice@example.com").await?;
    let (id, token) = token_of(&create_token(&app, &user, &["read"]).await?)?;
    let (keep_id, keep) = token_of(&create_token(&app, &user, &["read"]).await?)?;

    let path = format!("/auth/tokens/{id}");
    let revoked = app.as_user(&user, Method::DELETE, &path).send().await?;
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    expect_error(
        with_token(&app, &token, Method::GET, "/me").send().await?,
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    )
    .await?;
    let again = app.as_user(&user, Method::DELETE, &path).send().await?;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);

    // The other token is untouched.
    let list: Vec<Value> = app
        .as_user(&user, Method::GET, "/auth/tokens")
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(ids(&list), [keep_id]);
    let still = with_token(&app, &keep, Method::GET, "/me").send().await?;
    assert_eq!(still.status(), StatusCode::OK);
    Ok(())
}

#[tokio::test]
async fn api_tokens_are_stored_only_as_a_hash() -> Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("alice@example.com").await?;
    let (id, token) = token_of(&create_token(&app, &user, &["read"]).await?)?;
    let id: Uuid = id.parse()?;
    let secret = &token["kkb_".len()..];

    let (hash, is_sha256): (Vec<u8>, bool) = sqlx::query_as(
        "SELECT token_hash, token_hash = sha256(convert_to($2, 'UTF8')) FROM api_tokens WHERE id = $1",
    )
    .bind(id)
    .bind(&token)
    .fetch_one(&app.db.pool)
    .await?;
    assert_ne!(hash, token.as_bytes());
    assert_eq!(hash.len(), 32);
    assert!(is_sha256, "the SHA-256 of the whole token");

    // No column of the row holds the token, nor does the audit log of its creation.
    for table in ["api_tokens", "audit_log"] {
        let holding: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT count(*) FROM {table} r WHERE strpos(row_to_json(r)::text, $1) > 0"
        )))
        .bind(secret)
        .fetch_one(&app.db.pool)
        .await?;
        assert_eq!(holding, 0, "{table} holds the token");
    }
    Ok(())
}

#[tokio::test]
async fn expired_api_token_is_rejected() -> Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("alice@example.com").await?;
    let response = app
        .as_user(&user, Method::POST, "/auth/tokens")
        .json(&json!({ "name": "monthly", "scopes": ["read"], "expires_in_days": 30 }))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await?;
    let (id, token) = token_of(&created)?;
    let expires: chrono::DateTime<chrono::Utc> = created["expires_at"]
        .as_str()
        .context("expires_at")?
        .parse()?;
    let days = (expires - chrono::Utc::now()).num_hours() as f64 / 24.0;
    assert!((29.9..=30.0).contains(&days), "expires in {days} days");
    assert_eq!(
        with_token(&app, &token, Method::GET, "/me")
            .send()
            .await?
            .status(),
        StatusCode::OK
    );

    sqlx::query("UPDATE api_tokens SET expires_at = now() - interval '1 minute' WHERE id = $1")
        .bind(id.parse::<Uuid>()?)
        .execute(&app.db.pool)
        .await?;
    expect_error(
        with_token(&app, &token, Method::GET, "/me").send().await?,
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn invalid_token_requests_are_rejected() -> Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("alice@example.com").await?;
    for (body, field) in [
        (json!({ "name": "t", "scopes": ["admin"] }), "scopes[0]"),
        (
            json!({ "name": "t", "scopes": ["read", "READ"] }),
            "scopes[1]",
        ),
        (json!({ "name": "t", "scopes": [] }), "scopes"),
        (
            json!({ "name": "t", "scopes": ["read", "write", "read"] }),
            "scopes",
        ),
        (json!({ "name": "   ", "scopes": ["read"] }), "name"),
        (
            json!({ "name": "x".repeat(101), "scopes": ["read"] }),
            "name",
        ),
        (
            json!({ "name": "t", "scopes": ["read"], "expires_in_days": 0 }),
            "expires_in_days",
        ),
    ] {
        let response = app
            .as_user(&user, Method::POST, "/auth/tokens")
            .json(&body)
            .send()
            .await?;
        let error = expect_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await?;
        let fields: Vec<&str> = error["error"]["details"]["fields"]
            .as_array()
            .context("fields")?
            .iter()
            .filter_map(|f| f["field"].as_str())
            .collect();
        assert_eq!(fields, [field], "{body}");
    }
    let tokens: i64 = sqlx::query_scalar("SELECT count(*) FROM api_tokens")
        .fetch_one(&app.db.pool)
        .await?;
    assert_eq!(tokens, 0);
    Ok(())
}

// ---- Other users' ids ------------------------------------------------------------------

#[tokio::test]
async fn other_users_cannot_end_my_sessions_or_tokens() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.verified_user("alice@example.com").await?;
    let bob = app.verified_user("bob@example.com").await?;
    let alice_session = session_id(&alice)?.to_string();
    let (alice_token_id, alice_token) = token_of(&create_token(&app, &alice, &["read"]).await?)?;

    let lists = |id: &str, body: &Value| {
        body.as_array()
            .is_some_and(|list| list.iter().any(|item| item["id"] == id))
    };
    assert_other_user_gets_404(
        &app,
        &bob,
        &[(
            Method::DELETE,
            format!("/auth/sessions/{alice_session}"),
            None,
        )],
        &alice,
        ("/auth/sessions", &|body: &Value| {
            lists(&alice_session, body)
        }),
    )
    .await?;
    assert_other_user_gets_404(
        &app,
        &bob,
        &[(
            Method::DELETE,
            format!("/auth/tokens/{alice_token_id}"),
            None,
        )],
        &alice,
        ("/auth/tokens", &|body: &Value| lists(&alice_token_id, body)),
    )
    .await?;

    // Both still work, and Bob's own session was not the one ended instead.
    assert_eq!(me_status(&app, &alice).await?, StatusCode::OK);
    let by_token = with_token(&app, &alice_token, Method::GET, "/me")
        .send()
        .await?;
    assert_eq!(by_token.status(), StatusCode::OK);
    assert_eq!(me_status(&app, &bob).await?, StatusCode::OK);
    Ok(())
}
