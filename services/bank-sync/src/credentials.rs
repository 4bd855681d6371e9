//! Provider credentials at rest: AES-256-GCM under a named key. The keyring file holds one
//! `key-id base64-key` per line; the last line seals new data, older lines still open what
//! they sealed until `kakeibo rotate-key` has moved everything to a new key.
//!
//! The associated data binds a ciphertext to its user and connection, so a sealed blob
//! copied onto another row (another user's) does not open.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore as _;
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

const NONCE_LEN: usize = 12;

#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    #[error("credential keys file {path}: {message}")]
    KeyFile { path: String, message: String },
    #[error(
        "credentials sealed under key {0:?}, which is not in the keyring (restore the keys file)"
    )]
    UnknownKey(String),
    #[error("stored credentials do not open: damaged, or not this connection's")]
    Damaged,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

pub struct Keyring {
    path: PathBuf,
    /// In file order; the last one is current.
    keys: Vec<(String, Aes256Gcm)>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.keys.iter().map(|(id, _)| id.as_str()).collect();
        f.debug_struct("Keyring")
            .field("path", &self.path)
            .field("key_ids", &ids)
            .finish()
    }
}

impl Keyring {
    /// Reads the keyring, creating it with one fresh key the first time.
    pub fn load_or_create(path: &Path) -> Result<Self, CredentialError> {
        if !path.exists() {
            write_keys_file(path, &format!("{}\n", new_key_line()))
                .map_err(|e| key_file_error(path, e.to_string()))?;
            tracing::info!(path = %path.display(), "generated a credential encryption key");
        }
        Self::load(path)
    }

    pub fn load(path: &Path) -> Result<Self, CredentialError> {
        let text =
            std::fs::read_to_string(path).map_err(|e| key_file_error(path, e.to_string()))?;
        let mut keys = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |what: &str| key_file_error(path, format!("line {}: {what}", n + 1));
            let (id, encoded) = line
                .split_once(' ')
                .ok_or_else(|| bad("expected `key-id base64-key`"))?;
            let bytes = STANDARD
                .decode(encoded.trim())
                .map_err(|_| bad("the key is not base64"))?;
            let cipher =
                Aes256Gcm::new_from_slice(&bytes).map_err(|_| bad("the key is not 32 bytes"))?;
            keys.push((id.to_string(), cipher));
        }
        if keys.is_empty() {
            return Err(key_file_error(path, "holds no key".into()));
        }
        Ok(Self {
            path: path.to_path_buf(),
            keys,
        })
    }

    pub fn current_key_id(&self) -> &str {
        &self.keys.last().expect("a keyring has at least one key").0
    }

    /// Seals under the current key; the result is nonce ‖ ciphertext ‖ tag.
    pub fn seal(&self, value: &Value, aad: &Aad) -> (String, Vec<u8>) {
        let (id, cipher) = self.keys.last().expect("a keyring has at least one key");
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let plaintext = serde_json::to_vec(value).expect("JSON values serialize");
        let sealed = cipher
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: &plaintext,
                    aad: aad.0.as_bytes(),
                },
            )
            .expect("AES-GCM sealing cannot fail for messages this small");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        (id.clone(), out)
    }

    pub fn open(&self, key_id: &str, sealed: &[u8], aad: &Aad) -> Result<Value, CredentialError> {
        let (_, cipher) = self
            .keys
            .iter()
            .find(|(id, _)| id == key_id)
            .ok_or_else(|| CredentialError::UnknownKey(key_id.to_string()))?;
        if sealed.len() < NONCE_LEN {
            return Err(CredentialError::Damaged);
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| CredentialError::Damaged)?;
        let plaintext = cipher
            .decrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: body,
                    aad: aad.0.as_bytes(),
                },
            )
            .map_err(|_| CredentialError::Damaged)?;
        serde_json::from_slice(&plaintext).map_err(|_| CredentialError::Damaged)
    }
}

/// What a sealed value is bound to.
pub struct Aad(String);

