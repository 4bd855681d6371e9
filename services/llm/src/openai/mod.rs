//! The OpenAI-compatible client: OpenAI itself or a local server (Ollama, vLLM, llama.cpp)
//! at any base URL. It embeds ([`Embedder`]) and chats ([`crate::ChatModel`]).

mod chat;
mod retry;
mod transport;
mod wire;

use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use async_openai::Client;
use async_openai::config::OpenAIConfig;
use async_openai::types::embeddings::{CreateEmbeddingRequest, EmbeddingInput};
use async_trait::async_trait;
use kakeibo_core::config::{LlmSettings, ModelPrice};
use secrecy::{ExposeSecret, SecretString};
use tracing::Instrument;

use crate::cache::ResponseCache;
use crate::chat::Usage;
use crate::embedder::{EmbedError, Embedder};
use crate::error::LlmError;
use crate::metrics::{self, Kind};
use retry::{RetryPolicy, with_retries};
use transport::Transport;

/// Stored vectors are `vector(384)`; OpenAI's text-embedding-3 models shorten to this.
pub const EMBEDDING_DIMENSIONS: usize = 384;
/// Inputs per embeddings request: far below OpenAI's 2048, so one slow request never holds
/// much work and a retry repeats little.
const EMBED_BATCH: usize = 128;

/// How to reach the server. Build it from settings with [`OpenAiOptions::from_settings`].
#[derive(Debug, Clone)]
pub struct OpenAiOptions {
    /// Including the version path: `https://api.openai.com/v1`.
    pub base_url: String,
    pub api_key: SecretString,
    pub chat_model: String,
    pub embedding_model: String,
    pub timeout: Duration,
    pub deadline: Duration,
    pub max_retries: u32,
    pub prices: BTreeMap<String, ModelPrice>,
}

impl OpenAiOptions {
    /// `None` when no server is configured: no LLM is used.
    pub fn from_settings(settings: &LlmSettings) -> Option<Self> {
        if settings.base_url.is_empty() {
            return None;
        }
        Some(Self {
            base_url: settings.base_url.clone(),
            api_key: settings.api_key.clone(),
            chat_model: settings.chat_model.clone(),
            embedding_model: settings.embedding_model.clone(),
            timeout: Duration::from_secs(settings.timeout_secs),
            deadline: Duration::from_secs(settings.deadline_secs),
            max_retries: settings.max_retries,
            prices: settings.prices.clone(),
        })
    }
}

pub struct OpenAiClient {
    client: Client<OpenAIConfig>,
    chat_model: String,
    embedding_model: String,
    embedding_model_id: String,
    policy: RetryPolicy,
    prices: BTreeMap<String, ModelPrice>,
    cache: Option<ResponseCache>,
    /// Set once the server refused a `json_schema` response format; from then on this client
    /// asks for `json_object` and checks the schema itself.
    json_schema_unsupported: AtomicBool,
}

impl OpenAiClient {
    /// Needs a rustls crypto provider installed (as `main` and the test harness do).
    pub fn new(options: OpenAiOptions) -> Result<Self, LlmError> {
        let http = reqwest::Client::builder()
            .timeout(options.timeout)
            .connect_timeout(options.timeout.min(Duration::from_secs(10)))
            .build()
            .map_err(|e| LlmError::Request(Box::new(e)))?;
        // Org and project are set empty so that OPENAI_* variables in the environment never
        // change what this client sends; Kakeibo's settings are the only source.
        let config = OpenAIConfig::new()
            .with_api_base(options.base_url.trim_end_matches('/'))
            .with_api_key(options.api_key.expose_secret())
            .with_org_id("")
            .with_project_id("");
        let client = Client::with_config(config).with_http_service(Transport::new(http));
        Ok(Self {
            client,
            embedding_model_id: format!(
                "openai:{}:{EMBEDDING_DIMENSIONS}",
                options.embedding_model
            ),
            chat_model: options.chat_model,
            embedding_model: options.embedding_model,
            policy: RetryPolicy {
                timeout: options.timeout,
                deadline: options.deadline,
                max_retries: options.max_retries,
            },
            prices: options.prices,
            cache: None,
            json_schema_unsupported: AtomicBool::new(false),
        })
    }

