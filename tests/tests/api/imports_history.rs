//! `GET /imports`: the user's own imports, newest first, with their account's name, in keyset
//! pages; nobody else's.

use kakeibo_tests::http::{account_in, expect};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

const CSV: &str = "Date,Description,Amount\n2026-01-05,REWE Markt,-23.45\n2026-01-06,Salary ACME,2500.00\n2026-01-06,Cafe Noir,-3.20\n";

async fn import(
    app: &TestApp,
    user: &TestUser,
    account: Uuid,
    name: &str,
) -> anyhow::Result<Value> {
    let form = Form::new()
        .part(
            "file",
            Part::bytes(CSV.as_bytes().to_vec()).file_name(name.to_string()),
        )
        .text("account_id", account.to_string());
    let response = app
        .as_user(user, Method::POST, "/imports")
        .multipart(form)
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::CREATED);
    Ok(response.json().await?)
}

async fn history(app: &TestApp, user: &TestUser, query: &str) -> anyhow::Result<Value> {
    expect(
        app,
        user,
        Method::GET,
        &format!("/imports{query}"),
        None,
        StatusCode::OK,
    )
    .await
}

fn filenames(page: &Value) -> Vec<&str> {
    page["imports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["filename"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn lists_only_the_users_own_imports_newest_first() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let bo = app.verified_user("bo@example.com").await?;
    let checking = account_in(&app, &ana, "Girokonto", "checking", "EUR").await?;
    let first = import(&app, &ana, checking, "january.csv").await?;
    let again = import(&app, &ana, checking, "january-again.csv").await?;
    let bos = account_in(&app, &bo, "Bo's", "checking", "EUR").await?;
    import(&app, &bo, bos, "bo.csv").await?;

    let page = history(&app, &ana, "").await?;
    assert_eq!(
        filenames(&page),
        ["january-again.csv", "january.csv"],
        "{page}"
    );
    assert!(page["next_cursor"].is_null());
    let newest = &page["imports"][0];
    assert_eq!(newest["id"], again["id"]);
    assert_eq!(newest["account_id"], json!(checking));
    assert_eq!(newest["account_name"], "Girokonto");
    assert_eq!(
        (newest["source"].as_str(), newest["format"].as_str()),
        (Some("file"), Some("csv"))
    );
    // The second upload of the same rows adds none: all three are duplicates.
    let counts = |i: &Value| {
        ["rows_read", "rows_added", "rows_matched", "rows_posted"].map(|k| i[k].as_i64().unwrap())
    };
    assert_eq!(counts(newest), [3, 0, 3, 0]);
    assert_eq!(counts(&page["imports"][1]), [3, 3, 0, 0]);
    assert_eq!(page["imports"][1]["id"], first["id"]);

    assert_eq!(filenames(&history(&app, &bo, "").await?), ["bo.csv"]);
    // Only syncs from the demo bank: Ana has none.
    assert_eq!(
        history(&app, &ana, "?source=demo").await?["imports"],
        json!([])
    );
    assert_eq!(
        filenames(&history(&app, &ana, "?source=file").await?).len(),
        2
    );
    Ok(())
}

#[tokio::test]
async fn pages_follow_the_cursor_to_the_end() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let checking = account_in(&app, &ana, "Checking", "checking", "EUR").await?;
    for name in ["1.csv", "2.csv", "3.csv"] {
        import(&app, &ana, checking, name).await?;
    }
    let first = history(&app, &ana, "?limit=2").await?;
    assert_eq!(filenames(&first), ["3.csv", "2.csv"]);
    let cursor = first["next_cursor"]
        .as_str()
        .expect("a full page has a cursor");
    let second = history(&app, &ana, &format!("?limit=2&before={cursor}")).await?;
    assert_eq!(filenames(&second), ["1.csv"]);
    assert!(second["next_cursor"].is_null());

    // Another user's cursor reads only that user's rows; a made-up one is refused.
    let bo = app.verified_user("bo@example.com").await?;
    assert_eq!(
        history(&app, &bo, &format!("?before={cursor}")).await?["imports"],
        json!([])
    );
    expect(
        &app,
        &ana,
        Method::GET,
        "/imports?before=yesterday",
        None,
        StatusCode::BAD_REQUEST,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn a_user_without_imports_gets_an_empty_list() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let page = history(&app, &ana, "").await?;
    assert_eq!(page, json!({ "imports": [], "next_cursor": null }));
    Ok(())
}
