//! kakeibo-llm — Model clients: the Embedder and ChatModel traits, the OpenAI-compatible client (any base URL), the offline default implementations (a local all-MiniLM-L6-v2 embedder) and the response cache.
//!
//! This crate owns its tables: other services call its functions, never its SQL.

pub mod cache;
pub mod categorize;
mod chat;
mod configured;
mod embedder;
mod error;
mod local;
pub mod metrics;
mod openai;
pub mod schema;

pub use cache::ResponseCache;
pub use chat::{ChatModel, ChatReply, ChatRequest, JsonOutput, Message, Tool, ToolCall, Usage};
pub use configured::ConfiguredChat;
pub use embedder::{EmbedError, Embedder};
pub use error::LlmError;
pub use local::{LocalEmbedder, MODEL_NAME};
pub use openai::{EMBEDDING_DIMENSIONS, OpenAiClient, OpenAiOptions};
