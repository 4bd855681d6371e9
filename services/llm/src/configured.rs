//! The chat model the settings name, built once per process and shared by the jobs that
//! use it (the categorizer's LLM step, the insights' wording, the ask engine).

use std::sync::Arc;

use kakeibo_core::config::LlmSettings;

use crate::{ChatModel, LlmError, OpenAiClient};

/// The model (`None` when none is configured: then everything runs without one), and
/// whether a user's data may go to it only with their consent (it runs off this machine).
#[derive(Clone, Default)]
pub struct ConfiguredChat {
    model: Option<Arc<dyn ChatModel>>,
    needs_consent: bool,
}

impl ConfiguredChat {
    pub fn from_settings(settings: &LlmSettings, pool: sqlx::PgPool) -> Result<Self, LlmError> {
        if !settings.chat_enabled() {
            return Ok(Self::default());
        }
        Ok(Self {
            model: OpenAiClient::from_settings(settings, pool)?
                .map(|client| Arc::new(client) as Arc<dyn ChatModel>),
            needs_consent: settings.needs_consent(),
        })
    }

    /// A model given directly (tests, evaluations), with its consent rule.
    pub fn with_model(model: Arc<dyn ChatModel>, needs_consent: bool) -> Self {
        Self {
            model: Some(model),
            needs_consent,
        }
    }

    /// The model, for work that carries no user's data (evaluations on throwaway users).
    pub fn get(&self) -> Option<&dyn ChatModel> {
        self.model.as_deref()
    }

    /// Whether asking `for_user` needs the user's consent first (a model that runs off this
    /// machine); callers look the consent up only then.
    pub fn needs_consent(&self) -> bool {
        self.model.is_some() && self.needs_consent
    }

    /// The model for one user's data: none when it runs off this machine and the user has
    /// not consented (issue 23), so their requests take the offline paths.
    pub fn for_user(&self, consented: bool) -> Option<&dyn ChatModel> {
        if self.needs_consent && !consented {
            None
        } else {
            self.get()
        }
    }
}
