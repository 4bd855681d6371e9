//! The account lifecycle through the HTTP API.

use kakeibo_tests::TestApp;
use kakeibo_tests::auth::refresh_cookie_of;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn register_verify_login_refresh_logout() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.register("  Alice@Example.COM ").await?;

    let me: Value = app
        .as_user(&user, Method::GET, "/me")
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(me["email"], "alice@example.com", "normalized");
    assert_eq!(me["email_verified"], false);

    let mail = app.last_mail_to("alice@example.com").await?;
    assert!(mail.subject.contains("Confirm"), "{mail:?}");
    let verify = app
        .post_json(
            "/auth/verify-email",
            &json!({ "token": mail.link_token()? }),
        )
        .await?;
    assert_eq!(verify.status(), StatusCode::NO_CONTENT);
    let me: Value = app
        .as_user(&user, Method::GET, "/me")
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(me["email_verified"], true);

    let session = app.login("alice@example.com", &user.password).await?;
    let refreshed = app
        .api(Method::POST, "/auth/refresh")
        .header("cookie", &session.refresh_cookie)
        .send()
        .await?;
    assert_eq!(refreshed.status(), StatusCode::OK);
    let new_cookie = refresh_cookie_of(&refreshed).expect("rotated cookie");
    assert_ne!(new_cookie, session.refresh_cookie, "rotated on use");
    let body: Value = refreshed.json().await?;
    let access = body["access_token"].as_str().unwrap().to_string();

    let logout = app
        .api(Method::POST, "/auth/logout")
        .bearer_auth(&access)
        .send()
        .await?;
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    // The session is over: its access token and its refresh token stop working at once.
    let after = app
        .api(Method::GET, "/me")
        .bearer_auth(&access)
        .send()
        .await?;
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
    let refresh_after = app
        .api(Method::POST, "/auth/refresh")
        .header("cookie", &new_cookie)
        .send()
        .await?;
    assert_eq!(refresh_after.status(), StatusCode::UNAUTHORIZED);
    Ok(())
}
