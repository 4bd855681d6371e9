//! Bad input answers 422 naming the field, and stores nothing; edits change what they name.

use reqwest::{Method, StatusCode};
use rust_decimal_macros::dec;
use serde_json::{Value, json};

use super::{ana_in, assert_invalid, budget, call, category, expect, money};

#[tokio::test]
async fn bad_budgets_goals_and_contributions_are_422() -> anyhow::Result<()> {
    let (app, user) = ana_in("UTC").await?;
    let salary = category(&app, &user, "income.salary").await?;
    let ok = json!({ "name": "Food", "period": "monthly", "amount": "100" });
    let with = |field: &str, value: Value| {
        let mut body = ok.clone();
        body[field] = value;
        body
    };
    let without = |field: &str| {
        let mut body = ok.clone();
        body.as_object_mut().unwrap().remove(field);
        body
    };
    for (body, field) in [
        (without("amount"), "amount"),
        (without("period"), "period"),
        (without("name"), "name"),
        (with("name", json!("  ")), "name"),
        (with("amount", json!("-5")), "amount"),
        (with("amount", json!("0")), "amount"),
        (with("amount", json!("1.00001")), "amount"),
        (with("period", json!("daily")), "period"),
        (with("rollover", json!("sometimes")), "rollover"),
        (with("currency", json!("eur")), "currency"),
        (with("thresholds", json!([])), "thresholds"),
        (with("thresholds", json!([80, 80])), "thresholds"),
        (with("thresholds", json!([0, 100])), "thresholds"),
        (with("starts_on", json!("1900-01-01")), "starts_on"),
        (with("category_id", json!(salary)), "category_id"),
    ] {
        let (status, error) = call(&app, &user, Method::POST, "/budgets", Some(body)).await?;
        assert_invalid(status, &error, field);
    }
    assert_eq!(
        expect(&app, &user, Method::GET, "/budgets", None, StatusCode::OK).await?,
        json!([]),
        "nothing stored"
    );

    // An edit changes what it names, and checks it the same way.
    let id = budget(&app, &user, ok.clone()).await?;
    let edited = expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/budgets/{id}"),
        Some(json!({ "amount": "250.5", "thresholds": [100, 75], "rollover": "both" })),
        StatusCode::OK,
    )
    .await?;
    assert_eq!(money(&edited["amount"]), dec!(250.5));
    assert_eq!(edited["thresholds"], json!([75, 100]));
    assert_eq!(
        (&edited["name"], &edited["rollover"], &edited["period"]),
        (&json!("Food"), &json!("both"), &json!("monthly"))
    );
    assert!(edited["category_id"].is_null());
    let (status, error) = call(
        &app,
        &user,
        Method::PATCH,
        &format!("/budgets/{id}"),
        Some(json!({ "period": "hourly" })),
    )
    .await?;
    assert_invalid(status, &error, "period");
    let (status, error) = call(
        &app,
        &user,
        Method::GET,
        &format!("/budgets/{id}/progress?at=1800-01-01"),
        None,
    )
    .await?;
    assert_invalid(status, &error, "at");

    let goal = json!({ "name": "Bike", "target_amount": "500", "target_date": "2030-01-01" });
    for (field, value) in [
        ("target_amount", json!("0")),
        ("target_amount", Value::Null),
        ("target_date", Value::Null),
        ("currency", json!("EURO")),
    ] {
        let mut body = goal.clone();
        if value.is_null() {
            body.as_object_mut().unwrap().remove(field);
        } else {
            body[field] = value;
        }
        let (status, error) = call(&app, &user, Method::POST, "/goals", Some(body)).await?;
        assert_invalid(status, &error, field);
    }
    // A USD goal on a EUR account.
    let checking = super::account_in(&app, &user, "Checking", "checking", "EUR").await?;
    let mut on_account = goal.clone();
    on_account["account_id"] = json!(checking);
    on_account["currency"] = json!("USD");
    let (status, error) = call(&app, &user, Method::POST, "/goals", Some(on_account)).await?;
    assert_invalid(status, &error, "currency");

    let created = expect(
        &app,
        &user,
        Method::POST,
        "/goals",
        Some(goal),
        StatusCode::CREATED,
    )
    .await?;
    let id = created["id"].as_str().unwrap();
    // The server's tomorrow: near midnight the test's own clock could name the server's today.
    let tomorrow = app.today("UTC").await? + chrono::Days::new(1);
    for (body, field) in [
        (json!({ "amount": "0" }), "amount"),
        (json!({ "amount": "1.23456" }), "amount"),
        (
            json!({ "amount": "5", "contributed_on": tomorrow }),
            "contributed_on",
        ),
    ] {
        let (status, error) = call(
            &app,
            &user,
            Method::POST,
            &format!("/goals/{id}/contributions"),
            Some(body),
        )
        .await?;
        assert_invalid(status, &error, field);
    }
    assert_eq!(
        expect(
            &app,
            &user,
            Method::GET,
            &format!("/goals/{id}/contributions"),
            None,
            StatusCode::OK
        )
        .await?,
        json!([])
    );
    Ok(())
}

#[tokio::test]
async fn the_openapi_document_describes_every_budget_and_goal_path() -> anyhow::Result<()> {
    let app = kakeibo_tests::TestApp::spawn().await?;
    let doc: Value = app.get("/api/v1/openapi.json").await?.json().await?;
    for (path, methods) in [
        ("/api/v1/budgets", &["get", "post"][..]),
        ("/api/v1/budgets/{id}", &["get", "patch", "delete"][..]),
        ("/api/v1/budgets/{id}/progress", &["get"][..]),
        ("/api/v1/goals", &["get", "post"][..]),
        ("/api/v1/goals/{id}", &["get", "patch", "delete"][..]),
        ("/api/v1/goals/{id}/progress", &["get"][..]),
        ("/api/v1/goals/{id}/contributions", &["get", "post"][..]),
        (
            "/api/v1/goals/{id}/contributions/{contribution_id}",
            &["delete"][..],
        ),
    ] {
        for method in methods {
            assert!(
                doc["paths"][path][method].is_object(),
                "{method} {path} is not described"
            );
        }
    }
    let progress = &doc["paths"]["/api/v1/budgets/{id}/progress"]["get"]["parameters"];
    assert!(
        progress
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "at"),
        "{progress}"
    );
    Ok(())
}
