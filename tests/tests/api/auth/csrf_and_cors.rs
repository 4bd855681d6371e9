//! The refresh cookie, forged cross-site requests and CORS: the cookie's attributes, the one
//! endpoint it authenticates refusing other sites, every other endpoint ignoring cookies,
//! and no CORS grant for any origin. docs/reliability.md, "Authentication under attack".

use std::collections::BTreeSet;

use anyhow::{Context, Result};
use kakeibo_tests::auth::refresh_cookie_of;
use kakeibo_tests::{PASSWORD, TestApp};
use reqwest::header::SET_COOKIE;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::helpers::expect_error;

/// The whole `Set-Cookie` of the refresh cookie a response set.
fn set_cookie(response: &reqwest::Response) -> Result<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("kakeibo_refresh="))
        .map(str::to_string)
        .context("no refresh cookie")
}

fn attributes(cookie: &str) -> BTreeSet<String> {
    cookie
        .split(';')
        .skip(1)
        .map(|a| a.trim().to_string())
        .collect()
}

async fn login(app: &TestApp, email: &str) -> Result<reqwest::Response> {
    let response = app
        .post_json(
            "/auth/login",
            &json!({ "email": email, "password": PASSWORD }),
        )
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    Ok(response)
}

#[tokio::test]
async fn the_refresh_cookie_is_http_only_strict_secure_and_scoped_to_auth() -> Result<()> {
    let app = TestApp::spawn().await?;
    app.verified_user("cookie@example.com").await?;
    let response = login(&app, "cookie@example.com").await?;
    let cookie = set_cookie(&response)?;
    let max_age = u64::from(app.settings.auth.session_idle_days) * 86_400;
    let expected: BTreeSet<String> = [
        "Path=/api/v1/auth".to_string(),
        format!("Max-Age={max_age}"),
        "HttpOnly".into(),
        "SameSite=Strict".into(),
        "Secure".into(),
    ]
    .into();
    assert_eq!(attributes(&cookie), expected, "{cookie}");
    // 256 bits, base64url: nothing guessable.
    let value = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("kakeibo_refresh=");
    assert!(value.len() >= 43, "{value}");

    // The device cookie (it skips the address's login delay for this account) goes only to
    // the password step.
    let device = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("kakeibo_device="))
        .context("no device cookie")?;
    let device_attributes: BTreeSet<String> = [
        "Path=/api/v1/auth/login".to_string(),
        format!("Max-Age={}", 365 * 86_400),
        "HttpOnly".into(),
        "SameSite=Strict".into(),
        "Secure".into(),
    ]
    .into();
    assert_eq!(attributes(device), device_attributes, "{device}");

    // Each refresh sets a new one, the same way; logout clears it at the same path.
    let cookie_header = refresh_cookie_of(&response).context("cookie")?;
    let access = response.json::<Value>().await?["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let refreshed = app
        .api(Method::POST, "/auth/refresh")
        .header("cookie", &cookie_header)
        .send()
        .await?;
    assert_eq!(refreshed.status(), StatusCode::OK);
    let rotated = set_cookie(&refreshed)?;
    assert_eq!(attributes(&rotated), expected, "{rotated}");
    assert_ne!(rotated.split(';').next(), cookie.split(';').next());

    let out = app
        .api(Method::POST, "/auth/logout")
        .bearer_auth(&access)
        .send()
        .await?;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let cleared = set_cookie(&out)?;
    assert!(cleared.starts_with("kakeibo_refresh=;"), "{cleared}");
    assert!(attributes(&cleared).contains("Max-Age=0"), "{cleared}");
    assert!(
        attributes(&cleared).contains("Path=/api/v1/auth"),
        "{cleared}"
    );
    Ok(())
}

