//! The export endpoints: asking queues one job (asking again while it waits answers the
//! same one), the job makes the zip and tells the user (`export_ready`), the status and the
//! list show it, and the download streams a zip named after the day. Another user's id is
//! 404, no credentials 401, an API token 403, an expired export 410 (and the sweep deletes
//! its file).

use chrono::{DateTime, TimeZone, Utc};
use kakeibo_privacy::jobs::{QUEUE, RetentionSweep};
use kakeibo_tests::http::{account, expect};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::unzip::Unzipped;

async fn ask_for_export(
    app: &TestApp,
    user: &TestUser,
    status: StatusCode,
) -> anyhow::Result<Value> {
    expect(app, user, Method::POST, "/privacy/export", None, status).await
}

async fn download(app: &TestApp, user: &TestUser, id: &str) -> anyhow::Result<reqwest::Response> {
    Ok(app
        .as_user(user, Method::GET, &format!("/privacy/export/{id}/download"))
        .send()
        .await?)
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

#[tokio::test]
async fn an_export_is_queued_made_announced_and_downloaded() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana.download@example.com").await?;
    let checking = account(&app, &ana, "Checking").await?;
    expect(&app, &ana, Method::POST, "/transactions", Some(json!({
        "account_id": checking, "booked_on": "2026-03-02", "amount": "-12.34", "description": "Bakery" })),
        StatusCode::CREATED).await?;

    let queued = ask_for_export(&app, &ana, StatusCode::ACCEPTED).await?;
    assert_eq!(queued["status"], "queued");
    for field in ["ready_at", "expires_at", "size_bytes"] {
        assert!(queued[field].is_null(), "{field}: {queued}");
    }
    let id = queued["id"].as_str().unwrap().to_string();
    // Asked again while it waits: the same export, 200.
    let again = ask_for_export(&app, &ana, StatusCode::OK).await?;
    assert_eq!(again, queued);
    // Not ready yet: nothing to download.
    assert_eq!(
        download(&app, &ana, &id).await?.status(),
        StatusCode::CONFLICT
    );

    app.drain_jobs().await?;
    let ready = expect(
        &app,
        &ana,
        Method::GET,
        &format!("/privacy/export/{id}"),
        None,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(ready["status"], "ready", "{ready}");
    let ready_at: DateTime<Utc> = serde_json::from_value(ready["ready_at"].clone())?;
    let expires_at: DateTime<Utc> = serde_json::from_value(ready["expires_at"].clone())?;
    assert_eq!(expires_at - ready_at, chrono::Duration::days(7));

    // The user is told on their channels: in the app and by e-mail (export_ready's defaults).
    let mut told: Vec<(String, String)> = sqlx::query_as(
        "SELECT channel, payload->>'export_id' FROM notifications WHERE user_id = $1 AND kind = 'export_ready' ORDER BY channel",
    )
    .bind(ana.id)
    .fetch_all(&app.db.pool)
    .await?;
    told.sort();
    assert_eq!(
        told,
        [
            ("email".to_string(), id.clone()),
            ("in_app".to_string(), id.clone())
        ]
    );

    let response = download(&app, &ana, &id).await?;
    assert_eq!(response.status(), StatusCode::OK);
    let created_on = queued["created_at"].as_str().unwrap()[..10].to_string();
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "application/zip");
    assert_eq!(
        headers["content-disposition"].to_str()?,
        format!("attachment; filename=\"kakeibo-export-{created_on}.zip\"")
    );
    let bytes = response.bytes().await?;
    assert_eq!(Some(bytes.len() as i64), ready["size_bytes"].as_i64());
    let zip = Unzipped::checked(&bytes)?;
    assert_eq!(zip.of("profile")[0]["email"], ana.email);
    let bakery = zip.of("transaction");
    assert_eq!(
        (bakery.len(), &bakery[0]["amount"]),
        (1, &json!("-12.3400"))
    );
    // The request is in the security log the file carries.
    assert!(
        zip.of("audit_event")
            .iter()
            .any(|e| e["event"] == "privacy.export")
    );

    // A second export: listed first, both kept.
    let second = ask_for_export(&app, &ana, StatusCode::ACCEPTED).await?;
    assert_ne!(second["id"], queued["id"]);
    let list = expect(
        &app,
        &ana,
        Method::GET,
        "/privacy/exports",
        None,
        StatusCode::OK,
    )
    .await?;
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [second["id"].as_str().unwrap(), id.as_str()]);
    app.drain_jobs().await?;
    Ok(())
}

