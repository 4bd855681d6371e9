//! HTTP to Bank Account Data: the token pair, a bearer token on every call, one retry with a
//! fresh token when a 401 is about the token, and errors classified by `errors::classify`.
//!
//! Tokens (docs "Quickstart", steps 2–3): `POST /token/new/ {secret_id, secret_key}` gives an
//! access token (24 h) and a refresh token (30 days); `POST /token/refresh/ {refresh}` gives a
//! new access token. New pairs are rate-limited harder (100 an hour), so the pair is kept in
//! memory and the access token renewed through the refresh token while that one lasts.

use std::time::{Duration, Instant};

use reqwest::header::ACCEPT;
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tokio::sync::Mutex;

use super::errors::{ErrorBody, classify};
use crate::provider::{ProviderError, http_client};

pub(super) struct Api {
    http: reqwest::Client,
    /// `…/api/v2`, without a trailing slash.
    base: String,
    secret_id: String,
    secret_key: SecretString,
    /// One at a time: concurrent syncs wait for one renewal instead of each making their own.
    tokens: Mutex<Option<Tokens>>,
}

struct Tokens {
    access: String,
    /// Renewed a little before GoCardless's expiry so a token never dies mid-request.
    access_renew_at: Instant,
    refresh: String,
    refresh_renew_at: Instant,
}

#[derive(Deserialize)]
struct NewPair {
    access: String,
    access_expires: u64,
    refresh: String,
    refresh_expires: u64,
}

#[derive(Deserialize)]
struct Refreshed {
    access: String,
    access_expires: u64,
}

/// The refresh token was refused (expired early, secrets rotated): get a new pair instead.
enum RefreshFailed {
    Refused,
    Error(ProviderError),
}

/// When to renew a token that lives `seconds`: a minute early, or a tenth early if it is short.
fn renew_at(now: Instant, seconds: u64) -> Instant {
    let lifetime = Duration::from_secs(seconds);
    now + lifetime - (lifetime / 10).min(Duration::from_secs(60))
}

impl Api {
    pub(super) fn new(base_url: &str, secret_id: &str, secret_key: &SecretString) -> Self {
        Self {
            http: http_client(),
            base: base_url.trim_end_matches('/').to_string(),
            secret_id: secret_id.to_string(),
            secret_key: secret_key.clone(),
            tokens: Mutex::new(None),
        }
    }

    pub(super) async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, ProviderError> {
        self.call(Method::GET, path, query, None).await
    }

