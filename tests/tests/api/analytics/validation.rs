//! Query strings: unknown parameters are 400, bad values 422 naming the parameter; and the
//! OpenAPI document describes every analytics endpoint.

use kakeibo_tests::TestApp;
use reqwest::{Method, StatusCode};

use kakeibo_tests::http::{assert_invalid, call};

#[tokio::test]
async fn bad_parameters_are_named() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    for (path, field) in [
        ("/analytics/spending?from=2025-13-01", "from"),
        ("/analytics/spending?from=2025-03-01&to=2025-02-01", "to"),
        ("/analytics/spending?interval=fortnight", "interval"),
        ("/analytics/spending?level=leaf", "level"),
        ("/analytics/spending?flow=outflow", "flow"),
        ("/analytics/spending?category_id=groceries", "category_id"),
        (
            "/analytics/spending?interval=week&from=2015-01-01&to=2025-01-01",
            "from",
        ),
        (
            "/analytics/spending?interval=month&interval=year",
            "interval",
        ),
        ("/analytics/cash-flow?to=yesterday", "to"),
        ("/analytics/cash-flow?interval=day", "interval"),
        (
            "/analytics/net-worth?interval=day&from=2020-01-01&to=2025-01-01",
            "from",
        ),
        ("/analytics/net-worth?account_id=1,2", "account_id"),
        ("/analytics/merchants?limit=0", "limit"),
        ("/analytics/merchants?limit=101", "limit"),
        ("/analytics/merchants?from=2025-01-15", "from"),
        ("/analytics/summary?month=2025-1x", "month"),
        ("/analytics/summary?level=all", "level"),
    ] {
        let (status, body) = call(&app, &ana, Method::GET, path, None).await?;
        assert_invalid(status, &body, field);
    }
    let (status, body) = call(
        &app,
        &ana,
        Method::GET,
        "/analytics/spending?form=2025-01-01",
        None,
    )
    .await?;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["code"], "invalid_query");
    let response = app.api(Method::GET, "/analytics/summary").send().await?;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    Ok(())
}

#[tokio::test]
async fn the_openapi_document_describes_analytics() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let doc: serde_json::Value = app.get("/api/v1/openapi.json").await?.json().await?;
    for (path, params) in [
        ("/api/v1/analytics/summary", &["month", "level"][..]),
        (
            "/api/v1/analytics/spending",
            &["from", "to", "interval", "level", "flow", "category_id"][..],
        ),
        (
            "/api/v1/analytics/cash-flow",
            &["from", "to", "interval"][..],
        ),
        (
            "/api/v1/analytics/net-worth",
            &["from", "to", "interval", "account_id"][..],
        ),
        ("/api/v1/analytics/merchants", &["from", "to", "limit"][..]),
    ] {
        let get = &doc["paths"][path]["get"];
        assert!(get.is_object(), "GET {path} is not described");
        let names: Vec<&str> = get["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, params, "{path}");
        assert!(
            get["responses"]["200"]["content"]["application/json"]["schema"].is_object(),
            "{path}"
        );
    }
    for schema in [
        "Summary",
        "SpendingReport",
        "CashFlowReport",
        "NetWorthReport",
        "MerchantsReport",
        "CategoryLine",
    ] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
    Ok(())
}
