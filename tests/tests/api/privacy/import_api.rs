//! `POST /privacy/import`: a user who just signed up uploads another Kakeibo's export and
//! gets their history in their own account; a changed zip is refused with the reason (400)
//! and writes nothing; an account that already holds data is refused (409), the new user's
//! own after the import included.

use std::path::Path;

use kakeibo_tests::http::expect;
use kakeibo_tests::{TestApp, TestUser};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::export_tampered::{data_of, exported_user, tampered};

async fn upload(app: &TestApp, user: &TestUser, zip: &Path) -> anyhow::Result<(StatusCode, Value)> {
    let part = Part::bytes(std::fs::read(zip)?)
        .file_name("kakeibo-export-2026-12-06.zip")
        .mime_str("application/zip")?;
    let response = app
        .as_user(user, Method::POST, "/privacy/import")
        .multipart(Form::new().part("file", part))
        .send()
        .await?;
    Ok((response.status(), response.json().await?))
}

async fn account_names(app: &TestApp, user: &TestUser) -> anyhow::Result<Vec<String>> {
    let accounts = expect(app, user, Method::GET, "/accounts", None, StatusCode::OK).await?;
    let list = accounts
        .as_array()
        .or_else(|| accounts["accounts"].as_array())
        .cloned()
        .unwrap_or_default();
    Ok(list
        .iter()
        .map(|a| a["name"].as_str().unwrap_or_default().to_string())
        .collect())
}

#[tokio::test]
async fn an_export_is_imported_into_the_callers_empty_account_only() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let (ana, folder, original) =
        exported_user(&app, "ana.leaves@example.com", "Old checking").await?;

    // A changed amount: refused with the reason, and nothing is written.
    let changed = tampered(&original, "changed.zip", false, |files| {
        let data = data_of(files);
        let text = String::from_utf8(data.clone())
            .unwrap()
            .replace("\"-12.3400\"", "\"-1.3400\"");
        *data = text.into_bytes();
    })?;
    let carl = app.verified_user("carl.new@example.com").await?;
    let (status, body) = upload(&app, &carl, &changed).await?;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["code"], "invalid_export");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("data.ndjson does not match the manifest"),
        "{body}"
    );
    assert!(account_names(&app, &carl).await?.is_empty());

    // Not a zip at all.
    let junk = folder.join("junk.zip");
    std::fs::write(&junk, b"not a zip")?;
    let (status, body) = upload(&app, &carl, &junk).await?;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not a zip file"),
        "{body}"
    );

    // The untouched file, into a new empty account.
    let (status, body) = upload(&app, &carl, &original).await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["imported"]["transaction"], 1, "{body}");
    assert_eq!(body["imported"]["account"], 1, "{body}");
    assert_eq!(body["llm_consent_not_restored"], false);
    assert!(
        body["skipped"]["session"].as_u64().is_some_and(|n| n > 0),
        "{body}"
    );
    assert_eq!(account_names(&app, &carl).await?, ["Old checking"]);
    let events: Vec<String> = sqlx::query_scalar(
        "SELECT event FROM audit_log WHERE user_id = $1 AND event = 'privacy.import'",
    )
    .bind(carl.id)
    .fetch_all(&app.db.pool)
    .await?;
    assert_eq!(events.len(), 1);

    // Now carl's account holds data: a second import is refused, as is one into ana's.
    for user in [&carl, &ana] {
        let (status, body) = upload(&app, user, &original).await?;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(body["error"]["code"], "account_not_empty");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("already holds data (account)"),
            "{message}"
        );
    }
    assert_eq!(account_names(&app, &carl).await?, ["Old checking"]);
    assert_eq!(account_names(&app, &ana).await?, ["Old checking"]);

    // A form without the file: 400.
    let response = app
        .as_user(&carl, Method::POST, "/privacy/import")
        .multipart(Form::new().text("other", "x"))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    std::fs::remove_dir_all(&folder)?;
    Ok(())
}