    pub(super) async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &Value,
    ) -> Result<T, ProviderError> {
        self.call(Method::POST, path, &[], Some(body)).await
    }

    pub(super) async fn delete(&self, path: &str) -> Result<Value, ProviderError> {
        self.call(Method::DELETE, path, &[], None).await
    }

    /// One authenticated call; `path` starts after `/api/v2` and ends with the documented `/`.
    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<T, ProviderError> {
        let mut retried = false;
        loop {
            let token = self.access_token().await?;
            let mut request = self
                .http
                .request(method.clone(), format!("{}{path}", self.base))
                .bearer_auth(&token)
                .header(ACCEPT, "application/json");
            if !query.is_empty() {
                request = request.query(query);
            }
            if let Some(body) = body {
                request = request.json(body);
            }
            let response = request.send().await?;
            let status = response.status();
            if status.is_success() {
                let bytes = response.bytes().await?;
                return serde_json::from_slice(&bytes).map_err(|e| {
                    ProviderError::Other(format!(
                        "GoCardless answered {method} {path} with JSON not as documented: {e}"
                    ))
                });
            }
            let headers = response.headers().clone();
            let error = ErrorBody::parse(&response.text().await.unwrap_or_default());
            // Our token may have been revoked before its stated expiry; a new one fixes that,
            // a lapsed agreement it does not (and retrying would only spend the bank's quota).
            if status == StatusCode::UNAUTHORIZED && !retried && error.is_token_failure() {
                tracing::debug!(%method, path, "GoCardless refused the access token; renewing");
                retried = true;
                self.forget_access(&token).await;
                continue;
            }
            return Err(classify(status, &headers, &error));
        }
    }

    async fn access_token(&self) -> Result<String, ProviderError> {
        let mut tokens = self.tokens.lock().await;
        let now = Instant::now();
        if let Some(t) = tokens.as_mut() {
            if now < t.access_renew_at {
                return Ok(t.access.clone());
            }
            if now < t.refresh_renew_at {
                match self.refresh(&t.refresh).await {
                    Ok(fresh) => {
                        t.access = fresh.access;
                        t.access_renew_at = renew_at(Instant::now(), fresh.access_expires);
                        return Ok(t.access.clone());
                    }
                    Err(RefreshFailed::Refused) => {}
                    Err(RefreshFailed::Error(e)) => return Err(e),
                }
            }
        }
        let pair = self.new_pair().await?;
        let now = Instant::now();
        let access = pair.access.clone();
        *tokens = Some(Tokens {
            access: pair.access,
            access_renew_at: renew_at(now, pair.access_expires),
            refresh: pair.refresh,
            refresh_renew_at: renew_at(now, pair.refresh_expires),
        });
        Ok(access)
    }

    /// Drop `stale` so the next call renews it, unless another call already did.
    async fn forget_access(&self, stale: &str) {
        if let Some(t) = self.tokens.lock().await.as_mut()
            && t.access == stale
        {
            t.access_renew_at = Instant::now();
        }
    }

    async fn new_pair(&self) -> Result<NewPair, ProviderError> {
        let body = json!({
            "secret_id": self.secret_id,
            "secret_key": self.secret_key.expose_secret(),
        });
        let response = self.token_request("/token/new/", &body).await?;
        let status = response.status();
        if status.is_success() {
            return parse_token(response).await;
        }
        let headers = response.headers().clone();
        let error = ErrorBody::parse(&response.text().await.unwrap_or_default());
        Err(match status {
            // Wrong or deleted user secrets: only whoever runs this server can fix them.
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => ProviderError::Other(format!(
                "GoCardless refused this server's secret_id/secret_key ({}); fix \
                 bank.gocardless.secret_id and bank.gocardless.secret_key",
                error.message()
            )),
            _ => classify(status, &headers, &error),
        })
    }

    async fn refresh(&self, refresh: &str) -> Result<Refreshed, RefreshFailed> {
        let response = self
            .token_request("/token/refresh/", &json!({ "refresh": refresh }))
            .await
            .map_err(RefreshFailed::Error)?;
        let status = response.status();
        if status.is_success() {
            return parse_token(response).await.map_err(RefreshFailed::Error);
        }
        if status == StatusCode::UNAUTHORIZED {
            tracing::debug!("GoCardless refused the refresh token; getting a new pair");
            return Err(RefreshFailed::Refused);
        }
        let headers = response.headers().clone();
        let error = ErrorBody::parse(&response.text().await.unwrap_or_default());
        Err(RefreshFailed::Error(classify(status, &headers, &error)))
    }

    /// The token endpoints take no bearer token.
    async fn token_request(
        &self,
        path: &str,
        body: &Value,
    ) -> Result<reqwest::Response, ProviderError> {
        Ok(self
            .http
            .post(format!("{}{path}", self.base))
            .header(ACCEPT, "application/json")
            .json(body)
            .send()
            .await?)
    }
}

async fn parse_token<T: DeserializeOwned>(response: reqwest::Response) -> Result<T, ProviderError> {
    use serde_json::error::Category;
    let bytes = response.bytes().await?;
    // Only the kind of mismatch in the message: the body holds the tokens.
    serde_json::from_slice(&bytes).map_err(|e| {
        let what = match e.classify() {
            Category::Data => "fields missing or of the wrong type",
            Category::Io | Category::Syntax | Category::Eof => "not JSON",
        };
        ProviderError::Other(format!("GoCardless answered a token request with {what}"))
    })
}
