//! Retries, timeouts and a server that is down.

use std::time::{Duration, Instant};

use kakeibo_llm::{ChatModel, ChatRequest, LlmError, Message, OpenAiClient};
use kakeibo_tests::fake_openai::{FakeFailure, FakeOpenAi};
use secrecy::SecretString;

use crate::helpers::{client, options, quick_client};

fn request() -> ChatRequest {
    ChatRequest {
        messages: vec![Message::user("Hello")],
        ..Default::default()
    }
}

fn statuses(fake: &FakeOpenAi) -> Vec<u16> {
    fake.chat_requests().iter().map(|r| r.status).collect()
}

#[tokio::test]
async fn rate_limits_are_waited_out_as_retry_after_says() {
    let fake = FakeOpenAi::start().await;
    fake.fail_next(FakeFailure::RateLimited {
        retry_after_ms: 300,
    });
    fake.fail_next(FakeFailure::RateLimited {
        retry_after_ms: 300,
    });
    let started = Instant::now();

    let reply = client(&fake).chat(&request()).await.unwrap();

    assert_eq!(reply.content.as_deref(), Some("OK"));
    assert_eq!(statuses(&fake), vec![429, 429, 200]);
    assert!(
        started.elapsed() >= Duration::from_millis(600),
        "waited {:?}, less than retry-after-ms twice",
        started.elapsed()
    );
}

#[tokio::test]
async fn server_errors_are_retried_until_the_retries_run_out() {
    let fake = FakeOpenAi::start().await;
    fake.fail_next(FakeFailure::ServerError);
    fake.fail_next(FakeFailure::Overloaded);
    let client = quick_client(&fake, Duration::from_secs(5), Duration::from_secs(10), 2);
    client.chat(&request()).await.unwrap();
    assert_eq!(statuses(&fake), vec![500, 503, 200]);

    for _ in 0..3 {
        fake.fail_next(FakeFailure::Overloaded);
    }
    let err = client.chat(&request()).await.unwrap_err();
    assert!(
        matches!(err, LlmError::Status { status: 503, .. }),
        "{err:?}"
    );
    assert!(err.is_unavailable());
    assert_eq!(
        statuses(&fake)[3..],
        [503, 503, 503],
        "one try and two retries"
    );
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let fake = FakeOpenAi::start().await;
    let mut wrong_key = options(&fake);
    wrong_key.api_key = SecretString::from("sk-wrong");
    let err = OpenAiClient::new(wrong_key)
        .unwrap()
        .chat(&request())
        .await
        .unwrap_err();
    let LlmError::Status { status, code, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!((*status, code.as_deref()), (401, Some("invalid_api_key")));
    assert!(!err.is_unavailable());

    // Out of credit is a 429 too, but waiting does not help.
    fake.fail_next(FakeFailure::InsufficientQuota);
    let err = client(&fake).chat(&request()).await.unwrap_err();
    assert!(
        matches!(&err, LlmError::Status { status: 429, code: Some(c), .. } if c == "insufficient_quota"),
        "{err:?}"
    );

    assert_eq!(statuses(&fake), vec![401, 429], "each asked once");
}

#[tokio::test]
async fn a_slow_server_fails_within_the_deadline() {
    let fake = FakeOpenAi::start().await;
    fake.set_delay(Duration::from_secs(10));
    let client = quick_client(
        &fake,
        Duration::from_millis(400),
        Duration::from_millis(1500),
        5,
    );
    let started = Instant::now();

    let err = client.chat(&request()).await.unwrap_err();

    let took = started.elapsed();
    assert!(matches!(err, LlmError::Timeout(_)), "{err:?}");
    assert!(err.is_unavailable());
    assert!(
        took < Duration::from_millis(1800),
        "took {took:?}, past the 1.5 s deadline"
    );
    // A timed-out attempt is retried while the deadline allows.
    assert!(
        fake.chat_requests().len() >= 2,
        "{} attempts",
        fake.chat_requests().len()
    );
}

#[tokio::test]
async fn a_server_that_is_down_is_reported_unreachable() {
    let mut fake = FakeOpenAi::start().await;
    let client = quick_client(&fake, Duration::from_secs(1), Duration::from_secs(5), 1);
    fake.stop().await;
    let started = Instant::now();

    let err = client.chat(&request()).await.unwrap_err();

    assert!(matches!(err, LlmError::Unreachable(_)), "{err:?}");
    assert!(err.is_unavailable());
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(fake.chat_requests().is_empty());
}
