//! Sending as Telegram wants it: HTML parse mode, split at 4,096 characters, each part in
//! its rate-limit slot, a short 429 waited out once.

use std::time::Duration;

use teloxide::RequestError;
use teloxide::payloads::{EditMessageTextSetters, SendMessageSetters};
use teloxide::prelude::Requester;
use teloxide::types::{ChatId, InlineKeyboardMarkup, Message, MessageId, ParseMode};

use crate::{BotContext, format};

/// A `retry_after` up to this is waited out here; a longer one goes back to the caller.
pub const MAX_INLINE_WAIT: Duration = Duration::from_secs(10);

/// Why a send did not happen.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error(transparent)]
    Telegram(#[from] RequestError),
    /// The chat's (or the bot's) next free slot is further off than the caller would wait.
    #[error("the rate limits leave no slot for {0:?}")]
    Busy(Duration),
}

/// Sends `html` to the chat, split as needed; the keyboard goes with the last part. Waits
/// for its rate-limit slots however far off they are (a reply to the person writing).
pub async fn send_html(
    ctx: &BotContext,
    chat_id: i64,
    html: &str,
    keyboard: Option<InlineKeyboardMarkup>,
) -> Result<Vec<Message>, RequestError> {
    match send_html_within(ctx, chat_id, html, keyboard, None).await {
        Ok(sent) => Ok(sent),
        Err(SendError::Telegram(e)) => Err(e),
        Err(SendError::Busy(_)) => unreachable!("no limit on the wait"),
    }
}

/// [`send_html`], but when the first part's slot is more than `max_wait` off nothing is
/// sent and the answer is `Busy` with the wait.
pub async fn send_html_within(
    ctx: &BotContext,
    chat_id: i64,
    html: &str,
    keyboard: Option<InlineKeyboardMarkup>,
    max_wait: Option<Duration>,
) -> Result<Vec<Message>, SendError> {
    let parts = format::split(html);
    let last = parts.len().saturating_sub(1);
    let mut sent = Vec::new();
    for (n, part) in parts.into_iter().enumerate() {
        let markup = if n == last { keyboard.clone() } else { None };
        // Once a part is out, the rest follow whatever the wait: half a message is worse.
        let max_wait = if n == 0 { max_wait } else { None };
        sent.push(send_one(ctx, chat_id, &part, markup, max_wait).await?);
    }
    Ok(sent)
}

async fn send_one(
    ctx: &BotContext,
    chat_id: i64,
    html: &str,
    keyboard: Option<InlineKeyboardMarkup>,
    max_wait: Option<Duration>,
) -> Result<Message, SendError> {
    let mut waited = false;
    loop {
        match max_wait {
            Some(max_wait) => ctx
                .limiter
                .wait_turn_within(chat_id, max_wait)
                .await
                .map_err(SendError::Busy)?,
            None => ctx.limiter.wait_turn(chat_id).await,
        }
        let mut request = ctx
            .bot
            .send_message(ChatId(chat_id), html)
            .parse_mode(ParseMode::Html);
        if let Some(keyboard) = &keyboard {
            request = request.reply_markup(keyboard.clone());
        }
        match request.await {
            Err(RequestError::RetryAfter(seconds))
                if !waited && seconds.duration() <= MAX_INLINE_WAIT =>
            {
                tracing::info!(chat_id, retry_after = ?seconds.duration(), "Telegram asked to wait");
                ctx.limiter.hold_chat(chat_id, seconds.duration());
                waited = true;
            }
            other => return Ok(other?),
        }
    }
}

/// Replaces a message's text and keyboard (an edit is no new message: no rate slot).
pub async fn edit_html(
    ctx: &BotContext,
    chat_id: i64,
    message_id: i32,
    html: &str,
    keyboard: Option<InlineKeyboardMarkup>,
) -> Result<(), RequestError> {
    let mut request = ctx
        .bot
        .edit_message_text(ChatId(chat_id), MessageId(message_id), html)
        .parse_mode(ParseMode::Html);
    if let Some(keyboard) = keyboard {
        request = request.reply_markup(keyboard);
    }
    request.await.map(|_| ())
}