/// `auth.secure_cookies = false` (plain-HTTP hosts only) drops `Secure` and nothing else.
#[tokio::test]
async fn without_secure_cookies_the_cookie_loses_only_secure() -> Result<()> {
    let app = TestApp::spawn_with(|s| s.auth.secure_cookies = false).await?;
    app.verified_user("plain@example.com").await?;
    let cookie = set_cookie(&login(&app, "plain@example.com").await?)?;
    let attributes = attributes(&cookie);
    assert!(!attributes.contains("Secure"), "{cookie}");
    for wanted in ["HttpOnly", "SameSite=Strict", "Path=/api/v1/auth"] {
        assert!(attributes.contains(wanted), "{wanted} missing: {cookie}");
    }
    Ok(())
}

async fn refresh_with(
    app: &TestApp,
    cookie: &str,
    headers: &[(&str, &str)],
) -> Result<reqwest::Response> {
    let mut request = app
        .api(Method::POST, "/auth/refresh")
        .header("cookie", cookie);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    Ok(request.send().await?)
}

/// A page of another origin that makes the browser call `/auth/refresh` (the one endpoint
/// the cookie authenticates) is refused before the token is looked at, so the token is not
/// spent; the same call from Kakeibo's own page goes through.
#[tokio::test]
async fn a_refresh_from_another_origin_is_refused() -> Result<()> {
    let app = TestApp::spawn().await?;
    app.verified_user("csrf@example.com").await?;
    let cookie = refresh_cookie_of(&login(&app, "csrf@example.com").await?).context("cookie")?;
    let own = format!("http://{}", app.addr);
    for headers in [
        vec![("sec-fetch-site", "cross-site")],
        // A sibling subdomain is the same site but another origin.
        vec![
            ("sec-fetch-site", "same-site"),
            ("origin", "https://evil.example.com"),
        ],
        // A browser without fetch metadata: its Origin decides.
        vec![("origin", "https://evil.example")],
        vec![("origin", "null")],
    ] {
        let response = refresh_with(&app, &cookie, &headers).await?;
        let body = expect_error(response, StatusCode::FORBIDDEN, "cross_site_request").await?;
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("other sites"),
            "{body}"
        );
    }
    let ok = refresh_with(
        &app,
        &cookie,
        &[("sec-fetch-site", "same-origin"), ("origin", own.as_str())],
    )
    .await?;
    assert_eq!(
        ok.status(),
        StatusCode::OK,
        "the refused calls did not spend the token"
    );
    let cookie = refresh_cookie_of(&ok).context("rotated")?;
    let ok = refresh_with(&app, &cookie, &[("origin", own.as_str())]).await?;
    assert_eq!(
        ok.status(),
        StatusCode::OK,
        "Origin equal to the host asked for"
    );
    Ok(())
}

/// Login, its second step and registration set the cookie: another site cannot make a
/// visitor's browser sign in to an account of the attacker's choosing (login CSRF), neither
/// with fetch (refused by its metadata) nor with an HTML form (not JSON: refused).
#[tokio::test]
async fn logins_and_sign_ups_from_another_origin_are_refused() -> Result<()> {
    let app = TestApp::spawn().await?;
    app.verified_user("attacker@example.com").await?;
    let body = json!({ "email": "attacker@example.com", "password": PASSWORD });
    for path in ["/auth/login", "/auth/login/2fa", "/auth/register"] {
        let response = app
            .api(Method::POST, path)
            .header("sec-fetch-site", "cross-site")
            .json(&body)
            .send()
            .await?;
        assert!(!response.headers().contains_key(SET_COOKIE), "{path}");
        expect_error(response, StatusCode::FORBIDDEN, "cross_site_request").await?;
    }
    // What an HTML form can send without a preflight: urlencoded, multipart or text/plain.
    for content_type in [
        "application/x-www-form-urlencoded",
        "text/plain",
        "multipart/form-data; boundary=x",
    ] {
        let response = app
            .api(Method::POST, "/auth/login")
            .header("content-type", content_type)
            .body(body.to_string())
            .send()
            .await?;
        assert!(
            !response.headers().contains_key(SET_COOKIE),
            "{content_type}"
        );
        expect_error(response, StatusCode::BAD_REQUEST, "unsupported_media_type").await?;
    }
    Ok(())
}

