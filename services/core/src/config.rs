//! Settings in layers: built-in defaults, then a TOML file, then `KAKEIBO_*` environment
//! variables (`__` separates sections: `KAKEIBO_DATABASE__URL`), then [`Settings::validate`].

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use rust_decimal::Decimal;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::secret_files;

const ENV_PREFIX: &str = "KAKEIBO_";
const ENV_SPLIT: &str = "__";
/// `KAKEIBO_*` variables that are not settings: the CLI's `KAKEIBO_CONFIG` and the
/// variables of `deploy/local`. Any other unknown `KAKEIBO_*` variable is an error (a typo).
const NOT_SETTINGS: &[&str] = &["config", "pg_port", "pg_major", "src_suite"];

/// The file read when no `--config` is given and it exists.
pub const DEFAULT_CONFIG_FILE: &str = "kakeibo.toml";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub log: LogSettings,
    pub telemetry: TelemetrySettings,
    pub worker: WorkerSettings,
    pub retention: RetentionSettings,
    pub privacy: PrivacySettings,
    pub auth: AuthSettings,
    pub email: EmailSettings,
    pub bank: BankSettings,
    pub llm: LlmSettings,
    pub categorizer: CategorizerSettings,
    pub telegram: TelegramSettings,
    /// Where local models live (`all-MiniLM-L6-v2/` inside it).
    pub models_dir: PathBuf,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    pub host: IpAddr,
    pub port: u16,
    /// Seconds in-flight requests get to finish after a shutdown signal.
    pub shutdown_grace_secs: u64,
    /// Where users reach Kakeibo; links in emails point here.
    pub public_url: String,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted reverse proxy).
    pub trust_proxy_headers: bool,
    /// Serve the dashboard from this folder (a `next build` export) instead of the build in
    /// the binary: for working on the dashboard.
    pub dashboard_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    /// `postgres://user:password@host:port/db`. Redacted in `Debug`.
    #[serde(serialize_with = "expose")]
    pub url: SecretString,
    /// A streaming replica of `url` (`postgres://…`), or empty. When set, reports, exports
    /// and the ask engine read there, except a user's reads right after their own write
    /// until the replica has replayed it. Redacted in `Debug`.
    #[serde(serialize_with = "expose")]
    pub replica_url: SecretString,
    pub max_connections: u32,
    pub acquire_timeout_secs: u64,
    /// Run pending migrations when `serve`, `worker` or `all` start.
    pub migrate_on_start: bool,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    pub format: LogFormat,
    /// An `EnvFilter` directive, e.g. `info,kakeibo=debug`. `RUST_LOG` wins when set.
    pub filter: String,
}

/// OpenTelemetry traces over OTLP/HTTP (protobuf). Off while `otlp_endpoint` is empty.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TelemetrySettings {
    /// The collector's OTLP/HTTP root (`http://collector:4318`); `/v1/traces` is added
    /// unless the URL already ends with it. Empty: no traces are exported.
    pub otlp_endpoint: String,
    /// `service.name` of the exported spans (one per role is handy: `kakeibo-worker`).
    pub service_name: String,
    /// Share of new traces kept (0–1); a request's trace is kept or dropped whole.
    pub sample_ratio: f64,
    /// A `kakeibo worker` process serves `/metrics` and `/health` on this port (on
    /// `server.host`), since its jobs' counters live in its own memory. Unset: it serves
    /// nothing. Roles that run the API show their jobs on the API's `/metrics`.
    pub worker_metrics_port: Option<u16>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WorkerSettings {
    /// Jobs one worker process runs at once, per queue.
    pub concurrency: usize,
    /// Six-field cron (seconds first) for the retention sweep.
    pub retention_cron: String,
    /// Six-field cron (seconds first, UTC) for the daily refresh of every user's recurring
    /// payments and insights: a payment that stops coming is flagged missed without waiting
    /// for the user's next transaction.
    pub insights_refresh_cron: String,
    /// Six-field cron (seconds first) of the tick that puts due weekly summaries in the
    /// outbox; each user's own day and hour decide who is due. Empty: this process runs no
    /// such tick (another one does).
    pub weekly_summary_cron: String,
    /// How often a worker proves it is alive (and writes back finished jobs' status).
    pub heartbeat_secs: u64,
}

