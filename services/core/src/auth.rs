//! Who is calling: the `AuthUser` extractor every service uses, and the signing keys of the
//! access tokens. Issuing tokens is the auth service's job; checking them is everyone's.
//!
//! Two kinds of bearer token are accepted: a 15-minute access JWT (EdDSA) tied to a login
//! session, checked against that session so a revoked session stops at once; and a personal
//! API token (`kkb_…`), looked up by its SHA-256.

use std::path::Path;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::AppState;
use crate::api_error::ApiError;

/// `aud` of access tokens, and of the short-lived token between a password and a 2FA code.
pub const ACCESS_AUDIENCE: &str = "kakeibo-api";
pub const CHALLENGE_AUDIENCE: &str = "kakeibo-2fa";
/// Personal API tokens start with this, so a leaked one is recognizable (secret scanners).
pub const API_TOKEN_PREFIX: &str = "kkb_";
/// Seconds of clock difference tolerated on `exp`, `nbf` and `iat`.
const LEEWAY_SECS: i64 = 5;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AccessClaims {
    pub iss: String,
    pub aud: String,
    pub sub: Uuid,
    pub exp: i64,
    pub iat: i64,
    pub nbf: i64,
    pub jti: Uuid,
    /// The login session this token belongs to.
    pub sid: Uuid,
}

/// The EdDSA key pair access tokens are signed with. Asymmetric, so a verifier holding only the
/// public key cannot mint tokens, and pinned to EdDSA, so no other algorithm is accepted.
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    pub issuer: String,
    /// Root of the symmetric keys derived for other purposes (see [`TokenKeys::derived_key`]).
    derivation_root: [u8; 32],
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot read or write the signing key {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the signing key {path} is not an Ed25519 PKCS#8 PEM key: {message}")]
    Invalid { path: String, message: String },
}

impl TokenKeys {
    pub fn from_signing_key(key: &SigningKey, issuer: &str) -> Self {
        let der = key
            .to_pkcs8_der()
            .expect("an Ed25519 key always encodes as PKCS#8");
        Self {
            encoding: EncodingKey::from_ed_der(der.as_bytes()),
            decoding: DecodingKey::from_ed_der(key.verifying_key().as_bytes()),
            issuer: issuer.to_string(),
            derivation_root: key.to_bytes(),
        }
    }

