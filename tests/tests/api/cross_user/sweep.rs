//! The sweep: user A (Ana) holds one of everything; user B (Bob) sends every request of
//! `cases::ROUTES` that is a `NotFound`, `Answers`, `Own` or `OwnLast` case, with Ana's ids.
//! Each gets its expected answer and none names Ana's ids or names; afterwards everything
//! Ana can read is as it was.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use kakeibo_tests::auth::PASSWORD;
use kakeibo_tests::http::expect;
use kakeibo_tests::{TestApp, TestUser};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::cases::{Case, ROUTES};

/// In every name Ana gives, so a leak of any of them is found by one search.
const MARK: &str = "ANAMARK";

const STATEMENT: &str = "Date,Description,Amount\n\
2026-03-02,ANAMARK REWE,-23.45\n\
2026-03-03,ANAMARK SALARY,2500.00\n\
2026-03-09,ANAMARK BOOKS,-15.00\n";

/// Ana's ids by placeholder name (`$account` …).
async fn anas_world(
    app: &TestApp,
    ana: &TestUser,
) -> anyhow::Result<BTreeMap<&'static str, String>> {
    let mut ids = BTreeMap::new();
    let id = |v: &Value| v["id"].as_str().unwrap().to_string();
    let post = |path: String, body: Value| async move {
        expect(
            app,
            ana,
            Method::POST,
            &path,
            Some(body),
            StatusCode::CREATED,
        )
        .await
    };

    expect(
        app,
        ana,
        Method::PATCH,
        "/me",
        Some(json!({ "display_name": "ANAMARK Ana" })),
        StatusCode::OK,
    )
    .await?;
    let account = post(
        "/accounts".into(),
        json!({ "name": "ANAMARK Checking", "kind": "checking", "currency": "EUR" }),
    )
    .await?;
    ids.insert("account", id(&account));
    let form = Form::new()
        .part(
            "file",
            Part::bytes(STATEMENT.as_bytes().to_vec()).file_name("anamark.csv"),
        )
        .text("account_id", ids["account"].clone());
    let response = app
        .as_user(ana, Method::POST, "/imports")
        .multipart(form)
        .send()
        .await?;
    anyhow::ensure!(
        response.status().is_success(),
        "import: {}",
        response.status()
    );
    let import: Value = response.json().await?;
    ids.insert("import", id(&import));
    let rows = expect(
        app,
        ana,
        Method::GET,
        "/transactions?text=BOOKS",
        None,
        StatusCode::OK,
    )
    .await?;
    ids.insert(
        "transaction",
        rows["transactions"][0]["id"].as_str().unwrap().to_string(),
    );
    let category = post(
        "/categories".into(),
        json!({ "name": "ANAMARK Comics", "kind": "expense" }),
    )
    .await?;
    ids.insert("category", id(&category));
    expect(
        app,
        ana,
        Method::PATCH,
        &format!("/transactions/{}", ids["transaction"]),
        Some(json!({ "category_id": ids["category"], "notes": "ANAMARK note" })),
        StatusCode::OK,
    )
    .await?;
    let budget = post("/budgets".into(), json!({ "name": "ANAMARK Comics", "category_id": ids["category"], "period": "monthly", "amount": "300" })).await?;
    ids.insert("budget", id(&budget));
    let goal = post(
        "/goals".into(),
        json!({ "name": "ANAMARK Trip", "target_amount": "900", "target_date": "2030-06-01" }),
    )
    .await?;
    ids.insert("goal", id(&goal));
    post(
        format!("/goals/{}/contributions", ids["goal"]),
        json!({ "amount": "50" }),
    )
    .await?;
    let rule = post("/rules".into(),
        json!({ "name": "ANAMARK Books", "triggers": [{ "type": "description", "op": "contains", "value": "books" }],
                "actions": { "category_id": ids["category"] } }),
    )
    .await?;
    ids.insert("rule", id(&rule));
    let asked = expect(
        app,
        ana,
        Method::POST,
        "/ask",
        Some(json!({ "question": "How much did I spend in March 2026?" })),
        StatusCode::OK,
    )
    .await?;
    ids.insert(
        "conversation",
        asked["conversation_id"].as_str().unwrap().to_string(),
    );
    let token = post(
        "/auth/tokens".into(),
        json!({ "name": "ANAMARK script", "scopes": ["read"] }),
    )
    .await?;
    ids.insert("token", id(&token));
    let payload = ana.access_token.split('.').nth(1).unwrap();
    let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload)?)?;
    ids.insert("session", claims["sid"].as_str().unwrap().to_string());
    Ok(ids)
}

