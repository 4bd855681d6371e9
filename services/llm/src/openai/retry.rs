//! Retries with backoff: 429, 5xx, timeouts and refused connections are tried again; any
//! other 4xx is final (asking again would get the same answer). The whole call, waits
//! included, stays inside one deadline, so a slow server costs the caller a known time.

use std::future::Future;
use std::time::{Duration, Instant};

use async_openai::error::OpenAIError;
use rand::Rng;

use super::transport::TransportError;
use crate::error::LlmError;
use crate::metrics::{self, Kind};

#[derive(Debug, Clone, Copy)]
pub(crate) struct RetryPolicy {
    /// One attempt (set on the HTTP client; kept here to name it in errors).
    pub timeout: Duration,
    /// The whole call.
    pub deadline: Duration,
    pub max_retries: u32,
}

const FIRST_BACKOFF_MS: u64 = 250;
const MAX_BACKOFF_MS: u64 = 8_000;

/// Runs `attempt` until it succeeds, fails for good, or the retries or the deadline run out.
pub(crate) async fn with_retries<T, F, Fut>(
    policy: RetryPolicy,
    model: &str,
    kind: Kind,
    mut attempt: F,
) -> Result<T, LlmError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, OpenAIError>>,
{
    let started = Instant::now();
    let mut retries = 0;
    loop {
        let left = policy.deadline.saturating_sub(started.elapsed());
        let failure = match tokio::time::timeout(left, attempt()).await {
            Ok(Ok(value)) => return Ok(value),
            Ok(Err(e)) => classify(e, policy.timeout),
            Err(_) => return Err(LlmError::Timeout(policy.deadline)),
        };
        if !failure.retryable || retries >= policy.max_retries {
            return Err(failure.error);
        }
        let wait = failure.retry_after.unwrap_or_else(|| backoff(retries));
        // A server asking to wait past the deadline will not be answered in time: stop now
        // rather than sleep and fail anyway.
        if started.elapsed() + wait >= policy.deadline {
            return Err(failure.error);
        }
        tracing::debug!(model, ?wait, error = %failure.error, "retrying the model server");
        tokio::time::sleep(wait).await;
        retries += 1;
        metrics::retry(model, kind);
    }
}

/// Exponential, capped, with up to 25 % jitter so that many workers hit by the same 429 do
/// not come back in step.
fn backoff(retries: u32) -> Duration {
    let base = FIRST_BACKOFF_MS
        .saturating_mul(1 << retries.min(10))
        .min(MAX_BACKOFF_MS);
    Duration::from_millis(base + rand::thread_rng().gen_range(0..=base / 4))
}

pub(crate) struct Failure {
    pub error: LlmError,
    retryable: bool,
    retry_after: Option<Duration>,
}

pub(crate) fn classify(error: OpenAIError, timeout: Duration) -> Failure {
    let fail = |error, retryable| Failure {
        error,
        retryable,
        retry_after: None,
    };
    match error {
        OpenAIError::Boxed(boxed) => match boxed.downcast::<TransportError>() {
            Ok(transport) => match *transport {
                TransportError::Status {
                    status,
                    retry_after,
                    body,
                } => {
                    let error = status_error(status, &body);
                    Failure {
                        retryable: retryable_status(&error),
                        error,
                        retry_after,
                    }
                }
                TransportError::Timeout => fail(LlmError::Timeout(timeout), true),
                TransportError::Network(e) => fail(LlmError::Unreachable(e), true),
            },
            Err(other) => fail(LlmError::Request(other), false),
        },
        // Reading the body of a 2xx happens in async-openai, after the transport.
        OpenAIError::Reqwest(e) if e.is_timeout() => fail(LlmError::Timeout(timeout), true),
        OpenAIError::Reqwest(e) => fail(LlmError::Unreachable(e), true),
        OpenAIError::JSONDeserialize(e, body) => fail(
            LlmError::InvalidReply(format!("{e} in {}", shorten(&body))),
            false,
        ),
        OpenAIError::ApiError(api) => {
            let error = LlmError::Status {
                status: api.status_code.as_u16(),
                code: api.api_error.code.clone(),
                param: api.api_error.param.clone(),
                message: api.api_error.message.clone(),
            };
            fail(error, false)
        }
        other => fail(LlmError::Request(Box::new(other)), false),
    }
}

/// 429 is retried unless the account is out of credit (`insufficient_quota`, which OpenAI
/// also sends as 429 and which waiting does not fix).
fn retryable_status(error: &LlmError) -> bool {
    match error {
        LlmError::Status {
            status: 429, code, ..
        } => code.as_deref() != Some("insufficient_quota"),
        LlmError::Status { status, .. } => *status >= 500,
        _ => false,
    }
}

/// OpenAI's `{"error": {"message", "type", "param", "code"}}`, or whatever else the server
/// sent (a proxy's HTML page, FastAPI's `{"detail": …}`) as the message.
fn status_error(status: u16, body: &str) -> LlmError {
    let parsed: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let error = parsed.as_ref().and_then(|v| v.get("error"));
    let text = |field: &str| {
        error.and_then(|e| e.get(field)).and_then(|v| match v {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    };
    let code = text("code").or_else(|| text("type"));
    LlmError::Status {
        status,
        code,
        param: text("param"),
        message: text("message").unwrap_or_else(|| shorten(body)),
    }
}

fn shorten(text: &str) -> String {
    const MAX: usize = 500;
    match text.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openai_errors_and_foreign_bodies_are_both_read() {
        let LlmError::Status {
            code,
            param,
            message,
            ..
        } = status_error(
            400,
            r#"{"error":{"message":"bad format","type":"invalid_request_error","param":"response_format","code":null}}"#,
        )
        else {
            panic!()
        };
        assert_eq!(code.as_deref(), Some("invalid_request_error"));
        assert_eq!(param.as_deref(), Some("response_format"));
        assert_eq!(message, "bad format");
        let LlmError::Status { message, .. } = status_error(
            422,
            r#"{"detail":"response_format json_schema unsupported"}"#,
        ) else {
            panic!()
        };
        assert!(message.contains("json_schema"));
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert!(
            backoff(0) >= Duration::from_millis(250) && backoff(0) <= Duration::from_millis(313)
        );
        assert!(backoff(2) >= Duration::from_millis(1_000));
        assert!(backoff(30) <= Duration::from_millis(10_000));
    }

    #[test]
    fn only_rate_limits_and_server_errors_are_retryable() {
        let status = |status, code: Option<&str>| LlmError::Status {
            status,
            code: code.map(str::to_owned),
            param: None,
            message: String::new(),
        };
        assert!(retryable_status(&status(429, Some("rate_limit_exceeded"))));
        assert!(!retryable_status(&status(429, Some("insufficient_quota"))));
        assert!(retryable_status(&status(503, None)));
        assert!(!retryable_status(&status(401, Some("invalid_api_key"))));
        assert!(!retryable_status(&status(400, None)));
    }
}
