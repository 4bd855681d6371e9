//! GET /transactions: every filter, keyset pages, bad parameters.

use std::collections::HashSet;

use kakeibo_tests::TestApp;
use reqwest::{Method, StatusCode};
use rust_decimal_macros::dec;
use serde_json::json;

use super::{
    account, assert_invalid, call, category, days_ago, descriptions, expect, id_of, import_into,
    list, statement,
};

#[tokio::test]
async fn filters_narrow_the_list_and_pages_cover_it_once() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let checking = account(&app, &user, "Checking").await?;
    let savings = account(&app, &user, "Savings").await?;
    import_into(
        &app,
        &user,
        checking,
        &statement(&[
            (40, dec!(-4.50), "STARBUCKS 123", "COFFEE"),
            (30, dec!(-82.10), "REWE", "REWE SAGT DANKE 100%"),
            (20, dec!(2500), "ACME GMBH", "SALARY"),
            (10, dec!(-12.00), "NETFLIX.COM", "STREAMING"),
            (5, dec!(-30), "SHELL", "FUEL"),
            (5, dec!(-7), "BACKHAUS", "BAKERY"),
        ]),
    )
    .await?;
    import_into(
        &app,
        &user,
        savings,
        &statement(&[(15, dec!(1.25), "", "INTEREST")]),
    )
    .await?;

    let all = list(&app, &user, "").await?;
    assert_eq!(all["next_cursor"], json!(null), "one page holds all");
    let all_descriptions = descriptions(&all);
    assert_eq!(all_descriptions.len(), 7);
    assert_eq!(all_descriptions[6], "COFFEE", "oldest last");
    assert_eq!(all_descriptions[2], "STREAMING");
    assert_eq!(
        all["transactions"][0]["amount"]
            .as_str()
            .unwrap()
            .chars()
            .next(),
        Some('-')
    );

    // Dates, both ends included.
    let from = days_ago(30);
    let to = days_ago(10);
    let dated = list(&app, &user, &format!("?from={from}&to={to}")).await?;
    assert_eq!(
        descriptions(&dated),
        ["STREAMING", "INTEREST", "SALARY", "REWE SAGT DANKE 100%"]
    );

    // Accounts: repeated, or a comma list.
    let one = list(&app, &user, &format!("?account_id={savings}")).await?;
    assert_eq!(descriptions(&one), ["INTEREST"]);
    let both = list(&app, &user, &format!("?account_id={savings},{checking}")).await?;
    assert_eq!(descriptions(&both).len(), 7);
    let repeated = list(
        &app,
        &user,
        &format!("?account_id={savings}&account_id={checking}"),
    )
    .await?;
    assert_eq!(descriptions(&repeated).len(), 7);

    // Amounts are signed: spending between 1 and 50.
    let small_spending = list(&app, &user, "?min_amount=-50&max_amount=-1").await?;
    assert_eq!(
        descriptions(&small_spending)
            .into_iter()
            .collect::<HashSet<_>>(),
        HashSet::from(["FUEL", "BAKERY", "STREAMING", "COFFEE"].map(String::from))
    );
    let income = list(&app, &user, "?min_amount=0.01").await?;
    assert_eq!(descriptions(&income), ["INTEREST", "SALARY"]);

    // Text: case-insensitive, over description, payee and merchant; `%` is literal.
    let text = list(&app, &user, "?text=sagt%20dank").await?;
    assert_eq!(descriptions(&text), ["REWE SAGT DANKE 100%"]);
    let by_payee = list(&app, &user, "?text=starbucks").await?;
    assert_eq!(descriptions(&by_payee), ["COFFEE"]);
    let percent = list(&app, &user, "?text=%25").await?;
    assert_eq!(descriptions(&percent), ["REWE SAGT DANKE 100%"]);

    // Categories include their subcategories; uncategorized is the rest.
    let streaming = category(&app, &user, "entertainment.streaming").await?;
    let entertainment = category(&app, &user, "entertainment").await?;
    let netflix = id_of(&app, &user, "STREAMING").await?;
    expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{netflix}"),
        Some(json!({ "category_id": streaming, "tags": ["tv"] })),
        StatusCode::OK,
    )
    .await?;
    let in_parent = list(&app, &user, &format!("?category_id={entertainment}")).await?;
    assert_eq!(descriptions(&in_parent), ["STREAMING"]);
    let groceries = category(&app, &user, "food.groceries").await?;
    let none = list(&app, &user, &format!("?category_id={groceries}")).await?;
    assert_eq!(descriptions(&none).len(), 0);
    let uncategorized = list(&app, &user, "?uncategorized=true").await?;
    assert_eq!(descriptions(&uncategorized).len(), 6);
    assert!(!descriptions(&uncategorized).contains(&"STREAMING".to_string()));
    let tagged = list(&app, &user, "?tag=tv").await?;
    assert_eq!(descriptions(&tagged), ["STREAMING"]);
    let merchant = list(&app, &user, "?text=netflix&uncategorized=false").await?;
    assert_eq!(descriptions(&merchant), ["STREAMING"]);

    // Filters combine.
    let combined = list(
        &app,
        &user,
        &format!("?account_id={checking}&max_amount=0&from={}", days_ago(6)),
    )
    .await?;
    assert_eq!(
        descriptions(&combined).into_iter().collect::<HashSet<_>>(),
        HashSet::from(["FUEL", "BAKERY"].map(String::from))
    );

    // Pages of two walk the whole list once, in order, ties on the same day included.
    let mut walked = Vec::new();
    let mut query = "?limit=2".to_string();
    loop {
        let page = list(&app, &user, &query).await?;
        walked.extend(descriptions(&page));
        match page["next_cursor"].as_str() {
            Some(cursor) => query = format!("?limit=2&before={cursor}"),
            None => break,
        }
    }
    assert_eq!(walked, all_descriptions);
    // Pages keep the filters.
    let first = list(&app, &user, &format!("?limit=1&account_id={checking}")).await?;
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = list(
        &app,
        &user,
        &format!("?limit=10&account_id={checking}&before={cursor}"),
    )
    .await?;
    assert_eq!(descriptions(&second).len(), 5);
    assert!(!descriptions(&second).contains(&"INTEREST".to_string()));
    Ok(())
}

