//! The chat model the settings name, built once per process and shared by the jobs that
//! use it (the categorizer's LLM step, the insights' wording).

use std::sync::Arc;

use kakeibo_core::config::LlmSettings;

use crate::{ChatModel, LlmError, OpenAiClient};

/// `None` inside when no chat model is configured (then everything runs without one).
#[derive(Clone, Default)]
pub struct ConfiguredChat(Option<Arc<dyn ChatModel>>);

impl ConfiguredChat {
    pub fn from_settings(settings: &LlmSettings, pool: sqlx::PgPool) -> Result<Self, LlmError> {
        if !settings.chat_enabled() {
            return Ok(Self(None));
        }
        Ok(Self(
            OpenAiClient::from_settings(settings, pool)?
                .map(|client| Arc::new(client) as Arc<dyn ChatModel>),
        ))
    }

    pub fn get(&self) -> Option<&dyn ChatModel> {
        self.0.as_deref()
    }
}