    /// The client the settings describe, answering repeated chat requests from `llm_cache`;
    /// `None` when no server is configured.
    pub fn from_settings(
        settings: &LlmSettings,
        pool: sqlx::PgPool,
    ) -> Result<Option<Self>, LlmError> {
        let Some(options) = OpenAiOptions::from_settings(settings) else {
            return Ok(None);
        };
        Ok(Some(
            Self::new(options)?.with_cache(ResponseCache::new(pool, settings.cache_days)),
        ))
    }

    /// Reuse answers to identical chat requests from `llm_cache`.
    pub fn with_cache(mut self, cache: ResponseCache) -> Self {
        self.cache = Some(cache);
        self
    }

    /// False once the server has refused a `json_schema` response format.
    pub fn json_schema_supported(&self) -> bool {
        !self
            .json_schema_unsupported
            .load(std::sync::atomic::Ordering::Relaxed)
    }
}

#[async_trait]
impl Embedder for OpenAiClient {
    async fn embed(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut out = Vec::with_capacity(texts.len());
        for chunk in texts.chunks(EMBED_BATCH) {
            let started = std::time::Instant::now();
            let span = metrics::call_span(&self.embedding_model, Kind::Embedding);
            let result = self.embed_chunk(chunk).instrument(span).await;
            metrics::duration(&self.embedding_model, Kind::Embedding, started);
            let outcome = match &result {
                Ok(_) => "ok",
                Err(EmbedError::Remote(e)) => e.outcome(),
                Err(_) => "invalid_reply",
            };
            metrics::request(&self.embedding_model, Kind::Embedding, outcome);
            out.extend(result?);
        }
        Ok(out)
    }

    fn dimensions(&self) -> usize {
        EMBEDDING_DIMENSIONS
    }

    fn model_id(&self) -> &str {
        &self.embedding_model_id
    }
}

impl OpenAiClient {
    async fn embed_chunk(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let request = CreateEmbeddingRequest {
            model: self.embedding_model.clone(),
            input: EmbeddingInput::StringArray(texts.to_vec()),
            dimensions: Some(EMBEDDING_DIMENSIONS as u32),
            ..Default::default()
        };
        let response = with_retries(self.policy, &self.embedding_model, Kind::Embedding, || {
            let request = request.clone();
            async move { self.client.embeddings().create(request).await }
        })
        .await?;
        let usage = Usage {
            prompt_tokens: u64::from(response.usage.prompt_tokens),
            completion_tokens: 0,
        };
        metrics::usage(&self.embedding_model, usage, &self.prices);

        let mut data = response.data;
        data.sort_by_key(|e| e.index);
        if data.len() != texts.len() || data.iter().enumerate().any(|(i, e)| e.index as usize != i)
        {
            return Err(EmbedError::Reply(format!(
                "{} vectors with indexes that do not match {} inputs",
                data.len(),
                texts.len()
            )));
        }
        data.into_iter()
            .map(|e| {
                if e.embedding.len() != EMBEDDING_DIMENSIONS {
                    return Err(EmbedError::Reply(format!(
                        "a vector of {} dimensions, not {EMBEDDING_DIMENSIONS}: the model ignores \
                         `dimensions` (pick one that gives {EMBEDDING_DIMENSIONS}, or use the local embedder)",
                        e.embedding.len()
                    )));
                }
                Ok(unit_length(e.embedding))
            })
            .collect()
    }
}

/// OpenAI's vectors are unit length already; other servers' may not be, and the `Embedder`
/// contract (dot product = cosine) needs them to be.
#[allow(clippy::float_arithmetic)] // vector maths, not money
fn unit_length(mut v: Vec<f32>) -> Vec<f32> {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
    v
}
