//! Telemetry end to end: traces reach an OTLP collector, the logs of a run name no one, and
//! every metric the alert rules and the dashboard use is on `/metrics`. Each test installs
//! process-wide state (the tracing subscriber, the metrics recorder), so this binary is its
//! own; nextest runs each test in a process of its own as well.

mod logs_and_traces;
mod metrics_exported;

use kakeibo_tests::fake_openai::{CHAT_MODEL, FakeOpenAi, ModelReply};
use kakeibo_tests::http::{account, call};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

pub const EMAIL: &str = "hanako.telemetry@example.com";
/// What the imported file holds that no log line may repeat.
pub const DESCRIPTION: &str = "ZORBLAX TELEMETRY CAFE";
pub const AMOUNT: &str = "1234.56";
pub const IMPORT_REQUEST_ID: &str = "telemetry-test-import-1";
/// Configured secrets no log line may repeat (issue 25 §5), beside the model's API key, the
/// user's password and tokens, and the database password.
pub const PLAID_SECRET: &str = "plaid-secret-TELEMETRY-7f3a";
pub const GOCARDLESS_SECRET_KEY: &str = "gocardless-key-TELEMETRY-91c2";
pub const WEBHOOK_SECRET: &str = "telegram-webhook-TELEMETRY-5d0e";
pub const ASK_REQUEST_ID: &str = "telemetry-test-ask-1";

/// A model that files nothing and answers in words: its calls are what the tests look at.
pub async fn fake_model() -> FakeOpenAi {
    let fake = FakeOpenAi::start().await;
    fake.set_model(|body: &Value| {
        if body.get("response_format").is_some() {
            ModelReply::Content(json!({ "results": [] }).to_string())
        } else {
            ModelReply::Content("I cannot tell from what I was given.".into())
        }
    });
    fake
}

/// The app with `fake` as its chat model, priced so the cost counter moves.
pub async fn app_with(
    fake: &FakeOpenAi,
    telemetry: kakeibo_core::config::TelemetrySettings,
) -> anyhow::Result<TestApp> {
    let mut llm = fake.settings();
    llm.embedding_model = String::new();
    llm.max_retries = 0;
    llm.prices.insert(
        CHAT_MODEL.into(),
        kakeibo_core::config::ModelPrice {
            prompt_per_million: "0.15".parse()?,
            completion_per_million: "0.60".parse()?,
        },
    );
    TestApp::spawn_with(move |s| {
        s.llm = llm;
        s.telemetry = telemetry;
        // Set but unused (no client id, no bot token): they are only there to be looked for.
        s.bank.plaid.secret = PLAID_SECRET.to_string().into();
        s.bank.gocardless.secret_key = GOCARDLESS_SECRET_KEY.to_string().into();
        s.telegram.webhook_secret = WEBHOOK_SECRET.to_string().into();
    })
    .await
}

/// What a user does on a first day: registers, logs in, imports a statement, asks a
/// question; then the jobs those caused run.
pub async fn a_first_day(app: &TestApp) -> anyhow::Result<TestUser> {
    app.verified_user(EMAIL).await?;
    let user = app.login(EMAIL, kakeibo_tests::PASSWORD).await?;
    let account = account(app, &user, "Everyday").await?;
    let csv = format!(
        "Date,Description,Amount\n2026-03-02,{DESCRIPTION},-{AMOUNT}\n2026-03-03,REWE Markt,-23.45\n"
    );
    let form = Form::new()
        .part("file", Part::bytes(csv.into_bytes()).file_name("march.csv"))
        .text("account_id", account.to_string());
    let response = app
        .as_user(&user, Method::POST, "/imports")
        .header("x-request-id", IMPORT_REQUEST_ID)
        .multipart(form)
        .send()
        .await?;
    assert_eq!(
        response.status(),
        StatusCode::CREATED,
        "{}",
        response.text().await?
    );
    let response = app
        .as_user(&user, Method::POST, "/ask")
        .header("x-request-id", ASK_REQUEST_ID)
        .json(
            &json!({ "question": format!("How much did I spend at {DESCRIPTION} in March 2026?") }),
        )
        .send()
        .await?;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{}",
        response.text().await?
    );
    // A request that is refused, so the counters' error side has a series too.
    call(app, &user, Method::GET, "/transactions/not-an-id", None).await?;
    app.drain_jobs().await?;
    Ok(user)
}
