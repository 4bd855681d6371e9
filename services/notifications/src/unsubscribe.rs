//! Unsubscribe links that need no login: a token signed with HMAC-SHA256 names the user and
//! the kinds whose e-mail to stop (the weekly summary, or the alert kinds one e-mail carried).
//! Stateless: nothing is stored per token; it expires after [`TOKEN_LIFETIME`].
//!
//! `POST /unsubscribe?token=` with `List-Unsubscribe=One-Click` is the RFC 8058 one-click
//! request a mail client makes; `GET` only shows a page with a button that makes that POST,
//! since mail scanners follow links and must not unsubscribe anyone.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use uuid::Uuid;

/// The purpose the key is derived for (`TokenKeys::derived_key`).
const PURPOSE: &str = "unsubscribe";
/// How long a link in an e-mail keeps working: people act on old mail.
pub const TOKEN_LIFETIME: Duration = Duration::days(180);

/// What a token says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    #[serde(rename = "u")]
    pub user_id: Uuid,
    /// Notification kinds whose e-mail channel to turn off.
    #[serde(rename = "k")]
    pub kinds: Vec<String>,
    /// Expiry, Unix seconds.
    #[serde(rename = "e")]
    pub expires: i64,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the link is not valid")]
    Invalid,
    #[error("the link has expired")]
    Expired,
}

/// Signs and checks tokens with one key.
#[derive(Clone)]
pub struct Signer {
    key: [u8; 32],
}

impl Signer {
    pub fn from_token_keys(keys: &kakeibo_core::auth::TokenKeys) -> Self {
        Self {
            key: keys.derived_key(PURPOSE),
        }
    }

    /// The signer of a worker process: the same key the API derives, read from
    /// `auth.signing_key_file` once per process.
    pub fn from_settings(settings: &kakeibo_core::Settings) -> anyhow::Result<Self> {
        static KEYS: OnceLock<Mutex<HashMap<PathBuf, [u8; 32]>>> = OnceLock::new();
        let path: &Path = &settings.auth.signing_key_file;
        let mut keys = KEYS
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(key) = keys.get(path) {
            return Ok(Self { key: *key });
        }
        let token_keys =
            kakeibo_core::auth::TokenKeys::load_or_create(path, &settings.auth.issuer)?;
        let signer = Self::from_token_keys(&token_keys);
        keys.insert(path.to_path_buf(), signer.key);
        Ok(signer)
    }

    fn mac(&self) -> Hmac<Sha256> {
        Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes a key of any length")
    }

    pub fn sign(&self, user_id: Uuid, kinds: &[&str], now: DateTime<Utc>) -> String {
        let claims = Claims {
            user_id,
            kinds: kinds.iter().map(|k| k.to_string()).collect(),
            expires: (now + TOKEN_LIFETIME).timestamp(),
        };
        let payload =
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).expect("claims serialize"));
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        format!("{payload}.{signature}")
    }

    /// The claims of a token this key signed that has not expired at `now`.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<Claims, TokenError> {
        let (payload, signature) = token.split_once('.').ok_or(TokenError::Invalid)?;
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| TokenError::Invalid)?;
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        // Constant-time comparison.
        mac.verify_slice(&signature)
            .map_err(|_| TokenError::Invalid)?;
        let claims: Claims = URL_SAFE_NO_PAD
            .decode(payload)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .ok_or(TokenError::Invalid)?;
        if claims.kinds.is_empty() || !claims.kinds.iter().all(|k| crate::kinds::is_known(k)) {
            return Err(TokenError::Invalid);
        }
        if claims.expires <= now.timestamp() {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }
}

/// The link in an e-mail: `<public_url>/api/v1/unsubscribe?token=…`.
pub fn url(public_url: &str, token: &str) -> String {
    format!(
        "{}/api/v1/unsubscribe?token={token}",
        public_url.trim_end_matches('/')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer(byte: u8) -> Signer {
        Signer { key: [byte; 32] }
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn a_token_verifies_until_it_expires() {
        let user = Uuid::from_u128(7);
        let token = signer(1).sign(user, &["weekly_summary"], at("2026-12-07T07:00:00Z"));
        let claims = signer(1)
            .verify(&token, at("2027-05-01T00:00:00Z"))
            .unwrap();
        assert_eq!(claims.user_id, user);
        assert_eq!(claims.kinds, ["weekly_summary"]);
        assert_eq!(
            signer(1).verify(&token, at("2027-06-06T07:00:00Z")),
            Err(TokenError::Expired)
        );
    }

    #[test]
    fn another_key_or_a_changed_payload_is_refused() {
        let now = at("2026-12-07T07:00:00Z");
        let token = signer(1).sign(Uuid::from_u128(7), &["anomaly"], now);
        assert_eq!(signer(2).verify(&token, now), Err(TokenError::Invalid));
        let (_, signature) = token.split_once('.').unwrap();
        let forged_claims = Claims {
            user_id: Uuid::from_u128(8),
            kinds: vec!["anomaly".into()],
            expires: now.timestamp() + 100,
        };
        let forged = format!(
            "{}.{signature}",
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged_claims).unwrap())
        );
        assert_eq!(signer(1).verify(&forged, now), Err(TokenError::Invalid));
        assert_eq!(signer(1).verify("garbage", now), Err(TokenError::Invalid));
        assert_eq!(signer(1).verify("a.b", now), Err(TokenError::Invalid));
    }
}
