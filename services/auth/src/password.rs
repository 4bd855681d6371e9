//! Passwords: argon2id at OWASP's minimum cost (m = 19 MiB, t = 2, p = 1) and the rules a new
//! password must meet. Hashing runs on the blocking pool: it takes tens of milliseconds.

use std::sync::LazyLock;

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use kakeibo_core::FieldError;

const MEMORY_KIB: u32 = 19 * 1024;
const ITERATIONS: u32 = 2;
const PARALLELISM: u32 = 1;

pub const MIN_LENGTH: usize = 10;
/// Long enough for any passphrase; short enough that hashing stays cheap.
pub const MAX_LENGTH: usize = 128;

fn argon2() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)
        .expect("OWASP's argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A hash of a random password, verified against when the e-mail is unknown, so a login
/// takes the same time whether or not the account exists.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_blocking(&uuid::Uuid::new_v4().to_string()).expect("hashing works"));

fn hash_blocking(password: &str) -> anyhow::Result<String> {
    let hash = argon2()
        .hash_password(password.as_bytes())
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))?;
    Ok(hash.to_string())
}

pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password)).await?
}

/// Checks `password` against `stored`, or against a dummy hash when there is no account.
pub async fn verify(password: String, stored: Option<String>) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || {
        let exists = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let ok = argon2()
            .verify_password(password.as_bytes(), stored.as_str())
            .is_ok();
        exists && ok
    })
    .await
    .map_err(Into::into)
}

/// Warms the dummy hash so the first unknown-email login is not slower than the others.
pub fn warm_up() {
    LazyLock::force(&DUMMY_HASH);
}

/// Common passwords that meet the length rule; checked case-insensitively.
const COMMON: &[&str] = &[
    "1234567890",
    "12345678910",
    "123456789a",
    "0123456789",
    "1q2w3e4r5t",
    "qwertyuiop",
    "1qaz2wsx3edc",
    "password1",
    "password12",
    "password123",
    "password1234",
    "passw0rd123",
    "iloveyou123",
    "qwerty12345",
    "qwerty123456",
    "abcdefghij",
    "abcd123456",
    "football123",
    "baseball123",
    "welcome123",
    "letmein123",
    "sunshine123",
    "princess123",
    "superman123",
    "monkey12345",
    "dragon12345",
    "master12345",
    "trustno1234",
    "changeme123",
    "kakeibo123",
    "administrator",
    "aaaaaaaaaa",
    "zaq12wsxcde",
    "asdfghjkl1",
    "1234qwerty",
    "qwertyuiop1",
];

/// The rules (NIST SP 800-63B style: length and a deny list, no composition rules).
pub fn check_strength(password: &str, email: &str) -> Result<(), FieldError> {
    let length = password.chars().count();
    let problem = if length < MIN_LENGTH {
        Some(format!("use at least {MIN_LENGTH} characters"))
    } else if length > MAX_LENGTH {
        Some(format!("use at most {MAX_LENGTH} characters"))
    } else if password.chars().any(char::is_control) {
        Some("control characters are not allowed".into())
    } else if COMMON.contains(&password.to_lowercase().as_str()) {
        Some("this password is too common".into())
    } else if distinct_chars(password) < 5 {
        Some("use more different characters".into())
    } else if contains_email_name(password, email) {
        Some("do not use your e-mail address in the password".into())
    } else {
        None
    };
    problem.map_or(Ok(()), |message| Err(FieldError::new("password", message)))
}

fn distinct_chars(s: &str) -> usize {
    let mut chars: Vec<char> = s.chars().collect();
    chars.sort_unstable();
    chars.dedup();
    chars.len()
}

fn contains_email_name(password: &str, email: &str) -> bool {
    let local = email.split('@').next().unwrap_or("");
    local.chars().count() >= 4 && password.to_lowercase().contains(local)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        let email = "alice.smith@example.com";
        assert!(check_strength("correct horse battery", email).is_ok());
        assert!(check_strength("short", email).is_err());
        assert!(check_strength("Password123", email).is_err());
        assert!(check_strength("aaaaabbbbbbb", email).is_err());
        assert!(check_strength("my alice.smith pass", email).is_err());
        assert!(check_strength(&"x1y2z3w4v5".repeat(13), email).is_err());
    }

    #[tokio::test]
    async fn hashes_verify_and_carry_owasp_parameters() {
        let hash = hash("correct horse battery".into()).await.unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(
            verify("correct horse battery".into(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !verify("wrong horse battery".into(), Some(hash))
                .await
                .unwrap()
        );
        assert!(!verify("anything at all".into(), None).await.unwrap());
    }
}
