//! `KAKEIBO_<KEY>_FILE`: a secret setting read from a file, the way Docker and Kubernetes
//! hand secrets over (`/run/secrets/…`), so a secret need not sit in the environment, where
//! `docker inspect`, `kubectl describe` and `/proc/<pid>/environ` show it.
//!
//! Only the secret settings have a `_FILE` form: several ordinary settings already end in
//! `_file` (`auth.signing_key_file`, …) and name a file the app reads itself.

use figment::Figment;
use figment::providers::Serialized;

use crate::config::ConfigError;

/// The settings that may come from a file; each is a `SecretString` in `Settings`.
pub const SECRET_SETTINGS: &[&str] = &[
    "database.url",
    "database.replica_url",
    "email.smtp_url",
    "bank.plaid.secret",
    "bank.gocardless.secret_key",
    "llm.api_key",
    "telegram.bot_token",
    "telegram.webhook_secret",
];

/// `database.url` → `KAKEIBO_DATABASE__URL`.
fn variable(key: &str) -> String {
    format!("KAKEIBO_{}", key.replace('.', "__").to_uppercase())
}

/// The keys figment's `Env` provider sees for the `_FILE` variables (`database.url_file`):
/// they are not settings, so it must not report them as unknown.
pub fn env_keys() -> Vec<String> {
    SECRET_SETTINGS
        .iter()
        .map(|k| format!("{k}_file"))
        .collect()
}

/// Merges each secret whose `_FILE` variable is set, read from that file, over `figment`.
/// The plain variable and its `_FILE` form together are refused: which one wins would be a
/// guess. One trailing line break is dropped (editors and `echo` add one).
pub fn merge(mut figment: Figment) -> Result<Figment, ConfigError> {
    for key in SECRET_SETTINGS {
        let plain = variable(key);
        let file_var = format!("{plain}_FILE");
        let Some(path) = std::env::var_os(&file_var) else {
            continue;
        };
        if std::env::var_os(&plain).is_some() {
            return Err(ConfigError::Invalid(format!(
                "{key}: both {plain} and {file_var} are set; keep one"
            )));
        }
        let text = std::fs::read_to_string(&path).map_err(|e| {
            ConfigError::Invalid(format!(
                "{key}: cannot read {} (named by {file_var}): {e}",
                path.to_string_lossy()
            ))
        })?;
        let value = text
            .strip_suffix("\r\n")
            .or_else(|| text.strip_suffix('\n'))
            .unwrap_or(&text);
        if value.is_empty() {
            return Err(ConfigError::Invalid(format!(
                "{key}: {} (named by {file_var}) is empty",
                path.to_string_lossy()
            )));
        }
        figment = figment.merge(Serialized::default(key, value));
    }
    Ok(figment)
}

#[cfg(test)]
// figment's `Jail` closures return its own (large) error type.
#[allow(clippy::result_large_err)]
mod tests {
    use secrecy::ExposeSecret;

    use crate::config::Settings;

    #[test]
    fn a_secret_comes_from_the_file_its_variable_names() {
        figment::Jail::expect_with(|jail| {
            jail.clear_env();
            jail.create_file("db-url", "postgres://k:s3cret@db:5432/kakeibo\n")?;
            jail.create_file("token", "123:abc")?;
            jail.set_env("KAKEIBO_DATABASE__URL_FILE", "db-url");
            jail.set_env("KAKEIBO_TELEGRAM__BOT_TOKEN_FILE", "token");
            jail.set_env("KAKEIBO_TELEGRAM__BOT_USERNAME", "kakeibo_bot");
            let s = Settings::load(None).map_err(|e| e.to_string())?;
            assert_eq!(
                s.database.url.expose_secret(),
                "postgres://k:s3cret@db:5432/kakeibo",
                "the trailing newline is dropped"
            );
            assert_eq!(s.telegram.bot_token.expose_secret(), "123:abc");
            assert!(!format!("{s:?}").contains("s3cret"), "still redacted");
            Ok(())
        });
    }

    #[test]
    fn a_secret_file_over_the_config_file_and_validated_like_any_value() {
        figment::Jail::expect_with(|jail| {
            jail.clear_env();
            jail.create_file("k.toml", "[database]\nurl = \"postgres://a@b/c\"\n")?;
            jail.create_file("db-url", "mysql://x@y/z")?;
            jail.set_env("KAKEIBO_DATABASE__URL_FILE", "db-url");
            let err = Settings::load(Some(std::path::Path::new("k.toml")))
                .unwrap_err()
                .to_string();
            assert!(err.contains("postgres://"), "{err}");
            Ok(())
        });
    }

    #[test]
    fn missing_empty_or_doubled_secrets_are_refused_by_name() {
        figment::Jail::expect_with(|jail| {
            jail.clear_env();
            jail.set_env("KAKEIBO_LLM__API_KEY_FILE", "nowhere/key");
            let err = Settings::load(None).unwrap_err().to_string();
            assert!(
                err.contains("llm.api_key") && err.contains("nowhere/key"),
                "{err}"
            );

            jail.create_file("empty", "\n")?;
            jail.set_env("KAKEIBO_LLM__API_KEY_FILE", "empty");
            let err = Settings::load(None).unwrap_err().to_string();
            assert!(err.contains("is empty"), "{err}");

            jail.create_file("key", "sk-1")?;
            jail.set_env("KAKEIBO_LLM__API_KEY_FILE", "key");
            jail.set_env("KAKEIBO_LLM__API_KEY", "sk-2");
            let err = Settings::load(None).unwrap_err().to_string();
            assert!(err.contains("both KAKEIBO_LLM__API_KEY and"), "{err}");
            Ok(())
        });
    }

    #[test]
    fn ordinary_settings_ending_in_file_are_untouched() {
        figment::Jail::expect_with(|jail| {
            jail.clear_env();
            jail.set_env("KAKEIBO_AUTH__SIGNING_KEY_FILE", "/run/secrets/signing.pem");
            let s = Settings::load(None).map_err(|e| e.to_string())?;
            assert_eq!(
                s.auth.signing_key_file,
                std::path::PathBuf::from("/run/secrets/signing.pem")
            );
            // A `_FILE` form of a setting that is not a secret stays a typo.
            jail.set_env("KAKEIBO_SERVER__PUBLIC_URL_FILE", "url");
            assert!(Settings::load(None).is_err());
            Ok(())
        });
    }
}
