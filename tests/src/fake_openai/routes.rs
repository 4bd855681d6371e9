//! The fake's handlers: request checks, errors and response bodies as OpenAI's API reference
//! shows them.

use std::hash::{DefaultHasher, Hash, Hasher};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use serde_json::{Value, json};

use super::{API_KEY, FakeFailure, JsonSchemaRefusal, ModelReply, Recorded, Shared};

pub(super) async fn chat_completions(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    handle(state, "/v1/chat/completions", headers, body, chat).await
}

pub(super) async fn embeddings(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    handle(state, "/v1/embeddings", headers, body, embed).await
}

type Answer = fn(&Shared, &Value) -> Response;

/// Records the request on arrival (a client that gives up on a slow answer still shows up),
/// waits if the fake is slow, then checks the key and any failure queued before answering.
async fn handle(
    state: Shared,
    path: &str,
    headers: HeaderMap,
    body: Bytes,
    answer: Answer,
) -> Response {
    let parsed: Option<Value> = serde_json::from_slice(&body).ok();
    let (slot, delay) = {
        let mut fake = state.lock().expect("fake OpenAI state");
        fake.requests.push(Recorded {
            path: path.to_owned(),
            body: parsed.clone().unwrap_or(Value::Null),
            status: 0,
        });
        (fake.requests.len() - 1, fake.delay)
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let response = if !authorized(&headers) {
        error(
            StatusCode::UNAUTHORIZED,
            "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
            "invalid_request_error",
            None,
            Some("invalid_api_key"),
        )
    } else if let Some(failure) = state
        .lock()
        .expect("fake OpenAI state")
        .failures
        .pop_front()
    {
        failed(failure)
    } else {
        match parsed {
            None => error(
                StatusCode::BAD_REQUEST,
                "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
                "invalid_request_error",
                None,
                None,
            ),
            Some(body) => answer(&state, &body),
        }
    };
    state.lock().expect("fake OpenAI state").requests[slot].status = response.status().as_u16();
    response
}

fn authorized(headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == format!("Bearer {API_KEY}"))
}

/// `{"error": {"message", "type", "param", "code"}}`.
fn error(
    status: StatusCode,
    message: &str,
    kind: &str,
    param: Option<&str>,
    code: Option<&str>,
) -> Response {
    let body = json!({"error": {"message": message, "type": kind, "param": param, "code": code}});
    (status, axum::Json(body)).into_response()
}

fn bad_request(message: &str, param: Option<&str>) -> Response {
    error(
        StatusCode::BAD_REQUEST,
        message,
        "invalid_request_error",
        param,
        None,
    )
}

fn failed(failure: FakeFailure) -> Response {
    match failure {
        FakeFailure::RateLimited { retry_after_ms } => {
            let mut response = error(
                StatusCode::TOO_MANY_REQUESTS,
                "Rate limit reached for gpt-4o-mini in organization org-fake on requests per min (RPM): Limit 3, Used 3, Requested 1.",
                "requests",
                None,
                Some("rate_limit_exceeded"),
            );
            let headers = response.headers_mut();
            let secs = retry_after_ms.div_ceil(1000).to_string();
            headers.insert("retry-after", secs.parse().expect("digits"));
            headers.insert(
                "retry-after-ms",
                retry_after_ms.to_string().parse().expect("digits"),
            );
            headers.insert("x-ratelimit-limit-requests", "3".parse().expect("digits"));
            headers.insert(
                "x-ratelimit-remaining-requests",
                "0".parse().expect("digits"),
            );
            response
        }
        FakeFailure::InsufficientQuota => error(
            StatusCode::TOO_MANY_REQUESTS,
            "You exceeded your current quota, please check your plan and billing details.",
            "insufficient_quota",
            None,
            Some("insufficient_quota"),
        ),
        FakeFailure::ServerError => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The server had an error while processing your request. Sorry about that!",
            "server_error",
            None,
            None,
        ),
        FakeFailure::Overloaded => error(
            StatusCode::SERVICE_UNAVAILABLE,
            "The engine is currently overloaded, please try again later.",
            "server_error",
            None,
            None,
        ),
    }
}

