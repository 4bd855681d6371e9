//! The response cache in Postgres, and the counters at `/metrics`.

use kakeibo_core::config::ModelPrice;
use kakeibo_llm::{ChatModel, ChatRequest, Embedder, Message, OpenAiClient, ResponseCache};
use kakeibo_tests::fake_openai::{CHAT_MODEL, EMBEDDING_MODEL, FakeOpenAi};
use kakeibo_tests::{TestApp, TestDb};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::helpers::{client, options};

fn request(text: &str) -> ChatRequest {
    ChatRequest {
        messages: vec![Message::system("Be brief."), Message::user(text)],
        ..Default::default()
    }
}

#[tokio::test]
async fn an_identical_request_is_answered_from_the_cache() {
    let db = TestDb::new().await.unwrap();
    let fake = FakeOpenAi::start().await;
    let client = client(&fake).with_cache(ResponseCache::new(db.pool.clone(), 30));

    let first = client.chat(&request("Hello")).await.unwrap();
    let second = client.chat(&request("Hello")).await.unwrap();
    let other = client.chat(&request("Hello again")).await.unwrap();

    assert!(!first.cached && second.cached && !other.cached);
    assert_eq!(second.content, first.content);
    assert_eq!(
        second.usage.prompt_tokens + second.usage.completion_tokens,
        0,
        "a hit costs nothing"
    );
    assert_eq!(
        fake.chat_requests().len(),
        2,
        "the second identical request made no HTTP call"
    );
    let (rows, prompt_tokens): (i64, i64) =
        sqlx::query_as("SELECT count(*), min(prompt_tokens) FROM llm_cache WHERE model = $1")
            .bind(CHAT_MODEL)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(rows, 2);
    assert!(prompt_tokens > 0, "the original call's tokens are kept");

    // An answer past its age is asked again.
    sqlx::query("UPDATE llm_cache SET created_at = now() - interval '31 days'")
        .execute(&db.pool)
        .await
        .unwrap();
    assert!(!client.chat(&request("Hello")).await.unwrap().cached);
    assert_eq!(fake.chat_requests().len(), 3);
    let mut conn = db.pool.acquire().await.unwrap();
    let pruned = kakeibo_llm::cache::prune_older_than(&mut conn, 30, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(
        pruned, 1,
        "the other expired row is pruned; the fresh answer stays"
    );
}

/// The value of the series `name{labels…}` in Prometheus text, whatever the label order.
fn sample(text: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    text.lines()
        .filter(|l| l.starts_with(&format!("{name}{{")))
        .find(|l| {
            labels
                .iter()
                .all(|(k, v)| l.contains(&format!("{k}=\"{v}\"")))
        })
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

#[tokio::test]
async fn tokens_cost_requests_and_cache_hits_show_in_metrics() {
    let app = TestApp::spawn().await.unwrap();
    kakeibo_server::metrics::handle();
    let fake = FakeOpenAi::start().await;
    let price = ModelPrice {
        prompt_per_million: Decimal::new(15, 2),
        completion_per_million: Decimal::new(60, 2),
    };
    let mut options = options(&fake);
    options.prices.insert(CHAT_MODEL.into(), price.clone());
    let client = OpenAiClient::new(options)
        .unwrap()
        .with_cache(ResponseCache::new(app.db.pool.clone(), 30));

    let a = client.chat(&request("Hello")).await.unwrap();
    let b = client.chat(&request("What is a budget?")).await.unwrap();
    client.chat(&request("Hello")).await.unwrap();
    client.embed(&["SHELL 4711".to_string()]).await.unwrap();

    let text = app.get("/metrics").await.unwrap().text().await.unwrap();
    let chat = |outcome| {
        sample(
            &text,
            "llm_requests_total",
            &[
                ("model", CHAT_MODEL),
                ("kind", "chat"),
                ("outcome", outcome),
            ],
        )
    };
    assert_eq!(chat("ok"), Some(2.0), "{text}");
    assert_eq!(chat("cache_hit"), Some(1.0));
    assert_eq!(
        sample(&text, "llm_cache_hits_total", &[("model", CHAT_MODEL)]),
        Some(1.0)
    );
    assert_eq!(
        sample(
            &text,
            "llm_requests_total",
            &[
                ("model", EMBEDDING_MODEL),
                ("kind", "embedding"),
                ("outcome", "ok")
            ]
        ),
        Some(1.0)
    );
    let prompt = a.usage.prompt_tokens + b.usage.prompt_tokens;
    let completion = a.usage.completion_tokens + b.usage.completion_tokens;
    assert_eq!(
        sample(
            &text,
            "llm_tokens_total",
            &[("model", CHAT_MODEL), ("kind", "prompt")]
        ),
        Some(prompt as f64)
    );
    assert_eq!(
        sample(
            &text,
            "llm_tokens_total",
            &[("model", CHAT_MODEL), ("kind", "completion")]
        ),
        Some(completion as f64)
    );
    let expected = kakeibo_llm::metrics::cost(
        kakeibo_llm::Usage {
            prompt_tokens: prompt,
            completion_tokens: completion,
        },
        &price,
    );
    assert!(expected > Decimal::ZERO);
    assert_eq!(
        sample(&text, "llm_cost_usd_total", &[("model", CHAT_MODEL)]),
        expected.to_f64()
    );
    assert!(
        sample(&text, "llm_cost_usd_total", &[("model", EMBEDDING_MODEL)]).is_none(),
        "no price configured, no cost series"
    );
}

#[tokio::test]
async fn settings_give_no_client_without_a_server_and_a_cached_one_with() {
    let db = TestDb::new().await.unwrap();
    let fake = FakeOpenAi::start().await;
    let unset = kakeibo_core::Settings::default().llm;
    assert!(
        OpenAiClient::from_settings(&unset, db.pool.clone())
            .unwrap()
            .is_none()
    );

    let client = OpenAiClient::from_settings(&fake.settings(), db.pool.clone())
        .unwrap()
        .expect("a server is configured");
    client.chat(&request("Hello")).await.unwrap();
    assert!(client.chat(&request("Hello")).await.unwrap().cached);
    assert_eq!(fake.chat_requests().len(), 1);
}
