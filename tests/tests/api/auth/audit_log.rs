//! `GET /audit-log`: the user's own security events, newest first, in keyset pages.

use anyhow::{Context, Result};
use kakeibo_tests::{PASSWORD, TestApp, TestUser};
use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::helpers::expect_error;
use super::helpers::login_status;

// ---- Audit log -------------------------------------------------------------------------

/// `/audit-log` with `query` form-encoded (a cursor holds `+` and `:`).
fn audit_path(query: &[(&str, &str)]) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(query)
        .finish();
    format!("/audit-log?{query}")
}

async fn audit_page(app: &TestApp, user: &TestUser, query: &[(&str, &str)]) -> Result<Value> {
    let response = app
        .as_user(user, Method::GET, &audit_path(query))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    Ok(response.json().await?)
}

fn event_names(page: &Value) -> Vec<String> {
    page["events"]
        .as_array()
        .map(|events| {
            events
                .iter()
                .filter_map(|e| e["event"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn event_ids(page: &Value) -> Vec<String> {
    page["events"]
        .as_array()
        .map(|events| {
            events
                .iter()
                .filter_map(|e| e["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn audit_log_lists_own_events_newest_first_and_paginates() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.register("alice@example.com").await?;
    assert_eq!(
        login_status(&app, "alice@example.com", "not the password").await?,
        StatusCode::UNAUTHORIZED
    );
    app.login("alice@example.com", PASSWORD).await?;

    let all = audit_page(&app, &alice, &[]).await?;
    assert_eq!(
        event_names(&all),
        ["login.succeeded", "login.failed", "account.registered"]
    );
    assert_eq!(
        all["next_cursor"],
        Value::Null,
        "everything fit on one page"
    );
    let failed = &all["events"][1];
    assert_eq!(failed["details"]["reason"], "password");
    assert_eq!(failed["ip"], "127.0.0.1");

    // One event per page, following next_cursor, walks the same list without repeats.
    let mut walked = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..10 {
        let mut query = vec![("limit", "1")];
        if let Some(c) = &cursor {
            query.push(("before", c.as_str()));
        }
        let page = audit_page(&app, &alice, &query).await?;
        let ids = event_ids(&page);
        assert!(ids.len() <= 1, "{page}");
        walked.extend(ids);
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => break,
        }
    }
    assert_eq!(walked, event_ids(&all));

    for bad in ["nonsense", "2026-01-01T00:00:00+00:00_not-a-uuid", "_"] {
        let response = app
            .as_user(&alice, Method::GET, &audit_path(&[("before", bad)]))
            .send()
            .await?;
        expect_error(response, StatusCode::BAD_REQUEST, "invalid_cursor").await?;
    }

    // Bob sees his own events only, even when handed Alice's cursor.
    let bob = app.register("bob@example.com").await?;
    let bobs = audit_page(&app, &bob, &[]).await?;
    assert_eq!(event_names(&bobs), ["account.registered"]);
    let alices_ids = event_ids(&all);
    let first_cursor = audit_page(&app, &alice, &[("limit", "1")]).await?["next_cursor"]
        .as_str()
        .context("a cursor")?
        .to_string();
    let with_cursor = audit_page(&app, &bob, &[("before", first_cursor.as_str())]).await?;
    for page in [&bobs, &with_cursor] {
        assert!(
            event_ids(page).iter().all(|id| !alices_ids.contains(id)),
            "{page}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn audit_log_cursor_works_pasted_into_the_url() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.register("alice@example.com").await?;
    app.login("alice@example.com", PASSWORD).await?;
    let first = audit_page(&app, &alice, &[("limit", "1")]).await?;
    let cursor = first["next_cursor"].as_str().context("a cursor")?;
    // What a client building `?before=${next_cursor}` by hand sends.
    let response = app
        .as_user(
            &alice,
            Method::GET,
            &format!("/audit-log?limit=1&before={cursor}"),
        )
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    let second: Value = response.json().await?;
    assert_eq!(event_names(&second), ["account.registered"]);
    Ok(())
}

#[tokio::test]
async fn audit_log_bad_limit_gets_the_error_envelope() -> Result<()> {
    let app = TestApp::spawn().await?;
    let alice = app.register("alice@example.com").await?;
    let response = app
        .as_user(&alice, Method::GET, "/audit-log?limit=abc")
        .send()
        .await?;
    // A value that does not parse is 422 naming the parameter, as on every query string.
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = response.text().await?;
    let body: Value = serde_json::from_str(&text).with_context(|| format!("not JSON: {text}"))?;
    assert!(body["error"]["code"].is_string(), "{body}");
    Ok(())
}
