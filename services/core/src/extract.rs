//! Request extractors every service uses: `ValidatedJson`, `ApiPath` and `ClientInfo`
//! (query strings: `crate::query`).

use std::net::{IpAddr, SocketAddr};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRef, FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::api_error::{ApiError, FieldError};

/// Rules a request body checks after it parsed. Fields are named by their JSON path.
pub trait Validate {
    /// No rules beyond the types by default.
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        Ok(())
    }
}

/// A JSON body that parsed and passed `Validate`: 400 when it is not JSON of the right shape
/// (with the path of the bad field), 413 when too large, 422 when fields break the rules.
pub struct ValidatedJson<T>(pub T);

impl<T, S> FromRequest<S> for ValidatedJson<T>
where
    T: DeserializeOwned + Validate,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !is_json {
            return Err(ApiError::bad_request(
                "unsupported_media_type",
                "send the body as JSON with Content-Type: application/json",
            ));
        }
        let body = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge
            } else {
                ApiError::bad_request("unreadable_body", rejection.body_text())
            }
        })?;
        let value = parse_json::<T>(&body)?;
        value.validate().map_err(ApiError::Validation)?;
        Ok(Self(value))
    }
}

/// Parses JSON, naming the path of a field of the wrong type.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        let message = if path == "." {
            format!("invalid JSON: {inner}")
        } else {
            format!("invalid JSON at {path}: {inner}")
        };
        ApiError::bad_request("invalid_json", message)
    })
}

/// Who is calling from where, for the audit log and the rate limits.
#[derive(Debug, Clone)]
pub struct ClientInfo {
    pub ip: Option<IpAddr>,
    pub user_agent: Option<String>,
}

const MAX_USER_AGENT: usize = 512;

impl<S> FromRequestParts<S> for ClientInfo
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = &AppState::from_ref(state);
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        // Behind a reverse proxy the peer is the proxy; only a trusted one may say otherwise.
        // It appends the address it saw to whatever the client sent, so the last entry is the
        // one to believe: the first is the client's own claim, and an attacker who rotated it
        // would escape the per-address login throttle.
        let forwarded = state
            .settings
            .server
            .trust_proxy_headers
            .then(|| {
                parts
                    .headers
                    .get_all("x-forwarded-for")
                    .iter()
                    .next_back()
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.rsplit(',').next())
                    .and_then(|ip| ip.trim().parse().ok())
            })
            .flatten();
        let user_agent = parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|ua| ua.chars().take(MAX_USER_AGENT).collect());
        Ok(Self {
            ip: forwarded.or(peer),
            user_agent,
        })
    }
}

/// `axum::extract::Path` whose rejection is the error envelope (400 `invalid_path`).
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| Self(value))
            .map_err(|rejection| ApiError::bad_request("invalid_path", rejection.body_text()))
    }
}
