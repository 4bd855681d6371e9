//! Alerts to a user's linked chat as the notification deliverer sees them. Notifications
//! decides what, when and to whom (preferences, quiet hours, the outbox); the transport
//! (Telegram, with its formatting, buttons and rate limits) lives in kakeibo-bot, which
//! implements [`ChatSender`]. The worker holds one when `telegram.bot_token` is set.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One notification, already worded in the user's language by notifications.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ChatAlert {
    pub notification_id: Uuid,
    /// The notification's kind (`kakeibo_notifications::kinds`), so the bot can add buttons.
    pub kind: String,
    /// Plain text; the transport escapes it for its own markup.
    pub title: String,
    pub body: String,
    /// The notification's payload as recorded (e.g. `transaction_id` for buttons).
    pub payload: serde_json::Value,
}

/// What goes out as one message: one alert, or several grouped (after quiet hours, or a
/// daily digest).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ChatMessage {
    pub user_id: Uuid,
    pub alerts: Vec<ChatAlert>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatDelivered {
    Sent,
    /// The user has no linked chat: nothing was sent, and retrying will not change that.
    NotLinked,
}

#[derive(Debug, thiserror::Error)]
pub enum ChatError {
    /// The chat service asked us to wait (Telegram's 429 `retry_after`).
    #[error("rate limited: retry after {0:?}")]
    RetryAfter(Duration),
    /// Worth retrying later: the service is down, a timeout, a 5xx.
    #[error("temporary failure: {0:#}")]
    Temporary(anyhow::Error),
    /// Retrying cannot help: the chat blocked the bot, the chat is gone, a 400.
    #[error("permanent failure: {0:#}")]
    Permanent(anyhow::Error),
}

pub type ChatResult<'a> =
    Pin<Box<dyn Future<Output = Result<ChatDelivered, ChatError>> + Send + 'a>>;

pub trait ChatSender: Send + Sync {
    fn send(&self, message: ChatMessage) -> ChatResult<'_>;
}
