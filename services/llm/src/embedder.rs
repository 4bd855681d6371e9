//! The `Embedder` trait: text in, one unit-length vector per text out.

use std::path::PathBuf;

use async_trait::async_trait;

/// Turns texts into sentence embeddings. Implementations take a whole batch at once,
/// because per-call overhead (a blocking-pool hop, an HTTP round trip) dwarfs the cost of
/// one more row.
#[async_trait]
pub trait Embedder: Send + Sync {
    /// One vector of `dimensions()` floats per input, in input order, L2-normalized so
    /// that a dot product is the cosine similarity.
    async fn embed(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError>;

    fn dimensions(&self) -> usize;

    /// Names the model and everything that changes its output: stored embeddings and the
    /// embedding cache are keyed by it, so vectors from different models never mix.
    fn model_id(&self) -> &str;
}

#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error(
        "embedding model file {} is missing; fetch the model with `bash deploy/local/setup.sh` \
         (it installs all-MiniLM-L6-v2 under .data/models), or point models_dir \
         (KAKEIBO_MODELS_DIR) at a copy",
        path.display()
    )]
    ModelFileMissing { path: PathBuf },

    #[error("embedding model file {} cannot be used", path.display())]
    ModelFileInvalid {
        path: PathBuf,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },

    #[error("tokenizing the input failed")]
    Tokenize(#[source] Box<dyn std::error::Error + Send + Sync>),

    #[error("running the embedding model failed")]
    Inference(#[from] candle_core::Error),

    /// The model server failed (see [`crate::LlmError::is_unavailable`]).
    #[error("the embedding server failed")]
    Remote(#[from] crate::error::LlmError),

    /// The server answered, but not with one vector of the right size per input.
    #[error("the embedding server's answer was rejected: {0}")]
    Reply(String),

    /// The blocking task that runs the model panicked or was cancelled.
    #[error("the embedding task did not finish")]
    Task(#[from] tokio::task::JoinError),
}