fn chat(state: &Shared, body: &Value) -> Response {
    let Some(model) = body["model"].as_str() else {
        return bad_request("you must provide a model parameter", None);
    };
    let Some(messages) = body["messages"].as_array().filter(|m| !m.is_empty()) else {
        return bad_request("[] is too short - 'messages'", Some("messages"));
    };
    let format = body["response_format"]["type"].as_str();
    let refusal = state.lock().expect("fake OpenAI state").json_schema_refusal;
    match (format, refusal) {
        (Some("json_schema"), Some(JsonSchemaRefusal::OpenAi400)) => {
            return bad_request(
                "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model. Learn more about supported models at the Structured Outputs guide: https://platform.openai.com/docs/guides/structured-outputs",
                Some("response_format"),
            );
        }
        (Some("json_schema"), Some(JsonSchemaRefusal::Local422)) => {
            let detail = json!({"detail": [{
                "type": "literal_error",
                "loc": ["body", "response_format", "type"],
                "msg": "Input should be 'text' or 'json_object'",
                "input": "json_schema",
            }]});
            return (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(detail)).into_response();
        }
        (Some("json_schema"), None) => {
            let schema = &body["response_format"]["json_schema"];
            if schema["strict"] == true
                && let Err(why) = strict_schema_problem(&schema["schema"], "()")
            {
                let name = schema["name"].as_str().unwrap_or("");
                return bad_request(
                    &format!("Invalid schema for response_format '{name}': In context={why}"),
                    Some("response_format"),
                );
            }
        }
        (Some("json_object"), _) => {
            let says_json = messages.iter().any(|m| {
                m["content"]
                    .as_str()
                    .is_some_and(|c| c.to_lowercase().contains("json"))
            });
            if !says_json {
                return bad_request(
                    "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
                    Some("messages"),
                );
            }
        }
        _ => {}
    }

    let reply = {
        let mut fake = state.lock().expect("fake OpenAI state");
        match fake.replies.pop_front() {
            Some(reply) => reply,
            None => match fake.model.clone() {
                Some(model) => {
                    drop(fake);
                    model(body)
                }
                None => ModelReply::Content("OK".into()),
            },
        }
    };
    let id = {
        let mut fake = state.lock().expect("fake OpenAI state");
        fake.next_id += 1;
        fake.next_id
    };
    let prompt_tokens: u64 = messages
        .iter()
        .map(|m| tokens(m["content"].as_str().unwrap_or("")) + 3)
        .sum();
    let (message, finish_reason, completion_tokens) = match reply {
        ModelReply::Content(text) => (
            json!({"role": "assistant", "content": text, "refusal": null, "annotations": []}),
            "stop",
            tokens(&text),
        ),
        ModelReply::ToolCalls(calls) => {
            let calls: Vec<Value> = calls
                .iter()
                .enumerate()
                .map(|(i, (name, args))| {
                    json!({"id": format!("call_fake{id}x{i}"), "type": "function",
                           "function": {"name": name, "arguments": args}})
                })
                .collect();
            let completion = calls.iter().map(|c| tokens(&c.to_string())).sum();
            (
                json!({"role": "assistant", "content": null, "tool_calls": calls, "refusal": null, "annotations": []}),
                "tool_calls",
                completion,
            )
        }
    };
    axum::Json(json!({
        "id": format!("chatcmpl-fake{id}"),
        "object": "chat.completion",
        "created": chrono::Utc::now().timestamp(),
        "model": model,
        "choices": [{"index": 0, "message": message, "logprobs": null, "finish_reason": finish_reason}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
                "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
        },
        "service_tier": "default",
        "system_fingerprint": "fp_fake0001"
    }))
    .into_response()
}

/// Strict mode's two rules for every object: `additionalProperties: false`, and every
/// property listed in `required`.
fn strict_schema_problem(schema: &Value, at: &str) -> Result<(), String> {
    if schema["type"] == "object" {
        if schema["additionalProperties"] != false {
            return Err(format!(
                "{at}, 'additionalProperties' is required to be supplied and to be false"
            ));
        }
        let required: Vec<&str> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        for (name, sub) in schema["properties"].as_object().into_iter().flatten() {
            if !required.contains(&name.as_str()) {
                return Err(format!(
                    "{at}, 'required' is required to be supplied and to be an array including every key in properties. Missing '{name}'"
                ));
            }
            strict_schema_problem(sub, &format!("('properties', '{name}')"))?;
        }
    }
    if let Some(items) = schema.get("items") {
        strict_schema_problem(items, &format!("{at}, 'items'"))?;
    }
    for sub in schema["anyOf"].as_array().into_iter().flatten() {
        strict_schema_problem(sub, &format!("{at}, 'anyOf'"))?;
    }
    Ok(())
}

/// About four characters a token, as OpenAI's rule of thumb says.
fn tokens(text: &str) -> u64 {
    (text.chars().count() as u64).div_ceil(4).max(1)
}

fn embed(state: &Shared, body: &Value) -> Response {
    let Some(model) = body["model"].as_str() else {
        return bad_request("you must provide a model parameter", None);
    };
    let inputs: Vec<String> = match &body["input"] {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => return bad_request("'input' is a required property", Some("input")),
    };
    let native = if model.ends_with("-large") {
        3072
    } else {
        1536
    };
    let dimensions = match body.get("dimensions") {
        None | Some(Value::Null) => native,
        Some(_) if model == "text-embedding-ada-002" => {
            return bad_request("This model does not support specifying dimensions.", None);
        }
        Some(d) => match d.as_u64().map(|d| d as usize) {
            Some(d) if (1..=native).contains(&d) => d,
            _ => {
                return bad_request(
                    &format!("Invalid value for 'dimensions' = {d}."),
                    Some("dimensions"),
                );
            }
        },
    };
    let size = state
        .lock()
        .expect("fake OpenAI state")
        .fixed_dimensions
        .unwrap_or(dimensions);
    let base64 = body["encoding_format"] == "base64";
    let data: Vec<Value> = inputs
        .iter()
        .enumerate()
        .map(|(index, text)| {
            let v = vector(text, size);
            let embedding = if base64 {
                let bytes: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
                json!(base64::engine::general_purpose::STANDARD.encode(bytes))
            } else {
                json!(v)
            };
            json!({"object": "embedding", "index": index, "embedding": embedding})
        })
        .collect();
    let prompt_tokens: u64 = inputs.iter().map(|t| tokens(t)).sum();
    axum::Json(json!({
        "object": "list",
        "data": data,
        "model": model,
        "usage": {"prompt_tokens": prompt_tokens, "total_tokens": prompt_tokens}
    }))
    .into_response()
}

/// A unit vector that depends only on the text and the size.
#[allow(clippy::float_arithmetic)] // test data, not money
fn vector(text: &str, size: usize) -> Vec<f32> {
    let raw: Vec<f32> = (0..size)
        .map(|i| {
            let mut h = DefaultHasher::new();
            (text, i).hash(&mut h);
            (h.finish() % 2001) as f32 / 1000.0 - 1.0
        })
        .collect();
    let norm = raw
        .iter()
        .map(|x| x * x)
        .sum::<f32>()
        .sqrt()
        .max(f32::MIN_POSITIVE);
    raw.into_iter().map(|x| x / norm).collect()
}
