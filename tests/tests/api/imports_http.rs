//! Statement imports through the HTTP API: preview, upload, re-upload, bad files, limits,
//! and other users' accounts.

use kakeibo_tests::statement_files::STATEMENT_FILES;
use kakeibo_tests::{TestApp, TestUser};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const CSV: &str = "Date,Description,Amount\n2026-01-05,REWE Markt,-23.45\n2026-01-06,Salary ACME,2500.00\n2026-01-06,Cafe Noir,-3.20\n";

async fn account(app: &TestApp, user: &TestUser, currency: &str) -> anyhow::Result<String> {
    let response = app
        .as_user(user, Method::POST, "/accounts")
        .json(&json!({ "name": "Checking", "kind": "checking", "currency": currency }))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = response.json().await?;
    Ok(body["id"].as_str().unwrap().to_string())
}

fn upload(file: &[u8], account: Option<&str>, options: Option<Value>) -> Form {
    let mut form = Form::new().part(
        "file",
        Part::bytes(file.to_vec()).file_name("statement.csv"),
    );
    if let Some(account) = account {
        form = form.text("account_id", account.to_string());
    }
    if let Some(options) = options {
        form = form.text("options", options.to_string());
    }
    form
}

async fn rows(app: &TestApp) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar("SELECT count(*) FROM transactions")
        .fetch_one(&app.db.pool)
        .await?)
}

#[tokio::test]
async fn preview_shows_the_rows_and_writes_nothing() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.register("a@example.com").await?;
    let response = app
        .as_user(&user, Method::POST, "/imports/preview")
        .multipart(upload(CSV.as_bytes(), None, None))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    let preview: Value = response.json().await?;
    assert_eq!(preview["format"], "csv");
    assert_eq!(preview["csv_preset"], "generic");
    assert_eq!(preview["rows"], 3);
    assert_eq!(preview["sample"][0]["booked_on"], "2026-01-05");
    assert_eq!(preview["sample"][0]["amount"], "-23.45");
    assert_eq!(preview["first_date"], "2026-01-05");
    assert_eq!(rows(&app).await?, 0);
    Ok(())
}

#[tokio::test]
async fn upload_imports_once_and_a_second_upload_adds_nothing() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.register("a@example.com").await?;
    let account = account(&app, &user, "EUR").await?;
    let first: Value = app
        .as_user(&user, Method::POST, "/imports")
        .multipart(upload(CSV.as_bytes(), Some(&account), None))
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(
        (first["rows_read"].as_i64(), first["rows_added"].as_i64()),
        (Some(3), Some(3)),
        "{first}"
    );
    assert_eq!(first["format"], "csv");
    let again: Value = app
        .as_user(&user, Method::POST, "/imports")
        .multipart(upload(CSV.as_bytes(), Some(&account), None))
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(
        (again["rows_added"].as_i64(), again["rows_matched"].as_i64()),
        (Some(0), Some(3)),
        "{again}"
    );
    assert_eq!(rows(&app).await?, 3);
    let id = again["id"].as_str().unwrap();
    let fetched = app
        .as_user(&user, Method::GET, &format!("/imports/{id}"))
        .send()
        .await?;
    assert_eq!(fetched.status(), StatusCode::OK);
    Ok(())
}

#[tokio::test]
async fn a_file_that_does_not_match_the_mapping_names_the_line_and_writes_nothing()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.register("a@example.com").await?;
    let account = account(&app, &user, "EUR").await?;
    let file = "Date,Description,Amount\n2026-01-05,REWE,-23.45\n2026-01-06,Broken,twelve\n";
    let response = app
        .as_user(&user, Method::POST, "/imports")
        .multipart(upload(
            file.as_bytes(),
            Some(&account),
            Some(json!({ "csv_preset": "generic" })),
        ))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await?;
    let message = body["error"]["details"]["fields"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(message.contains("line 3"), "{body}");
    assert_eq!(rows(&app).await?, 0);
    let imports: i64 = sqlx::query_scalar("SELECT count(*) FROM imports")
        .fetch_one(&app.db.pool)
        .await?;
    assert_eq!(imports, 0, "all or nothing");
    Ok(())
}

#[tokio::test]
async fn a_200_mb_upload_is_refused() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.register("a@example.com").await?;
    let account = account(&app, &user, "EUR").await?;
    let big = vec![b'x'; 200 * 1024 * 1024];
    let response = app
        .as_user(&user, Method::POST, "/imports")
        .multipart(upload(&big, Some(&account), None))
        .send()
        .await;
    // The server answers 413 as soon as the limit is passed; it may close the connection
    // before the client finished sending, which the client reports as an error instead.
    match response {
        Ok(response) => assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE),
        Err(e) => assert!(e.is_request() || e.is_body(), "{e}"),
    }
    assert_eq!(rows(&app).await?, 0);
    Ok(())
}

#[tokio::test]
async fn another_users_account_is_404() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.register("alice@example.com").await?;
    let bob = app.register("bob@example.com").await?;
    let alices = account(&app, &alice, "EUR").await?;
    let response = app
        .as_user(&bob, Method::POST, "/imports")
        .multipart(upload(CSV.as_bytes(), Some(&alices), None))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(rows(&app).await?, 0);
    let listed: Value = app
        .as_user(&bob, Method::GET, "/accounts")
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(listed.as_array().map(Vec::len), Some(0));
    Ok(())
}

#[tokio::test]
async fn every_format_imports_through_the_api_once() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.register("a@example.com").await?;
    for file in STATEMENT_FILES {
        let account = account(&app, &user, file.currency).await?;
        let options = json!({ "qif_day_first": file.qif_day_first });
        let expected = file.rows() as i64;
        let mut reports = Vec::new();
        for _ in 0..2 {
            let response = app
                .as_user(&user, Method::POST, "/imports")
                .multipart(upload(&file.bytes(), Some(&account), Some(options.clone())))
                .send()
                .await?;
            assert!(
                response.status().is_success(),
                "{}: {}",
                file.kind,
                response.text().await?
            );
            reports.push(response.json::<Value>().await?);
        }
        let format = file
            .path
            .split('/')
            .next()
            .unwrap()
            .replace("camt", "camt053");
        assert_eq!(reports[0]["format"], format.as_str(), "{}", file.kind);
        assert_eq!(
            reports[0]["rows_added"], expected,
            "{}: {}",
            file.kind, reports[0]
        );
        assert_eq!(
            (
                reports[1]["rows_added"].as_i64(),
                reports[1]["rows_matched"].as_i64()
            ),
            (Some(0), Some(expected)),
            "{} again: {}",
            file.kind,
            reports[1]
        );
        let stored: i64 =
            sqlx::query_scalar("SELECT count(*) FROM transactions WHERE account_id = $1::uuid")
                .bind(&account)
                .fetch_one(&app.db.pool)
                .await?;
        assert_eq!(stored, expected, "{}", file.kind);
    }
    Ok(())
}
