//! Calling Plaid: every endpoint is a POST of JSON carrying the API keys, answered with
//! JSON or Plaid's error object (`error_type`, `error_code`, `error_message`,
//! `display_message`, `request_id`). Errors become `ProviderError`s here, scrubbed of the
//! keys and tokens the request carried.

use std::time::Duration;

use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::provider::ProviderError;

/// The API version Kakeibo is written against (Plaid pins each client to one).
const API_VERSION: &str = "2020-09-14";

pub(super) struct Client {
    pub http: reqwest::Client,
    /// Without a trailing slash.
    pub base_url: String,
    pub client_id: String,
    pub secret: SecretString,
}

/// Plaid's error object, as its error reference documents it.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct PlaidError {
    pub error_type: String,
    pub error_code: String,
    #[serde(default)]
    pub error_message: Option<String>,
    #[serde(default)]
    pub display_message: Option<String>,
    #[serde(default)]
    pub request_id: Option<String>,
}

/// A failed call: Plaid's own error (which callers may act on, e.g. restarting a
/// paginated sync), or one already in the engine's terms.
pub(super) enum CallError {
    Plaid {
        error: PlaidError,
        retry_after: Option<Duration>,
    },
    Provider(ProviderError),
}

impl CallError {
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Plaid { error, .. } => Some(&error.error_code),
            Self::Provider(_) => None,
        }
    }
}

impl From<CallError> for ProviderError {
    fn from(e: CallError) -> Self {
        match e {
            CallError::Plaid { error, retry_after } => classify(&error, retry_after),
            CallError::Provider(e) => e,
        }
    }
}

impl Client {
    /// POST `body` (an object) to `path` with the keys added.
    pub async fn call<T: DeserializeOwned>(
        &self,
        path: &str,
        mut body: Value,
    ) -> Result<T, CallError> {
        // Tokens sent are scrubbed from anything Plaid echoes back into a message.
        let mut sensitive: Vec<String> = ["access_token", "public_token"]
            .iter()
            .filter_map(|field| body.get(*field).and_then(Value::as_str))
            .map(str::to_string)
            .collect();
        sensitive.push(self.secret.expose_secret().to_string());
        body["client_id"] = Value::from(self.client_id.as_str());
        body["secret"] = Value::from(self.secret.expose_secret());

        let response = self
            .http
            .post(format!("{}{path}", self.base_url))
            .header("Plaid-Version", API_VERSION)
            .json(&body)
            .send()
            .await
            .map_err(|e| CallError::Provider(e.into()))?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let bytes = response
            .bytes()
            .await
            .map_err(|e| CallError::Provider(e.into()))?;

        if status.is_success() {
            return serde_json::from_slice(&bytes).map_err(|e| {
                CallError::Provider(ProviderError::Other(format!(
                    "Plaid {path} answered in a shape it does not document: {e}"
                )))
            });
        }
        match serde_json::from_slice::<PlaidError>(&bytes) {
            Ok(mut error) => {
                error.error_message = error.error_message.map(|m| scrub(m, &sensitive));
                error.display_message = error.display_message.map(|m| scrub(m, &sensitive));
                Err(CallError::Plaid { error, retry_after })
            }
            Err(_) if status == StatusCode::TOO_MANY_REQUESTS => {
                Err(CallError::Provider(ProviderError::RateLimited {
                    message: format!("Plaid {path} answered HTTP 429"),
                    retry_after,
                }))
            }
            Err(_) => Err(CallError::Provider(ProviderError::Other(format!(
                "Plaid {path} answered HTTP {status} without its error object"
            )))),
        }
    }
}

fn scrub(mut message: String, sensitive: &[String]) -> String {
    for value in sensitive.iter().filter(|v| !v.is_empty()) {
        message = message.replace(value.as_str(), "[redacted]");
    }
    message
}

/// Plaid's error in the engine's terms: by `error_code` first (the docs' advice: codes,
/// not HTTP statuses, identify errors), then by `error_type`.
pub(super) fn classify(error: &PlaidError, retry_after: Option<Duration>) -> ProviderError {
    let message = describe(error);
    match (error.error_type.as_str(), error.error_code.as_str()) {
        // The Item needs the person: update mode fixes the first group, a new Link the
        // rest (the Item or its token no longer exists).
        (
            _,
            "ITEM_LOGIN_REQUIRED"
            | "ITEM_LOCKED"
            | "ACCESS_NOT_GRANTED"
            | "INVALID_CREDENTIALS"
            | "INSUFFICIENT_CREDENTIALS"
            | "NO_ACCOUNTS"
            | "ITEM_NOT_FOUND"
            | "INVALID_ACCESS_TOKEN",
        ) => ProviderError::ReauthRequired(message),
        ("RATE_LIMIT_EXCEEDED", _) => ProviderError::RateLimited {
            message,
            retry_after,
        },
        (
            "INSTITUTION_ERROR",
            "INSTITUTION_DOWN" | "INSTITUTION_NOT_RESPONDING" | "INSTITUTION_NOT_AVAILABLE",
        )
        | ("API_ERROR", "PLANNED_MAINTENANCE") => ProviderError::InstitutionDown(message),
        (
            _,
            "INVALID_PUBLIC_TOKEN"
            | "INVALID_LINK_TOKEN"
            | "INVALID_INSTITUTION"
            | "INSTITUTION_NOT_FOUND",
        ) => ProviderError::Rejected(message),
        (_, "INVALID_API_KEYS") => ProviderError::Other(format!(
            "Plaid rejected this server's API keys; check plaid.client_id and plaid.secret \
             ({message})"
        )),
        _ => ProviderError::Other(message),
    }
}

/// `could not find matching public token (INVALID_PUBLIC_TOKEN, request HNTDNrA8F1shFEW)`:
/// the request id is what Plaid support asks for.
fn describe(error: &PlaidError) -> String {
    let text = error
        .error_message
        .as_deref()
        .filter(|m| !m.trim().is_empty())
        .or(error.display_message.as_deref())
        .unwrap_or("Plaid gave no message");
    match &error.request_id {
        Some(id) => format!("{text} ({}, request {id})", error.error_code),
        None => format!("{text} ({})", error.error_code),
    }
}
