//! `/health`, `/ready`, `/metrics` and the plumbing every request goes through.

use kakeibo_tests::TestApp;
use serde_json::Value;

#[tokio::test]
async fn health_answers_ok() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let response = app.get("/health").await?;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await?;
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    Ok(())
}

#[tokio::test]
async fn ready_checks_the_database_and_reports_the_license() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let response = app.get("/ready").await?;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await?;
    assert_eq!(body["checks"]["database"], "ok");
    assert_eq!(body["timescaledb_license"], "apache");
    Ok(())
}

#[tokio::test]
async fn ready_fails_when_the_database_is_gone() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.db.pool.close().await;
    let response = app.get("/ready").await?;
    assert_eq!(response.status(), 503);
    let body: Value = response.json().await?;
    assert_eq!(body["status"], "unavailable");
    assert_eq!(body["checks"]["database"], "unreachable");
    // Liveness does not depend on the database.
    assert_eq!(app.get("/health").await?.status(), 200);
    Ok(())
}

#[tokio::test]
async fn metrics_count_requests_by_route() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    for _ in 0..3 {
        app.get("/health").await?;
    }
    let response = app.get("/metrics").await?;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()?
            .starts_with("text/plain")
    );
    let text = response.text().await?;
    let health_count = text
        .lines()
        .find(|l| {
            l.starts_with("http_requests_total")
                && l.contains(r#"route="/health""#)
                && l.contains(r#"status="200""#)
        })
        .unwrap_or_else(|| panic!("no /health counter in:\n{text}"));
    // The recorder is shared by every app in this test process, so at least our three.
    let count: f64 = health_count.rsplit(' ').next().unwrap().parse()?;
    assert!(count >= 3.0, "{health_count}");
    assert!(
        text.contains("http_request_duration_seconds_bucket"),
        "{text}"
    );
    assert!(text.contains("db_pool_connections"), "{text}");
    Ok(())
}

#[tokio::test]
async fn every_response_carries_a_request_id() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let generated = app.get("/health").await?;
    let id = generated.headers()["x-request-id"].to_str()?;
    assert_eq!(id.len(), 36, "a UUID: {id}");

    let kept = app
        .client
        .get(app.url("/health"))
        .header("x-request-id", "trace-me-42")
        .send()
        .await?;
    assert_eq!(kept.headers()["x-request-id"], "trace-me-42");
    Ok(())
}

#[tokio::test]
async fn unknown_paths_are_404() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    assert_eq!(app.get("/api/v1/nothing-here").await?.status(), 404);
    Ok(())
}

#[tokio::test]
async fn graceful_shutdown_finishes_cleanly() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    assert_eq!(app.get("/health").await?.status(), 200);
    let addr = app.addr;
    app.stop().await?;
    assert!(reqwest::get(format!("http://{addr}/health")).await.is_err());
    Ok(())
}

#[tokio::test]
async fn answers_carry_security_headers() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    for path in [
        "/health",
        "/api/v1/me",
        "/api/v1/no/such/thing",
        "/no/such/page",
    ] {
        let response = app.get(path).await?;
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
        // The dashboard's pages hold no personal data (the API's answers do): they are
        // revalidated, not banned from caches.
        let cache = if path.starts_with("/no/") {
            "no-cache"
        } else {
            "no-store"
        };
        assert_eq!(headers["cache-control"], cache, "{path}");
    }
    Ok(())
}
