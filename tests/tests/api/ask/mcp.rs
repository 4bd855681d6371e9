//! The MCP server at `/mcp`, driven by the official MCP SDK (`rmcp`) as a client: the
//! handshake, the read tools listed with their schemas, calls answered from the token
//! owner's data only; and the refusals — no, revoked, expired or write-only tokens, unknown
//! tools and methods, foreign origins — each as the transport and JSON-RPC define them.

use std::collections::BTreeSet;

use kakeibo_tests::http::expect;
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use rmcp::ServiceExt;
use rmcp::model::{CallToolRequestParams, ErrorCode};
use rmcp::service::ServiceError;
use rmcp::transport::StreamableHttpClientTransport;
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};
use uuid::Uuid;

async fn api_token(
    app: &TestApp,
    user: &TestUser,
    scopes: &[&str],
) -> anyhow::Result<(Uuid, String)> {
    let created = expect(
        app,
        user,
        Method::POST,
        "/auth/tokens",
        Some(json!({ "name": "Claude Desktop", "scopes": scopes })),
        StatusCode::CREATED,
    )
    .await?;
    Ok((
        created["id"].as_str().unwrap().parse()?,
        created["token"].as_str().unwrap().to_string(),
    ))
}

async fn connect(
    app: &TestApp,
    token: &str,
) -> Result<rmcp::service::RunningService<rmcp::RoleClient, ()>, rmcp::service::ClientInitializeError>
{
    let transport = StreamableHttpClientTransport::from_config(
        StreamableHttpClientTransportConfig::with_uri(app.url("/mcp")).auth_header(token),
    );
    ().serve(transport).await
}

fn arguments(value: Value) -> Map<String, Value> {
    value.as_object().unwrap().clone()
}

fn march_groceries() -> Value {
    json!({
        "flow": "spending", "from": "2026-03-01", "to": "2026-03-31",
        "categories": ["Groceries"], "merchants": [], "account": null, "tag": null,
        "text": null, "group_by": "none", "compare": "none",
    })
}

#[tokio::test]
async fn an_mcp_client_lists_and_calls_the_read_tools_of_its_user() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let ledger = super::add_ledger(&app, &ana).await?;
    super::other_user_with_rewe(&app).await?;
    let (_, token) = api_token(&app, &ana, &["read"]).await?;

    let client = connect(&app, &token).await?;
    let server = client.peer_info().expect("the server answered initialize");
    assert_eq!(
        server.server_info.as_ref().map(|i| i.name.as_str()),
        Some("kakeibo")
    );
    assert_eq!(server.protocol_version.as_str(), "2025-11-25");
    assert!(server.capabilities.tools.is_some());

    let listed = client.list_all_tools().await?;
    let names: BTreeSet<String> = listed.iter().map(|t| t.name.to_string()).collect();
    let registry: BTreeSet<String> = kakeibo_ask::tools::registry()
        .iter()
        .map(|t| t.name.to_string())
        .collect();
    assert_eq!(names, registry);
    for tool in &listed {
        assert_eq!(
            tool.input_schema.get("type"),
            Some(&json!("object")),
            "{}",
            tool.name
        );
        assert!(tool.description.as_deref().is_some_and(|d| !d.is_empty()));
    }

    // March's groceries from Ana's ledger, the refund subtracted; Bob's Rewe bill is not hers.
    let spent: Decimal = ledger
        .rows
        .iter()
        .filter(|r| {
            r.category == Some("food.groceries") && r.on.format("%Y-%m").to_string() == "2026-03"
        })
        .map(|r| -r.amount)
        .sum();
    let result = client
        .call_tool(
            CallToolRequestParams::new("spending").with_arguments(arguments(march_groceries())),
        )
        .await?;
    assert_eq!(result.is_error, Some(false));
    let report = result.structured_content.expect("structured content");
    let total: Decimal = report["totals"][0]["amount"].as_str().unwrap().parse()?;
    assert_eq!(total, spent);
    assert_eq!(report["totals"].as_array().unwrap().len(), 1, "{report}");
    assert_eq!(report["totals"][0]["currency"], "EUR");
    // The same figures as text, for clients that read only `content`.
    let text = result.content[0]
        .as_text()
        .expect("text content")
        .text
        .clone();
    assert_eq!(serde_json::from_str::<Value>(&text)?, report);

    // Arguments that break the schema: a tool error the model can read, not a failure.
    let mut wrong = march_groceries();
    wrong["flow"] = json!("teleport");
    let refused = client
        .call_tool(CallToolRequestParams::new("spending").with_arguments(arguments(wrong)))
        .await?;
    assert_eq!(refused.is_error, Some(true));

    // A tool the server does not have, such as a write: a JSON-RPC error.
    let unknown = client
        .call_tool(
            CallToolRequestParams::new("recategorize")
                .with_arguments(arguments(json!({ "category": "Income" }))),
        )
        .await;
    match unknown {
        Err(ServiceError::McpError(error)) => assert_eq!(error.code, ErrorCode::INVALID_PARAMS),
        other => panic!("an unknown tool must be a JSON-RPC error, got {other:?}"),
    }
    client.cancel().await?;
    Ok(())
}

