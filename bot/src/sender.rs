//! `TelegramSender`: how notifications reach a user's linked chat. It formats the alerts
//! (HTML, escaped), splits at 4,096 characters, adds the review buttons to transaction
//! alerts, keeps Telegram's rates (1 message a second per chat, 30 overall), and tells the
//! deliverer what a failure means: wait (429), retry (5xx, network) or give up (blocked).

use kakeibo_core::chat::{ChatDelivered, ChatError, ChatMessage, ChatResult, ChatSender};
use kakeibo_core::{Settings, StartupError};
use kakeibo_notifications::kinds;
use sqlx::PgPool;
use teloxide::{ApiError, RequestError};
use uuid::Uuid;

use crate::format::{bold, escape};
use crate::send::{SendError, send_html_within};
use crate::words::Words;
use crate::{BotContext, keyboards, links};

/// Alert kinds about one transaction: they get buttons.
const TRANSACTION_KINDS: [&str; 2] = [kinds::LARGE_TRANSACTION, kinds::UNCATEGORIZED_TRANSACTION];

/// The longest an alert waits here for its rate-limit slot; past it the deliverer is told to
/// retry then (its claim on the rows is a lease of minutes, not to be spent waiting).
const MAX_QUEUE_WAIT: std::time::Duration = std::time::Duration::from_secs(20);

#[derive(Clone)]
pub struct TelegramSender {
    ctx: BotContext,
}

impl TelegramSender {
    pub fn new(ctx: BotContext) -> Self {
        Self { ctx }
    }

    /// `None` without a bot token.
    pub fn from_settings(settings: &Settings, db: PgPool) -> Result<Option<Self>, StartupError> {
        Ok(BotContext::from_settings(settings, db)?.map(Self::new))
    }

    async fn deliver(&self, message: ChatMessage) -> Result<ChatDelivered, ChatError> {
        let ctx = &self.ctx;
        let mut conn = ctx.db.acquire().await.map_err(temporary)?;
        let Some(link) = links::link_of_user(&mut conn, message.user_id)
            .await
            .map_err(temporary)?
        else {
            return Ok(ChatDelivered::NotLinked);
        };
        // Several transactions in one message (held by quiet hours): numbered, one button
        // each, as /recent has them.
        let reviewable: Vec<Option<Uuid>> = message
            .alerts
            .iter()
            .map(|a| {
                TRANSACTION_KINDS
                    .contains(&a.kind.as_str())
                    .then(|| a.payload["transaction_id"].as_str()?.parse().ok())
                    .flatten()
            })
            .collect();
        let targets: Vec<Uuid> = reviewable.iter().flatten().copied().collect();
        let numbered = targets.len() > 1;
        let mut number = 0;
        let text = message
            .alerts
            .iter()
            .zip(&reviewable)
            .map(|(a, target)| {
                let title = match target {
                    Some(_) if numbered => {
                        number += 1;
                        format!("{number}. {}", a.title)
                    }
                    _ => a.title.clone(),
                };
                format!("{}\n{}", bold(&title), escape(&a.body))
            })
            .collect::<Vec<_>>()
            .join("\n\n");
        let keyboard = match targets.as_slice() {
            [] => None,
            [one] => {
                let lang = ctx.language(message.user_id).await.map_err(temporary)?;
                Some(
                    keyboards::row_actions(
                        &mut conn,
                        link.chat_id,
                        message.user_id,
                        *one,
                        Words::new(lang),
                    )
                    .await
                    .map_err(temporary)?,
                )
            }
            many => Some(
                keyboards::numbered(&mut conn, link.chat_id, message.user_id, many)
                    .await
                    .map_err(temporary)?,
            ),
        };
        drop(conn);
        match send_html_within(ctx, link.chat_id, &text, keyboard, Some(MAX_QUEUE_WAIT)).await {
            Ok(_) => {}
            Err(SendError::Busy(wait)) => return Err(ChatError::RetryAfter(wait)),
            Err(SendError::Telegram(e)) => return Err(classify(e)),
        }
        Ok(ChatDelivered::Sent)
    }
}

impl ChatSender for TelegramSender {
    fn send(&self, message: ChatMessage) -> ChatResult<'_> {
        Box::pin(self.deliver(message))
    }
}

fn temporary(e: sqlx::Error) -> ChatError {
    ChatError::Temporary(e.into())
}

/// What a failed send means for the deliverer.
pub fn classify(e: RequestError) -> ChatError {
    match e {
        RequestError::RetryAfter(seconds) => ChatError::RetryAfter(seconds.duration()),
        // Refused connections, timeouts, and Telegram's front answering a 5xx page.
        RequestError::Network(_) | RequestError::InvalidJson { .. } | RequestError::Io(_) => {
            ChatError::Temporary(e.into())
        }
        RequestError::Api(ApiError::Unknown(ref description))
            if description.starts_with("Internal Server Error")
                || description.starts_with("Bad Gateway")
                || description.starts_with("Service Unavailable") =>
        {
            ChatError::Temporary(e.into())
        }
        // Blocked, chat gone, bad request, bad token: a retry sends the same thing again.
        RequestError::Api(_) | RequestError::MigrateToChatId(_) => ChatError::Permanent(e.into()),
    }
}
