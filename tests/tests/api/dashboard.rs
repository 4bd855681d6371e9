//! The dashboard on the API's origin: pages at their own paths, the app's 404 for unknown
//! ones, JSON 404s under /api, a CSP without `unsafe-inline` scripts on every page, and
//! static files cached for good. Needs `frontend/out` (deploy/local/test.sh builds it).

use kakeibo_tests::TestApp;
use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use serde_json::Value;

fn assert_built() {
    assert!(
        kakeibo_server::dashboard::is_built(),
        "frontend/out is missing: build the dashboard first (cd frontend && npm ci && npm run build, \
         or bash deploy/local/test.sh)"
    );
}

#[tokio::test]
async fn pages_open_at_their_own_paths_with_a_strict_policy() -> anyhow::Result<()> {
    assert_built();
    let app = TestApp::spawn().await?;
    for path in [
        "/",
        "/login",
        "/transactions",
        "/transactions?needs_review=true",
        "/settings/",
    ] {
        let response = app.get(path).await?;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let headers = response.headers().clone();
        assert!(
            headers[CONTENT_TYPE].to_str()?.starts_with("text/html"),
            "{path}"
        );
        assert_eq!(headers[CACHE_CONTROL], "no-cache", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY");
        let policy = headers["content-security-policy"].to_str()?.to_string();
        let script_src = policy
            .split("; ")
            .find(|d| d.starts_with("script-src"))
            .expect("a script-src");
        assert!(!script_src.contains("unsafe"), "{path}: {script_src}");
        assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
        let html = response.text().await?;
        // Every inline script of the page is allowed by its hash, and only those.
        let inline = html
            .split("<script")
            .skip(1)
            .filter(|tag| !tag.split('>').next().unwrap_or("").contains(" src="))
            .count();
        assert_eq!(script_src.matches("'sha256-").count(), inline, "{path}");
    }
    Ok(())
}

#[tokio::test]
async fn unknown_paths_get_the_apps_404_and_the_api_keeps_json() -> anyhow::Result<()> {
    assert_built();
    let app = TestApp::spawn().await?;
    let page = app.get("/no-such-page").await?;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert!(
        page.headers()[CONTENT_TYPE]
            .to_str()?
            .starts_with("text/html")
    );
    assert!(page.headers().contains_key("content-security-policy"));
    assert!(page.text().await?.contains("<html"));

    let api = app.get("/api/v1/no-such-endpoint").await?;
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    let body: Value = api.json().await?;
    assert_eq!(body["error"]["code"], "not_found", "{body}");

    let post = app.client.post(app.url("/transactions")).send().await?;
    assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED);
    Ok(())
}

#[tokio::test]
async fn scripts_are_compressed_cached_for_good_and_revalidated_cheaply() -> anyhow::Result<()> {
    assert_built();
    let app = TestApp::spawn().await?;
    let html = app.get("/").await?.text().await?;
    let script = html
        .split("src=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .find(|s| s.starts_with("/_next/static/") && s.ends_with(".js"))
        .expect("the page loads a script from /_next/static");
    let response = app
        .client
        .get(app.url(script))
        .header("accept-encoding", "gzip")
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::OK, "{script}");
    assert_eq!(
        response.headers()[CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(response.headers()[CONTENT_ENCODING], "gzip");
    assert!(
        response.headers()[CONTENT_TYPE]
            .to_str()?
            .contains("javascript")
    );

    let etag = app.get("/login").await?.headers()[ETAG].clone();
    let again = app
        .client
        .get(app.url("/login"))
        .header(IF_NONE_MATCH, etag)
        .send()
        .await?;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    Ok(())
}