/// Everything Ana can read about what she made, by path.
async fn snapshot(
    app: &TestApp,
    ana: &TestUser,
    ids: &BTreeMap<&str, String>,
) -> anyhow::Result<BTreeMap<String, Value>> {
    let mut seen = BTreeMap::new();
    for path in [
        "/me",
        "/accounts",
        "/transactions",
        "/transactions/$transaction",
        "/categories",
        "/budgets/$budget",
        "/goals/$goal/progress",
        "/goals/$goal/contributions",
        "/rules/$rule",
        "/imports/$import",
        "/ask/conversations/$conversation",
        "/auth/tokens",
        "/notifications/preferences",
        "/privacy/llm-consent",
        "/telegram/link",
        "/connections",
        "/privacy/exports",
        "/analytics/summary?month=2026-03",
    ] {
        let path = fill(path, ids);
        let body = expect(app, ana, Method::GET, &path, None, StatusCode::OK).await?;
        seen.insert(path, body);
    }
    Ok(seen)
}

fn fill(text: &str, ids: &BTreeMap<&str, String>) -> String {
    ids.iter().fold(text.to_string(), |text, (name, id)| {
        text.replace(&format!("${name}"), id)
    })
}

fn method(name: &str) -> Method {
    name.parse().unwrap()
}

#[tokio::test]
async fn another_user_with_my_ids_gets_nothing_of_mine_on_every_swept_route() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana.anamark@example.com").await?;
    let bob_email = "bob.intruder@example.com";
    let mut bob = app.verified_user(bob_email).await?;
    let ids = anas_world(&app, &ana).await?;
    let before = snapshot(&app, &ana, &ids).await?;
    let mut secrets: Vec<String> = ids.values().cloned().collect();
    secrets.push(MARK.into());
    secrets.push(MARK.to_lowercase());
    secrets.push(ana.email.clone());

    let mut sent = 0;
    let (last, first): (Vec<_>, Vec<_>) = ROUTES
        .iter()
        .partition(|(_, _, c)| matches!(c, Case::OwnLast(..)));
    for (verb, route, case) in first.into_iter().chain(last) {
        let (expected, request, body) = match case {
            Case::NotFound(request, body) => (Some(StatusCode::NOT_FOUND), request, body),
            Case::Answers(status, request, body) => {
                (Some(StatusCode::from_u16(*status)?), request, body)
            }
            Case::Own(request, body) => (None, request, body),
            Case::OwnLast(request, body) => {
                // Each of these may end Bob's session: a fresh one for each.
                bob = app.login(bob_email, PASSWORD).await?;
                (None, request, body)
            }
            _ => continue,
        };
        let path = fill(request, &ids);
        let mut call = app.as_user(&bob, method(verb), &path);
        if let Some(body) = body {
            call = call
                .header("content-type", "application/json")
                .body(fill(body, &ids));
        }
        let response = call.send().await?;
        let status = response.status();
        let text = response.text().await?;
        sent += 1;
        let here = format!("{verb} {path} ({route}) as another user");
        match expected {
            Some(expected) => assert_eq!(status, expected, "{here}: {text}"),
            None => assert!(!status.is_server_error(), "{here}: {status} {text}"),
        }
        for secret in &secrets {
            assert!(
                !text.contains(secret.as_str()),
                "{here} answered {secret:?}: {text}"
            );
        }
    }
    assert!(sent > 60, "{sent} requests");

    let after = snapshot(&app, &ana, &ids).await?;
    for (path, was) in &before {
        assert_eq!(&after[path], was, "Ana's {path} changed");
    }
    println!(
        "{sent} requests of another user with Ana's ids; Ana's {} reads unchanged",
        before.len()
    );
    Ok(())
}
