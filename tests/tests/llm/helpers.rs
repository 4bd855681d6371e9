//! Clients pointed at the fake, and a stand-in "model" for categorization requests.

use std::collections::HashMap;
use std::time::Duration;

use kakeibo_llm::{OpenAiClient, OpenAiOptions};
use kakeibo_tests::fake_openai::{FakeOpenAi, ModelReply};
use serde_json::{Value, json};

pub fn options(fake: &FakeOpenAi) -> OpenAiOptions {
    let _ = rustls::crypto::ring::default_provider().install_default();
    OpenAiOptions::from_settings(&fake.settings()).expect("the fake's settings name a server")
}

pub fn client(fake: &FakeOpenAi) -> OpenAiClient {
    OpenAiClient::new(options(fake)).expect("a client")
}

/// Short timeouts for the failure tests.
pub fn quick_client(
    fake: &FakeOpenAi,
    timeout: Duration,
    deadline: Duration,
    max_retries: u32,
) -> OpenAiClient {
    let mut options = options(fake);
    options.timeout = timeout;
    options.deadline = deadline;
    options.max_retries = max_retries;
    OpenAiClient::new(options).expect("a client")
}

/// The JSON data of the request's user message (what the categorizer sends).
pub fn user_data(body: &Value) -> Value {
    let text = body["messages"]
        .as_array()
        .and_then(|m| m.iter().rev().find(|m| m["role"] == "user"))
        .and_then(|m| m["content"].as_str())
        .expect("a user message");
    serde_json::from_str(text).expect("the user message is JSON data")
}

/// A model that knows `description → (category name, confidence)` and answers null with
/// confidence 0 for anything else, the way a well-behaved model reads the request.
pub fn knowing_model(
    known: HashMap<String, (String, f64)>,
) -> impl Fn(&Value) -> ModelReply + Send + Sync {
    move |body| {
        let data = user_data(body);
        let alias_of = |name: &str| {
            data["categories"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|c| c["name"] == name)
                .map(|c| c["id"].clone())
                .unwrap_or(Value::Null)
        };
        let results: Vec<Value> = data["transactions"]
            .as_array()
            .into_iter()
            .flatten()
            .map(
                |t| match known.get(t["description"].as_str().unwrap_or("")) {
                    Some((name, confidence)) => {
                        json!({"id": t["id"], "category": alias_of(name), "confidence": confidence})
                    }
                    None => json!({"id": t["id"], "category": null, "confidence": 0.0}),
                },
            )
            .collect();
        ModelReply::Content(json!({"results": results}).to_string())
    }
}