impl Aad {
    pub fn connection(user_id: Uuid, connection_id: Uuid) -> Self {
        Self(format!(
            "kakeibo/bank_connections/{user_id}/{connection_id}"
        ))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RotateReport {
    pub new_key_id: String,
    pub resealed: usize,
}

/// Adds a new key to the keyring file and reseals every stored credential under it, in one
/// transaction. Old keys stay in the file (a backup taken before may still need them); once
/// backups made before the rotation have expired, their lines can be deleted.
pub async fn rotate_key(db: &PgPool, path: &Path) -> Result<RotateReport, CredentialError> {
    let old = Keyring::load_or_create(path)?;
    let line = new_key_line();
    let mut text =
        std::fs::read_to_string(path).map_err(|e| key_file_error(path, e.to_string()))?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&line);
    text.push('\n');
    // The database is resealed first, under a keyring that already has the new key; the
    // file is replaced only if that commits, so a failure leaves both as they were.
    let staged = path.with_extension("new");
    let _ = std::fs::remove_file(&staged);
    write_keys_file(&staged, &text).map_err(|e| key_file_error(&staged, e.to_string()))?;
    let new = Keyring::load(&staged)?;

    let mut tx = db.begin().await?;
    let rows: Vec<(Uuid, Uuid, Vec<u8>, String)> = sqlx::query_as(
        "SELECT id, user_id, credentials, credentials_key_id FROM bank_connections
         WHERE credentials IS NOT NULL FOR UPDATE",
    )
    .fetch_all(&mut *tx)
    .await?;
    for (id, user_id, sealed, key_id) in &rows {
        let aad = Aad::connection(*user_id, *id);
        let value = old.open(key_id, sealed, &aad)?;
        let (new_id, resealed) = new.seal(&value, &aad);
        sqlx::query(
            "UPDATE bank_connections SET credentials = $2, credentials_key_id = $3 WHERE id = $1",
        )
        .bind(id)
        .bind(resealed)
        .bind(new_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    std::fs::rename(&staged, path).map_err(|e| key_file_error(path, e.to_string()))?;
    Ok(RotateReport {
        new_key_id: new.current_key_id().to_string(),
        resealed: rows.len(),
    })
}

fn new_key_line() -> String {
    let mut key = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut key);
    let id = format!(
        "k{}-{}",
        chrono::Utc::now().format("%Y%m%d%H%M%S"),
        &Uuid::new_v4().simple().to_string()[..6]
    );
    format!("{id} {}", STANDARD.encode(key))
}

fn write_keys_file(path: &Path, text: &str) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

fn key_file_error(path: &Path, message: String) -> CredentialError {
    CredentialError::KeyFile {
        path: path.display().to_string(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyring_in(dir: &Path) -> Keyring {
        Keyring::load_or_create(&dir.join("keys")).unwrap()
    }

    #[test]
    fn sealed_credentials_open_only_for_their_own_connection() {
        let dir = std::env::temp_dir().join(format!("kakeibo-keys-{}", Uuid::new_v4()));
        let keyring = keyring_in(&dir);
        let (user, connection) = (Uuid::new_v4(), Uuid::new_v4());
        let value = serde_json::json!({"access_token": "access-sandbox-123"});
        let (key_id, sealed) = keyring.seal(&value, &Aad::connection(user, connection));
        assert!(!String::from_utf8_lossy(&sealed).contains("access-sandbox"));
        assert_eq!(
            keyring
                .open(&key_id, &sealed, &Aad::connection(user, connection))
                .unwrap(),
            value
        );
        let elsewhere = Aad::connection(Uuid::new_v4(), connection);
        assert!(matches!(
            keyring.open(&key_id, &sealed, &elsewhere),
            Err(CredentialError::Damaged)
        ));
        let mut tampered = sealed.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert!(matches!(
            keyring.open(&key_id, &tampered, &Aad::connection(user, connection)),
            Err(CredentialError::Damaged)
        ));
        assert!(matches!(
            keyring.open("k-unknown", &sealed, &Aad::connection(user, connection)),
            Err(CredentialError::UnknownKey(_))
        ));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_damaged_keys_file_names_the_line() {
        let dir = std::env::temp_dir().join(format!("kakeibo-keys-{}", Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("keys");
        std::fs::write(&path, "k1 AAAA\n").unwrap();
        let error = Keyring::load(&path).unwrap_err().to_string();
        assert!(error.contains("line 1: the key is not 32 bytes"), "{error}");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
