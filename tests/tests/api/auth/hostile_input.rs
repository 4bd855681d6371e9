//! Hostile input in every field of every auth endpoint: SQL meta-characters, NUL
//! characters, invalid UTF-8, the wrong content type, and bodies too large. Never a 5xx,
//! always the error envelope on a 4xx, and what is accepted is stored verbatim.

use anyhow::{Context, Result};
use kakeibo_tests::{PASSWORD, TestApp, TestUser};
use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::attacks::{assert_envelope, assert_error, get_me};

/// An endpoint that takes JSON, with a valid body to start from.
struct Target {
    method: Method,
    path: &'static str,
    /// Needs the signed-in user's bearer token.
    authed: bool,
    fields: &'static [&'static str],
    /// A valid body; `n` makes e-mails unique where an account gets created.
    body: fn(n: usize) -> Value,
}

fn targets() -> Vec<Target> {
    vec![
        Target {
            method: Method::POST,
            path: "/auth/register",
            authed: false,
            fields: &["email", "password", "display_name"],
            body: |n| json!({ "email": format!("new{n}@example.com"), "password": PASSWORD, "display_name": "New" }),
        },
        Target {
            method: Method::POST,
            path: "/auth/login",
            authed: false,
            fields: &["email", "password"],
            body: |_| json!({ "email": "owner@example.com", "password": PASSWORD }),
        },
        Target {
            method: Method::POST,
            path: "/auth/forgot-password",
            authed: false,
            fields: &["email"],
            body: |_| json!({ "email": "owner@example.com" }),
        },
        Target {
            method: Method::POST,
            path: "/auth/reset-password",
            authed: false,
            fields: &["token", "new_password"],
            body: |_| json!({ "token": "not-a-real-token", "new_password": "a brand new passphrase" }),
        },
        Target {
            method: Method::POST,
            path: "/auth/verify-email",
            authed: false,
            fields: &["token"],
            body: |_| json!({ "token": "not-a-real-token" }),
        },
        Target {
            method: Method::PATCH,
            path: "/me",
            authed: true,
            fields: &["display_name", "time_zone", "base_currency", "locale"],
            body: |_| json!({ "display_name": "Owner" }),
        },
        Target {
            method: Method::POST,
            path: "/auth/tokens",
            authed: true,
            fields: &["name", "scopes", "expires_in_days"],
            body: |_| json!({ "name": "script", "scopes": ["read"], "expires_in_days": 30 }),
        },
    ]
}

/// SQL meta-characters, quotes, and the LIKE wildcards.
const SQL_PAYLOADS: &[&str] = &[
    "' OR 1=1; DROP TABLE users; --",
    "\\\"; DELETE FROM users; --",
    "%",
    "_",
    "%' OR email LIKE '%",
];

/// The body of `target` with `field` set to `payload` (inside an array for array fields).
fn hostile_body(target: &Target, n: usize, field: &str, payload: &str) -> Value {
    let mut body = (target.body)(n);
    body[field] = if field == "scopes" {
        json!(["read", payload])
    } else {
        json!(payload)
    };
    body
}

impl Target {
    fn request(&self, app: &TestApp, owner: &TestUser) -> reqwest::RequestBuilder {
        let request = app.api(self.method.clone(), self.path);
        if self.authed {
            request.bearer_auth(&owner.access_token)
        } else {
            request
        }
    }
}

async fn users_table_count(app: &TestApp) -> Result<i64> {
    let exists: bool = sqlx::query_scalar("SELECT to_regclass('public.users') IS NOT NULL")
        .fetch_one(&app.db.pool)
        .await?;
    anyhow::ensure!(exists, "the users table is gone");
    Ok(sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&app.db.pool)
        .await?)
}

/// What the server did with the hostile requests.
struct Hostile {
    /// Accounts registered with a hostile field.
    created: i64,
    /// The requests answered with a 2xx, described.
    accepted: Vec<String>,
}

/// Sends each payload in every field of every target: never a 5xx (all are listed at the end),
/// always the envelope on a 4xx, and what is accepted is stored verbatim.
async fn send_hostile(
    app: &TestApp,
    owner: &TestUser,
    payloads: &[&str],
    include: impl Fn(&str, &str) -> bool,
) -> Result<Hostile> {
    let mut created = 0;
    let mut accepted = Vec::new();
    let mut server_errors = Vec::new();
    let mut n = 0;
    for target in targets() {
        for field in target.fields.iter().filter(|f| include(target.path, f)) {
            for payload in payloads {
                n += 1;
                let body = hostile_body(&target, n, field, payload);
                let response = target.request(app, owner).json(&body).send().await?;
                let status = response.status();
                let what = format!(
                    "{} {} with {field} = {payload:?}",
                    target.method, target.path
                );
                // 202 and 204 answer no body.
                let text = response.text().await?;
                let answer: Value = if text.is_empty() {
                    Value::Null
                } else {
                    serde_json::from_str(&text).with_context(|| format!("{what}: {text}"))?
                };
                if status.is_server_error() {
                    server_errors.push(format!("{what}: {status}"));
                    continue;
                }
                assert!(
                    status.is_client_error() || status.is_success(),
                    "{what}: {status}"
                );
                if status.is_client_error() {
                    assert_envelope(&answer);
                    continue;
                }
                // Nothing hostile logs in or uses a link.
                assert!(
                    !matches!(
                        target.path,
                        "/auth/login" | "/auth/reset-password" | "/auth/verify-email"
                    ),
                    "{what}: {status} {answer}"
                );
                accepted.push(format!("{what}: {status}"));
                match (target.path, *field) {
                    ("/auth/register", _) => created += 1,
                    ("/me", "display_name") => assert_eq!(answer[field], payload.trim(), "{what}"),
                    ("/auth/tokens", "name") => {
                        assert_eq!(answer["name"], payload.trim(), "{what}")
                    }
                    _ => {}
                }
            }
        }
    }
    assert!(
        server_errors.is_empty(),
        "server errors:\n{}",
        server_errors.join("\n")
    );
    Ok(Hostile { created, accepted })
}