#[tokio::test]
async fn bad_filters_name_the_parameter() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    for (query, field) in [
        ("?from=yesterday", "from"),
        ("?from=2026-02-01&to=2026-01-01", "to"),
        ("?min_amount=ten", "min_amount"),
        ("?min_amount=10&max_amount=5", "max_amount"),
        ("?account_id=not-an-id", "account_id"),
        ("?category_id=x", "category_id"),
        ("?uncategorized=maybe", "uncategorized"),
        ("?limit=many", "limit"),
    ] {
        let (status, body) = call(
            &app,
            &user,
            Method::GET,
            &format!("/transactions{query}"),
            None,
        )
        .await?;
        assert_invalid(status, &body, field);
    }
    let (status, body) = call(&app, &user, Method::GET, "/transactions?colour=red", None).await?;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, body) = call(
        &app,
        &user,
        Method::GET,
        "/transactions?before=yesterday",
        None,
    )
    .await?;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_cursor"))
    );
    expect(
        &app,
        &user,
        Method::GET,
        &format!("/transactions/{}", uuid::Uuid::new_v4()),
        None,
        StatusCode::NOT_FOUND,
    )
    .await?;
    expect(
        &app,
        &user,
        Method::GET,
        "/transactions/not-an-id",
        None,
        StatusCode::BAD_REQUEST,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn the_openapi_document_describes_every_path() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let response = app.get("/api/v1/openapi.json").await?;
    assert_eq!(response.status(), StatusCode::OK);
    let doc: serde_json::Value = serde_json::from_str(&response.text().await?)?;
    for (path, methods) in [
        ("/api/v1/transactions", &["get", "post"][..]),
        ("/api/v1/transactions/{id}", &["get", "patch", "delete"][..]),
        ("/api/v1/transactions/bulk-categorize", &["post"][..]),
        ("/api/v1/transactions/search", &["get"][..]),
        ("/api/v1/categories", &["get", "post"][..]),
        ("/api/v1/categories/{id}", &["patch", "delete"][..]),
        ("/api/v1/transactions/{id}/split", &["post", "delete"][..]),
        ("/api/v1/rules", &["get", "post"][..]),
        ("/api/v1/rules/{id}", &["get", "patch", "delete"][..]),
        ("/api/v1/rules/{id}/preview", &["post"][..]),
        ("/api/v1/rules/{id}/apply", &["post"][..]),
    ] {
        for method in methods {
            assert!(
                doc["paths"][path][method].is_object(),
                "{method} {path} is not described"
            );
        }
    }
    let params: Vec<&str> = doc["paths"]["/api/v1/transactions"]["get"]["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for name in [
        "from",
        "to",
        "account_id",
        "category_id",
        "uncategorized",
        "needs_review",
        "min_amount",
        "max_amount",
        "text",
        "tag",
        "before",
        "limit",
    ] {
        assert!(params.contains(&name), "{name} not in {params:?}");
    }
    let search: Vec<&str> = doc["paths"]["/api/v1/transactions/search"]["get"]["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for name in params.iter().chain(&["q"]) {
        assert!(search.contains(name), "{name} not in {search:?}");
    }
    Ok(())
}
