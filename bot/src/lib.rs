//! kakeibo-bot — the Telegram bot: linking a chat to a user by a one-time code, commands,
//! questions answered by the ask engine, buttons that recategorize (teaching the
//! categorizer) and create rules, and `TelegramSender`, through which notifications reach
//! a linked chat within Telegram's rate limits.
//!
//! Owns the `telegram_*` tables; the money it shows is read through the ask engine's tools
//! and written through the transactions crate's functions.

pub mod buttons;
pub mod callbacks;
pub mod commands;
pub mod conversations;
pub mod format;
pub mod handler;
pub mod keyboards;
pub mod limits;
pub mod links;
pub mod links_api;
pub mod run;
pub mod send;
pub mod sender;
pub mod settings;
pub mod webhook;
pub mod words;
mod words_commands;

use std::sync::Arc;

use chrono::NaiveDate;
use kakeibo_categorizer::QueryEmbedder;
use kakeibo_core::{Settings, StartupError};
use kakeibo_llm::ConfiguredChat;
use secrecy::ExposeSecret;
use sqlx::PgPool;
use teloxide::Bot;
use utoipa_axum::router::OpenApiRouter;

pub use limits::Limiter;
pub use sender::TelegramSender;

/// The dashboard's endpoints, relative to `/api/v1` (the webhook is `webhook::router`).
pub fn router() -> OpenApiRouter<kakeibo_core::AppState> {
    links_api::router()
}

/// The Bot API client the settings ask for; `None` without a token.
pub fn client(settings: &Settings) -> Result<Option<Bot>, StartupError> {
    let telegram = &settings.telegram;
    if !telegram.enabled() {
        return Ok(None);
    }
    let url = telegram.api_url.parse().map_err(|e| {
        StartupError::Config(format!(
            "invalid configuration: telegram.api_url {:?}: {e}",
            telegram.api_url
        ))
    })?;
    Ok(Some(
        Bot::new(telegram.bot_token.expose_secret()).set_api_url(url),
    ))
}

/// What handling an update reads with.
#[derive(Clone)]
pub struct BotContext {
    pub bot: Bot,
    pub db: PgPool,
    pub settings: Arc<Settings>,
    /// Shared by every send of this process.
    pub limiter: Arc<Limiter>,
    /// The ask engine's query model (semantic search), loaded on first use.
    pub embedder: Option<QueryEmbedder>,
    /// The chat model the ask engine answers through, when one is configured.
    pub chat: ConfiguredChat,
    /// The user's "today" for tests with fixed dates; `None`: the user's today.
    pub today: Option<NaiveDate>,
}

impl BotContext {
    /// `None` without a token.
    pub fn from_settings(settings: &Settings, db: PgPool) -> Result<Option<Self>, StartupError> {
        let Some(bot) = client(settings)? else {
            return Ok(None);
        };
        let chat = ConfiguredChat::from_settings(&settings.llm, db.clone()).unwrap_or_else(|e| {
            tracing::error!(error = %e, "the chat model cannot be used; the bot's questions are answered offline");
            ConfiguredChat::default()
        });
        Ok(Some(Self {
            bot,
            db,
            embedder: Some(QueryEmbedder::local(settings.models_dir.clone())),
            settings: Arc::new(settings.clone()),
            limiter: Arc::new(Limiter::new()),
            chat,
            today: None,
        }))
    }

    /// The user's today (their time zone), or the fixed day of a test.
    pub async fn today(&self, user_id: uuid::Uuid) -> Result<NaiveDate, sqlx::Error> {
        if let Some(day) = self.today {
            return Ok(day);
        }
        let mut conn = self.db.acquire().await?;
        kakeibo_auth::local_time::today(&mut conn, user_id).await
    }

    /// The language amounts are written in for this user.
    pub async fn language(
        &self,
        user_id: uuid::Uuid,
    ) -> Result<kakeibo_ask::understand::Language, sqlx::Error> {
        let mut conn = self.db.acquire().await?;
        let locale = kakeibo_auth::profile::locale(&mut conn, user_id).await?;
        Ok(format::language(locale.as_deref().unwrap_or("en")))
    }
}