#[tokio::test]
async fn sql_meta_characters_in_every_field_are_harmless() -> Result<()> {
    let app = TestApp::spawn().await?;
    let owner = app.register("owner@example.com").await?;
    let before = users_table_count(&app).await?;

    let created = send_hostile(&app, &owner, SQL_PAYLOADS, |_, _| true)
        .await?
        .created;

    assert_eq!(users_table_count(&app).await?, before + created);
    // `%` and `_` are literal, not wildcards: no reset link went to anyone.
    let resets: i64 =
        sqlx::query_scalar("SELECT count(*) FROM email_tokens WHERE purpose = 'reset_password'")
            .fetch_one(&app.db.pool)
            .await?;
    assert_eq!(resets, 0);
    assert_eq!(
        get_me(&app, &owner.access_token).await?.status(),
        StatusCode::OK
    );
    Ok(())
}

const NUL_PAYLOADS: &[&str] = &["nul\u{0}here", "owner\u{0}@example.com"];

/// Login and forgot-password pass the e-mail to Postgres unchecked; see the test below.
fn reaches_postgres_with_nul(path: &str, field: &str) -> bool {
    field == "email" && matches!(path, "/auth/login" | "/auth/forgot-password")
}

/// Postgres text cannot hold NUL: a field must be refused before it gets there.
#[tokio::test]
async fn nul_characters_in_every_field_are_a_4xx() -> Result<()> {
    let app = TestApp::spawn().await?;
    let owner = app.register("owner@example.com").await?;
    let before = users_table_count(&app).await?;

    let created = send_hostile(&app, &owner, NUL_PAYLOADS, |path, field| {
        !reaches_postgres_with_nul(path, field)
    })
    .await?
    .created;

    assert_eq!(created, 0, "a NUL is a control character");
    assert_eq!(users_table_count(&app).await?, before);
    Ok(())
}

#[tokio::test]
async fn nul_in_the_email_of_login_and_forgot_password_is_a_4xx() -> Result<()> {
    let app = TestApp::spawn().await?;
    let owner = app.register("owner@example.com").await?;
    let hostile = send_hostile(&app, &owner, NUL_PAYLOADS, reaches_postgres_with_nul).await?;
    assert!(
        hostile.accepted.is_empty(),
        "accepted a NUL in the e-mail:\n{}",
        hostile.accepted.join("\n")
    );
    Ok(())
}

#[tokio::test]
async fn invalid_utf8_in_a_json_body_is_a_400() -> Result<()> {
    let app = TestApp::spawn().await?;
    let owner = app.register("owner@example.com").await?;
    let mut body = br#"{"email":"#.to_vec();
    body.extend_from_slice(b"\"\xff\xfe\xc3\x28@example.com\"}");
    for target in targets() {
        let response = target
            .request(&app, &owner)
            .header(CONTENT_TYPE, "application/json")
            .body(body.clone())
            .send()
            .await?;
        assert_error(response, StatusCode::BAD_REQUEST, "invalid_json").await?;
    }
    Ok(())
}

#[tokio::test]
async fn a_body_without_a_json_content_type_is_a_400() -> Result<()> {
    let app = TestApp::spawn().await?;
    let owner = app.register("owner@example.com").await?;
    for target in targets() {
        let body = (target.body)(0).to_string();
        let response = target.request(&app, &owner).body(body).send().await?;
        assert_error(response, StatusCode::BAD_REQUEST, "unsupported_media_type").await?;
    }
    Ok(())
}

const TEN_MB: usize = 10 * 1024 * 1024;

#[tokio::test]
async fn a_10_mb_body_is_a_413() -> Result<()> {
    let app = TestApp::spawn().await?;
    let owner = app.register("owner@example.com").await?;
    for target in targets() {
        // Valid JSON, only too big: the fields, then 10 MB of whitespace.
        let mut body = (target.body)(0).to_string();
        body.push_str(&" ".repeat(TEN_MB));
        let response = target
            .request(&app, &owner)
            .header(CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await?;
        assert_error(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await?;
    }
    Ok(())
}

#[tokio::test]
async fn a_10_mb_string_in_a_field_is_a_413() -> Result<()> {
    let app = TestApp::spawn().await?;
    let owner = app.register("owner@example.com").await?;
    let huge = "a".repeat(TEN_MB);
    for target in targets() {
        let body = hostile_body(&target, 0, target.fields[0], &huge);
        let response = target.request(&app, &owner).json(&body).send().await?;
        assert_error(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await?;
    }
    // Just under the 1 MiB limit the body is read, and the field's own bound answers.
    let body = json!({ "email": "a".repeat(900 * 1024), "password": PASSWORD });
    let response = app.post_json("/auth/login", &body).await?;
    assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await?;
    Ok(())
}