async fn post_mcp(
    app: &TestApp,
    token: Option<&str>,
    body: &str,
) -> anyhow::Result<reqwest::Response> {
    let mut request = reqwest::Client::new()
        .post(app.url("/mcp"))
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream")
        .body(body.to_string());
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    Ok(request.send().await?)
}

const INITIALIZE: &str = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"curl","version":"1"}}}"#;

#[tokio::test]
async fn missing_revoked_expired_and_write_only_tokens_are_refused() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let (revoked_id, revoked) = api_token(&app, &ana, &["read"]).await?;
    let (expired_id, expired) = api_token(&app, &ana, &["read"]).await?;
    let (_, write_only) = api_token(&app, &ana, &["write"]).await?;
    let (_, good) = api_token(&app, &ana, &["read"]).await?;

    // A good token first: the raw handshake answers the revision the client asked for.
    let response = post_mcp(&app, Some(&good), INITIALIZE).await?;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await?;
    assert_eq!(body["result"]["protocolVersion"], "2025-06-18");
    assert_eq!(body["id"], 1);

    expect(
        &app,
        &ana,
        Method::DELETE,
        &format!("/auth/tokens/{revoked_id}"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await?;
    sqlx::query("UPDATE api_tokens SET expires_at = now() - interval '1 minute' WHERE id = $1")
        .bind(expired_id)
        .execute(&app.db.pool)
        .await?;
    for token in [
        None,
        Some(revoked.as_str()),
        Some(expired.as_str()),
        Some("kkb_made_up"),
    ] {
        let response = post_mcp(&app, token, INITIALIZE).await?;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{token:?}");
        assert!(
            response.headers()["www-authenticate"]
                .to_str()?
                .starts_with("Bearer"),
            "{token:?}"
        );
    }
    // The SDK's client cannot connect with them either.
    assert!(connect(&app, &revoked).await.is_err());
    assert!(connect(&app, &expired).await.is_err());

    // A token without `read` does not read, even over POST.
    let response = post_mcp(&app, Some(&write_only), INITIALIZE).await?;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    Ok(())
}

#[tokio::test]
async fn bad_messages_get_json_rpc_errors_and_the_transport_rules_hold() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let (_, token) = api_token(&app, &ana, &["read"]).await?;
    let rpc = |body: &'static str| {
        let app = &app;
        let token = token.clone();
        async move {
            let response = post_mcp(app, Some(&token), body).await?;
            anyhow::ensure!(response.status() == StatusCode::OK, "{}", response.status());
            anyhow::Ok(response.json::<Value>().await?)
        }
    };
    let answer = rpc("{not json").await?;
    assert_eq!(answer["error"]["code"], -32700);
    assert_eq!(answer["id"], Value::Null);
    let answer = rpc(r#"{"jsonrpc":"2.0","id":7,"method":"resources/list"}"#).await?;
    assert_eq!(answer["error"]["code"], -32601);
    assert_eq!(answer["id"], 7);
    let answer = rpc(r#"{"jsonrpc":"2.0","id":"a","method":"tools/call","params":{"name":"nope","arguments":{}}}"#).await?;
    assert_eq!(answer["error"]["code"], -32602);
    assert_eq!(answer["id"], "a");
    let answer = rpc(r#"[{"jsonrpc":"2.0","id":1,"method":"ping"}]"#).await?;
    assert_eq!(answer["error"]["code"], -32600);
    let answer = rpc(r#"{"jsonrpc":"2.0","id":2,"method":"ping"}"#).await?;
    assert_eq!(answer["result"], json!({}));

    // Notifications are accepted with no body.
    let response = post_mcp(
        &app,
        Some(&token),
        r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
    )
    .await?;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    assert!(response.text().await?.is_empty());

    // No server-initiated stream: GET is 405.
    let response = reqwest::Client::new()
        .get(app.url("/mcp"))
        .bearer_auth(&token)
        .header("accept", "text/event-stream")
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);

    // A revision this server does not speak, and a web page of another origin: refused.
    let client = reqwest::Client::new();
    let response = client
        .post(app.url("/mcp"))
        .bearer_auth(&token)
        .header("mcp-protocol-version", "1999-01-01")
        .json(&json!({"jsonrpc":"2.0","id":3,"method":"ping"}))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let response = client
        .post(app.url("/mcp"))
        .bearer_auth(&token)
        .header("origin", "http://evil.example")
        .json(&json!({"jsonrpc":"2.0","id":4,"method":"ping"}))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    Ok(())
}
