//! `ChatModel` for the OpenAI-compatible client: cache, retries, the `json_object` fallback
//! and the counters.

use std::sync::atomic::Ordering;

use async_trait::async_trait;
use tracing::Instrument;

use super::OpenAiClient;
use super::retry::with_retries;
use super::wire::{self, Format};
use crate::cache;
use crate::chat::{ChatModel, ChatReply, ChatRequest, Usage};
use crate::error::LlmError;
use crate::metrics::{self, Kind};

#[async_trait]
impl ChatModel for OpenAiClient {
    async fn chat(&self, request: &ChatRequest) -> Result<ChatReply, LlmError> {
        let model = self.chat_model.as_str();
        let started = std::time::Instant::now();
        let span = metrics::call_span(model, Kind::Chat);
        let result = self.chat_cached(request).instrument(span).await;
        metrics::duration(model, Kind::Chat, started);
        result
    }

    fn model_id(&self) -> &str {
        &self.chat_model
    }
}

impl OpenAiClient {
    async fn chat_cached(&self, request: &ChatRequest) -> Result<ChatReply, LlmError> {
        let model = self.chat_model.as_str();
        let key = cache::key(model, request);
        if let Some(cache) = &self.cache {
            match cache.get(&key).await {
                Ok(Some(reply)) => {
                    metrics::cache_hit(model);
                    return Ok(ChatReply {
                        cached: true,
                        usage: Usage::default(),
                        ..reply
                    });
                }
                Ok(None) => {}
                // The cache saves money; it is not worth failing the call over.
                Err(e) => tracing::warn!(error = %e, "reading the LLM cache failed"),
            }
        }
        let result = self.chat_uncached(request).await;
        match &result {
            Ok(reply) => {
                metrics::request(model, Kind::Chat, "ok");
                if let Some(cache) = &self.cache
                    && let Err(e) = cache.put(&key, model, reply).await
                {
                    tracing::warn!(error = %e, "writing the LLM cache failed");
                }
            }
            Err(e) => metrics::request(model, Kind::Chat, e.outcome()),
        }
        result
    }

    async fn chat_uncached(&self, request: &ChatRequest) -> Result<ChatReply, LlmError> {
        let wants_json = request.output.is_some();
        let format = if self.json_schema_supported() {
            Format::JsonSchema
        } else {
            Format::JsonObject
        };
        match self.send(request, format).await {
            Err(e) if wants_json && format == Format::JsonSchema && rejects_json_schema(&e) => {
                tracing::warn!(
                    model = %self.chat_model,
                    error = %e,
                    "the model server refuses json_schema output; asking for json_object and \
                     checking the schema here from now on"
                );
                self.json_schema_unsupported.store(true, Ordering::Relaxed);
                self.send(request, Format::JsonObject).await
            }
            other => other,
        }
    }

    async fn send(&self, request: &ChatRequest, format: Format) -> Result<ChatReply, LlmError> {
        let wire = wire::request(&self.chat_model, request, format);
        let response = with_retries(self.policy, &self.chat_model, Kind::Chat, || {
            let wire = wire.clone();
            async move { self.client.chat().create(wire).await }
        })
        .await?;
        // Tokens were spent even if the answer is then rejected.
        metrics::usage(&self.chat_model, wire::usage(&response), &self.prices);
        wire::reply(response, request.output.as_ref())
    }
}

/// OpenAI documents a 400 `invalid_request_error` with `param: response_format` for a model
/// without structured outputs; local servers answer 400 or 422 and name `response_format`
/// or `json_schema` in the message. Any other 4xx is a real error and is not retried.
fn rejects_json_schema(error: &LlmError) -> bool {
    let LlmError::Status {
        status: 400 | 422,
        param,
        message,
        ..
    } = error
    else {
        return false;
    };
    let message = message.to_lowercase();
    param
        .as_deref()
        .is_some_and(|p| p.starts_with("response_format"))
        || message.contains("response_format")
        || message.contains("json_schema")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status: u16, param: Option<&str>, message: &str) -> LlmError {
        LlmError::Status {
            status,
            code: None,
            param: param.map(str::to_owned),
            message: message.to_owned(),
        }
    }

    #[test]
    fn json_schema_refusals_are_told_from_other_errors() {
        assert!(rejects_json_schema(&status(
            400,
            Some("response_format"),
            "Invalid value"
        )));
        assert!(rejects_json_schema(&status(
            422,
            None,
            "response_format.type: unknown variant `json_schema`"
        )));
        assert!(!rejects_json_schema(&status(
            400,
            Some("messages"),
            "too long"
        )));
        assert!(!rejects_json_schema(&status(
            401,
            Some("response_format"),
            "bad key"
        )));
        assert!(!rejects_json_schema(&status(500, None, "json_schema")));
    }
}
