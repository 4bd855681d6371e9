//! Consent for external LLMs (issue 23): with a chat model that runs off this machine (the
//! fake OpenAI server, declared so by `llm.consent = "required"`, since the fake listens on
//! loopback), a user's data reaches it only after that user said yes: the ask engine, the
//! categorizer and the insights take their offline paths until then, and again after the
//! consent is withdrawn. A model on this machine needs no consent.

use kakeibo_core::config::LlmConsentPolicy;
use kakeibo_tests::fake_openai::{FakeOpenAi, ModelReply};
use kakeibo_tests::http::expect;
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::add_ledger;

const QUESTION: &str = "How much did I spend on groceries in March 2026?";
const MODEL_SENTENCE: &str = "You spent 90.00 EUR on groceries in March 2026.";

async fn app_with(fake: &FakeOpenAi, consent: LlmConsentPolicy) -> anyhow::Result<TestApp> {
    let mut llm = fake.settings();
    llm.embedding_model = String::new();
    llm.max_retries = 0;
    llm.consent = consent;
    TestApp::spawn_with(move |s| s.llm = llm).await
}

/// A model that reads March's groceries, then says [`MODEL_SENTENCE`].
fn groceries_model(body: &Value) -> ModelReply {
    let called = body["messages"]
        .as_array()
        .is_some_and(|m| m.iter().any(|m| m["role"] == "tool"));
    if called {
        return ModelReply::Content(MODEL_SENTENCE.into());
    }
    let args = json!({
        "flow": "spending", "from": "2026-03-01", "to": "2026-03-31",
        "categories": ["Groceries"], "merchants": [], "account": null, "tag": null,
        "text": null, "group_by": "none", "compare": "none"
    });
    ModelReply::ToolCalls(vec![("spending".into(), args.to_string())])
}

async fn consent(app: &TestApp, user: &TestUser) -> anyhow::Result<Value> {
    expect(
        app,
        user,
        Method::GET,
        "/privacy/llm-consent",
        None,
        StatusCode::OK,
    )
    .await
}

async fn set_consent(app: &TestApp, user: &TestUser, on: bool) -> anyhow::Result<Value> {
    let body = json!({ "consent": on });
    expect(
        app,
        user,
        Method::PUT,
        "/privacy/llm-consent",
        Some(body),
        StatusCode::OK,
    )
    .await
}

async fn answer(app: &TestApp, user: &TestUser) -> anyhow::Result<String> {
    let body = json!({ "question": QUESTION });
    let reply = expect(app, user, Method::POST, "/ask", Some(body), StatusCode::OK).await?;
    Ok(reply["answer"].as_str().unwrap_or_default().to_string())
}

#[tokio::test]
async fn an_external_model_sees_a_users_data_only_with_their_consent() -> anyhow::Result<()> {
    let fake = FakeOpenAi::start().await;
    fake.set_model(groceries_model);
    let app = app_with(&fake, LlmConsentPolicy::Required).await?;
    let ana = app.verified_user("ana@example.com").await?;

    let off = consent(&app, &ana).await?;
    assert_eq!(off["consent"], false, "off by default: {off}");
    assert_eq!(off["given_at"], Value::Null);
    assert_eq!(off["llm"], "external");

    // Without consent: rows categorized, insights worded and questions answered offline,
    // and not one request reached the model.
    add_ledger(&app, &ana).await?;
    app.drain_jobs().await?;
    let offline = answer(&app, &ana).await?;
    assert!(offline.contains("90.00 EUR"), "{offline}");
    assert_ne!(offline, MODEL_SENTENCE);
    assert_eq!(fake.chat_requests().len(), 0, "the model saw nothing");

    // An API token cannot give consent: it is the person's decision.
    let token = expect(
        &app,
        &ana,
        Method::POST,
        "/auth/tokens",
        Some(json!({ "name": "script", "scopes": ["read", "write"] })),
        StatusCode::CREATED,
    )
    .await?;
    let by_token = app
        .api(Method::PUT, "/privacy/llm-consent")
        .header(
            "authorization",
            format!("Bearer {}", token["token"].as_str().unwrap()),
        )
        .json(&json!({ "consent": true }))
        .send()
        .await?;
    assert_eq!(by_token.status(), StatusCode::FORBIDDEN);
    let not_a_bool = app
        .as_user(&ana, Method::PUT, "/privacy/llm-consent")
        .json(&json!({ "consent": "yes" }))
        .send()
        .await?;
    assert_eq!(not_a_bool.status(), StatusCode::BAD_REQUEST);
    assert_eq!(consent(&app, &ana).await?["consent"], false);

    let on = set_consent(&app, &ana, true).await?;
    assert_eq!(on["consent"], true, "{on}");
    let given_at = on["given_at"].clone();
    assert!(given_at.is_string(), "{on}");
    // Saying yes again keeps the first instant.
    assert_eq!(set_consent(&app, &ana, true).await?["given_at"], given_at);
    assert_eq!(answer(&app, &ana).await?, MODEL_SENTENCE);
    let asked = fake.chat_requests().len();
    assert!(asked > 0);

    // Withdrawn: the next question is answered offline again.
    let withdrawn = set_consent(&app, &ana, false).await?;
    assert_eq!(withdrawn["consent"], false);
    assert_eq!(withdrawn["given_at"], Value::Null);
    assert_eq!(answer(&app, &ana).await?, offline);
    assert_eq!(fake.chat_requests().len(), asked);

    // Each change is in the user's audit log.
    let log = expect(&app, &ana, Method::GET, "/audit-log", None, StatusCode::OK).await?;
    let changes: Vec<&Value> = log["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["event"] == "privacy.llm_consent")
        .map(|e| &e["details"]["consent"])
        .collect();
    assert_eq!(changes, [&json!(false), &json!(true)], "newest first");
    Ok(())
}

#[tokio::test]
async fn a_model_on_this_machine_needs_no_consent() -> anyhow::Result<()> {
    let fake = FakeOpenAi::start().await;
    fake.set_model(groceries_model);
    // `auto`, and the fake listens on 127.0.0.1.
    let app = app_with(&fake, LlmConsentPolicy::Auto).await?;
    let bo = app.verified_user("bo@example.com").await?;
    add_ledger(&app, &bo).await?;
    let state = consent(&app, &bo).await?;
    assert_eq!(
        (&state["consent"], &state["llm"]),
        (&json!(false), &json!("local"))
    );
    assert_eq!(answer(&app, &bo).await?, MODEL_SENTENCE);

    let none = TestApp::spawn().await?;
    let cy = none.verified_user("cy@example.com").await?;
    assert_eq!(consent(&none, &cy).await?["llm"], "none");
    Ok(())
}
