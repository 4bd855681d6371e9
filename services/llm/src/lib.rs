//! kakeibo-llm — Model clients: the Embedder and ChatModel traits, the OpenAI-compatible client (any base URL), the offline default implementations (a local all-MiniLM-L6-v2 embedder) and the response cache.
//!
//! This crate owns its tables: other services call its functions, never its SQL.

mod embedder;
mod local;

pub use embedder::{EmbedError, Embedder};
pub use local::{LocalEmbedder, MODEL_NAME};
