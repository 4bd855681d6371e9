//! The HTTP layer under async-openai. Its own executor turns an error response into status
//! and parsed body only, dropping `Retry-After` and any body that is not OpenAI's error
//! shape (a local server's 422, say). This one hands both on, so the retry policy can honour
//! `Retry-After` and the client can see why a `json_schema` request was refused.

use std::time::Duration;

use async_openai::error::OpenAIError;
use async_openai::middleware::HttpRequestFactory;
use reqwest::header::HeaderMap;

/// What the transport reports instead of a non-2xx response or a network failure.
#[derive(Debug, thiserror::Error)]
pub(crate) enum TransportError {
    #[error("HTTP {status}")]
    Status {
        status: u16,
        retry_after: Option<Duration>,
        body: String,
    },
    #[error("no answer in time")]
    Timeout,
    #[error("network failure")]
    Network(#[source] reqwest::Error),
}

/// Executes each attempt with the per-attempt timeout set on the `reqwest::Client` (it
/// covers connecting, sending and reading the body).
#[derive(Clone)]
pub(crate) struct Transport {
    http: reqwest::Client,
}

impl Transport {
    pub(crate) fn new(http: reqwest::Client) -> Self {
        Self { http }
    }
}

impl tower::Service<HttpRequestFactory> for Transport {
    type Response = reqwest::Response;
    type Error = OpenAIError;
    type Future = std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<reqwest::Response, OpenAIError>> + Send>,
    >;

    fn poll_ready(
        &mut self,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, factory: HttpRequestFactory) -> Self::Future {
        let http = self.http.clone();
        Box::pin(async move {
            let request = factory.build().await?;
            let response = http.execute(request).await.map_err(network)?;
            if response.status().is_success() {
                return Ok(response);
            }
            let status = response.status().as_u16();
            let retry_after = retry_after(response.headers());
            let body = response.text().await.map_err(network)?;
            Err(boxed(TransportError::Status {
                status,
                retry_after,
                body,
            }))
        })
    }
}

fn network(e: reqwest::Error) -> OpenAIError {
    boxed(if e.is_timeout() {
        TransportError::Timeout
    } else {
        TransportError::Network(e)
    })
}

fn boxed(e: TransportError) -> OpenAIError {
    OpenAIError::Boxed(Box::new(e))
}

/// OpenAI sends `retry-after-ms` and `retry-after` (seconds); the finer one wins. The
/// HTTP-date form of `Retry-After` is not used by model servers and is ignored.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let number = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
    };
    number("retry-after-ms")
        .map(Duration::from_millis)
        .or_else(|| number("retry-after").map(Duration::from_secs))
}