    /// A 32-byte key for `purpose` (an HMAC key, say), derived from the signing key with
    /// HMAC-SHA256 so one secret file serves every purpose and no two purposes share a key:
    /// an unsubscribe token can never pass as anything else.
    pub fn derived_key(&self, purpose: &str) -> [u8; 32] {
        use hmac::Mac;
        let mut mac = hmac::Hmac::<Sha256>::new_from_slice(&self.derivation_root)
            .expect("HMAC takes a key of any length");
        mac.update(b"kakeibo derived key v1\0");
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// Reads the PEM key at `path`, creating it (mode 600) on first start. Two processes
    /// starting at once agree on one key: only one link into place succeeds.
    pub fn load_or_create(path: &Path, issuer: &str) -> Result<Self, KeyError> {
        let io = |source| KeyError::Io {
            path: path.display().to_string(),
            source,
        };
        if !path.exists() {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(io)?;
            }
            let key = SigningKey::generate(&mut rand::rngs::OsRng);
            let pem = key
                .to_pkcs8_pem(Default::default())
                .expect("an Ed25519 key always encodes as PEM");
            match write_private(path, pem.as_bytes()) {
                Ok(()) => {
                    tracing::info!(path = %path.display(), "generated a new token signing key")
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(io(e)),
            }
        }
        let pem = std::fs::read_to_string(path).map_err(io)?;
        let key = SigningKey::from_pkcs8_pem(&pem).map_err(|e| KeyError::Invalid {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        Ok(Self::from_signing_key(&key, issuer))
    }

    /// The server key the audit log's pseudonyms are made with (`audit::pseudonym`): derived
    /// from the signing key at `path` (created when missing), so every install has a secret
    /// one without another file to keep; it never leaves the server.
    pub fn pseudonym_key(path: &Path, issuer: &str) -> Result<Vec<u8>, KeyError> {
        Self::load_or_create(path, issuer)?;
        let pem = std::fs::read(path).map_err(|source| KeyError::Io {
            path: path.display().to_string(),
            source,
        })?;
        use sha2::Digest;
        let mut hasher = sha2::Sha256::new();
        hasher.update(b"kakeibo audit pseudonym key\0");
        hasher.update(&pem);
        Ok(hasher.finalize().to_vec())
    }

    pub fn sign<C: Serialize>(&self, claims: &C) -> Result<String, ApiError> {
        jsonwebtoken::encode(&Header::new(Algorithm::EdDSA), claims, &self.encoding)
            .map_err(|e| ApiError::Internal(e.into()))
    }

    /// Checks signature (EdDSA only), `iss`, `aud`, `exp`, `nbf` and `iat`, and that `sub` and
    /// `jti` are present (they are fields of `C`).
    pub fn verify<C: DeserializeOwned + HasIssuedAt>(
        &self,
        token: &str,
        audience: &str,
    ) -> Result<C, ApiError> {
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["iss", "aud", "exp", "nbf", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECS as u64;
        let data = jsonwebtoken::decode::<C>(token, &self.decoding, &validation).map_err(|e| {
            let reason = match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => "the token has expired",
                jsonwebtoken::errors::ErrorKind::ImmatureSignature => "the token is not valid yet",
                jsonwebtoken::errors::ErrorKind::InvalidAudience => {
                    "the token is not meant for this use"
                }
                _ => "the token is invalid",
            };
            ApiError::unauthorized("invalid_token", reason)
        })?;
        // jsonwebtoken does not look at iat; a token issued in the future was not issued by us.
        if data.claims.issued_at() > chrono::Utc::now().timestamp() + LEEWAY_SECS {
            return Err(ApiError::unauthorized(
                "invalid_token",
                "the token is invalid",
            ));
        }
        Ok(data.claims)
    }
}

pub trait HasIssuedAt {
    fn issued_at(&self) -> i64;
}

impl HasIssuedAt for AccessClaims {
    fn issued_at(&self) -> i64 {
        self.iat
    }
}

#[cfg(unix)]
/// Writes the key whole under a temporary name, then links it into place: a process that
/// finds the file never reads it half-written (nextest runs test binaries side by side, and
/// one read a key another was still writing), and a second writer gets `AlreadyExists`.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(
        ".{}.{}.tmp",
        std::process::id(),
        rand::random::<u64>()
    ));
    let temporary = std::path::PathBuf::from(temporary);
    let written = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::hard_link(&temporary, path)
    })();
    let _ = std::fs::remove_file(&temporary);
    written
}

/// SHA-256 of a high-entropy secret (refresh, API, e-mail and recovery tokens). A slow hash
/// is for passwords; these have 128+ bits of entropy, so a fast one is enough.
pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Read,
    Write,
}

impl Scope {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "read" => Some(Self::Read),
            "write" => Some(Self::Write),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    Session { session_id: Uuid },
    ApiToken { token_id: Uuid, scopes: Vec<Scope> },
}

/// The authenticated caller. Every query a handler makes is scoped by `user_id`.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub user_id: Uuid,
    pub credential: Credential,
    pub email_verified: bool,
}

impl AuthUser {
    /// Account management (passwords, 2FA, tokens, sessions) needs a login session: a
    /// personal API token must not be able to mint more tokens or switch off 2FA.
    pub fn session_id(&self) -> Result<Uuid, ApiError> {
        match self.credential {
            Credential::Session { session_id } => Ok(session_id),
            Credential::ApiToken { .. } => Err(ApiError::forbidden(
                "session_required",
                "this needs a login session, not an API token",
            )),
        }
    }

    pub fn require_verified_email(&self) -> Result<(), ApiError> {
        if self.email_verified {
            Ok(())
        } else {
            Err(ApiError::forbidden(
                "email_not_verified",
                "verify your email address first (see the link we sent you)",
            ))
        }
    }
}

impl<S> FromRequestParts<S> for AuthUser
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let needs = if parts.method.is_safe() {
            Scope::Read
        } else {
            Scope::Write
        };
        let user = authenticate(parts, &AppState::from_ref(state), needs).await?;
        // Who writes: their next reads wait for the replica to have this write.
        if let Some(mark) = parts.extensions.get::<crate::replica::WriteMark>() {
            let _ = mark.0.set(user.user_id);
        }
        Ok(user)
    }
}