/// The refresh cookie is the only credential a browser sends by itself, and only
/// `/auth/refresh` reads it: every other endpoint that needs a login (each operation with a
/// security requirement in the OpenAPI document) answers 401 to a cookie without a bearer
/// token, so no forged request can ride on it. The operations without one are the listed
/// public ones.
#[tokio::test]
async fn no_endpoint_but_refresh_accepts_the_cookie_as_a_login() -> Result<()> {
    let app = TestApp::spawn().await?;
    app.verified_user("only-cookie@example.com").await?;
    let cookie =
        refresh_cookie_of(&login(&app, "only-cookie@example.com").await?).context("cookie")?;
    let doc: Value = app.get("/api/v1/openapi.json").await?.json().await?;
    let mut public = BTreeSet::new();
    let mut checked = 0;
    for (path, operations) in doc["paths"].as_object().context("paths")? {
        for (method, operation) in operations.as_object().context("operations")? {
            let method: Method = method.to_uppercase().parse()?;
            let secured = operation["security"]
                .as_array()
                .is_some_and(|s| !s.is_empty());
            if !secured {
                if !method.is_safe() {
                    public.insert(format!("{method} {path}"));
                }
                continue;
            }
            let mut request = app
                .client
                .request(method.clone(), app.url(&fill_path(path)))
                .header("cookie", &cookie)
                .header("sec-fetch-site", "same-origin");
            if !method.is_safe() {
                request = request.json(&json!({}));
            }
            let response = request.send().await?;
            assert_eq!(
                response.status(),
                StatusCode::UNAUTHORIZED,
                "{method} {path} with only the cookie"
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} operations checked");
    let expected: BTreeSet<String> = [
        "POST /api/v1/auth/forgot-password",
        "POST /api/v1/auth/login",
        "POST /api/v1/auth/login/2fa",
        "POST /api/v1/auth/refresh",
        "POST /api/v1/auth/register",
        "POST /api/v1/auth/reset-password",
        "POST /api/v1/auth/verify-email",
        "POST /api/v1/unsubscribe",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(
        public, expected,
        "a new public endpoint: check it needs no CSRF guard"
    );
    Ok(())
}

/// The path with each `{parameter}` filled with a new id.
fn fill_path(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find('}')
            .map_or(rest.len(), |e| start + e + 1);
        out.push_str(&uuid::Uuid::new_v4().to_string());
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// No CORS: the dashboard is served on the API's own origin, so no other origin is granted
/// anything. A preflight from elsewhere gets no `Access-Control-Allow-*` (the browser then
/// sends nothing), and a simple cross-origin request's answer carries no grant to read it.
#[tokio::test]
async fn other_origins_get_no_cors_grant() -> Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("cors@example.com").await?;
    for path in [
        "/api/v1/auth/refresh",
        "/api/v1/auth/login",
        "/api/v1/me",
        "/api/v1/transactions",
    ] {
        let preflight = app
            .client
            .request(Method::OPTIONS, app.url(path))
            .header("origin", "https://evil.example")
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "content-type, authorization",
            )
            .send()
            .await?;
        assert!(!preflight.status().is_server_error(), "{path}");
        let granted: Vec<_> = preflight
            .headers()
            .keys()
            .filter(|k| k.as_str().starts_with("access-control-"))
            .collect();
        assert!(granted.is_empty(), "{path}: {granted:?}");
    }
    let read = app
        .api(Method::GET, "/me")
        .bearer_auth(&user.access_token)
        .header("origin", "https://evil.example")
        .send()
        .await?;
    assert_eq!(read.status(), StatusCode::OK);
    assert!(!read.headers().contains_key("access-control-allow-origin"));
    assert!(
        !read
            .headers()
            .contains_key("access-control-allow-credentials")
    );
    Ok(())
}
