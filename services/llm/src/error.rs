//! What can go wrong when asking a model server.

use std::time::Duration;

/// One failed call to a model server, after any retries.
#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    /// No answer within the per-attempt timeout (or the call's deadline ran out).
    #[error("the model server did not answer within {0:?}")]
    Timeout(Duration),

    /// The server could not be reached (connection refused, DNS, TLS).
    #[error("the model server cannot be reached")]
    Unreachable(#[source] reqwest::Error),

    /// The server answered with an error status. `retryable` ones (429, 5xx) were retried
    /// until the attempts or the deadline ran out.
    #[error("the model server answered {status}: {message}")]
    Status {
        status: u16,
        /// OpenAI's `error.code` (`invalid_api_key`, `rate_limit_exceeded`, …) when given.
        code: Option<String>,
        /// OpenAI's `error.param`: the request field the error is about.
        param: Option<String>,
        message: String,
    },

    /// The answer is not what was asked for: not JSON, not the schema, a tool call whose
    /// arguments are not JSON, no choices. Such answers are never cached.
    #[error("the model's answer was rejected: {0}")]
    InvalidReply(String),

    /// The request could not be built or sent (a bug on our side, or a bad base URL).
    #[error("the request to the model server could not be made")]
    Request(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl LlmError {
    /// The server is down, slow or overloaded: callers fall back to offline results.
    pub fn is_unavailable(&self) -> bool {
        match self {
            LlmError::Timeout(_) | LlmError::Unreachable(_) => true,
            LlmError::Status { status, .. } => *status == 429 || *status >= 500,
            _ => false,
        }
    }

    /// The label of `llm_requests_total{outcome}` for this failure.
    pub(crate) fn outcome(&self) -> &'static str {
        match self {
            LlmError::Timeout(_) => "timeout",
            LlmError::Unreachable(_) => "unreachable",
            LlmError::Status { status: 429, .. } => "rate_limited",
            LlmError::Status { status, .. } if *status >= 500 => "server_error",
            LlmError::Status { .. } => "rejected",
            LlmError::InvalidReply(_) => "invalid_reply",
            LlmError::Request(_) => "client_error",
        }
    }
}