/// A caller of an endpoint that only reads, whatever its HTTP method (the MCP server takes
/// JSON-RPC over POST, yet offers read tools only): an API token needs the `read` scope.
#[derive(Debug, Clone)]
pub struct ReadAccess(pub AuthUser);

impl<S> FromRequestParts<S> for ReadAccess
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        authenticate(parts, &AppState::from_ref(state), Scope::Read)
            .await
            .map(Self)
    }
}

async fn authenticate(parts: &Parts, state: &AppState, needs: Scope) -> Result<AuthUser, ApiError> {
    let user = authenticate_token(parts, state, needs).await?;
    crate::telemetry::record_user(user.user_id);
    Ok(user)
}

async fn authenticate_token(
    parts: &Parts,
    state: &AppState,
    needs: Scope,
) -> Result<AuthUser, ApiError> {
    let token = bearer_token(parts)?;
    if token.starts_with(API_TOKEN_PREFIX) {
        return api_token_user(state, token, needs).await;
    }
    let claims: AccessClaims = state.token_keys.verify(token, ACCESS_AUDIENCE)?;
    let email_verified: Option<bool> =
        sqlx::query_scalar("SELECT email_verified FROM auth_live_session($1, $2)")
            .bind(claims.sid)
            .bind(claims.sub)
            .fetch_optional(&state.db)
            .await?;
    let email_verified = email_verified.ok_or_else(|| {
        ApiError::unauthorized("session_revoked", "this session has ended; log in again")
    })?;
    Ok(AuthUser {
        user_id: claims.sub,
        credential: Credential::Session {
            session_id: claims.sid,
        },
        email_verified,
    })
}

fn bearer_token(parts: &Parts) -> Result<&str, ApiError> {
    let value = parts
        .headers
        .get(header::AUTHORIZATION)
        .ok_or_else(|| ApiError::unauthorized("missing_token", "log in first"))?;
    value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ApiError::unauthorized("invalid_token", "send `Authorization: Bearer <token>`")
        })
}

async fn api_token_user(state: &AppState, token: &str, needs: Scope) -> Result<AuthUser, ApiError> {
    let row: Option<(Uuid, Uuid, Vec<String>, bool)> = sqlx::query_as(
        "SELECT token_id, user_id, scopes, email_verified FROM auth_use_api_token($1)",
    )
    .bind(token_hash(token))
    .fetch_optional(&state.db)
    .await?;
    let (token_id, user_id, scopes, email_verified) = row.ok_or_else(|| {
        ApiError::unauthorized("invalid_token", "this API token is unknown or revoked")
    })?;
    let scopes: Vec<Scope> = scopes.iter().filter_map(|s| Scope::parse(s)).collect();
    if !scopes.contains(&needs) {
        return Err(ApiError::forbidden(
            "insufficient_scope",
            format!("this API token lacks the `{}` scope", needs.as_str()),
        ));
    }
    Ok(AuthUser {
        user_id,
        credential: Credential::ApiToken { token_id, scopes },
        email_verified,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Claims {
        sub: &'static str,
    }

    #[test]
    fn processes_starting_at_once_all_read_the_one_whole_key() {
        let dir = std::env::temp_dir().join(format!("kakeibo-key-race-{}", rand::random::<u64>()));
        let path = dir.join("keys/signing.pem");
        let keys: Vec<TokenKeys> = std::thread::scope(|scope| {
            let starts: Vec<_> = (0..16)
                .map(|_| scope.spawn(|| TokenKeys::load_or_create(&path, "kakeibo")))
                .collect();
            starts
                .into_iter()
                .map(|start| {
                    start
                        .join()
                        .expect("no panic")
                        .expect("every start reads the key")
                })
                .collect()
        });
        // EdDSA signatures are deterministic: one key signs the same claims the same way.
        let signatures: std::collections::HashSet<String> = keys
            .iter()
            .map(|k| k.sign(&Claims { sub: "u" }).expect("signs"))
            .collect();
        assert_eq!(signatures.len(), 1, "all starts agree on one key");
        let left: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            left,
            [std::ffi::OsString::from("signing.pem")],
            "no temporary file stays"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
