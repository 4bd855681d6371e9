//! The in-app feed: keyset pages, the unread count, marking read, other users.

use kakeibo_tests::TestApp;
use kakeibo_tests::http::assert_invalid;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{at, emit};

#[tokio::test]
async fn feed_pages_newest_first_and_counts_unread() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.register("ana@example.com").await?;
    let bob = app.register("bob@example.com").await?;
    for (key, time) in [
        ("one", "2099-01-01T10:00:00Z"),
        ("two", "2099-01-01T11:00:00Z"),
        ("three", "2099-01-01T12:00:00Z"),
    ] {
        emit(&app, ana.id, key, at(time)).await?;
    }
    emit(&app, bob.id, "bobs", at("2099-01-01T12:30:00Z")).await?;

    let first: Value = app
        .as_user(&ana, Method::GET, "/notifications?limit=2")
        .send()
        .await?
        .json()
        .await?;
    let names: Vec<&str> = first["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["payload"]["budget_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["three", "two"], "{first}");
    assert_eq!(first["unread"], 3);
    assert_eq!(
        first["notifications"][0]["title"],
        "Budget three: 80% reached"
    );
    assert_eq!(first["notifications"][0]["kind"], "budget_threshold");
    let cursor = first["next_cursor"]
        .as_str()
        .expect("a full page has a cursor");
    let second: Value = app
        .as_user(
            &ana,
            Method::GET,
            &format!("/notifications?limit=2&before={cursor}"),
        )
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(second["notifications"].as_array().unwrap().len(), 1);
    assert_eq!(second["notifications"][0]["payload"]["budget_name"], "one");
    assert!(second["next_cursor"].is_null());

    let bad = app
        .as_user(&ana, Method::GET, "/notifications?before=yesterday")
        .send()
        .await?;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    Ok(())
}

#[tokio::test]
async fn marking_read_by_id_or_all_and_never_another_users() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.register("ana@example.com").await?;
    let bob = app.register("bob@example.com").await?;
    for (key, time) in [
        ("one", "2099-01-01T10:00:00Z"),
        ("two", "2099-01-01T11:00:00Z"),
    ] {
        emit(&app, ana.id, key, at(time)).await?;
    }
    let feed: Value = app
        .as_user(&ana, Method::GET, "/notifications")
        .send()
        .await?
        .json()
        .await?;
    let newest = feed["notifications"][0]["id"].as_str().unwrap().to_string();

    // Bob cannot mark Ana's notification read.
    let by_bob: Value = app
        .as_user(&bob, Method::POST, "/notifications/read")
        .json(&json!({ "ids": [newest] }))
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(by_bob["marked"], 0);
    let feed: Value = app
        .as_user(&ana, Method::GET, "/notifications")
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(feed["unread"], 2);

    let marked: Value = app
        .as_user(&ana, Method::POST, "/notifications/read")
        .json(&json!({ "ids": [newest] }))
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(
        (marked["marked"].as_u64(), marked["unread"].as_i64()),
        (Some(1), Some(1))
    );
    let feed: Value = app
        .as_user(&ana, Method::GET, "/notifications")
        .send()
        .await?
        .json()
        .await?;
    assert!(feed["notifications"][0]["read_at"].is_string());
    assert!(feed["notifications"][1]["read_at"].is_null());

    let all: Value = app
        .as_user(&ana, Method::POST, "/notifications/read")
        .json(&json!({ "all": true }))
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(
        (all["marked"].as_u64(), all["unread"].as_i64()),
        (Some(1), Some(0))
    );

    for body in [json!({}), json!({ "ids": [], "all": true })] {
        let response = app
            .as_user(&ana, Method::POST, "/notifications/read")
            .json(&body)
            .send()
            .await?;
        let status = response.status();
        let field = if body.get("all").is_some() {
            "all"
        } else {
            "ids"
        };
        assert_invalid(status, &response.json().await?, field);
    }
    Ok(())
}
