//! A server that answers as OpenAI's API reference documents `POST /v1/embeddings` and
//! `POST /v1/chat/completions`, in the test process on 127.0.0.1 port 0.
//!
//! It is OpenAI's side only. What "the model" answers is up to the test: a queue of
//! scripted replies, or a function of the request body (a stand-in for a model reading the
//! prompt). Everything else is the API's behaviour:
//!
//! - bearer key checked (401 `invalid_api_key`), documented error bodies
//!   `{"error": {"message", "type", "param", "code"}}`;
//! - failures on demand: 429 `rate_limit_exceeded` with `retry-after` and `retry-after-ms`,
//!   429 `insufficient_quota`, 500, 503;
//! - a server without structured outputs: `json_schema` refused with OpenAI's 400 or a
//!   local server's 422; `json_object` refused, as OpenAI does, unless a message says "JSON";
//! - slow (sleeps before answering) and down ([`FakeOpenAi::stop`]: connections refused);
//! - embeddings honour `dimensions` (deterministic unit vectors from the text), or ignore it
//!   as some local servers do.
//!
//! Every request is recorded with its JSON body.

mod routes;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::routing::post;
use kakeibo_core::config::LlmSettings;
use secrecy::SecretString;
use serde_json::Value;

pub const API_KEY: &str = "sk-proj-fake-kakeibo-test-key";
pub const CHAT_MODEL: &str = "gpt-4o-mini";
pub const EMBEDDING_MODEL: &str = "text-embedding-3-small";

/// How the next request fails, once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FakeFailure {
    /// 429 `rate_limit_exceeded`, `retry-after-ms` as given and `retry-after` in whole seconds.
    RateLimited { retry_after_ms: u64 },
    /// 429 `insufficient_quota`: out of credit, waiting does not help.
    InsufficientQuota,
    /// 500 `server_error`.
    ServerError,
    /// 503, "The engine is currently overloaded".
    Overloaded,
}

/// How a server without structured outputs refuses `response_format: json_schema`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonSchemaRefusal {
    /// OpenAI, for a model without structured outputs: 400 `invalid_request_error`,
    /// `param: response_format`.
    OpenAi400,
    /// A FastAPI-based local server: 422 with `{"detail": [...]}` naming the field.
    Local422,
}

/// What the model says.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelReply {
    /// `message.content`, finish_reason `stop`.
    Content(String),
    /// `message.tool_calls` (name, arguments as the model wrote them: a JSON text that may be
    /// broken), finish_reason `tool_calls`.
    ToolCalls(Vec<(String, String)>),
}

/// The model as a function of the request body.
pub type ModelFn = Arc<dyn Fn(&Value) -> ModelReply + Send + Sync>;

/// One request the fake received.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// `/v1/chat/completions` or `/v1/embeddings`.
    pub path: String,
    pub body: Value,
    pub status: u16,
}

impl Recorded {
    /// The `content` of every message with this role.
    pub fn contents(&self, role: &str) -> Vec<String> {
        self.body["messages"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|m| m["role"] == role)
            .filter_map(|m| m["content"].as_str().map(str::to_owned))
            .collect()
    }
}

struct Fake {
    json_schema_refusal: Option<JsonSchemaRefusal>,
    delay: Duration,
    failures: VecDeque<FakeFailure>,
    replies: VecDeque<ModelReply>,
    model: Option<ModelFn>,
    /// Some servers answer with their model's own size whatever `dimensions` says.
    fixed_dimensions: Option<usize>,
    requests: Vec<Recorded>,
    next_id: u64,
}

type Shared = Arc<Mutex<Fake>>;

pub struct FakeOpenAi {
    addr: SocketAddr,
    state: Shared,
    server: tokio::task::JoinHandle<()>,
}

impl FakeOpenAi {
    pub async fn start() -> FakeOpenAi {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fake OpenAI server");
        let addr = listener.local_addr().expect("a bound address");
        let state = Arc::new(Mutex::new(Fake {
            json_schema_refusal: None,
            delay: Duration::ZERO,
            failures: VecDeque::new(),
            replies: VecDeque::new(),
            model: None,
            fixed_dimensions: None,
            requests: Vec::new(),
            next_id: 1,
        }));
        let app = Router::new()
            .route("/v1/chat/completions", post(routes::chat_completions))
            .route("/v1/embeddings", post(routes::embeddings))
            .with_state(state.clone());
        let server = tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("the fake OpenAI server runs");
        });
        FakeOpenAi {
            addr,
            state,
            server,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Fake> {
        self.state.lock().expect("fake OpenAI state")
    }

    /// `http://127.0.0.1:<port>/v1`: the API root, version included.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// Settings pointing at this server with its key and models; short timeouts so tests of
    /// failures stay quick.
    pub fn settings(&self) -> LlmSettings {
        let mut settings = kakeibo_core::Settings::default().llm;
        settings.base_url = self.base_url();
        settings.api_key = SecretString::from(API_KEY);
        settings.chat_model = CHAT_MODEL.into();
        settings.embedding_model = EMBEDDING_MODEL.into();
        settings.timeout_secs = 5;
        settings.deadline_secs = 10;
        settings
    }

    /// Stops listening: later connections are refused, as with a server that is down.
    pub async fn stop(&mut self) {
        self.server.abort();
        // Returns once the task, and with it the listener, is gone.
        let _ = (&mut self.server).await;
    }

    pub fn refuse_json_schema(&self, how: JsonSchemaRefusal) {
        self.lock().json_schema_refusal = Some(how);
    }

    /// Every answer waits this long first.
    pub fn set_delay(&self, delay: Duration) {
        self.lock().delay = delay;
    }

    pub fn fail_next(&self, failure: FakeFailure) {
        self.lock().failures.push_back(failure);
    }

    /// The next chat answer, before any model function.
    pub fn push_reply(&self, reply: ModelReply) {
        self.lock().replies.push_back(reply);
    }

    /// Answers every chat request that has no scripted reply.
    pub fn set_model(&self, model: impl Fn(&Value) -> ModelReply + Send + Sync + 'static) {
        self.lock().model = Some(Arc::new(model));
    }

    /// Embeddings of this size whatever `dimensions` asks, as a server that ignores it.
    pub fn ignore_dimensions(&self, size: usize) {
        self.lock().fixed_dimensions = Some(size);
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.lock().requests.clone()
    }

    pub fn chat_requests(&self) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.path == "/v1/chat/completions")
            .collect()
    }

    pub fn embedding_requests(&self) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.path == "/v1/embeddings")
            .collect()
    }
}

impl Drop for FakeOpenAi {
    fn drop(&mut self) {
        self.server.abort();
    }
}