#[tokio::test]
async fn other_users_strangers_tokens_and_expired_exports_are_refused() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana.owner@example.com").await?;
    let bob = app.verified_user("bob.intruder@example.com").await?;
    let export = ask_for_export(&app, &ana, StatusCode::ACCEPTED).await?;
    let id = export["id"].as_str().unwrap().to_string();
    app.drain_jobs().await?;

    // Bob: Ana's export is not found, and his own list is empty.
    for path in [
        format!("/privacy/export/{id}"),
        format!("/privacy/export/{id}/download"),
    ] {
        let response = app.as_user(&bob, Method::GET, &path).send().await?;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let bobs = expect(
        &app,
        &bob,
        Method::GET,
        "/privacy/exports",
        None,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(bobs, json!([]));
    // Bob's own export is his, not Ana's pending one.
    let his = ask_for_export(&app, &bob, StatusCode::ACCEPTED).await?;
    assert_ne!(his["id"], export["id"]);

    // No credentials: 401 everywhere.
    for (method, path) in [
        (Method::POST, "/privacy/export".to_string()),
        (Method::GET, "/privacy/exports".to_string()),
        (Method::GET, format!("/privacy/export/{id}")),
        (Method::GET, format!("/privacy/export/{id}/download")),
    ] {
        let response = app.api(method.clone(), &path).send().await?;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{method} {path}"
        );
    }
    // An API token cannot take the whole history.
    let token = expect(
        &app,
        &ana,
        Method::POST,
        "/auth/tokens",
        Some(json!({ "name": "script", "scopes": ["read", "write"] })),
        StatusCode::CREATED,
    )
    .await?;
    let token = token["token"].as_str().unwrap();
    let response = app
        .api(Method::GET, &format!("/privacy/export/{id}/download"))
        .bearer_auth(token)
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // Past its expiry (a fixed date, long gone): 410, and the status says expired.
    let ready_at = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap();
    sqlx::query("UPDATE privacy_exports SET ready_at = $2, expires_at = $3 WHERE id = $1::uuid")
        .bind(&id)
        .bind(ready_at)
        .bind(ready_at + chrono::Duration::days(7))
        .execute(&app.db.pool)
        .await?;
    let response = download(&app, &ana, &id).await?;
    assert_eq!(response.status(), StatusCode::GONE);
    let body: Value = response.json().await?;
    assert_eq!(body["error"]["code"], "export_expired");
    let status = expect(
        &app,
        &ana,
        Method::GET,
        &format!("/privacy/export/{id}"),
        None,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(status["status"], "expired");

    // The sweep deletes the file; the row stays, expired.
    let file = app.settings.privacy.exports_dir.join(format!("{id}.zip"));
    assert!(file.exists());
    sweep_at(&app, Utc.with_ymd_and_hms(2026, 1, 9, 3, 17, 0).unwrap()).await?;
    assert!(!file.exists());
    let stored: String =
        sqlx::query_scalar("SELECT status FROM privacy_exports WHERE id = $1::uuid")
            .bind(&id)
            .fetch_one(&app.db.pool)
            .await?;
    assert_eq!(stored, "expired");
    assert_eq!(download(&app, &ana, &id).await?.status(), StatusCode::GONE);
    Ok(())
}