/// Workers also look for new jobs at this pace (apalis-postgres polls on its heartbeat), so
/// it bounds how long a queued e-mail waits.
pub const DEFAULT_HEARTBEAT_SECS: u64 = 5;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacySettings {
    /// Days between a user's request to delete their account and its erasure; logging in
    /// meanwhile cancels. 0 erases at once.
    pub erasure_grace_days: u32,
    /// Where data exports (zips) are written until they expire.
    pub exports_dir: PathBuf,
    /// Days an export can be downloaded once ready; the retention sweep then deletes it.
    pub export_expiry_days: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionSettings {
    /// Audit-log chunks older than this are dropped. 0 keeps them forever.
    pub audit_log_days: u32,
    /// Notifications (the feed and their deliveries) older than this are deleted, read or
    /// not; rows still waiting to be delivered never are. 0 keeps them forever.
    pub notifications_days: u32,
    /// Days an ask conversation is kept after its last question. 0 keeps them forever.
    pub ask_conversations_days: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AuthSettings {
    /// `iss` of the tokens Kakeibo signs.
    pub issuer: String,
    /// Ed25519 key (PKCS#8 PEM) access tokens are signed with; created on first start.
    pub signing_key_file: PathBuf,
    pub access_token_ttl_secs: u64,
    /// A session ends after this many days without a refresh.
    pub session_idle_days: u32,
    /// `Secure` attribute of the refresh-token cookie. Only turn off for plain-HTTP hosts
    /// other than localhost (browsers treat localhost as secure).
    pub secure_cookies: bool,
    pub email_token_ttl_hours: u32,
    pub password_reset_ttl_minutes: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EmailSettings {
    /// `From:` of every message.
    pub from: String,
    /// `smtp://user:pass@host:587` (STARTTLS), `smtps://…:465` (TLS). Empty: messages are
    /// written to `outbox_dir` as .eml files instead. Redacted in `Debug`.
    #[serde(serialize_with = "expose")]
    pub smtp_url: SecretString,
    pub outbox_dir: PathBuf,
    /// Seconds one SMTP attempt (connecting and handing over one message) may take before it
    /// counts as failed (and is retried later).
    pub smtp_timeout_secs: u64,
    /// DKIM: the private key (RSA PKCS#1 PEM, or an Ed25519 seed in base64). Empty: unsigned.
    pub dkim_key_file: Option<PathBuf>,
    /// DKIM: the selector published in DNS (`<selector>._domainkey.<domain>`).
    pub dkim_selector: String,
    /// DKIM: the signing domain (`d=`), normally the domain of `from`.
    pub dkim_domain: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BankSettings {
    /// Hours between scheduled syncs of each connection.
    pub sync_interval_hours: u32,
    /// AES-256-GCM keys sealing provider credentials: one `key-id base64-key` per line, the
    /// last line seals new data. Created on first use; `kakeibo rotate-key` appends a key.
    pub credential_keys_file: PathBuf,
    pub plaid: PlaidSettings,
    pub gocardless: GoCardlessSettings,
    pub simplefin: SimpleFinSettings,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlaidSettings {
    /// `https://sandbox.plaid.com` or `https://production.plaid.com`.
    pub base_url: String,
    /// Empty: Plaid is not offered.
    pub client_id: String,
    #[serde(serialize_with = "expose")]
    pub secret: SecretString,
    /// Countries Link offers banks from (ISO 3166-1 alpha-2).
    pub country_codes: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GoCardlessSettings {
    /// Bank Account Data API root, ending in `/api/v2`.
    pub base_url: String,
    /// Empty: GoCardless is not offered.
    pub secret_id: String,
    #[serde(serialize_with = "expose")]
    pub secret_key: SecretString,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SimpleFinSettings {
    pub enabled: bool,
    /// Hosts a setup token may point at. A setup token is a URL the person pastes; without
    /// this list it could make the server call any address (SSRF).
    pub allowed_hosts: Vec<String>,
}

/// An OpenAI-compatible model server (OpenAI, Ollama, vLLM, llama.cpp). Nothing set: no
/// LLM is used; the local embedder and the offline categorizer do the work.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CategorizerSettings {
    /// The calibrated probability below which the categorizer writes no category and leaves
    /// its suggestions for review (0 to 1). The default is chosen from the evaluation.
    pub confidence_threshold: f32,
}

/// Chosen from `kakeibo eval categorizer` (docs/decisions.md, "The categorizer abstains").
pub const DEFAULT_CONFIDENCE_THRESHOLD: f32 = 0.8;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LlmSettings {
    /// API root including the version, e.g. `https://api.openai.com/v1` or
    /// `http://localhost:11434/v1`. Empty: no LLM.
    pub base_url: String,
    /// Sent as a bearer token; local servers usually want none. Redacted in `Debug`.
    #[serde(serialize_with = "expose")]
    pub api_key: SecretString,
    /// Empty: no LLM step in categorization and no tool calling in the ask engine.
    pub chat_model: String,
    /// Empty: the local embedder is used. The model must give 384 dimensions (OpenAI's
    /// text-embedding-3 models take `dimensions: 384`).
    pub embedding_model: String,
    /// Seconds one HTTP attempt may take.
    pub timeout_secs: u64,
    /// Seconds one call may take in all, retries and waits included.
    pub deadline_secs: u64,
    /// Further attempts after a 429, a 5xx, a timeout or a refused connection.
    pub max_retries: u32,
    /// Days a cached answer is reused; the retention sweep deletes older ones (0: none is
    /// reused, so the sweep deletes them all).
    pub cache_days: u32,
    /// Rounds of tool calls the ask engine allows a model; the last is a forced text answer.
    pub ask_rounds: u32,
    /// Seconds the ask engine waits for a model's answer, all rounds included, before the
    /// offline engine answers instead.
    pub ask_deadline_secs: u64,
    /// USD per million tokens by model name, for the `llm_cost_usd_total` metric. A model
    /// without an entry counts tokens but no cost.
    pub prices: BTreeMap<String, ModelPrice>,
    /// Whether sending a user's data to the chat model needs that user's consent: `auto`
    /// (only when `base_url` is not on this machine), `required` (say, a local proxy that
    /// forwards to a hosted API) or `not_required`.
    pub consent: LlmConsentPolicy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LlmConsentPolicy {
    #[default]
    Auto,
    Required,
    NotRequired,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ModelPrice {
    pub prompt_per_million: Decimal,
    pub completion_per_million: Decimal,
}

impl LlmSettings {
    /// A chat model is configured.
    pub fn chat_enabled(&self) -> bool {
        !self.base_url.is_empty() && !self.chat_model.is_empty()
    }

    /// A remote embedding model is configured.
    pub fn embeddings_enabled(&self) -> bool {
        !self.base_url.is_empty() && !self.embedding_model.is_empty()
    }

    /// A user's data goes to the chat model only with their consent (issue 23): the model
    /// runs off this machine, by `consent` or, with `auto`, by `base_url`'s host.
    pub fn needs_consent(&self) -> bool {
        match self.consent {
            LlmConsentPolicy::Required => true,
            LlmConsentPolicy::NotRequired => false,
            LlmConsentPolicy::Auto => !is_loopback_url(&self.base_url),
        }
    }
}

/// `localhost`, 127.0.0.0/8 or `::1`. Anything else, a LAN address included, leaves the
/// machine; a URL that does not parse is treated as leaving it.
pub fn is_loopback_url(base_url: &str) -> bool {
    match url::Url::parse(base_url)
        .ok()
        .and_then(|u| u.host().map(|h| h.to_owned()))
    {
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// How the bot hears from Telegram.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum TelegramMode {
    /// The bot asks Telegram for updates (`getUpdates`): no public URL needed.
    Polling,
    /// Telegram posts updates to `<server.public_url>/api/v1/telegram/webhook`.
    Webhook,
}

/// The Telegram bot. No token: no bot, and alerts go to the other channels only.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TelegramSettings {
    /// From @BotFather. Redacted in `Debug`.
    #[serde(serialize_with = "expose")]
    pub bot_token: SecretString,
    /// The Bot API root, without a trailing slash (a local Bot API server, or a test's fake).
    pub api_url: String,
    pub mode: TelegramMode,
    /// Telegram sends it in `X-Telegram-Bot-Api-Secret-Token` with each webhook call; 1 to
    /// 256 of `A-Z a-z 0-9 _ -`. Required in webhook mode. Redacted in `Debug`.
    #[serde(serialize_with = "expose")]
    pub webhook_secret: SecretString,
    /// The bot's @username without the @, for `https://t.me/<bot_username>?start=<code>`.
    pub bot_username: String,
    /// Messages one chat may send the bot per minute; past it the chat is told to slow
    /// down once and the rest of the minute is ignored.
    pub messages_per_minute: u32,
}

impl TelegramSettings {
    /// A bot token is configured.
    pub fn enabled(&self) -> bool {
        !self.bot_token.expose_secret().is_empty()
    }
}

fn expose<S: serde::Serializer>(secret: &SecretString, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(secret.expose_secret())
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            server: ServerSettings {
                host: IpAddr::from([127, 0, 0, 1]),
                port: 8080,
                shutdown_grace_secs: 10,
                public_url: "http://localhost:8080".into(),
                trust_proxy_headers: false,
                dashboard_dir: None,
            },
            database: DatabaseSettings {
                url: SecretString::from("postgres://kakeibo@127.0.0.1:55432/kakeibo"),
                replica_url: SecretString::from(String::new()),
                max_connections: 20,
                acquire_timeout_secs: 5,
                migrate_on_start: true,
            },
            log: LogSettings {
                format: LogFormat::Pretty,
                filter: "info,sqlx=warn,tower_http=info".into(),
            },
            telemetry: TelemetrySettings {
                otlp_endpoint: String::new(),
                service_name: "kakeibo".into(),
                sample_ratio: 1.0,
                worker_metrics_port: None,
            },
            worker: WorkerSettings {
                concurrency: 4,
                retention_cron: "0 17 3 * * *".into(),
                insights_refresh_cron: "0 30 4 * * *".into(),
                weekly_summary_cron: "0 * * * * *".into(),
                heartbeat_secs: DEFAULT_HEARTBEAT_SECS,
            },
            retention: RetentionSettings {
                audit_log_days: 730,
                notifications_days: 365,
                ask_conversations_days: 30,
            },
            privacy: PrivacySettings {
                erasure_grace_days: 7,
                exports_dir: PathBuf::from(".data/exports"),
                export_expiry_days: 7,
            },
            auth: AuthSettings {
                issuer: "kakeibo".into(),
                signing_key_file: PathBuf::from(".data/keys/token-signing-ed25519.pem"),
                access_token_ttl_secs: 15 * 60,
                session_idle_days: 30,
                secure_cookies: true,
                email_token_ttl_hours: 48,
                password_reset_ttl_minutes: 30,
            },
            email: EmailSettings {
                from: "Kakeibo <kakeibo@localhost>".into(),
                smtp_url: SecretString::from(""),
                outbox_dir: PathBuf::from(".data/outbox"),
                smtp_timeout_secs: 30,
                dkim_key_file: None,
                dkim_selector: String::new(),
                dkim_domain: String::new(),
            },
            bank: BankSettings {
                sync_interval_hours: 6,
                credential_keys_file: PathBuf::from(".data/keys/credentials.keys"),
                plaid: PlaidSettings {
                    base_url: "https://production.plaid.com".into(),
                    client_id: String::new(),
                    secret: SecretString::from(""),
                    country_codes: vec!["US".into(), "CA".into(), "GB".into()],
                },
                gocardless: GoCardlessSettings {
                    base_url: "https://bankaccountdata.gocardless.com/api/v2".into(),
                    secret_id: String::new(),
                    secret_key: SecretString::from(""),
                },
                simplefin: SimpleFinSettings {
                    enabled: true,
                    allowed_hosts: vec![
                        "bridge.simplefin.org".into(),
                        "beta-bridge.simplefin.org".into(),
                    ],
                },
            },
            llm: LlmSettings {
                base_url: String::new(),
                api_key: SecretString::from(""),
                chat_model: String::new(),
                embedding_model: String::new(),
                timeout_secs: 30,
                deadline_secs: 90,
                max_retries: 2,
                cache_days: 30,
                ask_rounds: 4,
                ask_deadline_secs: 20,
                prices: BTreeMap::new(),
                consent: LlmConsentPolicy::Auto,
            },
            categorizer: CategorizerSettings {
                confidence_threshold: DEFAULT_CONFIDENCE_THRESHOLD,
            },
            telegram: TelegramSettings {
                bot_token: SecretString::from(""),
                api_url: "https://api.telegram.org".into(),
                mode: TelegramMode::Polling,
                webhook_secret: SecretString::from(""),
                bot_username: String::new(),
                messages_per_minute: 20,
            },
            models_dir: PathBuf::from(".data/models"),
        }
    }
}

/// A configuration problem, worded for the person who has to fix it.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("invalid configuration: {0} (fix the value, see the README's configuration reference)")]
    Invalid(String),
    #[error("config file {0} does not exist (fix: pass an existing file to --config)")]
    MissingFile(PathBuf),
}

impl Settings {
    /// Defaults, then `file` (or `kakeibo.toml` if present), then the environment.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        Self::figment(file)?.extract_and_validate()
    }

    pub fn figment(file: Option<&Path>) -> Result<Figment, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        match file {
            Some(path) if !path.exists() => return Err(ConfigError::MissingFile(path.into())),
            Some(path) => figment = figment.merge(Toml::file_exact(path)),
            None if Path::new(DEFAULT_CONFIG_FILE).exists() => {
                figment = figment.merge(Toml::file_exact(DEFAULT_CONFIG_FILE));
            }
            None => {}
        }
        let file_keys = secret_files::env_keys();
        let file_keys: Vec<&str> = file_keys.iter().map(String::as_str).collect();
        let figment = figment.merge(
            Env::prefixed(ENV_PREFIX)
                .split(ENV_SPLIT)
                .ignore(NOT_SETTINGS)
                .ignore(&file_keys),
        );
        // `KAKEIBO_DATABASE__URL_FILE=/run/secrets/…`: secrets from files, after the rest.
        secret_files::merge(figment)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let url = url::Url::parse(self.database.url.expose_secret())
            .map_err(|e| ConfigError::Invalid(format!("database.url is not a URL: {e}")))?;
        if !matches!(url.scheme(), "postgres" | "postgresql") {
            return Err(ConfigError::Invalid(format!(
                "database.url must start with postgres://, not {}://",
                url.scheme()
            )));
        }
        if self.database.max_connections < 2 {
            return Err(ConfigError::Invalid(
                "database.max_connections must be at least 2".into(),
            ));
        }
        if self.worker.concurrency == 0 {
            return Err(ConfigError::Invalid(
                "worker.concurrency must be at least 1".into(),
            ));
        }
        url::Url::parse(&self.server.public_url).map_err(|e| {
            ConfigError::Invalid(format!(
                "server.public_url {:?} is not a URL: {e}",
                self.server.public_url
            ))
        })?;
        if !(60..=3600).contains(&self.auth.access_token_ttl_secs) {
            return Err(ConfigError::Invalid(format!(
                "auth.access_token_ttl_secs is {}; it must be between 60 and 3600",
                self.auth.access_token_ttl_secs
            )));
        }
        let smtp = self.email.smtp_url.expose_secret();
        let outbox = smtp.is_empty();
        if !(outbox || smtp.starts_with("smtp://") || smtp.starts_with("smtps://")) {
            return Err(ConfigError::Invalid(
                "email.smtp_url must start with smtp:// or smtps:// (or be empty for the outbox)"
                    .into(),
            ));
        }
        if !(1..=600).contains(&self.email.smtp_timeout_secs) {
            return Err(ConfigError::Invalid(
                "email.smtp_timeout_secs must be between 1 and 600".into(),
            ));
        }
        if self.email.dkim_key_file.is_some()
            && (self.email.dkim_selector.is_empty() || self.email.dkim_domain.is_empty())
        {
            return Err(ConfigError::Invalid(
                "email.dkim_key_file needs email.dkim_selector and email.dkim_domain".into(),
            ));
        }
        if !(1..=300).contains(&self.worker.heartbeat_secs) {
            return Err(ConfigError::Invalid(
                "worker.heartbeat_secs must be between 1 and 300".into(),
            ));
        }
        for (name, cron) in [
            ("worker.retention_cron", &self.worker.retention_cron),
            (
                "worker.insights_refresh_cron",
                &self.worker.insights_refresh_cron,
            ),
        ] {
            if cron.split_whitespace().count() != 6 {
                return Err(ConfigError::Invalid(format!(
                    "{name} {cron:?} needs six fields, seconds first"
                )));
            }
        }
        let weekly = &self.worker.weekly_summary_cron;
        if !weekly.is_empty() && weekly.split_whitespace().count() != 6 {
            return Err(ConfigError::Invalid(format!(
                "worker.weekly_summary_cron {weekly:?} needs six fields, seconds first (or empty for none)"
            )));
        }
        if !(1..=168).contains(&self.bank.sync_interval_hours) {
            return Err(ConfigError::Invalid(
                "bank.sync_interval_hours must be between 1 and 168".into(),
            ));
        }
        for (name, base) in [
            ("bank.plaid.base_url", &self.bank.plaid.base_url),
            ("bank.gocardless.base_url", &self.bank.gocardless.base_url),
        ] {
            url::Url::parse(base)
                .map_err(|e| ConfigError::Invalid(format!("{name} {base:?} is not a URL: {e}")))?;
        }
        self.validate_llm()?;
        self.validate_telegram()?;
        self.validate_telemetry()?;
        let threshold = self.categorizer.confidence_threshold;
        if !(0.0..=1.0).contains(&threshold) {
            return Err(ConfigError::Invalid(format!(
                "categorizer.confidence_threshold {threshold} must be between 0 and 1"
            )));
        }
        Ok(())
    }

    fn validate_telemetry(&self) -> Result<(), ConfigError> {
        let t = &self.telemetry;
        if !t.otlp_endpoint.is_empty() {
            let url = url::Url::parse(&t.otlp_endpoint).map_err(|e| {
                ConfigError::Invalid(format!(
                    "telemetry.otlp_endpoint {:?} is not a URL: {e}",
                    t.otlp_endpoint
                ))
            })?;
            if !matches!(url.scheme(), "http" | "https") {
                return Err(ConfigError::Invalid(format!(
                    "telemetry.otlp_endpoint must start with http:// or https:// (OTLP over HTTP), not {}://",
                    url.scheme()
                )));
            }
        }
        if !(0.0..=1.0).contains(&t.sample_ratio) {
            return Err(ConfigError::Invalid(format!(
                "telemetry.sample_ratio {} must be between 0 and 1",
                t.sample_ratio
            )));
        }
        if t.service_name.trim().is_empty() {
            return Err(ConfigError::Invalid(
                "telemetry.service_name must not be empty".into(),
            ));
        }
        Ok(())
    }

    fn validate_telegram(&self) -> Result<(), ConfigError> {
        let telegram = &self.telegram;
        if !telegram.enabled() {
            return Ok(());
        }
        let url = url::Url::parse(&telegram.api_url).map_err(|e| {
            ConfigError::Invalid(format!(
                "telegram.api_url {:?} is not a URL: {e}",
                telegram.api_url
            ))
        })?;
        if !matches!(url.scheme(), "http" | "https") || telegram.api_url.ends_with('/') {
            return Err(ConfigError::Invalid(
                "telegram.api_url must start with http:// or https:// and have no trailing slash"
                    .into(),
            ));
        }
        let username = &telegram.bot_username;
        if username.is_empty()
            || username.starts_with('@')
            || !username
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Err(ConfigError::Invalid(
                "telegram.bot_username must be the bot's username without the @ (set it with telegram.bot_token)".into(),
            ));
        }
        let secret = telegram.webhook_secret.expose_secret();
        if telegram.mode == TelegramMode::Webhook
            && (secret.is_empty()
                || secret.len() > 256
                || !secret
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        {
            return Err(ConfigError::Invalid(
                "telegram.webhook_secret must be 1 to 256 of A-Z a-z 0-9 _ - in webhook mode"
                    .into(),
            ));
        }
        if telegram.messages_per_minute == 0 {
            return Err(ConfigError::Invalid(
                "telegram.messages_per_minute must be at least 1".into(),
            ));
        }
        Ok(())
    }

    fn validate_llm(&self) -> Result<(), ConfigError> {
        let llm = &self.llm;
        if !llm.base_url.is_empty() {
            let url = url::Url::parse(&llm.base_url).map_err(|e| {
                ConfigError::Invalid(format!("llm.base_url {:?} is not a URL: {e}", llm.base_url))
            })?;
            if !matches!(url.scheme(), "http" | "https") {
                return Err(ConfigError::Invalid(
                    "llm.base_url must start with http:// or https://".into(),
                ));
            }
        }
        if llm.timeout_secs == 0 || llm.deadline_secs < llm.timeout_secs {
            return Err(ConfigError::Invalid(
                "llm.timeout_secs must be at least 1 and llm.deadline_secs at least as long".into(),
            ));
        }
        if !(2..=10).contains(&llm.ask_rounds) || llm.ask_deadline_secs == 0 {
            return Err(ConfigError::Invalid(
                "llm.ask_rounds must be 2 to 10 and llm.ask_deadline_secs at least 1".into(),
            ));
        }
        if llm.max_retries > 10 {
            return Err(ConfigError::Invalid(
                "llm.max_retries must be at most 10".into(),
            ));
        }
        for (model, price) in &llm.prices {
            if price.prompt_per_million.is_sign_negative()
                || price.completion_per_million.is_sign_negative()
            {
                return Err(ConfigError::Invalid(format!(
                    "llm.prices.{model}: prices cannot be negative"
                )));
            }
        }
        Ok(())
    }

    /// `host:port/db` of the database, without credentials: safe to log and to print.
    pub fn database_display(&self) -> String {
        match url::Url::parse(self.database.url.expose_secret()) {
            Ok(u) => format!(
                "{}:{}{}",
                u.host_str().unwrap_or("?"),
                u.port().unwrap_or(5432),
                u.path()
            ),
            Err(_) => "<unparseable url>".into(),
        }
    }
}

trait ExtractAndValidate {
    fn extract_and_validate(self) -> Result<Settings, ConfigError>;
}

impl ExtractAndValidate for Figment {
    fn extract_and_validate(self) -> Result<Settings, ConfigError> {
        let settings: Settings = self.extract().map_err(|e| {
            let first = e.into_iter().next().map(|e| describe(&e));
            ConfigError::Invalid(first.unwrap_or_else(|| "unknown error".into()))
        })?;
        settings.validate()?;
        Ok(settings)
    }
}

/// `server.port: invalid type: … (set by KAKEIBO_SERVER__PORT)`: the key as the reference
/// spells it, and the exact variable or file the bad value came from.
fn describe(error: &figment::Error) -> String {
    let key = error.path.join(".").to_lowercase();
    let origin = error.metadata.as_ref().map(|meta| {
        match &meta.source {
            Some(figment::Source::File(path)) => format!("in {}", path.display()),
            // figment's own interpolation prints `SERVER.PORT`; name the variable itself.
            _ if meta.name.contains("environment") => {
                format!(
                    "set by {ENV_PREFIX}{}",
                    error.path.join(ENV_SPLIT).to_uppercase()
                )
            }
            _ => format!("from {}", meta.name),
        }
    });
    let what = error.kind.to_string();
    match (key.is_empty(), origin) {
        (false, Some(origin)) => format!("{key}: {what} ({origin})"),
        (false, None) => format!("{key}: {what}"),
        (true, Some(origin)) => format!("{what} ({origin})"),
        (true, None) => what,
    }
}

#[cfg(test)]
// figment's `Jail` closures return its own (large) error type.
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;

    #[test]
    fn only_a_model_on_this_machine_needs_no_consent() {
        for local in [
            "http://localhost:11434/v1",
            "http://LOCALHOST./v1",
            "http://127.0.0.1:8000/v1",
            "http://127.8.9.10/v1",
            "http://[::1]:8080/v1",
        ] {
            assert!(is_loopback_url(local), "{local}");
        }
        for away in [
            "https://api.openai.com/v1",
            "http://192.168.1.20:11434/v1",
            "http://10.0.0.2/v1",
            "http://localhost.example.com/v1",
            "not a url",
            "",
        ] {
            assert!(!is_loopback_url(away), "{away}");
        }
        let mut llm = Settings::default().llm;
        llm.base_url = "http://127.0.0.1:9/v1".into();
        assert!(!llm.needs_consent());
        llm.consent = LlmConsentPolicy::Required;
        assert!(llm.needs_consent());
        llm.base_url = "https://api.openai.com/v1".into();
        llm.consent = LlmConsentPolicy::NotRequired;
        assert!(!llm.needs_consent());
        llm.consent = LlmConsentPolicy::Auto;
        assert!(llm.needs_consent());
    }

    #[test]
    fn env_overrides_file_overrides_defaults() {
        figment::Jail::expect_with(|jail| {
            jail.clear_env();
            jail.create_file(
                "k.toml",
                "[server]\nport = 9000\n[log]\nformat = \"json\"\n",
            )?;
            jail.set_env("KAKEIBO_SERVER__PORT", "9100");
            let s = Settings::load(Some(Path::new("k.toml"))).map_err(|e| e.to_string())?;
            assert_eq!(s.server.port, 9100);
            assert_eq!(s.log.format, LogFormat::Json);
            assert_eq!(s.database.max_connections, 20);
            Ok(())
        });
    }

    #[test]
    fn telemetry_is_off_by_default_and_its_settings_are_checked() {
        let defaults = Settings::default();
        assert!(defaults.telemetry.otlp_endpoint.is_empty());
        defaults.validate().unwrap();
        figment::Jail::expect_with(|jail| {
            jail.clear_env();
            jail.set_env("KAKEIBO_TELEMETRY__OTLP_ENDPOINT", "http://collector:4318");
            jail.set_env("KAKEIBO_TELEMETRY__WORKER_METRICS_PORT", "9464");
            let s = Settings::load(None).map_err(|e| e.to_string())?;
            assert_eq!(s.telemetry.otlp_endpoint, "http://collector:4318");
            assert_eq!(s.telemetry.worker_metrics_port, Some(9464));
            for (key, value, expected) in [
                (
                    "KAKEIBO_TELEMETRY__OTLP_ENDPOINT",
                    "grpc://collector:4317",
                    "http:// or https://",
                ),
                (
                    "KAKEIBO_TELEMETRY__OTLP_ENDPOINT",
                    "not a url",
                    "is not a URL",
                ),
                ("KAKEIBO_TELEMETRY__SAMPLE_RATIO", "1.5", "between 0 and 1"),
            ] {
                jail.clear_env();
                jail.set_env(key, value);
                let err = Settings::load(None).unwrap_err().to_string();
                assert!(err.contains(expected), "{value}: {err}");
            }
            Ok(())
        });
    }

    #[test]
    fn malformed_value_names_the_key_and_source() {
        figment::Jail::expect_with(|jail| {
            jail.clear_env();
            jail.set_env("KAKEIBO_SERVER__PORT", "eighty");
            let err = Settings::load(None).unwrap_err().to_string();
            assert!(err.contains("port"), "{err}");
            assert!(err.contains("KAKEIBO_SERVER__PORT"), "{err}");
            assert!(!err.contains('\n'), "one line: {err}");
            Ok(())
        });
    }

    #[test]
    fn variables_of_the_cli_and_deploy_scripts_are_not_settings() {
        figment::Jail::expect_with(|jail| {
            jail.clear_env();
            jail.set_env("KAKEIBO_CONFIG", "elsewhere.toml");
            jail.set_env("KAKEIBO_PG_PORT", "55440");
            jail.set_env("KAKEIBO_SERVER__PORT", "9100");
            let s = Settings::load(None).map_err(|e| e.to_string())?;
            assert_eq!(s.server.port, 9100);
            jail.set_env("KAKEIBO_SERVER_PORT", "9200");
            let err = Settings::load(None).unwrap_err().to_string();
            assert!(
                err.contains("KAKEIBO_SERVER_PORT"),
                "a typo is named: {err}"
            );
            Ok(())
        });
    }

    #[test]
    fn unknown_key_is_rejected() {
        figment::Jail::expect_with(|jail| {
            jail.clear_env();
            jail.create_file("k.toml", "[server]\nprot = 9000\n")?;
            let err = Settings::load(Some(Path::new("k.toml")))
                .unwrap_err()
                .to_string();
            assert!(err.contains("prot"), "{err}");
            Ok(())
        });
    }

    #[test]
    fn database_url_is_redacted_in_debug() {
        let mut s = Settings::default();
        s.database.url = SecretString::from("postgres://u:hunter2@db:5432/k");
        let shown = format!("{s:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert_eq!(s.database_display(), "db:5432/k");
    }

    /// Issue 25 §5: every secret setting, from the environment or a `_FILE`, stays out of
    /// `{:?}` and out of the errors that name the setting.
    #[test]
    fn no_secret_reaches_debug_or_a_config_error() {
        let secrets = [
            (
                "KAKEIBO_DATABASE__URL",
                "postgres://k:db-pass-0x1@db:5432/k",
                "db-pass-0x1",
            ),
            (
                "KAKEIBO_DATABASE__REPLICA_URL",
                "postgres://k:replica-pass-0x2@r/k",
                "replica-pass-0x2",
            ),
            (
                "KAKEIBO_EMAIL__SMTP_URL",
                "smtps://mailer:smtp-pass-0x3@mx:465",
                "smtp-pass-0x3",
            ),
            (
                "KAKEIBO_BANK__PLAID__SECRET",
                "plaid-secret-0x4",
                "plaid-secret-0x4",
            ),
            (
                "KAKEIBO_BANK__GOCARDLESS__SECRET_KEY",
                "gc-key-0x5",
                "gc-key-0x5",
            ),
            ("KAKEIBO_LLM__API_KEY", "sk-openai-0x6", "sk-openai-0x6"),
            (
                "KAKEIBO_TELEGRAM__BOT_TOKEN",
                "123456:telegram-token-0x7",
                "telegram-token-0x7",
            ),
        ];
        figment::Jail::expect_with(|jail| {
            jail.clear_env();
            for (name, value, _) in secrets {
                jail.set_env(name, value);
            }
            jail.set_env("KAKEIBO_TELEGRAM__BOT_USERNAME", "kakeibo_bot");
            jail.set_env("KAKEIBO_TELEGRAM__MODE", "webhook");
            jail.create_file("webhook-secret", "webhook-secret-0x8\n")?;
            jail.set_env("KAKEIBO_TELEGRAM__WEBHOOK_SECRET_FILE", "webhook-secret");
            let s = Settings::load(None).map_err(|e| e.to_string())?;
            assert_eq!(
                s.telegram.webhook_secret.expose_secret(),
                "webhook-secret-0x8"
            );
            assert_eq!(s.bank.plaid.secret.expose_secret(), "plaid-secret-0x4");
            for shown in [format!("{s:?}"), format!("{s:#?}")] {
                for (_, _, secret) in secrets {
                    assert!(!shown.contains(secret), "{secret} in {shown}");
                }
                assert!(!shown.contains("webhook-secret-0x8"), "{shown}");
            }

            // Refused values: the error names the setting, never its value.
            jail.set_env("KAKEIBO_DATABASE__URL", "mysql://k:db-pass-0x1@db/k");
            let err = Settings::load(None).unwrap_err().to_string();
            assert!(
                err.contains("database.url") && !err.contains("db-pass-0x1"),
                "{err}"
            );
            jail.set_env("KAKEIBO_DATABASE__URL", "postgres://k:db-pass-0x1@db/k");
            jail.set_env("KAKEIBO_EMAIL__SMTP_URL", "http://mailer:smtp-pass-0x3@mx");
            let err = Settings::load(None).unwrap_err().to_string();
            assert!(
                err.contains("smtp_url") && !err.contains("smtp-pass-0x3"),
                "{err}"
            );
            Ok(())
        });
    }

    #[test]
    fn llm_prices_come_from_the_file_as_decimals() {
        figment::Jail::expect_with(|jail| {
            jail.clear_env();
            jail.create_file(
                "k.toml",
                "[llm]\nbase_url = \"http://localhost:11434/v1\"\nchat_model = \"m\"\n\
                 [llm.prices.m]\nprompt_per_million = \"0.15\"\ncompletion_per_million = 0.6\n",
            )?;
            jail.set_env("KAKEIBO_LLM__API_KEY", "sk-secret");
            let s = Settings::load(Some(Path::new("k.toml"))).map_err(|e| e.to_string())?;
            assert!(s.llm.chat_enabled());
            assert!(!s.llm.embeddings_enabled());
            let price = &s.llm.prices["m"];
            assert_eq!(price.prompt_per_million, Decimal::new(15, 2));
            assert_eq!(price.completion_per_million, Decimal::new(6, 1));
            assert!(!format!("{s:?}").contains("sk-secret"));
            Ok(())
        });
    }

    #[test]
    fn telegram_needs_its_username_and_a_webhook_secret() {
        let mut s = Settings::default();
        assert!(!s.telegram.enabled());
        s.telegram.bot_token = SecretString::from("123:abc");
        assert!(
            s.validate()
                .unwrap_err()
                .to_string()
                .contains("bot_username")
        );
        s.telegram.bot_username = "kakeibo_bot".into();
        s.validate().unwrap();
        s.telegram.mode = TelegramMode::Webhook;
        assert!(
            s.validate()
                .unwrap_err()
                .to_string()
                .contains("webhook_secret")
        );
        s.telegram.webhook_secret = SecretString::from("s3cret_token-1");
        s.validate().unwrap();
        assert!(!format!("{s:?}").contains("123:abc"));
        assert!(!format!("{s:?}").contains("s3cret_token"));
    }

    #[test]
    fn no_llm_by_default() {
        let s = Settings::default();
        assert!(!s.llm.chat_enabled() && !s.llm.embeddings_enabled());
        s.validate().unwrap();
    }

    #[test]
    fn non_postgres_url_is_rejected() {
        let mut s = Settings::default();
        s.database.url = SecretString::from("mysql://x@y/z");
        assert!(
            s.validate()
                .unwrap_err()
                .to_string()
                .contains("postgres://")
        );
    }
}
